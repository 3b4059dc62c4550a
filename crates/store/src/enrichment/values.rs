//! Writing what a provider answered for a round of tracks, in one transaction: the values found (replacing the
//! provider's earlier values of those tracks), the tracks it did not know, and the read model of every user who
//! holds them. A round interrupted before the commit is asked again in full; after it, never again.

use crossfade_domain::{AudioFeature, FeatureValues, GenreId, Provider, RecordLabel};
use sqlx::PgPool;

use crate::StoreError;

/// What a provider said about one track.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrackEnrichment {
    pub track_id: String,
    pub features: FeatureValues,
    /// Genres of the hierarchy with weights summing to 1 (empty when the provider named none).
    pub genres: Vec<(GenreId, f64)>,
    /// Other words the provider used, with how many voted for each (1 when the provider does not count).
    pub tags: Vec<(String, u32)>,
    pub label: Option<RecordLabel>,
    /// The provider's own id of the track, and of its album where it has one.
    pub external_id: Option<(String, Option<String>)>,
}

/// A round of answers from `provider`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Round {
    pub found: Vec<TrackEnrichment>,
    /// Tracks the provider did not know.
    pub missing: Vec<String>,
}

impl Round {
    pub fn is_empty(&self) -> bool {
        self.found.is_empty() && self.missing.is_empty()
    }
}

/// Writes `round` from `provider` (an installation-wide provider, not a file) in one transaction.
pub async fn write_round(pool: &PgPool, provider: Provider, round: &Round) -> Result<(), StoreError> {
    if round.is_empty() {
        return Ok(());
    }
    let code = provider.code();
    let mut tx = pool.begin().await?;
    let found: Vec<String> = round.found.iter().map(|track| track.track_id.clone()).collect();

    // The provider's earlier values of these tracks are replaced, not merged: it may have dropped a genre.
    sqlx::query!(
        "DELETE FROM track_features WHERE provider = $1 AND user_id IS NULL AND track_id = ANY ($2)",
        code,
        &found
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM track_genres WHERE provider = $1 AND user_id IS NULL AND track_id = ANY ($2)",
        code,
        &found
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM track_source_tags WHERE provider = $1 AND user_id IS NULL AND track_id = ANY ($2)",
        code,
        &found
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM track_labels WHERE provider = $1 AND user_id IS NULL AND track_id = ANY ($2)",
        code,
        &found
    )
    .execute(&mut *tx)
    .await?;

    let features = FeatureColumns::of(round.found.iter().filter(|t| !t.features.is_empty()));
    sqlx::query!(
        "INSERT INTO track_features (track_id, provider, danceability, energy, valence, acousticness,
             instrumentalness, speechiness, liveness, loudness, tempo, gain, key, mode, time_signature, fetched_at)
         SELECT t.*, now() FROM UNNEST($2::text[], $1::text[], $3::real[], $4::real[], $5::real[], $6::real[],
             $7::real[], $8::real[], $9::real[], $10::real[], $11::real[], $12::real[], $13::smallint[],
             $14::smallint[], $15::smallint[]) AS t",
        &vec![code.to_owned(); features.track_ids.len()],
        &features.track_ids,
        &features.columns[0] as &[Option<f32>],
        &features.columns[1] as &[Option<f32>],
        &features.columns[2] as &[Option<f32>],
        &features.columns[3] as &[Option<f32>],
        &features.columns[4] as &[Option<f32>],
        &features.columns[5] as &[Option<f32>],
        &features.columns[6] as &[Option<f32>],
        &features.columns[7] as &[Option<f32>],
        &features.columns[8] as &[Option<f32>],
        &features.columns[9] as &[Option<f32>],
        &features.keys as &[Option<i16>],
        &features.modes as &[Option<i16>],
        &features.time_signatures as &[Option<i16>],
    )
    .execute(&mut *tx)
    .await?;

    let (mut ids, mut genres, mut weights) = (Vec::new(), Vec::new(), Vec::new());
    for track in &round.found {
        for (genre, weight) in &track.genres {
            ids.push(track.track_id.clone());
            genres.push(genre.as_str().to_owned());
            weights.push(*weight as f32);
        }
    }
    sqlx::query!(
        "INSERT INTO track_genres (track_id, provider, genre, weight, fetched_at)
         SELECT t.track_id, $1, t.genre, t.weight, now() FROM UNNEST($2::text[], $3::text[], $4::real[])
             AS t (track_id, genre, weight)",
        code,
        &ids,
        &genres,
        &weights,
    )
    .execute(&mut *tx)
    .await?;

    let (mut ids, mut tags, mut votes) = (Vec::new(), Vec::new(), Vec::new());
    for track in &round.found {
        for (tag, count) in &track.tags {
            ids.push(track.track_id.clone());
            tags.push(tag.clone());
            votes.push(i32::try_from(*count).unwrap_or(i32::MAX).max(1));
        }
    }
    sqlx::query!(
        "INSERT INTO track_source_tags (track_id, provider, tag, votes, fetched_at)
         SELECT t.track_id, $1, t.tag, t.votes, now() FROM UNNEST($2::text[], $3::text[], $4::integer[])
             AS t (track_id, tag, votes)
         ON CONFLICT DO NOTHING",
        code,
        &ids,
        &tags,
        &votes,
    )
    .execute(&mut *tx)
    .await?;

    let labelled: Vec<(&String, &RecordLabel)> =
        round.found.iter().filter_map(|t| t.label.as_ref().map(|label| (&t.track_id, label))).collect();
    sqlx::query!(
        "INSERT INTO track_labels (track_id, provider, name, label_key, fetched_at)
         SELECT t.track_id, $1, t.name, t.label_key, now() FROM UNNEST($2::text[], $3::text[], $4::text[])
             AS t (track_id, name, label_key)",
        code,
        &labelled.iter().map(|(id, _)| (*id).clone()).collect::<Vec<_>>(),
        &labelled.iter().map(|(_, label)| label.name().to_owned()).collect::<Vec<_>>(),
        &labelled.iter().map(|(_, label)| label.key().as_str().to_owned()).collect::<Vec<_>>(),
    )
    .execute(&mut *tx)
    .await?;

    let linked: Vec<(&String, &(String, Option<String>))> =
        round.found.iter().filter_map(|t| t.external_id.as_ref().map(|id| (&t.track_id, id))).collect();
    sqlx::query!(
        "INSERT INTO track_provider_ids (track_id, provider, external_id, album_external_id)
         SELECT t.track_id, $1, t.external_id, t.album_id FROM UNNEST($2::text[], $3::text[], $4::text[])
             AS t (track_id, external_id, album_id)
         ON CONFLICT (track_id, provider) DO UPDATE
             SET external_id = EXCLUDED.external_id, album_external_id = EXCLUDED.album_external_id",
        code,
        &linked.iter().map(|(id, _)| (*id).clone()).collect::<Vec<_>>(),
        &linked.iter().map(|(_, (external, _))| external.clone()).collect::<Vec<_>>(),
        &linked.iter().map(|(_, (_, album))| album.clone()).collect::<Vec<_>>() as &[Option<String>],
    )
    .execute(&mut *tx)
    .await?;

    let checked: Vec<String> = found.iter().chain(&round.missing).cloned().collect();
    let known: Vec<bool> =
        std::iter::repeat_n(true, found.len()).chain(std::iter::repeat_n(false, round.missing.len())).collect();
    sqlx::query!(
        "INSERT INTO enrichment_checks (provider, track_id, found, checked_at)
         SELECT $1, t.track_id, t.found, now() FROM UNNEST($2::text[], $3::boolean[]) AS t (track_id, found)
         ON CONFLICT (provider, track_id) DO UPDATE SET found = EXCLUDED.found, checked_at = EXCLUDED.checked_at",
        code,
        &checked,
        &known,
    )
    .execute(&mut *tx)
    .await?;

    if !found.is_empty() {
        sqlx::query!("SELECT FROM refresh_track_facts_everywhere($1)", &found).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The features of a round as one array per column, for one `UNNEST` insert.
struct FeatureColumns {
    track_ids: Vec<String>,
    columns: [Vec<Option<f32>>; 10],
    keys: Vec<Option<i16>>,
    modes: Vec<Option<i16>>,
    time_signatures: Vec<Option<i16>>,
}

impl FeatureColumns {
    fn of<'a>(tracks: impl Iterator<Item = &'a TrackEnrichment>) -> Self {
        let mut columns = FeatureColumns {
            track_ids: Vec::new(),
            columns: Default::default(),
            keys: Vec::new(),
            modes: Vec::new(),
            time_signatures: Vec::new(),
        };
        for track in tracks {
            columns.track_ids.push(track.track_id.clone());
            for (column, feature) in columns.columns.iter_mut().zip(AudioFeature::ALL) {
                column.push(track.features.get(feature).map(|value| value as f32));
            }
            columns.keys.push(track.features.key.map(|key| i16::from(key.pitch_class())));
            columns.modes.push(track.features.key.map(|key| key.mode().number()));
            columns.time_signatures.push(track.features.time_signature);
        }
        columns
    }
}

/// An album a provider described (Deezer answers genres and label per album): kept so each is asked once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderAlbum {
    pub external_id: String,
    /// The provider's genre names, as it spells them.
    pub genres: Vec<String>,
    pub label: Option<String>,
}

/// The albums of `external_ids` that `provider` described before.
pub async fn known_albums(
    pool: &PgPool,
    provider: Provider,
    external_ids: &[String],
) -> Result<Vec<ProviderAlbum>, StoreError> {
    let rows = sqlx::query!(
        "SELECT external_id, genres, label FROM provider_albums WHERE provider = $1 AND external_id = ANY ($2)",
        provider.code(),
        external_ids,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ProviderAlbum { external_id: r.external_id, genres: r.genres, label: r.label })
        .collect())
}

/// Keeps albums `provider` described.
pub async fn remember_albums(pool: &PgPool, provider: Provider, albums: &[ProviderAlbum]) -> Result<(), StoreError> {
    for album in albums {
        sqlx::query!(
            "INSERT INTO provider_albums (provider, external_id, genres, label, fetched_at) VALUES ($1, $2, $3, $4, now())
             ON CONFLICT (provider, external_id) DO UPDATE
                 SET genres = EXCLUDED.genres, label = EXCLUDED.label, fetched_at = EXCLUDED.fetched_at",
            provider.code(),
            album.external_id,
            &album.genres,
            album.label,
        )
        .execute(pool)
        .await?;
    }
    Ok(())
}
