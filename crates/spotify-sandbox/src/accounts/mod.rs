//! The accounts service: `GET/POST /authorize` (the consent page) and `POST /api/token`.

mod authorize;
mod consent_page;
mod pkce;
mod redirect_uri;
pub(crate) mod scopes;
mod token;
mod tokens;

use axum::Router;
use axum::routing::{get, post};

pub(crate) use tokens::{BearerError, TokenStore};

use crate::state::SharedSandbox;

/// The consent page, `GET/POST /authorize` (counted, never faulted).
pub(crate) fn consent_routes() -> Router<SharedSandbox> {
    Router::new().route("/authorize", get(authorize::show).post(authorize::decide))
}

/// The token endpoint, `POST /api/token` (counted and subject to faults).
pub(crate) fn token_routes() -> Router<SharedSandbox> {
    Router::new().route("/api/token", post(token::exchange))
}

/// Parses `application/x-www-form-urlencoded` text (a query string or a form body); the last value of a
/// repeated key wins.
pub(crate) fn form_pairs(text: &str) -> std::collections::HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes()).into_owned().collect()
}
