//! Coverage of a user's library from the read model: per field, how many tracks have a value and which provider's
//! value counts.

use crossfade_domain::Coverage;
use sqlx::PgPool;

use crate::StoreError;

/// Which tracks of the library to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoveredTracks {
    Library,
    LikedSongs,
}

/// The coverage of `user_id`'s library (or liked songs).
pub async fn coverage(pool: &PgPool, user_id: i64, tracks: CoveredTracks) -> Result<Coverage, StoreError> {
    let liked_only = tracks == CoveredTracks::LikedSongs;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM track_facts WHERE user_id = $1 AND (NOT $2 OR liked_at IS NOT NULL)"#,
        user_id,
        liked_only,
    )
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query!(
        r#"SELECT s.key AS "field!", s.value AS "provider!", count(*) AS "count!"
           FROM track_facts f CROSS JOIN LATERAL jsonb_each_text(f.value_sources) AS s
           WHERE f.user_id = $1 AND (NOT $2 OR f.liked_at IS NOT NULL)
           GROUP BY 1, 2"#,
        user_id,
        liked_only,
    )
    .fetch_all(pool)
    .await?;
    Ok(Coverage::from_counts(
        total as u64,
        rows.iter().map(|row| (row.field.as_str(), row.provider.as_str(), row.count as u64)),
    ))
}
