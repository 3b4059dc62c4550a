//! Collections' insights as last computed (table `collection_insights`), kept per user with the read-model version
//! they were computed at, so a dashboard whose inputs have not moved opens without reading and computing again.

use sqlx::PgPool;
use sqlx::types::JsonValue;
use time::OffsetDateTime;

use crate::StoreError;

/// How many of a user's collections a refresh recomputes: the ones viewed most recently.
pub const REFRESHED_PER_USER: i64 = 20;

/// The version of `user_id`'s read model (library_summary.version; 0 before anything was written).
pub async fn read_model_version(pool: &PgPool, user_id: i64) -> Result<i64, StoreError> {
    let version = sqlx::query_scalar!("SELECT version FROM library_summary WHERE user_id = $1", user_id)
        .fetch_optional(pool)
        .await?;
    Ok(version.unwrap_or(0))
}

/// `user_id`'s stored report of `collection` with when it was computed, if it was computed at the read model's
/// current version (marking it viewed); None when there is none or the read model has moved since.
pub async fn fresh_report(
    pool: &PgPool,
    user_id: i64,
    collection: &str,
) -> Result<Option<(OffsetDateTime, JsonValue)>, StoreError> {
    let row = sqlx::query!(
        r#"UPDATE collection_insights AS c SET viewed_at = now()
           FROM library_summary AS s
           WHERE c.user_id = $1 AND c.collection = $2 AND s.user_id = c.user_id AND s.version = c.version
           RETURNING c.computed_at, c.report"#,
        user_id,
        collection,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| (row.computed_at, row.report)))
}

/// Keeps `report` of `user_id`'s `collection`, computed from the read model at `version`.
pub async fn keep_report(
    pool: &PgPool,
    user_id: i64,
    collection: &str,
    version: i64,
    computed_at: OffsetDateTime,
    report: &JsonValue,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO collection_insights (user_id, collection, version, computed_at, viewed_at, report)
         VALUES ($1, $2, $3, $4, now(), $5)
         ON CONFLICT (user_id, collection) DO UPDATE SET
             version = EXCLUDED.version, computed_at = EXCLUDED.computed_at, report = EXCLUDED.report",
        user_id,
        collection,
        version,
        computed_at,
        report,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The collections of `user_id` whose stored reports the read model has moved past, most recently viewed first (at
/// most [`REFRESHED_PER_USER`]); older stale ones wait until someone opens them.
pub async fn stale_reports(pool: &PgPool, user_id: i64) -> Result<Vec<String>, StoreError> {
    let stale = sqlx::query_scalar!(
        "SELECT c.collection FROM collection_insights c
         LEFT JOIN library_summary s ON s.user_id = c.user_id
         WHERE c.user_id = $1 AND c.version IS DISTINCT FROM s.version
         ORDER BY c.viewed_at DESC LIMIT $2",
        user_id,
        REFRESHED_PER_USER,
    )
    .fetch_all(pool)
    .await?;
    Ok(stale)
}

/// Forgets a stored report (of a collection that is no longer the user's).
pub async fn forget_report(pool: &PgPool, user_id: i64, collection: &str) -> Result<(), StoreError> {
    sqlx::query!("DELETE FROM collection_insights WHERE user_id = $1 AND collection = $2", user_id, collection)
        .execute(pool)
        .await?;
    Ok(())
}

/// The users with kept reports the read model has moved past (after a change to tracks many users hold).
pub async fn users_with_stale_reports(pool: &PgPool) -> Result<Vec<i64>, StoreError> {
    let users = sqlx::query_scalar!(
        "SELECT DISTINCT c.user_id FROM collection_insights c
         LEFT JOIN library_summary s ON s.user_id = c.user_id
         WHERE c.version IS DISTINCT FROM s.version
         ORDER BY c.user_id"
    )
    .fetch_all(pool)
    .await?;
    Ok(users)
}
