//! The loopback-only admin API: the control operations over HTTP (JSON), for the binary and for tests in other
//! processes. Admin requests are not counted, rate limited or faulted.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
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
use crate::state::SharedSandbox;

/// Admin routes under `/sandbox`.
pub(crate) fn routes(sandbox: SharedSandbox) -> Router<SharedSandbox> {
    Router::new()
        .route("/sandbox/admin/faults", get(faults).put(set_faults))
        .route("/sandbox/admin/clock", post(advance_clock))
        .route("/sandbox/admin/counters", get(counters).delete(reset_counters))
        .route("/sandbox/admin/grants", post(grant))
        .route("/sandbox/admin/token-lifetime", put(token_lifetime))
        .route("/sandbox/admin/clients", post(register_client))
        .route("/sandbox/users", get(users))
        .route_layer(middleware::from_fn_with_state(sandbox, loopback_only))
}

/// Refuses admin requests that do not come from this machine.
async fn loopback_only(State(_sandbox): State<SharedSandbox>, request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    if peer.is_some_and(|ip| !ip.is_loopback()) {
        return (StatusCode::FORBIDDEN, Json(json!({ "error": "the admin API answers loopback clients only" })))
            .into_response();
    }
    next.run(request).await
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
