//! Where refresh tokens live between processes: the [`RefreshTokenStore`] the server implements on PostgreSQL.

use std::future::Future;
use std::sync::Arc;

use secrecy::SecretString;

/// Durable storage for each user's current refresh token, shared by every process of one install.
///
/// Spotify rotates PKCE refresh tokens on every refresh and revokes the old one, so the client saves the new token
/// through [`save`](RefreshTokenStore::save) before it uses the access token that came with it.
pub trait RefreshTokenStore: Send + Sync + 'static {
    /// The user's current refresh token; `None` means the user must sign in again.
    fn load(&self, user: i64) -> impl Future<Output = Result<Option<SecretString>, StoreError>> + Send;
    /// Replaces the user's refresh token in one atomic write.
    fn save(&self, user: i64, refresh_token: &SecretString) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Records that the user's grant is gone (expired or revoked) and they must sign in again.
    fn mark_needs_sign_in(&self, user: i64) -> impl Future<Output = Result<(), StoreError>> + Send;
}

impl<S: RefreshTokenStore> RefreshTokenStore for Arc<S> {
    fn load(&self, user: i64) -> impl Future<Output = Result<Option<SecretString>, StoreError>> + Send {
        S::load(self, user)
    }

    fn save(&self, user: i64, refresh_token: &SecretString) -> impl Future<Output = Result<(), StoreError>> + Send {
        S::save(self, user, refresh_token)
    }

    fn mark_needs_sign_in(&self, user: i64) -> impl Future<Output = Result<(), StoreError>> + Send {
        S::mark_needs_sign_in(self, user)
    }
}

/// The store failed; the cause is kept as the error's source.
#[derive(Debug, thiserror::Error)]
#[error("the refresh-token store failed")]
pub struct StoreError(#[source] pub Box<dyn std::error::Error + Send + Sync>);
