//! The accounts service: consent page (approve, deny), PKCE, code replay, redirect-URI rules, refresh-token
//! rotation and expiry, access-token expiry, scope enforcement, confidential clients.

mod common;

use std::time::Duration;

use base64::Engine;
use common::*;
use crossfade_spotify_sandbox::RegisteredClient;
use reqwest::StatusCode;
use serde_json::Value;

async fn approved_code(sandbox: &crossfade_spotify_sandbox::RunningSandbox, scope: &str) -> String {
    let challenge = challenge(VERIFIER);
    let location = consent(sandbox, &pkce_params(scope, "xyz", &challenge), "marco", "approve").await;
    assert!(location.starts_with(REDIRECT_URI), "{location}");
    assert_eq!(query_param(&location, "state").as_deref(), Some("xyz"));
    query_param(&location, "code").expect("code in the redirect")
}

fn exchange_form<'a>(code: &'a str, verifier: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT_URI),
        ("client_id", CLIENT_ID),
        ("code_verifier", verifier),
    ]
}

#[tokio::test]
async fn approve_exchange_and_call_the_api() {
    let sandbox = start_small().await;
    let code = approved_code(&sandbox, "user-library-read user-top-read").await;
    let (status, tokens) = token_request(&sandbox, &exchange_form(&code, VERIFIER)).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(tokens["scope"], "user-library-read user-top-read");
    assert!(tokens["refresh_token"].is_string());
    let (status, me) = get(&sandbox, tokens["access_token"].as_str().unwrap(), "me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["id"], "marco");
    assert!(me["account_id"].is_string());
    assert!(me.get("email").is_none() && me.get("country").is_none() && me.get("product").is_none());
}

#[tokio::test]
async fn consent_page_lists_users_by_name_and_the_scopes() {
    let sandbox = start_small().await;
    let challenge = challenge(VERIFIER);
    let html = http()
        .get(format!("{}authorize", sandbox.base_url()))
        .query(&pkce_params("playlist-read-private", "s", &challenge))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<input type=\"radio\" name=\"user_id\" value=\"juniper\""));
    assert!(html.contains(">Juniper</label>"));
    assert!(html.contains("Access your private playlists"));
    assert!(html.contains("value=\"approve\">Approve</button>") && html.contains("value=\"deny\">Deny</button>"));
    assert!(!html.contains("<script"));
}

#[tokio::test]
async fn deny_redirects_with_access_denied() {
    let sandbox = start_small().await;
    let challenge = challenge(VERIFIER);
    let location = consent(&sandbox, &pkce_params("user-top-read", "st8", &challenge), "tessa", "deny").await;
    assert_eq!(query_param(&location, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(&location, "state").as_deref(), Some("st8"));
    assert!(query_param(&location, "code").is_none());
}

#[tokio::test]
async fn wrong_verifier_and_code_replay_are_invalid_grant() {
    let sandbox = start_small().await;
    let code = approved_code(&sandbox, "user-top-read").await;
    let wrong = "w".repeat(50);
    let (status, body) = token_request(&sandbox, &exchange_form(&code, &wrong)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, serde_json::json!({"error": "invalid_grant", "error_description": "code_verifier was incorrect"}));

    let (status, _) = token_request(&sandbox, &exchange_form(&code, VERIFIER)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = token_request(&sandbox, &exchange_form(&code, VERIFIER)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "Invalid authorization code");
}

#[tokio::test]
async fn codes_expire_after_ten_minutes() {
    let sandbox = start_small().await;
    let code = approved_code(&sandbox, "").await;
    sandbox.control().advance_clock(Duration::from_secs(11 * 60));
    let (status, body) = token_request(&sandbox, &exchange_form(&code, VERIFIER)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "Authorization code expired");
}

#[tokio::test]
async fn redirect_uri_must_match_at_authorize_and_at_exchange() {
    let sandbox = start_small().await;
    let challenge = challenge(VERIFIER);
    let mut params = pkce_params("", "s", &challenge);
    params[2] = ("redirect_uri", "http://127.0.0.1:8765/other");
    let page = http().get(format!("{}authorize", sandbox.base_url())).query(&params).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::BAD_REQUEST, "an error page, not a redirect");
    assert!(page.text().await.unwrap().contains("Invalid redirect URI"));

    let code = approved_code(&sandbox, "").await;
    let mut form = exchange_form(&code, VERIFIER);
    form[2] = ("redirect_uri", "http://127.0.0.1:8765/other");
    let (status, body) = token_request(&sandbox, &form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn localhost_redirect_uris_are_refused_even_when_registered() {
    let sandbox = start_small().await;
    sandbox.control().register_client(RegisteredClient::public("local-app", &["http://localhost:8765/callback"]));
    let challenge = challenge(VERIFIER);
    let params = [
        ("client_id", "local-app"),
        ("response_type", "code"),
        ("redirect_uri", "http://localhost:8765/callback"),
        ("code_challenge_method", "S256"),
        ("code_challenge", challenge.as_str()),
    ];
    let page = http().get(format!("{}authorize", sandbox.base_url())).query(&params).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    assert!(page.headers().get("location").is_none());
    assert!(page.text().await.unwrap().contains("localhost is not allowed"));
}

#[tokio::test]
async fn validation_errors_are_pages() {
    let sandbox = start_small().await;
    let challenge = challenge(VERIFIER);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("client_id", "nobody"), ("response_type", "code"), ("redirect_uri", REDIRECT_URI)], "Invalid client"),
        (
            vec![
                ("client_id", CLIENT_ID),
                ("response_type", "token"),
                ("redirect_uri", REDIRECT_URI),
                ("code_challenge_method", "S256"),
                ("code_challenge", &challenge),
            ],
            "response_type must be code",
        ),
        (vec![("client_id", CLIENT_ID), ("response_type", "code"), ("redirect_uri", REDIRECT_URI)], "PKCE"),
    ];
    for (params, expected) in cases {
        let page = http().get(format!("{}authorize", sandbox.base_url())).query(&params).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::BAD_REQUEST);
        let text = page.text().await.unwrap();
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

#[tokio::test]
async fn refresh_rotates_and_the_old_token_is_revoked() {
    let sandbox = start_small().await;
    let grant = grant(&sandbox, "tessa");
    let refresh = |token: String| {
        let sandbox = &sandbox;
        async move {
            token_request(
                sandbox,
                &[("grant_type", "refresh_token"), ("refresh_token", &token), ("client_id", CLIENT_ID)],
            )
            .await
        }
    };
    let (status, first) = refresh(grant.refresh_token.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let rotated = first["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rotated, grant.refresh_token);
    let (status, reused) = refresh(grant.refresh_token.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(reused, serde_json::json!({"error": "invalid_grant", "error_description": "Refresh token revoked"}));
    let (status, _) = refresh(rotated).await;
    assert_eq!(status, StatusCode::OK);
    let (status, unknown) = refresh("AQnot-a-token".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown["error_description"], "Invalid refresh token");
}

#[tokio::test]
async fn refresh_tokens_die_six_months_after_authorisation() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let grant = grant(&sandbox, "tessa");
    let mut token = grant.refresh_token;
    for _ in 0..6 {
        control.advance_clock(Duration::from_secs(30 * 24 * 3600));
        let (status, body) = token_request(
            &sandbox,
            &[("grant_type", "refresh_token"), ("refresh_token", &token), ("client_id", CLIENT_ID)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "refreshing within six months works: {body}");
        token = body["refresh_token"].as_str().unwrap().to_owned();
    }
    control.advance_clock(Duration::from_secs(4 * 24 * 3600));
    let (status, body) = token_request(
        &sandbox,
        &[("grant_type", "refresh_token"), ("refresh_token", &token), ("client_id", CLIENT_ID)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "refreshing does not extend the six months");
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn access_tokens_expire_on_the_sandbox_clock() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    control.set_access_token_lifetime(Duration::from_secs(60));
    let grant = grant(&sandbox, "tessa");
    assert_eq!(grant.expires_in, 60);
    assert_eq!(get(&sandbox, &grant.access_token, "me").await.0, StatusCode::OK);
    control.advance_clock(Duration::from_secs(61));
    let (status, body) = get(&sandbox, &grant.access_token, "me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, serde_json::json!({"error": {"status": 401, "message": "The access token expired"}}));
    let (status, body) = get(&sandbox, "BQbogus", "me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["message"], "Invalid access token");
}

#[tokio::test]
async fn scopes_are_enforced_per_endpoint() {
    let sandbox = start_small().await;
    let grant = sandbox.control().grant("marco", CLIENT_ID, &["user-top-read"]).unwrap();
    let (status, body) = get(&sandbox, &grant.access_token, "me/tracks").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["message"], "Insufficient client scope");
    assert_eq!(get(&sandbox, &grant.access_token, "me/top/artists").await.0, StatusCode::OK);
    let (status, _) = get(&sandbox, &grant.access_token, "me/player/recently-played").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn confidential_clients_use_basic_auth_and_errors_are_rfc_6749() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    control.register_client(RegisteredClient {
        client_id: "server-app".into(),
        client_secret: Some("s3cret".into()),
        redirect_uris: vec!["https://app.example/callback".into()],
    });
    let params =
        [("client_id", "server-app"), ("response_type", "code"), ("redirect_uri", "https://app.example/callback")];
    let location = consent(&sandbox, &params, "tessa", "approve").await;
    let code = query_param(&location, "code").unwrap();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", "https://app.example/callback"),
    ];
    let basic = |secret: &str| {
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("server-app:{secret}")))
    };
    let wrong = http()
        .post(format!("{}api/token", sandbox.base_url()))
        .header("authorization", basic("nope"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.json::<Value>().await.unwrap()["error"], "invalid_client");
    let right = http()
        .post(format!("{}api/token", sandbox.base_url()))
        .header("authorization", basic("s3cret"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);

    let (status, body) = token_request(&sandbox, &[("client_id", CLIENT_ID), ("grant_type", "password")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unsupported_grant_type")));
    let (status, body) =
        token_request(&sandbox, &[("client_id", "nobody"), ("grant_type", "refresh_token"), ("refresh_token", "x")])
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"] == "invalid_grant" || body["error"] == "invalid_client", "{body}");
    let (_, body) = token_request(&sandbox, &[("client_id", CLIENT_ID), ("grant_type", "authorization_code")]).await;
    assert_eq!(body["error"], "invalid_request");
}

#[tokio::test]
async fn revoking_a_user_ends_refresh() {
    let sandbox = start_small().await;
    let grant = grant(&sandbox, "tessa");
    sandbox.control().revoke_user_tokens("tessa").unwrap();
    let (status, body) = token_request(
        &sandbox,
        &[("grant_type", "refresh_token"), ("refresh_token", &grant.refresh_token), ("client_id", CLIENT_ID)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "Refresh token revoked");
    assert_eq!(get(&sandbox, &grant.access_token, "me").await.0, StatusCode::UNAUTHORIZED);
}
