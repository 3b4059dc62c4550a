//! Several workers, each with a pool of its own as separate server processes would have, sharing one database:
//! every job runs exactly once, and jobs of one exclusive key never overlap.

mod support;

use std::time::Duration;

use crossfade_jobs::{Handlers, Job, JobResult, NewJob, Queue, WorkerConfig};
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use support::{RunningWorker, config, create_runs_table, end_run, eventually, job_count, start_run};

/// A handler that records each run in `runs`, sleeping for the payload's `sleep_ms` in between.
fn recording(pool: &PgPool, worker: &'static str) -> Handlers {
    let pool = pool.clone();
    Handlers::new().register("sync", move |job: Job| {
        let pool = pool.clone();
        async move {
            let started_at = start_run(&pool, &job, worker).await;
            let sleep = job.payload["sleep_ms"].as_u64().unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(sleep)).await;
            end_run(&pool, &job, started_at).await;
            JobResult::Ok(())
        }
    })
}

/// These tests are about claiming, not leases: a lease that a busy machine cannot miss.
fn settings(name: &str) -> WorkerConfig {
    config(name).with_lease(Duration::from_secs(5))
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Pairs of distinct runs that overlap in time and satisfy `same` (a condition on runs `a` and `b`).
async fn overlaps(pool: &PgPool, same: &str) -> i64 {
    let sql = format!(
        "SELECT count(*) FROM runs a JOIN runs b ON a.ctid <> b.ctid AND {same}
         WHERE a.started_at < b.ended_at AND b.started_at < a.ended_at"
    );
    scalar(pool, &sql).await
}

#[sqlx::test(migrations = "../../migrations")]
async fn jobs_of_one_exclusive_key_never_run_at_the_same_time(_options: PgPoolOptions, connect: PgConnectOptions) {
    let pools = [support::pool(&connect).await, support::pool(&connect).await, support::pool(&connect).await];
    create_runs_table(&pools[0]).await;
    let queue = Queue::new(pools[0].clone());
    for (key, count) in [("user:7", 24), ("user:8", 12)] {
        for _ in 0..count {
            queue.enqueue(NewJob::new("sync", json!({ "sleep_ms": 20 })).with_exclusive_key(key)).await.unwrap();
        }
    }
    let names = ["first", "second", "third"];
    let workers: Vec<RunningWorker> = pools
        .iter()
        .zip(names)
        .map(|(pool, name)| RunningWorker::start(pool, recording(pool, name), settings(name)))
        .collect();

    eventually("every job ran", Duration::from_secs(10), || async { job_count(&pools[0]).await == 0 }).await;
    for worker in workers {
        worker.stop().await;
    }

    let pool = &pools[0];
    assert_eq!(scalar(pool, "SELECT count(*) FROM runs WHERE exclusive_key = 'user:7'").await, 24);
    assert_eq!(scalar(pool, "SELECT count(*) FROM runs WHERE exclusive_key = 'user:8'").await, 12);
    assert_eq!(scalar(pool, "SELECT count(*) FROM runs WHERE ended_at IS NULL").await, 0);
    assert_eq!(overlaps(pool, "a.exclusive_key = b.exclusive_key").await, 0, "two runs of one key overlapped");
    assert!(overlaps(pool, "a.exclusive_key <> b.exclusive_key").await > 0, "different keys run side by side");
    assert!(scalar(pool, "SELECT count(DISTINCT worker) FROM runs").await > 1, "the workers shared the work");
    for pool in pools {
        pool.close().await;
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn two_processes_run_each_of_200_jobs_exactly_once(_options: PgPoolOptions, connect: PgConnectOptions) {
    let (first_process, second_process) = (support::pool(&connect).await, support::pool(&connect).await);
    create_runs_table(&first_process).await;
    let mut transaction = first_process.begin().await.unwrap();
    for n in 0..200 {
        let job = NewJob::new("sync", json!({ "sleep_ms": n % 4 }));
        Queue::enqueue_in(&mut *transaction, job).await.unwrap();
    }
    transaction.commit().await.unwrap();

    let first = RunningWorker::start(&first_process, recording(&first_process, "first"), settings("first"));
    let second = RunningWorker::start(&second_process, recording(&second_process, "second"), settings("second"));
    eventually("every job ran", Duration::from_secs(15), || async { job_count(&first_process).await == 0 }).await;
    first.stop().await;
    second.stop().await;

    let pool = &first_process;
    let repeated: Vec<(i64, String, i32)> = sqlx::query_as(
        "SELECT job_id, worker, attempt FROM runs
         WHERE job_id IN (SELECT job_id FROM runs GROUP BY 1 HAVING count(*) > 1)
         ORDER BY job_id, started_at",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(repeated, vec![], "jobs that ran more than once (job, worker, attempt)");
    assert_eq!(scalar(pool, "SELECT count(*) FROM runs").await, 200, "each job ran once");
    assert_eq!(scalar(pool, "SELECT count(DISTINCT job_id) FROM runs").await, 200);
    assert_eq!(scalar(pool, "SELECT count(*) FROM runs WHERE attempt <> 1 OR ended_at IS NULL").await, 0);
    assert_eq!(overlaps(pool, "a.job_id = b.job_id").await, 0);
    for worker in ["first", "second"] {
        let ran: i64 = sqlx::query_scalar("SELECT count(*) FROM runs WHERE worker = $1")
            .bind(worker)
            .fetch_one(pool)
            .await
            .unwrap();
        assert!(ran > 0, "the {worker} process ran no job");
    }
    first_process.close().await;
    second_process.close().await;
}
