//! Handlers: the async functions that run jobs, registered by kind.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::{Job, JobError};

/// A boxed, sendable future: what a [`Handler`] returns.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// What a handler's run ends with.
pub type JobResult = Result<(), JobError>;

/// Runs jobs of one kind. Any `Fn(Job) -> impl Future<Output = JobResult>` closure is a handler; implement the trait
/// directly for a handler that is a struct.
///
/// Execution is at least once: a job may run again after a worker stopped mid-run, so handlers must be idempotent.
/// A handler is aborted at an `.await` when its lease is lost or the worker shuts down; a panic counts as
/// [`JobError::Retry`].
pub trait Handler: Send + Sync + 'static {
    fn run(&self, job: Job) -> BoxFuture<JobResult>;
}

impl<F, Fut> Handler for F
where
    F: Fn(Job) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = JobResult> + Send + 'static,
{
    fn run(&self, job: Job) -> BoxFuture<JobResult> {
        Box::pin(self(job))
    }
}

/// The handlers a worker runs, by job kind.
#[derive(Clone, Default)]
pub struct Handlers {
    by_kind: HashMap<String, Arc<dyn Handler>>,
}

impl Handlers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs jobs of `kind` with `handler`, replacing an earlier registration of the same kind.
    pub fn register(mut self, kind: impl Into<String>, handler: impl Handler) -> Self {
        self.by_kind.insert(kind.into(), Arc::new(handler));
        self
    }

    pub(crate) fn get(&self, kind: &str) -> Option<Arc<dyn Handler>> {
        self.by_kind.get(kind).cloned()
    }
}

impl fmt::Debug for Handlers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut kinds: Vec<&str> = self.by_kind.keys().map(String::as_str).collect();
        kinds.sort_unstable();
        f.debug_struct("Handlers").field("kinds", &kinds).finish()
    }
}
