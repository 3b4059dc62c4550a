//! SoundCloud's OAuth: the token endpoint (client credentials and refresh) and the `OAuth` header check in front of
//! the tracks.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::json;
use time::OffsetDateTime;

use super::error;
use crate::providers::beatport::basic_credentials;
use crate::state::SharedSandbox;

/// Lifetime of an access token, in seconds.
const TOKEN_LIFETIME_SECS: i64 = 3_599;

/// The tokens issued: each access token's expiry, and the refresh tokens not yet used.
#[derive(Debug, Default)]
pub(crate) struct SoundCloudTokens {
    access: HashMap<String, OffsetDateTime>,
    refresh: HashSet<String>,
}

impl SoundCloudTokens {
    fn issue(&mut self, now: OffsetDateTime) -> (String, String) {
        self.access.retain(|_, expires| *expires > now);
        let token = || -> String { rand::rng().sample_iter(Alphanumeric).take(32).map(char::from).collect() };
        let (access, refresh) = (format!("2-{}", token()), token());
        self.access.insert(access.clone(), now + time::Duration::seconds(TOKEN_LIFETIME_SECS));
        self.refresh.insert(refresh.clone());
        (access, refresh)
    }

    fn is_valid(&self, token: &str, now: OffsetDateTime) -> bool {
        self.access.get(token).is_some_and(|expires| *expires > now)
    }
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

/// `POST /oauth/token`.
pub(super) async fn token(State(sandbox): State<SharedSandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let (id, secret) = basic_credentials(&headers).unwrap_or_else(|| (field("client_id"), field("client_secret")));
    if id.trim().is_empty() || secret.is_empty() {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let tokens = state.providers.soundcloud_tokens();
    match field("grant_type").as_str() {
        "client_credentials" => {}
        "refresh_token" => {
            if !tokens.refresh.remove(&field("refresh_token")) {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
            }
        }
        _ => return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type"),
    }
    let (access_token, refresh_token) = tokens.issue(now);
    Json(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": TOKEN_LIFETIME_SECS,
        "refresh_token": refresh_token,
        "scope": "",
    }))
    .into_response()
}

/// Lets requests through with `Authorization: OAuth {token}` naming a token issued here and still valid.
pub(super) async fn require_token(State(sandbox): State<SharedSandbox>, request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("OAuth "))
        .map(str::trim)
        .unwrap_or_default();
    let now = sandbox.clock.now();
    if token.is_empty() || !sandbox.lock().providers.soundcloud_tokens().is_valid(token, now) {
        return error(StatusCode::UNAUTHORIZED);
    }
    next.run(request).await
}
