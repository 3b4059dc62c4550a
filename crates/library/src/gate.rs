//! How many Spotify requests may be in flight at once, and how many may start per rolling window. Spotify's limit is
//! a rolling 30-second window per app and unpublished, so every sync in the process shares one gate: requests queue
//! here instead of running into 429s.
//!
//! Background work (catalog lookups, thousands of single reads after a big first sync) passes the same gate in a
//! lane of its own: at most half the concurrency, at most two thirds of the window, and never while a sync's request
//! is waiting. A sync started in the middle of a long lookup run is slowed down by a few requests at most.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Mutex, Semaphore};
use tokio::time::Instant;

/// The limits the gate enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests started per `window`; `None` for no rate shaping.
    pub per_window: Option<usize>,
    /// The rolling window.
    pub window: Duration,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing { concurrency: 4, per_window: Some(150), window: Duration::from_secs(30) }
    }
}

/// The shared gate every Spotify request of the library passes.
#[derive(Clone, Debug)]
pub struct Gate {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    pacing: Pacing,
    permits: Semaphore,
    /// The background lane's share of the permits.
    background_permits: Semaphore,
    /// Foreground requests not yet started: background requests give way to them.
    foreground_waiting: AtomicUsize,
    started: Mutex<VecDeque<Instant>>,
}

/// Which lane a request passes in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lane {
    Foreground,
    Background,
}

/// How long a background request waits before looking again when it gave way.
const GIVE_WAY: Duration = Duration::from_millis(20);

impl Gate {
    pub fn new(pacing: Pacing) -> Self {
        let permits = Semaphore::new(pacing.concurrency.max(1));
        let background_permits = Semaphore::new((pacing.concurrency / 2).max(1));
        Gate {
            inner: Arc::new(Inner {
                pacing,
                permits,
                background_permits,
                foreground_waiting: AtomicUsize::new(0),
                started: Mutex::new(VecDeque::new()),
            }),
        }
    }

    /// The limits this gate enforces.
    pub fn pacing(&self) -> Pacing {
        self.inner.pacing
    }

    /// Runs `request` once a slot is free and the window has room.
    pub async fn pass<T>(&self, request: impl Future<Output = T>) -> T {
        let waiting = Waiting::count(&self.inner.foreground_waiting);
        // The semaphores are never closed, so acquiring can only wait, not fail.
        let _permit = self.inner.permits.acquire().await.ok();
        self.wait_for_window(Lane::Foreground).await;
        drop(waiting);
        request.await
    }

    /// Runs background `request` once the background lane has a slot, no foreground request is waiting and the
    /// window has room to spare.
    pub async fn pass_background<T>(&self, request: impl Future<Output = T>) -> T {
        let _lane = self.inner.background_permits.acquire().await.ok();
        let _permit = self.inner.permits.acquire().await.ok();
        self.wait_for_window(Lane::Background).await;
        request.await
    }

    async fn wait_for_window(&self, lane: Lane) {
        let window = self.inner.pacing.window;
        loop {
            if lane == Lane::Background && self.inner.foreground_waiting.load(Ordering::Acquire) > 0 {
                tokio::time::sleep(GIVE_WAY).await;
                continue;
            }
            let Some(limit) = self.inner.pacing.per_window else { return };
            let limit = match lane {
                Lane::Foreground => limit.max(1),
                Lane::Background => (limit - limit / 3).max(1),
            };
            let mut started = self.inner.started.lock().await;
            let now = Instant::now();
            while started.front().is_some_and(|at| now.duration_since(*at) >= window) {
                started.pop_front();
            }
            if started.len() < limit {
                started.push_back(now);
                return;
            }
            // Room for this lane once the starts beyond its share have left the window.
            let free_at = started[started.len() - limit] + window;
            drop(started);
            tokio::time::sleep_until(free_at).await;
        }
    }
}

/// Counts a foreground request as waiting until dropped (also when the request's future is dropped early).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn count(counter: &'a AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::AcqRel);
        Waiting(counter)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_full_window_holds_the_next_request_until_the_oldest_leaves_it() {
        let gate = Gate::new(Pacing { concurrency: 8, per_window: Some(3), window: Duration::from_secs(30) });
        let start = Instant::now();
        for _ in 0..3 {
            gate.pass(async {}).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        gate.pass(async {}).await;
        assert_eq!(start.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn background_requests_leave_a_third_of_the_window_to_syncs() {
        let gate = Gate::new(Pacing { concurrency: 8, per_window: Some(6), window: Duration::from_secs(30) });
        let start = Instant::now();
        for _ in 0..4 {
            gate.pass_background(async {}).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        gate.pass(async {}).await;
        gate.pass(async {}).await;
        assert_eq!(start.elapsed(), Duration::ZERO, "a sync's requests find room");
        gate.pass_background(async {}).await;
        assert_eq!(start.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_sync_request_goes_before_background_requests() {
        let gate = Gate::new(Pacing { concurrency: 8, per_window: Some(3), window: Duration::from_secs(30) });
        for _ in 0..2 {
            gate.pass_background(async {}).await;
        }
        gate.pass(async {}).await;
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let background = {
            let (gate, order) = (gate.clone(), order.clone());
            tokio::spawn(async move { gate.pass_background(async { order.lock().unwrap().push("lookup") }).await })
        };
        tokio::time::sleep(Duration::from_secs(1)).await;
        let sync = {
            let (gate, order) = (gate.clone(), order.clone());
            tokio::spawn(async move { gate.pass(async { order.lock().unwrap().push("sync") }).await })
        };
        background.await.unwrap();
        sync.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["sync", "lookup"]);
    }

    #[tokio::test(start_paused = true)]
    async fn no_more_requests_than_the_concurrency_run_at_once() {
        let gate = Gate::new(Pacing { concurrency: 2, per_window: None, window: Duration::from_secs(30) });
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..6 {
            let (gate, running, most) = (gate.clone(), running.clone(), most.clone());
            tasks.spawn(async move {
                gate.pass(async {
                    let now = running.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    running.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                })
                .await
            });
        }
        tasks.join_all().await;
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
