//! Each provider's latest run, as the Sources page tells it: when it started and finished, when the next is due,
//! what it found, and in plain words why it waits or failed.

use crossfade_domain::Provider;
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// Where a provider's work stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Working,
    /// Rate limited or between bounded runs: the next run is due at `next_run_at`.
    Waiting,
    Failed,
    /// Nothing is left to ask about.
    Done,
}

impl RunState {
    fn code(self) -> &'static str {
        match self {
            RunState::Working => "working",
            RunState::Waiting => "waiting",
            RunState::Failed => "failed",
            RunState::Done => "done",
        }
    }

    fn parse(code: &str) -> RunState {
        match code {
            "working" => RunState::Working,
            "waiting" => RunState::Waiting,
            "done" => RunState::Done,
            _ => RunState::Failed,
        }
    }
}

/// A provider's latest run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunStatus {
    pub provider: Provider,
    pub state: RunState,
    pub last_started_at: Option<OffsetDateTime>,
    pub last_finished_at: Option<OffsetDateTime>,
    pub next_run_at: Option<OffsetDateTime>,
    /// Totals over every run.
    pub requests: i64,
    pub found: i64,
    pub missing: i64,
    pub detail: Option<String>,
}

/// Records that a run of `provider` started.
pub async fn run_started(pool: &PgPool, provider: Provider) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO enrichment_runs (provider, last_started_at, state) VALUES ($1, now(), 'working')
         ON CONFLICT (provider) DO UPDATE SET last_started_at = now(), state = 'working', detail = NULL",
        provider.code(),
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// What a run did, when it ended.
#[derive(Clone, Debug, PartialEq)]
pub struct RunEnd {
    pub state: RunState,
    pub requests: i64,
    pub found: i64,
    pub missing: i64,
    pub next_run_at: Option<OffsetDateTime>,
    pub detail: Option<String>,
}

/// Records how a run of `provider` ended, adding its counts to the totals.
pub async fn run_ended(pool: &PgPool, provider: Provider, end: &RunEnd) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO enrichment_runs (provider, last_started_at, last_finished_at, next_run_at, requests, found,
                                      missing, state, detail)
         VALUES ($1, now(), now(), $2, $3, $4, $5, $6, $7)
         ON CONFLICT (provider) DO UPDATE SET last_finished_at = now(), next_run_at = $2,
             requests = enrichment_runs.requests + $3, found = enrichment_runs.found + $4,
             missing = enrichment_runs.missing + $5, state = $6, detail = $7",
        provider.code(),
        end.next_run_at,
        end.requests,
        end.found,
        end.missing,
        end.state.code(),
        end.detail,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Every provider's latest run that has one.
pub async fn run_statuses(pool: &PgPool) -> Result<Vec<RunStatus>, StoreError> {
    let rows = sqlx::query!(
        "SELECT provider, state, last_started_at, last_finished_at, next_run_at, requests, found, missing, detail
         FROM enrichment_runs ORDER BY provider"
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(RunStatus {
                provider: Provider::parse(&row.provider)?,
                state: RunState::parse(&row.state),
                last_started_at: row.last_started_at,
                last_finished_at: row.last_finished_at,
                next_run_at: row.next_run_at,
                requests: row.requests,
                found: row.found,
                missing: row.missing,
                detail: row.detail,
            })
        })
        .collect())
}
