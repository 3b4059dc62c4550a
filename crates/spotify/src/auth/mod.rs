//! Signing in and staying signed in: the authorization URL, the token endpoint, the in-memory access tokens and the
//! refresh protocol around rotating refresh tokens.

pub(crate) mod accounts;
pub(crate) mod refresh;
pub(crate) mod sessions;
pub(crate) mod token_http;

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

/// Where to send the browser to ask the user for consent, and what to keep (server-side, bound to the browser's
/// session) until Spotify redirects back.
#[derive(Clone, Debug)]
pub struct AuthorizationRequest {
    /// The `…/authorize?…` URL with client id, redirect URI, scopes, `state` and an S256 PKCE challenge.
    pub url: Url,
    /// The random `state` Spotify echoes back; compare it before exchanging the code.
    pub state: String,
    /// The PKCE verifier matching the challenge in `url`; needed by [`exchange_code`](crate::Spotify::exchange_code).
    pub pkce_verifier: SecretString,
}

/// The tokens Spotify granted. `Debug` shows neither token.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    /// The bearer token for Web API calls; never persisted.
    pub access_token: SecretString,
    /// The refresh token to persist; PKCE grants rotate it on every refresh.
    pub refresh_token: Option<SecretString>,
    /// How long the access token lives (3600 s on Spotify).
    pub expires_in: Duration,
    /// The scopes actually granted, by Spotify's names.
    pub scopes: Vec<String>,
}
