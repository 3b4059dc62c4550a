//! Logging and metrics. Logs go to stderr through `tracing` (filter with `RUST_LOG`, JSON with `LOG_FORMAT=json`);
//! metrics are kept by a Prometheus recorder and served at `/metrics`.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::settings::LogFormat;
use crate::state::AppState;

/// Installs the global log subscriber.
pub fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn,tower_sessions=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    match format {
        LogFormat::Json => registry.with(tracing_subscriber::fmt::layer().json().with_writer(std::io::stderr)).init(),
        LogFormat::Text => registry.with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr)).init(),
    }
}

/// The process-wide Prometheus recorder (the `metrics` facade allows one per process).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full("http_request_duration_seconds".into()), &seconds)
                .expect("bucket list is not empty")
                .install_recorder()
                .expect("no other metrics recorder is installed")
        })
        .clone()
}

/// Middleware: counts requests and times them, labelled by matched route, method and status.
pub async fn record_request(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let labels = [("method", method), ("route", route), ("status", response.status().as_u16().to_string())];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// Standard methods by name; anything else a client invents shares one label, so it cannot grow the series.
fn method_label(method: &http::Method) -> String {
    use http::Method;
    let known = [Method::GET, Method::HEAD, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::OPTIONS];
    if known.contains(method) { method.as_str().to_owned() } else { "other".to_owned() }
}

/// `GET /metrics`: Prometheus text format, with the pool's gauges read at scrape time.
pub async fn serve_metrics(State(state): State<AppState>) -> impl IntoResponse {
    metrics::gauge!("db_pool_connections").set(state.pool.size() as f64);
    metrics::gauge!("db_pool_idle_connections").set(state.pool.num_idle() as f64);
    metrics::gauge!("db_pool_max_connections").set(state.pool.options().get_max_connections() as f64);
    ([(http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render())
}
