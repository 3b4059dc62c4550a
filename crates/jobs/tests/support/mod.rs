//! What the queue tests share: fast worker settings, pools standing for separate processes, workers that can be
//! stopped gracefully or killed, and polling for a condition with a deadline.
#![allow(dead_code, reason = "each test binary uses a different part of these helpers")]

use std::future::Future;
use std::time::Duration;

use crossfade_jobs::{Backoff, Handlers, Job, Worker, WorkerConfig};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

pub const LEASE: Duration = Duration::from_millis(1000);

/// Settings that make the suite quick: a one-second lease, 50 ms polling, a short grace and a short backoff.
pub fn config(name: &str) -> WorkerConfig {
    WorkerConfig {
        name: name.to_owned(),
        concurrency: 4,
        lease: LEASE,
        heartbeat: LEASE / 4,
        poll_interval: Duration::from_millis(50),
        shutdown_grace: Duration::from_millis(200),
        backoff: Backoff { base: Duration::from_millis(20), cap: Duration::from_millis(200) },
        kinds: crossfade_jobs::Kinds::All,
    }
}

/// A pool of its own, as a separate server process would have.
pub async fn pool(connect: &PgConnectOptions) -> PgPool {
    PgPoolOptions::new().max_connections(12).connect_with(connect.clone()).await.expect("connect a test pool")
}

/// A worker running in a task of its own.
pub struct RunningWorker {
    task: JoinHandle<()>,
    shutdown: oneshot::Sender<()>,
}

impl RunningWorker {
    pub fn start(pool: &PgPool, handlers: Handlers, config: WorkerConfig) -> Self {
        let (shutdown, signal) = oneshot::channel::<()>();
        let worker = Worker::new(pool.clone(), handlers, config);
        let task = tokio::spawn(worker.run(async move {
            let _ = signal.await;
        }));
        RunningWorker { task, shutdown }
    }

    /// Asks for a graceful shutdown and waits until the worker has returned.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("the worker stops within its grace period")
            .expect("the worker task ends normally");
    }

    /// Aborts the worker with no clean-up at all, as if its process had crashed.
    pub async fn kill(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// Polls `check` every 20 ms until it holds; panics after `timeout`.
pub async fn eventually<F, Fut>(what: &str, timeout: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The next message from a handler; panics when none comes within five seconds.
pub async fn received<T>(receiver: &mut mpsc::UnboundedReceiver<T>) -> T {
    tokio::time::timeout(Duration::from_secs(5), receiver.recv())
        .await
        .expect("timed out waiting for a handler")
        .expect("the handler's channel is open")
}

/// A user to own jobs.
pub async fn insert_user(pool: &PgPool, key: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO users (spotify_account_key, spotify_user_id, display_name) VALUES ($1, $1, 'Test') RETURNING id",
    )
    .bind(key)
    .fetch_one(pool)
    .await
    .expect("insert a user")
}

/// The database's clock.
pub async fn db_now(pool: &PgPool) -> OffsetDateTime {
    sqlx::query_scalar("SELECT now()").fetch_one(pool).await.expect("read the database clock")
}

/// How many rows `jobs` holds.
pub async fn job_count(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM jobs").fetch_one(pool).await.expect("count jobs")
}

/// A table in which handlers record their runs: job, worker, exclusive key, attempt, and start and end by the
/// database's clock.
pub async fn create_runs_table(pool: &PgPool) {
    sqlx::query(
        "CREATE TABLE runs (job_id bigint NOT NULL, worker text NOT NULL, exclusive_key text, attempt int NOT NULL,
                            started_at timestamptz NOT NULL DEFAULT clock_timestamp(), ended_at timestamptz)",
    )
    .execute(pool)
    .await
    .expect("create the runs table");
}

/// Records the start of a run of `job` by `worker`; returns its start time, which names the run for [`end_run`].
pub async fn start_run(pool: &PgPool, job: &Job, worker: &str) -> OffsetDateTime {
    sqlx::query_scalar(
        "INSERT INTO runs (job_id, worker, exclusive_key, attempt) VALUES ($1, $2, $3, $4) RETURNING started_at",
    )
    .bind(job.id.0)
    .bind(worker)
    .bind(&job.exclusive_key)
    .bind(job.attempt)
    .fetch_one(pool)
    .await
    .expect("record a run's start")
}

/// Records the end of the run of `job` that started at `started_at`.
pub async fn end_run(pool: &PgPool, job: &Job, started_at: OffsetDateTime) {
    sqlx::query("UPDATE runs SET ended_at = clock_timestamp() WHERE job_id = $1 AND started_at = $2")
        .bind(job.id.0)
        .bind(started_at)
        .execute(pool)
        .await
        .expect("record a run's end");
}

/// Sends once when dropped: put it in a handler's future to learn when the handler was stopped.
pub struct DropSignal(pub mpsc::UnboundedSender<()>);

impl Drop for DropSignal {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}
