//! `POST /api/token`: code exchange (PKCE or client secret) and refresh, with RFC 6749 error bodies.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use super::form_pairs;
use super::tokens::{ClientAuth, IssuedTokens, TokenError};
use crate::state::SharedSandbox;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({ "error": error, "error_description": description }))).into_response()
}

/// Reads `Authorization: Basic base64(id:secret)`.
fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

fn success(tokens: IssuedTokens) -> Response {
    let mut body = json!({
        "access_token": tokens.access_token,
        "token_type": "Bearer",
        "expires_in": tokens.expires_in,
        "scope": tokens.scope,
    });
    if let Some(refresh_token) = tokens.refresh_token {
        body["refresh_token"] = json!(refresh_token);
    }
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// The token endpoint.
pub(super) async fn exchange(State(sandbox): State<SharedSandbox>, headers: HeaderMap, body: String) -> Response {
    let params = form_pairs(&body);
    let param = |name: &str| params.get(name).map(String::as_str).filter(|value| !value.is_empty());
    let basic = basic_auth(&headers);
    if headers.contains_key(header::AUTHORIZATION) && basic.is_none() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_client", "Invalid client");
    }
    let auth = match &basic {
        Some((id, secret)) => {
            if param("client_id").is_some_and(|body_id| body_id != id) {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_client", "Invalid client");
            }
            ClientAuth { client_id: Some(id.clone()), client_secret: Some(secret.clone()) }
        }
        None => ClientAuth {
            client_id: param("client_id").map(str::to_owned),
            client_secret: param("client_secret").map(str::to_owned),
        },
    };
    if auth.client_id.is_none() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_client", "Invalid client");
    }
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let outcome = match param("grant_type") {
        None => {
            return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "grant_type parameter is missing");
        }
        Some("authorization_code") => match param("code") {
            Some(code) => state.tokens.exchange_code(code, param("redirect_uri"), param("code_verifier"), &auth, now),
            None => Err(TokenError::InvalidRequest("code must be supplied")),
        },
        Some("refresh_token") => match param("refresh_token") {
            Some(token) => state.tokens.refresh(token, &auth, now),
            None => Err(TokenError::InvalidRequest("refresh_token must be supplied")),
        },
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be client_credentials, authorization_code or refresh_token",
            );
        }
    };
    match outcome {
        Ok(tokens) => success(tokens),
        Err(TokenError::InvalidGrant(description)) => {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
        }
        Err(TokenError::InvalidRequest(description)) => {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
        }
        Err(TokenError::InvalidClient(description)) => {
            let status = if basic.is_some() { StatusCode::UNAUTHORIZED } else { StatusCode::BAD_REQUEST };
            oauth_error(status, "invalid_client", description)
        }
    }
}
