//! `GET /authorize` renders the consent page; `POST /authorize` records the user's decision and redirects back
//! to the client with a code or `error=access_denied`. Validation errors are shown as a page, never redirected.

use std::collections::HashMap;

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use url::Url;

use super::consent_page::{self, Account};
use super::form_pairs;
use super::redirect_uri::{RedirectUriProblem, check};
use super::scopes::parse_scope_list;
use crate::state::{SharedSandbox, State as SandboxState};

/// An authorization request that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValidAuthorization {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub scopes: Vec<String>,
    pub code_challenge: Option<String>,
    show_dialog: Option<String>,
}

impl ValidAuthorization {
    /// The request's parameters, carried through the consent form.
    pub(crate) fn hidden_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = vec![
            ("client_id", self.client_id.clone()),
            ("response_type", "code".to_owned()),
            ("redirect_uri", self.redirect_uri.clone()),
            ("scope", self.scopes.join(" ")),
        ];
        if let Some(state) = &self.state {
            fields.push(("state", state.clone()));
        }
        if let Some(challenge) = &self.code_challenge {
            fields.push(("code_challenge_method", "S256".to_owned()));
            fields.push(("code_challenge", challenge.clone()));
        }
        if let Some(show_dialog) = &self.show_dialog {
            fields.push(("show_dialog", show_dialog.clone()));
        }
        fields
    }
}

/// Validates the parameters the way Spotify's accounts service does, returning the error page's message.
fn validate(params: &HashMap<String, String>, state: &SandboxState) -> Result<ValidAuthorization, String> {
    let param = |name: &str| params.get(name).filter(|value| !value.is_empty()).cloned();
    let client_id = param("client_id").ok_or("INVALID_CLIENT: Missing required parameter: client_id")?;
    let client = state.tokens.client(&client_id).ok_or("INVALID_CLIENT: Invalid client")?;
    let redirect_uri = param("redirect_uri").ok_or("INVALID_CLIENT: Missing required parameter: redirect_uri")?;
    match check(&redirect_uri, &client.redirect_uris) {
        Ok(()) => {}
        Err(RedirectUriProblem::NotRegistered) => return Err("INVALID_CLIENT: Invalid redirect URI".into()),
        Err(RedirectUriProblem::Insecure) => {
            return Err("INVALID_CLIENT: Insecure redirect URI. Use https, or http://127.0.0.1 or http://[::1] \
                        (localhost is not allowed)."
                .into());
        }
    }
    match param("response_type").as_deref() {
        Some("code") => {}
        Some(_) => return Err("unsupported_response_type: response_type must be code".into()),
        None => return Err("Missing required parameter: response_type".into()),
    }
    let code_challenge = param("code_challenge");
    match (param("code_challenge_method").as_deref(), &code_challenge) {
        (Some("S256"), Some(_)) | (None, None) => {}
        (Some("S256"), None) => return Err("Missing required parameter: code_challenge".into()),
        (Some(_), _) => return Err("code_challenge_method must be S256".into()),
        (None, Some(_)) => return Err("Missing required parameter: code_challenge_method".into()),
    }
    if code_challenge.is_none() && client.client_secret.is_none() {
        return Err(
            "This client has no secret: PKCE (code_challenge_method=S256 and code_challenge) is required".into()
        );
    }
    let scopes = parse_scope_list(params.get("scope").map_or("", String::as_str))
        .map_err(|unknown| format!("INVALID_SCOPE: Illegal scope {unknown:?}"))?;
    Ok(ValidAuthorization {
        client_id,
        redirect_uri,
        state: params.get("state").cloned(),
        scopes,
        code_challenge,
        show_dialog: param("show_dialog"),
    })
}

fn accounts(state: &SandboxState) -> Vec<Account> {
    state
        .users
        .values()
        .map(|user| Account { id: user.id.clone(), display_name: user.display_name.clone(), premium: user.premium })
        .collect()
}

fn error_page(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Html(consent_page::error(message))).into_response()
}

/// `GET /authorize`: the consent page, or the error page.
pub(super) async fn show(State(sandbox): State<SharedSandbox>, RawQuery(query): RawQuery) -> Response {
    let params = form_pairs(query.as_deref().unwrap_or(""));
    let state = sandbox.lock();
    match validate(&params, &state) {
        Ok(request) => Html(consent_page::consent(&request, &accounts(&state), None)).into_response(),
        Err(message) => error_page(&message),
    }
}

/// `POST /authorize`: the user approved or denied.
pub(super) async fn decide(State(sandbox): State<SharedSandbox>, body: String) -> Response {
    let params = form_pairs(&body);
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let request = match validate(&params, &state) {
        Ok(request) => request,
        Err(message) => return error_page(&message),
    };
    let mut target = match Url::parse(&request.redirect_uri) {
        Ok(url) => url,
        Err(_) => return error_page("INVALID_CLIENT: Invalid redirect URI"),
    };
    match params.get("decision").map(String::as_str) {
        Some("approve") => {
            let user_id = params.get("user_id").filter(|id| state.users.contains_key(*id)).cloned();
            let Some(user_id) = user_id else {
                let page =
                    consent_page::consent(&request, &accounts(&state), Some("Choose an account to sign in with."));
                return (StatusCode::BAD_REQUEST, Html(page)).into_response();
            };
            let code = state.tokens.issue_code(
                &request.client_id,
                &request.redirect_uri,
                &user_id,
                request.scopes.clone(),
                request.code_challenge.clone(),
                now,
            );
            target.query_pairs_mut().append_pair("code", &code);
        }
        Some("deny") => {
            target.query_pairs_mut().append_pair("error", "access_denied");
        }
        _ => {
            let page = consent_page::consent(&request, &accounts(&state), Some("Choose Approve or Deny."));
            return (StatusCode::BAD_REQUEST, Html(page)).into_response();
        }
    }
    if let Some(client_state) = &request.state {
        target.query_pairs_mut().append_pair("state", client_state);
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, target.to_string())]).into_response()
}
