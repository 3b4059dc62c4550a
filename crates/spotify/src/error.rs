//! What can go wrong talking to Spotify: [`TokenError`] for the accounts service, [`ApiError`] for the Web API.

use time::OffsetDateTime;

use crate::store::StoreError;

/// A failed call to the accounts service's token endpoint.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The code or refresh token is invalid, expired, already used or revoked (`invalid_grant`): final, sign in again.
    #[error("Spotify refused the grant: {description}")]
    InvalidGrant {
        /// Spotify's `error_description`, e.g. "Refresh token revoked".
        description: String,
    },
    /// Spotify does not accept the app's client id (or secret).
    #[error("Spotify rejected the app's client credentials")]
    InvalidClient,
    /// The accounts service asked us to wait longer than the retry policy allows.
    #[error("the Spotify accounts service is rate limiting until {retry_at}")]
    RateLimited {
        /// When a retry may succeed.
        retry_at: OffsetDateTime,
    },
    /// The accounts service could not be reached or kept failing (5xx, timeouts) through every attempt.
    #[error("the Spotify accounts service is unavailable: {detail}")]
    Unavailable {
        /// What the last attempt saw.
        detail: String,
    },
    /// The accounts service answered something this client does not understand.
    #[error("unexpected answer from the Spotify accounts service: {detail}")]
    Protocol {
        /// What was wrong with it (never the response body, which may hold tokens).
        detail: String,
    },
}

/// A failed Web API call.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The user's grant is gone (refresh token expired, revoked or missing, or a fresh token still got 401).
    #[error("the Spotify account must be signed in again")]
    NeedsSignIn,
    /// Spotify asked us to wait longer than the retry policy allows, or the developer quota is spent.
    #[error("Spotify is rate limiting until {retry_at}{}", if *quota_exceeded { " (quota exceeded)" } else { "" })]
    RateLimited {
        /// When a retry may succeed: persist it and reschedule.
        retry_at: OffsetDateTime,
        /// The body said `QUOTA_EXCEEDED` (the per-developer quota), not an ordinary rolling-window limit.
        quota_exceeded: bool,
    },
    /// 403: missing scope, not allow-listed, not the owner, Premium required, or an endpoint removed in Dev Mode.
    #[error("Spotify refused: {message}")]
    Forbidden {
        /// Spotify's message.
        message: String,
        /// The player's `reason`, e.g. `PREMIUM_REQUIRED`.
        reason: Option<String>,
    },
    /// 404: unknown id, editorial playlist, removed endpoint, or no active player device.
    #[error("not found on Spotify: {message}")]
    NotFound {
        /// Spotify's message.
        message: String,
    },
    /// 400 (and other 4xx): the request was wrong; also raised before sending when arguments are out of range.
    #[error("Spotify rejected the request: {message}")]
    BadRequest {
        /// Spotify's (or the client's) message.
        message: String,
    },
    /// Spotify kept failing (5xx, timeouts, connection errors) through every allowed attempt, or a write's outcome
    /// could not be established.
    #[error("Spotify is unavailable: {detail}")]
    Unavailable {
        /// The last HTTP status, if one was received.
        status: Option<u16>,
        /// What happened.
        detail: String,
    },
    /// A response did not match the expected shape; `path` names the field, e.g. `items[3].item.duration_ms`.
    #[error("unexpected Spotify response at {path}: {message}")]
    Model {
        /// Where in the document decoding failed.
        path: String,
        /// Why.
        message: String,
    },
    /// The refresh-token store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<TokenError> for ApiError {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::InvalidGrant { .. } => ApiError::NeedsSignIn,
            TokenError::RateLimited { retry_at } => ApiError::RateLimited { retry_at, quota_exceeded: false },
            TokenError::InvalidClient => {
                ApiError::Unavailable { status: None, detail: "Spotify rejected the app's client credentials".into() }
            }
            TokenError::Unavailable { detail } | TokenError::Protocol { detail } => {
                ApiError::Unavailable { status: None, detail: format!("token refresh failed: {detail}") }
            }
        }
    }
}
