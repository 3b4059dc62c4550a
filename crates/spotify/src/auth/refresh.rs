//! Getting a usable access token for a user: the cached one, or one refresh shared by every concurrent caller in
//! this process, with the rotated refresh token saved to the store before the new access token is used.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tracing::{error, info, instrument};

use super::TokenGrant;
use super::sessions::{AccessToken, RefreshFailure};
use crate::client::Spotify;
use crate::error::{ApiError, TokenError};
use crate::store::RefreshTokenStore;

/// How often, and how far apart, the store is re-read after Spotify reports our refresh token revoked: another
/// process may have rotated it a moment ago and still be saving the new one.
const ROTATION_CHECKS: u32 = 10;
const ROTATION_CHECK_INTERVAL: Duration = Duration::from_millis(100);

impl<S: RefreshTokenStore> Spotify<S> {
    /// The user's access token: the cached one while fresh, otherwise a refreshed one.
    pub(crate) async fn access_token(&self, user: i64) -> Result<AccessToken, ApiError> {
        let cached = self.inner.sessions.session(user).state().fresh_access();
        match cached {
            Some(token) => Ok(token),
            None => self.refreshed_token(user, None).await,
        }
    }

    /// A token newer than `rejected` (the generation Spotify just answered 401 to, if any). Only one refresh runs
    /// per user at a time; callers that waited for it take its result, success or failure.
    #[instrument(skip_all, fields(user = user))]
    pub(crate) async fn refreshed_token(&self, user: i64, rejected: Option<u64>) -> Result<AccessToken, ApiError> {
        let session = self.inner.sessions.session(user);
        let refreshes_seen = session.state().refreshes;
        let _gate = session.refresh_gate.lock().await;
        {
            let state = session.state();
            if let Some(token) = state.fresh_access().filter(|token| Some(token.generation) != rejected) {
                return Ok(token);
            }
            if state.refreshes != refreshes_seen
                && let Some(failure) = &state.last_failure
            {
                return Err(failure.to_error());
            }
        }
        let outcome = self.refresh_through_store(user).await;
        let mut state = session.state();
        state.refreshes += 1;
        match outcome {
            Ok(grant) => {
                let token = self.inner.sessions.token(grant.access_token, grant.expires_in);
                state.access = Some(token.clone());
                state.last_failure = None;
                Ok(token)
            }
            Err(error) => {
                state.access = None;
                state.last_failure = RefreshFailure::of(&error);
                Err(error)
            }
        }
    }

    /// Refreshes with the stored token. A rotated refresh token is saved before the grant is returned.
    /// `invalid_grant` is final unless another process rotated the token meanwhile, in which case the stored one
    /// is tried once.
    async fn refresh_through_store(&self, user: i64) -> Result<TokenGrant, ApiError> {
        let store = &self.inner.store;
        let Some(mut refresh_token) = store.load(user).await? else {
            return self.needs_sign_in(user, "no refresh token is stored".to_owned()).await;
        };
        let mut tried_stored = false;
        loop {
            match self.inner.accounts.refresh(&refresh_token).await {
                Ok(grant) => {
                    if let Some(rotated) = &grant.refresh_token
                        && rotated.expose_secret() != refresh_token.expose_secret()
                    {
                        store.save(user, rotated).await?;
                    }
                    return Ok(grant);
                }
                Err(TokenError::InvalidGrant { description }) => {
                    if !tried_stored
                        && let Some(stored) = self.rotated_elsewhere(user, &refresh_token, &description).await?
                    {
                        info!(user, "refresh token was rotated by another process; using the stored one");
                        refresh_token = stored;
                        tried_stored = true;
                        continue;
                    }
                    return self.needs_sign_in(user, description).await;
                }
                Err(other) => return Err(other.into()),
            }
        }
    }

    /// The stored refresh token if it differs from the one Spotify just refused.
    async fn rotated_elsewhere(
        &self,
        user: i64,
        refused: &SecretString,
        description: &str,
    ) -> Result<Option<SecretString>, ApiError> {
        let checks = if description.to_ascii_lowercase().contains("revoked") { ROTATION_CHECKS } else { 1 };
        for check in 0..checks {
            if check > 0 {
                tokio::time::sleep(ROTATION_CHECK_INTERVAL).await;
            }
            match self.inner.store.load(user).await? {
                Some(stored) if stored.expose_secret() != refused.expose_secret() => return Ok(Some(stored)),
                Some(_) => {}
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    async fn needs_sign_in<T>(&self, user: i64, why: String) -> Result<T, ApiError> {
        info!(user, why = %why, "the user must sign in to Spotify again");
        if let Err(store_error) = self.inner.store.mark_needs_sign_in(user).await {
            // The caller still learns the truth (NeedsSignIn); the flag will be set again on the next attempt.
            error!(user, error = %store_error, "could not record that the user must sign in again");
        }
        Err(ApiError::NeedsSignIn)
    }
}
