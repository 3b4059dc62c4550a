//! Sign-in against the sandbox's accounts service: the authorization URL, the consent round trip, the code
//! exchange, and the first `GET /me` before a user row exists.

mod common;

use common::{CLIENT_ID, REDIRECT_URI, harness, quick_policy};
use crossfade_spotify::{ApiError, Scope, TokenError};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// Approves `authorization` on the sandbox's consent page as `user`, returning the redirect's query pairs.
async fn approve(authorization: &Url, user: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = authorization.query_pairs().into_owned().collect();
    form.push(("decision".into(), "approve".into()));
    form.push(("user_id".into(), user.into()));
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut action = authorization.clone();
    action.set_query(None);
    let response = http.post(action).form(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303, "the consent page redirects back");
    let location = Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert!(location.as_str().starts_with(REDIRECT_URI));
    location.query_pairs().into_owned().collect()
}

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

#[tokio::test]
async fn authorization_request_carries_pkce_state_and_scopes() {
    let h = harness(quick_policy()).await;
    let first = h.spotify.authorization_request(&[Scope::UserLibraryRead, Scope::PlaylistReadPrivate]);
    let second = h.spotify.authorization_request(&[Scope::UserLibraryRead]);
    let query: Vec<(String, String)> = first.url.query_pairs().into_owned().collect();
    assert!(first.url.path().ends_with("/authorize"));
    assert_eq!(pair(&query, "client_id"), Some(CLIENT_ID));
    assert_eq!(pair(&query, "response_type"), Some("code"));
    assert_eq!(pair(&query, "redirect_uri"), Some(REDIRECT_URI));
    assert_eq!(pair(&query, "code_challenge_method"), Some("S256"));
    assert_eq!(pair(&query, "scope"), Some("user-library-read playlist-read-private"));
    assert_eq!(pair(&query, "state"), Some(first.state.as_str()));
    assert_ne!(first.state, second.state, "a fresh state each time");
    assert_ne!(first.pkce_verifier.expose_secret(), second.pkce_verifier.expose_secret());
    assert!(!format!("{first:?}").contains(first.pkce_verifier.expose_secret()), "Debug hides the verifier");
}

#[tokio::test]
async fn code_exchange_signs_a_user_in() {
    let h = harness(quick_policy()).await;
    let request = h.spotify.authorization_request(&[Scope::UserLibraryRead, Scope::UserTopRead]);
    let answer = approve(&request.url, "tessa").await;
    assert_eq!(pair(&answer, "state"), Some(request.state.as_str()));
    let code = pair(&answer, "code").expect("a code");

    let grant = h.spotify.exchange_code(code, &request.pkce_verifier).await.unwrap();
    assert!(grant.refresh_token.is_some());
    assert_eq!(grant.scopes, vec!["user-library-read", "user-top-read"]);
    let shown = format!("{grant:?}");
    assert!(!shown.contains(grant.access_token.expose_secret()), "Debug hides the access token");

    let me = h.spotify.current_user_with(&grant).await.unwrap();
    assert_eq!(me.id, "tessa");
    assert!(!me.account_key().is_empty());

    h.spotify.remember(7, &grant);
    assert_eq!(h.spotify.current_user(7).await.unwrap().id, "tessa");
    assert_eq!(h.count("POST /api/token"), 1, "the remembered token is used without a refresh");

    let reused = h.spotify.exchange_code(code, &request.pkce_verifier).await;
    assert!(matches!(reused, Err(TokenError::InvalidGrant { .. })), "{reused:?}");
}

#[tokio::test]
async fn a_wrong_verifier_is_an_invalid_grant() {
    let h = harness(quick_policy()).await;
    let request = h.spotify.authorization_request(&[Scope::UserLibraryRead]);
    let answer = approve(&request.url, "tessa").await;
    let wrong = SecretString::from("x".repeat(64));
    match h.spotify.exchange_code(pair(&answer, "code").unwrap(), &wrong).await {
        Err(TokenError::InvalidGrant { description }) => assert_eq!(description, "code_verifier was incorrect"),
        other => panic!("expected invalid_grant, got {other:?}"),
    }
}

#[tokio::test]
async fn forget_drops_the_access_token_and_an_unstored_user_must_sign_in() {
    let h = harness(quick_policy()).await;
    let grant = h.sign_in(1, "tessa", true);
    assert_eq!(h.spotify.current_user(1).await.unwrap().id, "tessa");
    h.spotify.forget(1);
    // With the token forgotten, the client refreshes from the store.
    assert_eq!(h.spotify.current_user(1).await.unwrap().id, "tessa");
    assert_eq!(h.count("POST /api/token"), 1);
    assert!(h.store.record(1).token.as_deref() != grant.refresh_token.as_ref().map(|t| t.expose_secret()));

    let nobody = h.spotify.current_user(2).await;
    assert!(matches!(nobody, Err(ApiError::NeedsSignIn)), "{nobody:?}");
    assert!(h.store.record(2).needs_sign_in);
}
