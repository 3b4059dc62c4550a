//! Workers that claim only some kinds of jobs: a process runs slow background kinds on a worker of their own, so
//! they never take the slots its syncs and imports need, and the other worker leaves them alone.

mod support;

use std::time::Duration;

use crossfade_jobs::{Handlers, Job, JobResult, JobState, Kinds, NewJob, Queue, WorkerConfig};
use serde_json::json;
use sqlx::PgPool;

use support::{RunningWorker, config, eventually};

/// Handlers for `slow` and `quick` that mark each job done at once.
fn handlers() -> Handlers {
    Handlers::new()
        .register("slow", |_job: Job| async { JobResult::Ok(()) })
        .register("quick", |_job: Job| async { JobResult::Ok(()) })
}

fn worker(name: &str, kinds: Kinds) -> WorkerConfig {
    WorkerConfig { kinds, ..config(name) }
}

/// A job's state; `None` once it succeeded (finished jobs leave the queue).
async fn state(queue: &Queue, id: crossfade_jobs::JobId) -> Option<JobState> {
    queue.get(id).await.unwrap().map(|job| job.state)
}

#[sqlx::test(migrations = "../../migrations")]
async fn each_worker_claims_only_its_kinds(pool: PgPool) {
    let queue = Queue::new(pool.clone());
    let slow = queue.enqueue(NewJob::new("slow", json!({}))).await.unwrap();
    let quick = queue.enqueue(NewJob::new("quick", json!({}))).await.unwrap();

    let others = RunningWorker::start(&pool, handlers(), worker("others", Kinds::AllBut(vec!["slow".into()])));
    eventually("the quick job ran", Duration::from_secs(5), || async { state(&queue, quick).await.is_none() }).await;
    // Given time to claim it, the worker that leaves slow jobs alone has not touched the slow one.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(state(&queue, slow).await, Some(JobState::Queued));
    others.stop().await;

    let background = RunningWorker::start(&pool, handlers(), worker("background", Kinds::Only(vec!["slow".into()])));
    let later_quick = queue.enqueue(NewJob::new("quick", json!({}))).await.unwrap();
    eventually("the slow job ran", Duration::from_secs(5), || async { state(&queue, slow).await.is_none() }).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(state(&queue, later_quick).await, Some(JobState::Queued), "only slow jobs are this worker's");
    background.stop().await;
}
