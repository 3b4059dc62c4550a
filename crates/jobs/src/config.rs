//! A worker's settings: its name, how many jobs it runs at once, its lease and heartbeat, polling, shutdown grace and
//! retry backoff.

use std::time::Duration;

use crate::Backoff;

/// How a [`crate::Worker`] runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerConfig {
    /// Shown in `jobs.locked_by`; unique per process by default ([`default_worker_name`]).
    pub name: String,
    /// Jobs run at once (at least 1). The worker also holds one pool connection for its wake-up channel.
    pub concurrency: usize,
    /// How long a claimed job stays ours without a heartbeat; after that another worker may take it over.
    pub lease: Duration,
    /// How often a running job's lease is extended; kept at most half the lease.
    pub heartbeat: Duration,
    /// How often an idle worker looks for due jobs when no notification woke it (e.g. a job whose time came, or a
    /// lease that ran out).
    pub poll_interval: Duration,
    /// On shutdown, how long running jobs may finish before they are stopped and handed back to the queue.
    pub shutdown_grace: Duration,
    pub backoff: Backoff,
    /// Which kinds of jobs this worker claims: several workers in one process can keep slow background kinds from
    /// taking every slot the others need.
    pub kinds: Kinds,
}

/// The kinds of jobs a worker claims.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Kinds {
    /// Every kind; one without a handler fails with a message saying so.
    #[default]
    All,
    /// Only these.
    Only(Vec<String>),
    /// Every kind but these.
    AllBut(Vec<String>),
}

impl Kinds {
    /// The filter as the claim query takes it: kinds to take (`None` for any) and kinds to leave.
    pub(crate) fn as_filter(&self) -> (Option<&[String]>, &[String]) {
        match self {
            Kinds::All => (None, &[]),
            Kinds::Only(kinds) => (Some(kinds), &[]),
            Kinds::AllBut(kinds) => (None, kinds),
        }
    }
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            name: default_worker_name(),
            concurrency: 4,
            lease: Duration::from_secs(30),
            heartbeat: Duration::from_secs(10),
            poll_interval: Duration::from_secs(5),
            shutdown_grace: Duration::from_secs(20),
            backoff: Backoff::default(),
            kinds: Kinds::All,
        }
    }
}

impl WorkerConfig {
    /// Sets the lease and a heartbeat of a third of it.
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self.heartbeat = lease / 3;
        self
    }

    /// The settings a worker actually uses: at least one job at once, and a heartbeat that comes at least twice per
    /// lease, so one late heartbeat does not lose the job.
    pub(crate) fn normalised(mut self) -> Self {
        self.concurrency = self.concurrency.max(1);
        self.lease = self.lease.max(Duration::from_millis(10));
        self.heartbeat = self.heartbeat.clamp(Duration::from_millis(1), self.lease / 2);
        self.poll_interval = self.poll_interval.max(Duration::from_millis(1));
        self
    }
}

/// `host-pid-random`: names this process's worker apart from every other one sharing the database.
pub fn default_worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "host".to_owned());
    format!("{host}-{}-{:08x}", std::process::id(), rand::random::<u32>())
}
