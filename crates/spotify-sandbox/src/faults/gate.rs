//! The gate in front of every counted route: counts the request under its route template, then (for API routes)
//! applies latency, the per-app rate limit, scheduled errors and random errors.

use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde_json::json;

use super::{Faults, RateLimitBody};
use crate::errors::ApiError;
use crate::state::{SharedSandbox, State as SandboxState};

/// What the gate decided for one request.
enum Verdict {
    Pass,
    RateLimited { retry_after: u64, body: RateLimitBody },
    Fail { status: u16, after_effect: bool },
}

/// `METHOD /route/template`, the counters' key.
fn route_key(request: &Request) -> String {
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| request.uri().path().to_owned(), |matched| matched.as_str().to_owned());
    format!("{} {template}", request.method())
}

fn bearer(request: &Request) -> Option<String> {
    let value = request.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(|token| token.trim().to_owned())
}

fn count(state: &mut SandboxState, route: &str) {
    *state.counters.entry(route.to_owned()).or_default() += 1;
}

/// Counts the request and lets it through (the consent page).
pub(crate) async fn counted_gate(State(sandbox): State<SharedSandbox>, request: Request, next: Next) -> Response {
    count(&mut sandbox.lock(), &route_key(&request));
    next.run(request).await
}

/// Counts the request and applies the faults in force (the Web API and the token endpoint).
pub(crate) async fn api_gate(State(sandbox): State<SharedSandbox>, request: Request, next: Next) -> Response {
    let route = route_key(&request);
    let token = bearer(&request);
    let now = sandbox.clock.now();
    let (latency, verdict) = {
        let mut state = sandbox.lock();
        count(&mut state, &route);
        let client = token.as_deref().and_then(|token| state.tokens.client_of(token)).map(str::to_owned);
        (state.faults.latency_ms, decide(&mut state, &route, client.as_deref(), now))
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    match verdict {
        Verdict::Pass => {
            let response = next.run(request).await;
            tracing::debug!(%route, status = response.status().as_u16(), "answered");
            response
        }
        Verdict::RateLimited { retry_after, body } => {
            tracing::info!(%route, retry_after, "rate limited");
            too_many_requests(retry_after, body)
        }
        Verdict::Fail { status, after_effect } => {
            tracing::info!(%route, status, after_effect, "injected error");
            if after_effect {
                let _ignored_answer = next.run(request).await;
            }
            injected_error(status, &sandbox.lock().faults)
        }
    }
}

fn decide(state: &mut SandboxState, route: &str, client: Option<&str>, now: time::OffsetDateTime) -> Verdict {
    if let (Some(limit), Some(client)) = (state.faults.rate_limit.clone(), client)
        && let Err(wait) = state.rate_windows.admit(client, now, limit.requests_per_window)
    {
        let retry_after = limit.retry_after_override_secs.unwrap_or(wait);
        return Verdict::RateLimited { retry_after, body: limit.body };
    }
    if let Some(fault) = state.faults.take_scheduled(route) {
        return Verdict::Fail { status: fault.status, after_effect: fault.after_effect };
    }
    let probability = state.faults.error_probability;
    if probability > 0.0 && state.fault_rng.random_bool(probability.clamp(0.0, 1.0)) {
        let statuses = state.faults.random_statuses();
        let status = statuses[state.fault_rng.random_range(0..statuses.len())];
        return Verdict::Fail { status, after_effect: false };
    }
    Verdict::Pass
}

fn too_many_requests(retry_after: u64, body: RateLimitBody) -> Response {
    let mut response = match body {
        RateLimitBody::PlainText => {
            (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "Too many requests")
                .into_response()
        }
        RateLimitBody::QuotaExceeded => {
            let body = json!({ "error": { "status": 429, "message": "Quota exceeded", "reason": "QUOTA_EXCEEDED" } });
            (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response()
        }
    };
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}

fn injected_error(status: u16, faults: &Faults) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = faults.rate_limit.as_ref().and_then(|limit| limit.retry_after_override_secs).unwrap_or(1);
        return too_many_requests(retry_after, faults.rate_limit.as_ref().map_or(RateLimitBody::PlainText, |l| l.body));
    }
    let message = match status.as_u16() {
        500 => "Server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    ApiError::new(status, message).into_response()
}
