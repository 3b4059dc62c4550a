//! The [`Spotify`] client: construction, sign-in entry points and the in-memory access tokens. The Web API
//! operations are added to it by the modules under `ops`.

pub(crate) mod call;

use std::fmt;
use std::sync::Arc;

use tracing::instrument;

use crate::auth::accounts::Accounts;
use crate::auth::sessions::Sessions;
use crate::auth::{AuthorizationRequest, TokenGrant};
use crate::config::{ConfigError, SpotifyConfig};
use crate::error::{ApiError, TokenError};
use crate::models::CurrentUser;
use crate::scope::Scope;
use crate::store::RefreshTokenStore;
use crate::transport::Transport;
use call::Auth;

/// Crossfade's Spotify client for one registered app. Cheap to clone (shared state behind an `Arc`); all clones
/// share one HTTP connection pool, one access-token cache and one refresh gate per user.
pub struct Spotify<S: RefreshTokenStore> {
    pub(crate) inner: Arc<Inner<S>>,
}

pub(crate) struct Inner<S> {
    pub(crate) accounts: Accounts,
    pub(crate) transport: Transport,
    pub(crate) sessions: Sessions,
    pub(crate) store: S,
}

impl<S: RefreshTokenStore> Clone for Spotify<S> {
    fn clone(&self) -> Self {
        Self { inner: Arc::clone(&self.inner) }
    }
}

impl<S: RefreshTokenStore> fmt::Debug for Spotify<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Spotify").field("api_base", &self.inner.transport.api_base.as_str()).finish_non_exhaustive()
    }
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// A client for the app described by `config`, keeping refresh tokens in `store`.
    pub fn new(config: SpotifyConfig, store: S) -> Result<Self, ConfigError> {
        let (accounts_base, api_base) = config.validated()?;
        let transport = Transport::new(api_base, config.policy.clone())?;
        let accounts = Accounts::new(&config, &accounts_base, transport.http.clone())?;
        Ok(Self { inner: Arc::new(Inner { accounts, transport, sessions: Sessions::default(), store }) })
    }

    /// A fresh authorization URL with a random `state` and an S256 PKCE challenge for `scopes`.
    pub fn authorization_request(&self, scopes: &[Scope]) -> AuthorizationRequest {
        self.inner.accounts.authorization_request(scopes)
    }

    /// Exchanges the `code` Spotify redirected back with (and the request's PKCE verifier) for tokens.
    #[instrument(skip_all)]
    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: &secrecy::SecretString,
    ) -> Result<TokenGrant, TokenError> {
        self.inner.accounts.exchange_code(code, pkce_verifier).await
    }

    /// `GET /me` with a grant's access token, before the app's user row exists (no refresh on 401).
    #[instrument(skip_all)]
    pub async fn current_user_with(&self, grant: &TokenGrant) -> Result<CurrentUser, ApiError> {
        let url = self.inner.transport.endpoint(&["me"]);
        self.get_json(Auth::Grant(grant.access_token.clone()), url).await
    }

    /// Keeps `grant`'s access token in memory for `user` (it is never persisted; the refresh token is the
    /// caller's to save through the store).
    #[instrument(skip_all, fields(user = user))]
    pub fn remember(&self, user: i64, grant: &TokenGrant) {
        let token = self.inner.sessions.token(grant.access_token.clone(), grant.expires_in);
        let session = self.inner.sessions.session(user);
        let mut state = session.state();
        state.access = Some(token);
        state.last_failure = None;
    }

    /// Drops `user`'s cached access token (sign-out or disconnect).
    pub fn forget(&self, user: i64) {
        self.inner.sessions.forget(user);
    }

    /// `GET /me`: the signed-in user's profile.
    #[instrument(skip_all, fields(user = user))]
    pub async fn current_user(&self, user: i64) -> Result<CurrentUser, ApiError> {
        let url = self.inner.transport.endpoint(&["me"]);
        self.get_json(Auth::User(user), url).await
    }
}
