//! Faults and counters: rolling-window rate limiting (plain text, quota, long waits), random and scheduled
//! errors (including ambiguous writes), latency, per-route counters, and the admin HTTP API.

mod common;

use std::time::{Duration, Instant};

use common::*;
use crossfade_spotify_sandbox::{Faults, RateLimit, RateLimitBody, ScheduledFault};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn rate_limit(requests: u32, body: RateLimitBody, override_secs: Option<u64>) -> Faults {
    Faults {
        rate_limit: Some(RateLimit { requests_per_window: requests, retry_after_override_secs: override_secs, body }),
        ..Faults::default()
    }
}

async fn raw_get(sandbox: &crossfade_spotify_sandbox::RunningSandbox, token: &str, path: &str) -> reqwest::Response {
    http().get(format!("{}{path}", sandbox.api_base_url())).bearer_auth(token).send().await.unwrap()
}

#[tokio::test]
async fn rolling_window_rate_limit_with_plain_text_body() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let token = grant(&sandbox, "tessa").access_token;
    control.set_faults(rate_limit(3, RateLimitBody::PlainText, None));
    for _ in 0..3 {
        assert_eq!(raw_get(&sandbox, &token, "me").await.status(), StatusCode::OK);
    }
    let limited = raw_get(&sandbox, &token, "me").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    assert_eq!(limited.text().await.unwrap(), "Too many requests");

    let other_app = control.grant("tessa", "another-app", &[]).unwrap().access_token;
    assert_eq!(raw_get(&sandbox, &other_app, "me").await.status(), StatusCode::OK, "windows are per client app");

    control.advance_clock(Duration::from_secs(retry_after));
    assert_eq!(raw_get(&sandbox, &token, "me").await.status(), StatusCode::OK, "the oldest request left the window");
}

#[tokio::test]
async fn quota_exceeded_body_and_long_retry_after() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "tessa").access_token;
    sandbox.control().set_faults(rate_limit(1, RateLimitBody::QuotaExceeded, Some(86_400)));
    assert_eq!(raw_get(&sandbox, &token, "me").await.status(), StatusCode::OK);
    let limited = raw_get(&sandbox, &token, "me").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "86400");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["error"]["reason"], "QUOTA_EXCEEDED");
    assert_eq!(body["error"]["status"], 429);
}

#[tokio::test]
async fn random_errors_draw_from_the_configured_statuses() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "tessa").access_token;
    sandbox.control().set_faults(Faults { error_probability: 1.0, error_statuses: vec![502], ..Faults::default() });
    for _ in 0..3 {
        let (status, body) = get(&sandbox, &token, "me").await;
        assert_eq!(status, StatusCode::BAD_GATEWAY);
        assert_eq!(body["error"]["status"], 502);
    }
    sandbox.control().set_faults(Faults { error_probability: 0.5, ..Faults::default() });
    let mut statuses = std::collections::BTreeSet::new();
    for _ in 0..60 {
        statuses.insert(get(&sandbox, &token, "me").await.0.as_u16());
    }
    assert!(statuses.contains(&200) && statuses.iter().any(|s| [500, 502, 503].contains(s)), "{statuses:?}");
    assert!(statuses.iter().all(|s| [200, 500, 502, 503].contains(s)), "{statuses:?}");
}

#[tokio::test]
async fn scheduled_faults_match_routes_and_are_counted() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let token = grant(&sandbox, "marco").access_token;
    control.set_faults(Faults {
        scheduled: vec![ScheduledFault {
            route: Some("GET /v1/me/tracks".into()),
            status: 503,
            count: 2,
            after_effect: false,
        }],
        ..Faults::default()
    });
    assert_eq!(get(&sandbox, &token, "me").await.0, StatusCode::OK, "other routes are untouched");
    assert_eq!(get(&sandbox, &token, "me/tracks").await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(get(&sandbox, &token, "me/tracks").await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(get(&sandbox, &token, "me/tracks").await.0, StatusCode::OK);
    assert!(control.faults().scheduled.is_empty());
    let counters = control.counters();
    assert_eq!(counters["GET /v1/me/tracks"], 3, "faulted requests are counted: {counters:?}");
    assert_eq!(counters["GET /v1/me"], 1);
    control.reset_counters();
    assert!(control.counters().is_empty());
}

#[tokio::test]
async fn after_effect_faults_apply_the_write_then_fail() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let token = grant(&sandbox, "marco").access_token;
    let playlist = control.create_playlist("marco", "Ambiguous", true, false).unwrap();
    let track = control.catalog().tracks[0].id.clone();
    control.set_faults(Faults {
        scheduled: vec![ScheduledFault {
            route: Some("POST /v1/playlists/{playlist_id}/items".into()),
            status: 502,
            count: 1,
            after_effect: true,
        }],
        ..Faults::default()
    });
    let (status, _) = call(
        &sandbox,
        &token,
        Method::POST,
        &format!("playlists/{playlist}/items"),
        Some(json!({"uris": [format!("spotify:track:{track}")]})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(control.playlist(&playlist).unwrap().total, 1, "the write happened although the answer was an error");
}

#[tokio::test]
async fn token_endpoint_faults_and_latency() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let grant = grant(&sandbox, "tessa");
    control.set_faults(Faults {
        scheduled: vec![ScheduledFault {
            route: Some("POST /api/token".into()),
            status: 500,
            count: 1,
            after_effect: false,
        }],
        latency_ms: 150,
        ..Faults::default()
    });
    let started = Instant::now();
    let (status, _) = token_request(
        &sandbox,
        &[("grant_type", "refresh_token"), ("refresh_token", &grant.refresh_token), ("client_id", CLIENT_ID)],
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(started.elapsed() >= Duration::from_millis(150));
    let (status, _) = token_request(
        &sandbox,
        &[("grant_type", "refresh_token"), ("refresh_token", &grant.refresh_token), ("client_id", CLIENT_ID)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the faulted refresh did not consume the token");
    assert_eq!(control.counters()["POST /api/token"], 2);
}

#[tokio::test]
async fn admin_http_api_mirrors_control() {
    let sandbox = start_small().await;
    let admin = |path: &str| format!("{}sandbox/{path}", sandbox.base_url());
    let client = http();
    let users: Value = client.get(admin("users")).send().await.unwrap().json().await.unwrap();
    let marco = users.as_array().unwrap().iter().find(|u| u["id"] == "marco").unwrap();
    assert_eq!(marco["liked_songs"], 1234);
    assert_eq!(marco["premium"], true);

    let granted: Value = client
        .post(admin("admin/grants"))
        .json(&json!({"user_id": "marco", "client_id": CLIENT_ID, "scopes": "user-library-read user-top-read"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = granted["access_token"].as_str().unwrap().to_owned();
    assert_eq!(granted["scope"], "user-library-read user-top-read");

    let faults = json!({"scheduled": [{"route": "GET /v1/me", "status": 503}], "latency_ms": 0});
    let stored: Value = client.put(admin("admin/faults")).json(&faults).send().await.unwrap().json().await.unwrap();
    assert_eq!(stored["scheduled"][0]["count"], 1);
    assert_eq!(get(&sandbox, &token, "me").await.0, StatusCode::SERVICE_UNAVAILABLE);
    let counters: Value = client.get(admin("admin/counters")).send().await.unwrap().json().await.unwrap();
    assert_eq!(counters["GET /v1/me"], 1);
    assert!(counters.get("GET /sandbox/users").is_none(), "admin requests are not counted");
    assert_eq!(client.delete(admin("admin/counters")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(sandbox.control().counters().len(), 0);

    assert_eq!(
        client.put(admin("admin/token-lifetime")).json(&json!({"secs": 5})).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let short: Value = client
        .post(admin("admin/grants"))
        .json(&json!({"user_id": "tessa", "client_id": CLIENT_ID}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(short["expires_in"], 5);
    let advanced = client.post(admin("admin/clock")).json(&json!({"advance_secs": 10})).send().await.unwrap();
    assert_eq!(advanced.status(), StatusCode::OK);
    let (status, body) = get(&sandbox, short["access_token"].as_str().unwrap(), "me").await;
    assert_eq!(
        (status, body["error"]["message"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("The access token expired"))
    );

    let bad = client
        .post(admin("admin/grants"))
        .json(&json!({"user_id": "nobody", "client_id": CLIENT_ID}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}
