//! Authorization codes, access tokens and refresh tokens: issuing, exchanging, rotating, expiring, revoking.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use base64::Engine;
use rand::RngCore;
use time::OffsetDateTime;

use super::pkce;
use crate::config::RegisteredClient;

/// Authorization codes are valid for ten minutes.
const CODE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Refresh tokens die six months after the user authorised, however often they are used.
pub(crate) const REFRESH_LIFETIME: Duration = Duration::from_secs(183 * 24 * 3600);

#[derive(Debug, Clone)]
struct AuthorizationCode {
    client_id: String,
    redirect_uri: String,
    user_id: String,
    scopes: Vec<String>,
    code_challenge: Option<String>,
    issued_at: OffsetDateTime,
    used: bool,
}

/// A live access token's grant.
#[derive(Debug, Clone)]
pub(crate) struct AccessToken {
    pub client_id: String,
    pub user_id: String,
    pub scopes: Vec<String>,
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
struct RefreshToken {
    client_id: String,
    user_id: String,
    scopes: Vec<String>,
    authorized_at: OffsetDateTime,
    revoked: bool,
    /// Issued to a PKCE client: every use returns a new refresh token and revokes this one.
    rotating: bool,
}

/// What the token endpoint answers on success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IssuedTokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: u64,
    pub scope: String,
}

/// An RFC 6749 token-endpoint error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[expect(clippy::enum_variant_names, reason = "the variants are RFC 6749's error codes")]
pub(crate) enum TokenError {
    InvalidGrant(&'static str),
    InvalidClient(&'static str),
    InvalidRequest(&'static str),
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BearerError {
    Invalid,
    Expired,
}

/// How the caller of the token endpoint identified itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClientAuth {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// Every OAuth artefact the accounts service has issued.
#[derive(Debug)]
pub(crate) struct TokenStore {
    clients: BTreeMap<String, RegisteredClient>,
    codes: HashMap<String, AuthorizationCode>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    pub access_token_lifetime: Duration,
}

fn random_token(prefix: &str, bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer))
}

impl TokenStore {
    pub(crate) fn new(clients: &[RegisteredClient], access_token_lifetime: Duration) -> Self {
        Self {
            clients: clients.iter().map(|c| (c.client_id.clone(), c.clone())).collect(),
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            access_token_lifetime,
        }
    }

    pub(crate) fn client(&self, client_id: &str) -> Option<&RegisteredClient> {
        self.clients.get(client_id)
    }

    pub(crate) fn register(&mut self, client: RegisteredClient) {
        self.clients.insert(client.client_id.clone(), client);
    }

    /// Issues a single-use authorization code after the user approved.
    pub(crate) fn issue_code(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        user_id: &str,
        scopes: Vec<String>,
        code_challenge: Option<String>,
        now: OffsetDateTime,
    ) -> String {
        let code = random_token("AQ", 96);
        self.codes.insert(
            code.clone(),
            AuthorizationCode {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                user_id: user_id.to_owned(),
                scopes,
                code_challenge,
                issued_at: now,
                used: false,
            },
        );
        code
    }

    /// Checks the caller's client id and, when given, its secret. Returns whether a secret authenticated it.
    fn authenticate_client(&self, auth: &ClientAuth, expected: &str) -> Result<bool, TokenError> {
        let client_id = auth.client_id.as_deref().unwrap_or(expected);
        let client = self.clients.get(client_id).ok_or(TokenError::InvalidClient("Invalid client"))?;
        if client_id != expected {
            return Err(TokenError::InvalidClient("Invalid client"));
        }
        match (&auth.client_secret, &client.client_secret) {
            (None, _) => Ok(false),
            (Some(given), Some(secret)) if given == secret => Ok(true),
            (Some(_), _) => Err(TokenError::InvalidClient("Invalid client secret")),
        }
    }

    /// `grant_type=authorization_code`.
    pub(crate) fn exchange_code(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
        code_verifier: Option<&str>,
        auth: &ClientAuth,
        now: OffsetDateTime,
    ) -> Result<IssuedTokens, TokenError> {
        let grant =
            self.codes.get(code).filter(|c| !c.used).ok_or(TokenError::InvalidGrant("Invalid authorization code"))?;
        if now > grant.issued_at + CODE_LIFETIME {
            return Err(TokenError::InvalidGrant("Authorization code expired"));
        }
        let secret_used = self.authenticate_client(auth, &grant.client_id)?;
        if redirect_uri != Some(grant.redirect_uri.as_str()) {
            return Err(TokenError::InvalidGrant("Invalid redirect URI"));
        }
        match (&grant.code_challenge, code_verifier) {
            (Some(_), None) if !secret_used => return Err(TokenError::InvalidRequest("code_verifier required")),
            (Some(challenge), Some(verifier)) if !pkce::verifies(verifier, challenge) => {
                return Err(TokenError::InvalidGrant("code_verifier was incorrect"));
            }
            (None, _) if !secret_used => return Err(TokenError::InvalidClient("Invalid client")),
            _ => {}
        }
        let grant = grant.clone();
        if let Some(stored) = self.codes.get_mut(code) {
            stored.used = true;
        }
        let rotating = !secret_used;
        Ok(self.issue(&grant.client_id, &grant.user_id, grant.scopes, now, now, rotating))
    }

    /// `grant_type=refresh_token`.
    pub(crate) fn refresh(
        &mut self,
        token: &str,
        auth: &ClientAuth,
        now: OffsetDateTime,
    ) -> Result<IssuedTokens, TokenError> {
        let stored = self.refresh.get(token).cloned().ok_or(TokenError::InvalidGrant("Invalid refresh token"))?;
        let secret_used = self.authenticate_client(auth, &stored.client_id)?;
        if !stored.rotating && !secret_used {
            return Err(TokenError::InvalidClient("Invalid client"));
        }
        // Spotify answers an expired refresh token like a revoked one.
        if stored.revoked || now > stored.authorized_at + REFRESH_LIFETIME {
            return Err(TokenError::InvalidGrant("Refresh token revoked"));
        }
        if stored.rotating {
            if let Some(old) = self.refresh.get_mut(token) {
                old.revoked = true;
            }
            Ok(self.issue(&stored.client_id, &stored.user_id, stored.scopes, stored.authorized_at, now, true))
        } else {
            let mut tokens = self.issue_access(&stored.client_id, &stored.user_id, stored.scopes, now);
            tokens.refresh_token = None;
            Ok(tokens)
        }
    }

    /// Issues an access token and a refresh token for a grant the user approved at `authorized_at`.
    pub(crate) fn issue(
        &mut self,
        client_id: &str,
        user_id: &str,
        scopes: Vec<String>,
        authorized_at: OffsetDateTime,
        now: OffsetDateTime,
        rotating: bool,
    ) -> IssuedTokens {
        let mut tokens = self.issue_access(client_id, user_id, scopes.clone(), now);
        let refresh_token = random_token("AQ", 96);
        self.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                client_id: client_id.to_owned(),
                user_id: user_id.to_owned(),
                scopes,
                authorized_at,
                revoked: false,
                rotating,
            },
        );
        tokens.refresh_token = Some(refresh_token);
        tokens
    }

    fn issue_access(
        &mut self,
        client_id: &str,
        user_id: &str,
        scopes: Vec<String>,
        now: OffsetDateTime,
    ) -> IssuedTokens {
        let access_token = random_token("BQ", 96);
        let scope = scopes.join(" ");
        self.access.insert(
            access_token.clone(),
            AccessToken {
                client_id: client_id.to_owned(),
                user_id: user_id.to_owned(),
                scopes,
                expires_at: now + self.access_token_lifetime,
            },
        );
        IssuedTokens { access_token, refresh_token: None, expires_in: self.access_token_lifetime.as_secs(), scope }
    }

    /// The grant behind a bearer token.
    pub(crate) fn bearer(&self, token: &str, now: OffsetDateTime) -> Result<&AccessToken, BearerError> {
        let access = self.access.get(token).ok_or(BearerError::Invalid)?;
        if now >= access.expires_at { Err(BearerError::Expired) } else { Ok(access) }
    }

    /// The client app a bearer token was issued to, expired or not.
    pub(crate) fn client_of(&self, token: &str) -> Option<&str> {
        self.access.get(token).map(|access| access.client_id.as_str())
    }

    /// Revokes every token of a user (as when they remove the app's access).
    pub(crate) fn revoke_user(&mut self, user_id: &str) {
        self.access.retain(|_, access| access.user_id != user_id);
        for refresh in self.refresh.values_mut().filter(|r| r.user_id == user_id) {
            refresh.revoked = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn store() -> TokenStore {
        TokenStore::new(&[RegisteredClient::public("app", &["http://127.0.0.1/cb"])], Duration::from_secs(3600))
    }

    fn public_auth() -> ClientAuth {
        ClientAuth { client_id: Some("app".into()), client_secret: None }
    }

    #[test]
    fn code_is_single_use_and_checks_the_verifier() {
        let now = datetime!(2026-01-01 0:00 UTC);
        let mut tokens = store();
        let code = tokens.issue_code(
            "app",
            "http://127.0.0.1/cb",
            "u",
            vec!["user-top-read".into()],
            Some(pkce::s256(VERIFIER)),
            now,
        );
        let wrong = "x".repeat(43);
        assert_eq!(
            tokens.exchange_code(&code, Some("http://127.0.0.1/cb"), Some(&wrong), &public_auth(), now),
            Err(TokenError::InvalidGrant("code_verifier was incorrect"))
        );
        let issued =
            tokens.exchange_code(&code, Some("http://127.0.0.1/cb"), Some(VERIFIER), &public_auth(), now).unwrap();
        assert_eq!(issued.scope, "user-top-read");
        assert_eq!(
            tokens.exchange_code(&code, Some("http://127.0.0.1/cb"), Some(VERIFIER), &public_auth(), now),
            Err(TokenError::InvalidGrant("Invalid authorization code"))
        );
    }

    #[test]
    fn refresh_rotates_and_expires_six_months_after_authorisation() {
        let start = datetime!(2026-01-01 0:00 UTC);
        let mut tokens = store();
        let first = tokens.issue("app", "u", vec![], start, start, true).refresh_token.unwrap();
        let second = tokens.refresh(&first, &public_auth(), start).unwrap().refresh_token.unwrap();
        assert_eq!(
            tokens.refresh(&first, &public_auth(), start),
            Err(TokenError::InvalidGrant("Refresh token revoked"))
        );
        let later = start + REFRESH_LIFETIME - Duration::from_secs(60);
        let third = tokens.refresh(&second, &public_auth(), later).unwrap().refresh_token.unwrap();
        let expired = start + REFRESH_LIFETIME + Duration::from_secs(60);
        assert_eq!(
            tokens.refresh(&third, &public_auth(), expired),
            Err(TokenError::InvalidGrant("Refresh token revoked"))
        );
    }
}
