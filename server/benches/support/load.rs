//! The load generator: keep-alive connections that each send the next request as soon as the last answer arrived
//! (as wrk does), or requests started at a constant rate whatever the answers do, timed from when each was due so a
//! slow answer cannot hide the ones queued behind it.

use std::time::{Duration, Instant};

use tokio::task::JoinSet;

/// A signed-in browser's view of the server.
#[derive(Clone)]
pub struct Target {
    client: reqwest::Client,
    origin: String,
    cookie: String,
}

impl Target {
    pub fn new(origin: String, cookie: String) -> Self {
        let client = reqwest::Client::builder()
            .http1_only()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(256)
            .build()
            .expect("an HTTP client");
        Target { client, origin, cookie }
    }

    /// One GET of `path`; the body is read in full. Panics on anything but 200: a benchmark of errors is worthless.
    async fn get(&self, path: &str) {
        let response = self
            .client
            .get(format!("{}{path}", self.origin))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap_or_else(|error| panic!("GET {path}: {error}"));
        let status = response.status();
        let body = response.bytes().await.unwrap_or_else(|error| panic!("GET {path}: {error}"));
        assert_eq!(status, reqwest::StatusCode::OK, "GET {path} answered {status}: {}", String::from_utf8_lossy(&body));
    }
}

/// The benchmark setting `name` from the environment, else `default`.
pub fn knob(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

/// What a run measured.
pub struct Figures {
    pub per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

impl Figures {
    fn of(mut latencies: Vec<Duration>, elapsed: Duration) -> Self {
        latencies.sort_unstable();
        let at = |share: f64| {
            let index = ((latencies.len() as f64 * share).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
            latencies.get(index).map_or(0.0, |latency| latency.as_secs_f64() * 1000.0)
        };
        Figures {
            per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
        }
    }
}

/// `connections` connections requesting `path` back to back for `duration`, after a second of warm-up.
pub async fn closed_loop(target: &Target, path: &str, connections: usize, duration: Duration) -> Figures {
    let warm_up = Instant::now() + Duration::from_secs(1);
    let start = warm_up;
    let end = start + duration;
    let mut workers = JoinSet::new();
    for _ in 0..connections {
        let (target, path) = (target.clone(), path.to_owned());
        workers.spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let sent = Instant::now();
                if sent >= end {
                    return latencies;
                }
                target.get(&path).await;
                if sent >= start {
                    latencies.push(sent.elapsed());
                }
            }
        });
    }
    let mut latencies = Vec::new();
    while let Some(worker) = workers.join_next().await {
        latencies.extend(worker.expect("a load worker"));
    }
    Figures::of(latencies, duration)
}

/// `rate` requests per second for `duration`, going round `paths` in turn, each timed from when it was due.
pub async fn open_loop(target: &Target, paths: &[String], rate: u64, duration: Duration) -> Figures {
    let interval = Duration::from_secs_f64(1.0 / rate.max(1) as f64);
    let start = Instant::now();
    let total = (duration.as_secs_f64() * rate as f64) as u32;
    let mut requests = JoinSet::new();
    for n in 0..total {
        let due = start + interval * n;
        tokio::time::sleep_until(due.into()).await;
        let (target, path) = (target.clone(), paths[n as usize % paths.len()].clone());
        requests.spawn(async move {
            target.get(&path).await;
            due.elapsed()
        });
    }
    let mut latencies = Vec::new();
    while let Some(request) = requests.join_next().await {
        latencies.push(request.expect("a request"));
    }
    Figures::of(latencies, start.elapsed())
}
