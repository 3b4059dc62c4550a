//! Writing what one source said about some tracks: its features, genres, other words and label. A source's new word
//! on a track replaces everything it said about that track before (it may have dropped a genre). Providers' values
//! are the installation's (`user_id` NULL); a user's imported files are theirs alone.

use crossfade_domain::{AudioFeature, FeatureValues, GenreId, Provider, RecordLabel};
use sqlx::PgConnection;

use crate::StoreError;

/// What a source said about one track.
pub(crate) struct Said<'a> {
    pub track_id: &'a str,
    pub features: &'a FeatureValues,
    /// Genres of the hierarchy with weights summing to 1.
    pub genres: &'a [(GenreId, f64)],
    /// Other words with how many voted for each (1 where the source does not count).
    pub tags: Vec<(&'a str, u32)>,
    pub label: Option<&'a RecordLabel>,
}

/// Replaces what `provider` (for `user_id`, when the source is a user's file) said about the tracks of `said`.
pub(crate) async fn replace(
    tx: &mut PgConnection,
    provider: Provider,
    user_id: Option<i64>,
    said: &[Said<'_>],
) -> Result<(), StoreError> {
    let code = provider.code();
    let tracks: Vec<String> = said.iter().map(|one| one.track_id.to_owned()).collect();
    sqlx::query!(
        "DELETE FROM track_features WHERE provider = $1 AND user_id IS NOT DISTINCT FROM $2 AND track_id = ANY ($3)",
        code,
        user_id as Option<i64>,
        &tracks
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM track_genres WHERE provider = $1 AND user_id IS NOT DISTINCT FROM $2 AND track_id = ANY ($3)",
        code,
        user_id as Option<i64>,
        &tracks
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM track_source_tags WHERE provider = $1 AND user_id IS NOT DISTINCT FROM $2 AND track_id = ANY ($3)",
        code,
        user_id as Option<i64>,
        &tracks
    )
    .execute(&mut *tx)
    .await?;

    let features = FeatureColumns::of(said.iter().filter(|one| !one.features.is_empty()));
    sqlx::query!(
        "INSERT INTO track_features (track_id, provider, user_id, danceability, energy, valence, acousticness,
             instrumentalness, speechiness, liveness, loudness, tempo, gain, key, mode, time_signature, fetched_at)
         SELECT t.track_id, $1, $2, t.danceability, t.energy, t.valence, t.acousticness, t.instrumentalness,
             t.speechiness, t.liveness, t.loudness, t.tempo, t.gain, t.key, t.mode, t.time_signature, now()
         FROM UNNEST($3::text[], $4::real[], $5::real[], $6::real[], $7::real[], $8::real[], $9::real[],
             $10::real[], $11::real[], $12::real[], $13::real[], $14::smallint[], $15::smallint[], $16::smallint[])
             AS t (track_id, danceability, energy, valence, acousticness, instrumentalness, speechiness, liveness,
                   loudness, tempo, gain, key, mode, time_signature)",
        code,
        user_id as Option<i64>,
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
    for one in said {
        for (genre, weight) in one.genres {
            ids.push(one.track_id.to_owned());
            genres.push(genre.as_str().to_owned());
            weights.push(*weight as f32);
        }
    }
    sqlx::query!(
        "INSERT INTO track_genres (track_id, provider, user_id, genre, weight, fetched_at)
         SELECT t.track_id, $1, $2, t.genre, t.weight, now() FROM UNNEST($3::text[], $4::text[], $5::real[])
             AS t (track_id, genre, weight)",
        code,
        user_id as Option<i64>,
        &ids,
        &genres,
        &weights,
    )
    .execute(&mut *tx)
    .await?;

    let (mut ids, mut tags, mut votes) = (Vec::new(), Vec::new(), Vec::new());
    for one in said {
        for (tag, count) in &one.tags {
            ids.push(one.track_id.to_owned());
            tags.push((*tag).to_owned());
            votes.push(i32::try_from(*count).unwrap_or(i32::MAX).max(1));
        }
    }
    sqlx::query!(
        "INSERT INTO track_source_tags (track_id, provider, user_id, tag, votes, fetched_at)
         SELECT t.track_id, $1, $2, t.tag, t.votes, now() FROM UNNEST($3::text[], $4::text[], $5::integer[])
             AS t (track_id, tag, votes)
         ON CONFLICT DO NOTHING",
        code,
        user_id as Option<i64>,
        &ids,
        &tags,
        &votes,
    )
    .execute(&mut *tx)
    .await?;

    if provider.labels_come_with_runs() {
        sqlx::query!(
            "DELETE FROM track_labels WHERE provider = $1 AND user_id IS NOT DISTINCT FROM $2 AND track_id = ANY ($3)",
            code,
            user_id as Option<i64>,
            &tracks
        )
        .execute(&mut *tx)
        .await?;
        let labelled: Vec<(&str, &RecordLabel)> =
            said.iter().filter_map(|one| one.label.map(|label| (one.track_id, label))).collect();
        insert_labels(tx, code, user_id, &labelled).await?;
    }
    Ok(())
}

/// Adds what `code` (for `user_id`, when a user's file) says is the label of each track.
pub(crate) async fn insert_labels(
    tx: &mut PgConnection,
    code: &str,
    user_id: Option<i64>,
    labelled: &[(&str, &RecordLabel)],
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO track_labels (track_id, provider, user_id, name, label_key, fetched_at)
         SELECT t.track_id, $1, $2, t.name, t.label_key, now() FROM UNNEST($3::text[], $4::text[], $5::text[])
             AS t (track_id, name, label_key)",
        code,
        user_id as Option<i64>,
        &labelled.iter().map(|(id, _)| (*id).to_owned()).collect::<Vec<_>>(),
        &labelled.iter().map(|(_, label)| label.name().to_owned()).collect::<Vec<_>>(),
        &labelled.iter().map(|(_, label)| label.key().as_str().to_owned()).collect::<Vec<_>>(),
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// The features of the tracks as one array per column, for one `UNNEST` insert.
struct FeatureColumns {
    track_ids: Vec<String>,
    columns: [Vec<Option<f32>>; 10],
    keys: Vec<Option<i16>>,
    modes: Vec<Option<i16>>,
    time_signatures: Vec<Option<i16>>,
}

impl FeatureColumns {
    fn of<'a>(said: impl Iterator<Item = &'a Said<'a>>) -> Self {
        let mut columns = FeatureColumns {
            track_ids: Vec::new(),
            columns: Default::default(),
            keys: Vec::new(),
            modes: Vec::new(),
            time_signatures: Vec::new(),
        };
        for one in said {
            columns.track_ids.push(one.track_id.to_owned());
            for (column, feature) in columns.columns.iter_mut().zip(AudioFeature::ALL) {
                column.push(one.features.get(feature).map(|value| value as f32));
            }
            columns.keys.push(one.features.key.map(|key| i16::from(key.pitch_class())));
            columns.modes.push(one.features.key.map(|key| key.mode().number()));
            columns.time_signatures.push(one.features.time_signature);
        }
        columns
    }
}
