//! The background work of the library, as jobs on the durable queue: a sync per user (at most one running per user,
//! duplicate requests collapsed, the next incremental sync scheduled when one ends), and how each failure is
//! answered: a rate limit reschedules the job to Spotify's retry time, a lost grant stops it until the user signs
//! in again, anything else is retried with backoff. History imports run here too, one job per uploaded file, and
//! catalog lookups after both: bounded runs, one at a time for the whole deployment (they share the app's rate
//! limit), each queueing the next until nothing is left to look up.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crossfade_jobs::{Handlers, Job, JobError, JobId, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_spotify::ApiError;
use serde::{Deserialize, Serialize};

use crate::lookups::look_up_catalog;
use crate::sync::{SyncKind, sync_library};
use crate::{Library, SyncError};

/// The job kind of a library sync.
pub const SYNC: &str = "sync";

#[derive(Debug, Serialize, Deserialize)]
struct SyncPayload {
    kind: SyncKind,
}

/// The key under which queued syncs of one user collapse, also the key the Sync page looks the next run up by.
pub fn sync_key(user_id: i64) -> String {
    format!("sync:user:{user_id}")
}

/// A sync of `user_id`'s library, due at `run_at`.
fn sync_job(user_id: i64, kind: SyncKind, run_at: RunAt) -> NewJob {
    let payload = serde_json::to_value(SyncPayload { kind }).unwrap_or_default();
    let key = sync_key(user_id);
    NewJob { run_at, ..NewJob::new(SYNC, payload).with_user(user_id).with_dedupe_key(&key).with_exclusive_key(key) }
}

/// Asks for a sync of `user_id`'s library now ("Sync now", first sign-in). Collapses into a queued one, which it
/// makes due at once.
pub async fn request_sync(queue: &Queue, user_id: i64, kind: SyncKind) -> Result<JobId, JobsError> {
    queue.enqueue(sync_job(user_id, kind, RunAt::Now)).await
}

/// Schedules an incremental sync for `user_id` after `interval`, unless one is queued already (which keeps its
/// earlier time). Called at start-up for every connected user, so a schedule lost with a failed job comes back.
pub async fn schedule_sync(queue: &Queue, user_id: i64, interval: Duration) -> Result<JobId, JobsError> {
    queue.enqueue(sync_job(user_id, SyncKind::Incremental, RunAt::After(interval))).await
}

/// What the job handlers need besides the library: how often each user's library is synced, and where uploaded
/// history exports wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSettings {
    pub sync_interval: Duration,
    pub upload_dir: PathBuf,
}

/// The library's job handlers, for a worker.
pub fn handlers(library: Library, queue: Queue, settings: JobSettings) -> Handlers {
    let (sync_library, sync_queue, interval) = (library.clone(), queue.clone(), settings.sync_interval);
    let (import_library, import_queue) = (library.clone(), queue.clone());
    Handlers::new()
        .register(SYNC, move |job: Job| {
            let (library, queue) = (sync_library.clone(), sync_queue.clone());
            async move { run_sync(&library, &queue, interval, job).await }
        })
        .register(IMPORT_HISTORY, move |job: Job| {
            let (library, queue, uploads) = (import_library.clone(), import_queue.clone(), settings.upload_dir.clone());
            async move { run_import(&library, &queue, &uploads, job).await }
        })
        .register(LOOK_UP_CATALOG, move |job: Job| {
            let (library, queue) = (library.clone(), queue.clone());
            async move { run_lookups(&library, &queue, job).await }
        })
}

async fn run_sync(library: &Library, queue: &Queue, interval: Duration, job: Job) -> JobResult {
    let user_id = job.user_id.ok_or_else(|| JobError::fail("a sync job names no user"))?;
    let payload: SyncPayload = job.payload_as()?;
    let outcome = sync_library(library, user_id, payload.kind).await;
    let answer = answer(outcome.map(drop), &job);
    if answer.is_ok() {
        follow_with_lookups(queue, user_id).await;
    }
    // The schedule goes on after success and after a final failure; a rate-limited or retried job is still queued
    // (a successor would collapse into it), and a lost grant waits for the next sign-in.
    let schedule_next = match &answer {
        Ok(()) => true,
        Err(JobError::Retry { .. }) => job.is_last_attempt(),
        Err(_) => false,
    };
    if schedule_next {
        schedule_sync(queue, user_id, interval)
            .await
            .map_err(|error| JobError::retry(format!("scheduling the next sync failed: {error}")))?;
    }
    answer
}

/// The queue's answer to a sync's outcome.
fn answer(outcome: Result<(), SyncError>, job: &Job) -> JobResult {
    match outcome {
        Ok(()) => Ok(()),
        Err(SyncError::Spotify(ApiError::RateLimited { retry_at, quota_exceeded })) => {
            let reason = if quota_exceeded { "Spotify quota exceeded" } else { "Spotify rate limit" };
            Err(JobError::retry_at(retry_at, reason))
        }
        Err(SyncError::Spotify(ApiError::NeedsSignIn)) => Err(JobError::fail("the user must sign in again")),
        Err(error) => {
            tracing::warn!(job = %job.id, attempt = job.attempt, error = ?error, "sync attempt failed");
            Err(JobError::retry(error.to_string()))
        }
    }
}

/// The job kind of a history import.
pub const IMPORT_HISTORY: &str = "import_history";

#[derive(Debug, Serialize, Deserialize)]
struct ImportPayload {
    import_id: i64,
}

/// Where the upload of import `import_id` is kept until it has been imported.
pub fn upload_path(upload_dir: &Path, import_id: i64) -> PathBuf {
    upload_dir.join(format!("history-{import_id}"))
}

/// Queues the import of an uploaded export.
pub async fn request_import(queue: &Queue, user_id: i64, import_id: i64) -> Result<JobId, JobsError> {
    let payload = serde_json::to_value(ImportPayload { import_id }).unwrap_or_default();
    let key = format!("import:{import_id}");
    queue
        .enqueue(NewJob::new(IMPORT_HISTORY, payload).with_user(user_id).with_dedupe_key(&key).with_exclusive_key(key))
        .await
}

async fn run_import(library: &Library, queue: &Queue, uploads: &Path, job: Job) -> JobResult {
    use crossfade_store::plays::{self, ImportHistoryError};
    let user_id = job.user_id.ok_or_else(|| JobError::fail("an import job names no user"))?;
    let ImportPayload { import_id } = job.payload_as()?;
    let path = upload_path(uploads, import_id);
    // The import is one transaction: an attempt that died left nothing behind, so it starts over.
    plays::requeue_interrupted_import(&library.pool, user_id, import_id)
        .await
        .map_err(|error| JobError::retry(format!("reading the import failed: {error}")))?;
    let outcome = plays::import_history(&library.pool, user_id, import_id, &path).await;
    if outcome.is_ok() {
        follow_with_lookups(queue, user_id).await;
    }
    match outcome {
        // Done, refused (the reason is stored for the user) or already handled: the upload is no longer needed.
        Ok(_) | Err(ImportHistoryError::Export(_)) | Err(ImportHistoryError::NotQueued(_)) => {
            if let Err(error) = tokio::fs::remove_file(&path).await {
                tracing::warn!(error = %error, import_id, "could not remove an imported upload");
            }
            Ok(())
        }
        Err(error) => Err(JobError::fail(format!("the import could not be saved: {error}"))),
    }
}

/// The job kind of a run of catalog lookups.
pub const LOOK_UP_CATALOG: &str = "look_up_catalog";

/// Requests one run of catalog lookups may spend; the run then queues the next, so syncs get their turn between.
const LOOKUP_REQUESTS_PER_RUN: usize = 100;

/// Queues catalog lookups with `user_id`'s grant (collapsing into queued ones). At most one run at a time for the
/// whole deployment: the catalog is shared, and so is the app's rate limit.
pub async fn request_lookups(queue: &Queue, user_id: i64) -> Result<JobId, JobsError> {
    let job = NewJob::new(LOOK_UP_CATALOG, serde_json::Value::Null)
        .with_user(user_id)
        .with_dedupe_key(format!("lookups:user:{user_id}"))
        .with_exclusive_key("catalog_lookups");
    queue.enqueue(job).await
}

/// Queues lookups after a sync or an import that succeeded. Failing to queue them fails neither: running the sync or
/// the import again would not help, and the next scheduled sync queues them anyway.
async fn follow_with_lookups(queue: &Queue, user_id: i64) {
    if let Err(error) = request_lookups(queue, user_id).await {
        tracing::warn!(user_id, error = %error, "catalog lookups could not be queued; the next sync queues them");
    }
}

async fn run_lookups(library: &Library, queue: &Queue, job: Job) -> JobResult {
    let user_id = job.user_id.ok_or_else(|| JobError::fail("a lookup job names no user"))?;
    let report = look_up_catalog(library, user_id, LOOKUP_REQUESTS_PER_RUN).await;
    if let Ok(report) = &report {
        tracing::info!(
            user_id,
            requests = report.requests,
            found = report.found,
            missing = report.missing,
            finished = report.finished,
            "catalog lookups ran"
        );
        if !report.finished {
            request_lookups(queue, user_id)
                .await
                .map_err(|error| JobError::retry(format!("queueing the next lookups failed: {error}")))?;
        }
    }
    answer(report.map(drop), &job)
}
