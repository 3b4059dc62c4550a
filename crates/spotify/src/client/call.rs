//! The request loop every Web API operation goes through: bearer token, one refresh on 401, `Retry-After` honoured
//! up to the policy's limit, backoff with jitter for replay-safe requests, and a clear stop for unsafe ones.

use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use tracing::{debug, instrument, warn};
use url::Url;

use super::Spotify;
use crate::auth::sessions::AccessToken;
use crate::error::ApiError;
use crate::store::RefreshTokenStore;
use crate::transport::backoff::{backoff_delay, rate_limit_delay, retry_at};
use crate::transport::decode::decode;
use crate::transport::{ApiCall, Attempt, Replay};

/// Whose token a request carries.
// The grant's token is owned, not borrowed: a borrowed secret held across the awaits below makes the futures of
// callers fail the `Send` check (a known limitation of the compiler's reasoning about lifetimes in futures).
#[derive(Clone)]
pub(crate) enum Auth {
    /// The app user's cached (or refreshed) access token.
    User(i64),
    /// A token from a fresh grant, before there is a user to refresh for.
    Grant(SecretString),
}

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Vec<u8>,
}

/// Why a call failed: an ordinary error, or an unsafe request whose effect is unknown.
#[derive(Debug)]
pub(crate) enum CallError {
    Api(ApiError),
    /// A 5xx or timeout on a request that must not be re-sent blindly: it may or may not have been applied.
    Ambiguous {
        status: Option<u16>,
        detail: String,
    },
}

impl From<ApiError> for CallError {
    fn from(error: ApiError) -> Self {
        CallError::Api(error)
    }
}

impl From<CallError> for ApiError {
    fn from(error: CallError) -> Self {
        match error {
            CallError::Api(error) => error,
            CallError::Ambiguous { status, detail } => {
                ApiError::Unavailable { status, detail: format!("{detail}; the change may or may not have been made") }
            }
        }
    }
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// Sends `call` until it succeeds, fails for good, or the policy runs out of attempts.
    #[instrument(skip_all, fields(method = %call.method, path = call.url.path()))]
    pub(crate) async fn call(&self, auth: Auth, call: &ApiCall) -> Result<Reply, CallError> {
        let policy = &self.inner.transport.policy;
        let mut attempt = 0;
        // The token a refresh after 401 produced: the retry uses exactly it.
        let mut refreshed: Option<AccessToken> = None;
        let mut has_refreshed = false;
        loop {
            attempt += 1;
            let (token, generation) = match (&auth, refreshed.take()) {
                (Auth::User(_), Some(token)) => (token.secret, Some(token.generation)),
                (Auth::User(user), None) => {
                    let token = self.access_token(*user).await?;
                    (token.secret, Some(token.generation))
                }
                (Auth::Grant(token), _) => (token.clone(), None),
            };
            let pause = match self.inner.transport.send(call, &token).await {
                Attempt::Success { status, body } => return Ok(Reply { status, body }),
                Attempt::Refused(error) => return Err(error.into()),
                Attempt::Unauthorized => match (&auth, generation) {
                    (&Auth::User(user), Some(generation)) if !has_refreshed => {
                        debug!("access token refused; refreshing once");
                        has_refreshed = true;
                        attempt -= 1;
                        refreshed = Some(self.refreshed_token(user, Some(generation)).await?);
                        continue;
                    }
                    _ => return Err(ApiError::NeedsSignIn.into()),
                },
                Attempt::RateLimited { wait, quota_exceeded } => {
                    let wait = wait.unwrap_or_else(|| backoff_delay(policy, attempt));
                    if quota_exceeded || wait > policy.max_retry_after || attempt >= policy.max_attempts {
                        return Err(ApiError::RateLimited { retry_at: retry_at(wait), quota_exceeded }.into());
                    }
                    warn!(attempt, wait_ms = wait.as_millis() as u64, "rate limited; waiting before retrying");
                    rate_limit_delay(wait)
                }
                Attempt::Transient { status, detail, maybe_applied } => {
                    if maybe_applied && call.replay == Replay::Unsafe {
                        return Err(CallError::Ambiguous { status, detail });
                    }
                    if attempt >= policy.max_attempts {
                        return Err(ApiError::Unavailable { status, detail }.into());
                    }
                    warn!(attempt, ?status, %detail, "request failed; backing off");
                    backoff_delay(policy, attempt)
                }
            };
            tokio::time::sleep(pause).await;
        }
    }

    /// Sends `call` for `user`; an unknown outcome of an unsafe request is reported as `Unavailable`.
    pub(crate) async fn send(&self, user: i64, call: &ApiCall) -> Result<Reply, ApiError> {
        Ok(self.call(Auth::User(user), call).await?)
    }

    /// `GET url` and decode the answer.
    pub(crate) async fn get_json<T: DeserializeOwned>(&self, auth: Auth, url: Url) -> Result<T, ApiError> {
        let call = ApiCall { method: Method::GET, url, body: None, replay: Replay::Safe };
        let reply = self.call(auth, &call).await?;
        decode(&reply.body)
    }

    /// `GET url` for `user` and decode the answer.
    pub(crate) async fn get<T: DeserializeOwned>(&self, user: i64, url: Url) -> Result<T, ApiError> {
        self.get_json(Auth::User(user), url).await
    }

    /// Sends `call` for `user` and decodes the answer.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, user: i64, call: &ApiCall) -> Result<T, ApiError> {
        decode(&self.send(user, call).await?.body)
    }
}
