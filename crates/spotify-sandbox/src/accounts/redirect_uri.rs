//! Redirect-URI rules: exact match against the registered list, and only `https` or loopback IP literals.

use url::{Host, Url};

/// Why a redirect URI is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RedirectUriProblem {
    /// Not in the client's registered list.
    NotRegistered,
    /// Plain `http` to a host other than 127.0.0.1 or [::1] (including `localhost`), or not a URL at all.
    Insecure,
}

/// Checks `uri` against the registered list and Spotify's 2025 security rules.
pub(crate) fn check(uri: &str, registered: &[String]) -> Result<(), RedirectUriProblem> {
    if !registered.iter().any(|known| known == uri) {
        return Err(RedirectUriProblem::NotRegistered);
    }
    let url = Url::parse(uri).map_err(|_| RedirectUriProblem::Insecure)?;
    let loopback_literal = match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    };
    match url.scheme() {
        "https" if url.host_str() != Some("localhost") => Ok(()),
        "http" if loopback_literal => Ok(()),
        _ => Err(RedirectUriProblem::Insecure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_literals_only() {
        let uris = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let registered = uris(&[
            "https://app.example/cb",
            "http://127.0.0.1:3000/cb",
            "http://[::1]:3000/cb",
            "http://localhost:3000/cb",
            "https://localhost/cb",
            "http://app.example/cb",
        ]);
        assert_eq!(check("https://app.example/cb", &registered), Ok(()));
        assert_eq!(check("http://127.0.0.1:3000/cb", &registered), Ok(()));
        assert_eq!(check("http://[::1]:3000/cb", &registered), Ok(()));
        assert_eq!(check("http://localhost:3000/cb", &registered), Err(RedirectUriProblem::Insecure));
        assert_eq!(check("https://localhost/cb", &registered), Err(RedirectUriProblem::Insecure));
        assert_eq!(check("http://app.example/cb", &registered), Err(RedirectUriProblem::Insecure));
        assert_eq!(check("http://127.0.0.1:3000/cb/", &registered), Err(RedirectUriProblem::NotRegistered));
    }
}
