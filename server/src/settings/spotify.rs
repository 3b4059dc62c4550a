//! Which Spotify Crossfade talks to: a real Spotify app when `SPOTIFY_CLIENT_ID` is set, otherwise the built-in
//! sandbox (demo mode), served on loopback next to Crossfade.

use std::net::SocketAddr;

use crossfade_domain::SiteOrigin;
use crossfade_spotify_sandbox::Mode;
use secrecy::SecretString;
use url::Url;

use super::{SettingsError, invalid, parse_or};

/// Where sign-in comes back to, relative to the site's origin.
pub const CALLBACK_PATH: &str = "/auth/callback";

/// The Spotify side of the configuration.
#[derive(Debug)]
pub enum SpotifySettings {
    /// No client id: run the sandbox and sign in as one of its demo users.
    Demo(SandboxSettings),
    /// A Spotify app registered on developer.spotify.com.
    Real(SpotifyApp),
}

/// How the demo sandbox runs.
#[derive(Debug, Clone)]
pub struct SandboxSettings {
    /// `CROSSFADE_SANDBOX_ADDR`: where the sandbox listens; the browser visits it for the consent page.
    pub addr: SocketAddr,
    /// `CROSSFADE_SANDBOX_ALLOW_REMOTE`: let `addr` be a non-loopback address (anyone who reaches the sandbox can
    /// sign in as its demo users).
    pub allow_remote: bool,
    /// `CROSSFADE_SANDBOX_SEED`: the seed its catalog and demo libraries are generated from.
    pub seed: u64,
    /// `CROSSFADE_SANDBOX_MODE`: `dev` (Spotify's 2026 Development Mode, what self-hosted apps get) or `extended`.
    pub mode: Mode,
    /// Where the sandbox sends the browser back to.
    pub redirect_uri: Url,
}

/// A real Spotify app's registration.
#[derive(Debug)]
pub struct SpotifyApp {
    /// `SPOTIFY_CLIENT_ID`.
    pub client_id: String,
    /// `SPOTIFY_CLIENT_SECRET`: optional; without it Crossfade is a public client using PKCE only.
    pub client_secret: Option<SecretString>,
    /// `SPOTIFY_REDIRECT_URI`: must equal a redirect URI of the app, character for character.
    pub redirect_uri: Url,
    /// `SPOTIFY_ACCOUNTS_URL`: the accounts service (sign-in and tokens).
    pub accounts_url: Url,
    /// `SPOTIFY_API_URL`: the Web API's root.
    pub api_url: Url,
}

pub(super) fn from_lookup(
    get: &impl Fn(&str) -> Option<String>,
    origin: &SiteOrigin,
) -> Result<SpotifySettings, SettingsError> {
    let default_redirect = || Url::parse(&origin.join(CALLBACK_PATH)).expect("an origin followed by a path is a URL");
    let Some(client_id) = get("SPOTIFY_CLIENT_ID") else {
        let redirect_uri = default_redirect();
        if let Some(problem) = redirect_uri_problem(&redirect_uri) {
            return Err(invalid("CROSSFADE_ORIGIN", format!("demo sign-in needs {problem}")));
        }
        let addr: SocketAddr = parse_or(get, "CROSSFADE_SANDBOX_ADDR", "127.0.0.1:3030".parse().expect("literal"))?;
        let allow_remote = parse_or(get, "CROSSFADE_SANDBOX_ALLOW_REMOTE", false)?;
        if !allow_remote && !addr.ip().to_canonical().is_loopback() {
            return Err(invalid(
                "CROSSFADE_SANDBOX_ADDR",
                format!(
                    "`{addr}` is not a loopback address; anyone who reaches the sandbox can sign in as its demo \
                     users, so set CROSSFADE_SANDBOX_ALLOW_REMOTE=true to serve it there anyway"
                ),
            ));
        }
        return Ok(SpotifySettings::Demo(SandboxSettings {
            addr,
            allow_remote,
            seed: parse_or(get, "CROSSFADE_SANDBOX_SEED", 2026)?,
            mode: parse_or(get, "CROSSFADE_SANDBOX_MODE", Mode::DevMode2026)?,
            redirect_uri,
        }));
    };
    let client_id = client_id.trim().to_owned();
    if !client_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid("SPOTIFY_CLIENT_ID", "must be the app's client id: letters and digits only"));
    }
    let redirect_uri = match get("SPOTIFY_REDIRECT_URI") {
        Some(raw) => Url::parse(raw.trim()).map_err(|e| invalid("SPOTIFY_REDIRECT_URI", format!("`{raw}`: {e}")))?,
        None => default_redirect(),
    };
    if let Some(problem) = redirect_uri_problem(&redirect_uri) {
        return Err(invalid("SPOTIFY_REDIRECT_URI", format!("`{redirect_uri}`: Spotify requires {problem}")));
    }
    if redirect_uri.path() != CALLBACK_PATH {
        return Err(invalid("SPOTIFY_REDIRECT_URI", format!("must end in the path {CALLBACK_PATH}")));
    }
    Ok(SpotifySettings::Real(SpotifyApp {
        client_id,
        client_secret: get("SPOTIFY_CLIENT_SECRET").map(|secret| SecretString::from(secret.trim().to_owned())),
        redirect_uri,
        accounts_url: base_url(get, "SPOTIFY_ACCOUNTS_URL", "https://accounts.spotify.com/")?,
        api_url: base_url(get, "SPOTIFY_API_URL", "https://api.spotify.com/v1/")?,
    }))
}

/// Spotify accepts https redirect URIs and plain http only on a loopback IP literal (never `localhost`).
fn redirect_uri_problem(uri: &Url) -> Option<&'static str> {
    match (uri.scheme(), uri.host()) {
        ("https", Some(_)) => None,
        ("http", Some(url::Host::Ipv4(ip))) if ip.is_loopback() => None,
        ("http", Some(url::Host::Ipv6(ip))) if ip.is_loopback() => None,
        _ => Some("https, or http on a loopback IP literal such as 127.0.0.1 (not `localhost`)"),
    }
}

fn base_url(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: &str,
) -> Result<Url, SettingsError> {
    let raw = get(variable).unwrap_or_else(|| default.to_owned());
    let mut url = Url::parse(raw.trim()).map_err(|e| invalid(variable, format!("`{raw}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
        return Err(invalid(variable, format!("`{raw}` is not an http(s) base URL")));
    }
    // Relative joins need the trailing slash to keep the last path segment.
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo(vars: &[(&str, &str)]) -> Result<SandboxSettings, SettingsError> {
        let origin: SiteOrigin = "http://127.0.0.1:3000".parse().expect("origin");
        let get =
            |name: &str| vars.iter().find(|(variable, _)| *variable == name).map(|(_, value)| (*value).to_owned());
        match from_lookup(&get, &origin)? {
            SpotifySettings::Demo(sandbox) => Ok(sandbox),
            SpotifySettings::Real(_) => panic!("expected demo mode"),
        }
    }

    #[test]
    fn the_sandbox_serves_other_machines_only_when_allowed() {
        assert!(!demo(&[]).unwrap().allow_remote);
        assert!(demo(&[("CROSSFADE_SANDBOX_ADDR", "[::1]:3030")]).is_ok());

        let error = demo(&[("CROSSFADE_SANDBOX_ADDR", "0.0.0.0:3030")]).unwrap_err();
        assert_eq!(error.variable, "CROSSFADE_SANDBOX_ADDR");
        assert!(error.problem.contains("CROSSFADE_SANDBOX_ALLOW_REMOTE=true"), "{error}");

        let allowed =
            demo(&[("CROSSFADE_SANDBOX_ADDR", "0.0.0.0:3030"), ("CROSSFADE_SANDBOX_ALLOW_REMOTE", "true")]).unwrap();
        assert!(allowed.allow_remote);
        assert_eq!(allowed.addr.to_string(), "0.0.0.0:3030");

        let unclear = demo(&[("CROSSFADE_SANDBOX_ALLOW_REMOTE", "maybe")]).unwrap_err();
        assert_eq!(unclear.variable, "CROSSFADE_SANDBOX_ALLOW_REMOTE");
    }
}
