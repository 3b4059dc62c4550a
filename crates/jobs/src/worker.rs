//! The worker loop: claim due jobs while there is room, run each in its own task, sleep until a notification, a freed
//! slot, the next due time or the poll interval; at shutdown stop claiming, let running jobs finish within the grace
//! period, then hand the rest back to the queue.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio::time::sleep;
use tracing::{Instrument, debug, error, info, info_span, warn};

use crate::attempt::{self, AbortOnDrop};
use crate::lease::{self, Claimed};
use crate::queue::WAKE_CHANNEL;
use crate::{Handlers, WorkerConfig};

/// How often one claim round retries at once after racing another process for an exclusive key.
const CLAIM_RACES_PER_ROUND: usize = 3;

/// What every attempt of a worker shares.
pub(crate) struct Shared {
    pub pool: PgPool,
    pub handlers: Handlers,
    pub config: WorkerConfig,
}

/// Runs jobs from the queue. Any number of workers, in any number of processes, may share one database.
pub struct Worker {
    shared: Arc<Shared>,
}

impl Worker {
    /// A worker running `handlers` with `config` (normalised: see [`WorkerConfig`]). The pool needs room for the
    /// worker's wake-up listener plus one connection per running job.
    pub fn new(pool: PgPool, handlers: Handlers, config: WorkerConfig) -> Self {
        Worker { shared: Arc::new(Shared { pool, handlers, config: config.normalised() }) }
    }

    /// The name written to `locked_by` for the jobs this worker runs.
    pub fn name(&self) -> &str {
        &self.shared.config.name
    }

    /// Runs jobs until `shutdown` resolves, then stops claiming, waits up to the shutdown grace for running jobs,
    /// hands the unfinished ones back to the queue (due at once, their attempt not counted) and returns.
    /// Database errors are logged and retried; they never end the loop.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) {
        let span = info_span!("worker", name = %self.shared.config.name);
        self.run_until(shutdown).instrument(span).await;
    }

    async fn run_until(self, shutdown: impl Future<Output = ()> + Send) {
        let shared = self.shared;
        let config = &shared.config;
        let wake = Arc::new(Notify::new());
        let _listener = AbortOnDrop(tokio::spawn(
            listen(shared.pool.clone(), wake.clone(), config.poll_interval).in_current_span(),
        ));
        let (stop, stopped) = watch::channel(false);
        let mut running = JoinSet::new();
        tokio::pin!(shutdown);
        info!(concurrency = config.concurrency, "worker started");
        loop {
            while running.try_join_next().is_some() {}
            let room = config.concurrency - running.len();
            let mut idle = Duration::ZERO;
            if room > 0 {
                let claimed = claim_round(&shared, room).await;
                let filled = claimed.len() == room;
                for job in claimed {
                    running.spawn(attempt::run(shared.clone(), job, stopped.clone()).in_current_span());
                }
                if !filled {
                    idle = next_wake_up(&shared).await;
                }
            }
            let has_room = running.len() < config.concurrency;
            tokio::select! {
                biased;
                () = &mut shutdown => break,
                Some(_) = running.join_next(), if !running.is_empty() => {}
                () = wake.notified(), if has_room => {}
                () = sleep(idle), if has_room => {}
            }
        }
        info!(running = running.len(), "worker stopping: no new jobs");
        let grace = sleep(config.shutdown_grace);
        tokio::pin!(grace);
        loop {
            tokio::select! {
                biased;
                finished = running.join_next() => if finished.is_none() { break },
                () = &mut grace => {
                    // The receivers live in the attempts; a send error only means none is left.
                    let _ = stop.send(true);
                    break;
                }
            }
        }
        while running.join_next().await.is_some() {}
        info!("worker stopped");
    }
}

/// Fails abandoned last attempts, then claims up to `room` jobs. Errors are logged and yield no jobs.
async fn claim_round(shared: &Shared, room: usize) -> Vec<Claimed> {
    let config = &shared.config;
    match lease::fail_abandoned(&shared.pool).await {
        Ok(abandoned) => {
            for (id, kind) in abandoned {
                warn!(id = id.0, kind, "job failed for good: its worker stopped during the last attempt");
            }
        }
        Err(error) => error!(error = %error, "could not fail abandoned jobs"),
    }
    for _ in 0..CLAIM_RACES_PER_ROUND {
        match lease::claim(&shared.pool, &config.name, config.lease, room, &config.kinds).await {
            Ok(Some(claimed)) => return claimed,
            Ok(None) => {
                debug!("another worker claimed a job of the same exclusive key at the same time; claiming again")
            }
            Err(error) => {
                error!(error = %error, "could not claim jobs");
                return Vec::new();
            }
        }
    }
    Vec::new()
}

/// How long an idle worker sleeps: until the next queued job is due, at most the poll interval.
async fn next_wake_up(shared: &Shared) -> Duration {
    let poll = shared.config.poll_interval;
    match lease::next_due_in(&shared.pool).await {
        Ok(Some(due_in)) => due_in.min(poll),
        Ok(None) => poll,
        Err(error) => {
            error!(error = %error, "could not read when the next job is due");
            poll
        }
    }
}

/// Forwards the wake-up channel's notifications to `wake`, reconnecting after `retry` when the connection fails.
async fn listen(pool: PgPool, wake: Arc<Notify>, retry: Duration) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(WAKE_CHANNEL).await {
                Ok(()) => loop {
                    match listener.try_recv().await {
                        // `None` means the connection was lost and remade: anything sent meanwhile was missed.
                        Ok(_) => wake.notify_one(),
                        Err(sqlx::Error::PoolClosed) => return,
                        Err(error) => {
                            warn!(error = %error, "lost the wake-up channel; polling until it is back");
                            break;
                        }
                    }
                },
                Err(error) => warn!(error = %error, "could not listen on the wake-up channel"),
            },
            Err(sqlx::Error::PoolClosed) => return,
            Err(error) => warn!(error = %error, "could not connect to the wake-up channel"),
        }
        sleep(retry).await;
    }
}
