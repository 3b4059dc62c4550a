//! The HTTP function handed to `oauth2` for token calls. It sends through the shared no-redirect client and turns
//! 429 (with its `Retry-After`) and 5xx into typed errors before `oauth2` tries to read them as RFC 6749 errors.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use oauth2::{AsyncHttpClient, HttpRequest, HttpResponse};

use crate::transport::backoff;

/// A token call that did not reach a verdict from the accounts service.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TokenTransportError {
    /// 429, with the requested wait if one was given.
    #[error("rate limited by the accounts service")]
    RateLimited { wait: Option<Duration> },
    /// 5xx.
    #[error("the accounts service answered HTTP {0}")]
    ServerError(u16),
    /// Connection failure or timeout.
    #[error("{0}")]
    Network(String),
    /// The request `oauth2` built could not be turned into a reqwest request.
    #[error("the token request could not be built: {0}")]
    Request(String),
}

/// The HTTP client `oauth2` sends token requests through.
#[derive(Clone, Debug)]
pub(crate) struct TokenHttp(pub(crate) reqwest::Client);

impl<'c> AsyncHttpClient<'c> for TokenHttp {
    type Error = TokenTransportError;
    // Boxed as `dyn Future + Send` so the client's futures stay `Send` whatever borrows they hold.
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, TokenTransportError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(send(&self.0, request))
    }
}

/// Sends one token request.
async fn send(http: &reqwest::Client, request: HttpRequest) -> Result<HttpResponse, TokenTransportError> {
    let request =
        reqwest::Request::try_from(request).map_err(|error| TokenTransportError::Request(error.to_string()))?;
    let response = http.execute(request).await.map_err(|error| network(&error))?;
    let status = response.status();
    if status.as_u16() == 429 {
        return Err(TokenTransportError::RateLimited { wait: backoff::retry_after(response.headers()) });
    }
    if status.is_server_error() {
        return Err(TokenTransportError::ServerError(status.as_u16()));
    }
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|error| network(&error))?;
    let mut answer = HttpResponse::new(body.to_vec());
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    Ok(answer)
}

fn network(error: &reqwest::Error) -> TokenTransportError {
    // The error's own text may include the URL but never the form body, so it holds no secret.
    if error.is_timeout() {
        TokenTransportError::Network("the accounts service timed out".into())
    } else if error.is_connect() {
        TokenTransportError::Network("could not connect to the accounts service".into())
    } else {
        TokenTransportError::Network(format!("token request failed: {error}"))
    }
}
