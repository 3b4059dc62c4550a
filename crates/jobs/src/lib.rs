//! A durable background-job queue in one PostgreSQL table, `jobs`, claimed with `FOR UPDATE SKIP LOCKED`.
//!
//! Callers put [`NewJob`]s on the [`Queue`] (inside their own transaction if they like); a [`Worker`] in each server
//! process claims due jobs and runs the [`Handler`] registered for their kind. The crate knows nothing about what
//! the jobs do.
//!
//! # Guarantees
//!
//! - **At least once.** A claimed job is leased to its worker until `locked_until`; heartbeats extend the lease while
//!   the handler runs. If the worker dies, the lease runs out and another worker takes the job over (its attempt
//!   number goes up). A job whose worker stopped during its last attempt fails instead. Handlers must therefore be
//!   idempotent.
//! - **Never twice at the same time.** Claims lock rows with `SKIP LOCKED`, so concurrent workers in any number of
//!   processes never claim the same row. Every later write of an attempt (heartbeat, outcome) names the lease token
//!   its claim drew, so a worker that lost its lease changes nothing. The handler's task is aborted when a heartbeat
//!   finds the lease lost, and also when no heartbeat got through for nine tenths of the lease (a stalled database
//!   connection), so it has stopped before another worker may take the job over. (As with any lease: a handler that
//!   blocks its thread instead of awaiting, or a process frozen for longer than the lease, defeats this.)
//! - **Exclusive keys.** At most one job per `exclusive_key` runs at a time (e.g. one per user). A partial unique
//!   index enforces it, so two processes claiming for the same key at the same moment cannot both win.
//! - **Deduplication.** At most one *queued* job per `dedupe_key`: a duplicate request adds nothing and can only
//!   make the queued job due earlier ("sync now" pulls a scheduled run forward; a periodic request never postpones
//!   it).
//! - **Retries.** [`JobError::Retry`] (and a panic) counts as a failed attempt and retries after an exponential
//!   backoff with jitter ([`Backoff`]); after `max_attempts` the job stays in state `failed` with its `last_error`.
//!   [`JobError::RetryAt`] / [`JobError::RetryAfter`] put the job back for the given time without counting the
//!   attempt and without the worker waiting: the form for a rate limit's `Retry-After`. [`JobError::Fail`] fails at
//!   once. A job of a kind with no handler fails with a message saying so.
//! - **One clock.** Every time the queue decides on (due times, leases, backoff, delays such as [`RunAt::After`]) is
//!   computed with the database's `now()`, so processes on machines with different clocks agree. Only instants a
//!   caller passes in ([`RunAt::At`], [`JobError::RetryAt`]) come from the caller's clock.
//! - **Graceful shutdown.** [`Worker::run`] stops claiming, lets running jobs finish within a grace period, then
//!   aborts the rest and hands them back to the queue, due at once and with the attempt not counted.
//! - **Periodic work** needs no scheduler: a handler enqueues its successor ([`Job::successor`]) with a dedupe key
//!   before it returns. A successor queued while the job runs collapses into the job if the job goes back to the
//!   queue for a retry.
//! - Deleting a user deletes their jobs (`user_id` cascades); a running job of a deleted user is aborted at its next
//!   heartbeat.
//!
//! Idle workers wake on `NOTIFY jobs_wake` (sent by every enqueue, on commit), when the next queued job becomes due,
//! and otherwise every poll interval, which also bounds how long a job whose worker died waits after its lease.
//!
//! # Why not graphile_worker or apalis-postgres
//!
//! Both are capable, and graphile_worker covers much of this list: its `add_job` takes any executor (so it can
//! enqueue inside a transaction), job keys deduplicate and named queues run serially. We still chose a queue of our
//! own, a few hundred lines in one table:
//! - it sits beside our data, so `user_id` references `users` and disconnecting a user removes their jobs; those
//!   libraries keep their own schema and migrations, which cannot reference ours;
//! - the exact semantics the Spotify sync needs are direct rather than approximated: a duplicate only ever pulls a
//!   run earlier, a per-user key serialises work across processes without a queue per user, and a rate-limit
//!   reschedule to Spotify's time does not use up an attempt;
//! - nothing else to install, migrate or run: one migration, and workers that are plain tasks of the server.
//!
//! The price is that we own the concurrency; the tests of this crate check each guarantee above against PostgreSQL.

mod attempt;
mod backoff;
mod config;
mod error;
mod handler;
mod job;
mod lease;
mod queue;
mod worker;

pub use backoff::Backoff;
pub use config::{Kinds, WorkerConfig, default_worker_name};
pub use error::{JobError, JobsError};
pub use handler::{BoxFuture, Handler, Handlers, JobResult};
pub use job::{DEFAULT_MAX_ATTEMPTS, Job, JobId, JobInfo, JobState, NewJob, RunAt};
pub use queue::Queue;
pub use worker::Worker;
