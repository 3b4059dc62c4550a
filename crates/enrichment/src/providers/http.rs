//! What every provider client shares: one HTTP client with timeouts and no redirects, a base URL, and the errors.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER, USER_AGENT};
use url::Url;

/// Why a provider request failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider asks us to slow down; `retry_after` is its wait when it names one.
    #[error("the provider asks to slow down{}", retry_after.map(|wait| format!(" for {} s", wait.as_secs())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    /// The provider refused the request itself (a 4xx other than not found and rate limits).
    #[error("the provider refused the request (HTTP {status}): {message}")]
    Refused { status: u16, message: String },
    /// The provider failed (5xx other than a rate limit).
    #[error("the provider failed (HTTP {status})")]
    Unavailable { status: u16 },
    /// The answer did not have the documented shape.
    #[error("the provider's answer was not understood: {0}")]
    Malformed(String),
    #[error("the provider could not be reached")]
    Transport(#[from] reqwest::Error),
}

/// An HTTP client for one provider.
#[derive(Clone, Debug)]
pub struct ProviderHttp {
    client: reqwest::Client,
    base: Url,
}

/// A raw answer: status, headers and body.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: bytes::Bytes,
}

impl ProviderHttp {
    /// A client for the service at `base` (e.g. `https://api.deezer.com`), sending `user_agent` with every request.
    pub fn new(base: Url, user_agent: &str, timeout: Duration) -> Result<Self, ProviderError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            user_agent.parse().map_err(|_| ProviderError::Malformed("the User-Agent is not a header value".into()))?,
        );
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(timeout)
            .default_headers(headers)
            .build()?;
        Ok(ProviderHttp { client, base })
    }

    /// `GET {base}/{path}?{query}`.
    pub(crate) async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Answer, ProviderError> {
        let url = self.url(path, query)?;
        Self::answer(self.client.get(url)).await
    }

    /// `GET {base}/{path}?{query}` with `Authorization: Bearer {token}`.
    pub(crate) async fn get_with_bearer(
        &self,
        path: &str,
        query: &[(&str, String)],
        token: &str,
    ) -> Result<Answer, ProviderError> {
        let url = self.url(path, query)?;
        Self::answer(self.client.get(url).bearer_auth(token)).await
    }

    /// `GET {base}/{path}?{query}` with `Authorization: {authorization}` (a scheme of the service's own).
    pub(crate) async fn get_with_authorization(
        &self,
        path: &str,
        query: &[(&str, String)],
        authorization: &secrecy::SecretString,
    ) -> Result<Answer, ProviderError> {
        use secrecy::ExposeSecret as _;
        let url = self.url(path, query)?;
        let mut value = reqwest::header::HeaderValue::from_str(authorization.expose_secret())
            .map_err(|_| ProviderError::Malformed("the authorization is not a header value".into()))?;
        value.set_sensitive(true);
        Self::answer(self.client.get(url).header(reqwest::header::AUTHORIZATION, value)).await
    }

    /// `POST {base}/{path}` with a form body and HTTP Basic credentials.
    pub(crate) async fn post_form_with_basic(
        &self,
        path: &str,
        form: &[(&str, &str)],
        user: &str,
        password: &str,
    ) -> Result<Answer, ProviderError> {
        let url = self.url(path, &[])?;
        Self::answer(self.client.post(url).basic_auth(user, Some(password)).form(form)).await
    }

    /// `POST {base}/{path}` with a form body.
    pub(crate) async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Result<Answer, ProviderError> {
        let url = self.url(path, &[])?;
        Self::answer(self.client.post(url).form(form)).await
    }

    async fn answer(request: reqwest::RequestBuilder) -> Result<Answer, ProviderError> {
        // An error keeps no address: some carry a key in their query (Last.fm's, YouTube's), and errors are logged.
        let response = request.send().await.map_err(|error| ProviderError::Transport(error.without_url()))?;
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.bytes().await.map_err(|error| ProviderError::Transport(error.without_url()))?;
        Ok(Answer { status, headers, body })
    }

    fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Url, ProviderError> {
        let mut url = self.base.clone();
        {
            let mut segments = url
                .path_segments_mut()
                .map_err(|()| ProviderError::Malformed("the base URL cannot have a path".into()))?;
            segments.pop_if_empty();
            for segment in path.split('/') {
                segments.push(segment);
            }
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query.iter().map(|(name, value)| (*name, value.as_str())));
        }
        Ok(url)
    }
}

impl Answer {
    /// The `Retry-After` header in seconds, when there is one.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        let value = self.headers.get(RETRY_AFTER)?.to_str().ok()?;
        value.trim().parse::<u64>().ok().map(Duration::from_secs)
    }

    /// Decodes the body as `T`.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, ProviderError> {
        serde_json::from_slice(&self.body).map_err(|error| ProviderError::Malformed(error.to_string()))
    }

    /// The body as text, shortened, for an error message.
    pub(crate) fn excerpt(&self) -> String {
        String::from_utf8_lossy(&self.body[..self.body.len().min(200)]).into_owned()
    }

    /// The error for a status no client handles itself.
    pub(crate) fn unexpected(&self) -> ProviderError {
        let status = self.status.as_u16();
        match status {
            429 => ProviderError::RateLimited { retry_after: self.retry_after() },
            500.. => ProviderError::Unavailable { status },
            _ => ProviderError::Refused { status, message: self.excerpt() },
        }
    }
}
