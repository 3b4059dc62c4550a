//! What happens after an attempt that did not succeed: exponential backoff with jitter up to `max_attempts`, rate
//! limits rescheduled to the given time without using an attempt, panics retried, permanent failures kept for
//! status pages, and jobs of unknown kinds failed with a clear message.

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossfade_jobs::{Backoff, Handlers, Job, JobError, JobResult, JobState, NewJob, Queue};
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use time::OffsetDateTime;
use tokio::sync::mpsc;
use tokio::time::Instant;

use support::{RunningWorker, config, db_now, eventually, insert_user, job_count, received};

#[sqlx::test(migrations = "../../migrations")]
async fn retries_back_off_exponentially_with_jitter_until_max_attempts(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let handlers =
        Handlers::new().register("sync", |_job: Job| async { Err(JobError::retry("upstream answered 503")) });
    let backoff = Backoff { base: Duration::from_millis(300), cap: Duration::from_secs(10) };
    let mut settings = config("retries");
    settings.backoff = backoff;
    let failing = NewJob::new("sync", json!({})).with_max_attempts(4);
    let ids = [queue.enqueue(failing.clone()).await.unwrap(), queue.enqueue(failing).await.unwrap()];
    let worker = RunningWorker::start(&pool, handlers, settings);

    // Each wait, as the worker wrote it: run_at - updated_at of the queued row after attempt n.
    let mut waits: BTreeMap<(i64, i32), f64> = BTreeMap::new();
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let rows: Vec<(i64, i32, String, f64)> = sqlx::query_as(
            "SELECT id, attempts, state, extract(epoch FROM run_at - updated_at)::float8 FROM jobs ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        for (id, attempts, state, wait) in &rows {
            if state == "queued" && *attempts > 0 {
                waits.insert((*id, *attempts), *wait);
            }
        }
        if rows.iter().all(|(_, _, state, _)| state == "failed") {
            break;
        }
        assert!(Instant::now() < deadline, "timed out waiting until both jobs have failed for good");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    worker.stop().await;

    for id in ids {
        let job = queue.get(id).await.unwrap().unwrap();
        assert_eq!((job.state, job.attempts), (JobState::Failed, 4));
        assert_eq!(job.last_error.as_deref(), Some("upstream answered 503"));
        let series: Vec<f64> = (1..=3).map(|attempt| waits[&(id.0, attempt)]).collect();
        for (attempt, wait) in (1..=3).zip(&series) {
            let ceiling = backoff.ceiling(attempt).as_secs_f64();
            assert!(*wait >= ceiling / 2.0 - 1e-6 && *wait <= ceiling + 1e-6, "attempt {attempt} waited {wait}");
        }
        assert!(series.windows(2).all(|pair| pair[0] <= pair[1]), "waits must grow: {series:?}");
    }
    let first: Vec<f64> = waits.range((ids[0].0, 0)..(ids[0].0 + 1, 0)).map(|(_, wait)| *wait).collect();
    let second: Vec<f64> = waits.range((ids[1].0, 0)..(ids[1].0 + 1, 0)).map(|(_, wait)| *wait).collect();
    assert_ne!(first, second, "jitter spreads jobs that failed together");
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_rate_limited_job_is_rescheduled_to_the_given_time_without_using_an_attempt(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let retry_at: OffsetDateTime =
        sqlx::query_scalar("SELECT now() + interval '1 hour 2.345678 seconds'").fetch_one(&pool).await.unwrap();
    let (ran, mut runs) = mpsc::unbounded_channel();
    let handlers = Handlers::new()
        .register("sync", move |job: Job| {
            let ran = ran.clone();
            async move {
                let _ = ran.send(job.attempt);
                match job.payload["times_limited"].as_i64() {
                    Some(0) => Ok(()),
                    _ => Err(JobError::retry_at(retry_at, "rate limited")),
                }
            }
        })
        .register("other", |_job: Job| async { JobResult::Ok(()) });
    let mut settings = config("rate-limits");
    settings.concurrency = 1;
    let limited = queue.enqueue(NewJob::new("sync", json!({ "times_limited": 1 })).with_max_attempts(1)).await;
    let limited = limited.unwrap();
    let worker = RunningWorker::start(&pool, handlers, settings);
    assert_eq!(received(&mut runs).await, 1);

    eventually("the job is back in the queue", Duration::from_secs(3), || async {
        queue.get(limited).await.unwrap().unwrap().state == JobState::Queued
    })
    .await;
    let job = queue.get(limited).await.unwrap().unwrap();
    assert_eq!(job.run_at, retry_at, "due exactly at the time given");
    assert_eq!(job.attempts, 0, "a rate-limited attempt does not count");
    assert_eq!(job.last_error.as_deref(), Some("rate limited"));
    assert_eq!((job.locked_by, job.locked_until), (None, None));

    // The worker's only slot is free: it did not sleep until the rate limit ends.
    let other = queue.enqueue(NewJob::new("other", json!({}))).await.unwrap();
    eventually("another job runs meanwhile", Duration::from_secs(2), || async {
        queue.get(other).await.unwrap().is_none()
    })
    .await;

    sqlx::query("UPDATE jobs SET run_at = now(), payload = '{\"times_limited\": 0}' WHERE id = $1")
        .bind(limited.0)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(received(&mut runs).await, 1, "the next run is still the first counted attempt");
    eventually("the job succeeds", Duration::from_secs(2), || async { job_count(&pool).await == 0 }).await;
    worker.stop().await;
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn rate_limits_never_exhaust_the_attempts(_options: PgPoolOptions, connect: PgConnectOptions) {
    let pool = support::pool(&connect).await;
    let starts = Arc::new(Mutex::new(Vec::<(i32, OffsetDateTime)>::new()));
    let seen = starts.clone();
    let handler_pool = pool.clone();
    let handlers = Handlers::new().register("sync", move |job: Job| {
        let (seen, pool) = (seen.clone(), handler_pool.clone());
        async move {
            let now = db_now(&pool).await;
            let count = {
                let mut starts = seen.lock().unwrap();
                starts.push((job.attempt, now));
                starts.len()
            };
            if count < 3 { Err(JobError::retry_after(Duration::from_millis(150), "rate limited")) } else { Ok(()) }
        }
    });
    Queue::new(pool.clone()).enqueue(NewJob::new("sync", json!({})).with_max_attempts(1)).await.unwrap();
    let worker = RunningWorker::start(&pool, handlers, config("limited"));

    eventually("the job succeeds", Duration::from_secs(3), || async { job_count(&pool).await == 0 }).await;
    worker.stop().await;
    let starts = starts.lock().unwrap().clone();
    assert_eq!(starts.iter().map(|(attempt, _)| *attempt).collect::<Vec<_>>(), vec![1, 1, 1]);
    for pair in starts.windows(2) {
        assert!(pair[1].1 - pair[0].1 >= time::Duration::milliseconds(150), "ran before the rate limit ended");
    }
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_panicking_handler_is_retried_and_its_last_panic_recorded(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let seen = attempts.clone();
    let handlers = Handlers::new().register("sync", move |job: Job| {
        let seen = seen.clone();
        async move {
            seen.lock().unwrap().push((job.id, job.attempt));
            if job.payload["always_panics"] == json!(true) || job.attempt == 1 {
                panic!("boom");
            }
            Ok(())
        }
    });
    let recovers = queue.enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    let keeps_panicking = queue.enqueue(NewJob::new("sync", json!({ "always_panics": true })).with_max_attempts(2));
    let keeps_panicking = keeps_panicking.await.unwrap();
    let worker = RunningWorker::start(&pool, handlers, config("panics"));

    eventually("one job succeeded and one failed", Duration::from_secs(3), || async {
        let remaining = queue.get(keeps_panicking).await.unwrap();
        queue.get(recovers).await.unwrap().is_none() && remaining.is_some_and(|job| job.state == JobState::Failed)
    })
    .await;
    worker.stop().await;

    let attempts = attempts.lock().unwrap().clone();
    let of = |id| attempts.iter().filter(|(job, _)| *job == id).map(|(_, attempt)| *attempt).collect::<Vec<_>>();
    assert_eq!(of(recovers), vec![1, 2]);
    assert_eq!(of(keeps_panicking), vec![1, 2]);
    let failed = queue.get(keeps_panicking).await.unwrap().unwrap();
    assert_eq!(failed.last_error.as_deref(), Some("the handler panicked: boom"));
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn permanent_failures_and_unknown_kinds_fail_at_once_and_stay_for_status_pages(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let user = insert_user(&pool, "someone").await;
    let handlers = Handlers::new().register("sync", |job: Job| async move {
        let payload: SyncPayload = job.payload_as()?;
        Err(JobError::fail(format!("playlist {} is gone", payload.playlist)))
    });
    let gone = queue.enqueue(NewJob::new("sync", json!({ "playlist": "p1" })).with_user(user)).await.unwrap();
    let malformed = queue.enqueue(NewJob::new("sync", json!({ "playlist": 7 })).with_user(user)).await.unwrap();
    let unknown = queue.enqueue(NewJob::new("compose_symphony", json!({})).with_user(user)).await.unwrap();
    let worker = RunningWorker::start(&pool, handlers, config("failures"));

    eventually("every job has failed", Duration::from_secs(3), || async {
        let jobs = queue.for_user(user).await.unwrap();
        jobs.len() == 3 && jobs.iter().all(|job| job.state == JobState::Failed)
    })
    .await;
    worker.stop().await;

    let gone = queue.get(gone).await.unwrap().unwrap();
    assert_eq!((gone.attempts, gone.last_error.as_deref()), (1, Some("playlist p1 is gone")));
    let malformed = queue.get(malformed).await.unwrap().unwrap();
    assert_eq!(malformed.attempts, 1);
    assert!(malformed.last_error.unwrap().starts_with("malformed payload: "));
    let unknown = queue.get(unknown).await.unwrap().unwrap();
    assert_eq!(unknown.last_error.as_deref(), Some("no handler is registered for job kind \"compose_symphony\""));

    assert_eq!(queue.failed_for_user(user, "sync").await.unwrap().len(), 2);
    assert_eq!(queue.failed_for_user(user, "compose_symphony").await.unwrap().len(), 1);
    assert_eq!(queue.prune_failed(Duration::from_secs(3600)).await.unwrap(), 0, "recent failures are kept");
    assert_eq!(queue.prune_failed(Duration::ZERO).await.unwrap(), 3);
    assert_eq!(job_count(&pool).await, 0);
    pool.close().await;
}

#[derive(serde::Deserialize)]
struct SyncPayload {
    playlist: String,
}
