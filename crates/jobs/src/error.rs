//! What the queue can fail with, and what a handler answers when a job did not succeed.

use std::time::Duration;

use time::OffsetDateTime;

/// A failure of the queue itself (enqueueing or looking jobs up). Callers log it with its chain.
#[derive(Debug, thiserror::Error)]
pub enum JobsError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// A row holds a state this version does not know; the table's CHECK constraint rules it out.
    #[error("job {id} has an unknown state {state:?}")]
    UnknownState { id: i64, state: String },
}

/// Why a job did not succeed, and what the queue does next.
///
/// `reason` is stored as the job's `last_error` and logged: it must not contain secrets or personal data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// A transient failure: the attempt counts, and the job runs again after an exponential backoff with jitter,
    /// or fails for good once it has used `max_attempts`.
    #[error("retry: {reason}")]
    Retry { reason: String },
    /// Run again exactly at `at` (e.g. the time a rate limit ends). The attempt does not count and the worker does not
    /// wait for it: the job goes back to the queue.
    #[error("retry at {at}: {reason}")]
    RetryAt { at: OffsetDateTime, reason: String },
    /// Like [`JobError::RetryAt`], measured from the database's clock: the form for a `Retry-After` of some seconds.
    #[error("retry after {delay:?}: {reason}")]
    RetryAfter { delay: Duration, reason: String },
    /// A permanent failure: the job is kept in state `failed` with the reason, and never runs again.
    #[error("failed: {reason}")]
    Fail { reason: String },
}

impl JobError {
    /// A transient failure, retried with backoff.
    pub fn retry(reason: impl Into<String>) -> Self {
        JobError::Retry { reason: reason.into() }
    }

    /// Run again at `at`, without counting this attempt.
    pub fn retry_at(at: OffsetDateTime, reason: impl Into<String>) -> Self {
        JobError::RetryAt { at, reason: reason.into() }
    }

    /// Run again `delay` after the database's now, without counting this attempt.
    pub fn retry_after(delay: Duration, reason: impl Into<String>) -> Self {
        JobError::RetryAfter { delay, reason: reason.into() }
    }

    /// A permanent failure.
    pub fn fail(reason: impl Into<String>) -> Self {
        JobError::Fail { reason: reason.into() }
    }

    /// The text stored as the job's `last_error`.
    pub fn reason(&self) -> &str {
        match self {
            JobError::Retry { reason }
            | JobError::RetryAt { reason, .. }
            | JobError::RetryAfter { reason, .. }
            | JobError::Fail { reason } => reason,
        }
    }
}
