//! Client apps registered with the sandbox's accounts service, and their `ID[:SECRET]=URI[,URI…]` notation.

use std::str::FromStr;

/// A client app as registered on Spotify's developer dashboard.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RegisteredClient {
    /// The app's client id.
    pub client_id: String,
    /// The app's secret; `None` for a public (PKCE-only) client.
    pub client_secret: Option<String>,
    /// Redirect URIs, matched exactly.
    pub redirect_uris: Vec<String>,
}

impl RegisteredClient {
    /// A public client that authenticates with PKCE only.
    pub fn public(client_id: impl Into<String>, redirect_uris: &[&str]) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: None,
            redirect_uris: redirect_uris.iter().map(|uri| (*uri).to_owned()).collect(),
        }
    }
}

/// Why a `ID[:SECRET]=URI[,URI…]` client notation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientSpecError {
    /// No `=` between the id part and the redirect URIs.
    #[error("expected ID[:SECRET]=REDIRECT_URI[,URI…], found no '='")]
    MissingEquals,
    /// The client id is empty.
    #[error("the client id is empty")]
    EmptyId,
    /// No redirect URI was given.
    #[error("at least one redirect URI is needed")]
    NoRedirectUri,
}

impl FromStr for RegisteredClient {
    type Err = ClientSpecError;

    /// Parses `ID[:SECRET]=REDIRECT_URI[,URI…]`, the notation of the sandbox binary's `--client` flag.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (identity, uris) = s.split_once('=').ok_or(ClientSpecError::MissingEquals)?;
        let (client_id, client_secret) = match identity.split_once(':') {
            Some((id, secret)) => (id, Some(secret.to_owned())),
            None => (identity, None),
        };
        if client_id.trim().is_empty() {
            return Err(ClientSpecError::EmptyId);
        }
        let redirect_uris: Vec<String> =
            uris.split(',').map(str::trim).filter(|uri| !uri.is_empty()).map(str::to_owned).collect();
        if redirect_uris.is_empty() {
            return Err(ClientSpecError::NoRedirectUri);
        }
        Ok(Self { client_id: client_id.trim().to_owned(), client_secret, redirect_uris })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_public_and_confidential_clients() {
        let public: RegisteredClient = "app=http://127.0.0.1:3000/callback".parse().unwrap();
        assert_eq!(public, RegisteredClient::public("app", &["http://127.0.0.1:3000/callback"]));

        let confidential: RegisteredClient = "app:s3cret=https://a.example/cb,http://[::1]:8080/cb".parse().unwrap();
        assert_eq!(confidential.client_secret.as_deref(), Some("s3cret"));
        assert_eq!(confidential.redirect_uris, vec!["https://a.example/cb", "http://[::1]:8080/cb"]);
    }

    #[test]
    fn refuses_incomplete_notation() {
        assert_eq!("app".parse::<RegisteredClient>(), Err(ClientSpecError::MissingEquals));
        assert_eq!("=http://127.0.0.1/cb".parse::<RegisteredClient>(), Err(ClientSpecError::EmptyId));
        assert_eq!("app=".parse::<RegisteredClient>(), Err(ClientSpecError::NoRedirectUri));
    }
}
