//! Crossfade's configuration: one struct read from environment variables (and an optional `.env` file, loaded by
//! the binary). Invalid values stop the start with a message naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use crossfade_domain::SiteOrigin;
use crossfade_store::TokenKeyring;
use secrecy::{ExposeSecret, SecretBox, SecretString};

mod charts;
mod enrichment;
mod library;
mod release_feed;
mod spotify;

pub use charts::ChartFetchSettings;
pub use enrichment::{EnrichmentSettings, ProviderSettings};
pub use library::LibrarySettings;
pub use release_feed::{BeatportApp, ReleaseFeedSettings};
pub use spotify::{CALLBACK_PATH, SandboxSettings, SpotifyApp, SpotifySettings};

/// Every setting, parsed and validated. `Debug` prints secrets as `[REDACTED]`.
#[derive(Debug)]
pub struct Settings {
    /// `CROSSFADE_ADDR`: where the HTTP server listens.
    pub addr: SocketAddr,
    /// `CROSSFADE_ORIGIN`: the public origin browsers use; defaults to `http://` + the listen address.
    pub origin: SiteOrigin,
    /// `DATABASE_URL`: an existing PostgreSQL database; when unset Crossfade runs its own cluster.
    pub database_url: Option<SecretString>,
    /// `CROSSFADE_DATA_DIR`: where the embedded cluster (and later, other local state) lives.
    pub data_dir: PathBuf,
    /// `CROSSFADE_SITE_ROOT`: the built site (`pkg/` with the wasm bundle, script and stylesheet).
    pub site_root: PathBuf,
    /// `CROSSFADE_SESSION_KEY`: signs session cookies; base64 of at least 64 bytes.
    pub session_key: SessionKey,
    /// `CROSSFADE_SESSION_IDLE_HOURS`: a session not used for this long ends.
    pub session_idle: Duration,
    /// `CROSSFADE_SESSION_LIFETIME_DAYS`: a session ends this long after sign-in, however active.
    pub session_lifetime: Duration,
    /// `CROSSFADE_DB_MAX_CONNECTIONS`: the connection pool's size.
    pub db_max_connections: u32,
    /// `CROSSFADE_DB_STATEMENT_TIMEOUT_SECS`: PostgreSQL cancels a statement of the server's connections that runs
    /// longer, so a page abandoned by its browser does not keep the database busy. Work that needs longer (the
    /// history import) raises it for its own transaction.
    pub db_statement_timeout: Duration,
    /// `CROSSFADE_PAGE_CACHE_MB`: memory for rendered library pages kept until the user's library changes; 0 renders
    /// every request.
    pub page_cache_bytes: usize,
    /// `CROSSFADE_CHARTS_API_CACHE`: how many answers of the charts API this process keeps until the charts change; 0
    /// makes every answer afresh.
    pub charts_api_cache: usize,
    /// `CROSSFADE_REQUEST_TIMEOUT_SECS`: a request still running after this long is answered 503 (except a history
    /// upload, which is bound by `CROSSFADE_UPLOAD_IDLE_SECS` instead).
    pub request_timeout: Duration,
    /// `CROSSFADE_BODY_LIMIT_BYTES`: the largest request body accepted.
    pub body_limit_bytes: usize,
    /// `CROSSFADE_SHUTDOWN_GRACE_SECS`: how long a shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// `LOG_FORMAT`: `text` or `json`.
    pub log_format: LogFormat,
    /// `CROSSFADE_TOKEN_KEYS`: the AES-256 keys refresh tokens are sealed with (`ID:BASE64`, first one current).
    pub token_keys: TokenKeyring,
    /// `SPOTIFY_*` and `CROSSFADE_SANDBOX_*`: the real Spotify or the demo sandbox.
    pub spotify: SpotifySettings,
    /// `CROSSFADE_SYNC_*`, `CROSSFADE_WORKERS`, `CROSSFADE_SPOTIFY_*`, `CROSSFADE_UPLOAD_*`: the library mirror.
    pub library: LibrarySettings,
    /// `CROSSFADE_ENRICHMENT`, `CROSSFADE_<PROVIDER>_*`, `CROSSFADE_SOURCE_ORDER*`: audio features, genres and labels.
    pub enrichment: EnrichmentSettings,
    /// `BEATPORT_CLIENT_*`, `CROSSFADE_BEATPORT_URL`, `CROSSFADE_RELEASE_PULL_HOURS`: where the curation board's new
    /// releases are pulled from, and how often.
    pub release_feed: ReleaseFeedSettings,
    /// `CROSSFADE_CHART_FETCH*`, the chart services' addresses and keys, `YOUTUBE_API_KEY`, `SOUNDCLOUD_CLIENT_*`,
    /// `CROSSFADE_PLAY_COUNT_SEARCHES`: the scheduled chart fetch and play count.
    pub chart_fetch: ChartFetchSettings,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The key that signs session cookies.
pub struct SessionKey(SecretBox<Vec<u8>>);

impl SessionKey {
    pub fn bytes(&self) -> &[u8] {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKey([REDACTED])")
    }
}

/// A setting that could not be used; the message names the variable and what it should look like.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct SettingsError {
    pub variable: &'static str,
    pub problem: String,
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can supply their own variables.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let addr: SocketAddr = parse_or(&get, "CROSSFADE_ADDR", "127.0.0.1:3000".parse().expect("literal"))?;
        let origin = match get("CROSSFADE_ORIGIN") {
            Some(raw) => raw.parse().map_err(|e| invalid("CROSSFADE_ORIGIN", e))?,
            None => format!("http://{addr}").parse().map_err(|e| invalid("CROSSFADE_ADDR", e))?,
        };
        let session_key = match get("CROSSFADE_SESSION_KEY") {
            Some(raw) => parse_session_key(&raw)?,
            None => {
                return Err(invalid(
                    "CROSSFADE_SESSION_KEY",
                    "is not set; generate one with `head -c 64 /dev/urandom | base64 -w0` (scripts/run does this)",
                ));
            }
        };
        let token_keys = match get("CROSSFADE_TOKEN_KEYS") {
            Some(raw) => TokenKeyring::parse(&raw).map_err(|e| invalid("CROSSFADE_TOKEN_KEYS", e))?,
            None => {
                return Err(invalid(
                    "CROSSFADE_TOKEN_KEYS",
                    "is not set; generate one with `echo k1:$(head -c 32 /dev/urandom | base64 -w0)` (scripts/run does this)",
                ));
            }
        };
        let spotify = spotify::from_lookup(&get, &origin)?;
        let data_dir = get("CROSSFADE_DATA_DIR").map_or_else(|| PathBuf::from("data"), PathBuf::from);
        let library = library::from_lookup(&get, &data_dir)?;
        let (demo, extended) = match &spotify {
            SpotifySettings::Demo(sandbox) => (true, sandbox.mode == crossfade_spotify_sandbox::Mode::Extended),
            SpotifySettings::Real(_) => (false, library.extended_access),
        };
        Ok(Self {
            token_keys,
            spotify,
            enrichment: enrichment::from_lookup(&get, demo, extended)?,
            release_feed: release_feed::from_lookup(&get, demo)?,
            chart_fetch: charts::from_lookup(&get, demo)?,
            library,
            addr,
            origin,
            database_url: get("DATABASE_URL").map(SecretString::from),
            data_dir,
            site_root: get("CROSSFADE_SITE_ROOT").map_or_else(|| PathBuf::from("target/site"), PathBuf::from),
            session_key,
            session_idle: hours(positive(&get, "CROSSFADE_SESSION_IDLE_HOURS", 14u32 * 24)?),
            session_lifetime: hours(positive(&get, "CROSSFADE_SESSION_LIFETIME_DAYS", 30u32)?.saturating_mul(24)),
            db_max_connections: positive(&get, "CROSSFADE_DB_MAX_CONNECTIONS", 10u32)?,
            db_statement_timeout: Duration::from_secs(positive(&get, "CROSSFADE_DB_STATEMENT_TIMEOUT_SECS", 10u64)?),
            page_cache_bytes: parse_or::<usize>(&get, "CROSSFADE_PAGE_CACHE_MB", 32)?.saturating_mul(1024 * 1024),
            charts_api_cache: parse_or::<usize>(&get, "CROSSFADE_CHARTS_API_CACHE", 2048)?,
            request_timeout: Duration::from_secs(positive(&get, "CROSSFADE_REQUEST_TIMEOUT_SECS", 30u64)?),
            body_limit_bytes: positive::<u32>(&get, "CROSSFADE_BODY_LIMIT_BYTES", 2 * 1024 * 1024)? as usize,
            shutdown_grace: Duration::from_secs(positive(&get, "CROSSFADE_SHUTDOWN_GRACE_SECS", 20u64)?),
            log_format: match get("LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(other) => return Err(invalid("LOG_FORMAT", format!("`{other}` is neither `text` nor `json`"))),
            },
        })
    }
}

pub(crate) fn invalid(variable: &'static str, problem: impl ToString) -> SettingsError {
    SettingsError { variable, problem: problem.to_string() }
}

pub(crate) fn parse_or<T: FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: T,
) -> Result<T, SettingsError>
where
    T::Err: std::fmt::Display,
{
    match get(variable) {
        Some(raw) => raw.trim().parse().map_err(|e| invalid(variable, format!("`{raw}`: {e}"))),
        None => Ok(default),
    }
}

pub(crate) fn positive<T: FromStr + PartialOrd + Default>(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: T,
) -> Result<T, SettingsError>
where
    T::Err: std::fmt::Display,
{
    let value = parse_or(get, variable, default)?;
    if value <= T::default() {
        return Err(invalid(variable, "must be a whole number greater than zero"));
    }
    Ok(value)
}

fn hours(count: u32) -> Duration {
    Duration::from_secs(u64::from(count) * 3600)
}

fn parse_session_key(raw: &str) -> Result<SessionKey, SettingsError> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(raw.trim())
        .map_err(|e| invalid("CROSSFADE_SESSION_KEY", format!("is not base64: {e}")))?;
    if bytes.len() < 64 {
        return Err(invalid(
            "CROSSFADE_SESSION_KEY",
            format!("decodes to {} bytes; it needs at least 64", bytes.len()),
        ));
    }
    Ok(SessionKey(SecretBox::new(Box::new(bytes))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const TOKEN_KEYS: &str = "t1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const KEY: &str = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMw==";

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let mut map: HashMap<String, String> = HashMap::from([
            ("CROSSFADE_SESSION_KEY".into(), KEY.into()),
            ("CROSSFADE_TOKEN_KEYS".into(), TOKEN_KEYS.into()),
        ]);
        map.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_serve_loopback_with_an_embedded_database() {
        let settings = settings(&[]).unwrap();
        assert_eq!(settings.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(settings.origin.to_string(), "http://127.0.0.1:3000");
        assert!(settings.database_url.is_none());
        assert_eq!(settings.log_format, LogFormat::Text);
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let settings = settings(&[("DATABASE_URL", "postgres://u:hunter2@db/x")]).unwrap();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(!debug.contains(KEY), "{debug}");
        assert!(debug.contains("REDACTED"));
    }

    #[test]
    fn invalid_values_name_their_variable() {
        let cases = [
            ("CROSSFADE_ADDR", "nowhere"),
            ("CROSSFADE_ORIGIN", "ftp://x"),
            ("CROSSFADE_SESSION_KEY", "c2hvcnQ="),
            ("CROSSFADE_SESSION_KEY", "not base64!"),
            ("CROSSFADE_DB_MAX_CONNECTIONS", "0"),
            ("CROSSFADE_REQUEST_TIMEOUT_SECS", "-3"),
            ("CROSSFADE_DB_STATEMENT_TIMEOUT_SECS", "0"),
            ("CROSSFADE_PAGE_CACHE_MB", "lots"),
            ("LOG_FORMAT", "yaml"),
            ("CROSSFADE_SESSION_LIFETIME_DAYS", "99999999999"),
            ("CROSSFADE_TOKEN_KEYS", "k1:c2hvcnQ="),
            ("CROSSFADE_SANDBOX_MODE", "legacy"),
            ("CROSSFADE_SANDBOX_ADDR", "here"),
            ("CROSSFADE_ORIGIN", "http://localhost:3000"),
            ("SPOTIFY_EXTENDED_ACCESS", "yes"),
            ("CROSSFADE_WORKERS", "0"),
        ];
        for (variable, value) in cases {
            let error = settings(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable, "{value}");
            assert!(error.to_string().starts_with(variable));
        }
    }

    #[test]
    fn without_a_client_id_crossfade_runs_the_demo_sandbox() {
        let SpotifySettings::Demo(sandbox) = settings(&[]).unwrap().spotify else { panic!("expected demo mode") };
        assert_eq!(sandbox.addr.to_string(), "127.0.0.1:3030");
        assert_eq!(sandbox.redirect_uri.as_str(), "http://127.0.0.1:3000/auth/callback");
        assert_eq!(sandbox.mode, crossfade_spotify_sandbox::Mode::DevMode2026);
    }

    #[test]
    fn a_client_id_selects_the_real_spotify() {
        let settings = settings(&[("SPOTIFY_CLIENT_ID", "abc123"), ("SPOTIFY_CLIENT_SECRET", "s3cr3t")]).unwrap();
        let SpotifySettings::Real(app) = &settings.spotify else { panic!("expected a real app") };
        assert_eq!(app.accounts_url.as_str(), "https://accounts.spotify.com/");
        assert_eq!(app.api_url.as_str(), "https://api.spotify.com/v1/");
        assert_eq!(app.redirect_uri.as_str(), "http://127.0.0.1:3000/auth/callback");
        assert!(!format!("{settings:?}").contains("s3cr3t"));
    }

    #[test]
    fn the_release_feed_is_the_sandbox_in_demo_mode_and_off_without_a_beatport_app() {
        let demo = settings(&[]).unwrap().release_feed.beatport.expect("demo mode pulls from the sandbox");
        assert_eq!(demo.base_url, None);
        let real = settings(&[("SPOTIFY_CLIENT_ID", "abc123")]).unwrap();
        assert!(real.release_feed.beatport.is_none(), "real Spotify without BEATPORT_CLIENT_ID: uploads only");
        let with_beatport =
            [("SPOTIFY_CLIENT_ID", "abc123"), ("BEATPORT_CLIENT_ID", "bp"), ("BEATPORT_CLIENT_SECRET", "bp-s3cr3t")];
        let real = settings(&with_beatport).unwrap();
        assert!(real.release_feed.beatport.is_some());
        assert!(!format!("{real:?}").contains("bp-s3cr3t"));
    }

    #[test]
    fn redirect_uris_follow_spotifys_rules() {
        let with = |uri: &str| settings(&[("SPOTIFY_CLIENT_ID", "abc123"), ("SPOTIFY_REDIRECT_URI", uri)]);
        assert!(with("https://music.example.org/auth/callback").is_ok());
        assert!(with("http://[::1]:3000/auth/callback").is_ok());
        for refused in ["http://localhost:3000/auth/callback", "http://music.example.org/auth/callback", "https://x/y"]
        {
            assert_eq!(with(refused).unwrap_err().variable, "SPOTIFY_REDIRECT_URI", "{refused}");
        }
    }

    #[test]
    fn a_missing_token_key_says_how_to_make_one() {
        let error =
            Settings::from_lookup(|name| (name == "CROSSFADE_SESSION_KEY").then(|| KEY.to_owned())).unwrap_err();
        assert_eq!(error.variable, "CROSSFADE_TOKEN_KEYS");
        assert!(error.problem.contains("urandom"));
    }

    #[test]
    fn a_missing_session_key_says_how_to_make_one() {
        let error = Settings::from_lookup(|_| None).unwrap_err();
        assert_eq!(error.variable, "CROSSFADE_SESSION_KEY");
        assert!(error.problem.contains("base64"));
    }
}
