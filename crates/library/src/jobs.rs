//! The background work of the library, as jobs on the durable queue: a sync per user (at most one running per user,
//! duplicate requests collapsed, the next incremental sync scheduled when one ends), and how each failure is
//! answered: a rate limit reschedules the job to Spotify's retry time, a lost grant stops it until the user signs
//! in again, anything else is retried with backoff. History imports run here too, one job per uploaded file and one
//! at a time per user, and catalog lookups after both: bounded runs, one at a time for the whole deployment (they
//! share the app's rate limit), each queueing the next until nothing is left to look up.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crossfade_enrichment::providers::{Beatport, ChartFeeds};
use crossfade_jobs::{Handlers, Job, JobError, JobId, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_spotify::ApiError;
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;

mod enrich;

pub(crate) use enrich::follow_with_enrichment;
pub use enrich::{
    ENRICH, LEARN_CALIBRATIONS, enrich_key, request_calibration, request_enrichment, schedule_enrichment,
};

use crate::Gate;
use crate::charts::PlayCounters;
use crate::enrichment::ProviderSetup;
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

/// What the job handlers need besides the library: how often each user's library is synced, where uploaded
/// history exports wait, and the enrichment providers switched on.
#[derive(Clone, Debug)]
pub struct JobSettings {
    pub sync_interval: Duration,
    pub upload_dir: PathBuf,
    pub enrichment: Vec<ProviderSetup>,
}

/// The library's job handlers (syncs, imports, lookups, insights, smart playlists, Discover's artist albums), for a
/// worker that leaves [`ENRICHMENT_KINDS`], [`RELEASE_KINDS`] and [`CHART_KINDS`] to others.
pub fn handlers(library: Library, queue: Queue, settings: JobSettings) -> Handlers {
    let setups = Arc::new(settings.enrichment);
    let (sync_library, sync_queue, interval) = (library.clone(), queue.clone(), settings.sync_interval);
    let (import_library, import_queue, upload_dir) = (library.clone(), queue.clone(), settings.upload_dir);
    let (sync_setups, import_setups) = (setups.clone(), setups.clone());
    let insights_library = library.clone();
    let (smart_library, smart_queue) = (library.clone(), queue.clone());
    let (gather_library, gather_queue, gather_setups) = (library.clone(), queue.clone(), setups.clone());
    Handlers::new()
        .register(SYNC, move |job: Job| {
            let (library, queue, setups) = (sync_library.clone(), sync_queue.clone(), sync_setups.clone());
            async move { run_sync(&library, &queue, &setups, interval, job).await }
        })
        .register(IMPORT_HISTORY, move |job: Job| {
            let (library, queue, uploads) = (import_library.clone(), import_queue.clone(), upload_dir.clone());
            let setups = import_setups.clone();
            async move { run_import(&library, &queue, &setups, &uploads, job).await }
        })
        .register(LOOK_UP_CATALOG, move |job: Job| {
            let (library, queue, setups) = (library.clone(), queue.clone(), setups.clone());
            async move { run_lookups(&library, &queue, &setups, job).await }
        })
        .register(REFRESH_INSIGHTS, move |job: Job| {
            let library = insights_library.clone();
            async move { run_insights_refresh(&library, job).await }
        })
        .register(crate::smart_playlists::REFRESH_SMART_PLAYLISTS, move |job: Job| {
            let (library, queue) = (smart_library.clone(), smart_queue.clone());
            async move { crate::smart_playlists::run_refresh(&library, &queue, job).await }
        })
        .register(crate::discover::GATHER_ARTIST_ALBUMS, move |job: Job| {
            let (library, queue, setups) = (gather_library.clone(), gather_queue.clone(), gather_setups.clone());
            async move { crate::discover::run_gathering(&library, &queue, &setups, job).await }
        })
}

/// The kinds of new-release jobs. They run on a worker of their own: matching a week of releases paces a few hundred
/// searches through the gate's background lane, which must never keep a sync or an import waiting.
pub const RELEASE_KINDS: [&str; 3] =
    [crate::releases::MATCH_RELEASES, crate::releases::PULL_RELEASES, crate::releases::WATCH_RELEASE_FOLDER];

/// The new-release job handlers: matching releases to Spotify, looking into the watched `folder` when one is
/// configured, and pulling curated styles from `release_feed` (every `pull_interval`) when one is configured.
pub fn release_handlers(
    library: Library,
    queue: Queue,
    release_feed: Option<Arc<Beatport>>,
    pull_interval: Duration,
    folder: Option<crate::releases::ReleaseFolder>,
) -> Handlers {
    let (pull_library, pull_queue) = (library.clone(), queue.clone());
    let (folder_library, folder_queue) = (library.clone(), queue.clone());
    let mut handlers = Handlers::new().register(crate::releases::MATCH_RELEASES, move |job: Job| {
        let (library, queue) = (library.clone(), queue.clone());
        async move { crate::releases::run_matching(&library, &queue, job).await }
    });
    if let Some(folder) = folder {
        let folder = Arc::new(folder);
        handlers = handlers.register(crate::releases::WATCH_RELEASE_FOLDER, move |job: Job| {
            let (library, queue, folder) = (folder_library.clone(), folder_queue.clone(), folder.clone());
            async move { crate::releases::run_folder_watch(&library, &queue, &folder, job).await }
        });
    }
    match release_feed {
        Some(feed) => handlers.register(crate::releases::PULL_RELEASES, move |job: Job| {
            let (library, queue, feed) = (pull_library.clone(), pull_queue.clone(), feed.clone());
            async move { crate::releases::run_pull(&library, &queue, &feed, pull_interval, job).await }
        }),
        None => handlers,
    }
}

/// The kinds of chart jobs. They run beside the release jobs, on the worker that leaves syncs and imports their
/// slots: a Deezer chart's track reads and a day's counts take a while, paced under their services' limits.
pub const CHART_KINDS: [&str; 3] =
    [crate::charts::FETCH_CHART, crate::charts::COUNT_PLAYS, crate::charts::LOOK_UP_CHART_ISRCS];

/// `handlers` with the chart jobs': the fetch of each source from `feeds` (Deezer's requests through `deezer_gate`,
/// the one enrichment's Deezer requests pass) and the count of plays at the `counters`, every `interval`.
pub fn with_chart_handlers(
    handlers: Handlers,
    library: Library,
    queue: Queue,
    feeds: Arc<ChartFeeds>,
    deezer_gate: Gate,
    counters: Arc<PlayCounters>,
    interval: Duration,
) -> Handlers {
    let (count_library, count_queue) = (library.clone(), queue.clone());
    let (lookup_library, lookup_queue) = (library.clone(), queue.clone());
    handlers
        .register(crate::charts::FETCH_CHART, move |job: Job| {
            let (library, queue, feeds, gate) = (library.clone(), queue.clone(), feeds.clone(), deezer_gate.clone());
            async move { crate::charts::run_chart_fetch(&library, &queue, &feeds, &gate, interval, job).await }
        })
        .register(crate::charts::COUNT_PLAYS, move |job: Job| {
            let (library, queue, counters) = (count_library.clone(), count_queue.clone(), counters.clone());
            async move { crate::charts::run_play_counts(&library, &queue, &counters, interval, job).await }
        })
        .register(crate::charts::LOOK_UP_CHART_ISRCS, move |job: Job| {
            let (library, queue) = (lookup_library.clone(), lookup_queue.clone());
            async move { crate::charts::run_isrc_lookups(&library, &queue, job).await }
        })
}

/// The kinds of enrichment jobs. They run on a worker of their own: a MusicBrainz run paced at one request a second
/// holds its slot for minutes, which must never keep a sync or an import waiting.
pub const ENRICHMENT_KINDS: [&str; 2] = [ENRICH, LEARN_CALIBRATIONS];

/// The enrichment job handlers (provider runs and calibration), for the enrichment worker.
pub fn enrichment_handlers(library: Library, queue: Queue, setups: Vec<ProviderSetup>) -> Handlers {
    let setups = Arc::new(setups);
    let calibration_library = library.clone();
    Handlers::new()
        .register(ENRICH, move |job: Job| {
            let (library, queue, setups) = (library.clone(), queue.clone(), setups.clone());
            async move { enrich::run_enrichment(&library, &queue, &setups, job).await }
        })
        .register(LEARN_CALIBRATIONS, move |_job: Job| {
            let library = calibration_library.clone();
            async move { enrich::run_calibration(&library).await }
        })
}

async fn run_sync(
    library: &Library,
    queue: &Queue,
    setups: &[ProviderSetup],
    interval: Duration,
    job: Job,
) -> JobResult {
    let user_id = job.user_id.ok_or_else(|| JobError::fail("a sync job names no user"))?;
    let payload: SyncPayload = job.payload_as()?;
    let outcome = sync_library(library, user_id, payload.kind).await;
    let answer = answer(outcome.map(drop), &job);
    if answer.is_ok() {
        catalog_moved(library).await;
        follow_with_lookups(queue, user_id).await;
        enrich::follow_with_enrichment(queue, setups, user_id).await;
        follow_with_insights(queue, Some(user_id)).await;
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

/// An import job's dedupe key is this followed by the import's id: requests for one import collapse, and the
/// start-up sweep finds an import's job by it.
pub const IMPORT_KEY_PREFIX: &str = "import:";

/// An upload waiting in the upload folder is named this followed by its import's id.
const UPLOAD_PREFIX: &str = "history-";

/// Where the upload of import `import_id` is kept until it has been imported.
pub fn upload_path(upload_dir: &Path, import_id: i64) -> PathBuf {
    upload_dir.join(format!("{UPLOAD_PREFIX}{import_id}"))
}

/// The import an upload in the upload folder belongs to, by the upload's file name: the reverse of
/// [`upload_path`].
pub fn upload_import_id(file_name: &str) -> Option<i64> {
    file_name.strip_prefix(UPLOAD_PREFIX)?.parse().ok()
}

/// The folder uploaded exports wait in, for those who remove them outside the import (deleting an account).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadFolder(PathBuf);

impl UploadFolder {
    pub fn new(path: PathBuf) -> Self {
        UploadFolder(path)
    }

    /// Removes the uploads of these imports; one already gone is fine. A file that cannot be removed is logged and
    /// left to the start-up sweep, which removes uploads no import waits for.
    pub async fn remove_uploads(&self, import_ids: &[i64]) {
        for &import_id in import_ids {
            if let Err(error) = tokio::fs::remove_file(upload_path(&self.0, import_id)).await
                && error.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(error = %error, import_id, "could not remove an upload");
            }
        }
    }
}

/// Queues the import of an uploaded export, on the caller's transaction (`&mut *transaction`) so that an import is
/// recorded and queued together or not at all. A user's imports run one after another: each is one long
/// transaction over the same plays, and two at once would only compete for the disk and the database.
pub async fn request_import<'c>(
    executor: impl PgExecutor<'c>,
    user_id: i64,
    import_id: i64,
) -> Result<JobId, JobsError> {
    let payload = serde_json::to_value(ImportPayload { import_id }).unwrap_or_default();
    let job = NewJob::new(IMPORT_HISTORY, payload)
        .with_user(user_id)
        .with_dedupe_key(format!("{IMPORT_KEY_PREFIX}{import_id}"))
        .with_exclusive_key(format!("import:user:{user_id}"));
    Queue::enqueue_in(executor, job).await
}

async fn run_import(library: &Library, queue: &Queue, setups: &[ProviderSetup], uploads: &Path, job: Job) -> JobResult {
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
        enrich::follow_with_enrichment(queue, setups, user_id).await;
        follow_with_insights(queue, Some(user_id)).await;
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

async fn run_lookups(library: &Library, queue: &Queue, setups: &[ProviderSetup], job: Job) -> JobResult {
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
        if report.found > 0 {
            // Looked-up tracks bring the ISRCs the providers find them by, and names and details to the facts.
            enrich::follow_with_enrichment(queue, setups, user_id).await;
            follow_with_insights(queue, Some(user_id)).await;
            catalog_moved(library).await;
        }
        if !report.finished {
            request_lookups(queue, user_id)
                .await
                .map_err(|error| JobError::retry(format!("queueing the next lookups failed: {error}")))?;
        }
    }
    answer(report.map(drop), &job)
}

/// Tells every process's Discover candidates that a job committed new tracks or new values of their sound. A
/// failure only keeps the old candidates until the next job says so.
pub(crate) async fn catalog_moved(library: &Library) {
    if let Err(error) = crossfade_store::discover::catalog_changed(&library.pool).await {
        tracing::warn!(error = %error, "Discover's candidates could not be told of a catalog change");
    }
}

/// The job kind of recomputing kept collection insights after the read model moved.
pub const REFRESH_INSIGHTS: &str = "refresh_insights";

/// How long a refresh waits, so that the jobs finishing one after another (a sync, its lookups, enrichment) are
/// followed by one refresh.
const INSIGHTS_REFRESH_DELAY: Duration = Duration::from_secs(5);

/// Queues a refresh of `user_id`'s kept insights (None: every user's, after a change to tracks many users hold),
/// collapsing into a queued one.
pub async fn request_insights_refresh(queue: &Queue, user_id: Option<i64>) -> Result<JobId, JobsError> {
    let key = user_id.map_or_else(|| "insights:everyone".to_owned(), |user_id| format!("insights:user:{user_id}"));
    let job = NewJob::new(REFRESH_INSIGHTS, serde_json::Value::Null).with_dedupe_key(&key).with_exclusive_key(key);
    let job = match user_id {
        Some(user_id) => job.with_user(user_id),
        None => job,
    };
    queue.enqueue(NewJob { run_at: RunAt::After(INSIGHTS_REFRESH_DELAY), ..job }).await
}

/// Queues a refresh after a job that moved the read model. Failing to queue it fails nothing: a dashboard whose
/// kept figures are stale computes them when it is opened.
pub(crate) async fn follow_with_insights(queue: &Queue, user_id: Option<i64>) {
    if let Err(error) = request_insights_refresh(queue, user_id).await {
        tracing::warn!(?user_id, error = %error, "the insights refresh could not be queued; dashboards compute on open");
    }
}

async fn run_insights_refresh(library: &Library, job: Job) -> JobResult {
    let users = match job.user_id {
        Some(user_id) => vec![user_id],
        None => crossfade_store::insights::cache::users_with_stale_reports(&library.pool)
            .await
            .map_err(|error| JobError::retry(error.to_string()))?,
    };
    for user_id in users {
        let refreshed = crate::insights::refresh_kept_reports(&library.pool, user_id)
            .await
            .map_err(|error| JobError::retry(error.to_string()))?;
        tracing::info!(user_id, refreshed, "kept insights refreshed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use crossfade_jobs::{Worker, WorkerConfig};
    use sqlx::PgPool;

    use super::*;

    #[test]
    fn an_uploads_name_tells_its_import() {
        let path = upload_path(Path::new("/srv/uploads"), 42);
        assert_eq!(upload_import_id(path.file_name().unwrap().to_str().unwrap()), Some(42));
        for other in ["history-", "history-x", "upload-1.part", "42"] {
            assert_eq!(upload_import_id(other), None, "{other}");
        }
    }

    async fn user(pool: &PgPool, name: &str) -> i64 {
        sqlx::query_scalar("INSERT INTO users (spotify_account_key, spotify_user_id) VALUES ($1, $1) RETURNING id")
            .bind(name)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    /// Imports running per user right now, the most seen at once per user and in all, and imports finished.
    #[derive(Default)]
    struct Runs {
        running: HashMap<i64, usize>,
        most_per_user: usize,
        most_in_all: usize,
        finished: Vec<i64>,
    }

    #[sqlx::test(migrations = "../../migrations")]
    async fn a_users_imports_run_one_after_another(pool: PgPool) {
        let (ada, theo) = (user(&pool, "ada").await, user(&pool, "theo").await);
        let first = request_import(&pool, ada, 1).await.unwrap();
        request_import(&pool, ada, 2).await.unwrap();
        request_import(&pool, theo, 3).await.unwrap();
        assert_eq!(request_import(&pool, ada, 1).await.unwrap(), first, "a request for the same import collapses");

        let runs = Arc::new(Mutex::new(Runs::default()));
        let handlers = Handlers::new().register(IMPORT_HISTORY, {
            let runs = runs.clone();
            move |job: Job| {
                let runs = runs.clone();
                async move {
                    let user_id = job.user_id.unwrap_or_default();
                    let ImportPayload { import_id } = job.payload_as()?;
                    {
                        let mut runs = runs.lock().unwrap();
                        *runs.running.entry(user_id).or_default() += 1;
                        runs.most_per_user = runs.most_per_user.max(runs.running[&user_id]);
                        runs.most_in_all = runs.most_in_all.max(runs.running.values().sum());
                    }
                    tokio::time::sleep(Duration::from_millis(400)).await;
                    let mut runs = runs.lock().unwrap();
                    *runs.running.entry(user_id).or_default() -= 1;
                    runs.finished.push(import_id);
                    Ok(())
                }
            }
        });
        let config =
            WorkerConfig { concurrency: 4, poll_interval: Duration::from_millis(50), ..WorkerConfig::default() };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let worker = tokio::spawn(Worker::new(pool.clone(), handlers, config).run(async move {
            let _ = stopped.await;
        }));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while runs.lock().unwrap().finished.len() < 3 {
            assert!(tokio::time::Instant::now() < deadline, "the imports did not all run within 20 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = stop.send(());
        worker.await.unwrap();

        let runs = runs.lock().unwrap();
        assert_eq!(runs.most_per_user, 1, "two imports of one user ran at once");
        assert_eq!(runs.most_in_all, 2, "different users' imports run side by side");
        let mut finished = runs.finished.clone();
        finished.sort_unstable();
        assert_eq!(finished, [1, 2, 3]);
    }
}
