//! Access tokens kept in memory per user (never persisted), and the bookkeeping that lets concurrent callers share
//! one refresh: a per-user gate, a count of finished refreshes and the last refresh's failure.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use secrecy::SecretString;
use time::OffsetDateTime;
use tokio::time::Instant;

use crate::error::ApiError;

/// An access token and when to stop using it. `generation` tells tokens apart without comparing secrets.
#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    pub(crate) secret: SecretString,
    pub(crate) generation: u64,
    use_until: Instant,
}

impl AccessToken {
    fn is_fresh(&self) -> bool {
        Instant::now() < self.use_until
    }
}

/// How the last refresh failed, in a form every caller that waited for it can be given.
#[derive(Clone, Debug)]
pub(crate) enum RefreshFailure {
    NeedsSignIn,
    RateLimited { retry_at: OffsetDateTime },
    Unavailable { detail: String },
}

impl RefreshFailure {
    /// The shareable form of `error`; `None` for failures each caller should meet for itself (the store's).
    pub(crate) fn of(error: &ApiError) -> Option<RefreshFailure> {
        match error {
            ApiError::NeedsSignIn => Some(RefreshFailure::NeedsSignIn),
            ApiError::RateLimited { retry_at, .. } => Some(RefreshFailure::RateLimited { retry_at: *retry_at }),
            ApiError::Unavailable { detail, .. } => Some(RefreshFailure::Unavailable { detail: detail.clone() }),
            _ => None,
        }
    }

    pub(crate) fn to_error(&self) -> ApiError {
        match self {
            RefreshFailure::NeedsSignIn => ApiError::NeedsSignIn,
            RefreshFailure::RateLimited { retry_at } => {
                ApiError::RateLimited { retry_at: *retry_at, quota_exceeded: false }
            }
            RefreshFailure::Unavailable { detail } => ApiError::Unavailable { status: None, detail: detail.clone() },
        }
    }
}

/// What is known about one user's tokens in this process.
#[derive(Debug, Default)]
pub(crate) struct SessionState {
    pub(crate) access: Option<AccessToken>,
    pub(crate) refreshes: u64,
    pub(crate) last_failure: Option<RefreshFailure>,
}

impl SessionState {
    /// The cached token if it is still fresh.
    pub(crate) fn fresh_access(&self) -> Option<AccessToken> {
        self.access.clone().filter(AccessToken::is_fresh)
    }
}

/// One user's tokens and refresh gate.
#[derive(Debug, Default)]
pub(crate) struct UserSession {
    state: Mutex<SessionState>,
    /// Held for the whole of a refresh, so only one runs per user in this process.
    pub(crate) refresh_gate: tokio::sync::Mutex<()>,
}

impl UserSession {
    // A panic while holding the lock cannot leave the state half-written (every write is one assignment), so a
    // poisoned lock is still safe to use.
    pub(crate) fn state(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every user's session in this process.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    users: Mutex<HashMap<i64, Arc<UserSession>>>,
    generations: AtomicU64,
}

impl Sessions {
    fn users(&self) -> MutexGuard<'_, HashMap<i64, Arc<UserSession>>> {
        self.users.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn session(&self, user: i64) -> Arc<UserSession> {
        Arc::clone(self.users().entry(user).or_default())
    }

    pub(crate) fn forget(&self, user: i64) {
        self.users().remove(&user);
    }

    /// An access token valid for `expires_in`, to be used until shortly before then (a tenth of its life, at most a
    /// minute, is kept in reserve so a request does not set out with a token about to expire).
    pub(crate) fn token(&self, secret: SecretString, expires_in: Duration) -> AccessToken {
        let reserve = (expires_in / 10).min(Duration::from_secs(60));
        AccessToken {
            secret,
            generation: self.generations.fetch_add(1, Ordering::Relaxed) + 1,
            use_until: Instant::now() + expires_in.saturating_sub(reserve),
        }
    }
}
