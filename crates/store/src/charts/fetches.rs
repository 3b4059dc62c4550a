//! The scheduled fetches of charts: which sources are fetched and when each was last read, what each fetch stored or
//! why it stored nothing, and the ISRCs services gave for their track ids.

use std::collections::HashMap;

use crossfade_domain::{ChartService, Isrc};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::service_of;
use crate::StoreError;

/// A genre's chart of one service that the schedule fetches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedSource {
    pub genre_code: String,
    pub service: ChartService,
    /// When it was last fetched, whatever came of it; None when never.
    pub last_fetched: Option<OffsetDateTime>,
}

/// What came of one fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchOutcome {
    /// Stored as chart `chart_id`, with its counts.
    Stored { chart_id: i64, entries: i32, matched: i32, new_recordings: i32, unmatched: i32 },
    /// Nothing stored, and why: the service's words or the reader's.
    Failed(String),
}

/// The latest fetch of a source of a genre.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatestFetch {
    pub service: ChartService,
    pub fetched_at: OffsetDateTime,
    pub outcome: FetchOutcome,
}

/// Every source marked as fetched, with when it was last fetched.
pub async fn fetched_sources(pool: &PgPool) -> Result<Vec<FetchedSource>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT s.genre_code, s.service,
                  (SELECT max(f.fetched_at) FROM chart_fetches f
                   WHERE f.genre_code = s.genre_code AND f.service = s.service) AS last_fetched
           FROM chart_sources s WHERE s.fetched ORDER BY s.genre_code, s.service"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| FetchedSource {
            genre_code: row.genre_code,
            service: service_of(&row.service),
            last_fetched: row.last_fetched,
        })
        .collect())
}

/// What the fetch of `genre_code`'s chart of `service` asks the service for; None when the source is gone or no
/// longer fetched.
pub async fn fetched_locator(
    pool: &PgPool,
    genre_code: &str,
    service: ChartService,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT locator FROM chart_sources WHERE genre_code = $1 AND service = $2 AND fetched",
        genre_code,
        service.code()
    )
    .fetch_optional(pool)
    .await?)
}

/// Keeps what came of a fetch of `genre_code`'s chart of `service`.
pub async fn record_fetch(
    pool: &PgPool,
    genre_code: &str,
    service: ChartService,
    outcome: &FetchOutcome,
) -> Result<(), StoreError> {
    let (chart_id, failure, counts) = match outcome {
        FetchOutcome::Stored { chart_id, entries, matched, new_recordings, unmatched } => {
            (Some(*chart_id), None, Some((*entries, *matched, *new_recordings, *unmatched)))
        }
        FetchOutcome::Failed(words) => (None, Some(words.chars().take(1000).collect::<String>()), None),
    };
    sqlx::query!(
        "INSERT INTO chart_fetches (genre_code, service, chart_id, failure, entries, matched, new_recordings,
                                    unmatched)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        genre_code,
        service.code(),
        chart_id,
        failure,
        counts.map(|counts| counts.0),
        counts.map(|counts| counts.1),
        counts.map(|counts| counts.2),
        counts.map(|counts| counts.3),
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The latest fetch of each of `genre_code`'s sources fetched at least once, by service.
pub async fn latest_fetches(pool: &PgPool, genre_code: &str) -> Result<Vec<LatestFetch>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT ON (service) service, fetched_at, chart_id, failure,
                  entries, matched, new_recordings, unmatched
           FROM chart_fetches WHERE genre_code = $1 ORDER BY service, fetched_at DESC, id DESC"#,
        genre_code
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| LatestFetch {
            service: service_of(&row.service),
            fetched_at: row.fetched_at,
            outcome: match (row.failure, row.chart_id) {
                (Some(words), _) => FetchOutcome::Failed(words),
                (None, chart_id) => FetchOutcome::Stored {
                    chart_id: chart_id.unwrap_or_default(),
                    entries: row.entries.unwrap_or_default(),
                    matched: row.matched.unwrap_or_default(),
                    new_recordings: row.new_recordings.unwrap_or_default(),
                    unmatched: row.unmatched.unwrap_or_default(),
                },
            },
        })
        .collect())
}

/// What `service` said of each of `ids` before: Some(None) when it has no ISRC for it, absent when never asked.
pub async fn service_isrcs(
    pool: &PgPool,
    service: ChartService,
    ids: &[String],
) -> Result<HashMap<String, Option<Isrc>>, StoreError> {
    let rows = sqlx::query!(
        "SELECT service_id, isrc FROM service_track_isrcs WHERE service = $1 AND service_id = ANY($2)",
        service.code(),
        ids
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.service_id, row.isrc.and_then(|isrc| Isrc::parse(&isrc).ok()))).collect())
}

/// Keeps what `service` said of its track `service_id`'s ISRC.
pub async fn remember_service_isrc(
    pool: &PgPool,
    service: ChartService,
    service_id: &str,
    isrc: Option<&Isrc>,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO service_track_isrcs (service, service_id, isrc) VALUES ($1, $2, $3)
         ON CONFLICT (service, service_id) DO UPDATE SET isrc = EXCLUDED.isrc, looked_at = now()",
        service.code(),
        service_id,
        isrc.map(Isrc::as_str)
    )
    .execute(pool)
    .await?;
    Ok(())
}
