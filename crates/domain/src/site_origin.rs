//! The public origin Crossfade is served from. Cookies (`Secure`, `__Host-`), the cross-site request check and OAuth
//! redirect URIs are all derived from it, so it is parsed strictly once and never re-guessed from request headers.

use std::fmt;
use std::str::FromStr;

use url::Url;

/// A web origin (`scheme://host[:port]`) that is http or https, with no path, query, fragment or credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteOrigin {
    url: Url,
}

/// Why a string is not a usable site origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiteOriginError {
    #[error("`{0}` is not a URL: {1}")]
    NotAUrl(String, String),
    #[error("the scheme must be http or https, not `{0}`")]
    Scheme(String),
    #[error("an origin has no user name or password")]
    Credentials,
    #[error("an origin has no path, query or fragment (found `{0}`)")]
    HasPath(String),
    #[error("an origin needs a host")]
    NoHost,
}

impl SiteOrigin {
    /// Whether the site is served over https, which makes cookies `Secure` and `__Host-` prefixed.
    pub fn is_secure(&self) -> bool {
        self.url.scheme() == "https"
    }

    /// The origin as browsers send it in the `Origin` header (no trailing slash).
    pub fn as_header_value(&self) -> String {
        self.url.origin().ascii_serialization()
    }

    /// An absolute URL for a path on this site.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}", self.as_header_value(), path)
    }
}

impl FromStr for SiteOrigin {
    type Err = SiteOriginError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let url = Url::parse(raw.trim()).map_err(|e| SiteOriginError::NotAUrl(raw.to_owned(), e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(SiteOriginError::Scheme(url.scheme().to_owned()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(SiteOriginError::Credentials);
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(SiteOriginError::NoHost);
        }
        let rest = &url[url::Position::BeforePath..];
        if rest != "/" && !rest.is_empty() {
            return Err(SiteOriginError::HasPath(rest.to_owned()));
        }
        Ok(Self { url })
    }
}

impl fmt::Display for SiteOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_header_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn loopback_http_origin_is_accepted_and_not_secure() {
        let origin: SiteOrigin = "http://127.0.0.1:3000".parse().unwrap();
        assert!(!origin.is_secure());
        assert_eq!(origin.as_header_value(), "http://127.0.0.1:3000");
        assert_eq!(origin.join("/about"), "http://127.0.0.1:3000/about");
    }

    #[test]
    fn https_origin_is_secure_and_drops_default_port_and_slash() {
        let origin: SiteOrigin = "https://music.example.org:443/".parse().unwrap();
        assert!(origin.is_secure());
        assert_eq!(origin.to_string(), "https://music.example.org");
    }

    #[test]
    fn rejections_name_what_is_wrong() {
        let cases = [
            ("ftp://host", SiteOriginError::Scheme("ftp".into())),
            ("http://user:pw@host", SiteOriginError::Credentials),
            ("http://host/app", SiteOriginError::HasPath("/app".into())),
            ("http://host/?q=1", SiteOriginError::HasPath("/?q=1".into())),
        ];
        for (raw, expected) in cases {
            assert_eq!(raw.parse::<SiteOrigin>().unwrap_err(), expected, "{raw}");
        }
        assert!(matches!("not a url".parse::<SiteOrigin>(), Err(SiteOriginError::NotAUrl(..))));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(raw in ".{0,64}") {
            let _ = raw.parse::<SiteOrigin>();
        }

        #[test]
        fn a_parsed_origin_round_trips(host in "[a-z]{1,12}(\\.[a-z]{2,6})?", port in 1u16.., secure: bool) {
            let scheme = if secure { "https" } else { "http" };
            let origin: SiteOrigin = format!("{scheme}://{host}:{port}").parse().unwrap();
            let again: SiteOrigin = origin.to_string().parse().unwrap();
            prop_assert_eq!(&origin, &again);
            prop_assert_eq!(origin.is_secure(), secure);
        }
    }
}
