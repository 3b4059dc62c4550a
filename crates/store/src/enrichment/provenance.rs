//! Everything known about one track's sound, genres, tags and label for one user: the effective values the read
//! model holds (with the provider each came from) and every provider's own values with their fetch time, so the
//! track page can show where each value came from and what the others said.

use crossfade_domain::{AudioFeature, EnrichedField, FeatureValues, GenreId, GenreTree, Key, Provider};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// One provider's features of a track.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderFeatures {
    pub provider: Provider,
    pub values: FeatureValues,
    pub fetched_at: OffsetDateTime,
}

/// One provider's say on a track's genres, tags and label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProviderWords {
    pub genres: Vec<(GenreId, f64)>,
    pub tags: Vec<(String, i32)>,
    pub label: Option<String>,
}

/// A track's enrichment as one user sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrackProvenance {
    /// The values that count (the read model's), each field with the provider it came from.
    pub effective: FeatureValues,
    pub sources: Vec<(EnrichedField, Provider)>,
    /// Genres summed over every provider, heaviest first.
    pub genres: Vec<GenreId>,
    pub label: Option<(String, String)>,
    /// The user's own tags.
    pub tags: Vec<String>,
    pub features: Vec<ProviderFeatures>,
    pub words: Vec<(Provider, ProviderWords)>,
}

/// The enrichment of `track_id` for `user_id`; `None` when the track is not in the user's library.
pub async fn track_provenance(
    pool: &PgPool,
    user_id: i64,
    track_id: &str,
) -> Result<Option<TrackProvenance>, StoreError> {
    let Some(facts) = sqlx::query!(
        r#"SELECT danceability, energy, valence, acousticness, instrumentalness, speechiness, liveness, loudness,
                tempo, gain, key, mode, time_signature, genres, label, label_key, tags,
                ARRAY(SELECT s.key || '=' || s.value FROM jsonb_each_text(value_sources) AS s) AS "sources!"
         FROM track_facts WHERE user_id = $1 AND track_id = $2"#,
        user_id,
        track_id,
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let effective = feature_values(
        [
            facts.danceability,
            facts.energy,
            facts.valence,
            facts.acousticness,
            facts.instrumentalness,
            facts.speechiness,
            facts.liveness,
            facts.loudness,
            facts.tempo,
            facts.gain,
        ],
        facts.key,
        facts.mode,
        facts.time_signature,
    );
    let sources = facts
        .sources
        .iter()
        .filter_map(|pair| {
            let (field, provider) = pair.split_once('=')?;
            Some((EnrichedField::parse(field)?, Provider::parse(provider)?))
        })
        .collect();
    let tree = GenreTree::get();
    let genres = facts.genres.iter().filter_map(|slug| tree.parse_id(slug).ok()).collect();

    let features = sqlx::query!(
        "SELECT provider, danceability, energy, valence, acousticness, instrumentalness, speechiness, liveness,
                loudness, tempo, gain, key, mode, time_signature, fetched_at
         FROM track_features WHERE track_id = $1 AND (user_id IS NULL OR user_id = $2)
         ORDER BY provider",
        track_id,
        user_id,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|row| {
        Some(ProviderFeatures {
            provider: Provider::parse(&row.provider)?,
            values: feature_values(
                [
                    row.danceability,
                    row.energy,
                    row.valence,
                    row.acousticness,
                    row.instrumentalness,
                    row.speechiness,
                    row.liveness,
                    row.loudness,
                    row.tempo,
                    row.gain,
                ],
                row.key,
                row.mode,
                row.time_signature,
            ),
            fetched_at: row.fetched_at,
        })
    })
    .collect();

    let rows = sqlx::query!(
        r#"SELECT provider AS "provider!", kind AS "kind!", word AS "word!", weight AS "weight!"
           FROM (SELECT provider, 'genre' AS kind, genre AS word, weight::float8 AS weight FROM track_genres
                 WHERE track_id = $1 AND (user_id IS NULL OR user_id = $2)
                 UNION ALL
                 SELECT provider, 'tag', tag, votes::float8 FROM track_source_tags
                 WHERE track_id = $1 AND (user_id IS NULL OR user_id = $2)
                 UNION ALL
                 SELECT provider, 'label', name, 1 FROM track_labels
                 WHERE track_id = $1 AND (user_id IS NULL OR user_id = $2)) AS said
           ORDER BY provider, kind, weight DESC, word"#,
        track_id,
        user_id,
    )
    .fetch_all(pool)
    .await?;
    let mut words: Vec<(Provider, ProviderWords)> = Vec::new();
    for row in rows {
        let Some(provider) = Provider::parse(&row.provider) else { continue };
        if words.last().is_none_or(|(last, _)| *last != provider) {
            words.push((provider, ProviderWords::default()));
        }
        let Some((_, said)) = words.last_mut() else { continue };
        match row.kind.as_str() {
            "genre" => {
                if let Ok(genre) = tree.parse_id(&row.word) {
                    said.genres.push((genre, row.weight));
                }
            }
            "tag" => said.tags.push((row.word, row.weight as i32)),
            _ => said.label = Some(row.word),
        }
    }

    Ok(Some(TrackProvenance {
        effective,
        sources,
        genres,
        label: facts.label.zip(facts.label_key),
        tags: facts.tags,
        features,
        words,
    }))
}

/// Stored columns as checked values; a stored value is within range, so none is dropped in practice.
fn feature_values(
    columns: [Option<f32>; 10],
    key: Option<i16>,
    mode: Option<i16>,
    beats: Option<i16>,
) -> FeatureValues {
    let mut values = FeatureValues::default();
    for (feature, value) in AudioFeature::ALL.into_iter().zip(columns) {
        if let Some(value) = value {
            let _ = values.set(feature, f64::from(value));
        }
    }
    values.key =
        key.zip(mode).and_then(|(key, mode)| Key::from_numbers(i64::from(key), i64::from(mode)).ok().flatten());
    values.time_signature = beats;
    values
}
