//! Staying signed in: one refresh and retry on 401, rotated refresh tokens saved before use, one refresh per user
//! at a time, two processes sharing a store, and the end of a grant.

mod common;

use std::time::Duration;

use common::{harness, quick_policy};
use crossfade_spotify::ApiError;
use crossfade_spotify_sandbox::{Faults, RateLimit, RateLimitBody, ScheduledFault};
use secrecy::ExposeSecret;

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_and_the_call_retried() {
    let h = harness(quick_policy()).await;
    let grant = h.sign_in(1, "tessa", true);
    // The client still believes the token is fresh; the sandbox's clock says it expired.
    h.control.advance_clock(Duration::from_secs(2 * 3600));

    assert_eq!(h.spotify.current_user(1).await.unwrap().id, "tessa");
    assert_eq!(h.count("GET /v1/me"), 2, "the refused call and its retry");
    assert_eq!(h.count("POST /api/token"), 1);
    let stored = h.store.record(1);
    assert_eq!(stored.saves, 1, "the rotated refresh token was saved");
    assert_ne!(stored.token.as_deref(), grant.refresh_token.as_ref().map(|t| t.expose_secret()));

    // The new access token is cached: no further refresh.
    h.spotify.current_user(1).await.unwrap();
    assert_eq!(h.count("POST /api/token"), 1);
}

#[tokio::test]
async fn a_second_401_after_a_fresh_token_means_sign_in_again() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", false);
    // Every token is born expired: the refreshed one is refused too.
    h.control.set_access_token_lifetime(Duration::ZERO);

    let result = h.spotify.current_user(1).await;
    assert!(matches!(result, Err(ApiError::NeedsSignIn)), "{result:?}");
    assert_eq!(h.count("GET /v1/me"), 2, "one retry after one refresh, no more");
    assert_eq!(h.count("POST /api/token"), 2, "the initial refresh and the one after the 401");
}

#[tokio::test]
async fn concurrent_callers_share_one_refresh() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", false);

    let calls: Vec<_> = (0..8)
        .map(|_| {
            let spotify = h.spotify.clone();
            tokio::spawn(async move { spotify.current_user(1).await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().id, "tessa");
    }
    assert_eq!(h.count("POST /api/token"), 1);
    assert_eq!(h.count("GET /v1/me"), 8);
    assert_eq!(h.store.record(1).saves, 1);
}

#[tokio::test]
async fn two_processes_refreshing_at_once_both_succeed_and_the_store_keeps_the_newest_token() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", false);
    let other = h.second_process(quick_policy());

    let (here, there) = tokio::join!(h.spotify.current_user(1), other.current_user(1));
    assert_eq!(here.unwrap().id, "tessa");
    assert_eq!(there.unwrap().id, "tessa");
    assert!(!h.store.record(1).needs_sign_in);

    // The stored token is the live one: a third process can refresh with it.
    let third = h.second_process(quick_policy());
    assert_eq!(third.current_user(1).await.unwrap().id, "tessa");
    assert!(!h.store.record(1).needs_sign_in);
}

#[tokio::test]
async fn a_refresh_token_past_six_months_means_sign_in_again() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    h.control.advance_clock(Duration::from_secs(184 * 24 * 3600));

    let result = h.spotify.current_user(1).await;
    assert!(matches!(result, Err(ApiError::NeedsSignIn)), "{result:?}");
    assert!(h.store.record(1).needs_sign_in, "mark_needs_sign_in was called");
    assert_eq!(h.count("POST /api/token"), 1, "invalid_grant is final: no second attempt with the same token");
}

#[tokio::test]
async fn a_token_rotated_by_another_process_is_picked_up_from_the_store() {
    let h = harness(quick_policy()).await;
    let grant = h.sign_in(1, "tessa", false);
    let original = grant.refresh_token.as_ref().unwrap().expose_secret().to_owned();
    // Another process rotates the token; this one read the store just before that and still holds the old one.
    let other = h.second_process(quick_policy());
    other.current_user(1).await.unwrap();
    h.store.serve_stale_once(&original);

    assert_eq!(h.spotify.current_user(1).await.unwrap().id, "tessa");
    assert_eq!(h.count("POST /api/token"), 3, "the other's refresh, ours refused, ours with the stored token");
    let record = h.store.record(1);
    assert!(!record.needs_sign_in);
    assert_eq!(record.saves, 2, "each successful rotation was saved");
}

#[tokio::test]
async fn the_new_access_token_is_not_used_unless_the_rotated_refresh_token_was_saved() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", false);
    h.store.fail_saves();

    let result = h.spotify.current_user(1).await;
    assert!(matches!(result, Err(ApiError::Store(_))), "{result:?}");
    assert_eq!(h.count("POST /api/token"), 1);
    assert_eq!(h.count("GET /v1/me"), 0, "the fresh access token was never used");
}

fn token_endpoint_fault(status: u16, count: u32) -> ScheduledFault {
    ScheduledFault { route: Some("POST /api/token".into()), status, count, after_effect: false }
}

#[tokio::test]
async fn a_failing_token_endpoint_is_retried_with_backoff() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", false);
    h.control.set_faults(Faults { scheduled: vec![token_endpoint_fault(503, 1)], ..Faults::default() });

    assert_eq!(h.spotify.current_user(1).await.unwrap().id, "tessa");
    assert_eq!(h.count("POST /api/token"), 2);
    assert!(!h.store.record(1).needs_sign_in);
}

#[tokio::test]
async fn a_long_rate_limit_on_the_token_endpoint_is_reported_with_its_time() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", false);
    let rate_limit = RateLimit {
        requests_per_window: 1_000,
        retry_after_override_secs: Some(3_600),
        body: RateLimitBody::PlainText,
    };
    h.control.set_faults(Faults {
        rate_limit: Some(rate_limit),
        scheduled: vec![token_endpoint_fault(429, 1)],
        ..Faults::default()
    });

    match h.spotify.current_user(1).await {
        Err(ApiError::RateLimited { retry_at, quota_exceeded: false }) => {
            assert!(retry_at > time::OffsetDateTime::now_utc() + time::Duration::minutes(59));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(h.count("POST /api/token"), 1);
    assert_eq!(h.count("GET /v1/me"), 0);
}

#[tokio::test]
async fn concurrent_callers_share_a_failed_refresh_too() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", false);
    h.control.advance_clock(Duration::from_secs(184 * 24 * 3600));

    let calls: Vec<_> = (0..5)
        .map(|_| {
            let spotify = h.spotify.clone();
            tokio::spawn(async move { spotify.current_user(1).await })
        })
        .collect();
    for call in calls {
        let result = call.await.unwrap();
        assert!(matches!(result, Err(ApiError::NeedsSignIn)), "{result:?}");
    }
    assert_eq!(h.count("POST /api/token"), 1, "the waiting callers took the first refresh's verdict");
    assert!(h.store.record(1).needs_sign_in);
}
