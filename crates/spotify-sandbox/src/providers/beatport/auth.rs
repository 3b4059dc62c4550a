//! Beatport's OAuth: the client-credentials token endpoint and the bearer check in front of the catalog.
//!
//! Any non-empty client id and secret are accepted, in the form body or as HTTP Basic. The errors follow
//! django-oauth-toolkit: a grant other than `client_credentials` is 400 `unsupported_grant_type`, missing client
//! credentials 401 `invalid_client`. Catalog requests without a bearer token get 401 `Authentication credentials
//! were not provided.`, with an unknown or expired one 401 `Invalid token.`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::json;
use time::OffsetDateTime;

use crate::state::SharedSandbox;

/// Lifetime of an access token, in seconds.
const TOKEN_LIFETIME_SECS: i64 = 36_000;
/// The scopes Beatport grants an API client.
const SCOPE: &str = "app:locker user:dj";

/// The access tokens issued and when each expires.
#[derive(Debug, Default)]
pub(crate) struct BeatportTokens {
    expiry: HashMap<String, OffsetDateTime>,
}

impl BeatportTokens {
    fn issue(&mut self, now: OffsetDateTime) -> String {
        self.expiry.retain(|_, expires| *expires > now);
        let token: String = rand::rng().sample_iter(Alphanumeric).take(30).map(char::from).collect();
        self.expiry.insert(token.clone(), now + time::Duration::seconds(TOKEN_LIFETIME_SECS));
        token
    }

    fn is_valid(&self, token: &str, now: OffsetDateTime) -> bool {
        self.expiry.get(token).is_some_and(|expires| *expires > now)
    }
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

/// The client id and secret of HTTP Basic authentication (SoundCloud's token endpoint reads them too).
pub(crate) fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let encoded = headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let (id, secret) = String::from_utf8(decoded).ok()?.split_once(':').map(|(i, s)| (i.to_owned(), s.to_owned()))?;
    Some((id, secret))
}

/// `POST /v4/auth/o/token/` (form `grant_type=client_credentials&client_id=…&client_secret=…`): a bearer token.
pub(super) async fn token(State(sandbox): State<SharedSandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    let (id, secret) = basic_credentials(&headers).unwrap_or_else(|| {
        let field = |name: &str| form.get(name).cloned().unwrap_or_default();
        (field("client_id"), field("client_secret"))
    });
    if id.trim().is_empty() || secret.is_empty() {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    let now = sandbox.clock.now();
    let access_token = sandbox.lock().providers.beatport_tokens().issue(now);
    Json(json!({
        "access_token": access_token,
        "expires_in": TOKEN_LIFETIME_SECS,
        "token_type": "Bearer",
        "scope": SCOPE,
    }))
    .into_response()
}

fn not_authenticated(detail: &str) -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, Json(json!({ "detail": detail }))).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"api\""));
    response
}

/// Lets catalog requests through with a token issued here and still valid.
pub(super) async fn require_token(State(sandbox): State<SharedSandbox>, request: Request, next: Next) -> Response {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty());
    let Some(token) = bearer else {
        return not_authenticated("Authentication credentials were not provided.");
    };
    let now = sandbox.clock.now();
    if !sandbox.lock().providers.beatport_tokens().is_valid(token, now) {
        return not_authenticated("Invalid token.");
    }
    next.run(request).await
}
