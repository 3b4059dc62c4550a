//! The statements a worker runs on claimed jobs: claiming due jobs under a lease, extending it, and ending an attempt.
//! Every statement after the claim names the claim's lease token, so a worker whose lease was taken over changes
//! nothing. Every time comes from the database's clock.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::error::ErrorKind;
use time::OffsetDateTime;
use tokio::time::Instant;

use crate::config::Kinds;
use crate::job::{Job, JobId};

/// A job this worker claimed.
#[derive(Debug)]
pub(crate) struct Claimed {
    pub job: Job,
    pub lease_token: i64,
    /// It was running under another worker whose lease ran out.
    pub taken_over: bool,
    /// When the claim was sent: the lease the database granted runs at least `lease` from here.
    pub claimed_at: Instant,
}

/// How a job goes back to the queue.
#[derive(Debug)]
pub(crate) struct Requeue<'a> {
    /// Due at this instant, or else `delay` after the database's now.
    pub at: Option<OffsetDateTime>,
    pub delay: Duration,
    /// The attempt does not count (rate limit, shutdown).
    pub give_back_attempt: bool,
    /// Replaces `last_error` when given.
    pub reason: Option<&'a str>,
}

/// Fails the jobs whose worker stopped during their last attempt: taking them over would exceed `max_attempts`.
/// Returns their ids and kinds.
pub(crate) async fn fail_abandoned(pool: &PgPool) -> Result<Vec<(JobId, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"UPDATE jobs
           SET state = 'failed', last_error = 'the worker stopped during the last attempt (its lease ran out)',
               locked_by = NULL, locked_until = NULL, lease_token = NULL, updated_at = now()
           WHERE state = 'running' AND locked_until < now() AND attempts >= max_attempts
           RETURNING id, kind"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (JobId(row.id), row.kind)).collect())
}

/// Claims up to `limit` jobs: queued jobs that are due, and running jobs whose lease ran out with attempts left
/// ([`fail_abandoned`] fails the others); at most one per exclusive key, and none whose exclusive key is running.
/// Rows another worker is claiming are skipped, not waited for. When another process claimed a job of the same
/// exclusive key at the same moment, the unique index refuses the second claim and this returns `Ok(None)`: claim
/// again.
pub(crate) async fn claim(
    pool: &PgPool,
    worker: &str,
    lease: Duration,
    limit: usize,
    kinds: &Kinds,
) -> Result<Option<Vec<Claimed>>, sqlx::Error> {
    let claimed_at = Instant::now();
    let (only, except) = kinds.as_filter();
    let result = sqlx::query!(
        r#"WITH due AS (
               SELECT j.id, j.exclusive_key, j.run_at, j.state
               FROM jobs j
               WHERE ((j.state = 'queued' AND j.run_at <= now())
                      OR (j.state = 'running' AND j.locked_until < now() AND j.attempts < j.max_attempts))
                 AND ($4::text[] IS NULL OR j.kind = ANY ($4)) AND NOT (j.kind = ANY ($5))
                 AND (j.exclusive_key IS NULL OR NOT EXISTS (
                     SELECT 1 FROM jobs r
                     WHERE r.state = 'running' AND r.exclusive_key = j.exclusive_key AND r.id <> j.id))
               ORDER BY j.run_at, j.id
               LIMIT $3
               FOR UPDATE SKIP LOCKED
           ), picked AS (
               SELECT DISTINCT ON (exclusive_key, CASE WHEN exclusive_key IS NULL THEN id END) id, state
               FROM due
               ORDER BY exclusive_key, CASE WHEN exclusive_key IS NULL THEN id END, run_at, id
           )
           UPDATE jobs
           SET state = 'running', locked_by = $1, locked_until = now() + make_interval(secs => $2),
               lease_token = nextval('jobs_lease_token_seq'), attempts = jobs.attempts + 1, updated_at = now()
           FROM picked
           WHERE jobs.id = picked.id
           RETURNING jobs.id, jobs.kind, jobs.payload, jobs.user_id, jobs.attempts, jobs.max_attempts,
                     jobs.dedupe_key, jobs.exclusive_key, jobs.lease_token AS "lease_token!",
                     picked.state = 'running' AS "taken_over!""#,
        worker,
        lease.as_secs_f64(),
        i64::try_from(limit).unwrap_or(i64::MAX),
        only as Option<&[String]>,
        except,
    )
    .fetch_all(pool)
    .await;
    let rows = match result {
        Ok(rows) => rows,
        Err(sqlx::Error::Database(error)) if error.kind() == ErrorKind::UniqueViolation => return Ok(None),
        Err(error) => return Err(error),
    };
    let claimed = rows
        .into_iter()
        .map(|row| Claimed {
            job: Job {
                id: JobId(row.id),
                kind: row.kind,
                payload: row.payload,
                user_id: row.user_id,
                attempt: row.attempts,
                max_attempts: row.max_attempts,
                dedupe_key: row.dedupe_key,
                exclusive_key: row.exclusive_key,
            },
            lease_token: row.lease_token,
            taken_over: row.taken_over,
            claimed_at,
        })
        .collect();
    Ok(Some(claimed))
}

/// How long until the next queued job that is not yet due becomes due.
pub(crate) async fn next_due_in(pool: &PgPool) -> Result<Option<Duration>, sqlx::Error> {
    let seconds = sqlx::query_scalar!(
        r#"SELECT extract(epoch FROM min(run_at) - now())::float8 FROM jobs WHERE state = 'queued' AND run_at > now()"#
    )
    .fetch_one(pool)
    .await?;
    Ok(seconds.and_then(|seconds| Duration::try_from_secs_f64(seconds).ok()))
}

/// Extends the lease; false when the job is no longer ours (taken over, or deleted with its user).
pub(crate) async fn heartbeat(
    pool: &PgPool,
    id: JobId,
    lease_token: i64,
    lease: Duration,
) -> Result<bool, sqlx::Error> {
    let extended = sqlx::query!(
        r#"UPDATE jobs SET locked_until = now() + make_interval(secs => $3)
           WHERE id = $1 AND lease_token = $2 AND state = 'running'"#,
        id.0,
        lease_token,
        lease.as_secs_f64(),
    )
    .execute(pool)
    .await?;
    Ok(extended.rows_affected() == 1)
}

/// The job succeeded: it is deleted. False when it was no longer ours.
pub(crate) async fn complete(pool: &PgPool, id: JobId, lease_token: i64) -> Result<bool, sqlx::Error> {
    let deleted =
        sqlx::query!(r#"DELETE FROM jobs WHERE id = $1 AND lease_token = $2"#, id.0, lease_token).execute(pool).await?;
    Ok(deleted.rows_affected() == 1)
}

/// The job failed for good. False when it was no longer ours.
pub(crate) async fn fail(pool: &PgPool, id: JobId, lease_token: i64, reason: &str) -> Result<bool, sqlx::Error> {
    let failed = sqlx::query!(
        r#"UPDATE jobs
           SET state = 'failed', last_error = $3, locked_by = NULL, locked_until = NULL, lease_token = NULL,
               updated_at = now()
           WHERE id = $1 AND lease_token = $2"#,
        id.0,
        lease_token,
        reason,
    )
    .execute(pool)
    .await?;
    Ok(failed.rows_affected() == 1)
}

/// Puts the job back in the queue. A duplicate queued while it ran (e.g. its own successor) collapses into it: the
/// duplicate is dropped and the job keeps the earlier of the two times and its attempt count. False when it was no
/// longer ours.
pub(crate) async fn requeue(
    pool: &PgPool,
    id: JobId,
    lease_token: i64,
    how: &Requeue<'_>,
) -> Result<bool, sqlx::Error> {
    // An enqueue of the same dedupe key between the duplicate's deletion and the update makes the update break the
    // queued-key index; the statement then rolls back whole and runs again.
    let mut conflicts = 0;
    loop {
        let result = sqlx::query_scalar!(
            r#"WITH ours AS (
                   SELECT id, dedupe_key FROM jobs WHERE id = $1 AND lease_token = $2 FOR UPDATE
               ), duplicate AS (
                   DELETE FROM jobs d USING ours
                   WHERE d.dedupe_key = ours.dedupe_key AND d.state = 'queued'
                   RETURNING d.run_at
               )
               UPDATE jobs
               SET state = 'queued',
                   run_at = least(coalesce($3, now() + make_interval(secs => $4)), (SELECT min(run_at) FROM duplicate)),
                   attempts = greatest(attempts - $5, 0), last_error = coalesce($6, last_error),
                   locked_by = NULL, locked_until = NULL, lease_token = NULL, updated_at = now()
               WHERE id = (SELECT id FROM ours)
               RETURNING id"#,
            id.0,
            lease_token,
            how.at,
            how.delay.as_secs_f64(),
            i32::from(how.give_back_attempt),
            how.reason,
        )
        .fetch_optional(pool)
        .await;
        match result {
            Ok(row) => return Ok(row.is_some()),
            Err(sqlx::Error::Database(error)) if error.kind() == ErrorKind::UniqueViolation && conflicts < 3 => {
                conflicts += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// Wakes idle workers in every process (e.g. a job of a busy exclusive key may run now).
pub(crate) async fn wake_workers(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query!("NOTIFY jobs_wake").execute(pool).await?;
    Ok(())
}
