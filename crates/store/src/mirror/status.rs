//! The state of a user's library sync as the Sync page shows it: running, waiting for Spotify, failed or idle, and
//! items done out of total per collection (the first unfinished one is the step in progress). Written outside the
//! collections' transactions, so the page sees progress while a sync runs.

use crossfade_domain::{Collection, SyncProblem};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// Where a user's sync stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncState {
    Idle,
    Running,
    /// Rate-limited: resumes at `retry_at`.
    Waiting,
    Failed,
    /// Spotify refused the stored grant: nothing syncs until the user signs in again.
    NeedsSignIn,
}

impl SyncState {
    fn as_str(self) -> &'static str {
        match self {
            SyncState::Idle => "idle",
            SyncState::Running => "running",
            SyncState::Waiting => "waiting",
            SyncState::Failed => "failed",
            SyncState::NeedsSignIn => "needs_sign_in",
        }
    }

    fn parse(text: &str) -> SyncState {
        match text {
            "running" => SyncState::Running,
            "waiting" => SyncState::Waiting,
            "failed" => SyncState::Failed,
            "needs_sign_in" => SyncState::NeedsSignIn,
            _ => SyncState::Idle,
        }
    }
}

/// One collection's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub collection: Collection,
    pub done: i32,
    pub total: i32,
    pub finished: bool,
}

/// Everything the Sync page shows about a user's sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncOverview {
    pub state: SyncState,
    pub started_at: Option<OffsetDateTime>,
    pub last_success_at: Option<OffsetDateTime>,
    pub retry_at: Option<OffsetDateTime>,
    pub problem: Option<SyncProblem>,
    /// In the order the sync runs the collections.
    pub progress: Vec<Progress>,
}

/// Marks a sync as started: `collections` are shown at 0 of 0 until their totals are known.
pub async fn begin(pool: &PgPool, user_id: i64, collections: &[Collection]) -> Result<(), StoreError> {
    let names: Vec<String> = collections.iter().map(|collection| collection.code().to_owned()).collect();
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO sync_status (user_id, state, started_at) VALUES ($1, 'running', now())
         ON CONFLICT (user_id) DO UPDATE SET state = 'running', started_at = now(), retry_at = NULL,
            problem = NULL, updated_at = now()",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM sync_progress WHERE user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!(
        "INSERT INTO sync_progress (user_id, collection, done, total) SELECT $1, name, 0, 0 FROM UNNEST($2::text[]) AS name",
        user_id,
        &names
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a collection's progress.
pub async fn progress(pool: &PgPool, user_id: i64, progress: &Progress) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO sync_progress (user_id, collection, done, total, finished) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, collection) DO UPDATE SET done = EXCLUDED.done, total = EXCLUDED.total,
            finished = EXCLUDED.finished",
        user_id,
        progress.collection.code(),
        progress.done.max(0),
        progress.total.max(0),
        progress.finished,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Ends a sync: `Idle` after success (stamping the time), or `Waiting`/`Failed`/`NeedsSignIn` with its problem.
pub async fn finish(
    pool: &PgPool,
    user_id: i64,
    state: SyncState,
    problem: Option<SyncProblem>,
    retry_at: Option<OffsetDateTime>,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO sync_status (user_id, state, problem, retry_at, last_success_at)
         VALUES ($1, $2, $3, $4, CASE WHEN $2 = 'idle' THEN now() END)
         ON CONFLICT (user_id) DO UPDATE SET state = EXCLUDED.state, problem = EXCLUDED.problem,
            retry_at = EXCLUDED.retry_at, updated_at = now(),
            last_success_at = coalesce(EXCLUDED.last_success_at, sync_status.last_success_at)",
        user_id,
        state.as_str(),
        problem.map(SyncProblem::code),
        retry_at,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The user's sync as the page shows it; `None` before the first sync started.
pub async fn overview(pool: &PgPool, user_id: i64) -> Result<Option<SyncOverview>, StoreError> {
    let Some(status) = sqlx::query!(
        "SELECT state, started_at, last_success_at, retry_at, problem FROM sync_status WHERE user_id = $1",
        user_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let rows = sqlx::query!("SELECT collection, done, total, finished FROM sync_progress WHERE user_id = $1", user_id)
        .fetch_all(pool)
        .await?;
    // Rows of a collection this version does not know (written by a newer one) are not shown.
    let mut progress: Vec<Progress> = rows
        .into_iter()
        .filter_map(|row| {
            let collection = Collection::parse(&row.collection)?;
            Some(Progress { collection, done: row.done, total: row.total, finished: row.finished })
        })
        .collect();
    progress.sort_by_key(|row| row.collection);
    Ok(Some(SyncOverview {
        state: SyncState::parse(&status.state),
        started_at: status.started_at,
        last_success_at: status.last_success_at,
        retry_at: status.retry_at,
        problem: status.problem.as_deref().and_then(SyncProblem::parse),
        progress,
    }))
}
