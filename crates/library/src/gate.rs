//! How many Spotify requests may be in flight at once, and how many may start per rolling window. Spotify's limit is
//! a rolling 30-second window per app and unpublished, so every sync in the process shares one gate: requests queue
//! here instead of running into 429s.

use std::collections::VecDeque;
use std::sync::Arc;
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
    started: Mutex<VecDeque<Instant>>,
}

impl Gate {
    pub fn new(pacing: Pacing) -> Self {
        let permits = Semaphore::new(pacing.concurrency.max(1));
        Gate { inner: Arc::new(Inner { pacing, permits, started: Mutex::new(VecDeque::new()) }) }
    }

    /// The limits this gate enforces.
    pub fn pacing(&self) -> Pacing {
        self.inner.pacing
    }

    /// Runs `request` once a slot is free and the window has room.
    pub async fn pass<T>(&self, request: impl Future<Output = T>) -> T {
        // The semaphore is never closed, so acquiring can only wait, not fail.
        let _permit = self.inner.permits.acquire().await.ok();
        self.wait_for_window().await;
        request.await
    }

    async fn wait_for_window(&self) {
        let Some(limit) = self.inner.pacing.per_window else { return };
        let window = self.inner.pacing.window;
        loop {
            let mut started = self.inner.started.lock().await;
            let now = Instant::now();
            while started.front().is_some_and(|at| now.duration_since(*at) >= window) {
                started.pop_front();
            }
            match started.front() {
                Some(oldest) if started.len() >= limit.max(1) => {
                    let free_at = *oldest + window;
                    drop(started);
                    tokio::time::sleep_until(free_at).await;
                }
                _ => {
                    started.push_back(now);
                    return;
                }
            }
        }
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
