//! The loopback-only admin API: the control operations over HTTP (JSON), for the binary and for tests in other
//! processes. Admin requests are not counted, rate limited or faulted.
//!
//! A request must come from a loopback peer and name a loopback host: a web page whose own host name was re-pointed
//! at 127.0.0.1 (DNS rebinding) reaches the sandbox from the browser, a loopback peer, but still names its own host.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::clock::format_millis;
use crate::config::RegisteredClient;
use crate::control::Control;
use crate::faults::Faults;
use crate::providers::{Provider, ProviderSettings};
use crate::server::is_loopback;
use crate::state::SharedSandbox;

/// Admin routes under `/sandbox`.
pub(crate) fn routes(sandbox: SharedSandbox) -> Router<SharedSandbox> {
    Router::new()
        .route("/sandbox/admin/faults", get(faults).put(set_faults))
        .route("/sandbox/admin/providers", get(provider_settings).put(set_provider_settings))
        .route("/sandbox/admin/providers/{provider}/failures", post(fail_provider_requests))
        .route("/sandbox/admin/clock", post(advance_clock))
        .route("/sandbox/admin/counters", get(counters).delete(reset_counters))
        .route("/sandbox/admin/grants", post(grant))
        .route("/sandbox/admin/token-lifetime", put(token_lifetime))
        .route("/sandbox/admin/clients", post(register_client))
        .route("/sandbox/users", get(users))
        .route_layer(middleware::from_fn_with_state(sandbox, loopback_only))
}

/// Refuses admin requests that do not come from this machine, or that name a host other than a loopback one.
async fn loopback_only(State(_sandbox): State<SharedSandbox>, request: Request, next: Next) -> Response {
    match refusal(&request) {
        Some(reason) => (StatusCode::FORBIDDEN, Json(json!({ "error": reason }))).into_response(),
        None => next.run(request).await,
    }
}

/// Why an admin request is refused, if it is.
fn refusal(request: &Request) -> Option<&'static str> {
    // Without the peer address nothing proves the request is local, so it is refused rather than trusted.
    let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() else {
        return Some("the admin API cannot see where this request comes from, so it refuses it");
    };
    if !is_loopback(*peer) {
        return Some("the admin API answers loopback clients only");
    }
    let host = request.headers().get(header::HOST).and_then(|value| value.to_str().ok());
    match host {
        None => Some("the admin API needs a Host header naming 127.0.0.1, [::1] or localhost"),
        Some(host) if !is_loopback_host(host) => {
            Some("the admin API answers requests for 127.0.0.1, [::1] or localhost only (DNS rebinding protection)")
        }
        Some(_) => None,
    }
}

/// `127.0.0.1`, `[::1]` or `localhost`, each with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        // A colon inside brackets belongs to the IPv6 address, not to a port.
        Some((name, port)) if !port.contains(']') => {
            if port.parse::<u16>().is_err() {
                return false;
            }
            name
        }
        _ => host,
    };
    name == "127.0.0.1" || name == "[::1]" || name.eq_ignore_ascii_case("localhost")
}

fn control(sandbox: &SharedSandbox) -> Control {
    Control::new(SharedSandbox::clone(sandbox))
}

async fn faults(State(sandbox): State<SharedSandbox>) -> Json<Faults> {
    Json(control(&sandbox).faults())
}

async fn set_faults(State(sandbox): State<SharedSandbox>, Json(faults): Json<Faults>) -> Json<Faults> {
    let control = control(&sandbox);
    control.set_faults(faults);
    Json(control.faults())
}

async fn provider_settings(State(sandbox): State<SharedSandbox>) -> Json<ProviderSettings> {
    Json(control(&sandbox).provider_settings())
}

async fn set_provider_settings(
    State(sandbox): State<SharedSandbox>,
    Json(settings): Json<ProviderSettings>,
) -> Json<ProviderSettings> {
    let control = control(&sandbox);
    control.set_provider_settings(settings);
    Json(control.provider_settings())
}

#[derive(Deserialize)]
struct FailureCount {
    count: u32,
}

/// `POST /sandbox/admin/providers/{provider}/failures` with `{"count": N}`: the next N requests to the provider
/// get its characteristic refusal.
async fn fail_provider_requests(
    State(sandbox): State<SharedSandbox>,
    Path(provider): Path<String>,
    Json(failures): Json<FailureCount>,
) -> Response {
    match provider.parse::<Provider>() {
        Ok(provider) => {
            control(&sandbox).fail_provider_requests(provider, failures.count);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(message) => (StatusCode::NOT_FOUND, Json(json!({ "error": message }))).into_response(),
    }
}

#[derive(Deserialize)]
struct ClockAdvance {
    advance_secs: u64,
}

async fn advance_clock(
    State(sandbox): State<SharedSandbox>,
    Json(advance): Json<ClockAdvance>,
) -> Json<serde_json::Value> {
    let control = control(&sandbox);
    control.advance_clock(Duration::from_secs(advance.advance_secs));
    Json(json!({ "now": format_millis(control.now()) }))
}

async fn counters(State(sandbox): State<SharedSandbox>) -> Json<std::collections::BTreeMap<String, u64>> {
    Json(control(&sandbox).counters())
}

async fn reset_counters(State(sandbox): State<SharedSandbox>) -> StatusCode {
    control(&sandbox).reset_counters();
    StatusCode::NO_CONTENT
}

/// Scopes as a JSON array or as Spotify's space-separated string.
#[derive(Deserialize)]
#[serde(untagged)]
enum ScopeList {
    List(Vec<String>),
    Text(String),
}

#[derive(Deserialize)]
struct GrantRequest {
    user_id: String,
    client_id: String,
    #[serde(default)]
    scopes: Option<ScopeList>,
}

async fn grant(State(sandbox): State<SharedSandbox>, Json(request): Json<GrantRequest>) -> Response {
    let scopes: Vec<String> = match request.scopes {
        Some(ScopeList::List(list)) => list,
        Some(ScopeList::Text(text)) => text.split_whitespace().map(str::to_owned).collect(),
        None => Vec::new(),
    };
    let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
    match control(&sandbox).grant(&request.user_id, &request.client_id, &scopes) {
        Ok(grant) => Json(grant).into_response(),
        Err(error) => (StatusCode::BAD_REQUEST, Json(json!({ "error": error.to_string() }))).into_response(),
    }
}

#[derive(Deserialize)]
struct TokenLifetime {
    secs: u64,
}

async fn token_lifetime(State(sandbox): State<SharedSandbox>, Json(lifetime): Json<TokenLifetime>) -> StatusCode {
    control(&sandbox).set_access_token_lifetime(Duration::from_secs(lifetime.secs));
    StatusCode::NO_CONTENT
}

async fn register_client(State(sandbox): State<SharedSandbox>, Json(client): Json<RegisteredClient>) -> StatusCode {
    control(&sandbox).register_client(client);
    StatusCode::NO_CONTENT
}

async fn users(State(sandbox): State<SharedSandbox>) -> Json<Vec<crate::control::DemoUserSummary>> {
    Json(control(&sandbox).demo_users())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_loopback_hosts_pass() {
        for host in ["127.0.0.1", "127.0.0.1:3030", "[::1]", "[::1]:3030", "localhost", "LOCALHOST:8080"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["evil.example", "evil.example:3030", "127.0.0.1.evil.example", "localhost.evil.example", "::1"] {
            assert!(!is_loopback_host(host), "{host}");
        }
        for host in ["127.0.0.1:", "127.0.0.1:port", "[::1]:99999", "", "0.0.0.0:3030", "[::2]"] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
