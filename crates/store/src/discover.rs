//! What Discover reads: the installation's catalog as candidates (every track with something known of its sound,
//! with the installation's values, never a user's own files), the version of that catalog the jobs move on, and a
//! user's side from their read model: every track they know with its sound and its recent plays and skips, and the
//! order of one of their playlists.

use crossfade_domain::{DiscoverTrack, Key, LabelKey, artist_key};
use sqlx::PgPool;

use crate::StoreError;

/// A query row's sound values as Discover compares them: both queries read the same columns (the artists' names
/// under `$artists`), so one expansion serves both rows' types.
macro_rules! sound_of {
    ($row:ident, $artists:ident) => {
        DiscoverTrack {
            bpm: $row.tempo.map(f64::from),
            key: $row
                .key
                .zip($row.mode)
                .and_then(|(pitch, mode)| Key::from_numbers(pitch.into(), mode.into()).ok().flatten()),
            energy: $row.energy.map(f64::from),
            danceability: $row.danceability.map(f64::from),
            valence: $row.valence.map(f64::from),
            acousticness: $row.acousticness.map(f64::from),
            instrumentalness: $row.instrumentalness.map(f64::from),
            speechiness: $row.speechiness.map(f64::from),
            loudness: $row.loudness.map(f64::from),
            genres: $row.genres,
            label: $row.label_key.as_deref().and_then(|key| LabelKey::from_slug(key).ok()),
            artists: $row.$artists.iter().map(|name| artist_key(name)).collect(),
        }
    };
}

/// A catalog track Discover may recommend.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub track_id: String,
    pub sound: DiscoverTrack,
}

/// The catalog's version as the jobs last moved it on.
pub async fn catalog_version(pool: &PgPool) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar!("SELECT version FROM discover_catalog").fetch_one(pool).await?)
}

/// Says the catalog changed: a job calls it after committing new tracks or new values of their sound, so every
/// process rebuilds its candidates from what the job wrote.
pub async fn catalog_changed(pool: &PgPool) -> Result<(), StoreError> {
    sqlx::query!("UPDATE discover_catalog SET version = version + 1").execute(pool).await?;
    Ok(())
}

/// Every catalog track something is known of (its sound, genres or label, from the installation's providers), in
/// id order, with the catalog's version read before them: the tracks hold at least what that version says.
pub async fn candidates(pool: &PgPool) -> Result<(i64, Vec<Candidate>), StoreError> {
    let version = catalog_version(pool).await?;
    let rows = sqlx::query!(
        r#"SELECT t.spotify_id, e.tempo, e.key, e.mode, e.energy, e.danceability, e.valence, e.acousticness,
                  e.instrumentalness, e.speechiness, e.loudness, e.genres AS "genres!", e.label_key,
                  ARRAY(SELECT ar.name FROM track_artists ta JOIN artists ar ON ar.spotify_id = ta.artist_id
                        WHERE ta.track_id = t.spotify_id ORDER BY ta.position) AS "artists!"
           FROM tracks t
           JOIN effective_enrichment(NULL, ARRAY(SELECT spotify_id FROM tracks)) e ON e.track_id = t.spotify_id
           ORDER BY t.spotify_id"#
    )
    .fetch_all(pool)
    .await?;
    let candidates =
        rows.into_iter().map(|row| Candidate { sound: sound_of!(row, artists), track_id: row.spotify_id }).collect();
    Ok((version, candidates))
}

/// A track the user knows (in their library, or played), as their read model has it.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownTrack {
    pub track_id: String,
    /// The user's values, their own files' included.
    pub sound: DiscoverTrack,
    /// The track's plays and skips, each counted 2^(days after 2020-01-01 / 60): multiplied by the recency of
    /// 2020-01-01, each play counts by its own recency (migration `20261210000001_discover.sql`).
    pub played_since_2020: f64,
    pub skipped_since_2020: f64,
}

/// Every track `user_id` knows, in the order of their ids.
pub async fn known_tracks(pool: &PgPool, user_id: i64) -> Result<Vec<KnownTrack>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT track_id, played_recency, skipped_recency, tempo, key, mode, energy, danceability, valence,
                  acousticness, instrumentalness, speechiness, loudness, genres, label_key, artist_names
           FROM track_facts WHERE user_id = $1"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    let mut known: Vec<KnownTrack> = rows
        .into_iter()
        .map(|row| KnownTrack {
            sound: sound_of!(row, artist_names),
            track_id: row.track_id,
            played_since_2020: row.played_recency,
            skipped_since_2020: row.skipped_recency,
        })
        .collect();
    // In Rust's order of the ids, not the database's collation, so callers can search it.
    known.sort_unstable_by(|a, b| a.track_id.cmp(&b.track_id));
    Ok(known)
}

/// One of the user's playlists as a seed: its name and its tracks in the playlist's order (episodes and local
/// files left out). None when `user_id` has no playlist `spotify_id`.
pub async fn playlist_order(
    pool: &PgPool,
    user_id: i64,
    spotify_id: &str,
) -> Result<Option<(String, Vec<String>)>, StoreError> {
    let Some(found) =
        sqlx::query!("SELECT id, name FROM playlists WHERE user_id = $1 AND spotify_id = $2", user_id, spotify_id)
            .fetch_optional(pool)
            .await?
    else {
        return Ok(None);
    };
    let tracks = sqlx::query_scalar!(
        r#"SELECT track_id AS "track_id!" FROM playlist_items
           WHERE playlist_id = $1 AND track_id IS NOT NULL ORDER BY position"#,
        found.id
    )
    .fetch_all(pool)
    .await?;
    Ok(Some((found.name, tracks)))
}

/// What a recommendation shows of its track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownTrack {
    pub track_id: String,
    pub name: String,
    pub artists: Vec<String>,
    pub album: String,
    pub image_url: Option<String>,
    pub duration_ms: i32,
}

/// The catalog's names of `track_ids`, in no particular order; ids the catalog lacks are left out.
pub async fn shown_tracks(pool: &PgPool, track_ids: &[String]) -> Result<Vec<ShownTrack>, StoreError> {
    Ok(sqlx::query_as!(
        ShownTrack,
        r#"SELECT t.spotify_id AS track_id, t.name, t.duration_ms, al.name AS album, al.image_url,
                  ARRAY(SELECT ar.name FROM track_artists ta JOIN artists ar ON ar.spotify_id = ta.artist_id
                        WHERE ta.track_id = t.spotify_id ORDER BY ta.position) AS "artists!"
           FROM tracks t JOIN albums al ON al.spotify_id = t.album_id
           WHERE t.spotify_id = ANY ($1)"#,
        track_ids
    )
    .fetch_all(pool)
    .await?)
}
