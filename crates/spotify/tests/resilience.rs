//! Behaviour under the sandbox's faults: rate limits short and long, the developer quota, server errors,
//! timeouts, and ambiguous playlist appends that must not be applied twice.

mod common;

use std::time::{Duration, Instant};

use common::{harness, quick_policy};
use crossfade_spotify::{ApiError, NewPlaylist, RetryPolicy};
use crossfade_spotify_sandbox::{Faults, RateLimit, RateLimitBody, ScheduledFault};
use time::OffsetDateTime;

const ADD_ITEMS: &str = "POST /v1/playlists/{playlist_id}/items";

fn scheduled(route: &str, status: u16, count: u32, after_effect: bool) -> Faults {
    Faults {
        scheduled: vec![ScheduledFault { route: Some(route.into()), status, count, after_effect }],
        ..Faults::default()
    }
}

fn rate_limited(retry_after_secs: u64, body: RateLimitBody) -> Faults {
    Faults {
        rate_limit: Some(RateLimit { requests_per_window: 1, retry_after_override_secs: Some(retry_after_secs), body }),
        ..Faults::default()
    }
}

#[tokio::test]
async fn a_short_retry_after_is_slept_and_the_call_retried() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    h.control.set_faults(scheduled("GET /v1/me", 429, 1, false));

    let started = Instant::now();
    assert_eq!(h.spotify.current_user(1).await.unwrap().id, "tessa");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited out Retry-After: {:?}", started.elapsed());
    assert_eq!(h.count("GET /v1/me"), 2);
}

#[tokio::test]
async fn a_long_retry_after_is_returned_at_once_with_its_time() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    h.control.set_faults(rate_limited(86_400, RateLimitBody::PlainText));
    h.spotify.current_user(1).await.unwrap();

    let started = Instant::now();
    match h.spotify.current_user(1).await {
        Err(ApiError::RateLimited { retry_at, quota_exceeded }) => {
            assert!(!quota_exceeded);
            let wait = retry_at - OffsetDateTime::now_utc();
            assert!(wait > time::Duration::hours(23) && wait <= time::Duration::hours(24), "{wait}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(1), "no sleeping on a day-long wait");
    assert_eq!(h.count("GET /v1/me"), 2);
}

#[tokio::test]
async fn the_developer_quota_stops_at_once_even_with_a_short_wait() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    h.control.set_faults(rate_limited(2, RateLimitBody::QuotaExceeded));
    h.spotify.current_user(1).await.unwrap();

    let started = Instant::now();
    let result = h.spotify.current_user(1).await;
    assert!(matches!(result, Err(ApiError::RateLimited { quota_exceeded: true, .. })), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(h.count("GET /v1/me"), 2);
}

#[tokio::test]
async fn server_errors_are_retried_with_backoff() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "tessa", true);
    h.control.set_faults(scheduled("GET /v1/me", 503, 2, false));

    let started = Instant::now();
    assert_eq!(h.spotify.current_user(1).await.unwrap().id, "tessa");
    assert_eq!(h.count("GET /v1/me"), 3, "two failures and the success");
    // Backoffs of at least base/2 and base (jittered into their upper halves): 25 ms + 50 ms.
    assert!(started.elapsed() >= Duration::from_millis(75), "{:?}", started.elapsed());
}

#[tokio::test]
async fn server_errors_give_up_after_max_attempts() {
    let policy = RetryPolicy { max_attempts: 3, ..quick_policy() };
    let h = harness(policy).await;
    h.sign_in(1, "tessa", true);
    h.control.set_faults(scheduled("GET /v1/me", 502, 10, false));

    let result = h.spotify.current_user(1).await;
    assert!(matches!(result, Err(ApiError::Unavailable { status: Some(502), .. })), "{result:?}");
    assert_eq!(h.count("GET /v1/me"), 3);
}

#[tokio::test]
async fn a_timed_out_read_is_retried() {
    let policy = RetryPolicy {
        request_timeout: Duration::from_millis(300),
        backoff_base: Duration::from_millis(1400),
        backoff_max: Duration::from_millis(1400),
        ..quick_policy()
    };
    let h = harness(policy).await;
    h.sign_in(1, "tessa", true);
    h.control.set_faults(Faults { latency_ms: 2_000, ..Faults::default() });

    let spotify = h.spotify.clone();
    let call = tokio::spawn(async move { spotify.current_user(1).await });
    // The first attempt times out at 300 ms; the retry comes after a 700–1400 ms backoff. Lift the latency in
    // between, as a slow moment would pass.
    tokio::time::sleep(Duration::from_millis(500)).await;
    h.control.set_faults(Faults::default());

    assert_eq!(call.await.unwrap().unwrap().id, "tessa");
    assert_eq!(h.count("GET /v1/me"), 2);
}

async fn owned_playlist(h: &common::Harness) -> String {
    let created = h
        .spotify
        .create_playlist(1, &NewPlaylist { name: "Crossfade test".into(), ..NewPlaylist::default() })
        .await
        .unwrap();
    created.id
}

async fn entry_uris(h: &common::Harness, playlist: &str) -> Vec<String> {
    let first = h.spotify.playlist_items(1, playlist).await.unwrap();
    let entries = h.spotify.all_items(1, first).await.unwrap();
    entries.iter().filter_map(|entry| entry.item.as_ref()?.uri().map(str::to_owned)).collect()
}

async fn some_track_uris(h: &common::Harness, count: usize) -> Vec<String> {
    let first = h.spotify.saved_tracks(1).await.unwrap();
    let saved = h.spotify.all_items(1, first).await.unwrap();
    let uris: Vec<String> = saved.into_iter().map(|saved| saved.track.uri).take(count).collect();
    assert_eq!(uris.len(), count, "the demo user has enough saved tracks");
    uris
}

#[tokio::test]
async fn an_add_that_was_applied_before_failing_is_not_sent_again() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    let playlist = owned_playlist(&h).await;
    let uris = some_track_uris(&h, 3).await;
    h.control.reset_counters();
    h.control.set_faults(scheduled(ADD_ITEMS, 500, 1, true));

    let snapshot = h.spotify.add_items(1, &playlist, &uris, None).await.unwrap();
    assert_eq!(h.count(ADD_ITEMS), 1, "checked, not re-sent");
    assert_eq!(entry_uris(&h, &playlist).await, uris, "added exactly once");
    assert_eq!(h.spotify.playlist(1, &playlist).await.unwrap().snapshot_id, snapshot);
}

#[tokio::test]
async fn an_add_that_failed_without_effect_is_sent_again() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    let playlist = owned_playlist(&h).await;
    let uris = some_track_uris(&h, 3).await;
    h.control.reset_counters();
    h.control.set_faults(scheduled(ADD_ITEMS, 503, 1, false));

    h.spotify.add_items(1, &playlist, &uris, None).await.unwrap();
    assert_eq!(h.count(ADD_ITEMS), 2);
    assert_eq!(entry_uris(&h, &playlist).await, uris);
}

#[tokio::test]
async fn a_create_that_failed_ambiguously_is_reported_not_repeated() {
    let h = harness(quick_policy()).await;
    h.sign_in(1, "marco", true);
    h.control.set_faults(scheduled("POST /v1/me/playlists", 502, 1, true));

    let result = h.spotify.create_playlist(1, &NewPlaylist { name: "Once".into(), ..NewPlaylist::default() }).await;
    assert!(matches!(result, Err(ApiError::Unavailable { status: Some(502), .. })), "{result:?}");
    assert_eq!(h.count("POST /v1/me/playlists"), 1);
}
