//! The caller of a Web API request, from its bearer token, and per-endpoint scope checks.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::accounts::BearerError;
use crate::errors::ApiError;
use crate::state::SharedSandbox;

/// The user and client app behind a valid access token, with the granted scopes.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub user_id: String,
    pub scopes: Vec<String>,
}

impl Caller {
    pub(crate) fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|granted| granted == scope)
    }

    /// `403 Insufficient client scope` unless `scope` was granted.
    pub(crate) fn require(&self, scope: &str) -> Result<(), ApiError> {
        if self.has(scope) { Ok(()) } else { Err(ApiError::insufficient_scope()) }
    }

    /// `403 Insufficient client scope` unless one of `scopes` was granted.
    pub(crate) fn require_any(&self, scopes: &[&str]) -> Result<(), ApiError> {
        if scopes.iter().any(|scope| self.has(scope)) { Ok(()) } else { Err(ApiError::insufficient_scope()) }
    }
}

impl FromRequestParts<SharedSandbox> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sandbox: &SharedSandbox) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
        let token = match header {
            None => return Err(ApiError::unauthorized("No token provided")),
            Some(value) => value.strip_prefix("Bearer ").map(str::trim),
        };
        let token = token.ok_or_else(|| ApiError::bad_request("Only valid bearer authentication supported"))?;
        let now = sandbox.clock.now();
        let state = sandbox.lock();
        match state.tokens.bearer(token, now) {
            Ok(access) => Ok(Caller { user_id: access.user_id.clone(), scopes: access.scopes.clone() }),
            Err(BearerError::Expired) => Err(ApiError::unauthorized("The access token expired")),
            Err(BearerError::Invalid) => Err(ApiError::unauthorized("Invalid access token")),
        }
    }
}
