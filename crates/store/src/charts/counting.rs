//! Play and view counts read from the services that count plays without charting them: which recordings are
//! counted (those on a chart lately), the video or track found for each, and each day's counts.

use crossfade_domain::{ChartService, Day};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::move_charts_version;
use crate::StoreError;
use crate::listening::day_of;

/// A recording to look for at a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingToFind {
    pub recording_id: i64,
    pub title: String,
    pub artists: String,
    /// Every ISRC known for it.
    pub isrcs: Vec<String>,
}

/// Recordings on a chart since `since` that `service` was never searched for, or searched in vain more than
/// `search_again_days` ago; at most `limit`, those placed best first.
pub async fn recordings_to_find(
    pool: &PgPool,
    service: ChartService,
    since: Day,
    search_again_days: i32,
    limit: i64,
) -> Result<Vec<RecordingToFind>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.title, r.artists,
                  coalesce((SELECT array_agg(i.isrc ORDER BY i.isrc) FROM recording_isrcs i
                            WHERE i.recording_id = r.id), '{}') AS "isrcs!"
           FROM recordings r
           JOIN (SELECT e.recording_id, min(e.position) AS best
                 FROM chart_entries e JOIN charts c ON c.id = e.chart_id
                 WHERE c.day >= $2 AND e.recording_id IS NOT NULL
                 GROUP BY e.recording_id) charted ON charted.recording_id = r.id
           LEFT JOIN recording_links l ON l.recording_id = r.id AND l.service = $1
           WHERE l.recording_id IS NULL
              OR (l.external_id IS NULL AND l.searched_at < now() - make_interval(days => $3))
           ORDER BY charted.best, r.id
           LIMIT $4"#,
        service.code(),
        day_of(since),
        search_again_days,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| RecordingToFind { recording_id: row.id, title: row.title, artists: row.artists, isrcs: row.isrcs })
        .collect())
}

/// Keeps what searching `service` for a recording found: its id there, or None for nothing close enough.
pub async fn link_recording(
    pool: &PgPool,
    recording_id: i64,
    service: ChartService,
    external_id: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO recording_links (recording_id, service, external_id) VALUES ($1, $2, $3)
         ON CONFLICT (recording_id, service) DO UPDATE SET external_id = EXCLUDED.external_id, searched_at = now()",
        recording_id,
        service.code(),
        external_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The recordings on a chart since `since` that have an id at `service`, with that id.
pub async fn linked_recordings(
    pool: &PgPool,
    service: ChartService,
    since: Day,
) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT l.recording_id, l.external_id AS "external_id!"
           FROM recording_links l
           WHERE l.service = $1 AND l.external_id IS NOT NULL
             AND EXISTS (SELECT 1 FROM chart_entries e JOIN charts c ON c.id = e.chart_id
                         WHERE e.recording_id = l.recording_id AND c.day >= $2)
           ORDER BY l.recording_id"#,
        service.code(),
        day_of(since)
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.recording_id, row.external_id)).collect())
}

/// Stores `service`'s counts of `day` (a later read of the same day replaces them) and moves the charts' version
/// on, in one transaction, so cached histories are made again.
pub async fn record_counts(
    pool: &PgPool,
    service: ChartService,
    day: Day,
    counts: &[(i64, u64)],
) -> Result<(), StoreError> {
    if counts.is_empty() {
        return Ok(());
    }
    let (recordings, values): (Vec<i64>, Vec<i64>) =
        counts.iter().map(|(recording, count)| (*recording, i64::try_from(*count).unwrap_or(i64::MAX))).unzip();
    let mut transaction = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO recording_counts (recording_id, service, day, count)
         SELECT recording, $3, $4, count FROM UNNEST($1::bigint[], $2::bigint[]) AS t (recording, count)
         ON CONFLICT (recording_id, service, day) DO UPDATE SET count = EXCLUDED.count",
        &recordings,
        &values,
        service.code(),
        day_of(day),
    )
    .execute(&mut *transaction)
    .await?;
    move_charts_version(&mut transaction).await?;
    transaction.commit().await?;
    Ok(())
}

/// How many recordings `service` was searched for since `since` (a day's searches share the day's quota).
pub async fn searches_since(pool: &PgPool, service: ChartService, since: OffsetDateTime) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "searched!" FROM recording_links WHERE service = $1 AND searched_at >= $2"#,
        service.code(),
        since
    )
    .fetch_one(pool)
    .await?)
}
