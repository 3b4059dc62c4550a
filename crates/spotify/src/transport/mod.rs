//! One HTTP exchange with the Web API and what it means: success, refusal, rate limit or a transient failure.
//! The retry loop that acts on these outcomes lives in `client::call`.

pub(crate) mod backoff;
pub(crate) mod decode;
pub(crate) mod error_body;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::config::{ConfigError, RetryPolicy};
use crate::error::ApiError;
use error_body::ErrorBody;

/// Whether a request may be sent again after a failure that leaves its effect unknown (5xx, timeout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Reads, replacing PUTs, deletes by URI: sending twice equals sending once.
    Safe,
    /// Appends, skips, creations: an unknown outcome must be checked, not re-sent blindly.
    Unsafe,
}

/// A Web API request, ready to be sent (and, if allowed, sent again).
#[derive(Clone, Debug)]
pub(crate) struct ApiCall {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) body: Option<serde_json::Value>,
    pub(crate) replay: Replay,
}

/// The outcome of one attempt.
#[derive(Debug)]
pub(crate) enum Attempt {
    /// 2xx, with the body (empty for 204).
    Success { status: StatusCode, body: Vec<u8> },
    /// 401: the access token is expired or invalid.
    Unauthorized,
    /// 429, with the requested wait if Spotify gave one.
    RateLimited { wait: Option<Duration>, quota_exceeded: bool },
    /// 5xx, a timeout or a broken connection. `maybe_applied` is false only when the request never left
    /// (connection refused), so even an unsafe request may be sent again.
    Transient { status: Option<u16>, detail: String, maybe_applied: bool },
    /// A final answer: 400, 403, 404 and other client errors.
    Refused(ApiError),
}

/// The shared HTTP client (connection reuse, timeouts, no redirects) and the API's base URL.
#[derive(Debug)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) api_base: Url,
    pub(crate) policy: RetryPolicy,
}

impl Transport {
    /// Builds the one HTTP client used for the Web API and the accounts service alike. Redirects are never
    /// followed: Spotify does not send them, and following one could carry a token or code to another host.
    pub(crate) fn new(api_base: Url, policy: RetryPolicy) -> Result<Self, ConfigError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.request_timeout)
            .pool_idle_timeout(Duration::from_secs(90))
            .user_agent(concat!("crossfade/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| ConfigError::HttpClient(error.to_string()))?;
        Ok(Self { http, api_base, policy })
    }

    /// The URL of the path `segments` (e.g. `["playlists", id, "items"]`) under the API base; each segment is
    /// percent-encoded, so an id can never change the route.
    pub(crate) fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.api_base.clone();
        // The configuration check guarantees the base can be a base, so the segments are always available.
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// Whether `url` (a `next` link from a page) points under the API base, so a token may be sent to it.
    pub(crate) fn is_api_url(&self, url: &Url) -> bool {
        url.origin() == self.api_base.origin() && url.path().starts_with(self.api_base.path())
    }

    /// Sends `call` once with `access_token` and classifies the answer.
    pub(crate) async fn send(&self, call: &ApiCall, access_token: &SecretString) -> Attempt {
        let mut request =
            self.http.request(call.method.clone(), call.url.clone()).bearer_auth(access_token.expose_secret());
        request = match &call.body {
            Some(body) => request.json(body),
            // Spotify answers 411 to a bodiless PUT/POST/DELETE without Content-Length; an empty body sends `0`.
            None if call.method != Method::GET => request.body(Vec::new()),
            None => request,
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return transient(&error),
        };
        let status = response.status();
        let wait = backoff::retry_after(response.headers());
        let body = match response.bytes().await {
            Ok(body) => body.to_vec(),
            Err(error) => return transient(&error),
        };
        classify(status, wait, body)
    }
}

fn transient(error: &reqwest::Error) -> Attempt {
    let (detail, maybe_applied) = if error.is_connect() {
        ("could not connect".to_owned(), false)
    } else if error.is_timeout() {
        ("timed out".to_owned(), true)
    } else {
        (format!("connection failed: {error}"), true)
    };
    Attempt::Transient { status: None, detail, maybe_applied }
}

fn classify(status: StatusCode, wait: Option<Duration>, body: Vec<u8>) -> Attempt {
    if status.is_success() {
        return Attempt::Success { status, body };
    }
    let error = ErrorBody::parse(status, &body);
    match status.as_u16() {
        401 => Attempt::Unauthorized,
        429 => Attempt::RateLimited { wait, quota_exceeded: error.is_quota_exceeded() },
        403 => Attempt::Refused(ApiError::Forbidden { message: error.message, reason: error.reason }),
        404 => Attempt::Refused(ApiError::NotFound { message: error.message }),
        code @ 500..=599 => Attempt::Transient { status: Some(code), detail: error.message, maybe_applied: true },
        400 => Attempt::Refused(ApiError::BadRequest { message: error.message }),
        code => Attempt::Refused(ApiError::BadRequest { message: format!("HTTP {code}: {}", error.message) }),
    }
}

impl ApiCall {
    /// A `GET` (always replay-safe).
    pub(crate) fn get(url: Url) -> Self {
        Self { method: Method::GET, url, body: None, replay: Replay::Safe }
    }

    /// A request with `method`, an optional JSON body and its replay rule.
    pub(crate) fn new(method: Method, url: Url, body: Option<serde_json::Value>, replay: Replay) -> Self {
        Self { method, url, body, replay }
    }
}

/// `url` with `pairs` appended to its query string.
pub(crate) fn with_query<K: AsRef<str>, V: AsRef<str>>(mut url: Url, pairs: &[(K, V)]) -> Url {
    if !pairs.is_empty() {
        url.query_pairs_mut().extend_pairs(pairs.iter().map(|(key, value)| (key.as_ref(), value.as_ref())));
    }
    url
}
