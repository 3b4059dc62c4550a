//! Error types: starting the sandbox, the control API, and Web API error answers in Spotify's JSON shape.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::catalog::CatalogError;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The listen address is not a loopback address and the configuration does not allow serving beyond this
    /// machine ([`SandboxConfig::allow_remote`](crate::SandboxConfig::allow_remote)).
    #[error(
        "refusing to listen on {addr}: it is not a loopback address, and the sandbox signs anyone who reaches it in \
         as its demo users, so serving other machines must be allowed explicitly"
    )]
    RemoteAddress {
        /// The address asked for.
        addr: std::net::SocketAddr,
    },
    /// The listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The catalog could not be built (e.g. a strict CSV with a malformed row).
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// A demo user is configured twice.
    #[error("demo user {0:?} is configured twice")]
    DuplicateUser(String),
    /// Building the world panicked or was cancelled.
    #[error("generating the sandbox data failed: {0}")]
    Generation(String),
}

/// Why a control operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlError {
    /// No demo user has this id.
    #[error("unknown demo user {0:?}")]
    UnknownUser(String),
    /// No registered client has this id.
    #[error("unknown client {0:?}")]
    UnknownClient(String),
    /// A scope Spotify does not know.
    #[error("unknown scope {0:?}")]
    UnknownScope(String),
    /// No playlist has this id.
    #[error("unknown playlist {0:?}")]
    UnknownPlaylist(String),
    /// The catalog has no such item (or the URI is not a track/episode URI).
    #[error("unknown catalog item {0:?}")]
    UnknownItem(String),
    /// The user may not do this (e.g. edit a playlist they neither own nor collaborate on).
    #[error("{0}")]
    NotAllowed(String),
}

/// A Web API error: `{"error":{"status":…,"message":…[,"reason":…]}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub reason: Option<&'static str>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into(), reason: None }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// `404 Non existing id`, Spotify's answer for a well-formed id that names nothing.
    pub(crate) fn non_existing_id() -> Self {
        Self::not_found("Non existing id")
    }

    /// `403 Insufficient client scope`.
    pub(crate) fn insufficient_scope() -> Self {
        Self::forbidden("Insufficient client scope")
    }

    /// A player error with its `reason`.
    pub(crate) fn player(status: StatusCode, message: impl Into<String>, reason: &'static str) -> Self {
        Self { status, message: message.into(), reason: Some(reason) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "status": self.status.as_u16(), "message": self.message });
        if let Some(reason) = self.reason {
            error["reason"] = json!(reason);
        }
        let mut response = (self.status, axum::Json(json!({ "error": error }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            let challenge = format!(
                "Bearer realm=\"spotify\", error=\"invalid_token\", error_description=\"{}\"",
                self.message.replace('"', "'")
            );
            if let Ok(value) = HeaderValue::from_str(&challenge) {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
            }
        }
        response
    }
}
