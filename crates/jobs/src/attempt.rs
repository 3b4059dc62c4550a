//! One attempt at a claimed job: the handler runs in its own task while heartbeats extend the lease; the handler is
//! aborted if the lease is lost or the worker stops it at shutdown; its outcome is written back if the job is still
//! ours.

use std::any::Any;
use std::future::pending;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::{JoinError, JoinHandle};
use tokio::time::{Instant, MissedTickBehavior, interval_at, sleep_until};
use tracing::{Instrument, info, info_span, warn};

use crate::handler::{Handler, JobResult};
use crate::lease::{self, Claimed, Requeue};
use crate::worker::Shared;
use crate::{Job, JobError};

/// A task that is aborted when its handle is dropped, so nothing a worker started outlives the worker.
pub(crate) struct AbortOnDrop<T>(pub JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How an attempt ended, before it is written back.
enum Ending {
    Finished(JobResult),
    /// The handler panicked.
    Panicked(String),
    /// The worker is shutting down: the job goes back to the queue for another worker.
    Released,
    /// The job is no longer ours; nothing is written.
    Lost,
}

/// Runs one attempt of `claimed` to its end. `stop` turns true when the worker's shutdown grace is over.
pub(crate) async fn run(shared: Arc<Shared>, claimed: Claimed, stop: watch::Receiver<bool>) {
    let job = &claimed.job;
    let span = info_span!("job", id = job.id.0, kind = %job.kind, user_id = job.user_id, attempt = job.attempt);
    async move {
        if claimed.taken_over {
            warn!("took over a job whose worker stopped before finishing (its lease ran out)");
        }
        let ending = match shared.handlers.get(&claimed.job.kind) {
            Some(handler) => supervise(&shared, &claimed, handler, stop).await,
            None => {
                let reason = format!("no handler is registered for job kind {:?}", claimed.job.kind);
                Ending::Finished(Err(JobError::Fail { reason }))
            }
        };
        write_back(&shared, &claimed, ending).await;
    }
    .instrument(span)
    .await;
}

/// Runs the handler in its own task (so a panic, even one before its first await, is caught) and keeps the lease alive until it ends. The handler is
/// stopped a tenth of the lease before the lease could run out unextended, so it has stopped before another worker
/// may take the job over.
async fn supervise(
    shared: &Shared,
    claimed: &Claimed,
    handler: Arc<dyn Handler>,
    mut stop: watch::Receiver<bool>,
) -> Ending {
    let config = &shared.config;
    let job = claimed.job.clone();
    let mut task = AbortOnDrop(tokio::spawn(async move { handler.run(job).await }.in_current_span()));
    let mut heartbeats = interval_at(Instant::now() + config.heartbeat, config.heartbeat);
    heartbeats.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // The database measured the lease from a moment after the last confirmed extension (or the claim) was sent.
    let safe_for = config.lease.mul_f64(0.9);
    let mut deadline = claimed.claimed_at + safe_for;
    loop {
        tokio::select! {
            biased;
            outcome = &mut task.0 => return ending_of(outcome),
            () = stopped(&mut stop) => {
                stop_handler(task).await;
                return Ending::Released;
            }
            () = sleep_until(deadline) => {
                warn!("could not extend the job's lease in time: stopping its handler");
                stop_handler(task).await;
                return Ending::Lost;
            }
            _ = heartbeats.tick() => {
                let sent_at = Instant::now();
                let extension = lease::heartbeat(&shared.pool, claimed.job.id, claimed.lease_token, config.lease);
                // A slow extension must not keep the handler running past the deadline.
                let extended = tokio::select! {
                    extended = extension => extended,
                    () = sleep_until(deadline) => continue,
                };
                match extended {
                    Ok(true) => deadline = sent_at + safe_for,
                    Ok(false) => {
                        warn!("lost the job's lease (taken over or deleted): stopping its handler");
                        stop_handler(task).await;
                        return Ending::Lost;
                    }
                    Err(error) => warn!(error = %error, "could not extend the job's lease; will try again"),
                }
            }
        }
    }
}

/// Aborts the handler and waits until it has stopped, so it never overlaps with the job's next run.
async fn stop_handler(mut task: AbortOnDrop<JobResult>) {
    task.0.abort();
    // The result is an expected cancellation, or the handler's own ending if it finished first: dropped either way.
    let _ = (&mut task.0).await;
}

/// Resolves when the worker's shutdown grace is over.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        if stop.changed().await.is_err() {
            // The worker is gone and aborts this attempt itself.
            pending::<()>().await;
        }
    }
}

fn ending_of(outcome: Result<JobResult, JoinError>) -> Ending {
    match outcome {
        Ok(result) => Ending::Finished(result),
        Err(error) if error.is_panic() => Ending::Panicked(panic_message(error.into_panic())),
        // Cancelled without our abort: the runtime is shutting down. The lease runs out and another worker takes over.
        Err(_) => Ending::Lost,
    }
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// Writes the attempt's ending to the job's row, if the job is still ours.
async fn write_back(shared: &Shared, claimed: &Claimed, ending: Ending) {
    let (pool, job, token) = (&shared.pool, &claimed.job, claimed.lease_token);
    // Another job of the same exclusive key, or the released job itself, may run now in some other process.
    let wake = job.exclusive_key.is_some() || matches!(ending, Ending::Released);
    let written = match ending {
        Ending::Lost => return,
        Ending::Finished(Ok(())) => lease::complete(pool, job.id, token).await,
        Ending::Released => {
            info!("shutting down: handing the job back to the queue");
            let how = Requeue { at: None, delay: Duration::ZERO, give_back_attempt: true, reason: None };
            lease::requeue(pool, job.id, token, &how).await
        }
        Ending::Panicked(message) => retry(shared, job, token, &format!("the handler panicked: {message}")).await,
        Ending::Finished(Err(JobError::Retry { reason })) => retry(shared, job, token, &reason).await,
        Ending::Finished(Err(JobError::RetryAt { at, reason })) => {
            info!(%at, reason, "rescheduled (this attempt does not count)");
            let how = Requeue { at: Some(at), delay: Duration::ZERO, give_back_attempt: true, reason: Some(&reason) };
            lease::requeue(pool, job.id, token, &how).await
        }
        Ending::Finished(Err(JobError::RetryAfter { delay, reason })) => {
            info!(?delay, reason, "rescheduled (this attempt does not count)");
            let how = Requeue { at: None, delay, give_back_attempt: true, reason: Some(&reason) };
            lease::requeue(pool, job.id, token, &how).await
        }
        Ending::Finished(Err(JobError::Fail { reason })) => {
            warn!(reason, "job failed for good");
            lease::fail(pool, job.id, token, &reason).await
        }
    };
    match written {
        Ok(true) => {}
        Ok(false) => warn!("the job was no longer ours when its attempt ended; its outcome is dropped"),
        // The lease runs out and another worker runs the job again: execution is at least once.
        Err(error) => warn!(error = %error, "could not record the attempt's outcome; the job will run again"),
    }
    if wake && let Err(error) = lease::wake_workers(pool).await {
        warn!(error = %error, "could not wake the other workers");
    }
}

/// A transient failure: back off and retry, or fail for good on the last attempt.
async fn retry(shared: &Shared, job: &Job, token: i64, reason: &str) -> Result<bool, sqlx::Error> {
    if job.is_last_attempt() {
        warn!(reason, max_attempts = job.max_attempts, "job failed on its last attempt");
        return lease::fail(&shared.pool, job.id, token, reason).await;
    }
    let delay = shared.config.backoff.delay(job.attempt);
    info!(reason, ?delay, "job will be retried");
    let how = Requeue { at: None, delay, give_back_attempt: false, reason: Some(reason) };
    lease::requeue(&shared.pool, job.id, token, &how).await
}
