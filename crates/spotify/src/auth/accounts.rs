//! The accounts service through `oauth2`: the authorization URL with PKCE, the code exchange and the refresh call,
//! each with the retry policy applied (short `Retry-After` slept, 5xx and timeouts backed off).

use std::time::Duration;

use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenResponse,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, StandardRevocableToken, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use tracing::{instrument, warn};
use url::Url;

use super::token_http::{TokenHttp, TokenTransportError};
use super::{AuthorizationRequest, TokenGrant};
use crate::config::{ConfigError, RetryPolicy, SpotifyConfig};
use crate::error::TokenError;
use crate::scope::Scope;
use crate::transport::backoff;

type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    BasicTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

type TokenResult = Result<BasicTokenResponse, RequestTokenError<TokenTransportError, BasicErrorResponse>>;

/// Spotify's token lifetime, used when a response leaves `expires_in` out.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The app's OAuth client for the accounts service.
#[derive(Debug)]
pub(crate) struct Accounts {
    oauth: OAuthClient,
    http: TokenHttp,
    policy: RetryPolicy,
}

impl Accounts {
    pub(crate) fn new(config: &SpotifyConfig, accounts_base: &Url, http: reqwest::Client) -> Result<Self, ConfigError> {
        let endpoint = |path: &str| {
            accounts_base
                .join(path)
                .map_err(|_| ConfigError::InvalidBase { name: "accounts_base", url: accounts_base.to_string() })
        };
        let mut oauth = oauth2::Client::new(ClientId::new(config.client_id.clone()))
            .set_auth_uri(AuthUrl::from_url(endpoint("authorize")?))
            .set_token_uri(TokenUrl::from_url(endpoint("api/token")?))
            .set_redirect_uri(RedirectUrl::from_url(config.redirect_uri.clone()));
        if let Some(secret) = &config.client_secret {
            oauth = oauth.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()));
        }
        Ok(Self { oauth, http: TokenHttp(http), policy: config.policy.clone() })
    }

    /// A fresh `state` and S256 PKCE pair, and the authorization URL carrying them.
    pub(crate) fn authorization_request(&self, scopes: &[Scope]) -> AuthorizationRequest {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .oauth
            .authorize_url(CsrfToken::new_random)
            .add_scopes(scopes.iter().map(|scope| oauth2::Scope::new(scope.as_str().to_owned())))
            .set_pkce_challenge(challenge)
            .url();
        AuthorizationRequest {
            url,
            state: state.secret().clone(),
            pkce_verifier: SecretString::from(verifier.secret().as_str()),
        }
    }

    /// Exchanges an authorization code (with its PKCE verifier) for tokens.
    #[instrument(skip_all)]
    pub(crate) async fn exchange_code(&self, code: &str, verifier: &SecretString) -> Result<TokenGrant, TokenError> {
        let request = TokenRequest::Code {
            code: AuthorizationCode::new(code.to_owned()),
            verifier: verifier.expose_secret().to_owned(),
        };
        self.with_retries(request).await
    }

    /// Trades a refresh token for a new access token (and, with PKCE, a new refresh token that replaces it).
    #[instrument(skip_all)]
    pub(crate) async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenGrant, TokenError> {
        self.with_retries(TokenRequest::Refresh(RefreshToken::new(refresh_token.expose_secret().to_owned()))).await
    }

    async fn send(&self, request: &TokenRequest) -> TokenResult {
        match request {
            TokenRequest::Code { code, verifier } => {
                self.oauth
                    .exchange_code(code.clone())
                    .set_pkce_verifier(PkceCodeVerifier::new(verifier.clone()))
                    .request_async(&self.http)
                    .await
            }
            TokenRequest::Refresh(refresh_token) => {
                self.oauth.exchange_refresh_token(refresh_token).request_async(&self.http).await
            }
        }
    }

    async fn with_retries(&self, request: TokenRequest) -> Result<TokenGrant, TokenError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.policy.max_attempts;
            let error = match self.send(&request).await {
                Ok(response) => return Ok(grant(&response)),
                Err(error) => error,
            };
            let pause = match error {
                RequestTokenError::Request(TokenTransportError::RateLimited { wait }) => {
                    let wait = wait.unwrap_or_else(|| backoff::backoff_delay(&self.policy, attempt));
                    if last || wait > self.policy.max_retry_after {
                        return Err(TokenError::RateLimited { retry_at: backoff::retry_at(wait) });
                    }
                    backoff::rate_limit_delay(wait)
                }
                RequestTokenError::Request(
                    transient @ (TokenTransportError::ServerError(_) | TokenTransportError::Network(_)),
                ) => {
                    if last {
                        return Err(TokenError::Unavailable { detail: transient.to_string() });
                    }
                    warn!(attempt, error = %transient, "token call failed; backing off");
                    backoff::backoff_delay(&self.policy, attempt)
                }
                other => return Err(verdict(other)),
            };
            tokio::time::sleep(pause).await;
        }
    }
}

/// A token call, kept so it can be sent again. Both forms hold secrets (`oauth2` types redact them in `Debug`).
enum TokenRequest {
    Code { code: AuthorizationCode, verifier: String },
    Refresh(RefreshToken),
}

fn grant(response: &BasicTokenResponse) -> TokenGrant {
    TokenGrant {
        access_token: SecretString::from(response.access_token().secret().as_str()),
        refresh_token: response.refresh_token().map(|token| SecretString::from(token.secret().as_str())),
        expires_in: response.expires_in().unwrap_or(DEFAULT_LIFETIME),
        scopes: response
            .scopes()
            .map(|scopes| scopes.iter().map(|scope| scope.to_string()).collect())
            .unwrap_or_default(),
    }
}

fn verdict(error: RequestTokenError<TokenTransportError, BasicErrorResponse>) -> TokenError {
    match error {
        RequestTokenError::ServerResponse(response) => {
            let description = response.error_description().cloned().unwrap_or_default();
            match response.error() {
                BasicErrorResponseType::InvalidGrant => TokenError::InvalidGrant { description },
                BasicErrorResponseType::InvalidClient => TokenError::InvalidClient,
                other => TokenError::Protocol { detail: format!("{}: {description}", other.as_ref()) },
            }
        }
        // Only the path is reported: the body of a token response holds tokens.
        RequestTokenError::Parse(error, _) => {
            TokenError::Protocol { detail: format!("unreadable token response at `{}`", error.path()) }
        }
        RequestTokenError::Request(error) => TokenError::Protocol { detail: error.to_string() },
        RequestTokenError::Other(detail) => TokenError::Protocol { detail },
    }
}
