//! Periodic work without a scheduler: a handler enqueues its successor, the schedule holds, "sync now" pulls the
//! next run forward, and a successor queued during an attempt that is retried collapses into the retried job.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossfade_jobs::{Handlers, Job, JobError, JobState, NewJob, Queue};
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use time::OffsetDateTime;
use tokio::time::Instant;

use support::{LEASE, RunningWorker, config, db_now, eventually, job_count};

const INTERVAL: Duration = Duration::from_millis(300);

fn refresh_request() -> NewJob {
    NewJob::new("refresh", json!({})).with_dedupe_key("refresh:user:1").with_exclusive_key("user:1")
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_periodic_job_runs_again_after_its_interval_and_sync_now_pulls_it_forward(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let starts = Arc::new(Mutex::new(Vec::<OffsetDateTime>::new()));
    let (seen, handler_pool) = (starts.clone(), pool.clone());
    let handlers = Handlers::new().register("refresh", move |job: Job| {
        let (seen, pool) = (seen.clone(), handler_pool.clone());
        async move {
            let now = db_now(&pool).await;
            seen.lock().unwrap().push(now);
            Queue::new(pool)
                .enqueue(job.successor(INTERVAL))
                .await
                .map_err(|error| JobError::retry(error.to_string()))?;
            Ok(())
        }
    });
    queue.enqueue(refresh_request()).await.unwrap();
    let worker = RunningWorker::start(&pool, handlers, config("scheduler"));
    let runs = || starts.lock().unwrap().len();

    eventually("three scheduled runs", Duration::from_secs(3), || async { runs() >= 3 }).await;
    queue.enqueue(refresh_request()).await.unwrap();
    eventually("the run asked for now", Duration::from_secs(2), || async { runs() >= 4 }).await;
    worker.stop().await;

    let starts = starts.lock().unwrap().clone();
    let interval = time::Duration::try_from(INTERVAL).unwrap();
    for pair in starts[..3].windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= interval && gap < interval * 3, "scheduled runs {gap} apart");
    }
    assert!(starts[3] - starts[2] < interval, "'sync now' did not wait for the schedule");
    assert!(queue.queued("refresh:user:1").await.unwrap().is_some(), "the next run is scheduled");
    assert_eq!(job_count(&pool).await, 1, "one queued run at a time");
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_successor_queued_during_a_retried_attempt_collapses_into_the_retry(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let (seen, handler_pool) = (attempts.clone(), pool.clone());
    let handlers = Handlers::new().register("refresh", move |job: Job| {
        let (seen, pool) = (seen.clone(), handler_pool.clone());
        async move {
            seen.lock().unwrap().push((job.attempt, Instant::now()));
            let successor = job.successor(Duration::from_secs(3600));
            Queue::new(pool).enqueue(successor).await.map_err(|error| JobError::retry(error.to_string()))?;
            if job.attempt == 1 { Err(JobError::retry("Spotify answered 502")) } else { Ok(()) }
        }
    });
    let first = queue.enqueue(refresh_request()).await.unwrap();
    let worker = RunningWorker::start(&pool, handlers, config("retrying"));

    eventually("the retry succeeded", Duration::from_secs(3), || async { queue.get(first).await.unwrap().is_none() })
        .await;
    worker.stop().await;

    let attempts = attempts.lock().unwrap().clone();
    assert_eq!(attempts.iter().map(|(attempt, _)| *attempt).collect::<Vec<_>>(), vec![1, 2]);
    assert!(
        attempts[1].1 - attempts[0].1 < LEASE / 2,
        "the retry was back in the queue after its backoff, not stuck until its lease ran out"
    );
    let jobs = sqlx::query_scalar::<_, String>("SELECT state FROM jobs").fetch_all(&pool).await.unwrap();
    assert_eq!(jobs, vec![JobState::Queued.as_str()], "only the successor of the successful attempt is left");
    let next = queue.queued("refresh:user:1").await.unwrap().unwrap();
    assert!(next.run_at - db_now(&pool).await > time::Duration::minutes(59), "the successor keeps its hour");
    assert_eq!(next.attempts, 0);
    pool.close().await;
}
