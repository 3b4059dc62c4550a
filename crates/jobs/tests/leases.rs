//! Leases: a crashed worker's job is taken over once its lease runs out (at least once), a job whose last attempt
//! crashed fails instead, a worker that lost its lease stops the handler, and a graceful shutdown hands unfinished
//! jobs back for immediate pickup while letting short ones finish.

mod support;

use std::time::Duration;

use crossfade_jobs::{Handlers, Job, JobResult, JobState, NewJob, Queue};
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tokio::sync::mpsc;
use tokio::time::Instant;

use support::{DropSignal, LEASE, RunningWorker, config, eventually, job_count, received};

/// A handler that reports each attempt, then never finishes on the attempts in `hang_on` and succeeds otherwise.
fn reporting(hang_on: &'static [i32], ran: mpsc::UnboundedSender<i32>, dropped: mpsc::UnboundedSender<()>) -> Handlers {
    Handlers::new().register("sync", move |job: Job| {
        let (ran, dropped) = (ran.clone(), dropped.clone());
        async move {
            let _guard = DropSignal(dropped);
            let _ = ran.send(job.attempt);
            if hang_on.contains(&job.attempt) {
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
            JobResult::Ok(())
        }
    })
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_crashed_workers_job_is_run_again_after_its_lease_runs_out(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let (first_process, second_process) = (support::pool(&connect).await, support::pool(&connect).await);
    let queue = Queue::new(first_process.clone());
    let id = queue.enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    let (ran, mut runs) = mpsc::unbounded_channel();
    let (dropped, _drops) = mpsc::unbounded_channel();

    let crashing =
        RunningWorker::start(&first_process, reporting(&[1], ran.clone(), dropped.clone()), config("doomed"));
    assert_eq!(received(&mut runs).await, 1);
    crashing.kill().await;
    let crashed_at = Instant::now();

    let survivor = RunningWorker::start(&second_process, reporting(&[], ran, dropped), config("survivor"));
    let job = queue.get(id).await.unwrap().expect("the crashed attempt left its row");
    assert_eq!((job.state, job.locked_by.as_deref()), (JobState::Running, Some("doomed")));
    assert_eq!(received(&mut runs).await, 2, "the survivor runs it again as attempt 2");
    assert!(crashed_at.elapsed() >= LEASE * 3 / 4, "not taken over before the lease ran out");
    eventually("the job succeeded", Duration::from_secs(2), || async { job_count(&second_process).await == 0 }).await;

    survivor.stop().await;
    first_process.close().await;
    second_process.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_job_whose_last_attempt_crashed_fails_instead_of_running_again(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let id = queue.enqueue(NewJob::new("sync", json!({})).with_max_attempts(1)).await.unwrap();
    let (ran, mut runs) = mpsc::unbounded_channel();
    let (dropped, _drops) = mpsc::unbounded_channel();
    let crashing = RunningWorker::start(&pool, reporting(&[1], ran.clone(), dropped.clone()), config("doomed"));
    assert_eq!(received(&mut runs).await, 1);
    crashing.kill().await;

    let survivor = RunningWorker::start(&pool, reporting(&[], ran, dropped), config("survivor"));
    eventually("the job has failed", Duration::from_secs(3), || async {
        queue.get(id).await.unwrap().unwrap().state == JobState::Failed
    })
    .await;
    survivor.stop().await;
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!(job.last_error.as_deref(), Some("the worker stopped during the last attempt (its lease ran out)"));
    assert!(runs.try_recv().is_err(), "it did not run a second time");
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_worker_that_lost_its_lease_stops_the_handler_and_writes_nothing(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let id = queue.enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    let (ran, mut runs) = mpsc::unbounded_channel();
    let (dropped, mut drops) = mpsc::unbounded_channel();
    let worker = RunningWorker::start(&pool, reporting(&[1], ran, dropped), config("loser"));
    assert_eq!(received(&mut runs).await, 1);

    // Another worker takes the job over, as it would after this worker's lease had run out.
    sqlx::query(
        "UPDATE jobs SET locked_by = 'thief', lease_token = nextval('jobs_lease_token_seq'),
                         locked_until = now() + interval '1 hour'
         WHERE id = $1",
    )
    .bind(id.0)
    .execute(&pool)
    .await
    .unwrap();
    let stopped = tokio::time::timeout(LEASE, drops.recv()).await;
    assert!(stopped.is_ok(), "the handler is aborted at the next heartbeat");
    // Give a wrong write time to happen before looking.
    tokio::time::sleep(LEASE / 4).await;
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!((job.state, job.locked_by.as_deref(), job.attempts), (JobState::Running, Some("thief"), 1));

    worker.stop().await;
    pool.close().await;
}

/// A handler whose first attempt takes every connection its worker's pool has left (so heartbeats cannot get one)
/// and never finishes; later attempts succeed. Reports "started n" and "stopped n" for attempt n.
fn hogging(pool: &PgPool, events: mpsc::UnboundedSender<String>) -> Handlers {
    let pool = pool.clone();
    Handlers::new().register("sync", move |job: Job| {
        let (pool, events) = (pool.clone(), events.clone());
        async move {
            let _ = events.send(format!("started {}", job.attempt));
            if job.attempt > 1 {
                return JobResult::Ok(());
            }
            let _stopped = Announce(events, format!("stopped {}", job.attempt));
            let held = [pool.acquire().await, pool.acquire().await];
            tokio::time::sleep(Duration::from_secs(60)).await;
            drop(held);
            JobResult::Ok(())
        }
    })
}

/// Sends its message when dropped.
struct Announce(mpsc::UnboundedSender<String>, String);

impl Drop for Announce {
    fn drop(&mut self) {
        let _ = self.0.send(std::mem::take(&mut self.1));
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_worker_that_cannot_extend_its_lease_stops_the_handler_before_another_may_take_over(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    // Three connections: the wake-up listener's and the two the handler takes.
    let starved = PgPoolOptions::new().max_connections(3).connect_with(connect.clone()).await.unwrap();
    let healthy = support::pool(&connect).await;
    Queue::new(healthy.clone()).enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    let (events, mut seen) = mpsc::unbounded_channel();
    let first = RunningWorker::start(&starved, hogging(&starved, events.clone()), config("starved"));
    assert_eq!(received(&mut seen).await, "started 1");
    let second = RunningWorker::start(&healthy, hogging(&healthy, events), config("healthy"));

    assert_eq!(received(&mut seen).await, "stopped 1", "the first attempt stops before the job is taken over");
    assert_eq!(received(&mut seen).await, "started 2");
    eventually("the job succeeded", Duration::from_secs(2), || async { job_count(&healthy).await == 0 }).await;

    second.stop().await;
    first.stop().await;
    starved.close().await;
    healthy.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_graceful_shutdown_hands_unfinished_jobs_back_for_immediate_pickup(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let (first_process, second_process) = (support::pool(&connect).await, support::pool(&connect).await);
    let queue = Queue::new(first_process.clone());
    let id = queue.enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    let (ran, mut runs) = mpsc::unbounded_channel();
    let (dropped, mut drops) = mpsc::unbounded_channel();
    let leaving =
        RunningWorker::start(&first_process, reporting(&[1], ran.clone(), dropped.clone()), config("leaving"));
    assert_eq!(received(&mut runs).await, 1);

    let stopping = Instant::now();
    leaving.stop().await;
    assert!(stopping.elapsed() < LEASE, "the shutdown waits only for its grace period");
    // The unfinished handler was stopped.
    received(&mut drops).await;
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!(job.state, JobState::Queued);
    assert_eq!(job.attempts, 0, "the interrupted attempt does not count");
    assert!(job.run_at <= support::db_now(&first_process).await, "due at once");
    assert_eq!(job.locked_by, None);

    let picking_up = Instant::now();
    let next = RunningWorker::start(&second_process, reporting(&[], ran, dropped), config("next"));
    assert_eq!(received(&mut runs).await, 1);
    assert!(picking_up.elapsed() < LEASE, "picked up without waiting for a lease to run out");
    eventually("the job succeeded", Duration::from_secs(2), || async { job_count(&second_process).await == 0 }).await;

    next.stop().await;
    first_process.close().await;
    second_process.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_graceful_shutdown_lets_short_jobs_finish(_options: PgPoolOptions, connect: PgConnectOptions) {
    let pool = support::pool(&connect).await;
    let (started, mut starts) = mpsc::unbounded_channel();
    let handlers = Handlers::new().register("sync", move |_job: Job| {
        let started = started.clone();
        async move {
            let _ = started.send(());
            tokio::time::sleep(Duration::from_millis(50)).await;
            JobResult::Ok(())
        }
    });
    Queue::new(pool.clone()).enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    let worker = RunningWorker::start(&pool, handlers, config("patient"));
    received(&mut starts).await;
    worker.stop().await;
    assert_eq!(job_count(&pool).await, 0, "the job finished within the grace period");
    pool.close().await;
}
