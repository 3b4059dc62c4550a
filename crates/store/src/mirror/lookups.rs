//! What the catalog mirror still has to look up on Spotify: tracks a user's listening history names that were never
//! read (history imports make no Spotify call), and albums and artists known only by the short form a track carries
//! (no genres, label or popularity). Ids Spotify does not know are remembered, so each is asked for once.

use sqlx::PgPool;

use super::catalog::CatalogBatch;
use crate::StoreError;

/// The kind of a catalog id, as `catalog_misses` records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogKind {
    Track,
    Album,
    Artist,
}

impl CatalogKind {
    fn as_str(self) -> &'static str {
        match self {
            CatalogKind::Track => "track",
            CatalogKind::Album => "album",
            CatalogKind::Artist => "artist",
        }
    }
}

/// Up to `limit` ids of tracks `user_id`'s plays name that the catalog lacks and Spotify was not asked about yet,
/// most played first (they matter most on the dashboards).
pub async fn unknown_played_tracks(pool: &PgPool, user_id: i64, limit: i64) -> Result<Vec<String>, StoreError> {
    let ids = sqlx::query_scalar!(
        r#"SELECT heard.track_id AS "track_id!"
           FROM (SELECT track_id, count(*) AS plays FROM plays WHERE user_id = $1 AND track_id IS NOT NULL
                 GROUP BY track_id) AS heard
           WHERE NOT EXISTS (SELECT 1 FROM tracks t WHERE t.spotify_id = heard.track_id)
             AND NOT EXISTS (SELECT 1 FROM catalog_misses m WHERE m.kind = 'track' AND m.spotify_id = heard.track_id)
           ORDER BY heard.plays DESC, heard.track_id LIMIT $2"#,
        user_id,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(ids)
}

/// Up to `limit` ids of albums known only in their short form.
pub async fn albums_without_details(pool: &PgPool, limit: i64) -> Result<Vec<String>, StoreError> {
    let ids = sqlx::query_scalar!(
        "SELECT a.spotify_id FROM albums a
         WHERE a.details_fetched_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM catalog_misses m WHERE m.kind = 'album' AND m.spotify_id = a.spotify_id)
         ORDER BY a.spotify_id LIMIT $1",
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(ids)
}

/// Up to `limit` ids of artists known only by name.
pub async fn artists_without_details(pool: &PgPool, limit: i64) -> Result<Vec<String>, StoreError> {
    let ids = sqlx::query_scalar!(
        "SELECT a.spotify_id FROM artists a
         WHERE a.details_fetched_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM catalog_misses m WHERE m.kind = 'artist' AND m.spotify_id = a.spotify_id)
         ORDER BY a.spotify_id LIMIT $1",
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(ids)
}

/// Writes what a round of lookups found and remembers the ids Spotify did not know, in one transaction: a lookup
/// interrupted after this is never asked again, one interrupted before it is asked again in full.
pub async fn write_lookups(
    pool: &PgPool,
    found: &CatalogBatch,
    misses: &[(CatalogKind, String)],
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    found.write(&mut tx).await?;
    let kinds: Vec<String> = misses.iter().map(|(kind, _)| kind.as_str().to_owned()).collect();
    let ids: Vec<String> = misses.iter().map(|(_, id)| id.clone()).collect();
    sqlx::query!(
        "INSERT INTO catalog_misses (kind, spotify_id) SELECT * FROM UNNEST($1::text[], $2::text[])
         ON CONFLICT (kind, spotify_id) DO NOTHING",
        &kinds,
        &ids,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How much is still to be looked up: `user_id`'s unknown played tracks, and the catalog's albums and artists
/// without details.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outstanding {
    pub tracks: i64,
    pub albums: i64,
    pub artists: i64,
}

impl Outstanding {
    /// Whether nothing is left to look up.
    pub fn is_empty(&self) -> bool {
        self.tracks == 0 && self.albums == 0 && self.artists == 0
    }
}

/// What is left to look up, counted. The distinct tracks come from the plays index alone (about 0.2 s for a
/// million plays of 40,000 tracks), the rest from partial indexes.
pub async fn outstanding(pool: &PgPool, user_id: i64) -> Result<Outstanding, StoreError> {
    let row = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM (SELECT DISTINCT track_id FROM plays WHERE user_id = $1 AND track_id IS NOT NULL)
                   AS heard
              WHERE NOT EXISTS (SELECT 1 FROM tracks t WHERE t.spotify_id = heard.track_id)
                AND NOT EXISTS (SELECT 1 FROM catalog_misses m WHERE m.kind = 'track' AND m.spotify_id = heard.track_id))
               AS "tracks!",
             (SELECT count(*) FROM albums a WHERE a.details_fetched_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM catalog_misses m WHERE m.kind = 'album' AND m.spotify_id = a.spotify_id))
               AS "albums!",
             (SELECT count(*) FROM artists a WHERE a.details_fetched_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM catalog_misses m WHERE m.kind = 'artist' AND m.spotify_id = a.spotify_id))
               AS "artists!""#,
        user_id,
    )
    .fetch_one(pool)
    .await?;
    Ok(Outstanding { tracks: row.tracks, albums: row.albums, artists: row.artists })
}
