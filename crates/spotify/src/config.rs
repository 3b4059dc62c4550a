//! Where Spotify lives and how patiently the client talks to it: [`SpotifyConfig`] and [`RetryPolicy`].

use std::time::Duration;

use secrecy::SecretString;
use url::{Host, Url};

/// Everything the client needs to reach Spotify on behalf of one registered app.
#[derive(Clone, Debug)]
pub struct SpotifyConfig {
    /// The accounts service root, `https://accounts.spotify.com/` (the sandbox's `base_url()` in tests).
    pub accounts_base: Url,
    /// The Web API root, `https://api.spotify.com/v1/` (the sandbox's `api_base_url()` in tests).
    pub api_base: Url,
    /// The app's client id from the Spotify developer dashboard.
    pub client_id: String,
    /// The app's client secret; `None` for a public, PKCE-only client.
    pub client_secret: Option<SecretString>,
    /// The redirect URI registered for the app: `https://…` or a loopback IP literal (`localhost` is refused).
    pub redirect_uri: Url,
    /// How the client waits, retries and gives up.
    pub policy: RetryPolicy,
}

impl SpotifyConfig {
    /// A configuration for the real Spotify services with the default [`RetryPolicy`].
    pub fn spotify(client_id: String, client_secret: Option<SecretString>, redirect_uri: Url) -> Self {
        Self {
            accounts_base: Url::parse("https://accounts.spotify.com/").expect("a valid literal URL"),
            api_base: Url::parse("https://api.spotify.com/v1/").expect("a valid literal URL"),
            client_id,
            client_secret,
            redirect_uri,
            policy: RetryPolicy::default(),
        }
    }
}

/// How long the client waits for Spotify and how often it tries again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// A `Retry-After` up to this long is slept (plus a little jitter) and the request retried; a longer one is
    /// returned at once as `RateLimited` so the caller can reschedule.
    pub max_retry_after: Duration,
    /// Attempts per request, the first included (server errors, timeouts and short rate-limit waits all count).
    pub max_attempts: u32,
    /// The first backoff after a server error or timeout; it doubles per attempt (with jitter).
    pub backoff_base: Duration,
    /// The longest single backoff.
    pub backoff_max: Duration,
    /// The whole-request timeout (connect, send, response body).
    pub request_timeout: Duration,
    /// The TCP/TLS connect timeout.
    pub connect_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retry_after: Duration::from_secs(30),
            max_attempts: 4,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(8),
            request_timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// A configuration the client refuses to start with.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A base URL cannot serve as a root for relative paths (for example it has a query or cannot be a base).
    #[error("{name} `{url}` cannot be used as a base URL")]
    InvalidBase {
        /// Which setting.
        name: &'static str,
        /// The offending value.
        url: String,
    },
    /// Spotify only accepts `https://` redirect URIs or `http://` ones on a loopback IP literal.
    #[error("redirect URI `{0}` must be https or http on 127.0.0.1 / [::1] (Spotify rejects `localhost`)")]
    RedirectUri(String),
    /// The client id is empty.
    #[error("the Spotify client id is empty")]
    MissingClientId,
    /// The retry policy asks for no attempt at all.
    #[error("the retry policy must allow at least one attempt")]
    NoAttempts,
    /// The HTTP client could not be built.
    #[error("the HTTP client could not be built: {0}")]
    HttpClient(String),
}

impl SpotifyConfig {
    /// Checks the settings and returns the base URLs with a trailing slash, so relative paths join beneath them.
    pub(crate) fn validated(&self) -> Result<(Url, Url), ConfigError> {
        if self.client_id.trim().is_empty() {
            return Err(ConfigError::MissingClientId);
        }
        if self.policy.max_attempts == 0 {
            return Err(ConfigError::NoAttempts);
        }
        check_redirect_uri(&self.redirect_uri)?;
        Ok((as_base("accounts_base", &self.accounts_base)?, as_base("api_base", &self.api_base)?))
    }
}

fn as_base(name: &'static str, url: &Url) -> Result<Url, ConfigError> {
    if url.cannot_be_a_base() || url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::InvalidBase { name, url: url.to_string() });
    }
    let mut base = url.clone();
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    Ok(base)
}

fn check_redirect_uri(uri: &Url) -> Result<(), ConfigError> {
    let loopback_ip = match uri.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    };
    match uri.scheme() {
        "https" => Ok(()),
        "http" if loopback_ip => Ok(()),
        _ => Err(ConfigError::RedirectUri(uri.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(redirect: &str) -> SpotifyConfig {
        SpotifyConfig::spotify("app".into(), None, Url::parse(redirect).unwrap())
    }

    #[test]
    fn loopback_ip_and_https_redirects_are_accepted() {
        assert!(config("http://127.0.0.1:3000/callback").validated().is_ok());
        assert!(config("http://[::1]:3000/callback").validated().is_ok());
        assert!(config("https://music.example/callback").validated().is_ok());
    }

    #[test]
    fn localhost_and_plain_http_redirects_are_refused() {
        assert!(matches!(config("http://localhost:3000/cb").validated(), Err(ConfigError::RedirectUri(_))));
        assert!(matches!(config("http://music.example/cb").validated(), Err(ConfigError::RedirectUri(_))));
    }

    #[test]
    fn base_urls_gain_a_trailing_slash() {
        let mut c = config("https://music.example/cb");
        c.api_base = Url::parse("http://127.0.0.1:9/v1").unwrap();
        let (_, api) = c.validated().unwrap();
        assert_eq!(api.join("me").unwrap().as_str(), "http://127.0.0.1:9/v1/me");
    }
}
