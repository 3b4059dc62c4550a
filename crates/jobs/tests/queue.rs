//! Enqueueing: duplicates collapse and only ever pull a job earlier, enqueues join the caller's transaction, an
//! enqueue wakes an idle worker at once, lookups for status pages, and a user's jobs go with the user.

mod support;

use std::time::Duration;

use crossfade_jobs::{Handlers, Job, JobResult, JobState, NewJob, Queue};
use serde_json::json;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use time::Duration as Span;
use tokio::sync::mpsc;

use support::{DropSignal, RunningWorker, config, db_now, eventually, insert_user, job_count, received};

fn sync_request(n: i64) -> NewJob {
    NewJob::new("sync", json!({ "n": n })).with_dedupe_key("sync:user:1")
}

#[sqlx::test(migrations = "../../migrations")]
async fn duplicate_enqueues_collapse_and_only_pull_the_run_earlier(pool: PgPool) {
    let queue = Queue::new(pool.clone());
    let now = db_now(&pool).await;
    let first = queue.enqueue(sync_request(1).with_run_at(now + Span::hours(1))).await.unwrap();

    let later = queue.enqueue(sync_request(2).with_run_at(now + Span::hours(2))).await.unwrap();
    assert_eq!(later, first);
    let job = queue.get(first).await.unwrap().unwrap();
    assert_eq!(job.run_at, now + Span::hours(1), "a later request must not postpone the queued job");

    let earlier = queue.enqueue(sync_request(3).with_run_at(now + Span::minutes(10))).await.unwrap();
    assert_eq!(earlier, first);
    assert_eq!(queue.get(first).await.unwrap().unwrap().run_at, now + Span::minutes(10));

    let immediate = queue.enqueue(sync_request(4)).await.unwrap();
    assert_eq!(immediate, first);
    let job = queue.queued("sync:user:1").await.unwrap().expect("the job is queued");
    assert_eq!(job.id, first);
    assert_eq!(job.state, JobState::Queued);
    assert!(job.run_at <= db_now(&pool).await, "'sync now' makes the job due at once");
    assert_eq!(job.payload, json!({ "n": 1 }), "the queued job keeps its own payload");
    assert_eq!(job_count(&pool).await, 1);

    let other = queue.enqueue(NewJob::new("sync", json!({})).with_dedupe_key("sync:user:2")).await.unwrap();
    assert_ne!(other, first);
    let undeduplicated = queue.enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    assert_ne!(undeduplicated, first);
    assert_eq!(job_count(&pool).await, 3);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_delay_is_measured_from_the_database_clock(pool: PgPool) {
    let queue = Queue::new(pool.clone());
    let id = queue.enqueue(NewJob::new("sync", json!({})).with_delay(Duration::from_secs(90))).await.unwrap();
    let job = queue.get(id).await.unwrap().unwrap();
    assert_eq!(job.run_at - job.created_at, Span::seconds(90));
}

#[sqlx::test(migrations = "../../migrations")]
async fn an_enqueue_in_a_transaction_exists_only_once_it_commits(pool: PgPool) {
    let mut transaction = pool.begin().await.unwrap();
    Queue::enqueue_in(&mut *transaction, NewJob::new("import_history", json!({}))).await.unwrap();
    transaction.rollback().await.unwrap();
    assert_eq!(job_count(&pool).await, 0);

    let mut transaction = pool.begin().await.unwrap();
    let id = Queue::enqueue_in(&mut *transaction, NewJob::new("import_history", json!({}))).await.unwrap();
    assert_eq!(job_count(&pool).await, 0, "invisible before the commit");
    transaction.commit().await.unwrap();
    let job = Queue::new(pool.clone()).get(id).await.unwrap().expect("the job exists after the commit");
    assert_eq!(job.kind, "import_history");
}

#[sqlx::test(migrations = "../../migrations")]
async fn an_enqueue_wakes_an_idle_worker_at_once(_options: PgPoolOptions, connect: PgConnectOptions) {
    let pool = support::pool(&connect).await;
    let (ran, mut runs) = mpsc::unbounded_channel();
    let handlers = Handlers::new().register("sync", move |job: Job| {
        let ran = ran.clone();
        async move {
            let _ = ran.send(job.id);
            JobResult::Ok(())
        }
    });
    let mut slow_polling = config("idle");
    slow_polling.poll_interval = Duration::from_secs(30);
    let worker = RunningWorker::start(&pool, handlers, slow_polling);
    // Long enough for the worker to find nothing and go to sleep.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let id = Queue::new(pool.clone()).enqueue(NewJob::new("sync", json!({}))).await.unwrap();
    let woke = tokio::time::timeout(Duration::from_secs(2), runs.recv()).await;
    assert_eq!(woke.expect("the notification wakes the worker long before its next poll"), Some(id));

    worker.stop().await;
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn deleting_a_user_deletes_their_jobs_and_stops_the_running_one(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let leaving = insert_user(&pool, "leaving").await;
    let staying = insert_user(&pool, "staying").await;
    let (started, mut starts) = mpsc::unbounded_channel();
    let (dropped, mut drops) = mpsc::unbounded_channel::<()>();
    let handlers = Handlers::new().register("sync", move |job: Job| {
        let (started, dropped) = (started.clone(), dropped.clone());
        async move {
            // Dropped with the handler's future: tells the test the handler was stopped.
            let _guard = DropSignal(dropped);
            let _ = started.send(job.id);
            tokio::time::sleep(Duration::from_secs(30)).await;
            JobResult::Ok(())
        }
    });
    let running = queue.enqueue(NewJob::new("sync", json!({})).with_user(leaving)).await.unwrap();
    let worker = RunningWorker::start(&pool, handlers, config("users"));
    assert_eq!(received(&mut starts).await, running);

    let in_an_hour = NewJob::new("sync", json!({})).with_delay(Duration::from_secs(3600));
    let later = queue.enqueue(in_an_hour.clone().with_user(leaving)).await.unwrap();
    let kept = queue.enqueue(in_an_hour.with_user(staying)).await.unwrap();
    assert_eq!(queue.for_user(leaving).await.unwrap().len(), 2);

    sqlx::query("DELETE FROM users WHERE id = $1").bind(leaving).execute(&pool).await.unwrap();
    assert!(queue.for_user(leaving).await.unwrap().is_empty());
    assert!(queue.get(later).await.unwrap().is_none());
    assert!(queue.get(running).await.unwrap().is_none());
    assert_eq!(queue.for_user(staying).await.unwrap().iter().map(|job| job.id).collect::<Vec<_>>(), vec![kept]);

    let stopped = tokio::time::timeout(support::LEASE, drops.recv()).await;
    assert!(stopped.is_ok(), "the deleted user's running handler is stopped at its next heartbeat");
    assert_eq!(job_count(&pool).await, 1);

    worker.stop().await;
    pool.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn status_lookups_find_the_running_job_by_its_exclusive_key(_options: PgPoolOptions, connect: PgConnectOptions) {
    let pool = support::pool(&connect).await;
    let queue = Queue::new(pool.clone());
    let handlers = Handlers::new().register("sync", |_job: Job| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        JobResult::Ok(())
    });
    let id = queue.enqueue(NewJob::new("sync", json!({})).with_exclusive_key("user:5")).await.unwrap();
    assert!(queue.running("user:5").await.unwrap().is_none());
    let worker = RunningWorker::start(&pool, handlers, config("status"));

    eventually("the job runs", Duration::from_secs(3), || async { queue.running("user:5").await.unwrap().is_some() })
        .await;
    let job = queue.running("user:5").await.unwrap().unwrap();
    assert_eq!((job.id, job.state, job.attempts), (id, JobState::Running, 1));
    assert_eq!(job.locked_by.as_deref(), Some("status"));
    assert!(job.locked_until.expect("a running job has a lease") > db_now(&pool).await);
    assert!(queue.queued("user:5").await.unwrap().is_none());

    worker.stop().await;
    pool.close().await;
}
