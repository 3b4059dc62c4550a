//! Putting jobs on the queue (deduplicated, inside the caller's transaction if it has one) and reading them back
//! for status pages.

use std::time::Duration;

use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;

use crate::JobsError;
use crate::job::{JobId, JobInfo, JobState, NewJob, RunAt};

/// The channel on which enqueues and finished exclusive jobs wake idle workers. The SQL below spells it out.
pub(crate) const WAKE_CHANNEL: &str = "jobs_wake";

/// The job queue: enqueueing and lookups. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Queue {
    pool: PgPool,
}

impl Queue {
    pub fn new(pool: PgPool) -> Self {
        Queue { pool }
    }

    /// Enqueues `job` and wakes idle workers. When a queued job with the same dedupe key exists, no job is added:
    /// that job becomes due at the earlier of the two times (a request never postpones it), keeps its own payload,
    /// and its id is returned.
    pub async fn enqueue(&self, job: NewJob) -> Result<JobId, JobsError> {
        Self::enqueue_in(&self.pool, job).await
    }

    /// [`Queue::enqueue`] on the caller's connection or transaction (`&mut *transaction`): the job exists only if
    /// the transaction commits, and workers are woken at the commit.
    pub async fn enqueue_in<'c>(executor: impl PgExecutor<'c>, job: NewJob) -> Result<JobId, JobsError> {
        let (at, delay) = match job.run_at {
            RunAt::Now => (None, Duration::ZERO),
            RunAt::At(at) => (Some(at), Duration::ZERO),
            RunAt::After(delay) => (None, delay),
        };
        let id = sqlx::query_scalar!(
            r#"WITH job AS (
                   INSERT INTO jobs (kind, payload, user_id, dedupe_key, exclusive_key, max_attempts, run_at)
                   VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now() + make_interval(secs => $8)))
                   ON CONFLICT (dedupe_key) WHERE state = 'queued'
                   DO UPDATE SET run_at = least(jobs.run_at, EXCLUDED.run_at), updated_at = now()
                   RETURNING id
               ), wake AS (SELECT pg_notify('jobs_wake', '') FROM job)
               SELECT job.id AS "id!" FROM job, wake"#,
            job.kind,
            job.payload,
            job.user_id,
            job.dedupe_key,
            job.exclusive_key,
            job.max_attempts.max(1),
            at,
            delay.as_secs_f64(),
        )
        .fetch_one(executor)
        .await?;
        Ok(JobId(id))
    }

    /// The job with this id, in any state.
    pub async fn get(&self, id: JobId) -> Result<Option<JobInfo>, JobsError> {
        let row = sqlx::query_as!(
            JobRow,
            r#"SELECT id, kind, payload, user_id, dedupe_key, exclusive_key, state, run_at, attempts, max_attempts,
                      locked_by, locked_until, last_error, created_at, updated_at
               FROM jobs WHERE id = $1"#,
            id.0
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(JobRow::into_info).transpose()
    }

    /// The queued job with this dedupe key, if any: "a sync is scheduled for …".
    pub async fn queued(&self, dedupe_key: &str) -> Result<Option<JobInfo>, JobsError> {
        let row = sqlx::query_as!(
            JobRow,
            r#"SELECT id, kind, payload, user_id, dedupe_key, exclusive_key, state, run_at, attempts, max_attempts,
                      locked_by, locked_until, last_error, created_at, updated_at
               FROM jobs WHERE dedupe_key = $1 AND state = 'queued'"#,
            dedupe_key
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(JobRow::into_info).transpose()
    }

    /// The running job with this exclusive key, if any: "a sync is running".
    pub async fn running(&self, exclusive_key: &str) -> Result<Option<JobInfo>, JobsError> {
        let row = sqlx::query_as!(
            JobRow,
            r#"SELECT id, kind, payload, user_id, dedupe_key, exclusive_key, state, run_at, attempts, max_attempts,
                      locked_by, locked_until, last_error, created_at, updated_at
               FROM jobs WHERE exclusive_key = $1 AND state = 'running'"#,
            exclusive_key
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(JobRow::into_info).transpose()
    }

    /// Every job of a user, oldest first.
    pub async fn for_user(&self, user_id: i64) -> Result<Vec<JobInfo>, JobsError> {
        let rows = sqlx::query_as!(
            JobRow,
            r#"SELECT id, kind, payload, user_id, dedupe_key, exclusive_key, state, run_at, attempts, max_attempts,
                      locked_by, locked_until, last_error, created_at, updated_at
               FROM jobs WHERE user_id = $1 ORDER BY id"#,
            user_id
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(JobRow::into_info).collect()
    }

    /// A user's jobs of `kind` that failed for good, most recent first.
    pub async fn failed_for_user(&self, user_id: i64, kind: &str) -> Result<Vec<JobInfo>, JobsError> {
        let rows = sqlx::query_as!(
            JobRow,
            r#"SELECT id, kind, payload, user_id, dedupe_key, exclusive_key, state, run_at, attempts, max_attempts,
                      locked_by, locked_until, last_error, created_at, updated_at
               FROM jobs WHERE user_id = $1 AND kind = $2 AND state = 'failed'
               ORDER BY updated_at DESC, id DESC"#,
            user_id,
            kind
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(JobRow::into_info).collect()
    }

    /// Deletes jobs that failed for good more than `age` ago (by the database's clock); returns how many.
    pub async fn prune_failed(&self, age: Duration) -> Result<u64, JobsError> {
        let done = sqlx::query!(
            r#"DELETE FROM jobs WHERE state = 'failed' AND updated_at < now() - make_interval(secs => $1)"#,
            age.as_secs_f64()
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}

/// A `jobs` row as the database returns it.
struct JobRow {
    id: i64,
    kind: String,
    payload: serde_json::Value,
    user_id: Option<i64>,
    dedupe_key: Option<String>,
    exclusive_key: Option<String>,
    state: String,
    run_at: OffsetDateTime,
    attempts: i32,
    max_attempts: i32,
    locked_by: Option<String>,
    locked_until: Option<OffsetDateTime>,
    last_error: Option<String>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl JobRow {
    fn into_info(self) -> Result<JobInfo, JobsError> {
        let state = JobState::parse(&self.state).ok_or(JobsError::UnknownState { id: self.id, state: self.state })?;
        Ok(JobInfo {
            id: JobId(self.id),
            kind: self.kind,
            state,
            user_id: self.user_id,
            payload: self.payload,
            dedupe_key: self.dedupe_key,
            exclusive_key: self.exclusive_key,
            run_at: self.run_at,
            attempts: self.attempts,
            max_attempts: self.max_attempts,
            last_error: self.last_error,
            locked_by: self.locked_by,
            locked_until: self.locked_until,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
