//! The shapes of a job: a request to enqueue one, the job a handler runs, and a row as status pages read it.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::JobError;

/// The attempts a job gets unless its request says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 5;

/// A job's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobId(pub i64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// When a new job becomes due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RunAt {
    /// At once (the database's now).
    #[default]
    Now,
    /// At this instant.
    At(OffsetDateTime),
    /// This long after the database's now: the form for schedules, so every process measures from the same clock.
    After(Duration),
}

/// A request to run a job. Build it with [`NewJob::new`] and the `with_*` methods.
#[derive(Clone, Debug, PartialEq)]
pub struct NewJob {
    /// The handler that runs it.
    pub kind: String,
    /// The handler's input. Never logged.
    pub payload: serde_json::Value,
    /// The user the job works for; deleting the user deletes the job.
    pub user_id: Option<i64>,
    pub run_at: RunAt,
    /// While a queued job has this key, further requests with it collapse into that job.
    pub dedupe_key: Option<String>,
    /// At most one job with this key runs at a time, across every process.
    pub exclusive_key: Option<String>,
    /// Attempts before a job that keeps asking for a retry fails for good (at least 1).
    pub max_attempts: i32,
}

impl NewJob {
    /// A job of `kind` with `payload`, due now, with [`DEFAULT_MAX_ATTEMPTS`] and no keys.
    pub fn new(kind: impl Into<String>, payload: serde_json::Value) -> Self {
        NewJob {
            kind: kind.into(),
            payload,
            user_id: None,
            run_at: RunAt::Now,
            dedupe_key: None,
            exclusive_key: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// The user the job works for.
    pub fn with_user(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// Due at `at` instead of now.
    pub fn with_run_at(mut self, at: OffsetDateTime) -> Self {
        self.run_at = RunAt::At(at);
        self
    }

    /// Due `delay` after the database's now.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.run_at = RunAt::After(delay);
        self
    }

    /// Collapse with a queued job of the same key.
    pub fn with_dedupe_key(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }

    /// Never run at the same time as another job of the same key.
    pub fn with_exclusive_key(mut self, key: impl Into<String>) -> Self {
        self.exclusive_key = Some(key.into());
        self
    }

    /// Attempts before failing for good; values below 1 are raised to 1.
    pub fn with_max_attempts(mut self, max_attempts: i32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }
}

/// A claimed job, as its handler receives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    /// The handler's input. Never logged.
    pub payload: serde_json::Value,
    pub user_id: Option<i64>,
    /// This attempt's number, from 1. A job taken over from a worker that stopped gets the next number.
    pub attempt: i32,
    pub max_attempts: i32,
    pub dedupe_key: Option<String>,
    pub exclusive_key: Option<String>,
}

impl Job {
    /// The payload as `T`. A payload of the wrong shape will never parse, so the error is permanent.
    pub fn payload_as<T: DeserializeOwned>(&self) -> Result<T, JobError> {
        T::deserialize(&self.payload).map_err(|error| JobError::fail(format!("malformed payload: {error}")))
    }

    /// True when a [`JobError::Retry`] from this attempt fails the job for good.
    pub fn is_last_attempt(&self) -> bool {
        self.attempt >= self.max_attempts
    }

    /// The same job again, due `interval` after the database's now: what a periodic job enqueues before it
    /// finishes. With a dedupe key, it collapses with any other request for the same work.
    pub fn successor(&self, interval: Duration) -> NewJob {
        NewJob {
            kind: self.kind.clone(),
            payload: self.payload.clone(),
            user_id: self.user_id,
            run_at: RunAt::After(interval),
            dedupe_key: self.dedupe_key.clone(),
            exclusive_key: self.exclusive_key.clone(),
            max_attempts: self.max_attempts,
        }
    }
}

/// Where a job is in its life. A job that succeeds is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobState {
    Queued,
    Running,
    /// Failed for good; kept so status pages can show why.
    Failed,
}

impl JobState {
    /// The state's name in the `jobs.state` column.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Failed => "failed",
        }
    }

    pub(crate) fn parse(state: &str) -> Option<Self> {
        match state {
            "queued" => Some(JobState::Queued),
            "running" => Some(JobState::Running),
            "failed" => Some(JobState::Failed),
            _ => None,
        }
    }
}

/// A job as status pages show it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobInfo {
    pub id: JobId,
    pub kind: String,
    pub state: JobState,
    pub user_id: Option<i64>,
    pub payload: serde_json::Value,
    pub dedupe_key: Option<String>,
    pub exclusive_key: Option<String>,
    /// Queued: when it becomes due. Running: when the current attempt was due.
    pub run_at: OffsetDateTime,
    /// Attempts used (a rate-limited or released attempt is given back).
    pub attempts: i32,
    pub max_attempts: i32,
    pub last_error: Option<String>,
    /// The worker running it.
    pub locked_by: Option<String>,
    /// When its lease runs out unless the worker's heartbeat extends it.
    pub locked_until: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
