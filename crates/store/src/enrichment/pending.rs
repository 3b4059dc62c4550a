//! Which tracks a provider is still to be asked about: every catalog track some user's library holds, or that was
//! gathered for Discover (without values of its sound it never becomes a candidate), that the provider was never
//! asked about, or did not know when last asked longer ago than the re-check period. Providers that look tracks up
//! by ISRC only get tracks that have one (gathered tracks come from album track lists, which carry none).

use crossfade_domain::Provider;
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// A track to ask about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingTrack {
    pub track_id: String,
    pub isrc: Option<String>,
}

/// Up to `limit` tracks `provider` is still to be asked about, in id order (so successive runs walk the catalog).
/// Tracks asked since `run_started` are left out, so a run asks each track once however short the re-check period.
pub async fn pending_tracks(
    pool: &PgPool,
    provider: Provider,
    needs_isrc: bool,
    recheck_after_days: i32,
    run_started: OffsetDateTime,
    limit: i64,
) -> Result<Vec<PendingTrack>, StoreError> {
    let rows = sqlx::query!(
        "SELECT t.spotify_id, t.isrc FROM tracks t
         WHERE (EXISTS (SELECT FROM track_facts f WHERE f.track_id = t.spotify_id)
                OR EXISTS (SELECT FROM gathered_albums g WHERE g.album_id = t.album_id))
           AND (NOT $2 OR t.isrc IS NOT NULL)
           AND NOT EXISTS (SELECT FROM enrichment_checks c WHERE c.provider = $1 AND c.track_id = t.spotify_id
                           AND (c.found OR c.checked_at > now() - make_interval(days => $3) OR c.checked_at >= $4))
         ORDER BY t.spotify_id LIMIT $5",
        provider.code(),
        needs_isrc,
        recheck_after_days,
        run_started,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| PendingTrack { track_id: row.spotify_id, isrc: row.isrc }).collect())
}

/// How many tracks `provider` is still to be asked about.
pub async fn pending_count(
    pool: &PgPool,
    provider: Provider,
    needs_isrc: bool,
    recheck_after_days: i32,
) -> Result<i64, StoreError> {
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM tracks t
         WHERE (EXISTS (SELECT FROM track_facts f WHERE f.track_id = t.spotify_id)
                OR EXISTS (SELECT FROM gathered_albums g WHERE g.album_id = t.album_id))
           AND (NOT $2 OR t.isrc IS NOT NULL)
           AND NOT EXISTS (SELECT FROM enrichment_checks c WHERE c.provider = $1 AND c.track_id = t.spotify_id
                           AND (c.found OR c.checked_at > now() - make_interval(days => $3)))"#,
        provider.code(),
        needs_isrc,
        recheck_after_days,
    )
    .fetch_one(pool)
    .await?;
    Ok(count)
}
