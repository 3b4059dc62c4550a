//! Requests in the shapes client libraries send besides the documented ones, answered as Spotify answers them:
//! a trailing slash on any Web API path, a bare JSON array of URIs as a playlist-write body, URIs in the query.

mod common;

use common::*;
use crossfade_spotify_sandbox::{Mode, RunningSandbox, SandboxConfig, start};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn sandbox(mode: Mode) -> RunningSandbox {
    start(SandboxConfig { mode, ..small_config() }, loopback()).await.unwrap()
}

/// `path` with a slash after its last segment, before any query.
fn slashed(path: &str) -> String {
    match path.split_once('?') {
        Some((route, query)) => format!("{route}/?{query}"),
        None => format!("{path}/"),
    }
}

#[tokio::test]
async fn a_trailing_slash_is_ignored_on_every_web_api_route() {
    let sandbox = sandbox(Mode::DevMode2026).await;
    let token = grant(&sandbox, "marco").access_token;
    let catalog = sandbox.control().catalog();
    let (track, artist, album) = (&catalog.tracks[0].id, &catalog.artists[0].id, &catalog.albums[0].id);
    let playlist = &sandbox.control().playlists("marco").unwrap()[0].id;
    let paths = [
        "me".to_owned(),
        "me/tracks?limit=3".into(),
        "me/playlists?limit=2&offset=1".into(),
        format!("albums/{album}/tracks"),
        format!("albums/{album}/tracks?limit=1&offset=1"),
        format!("artists/{artist}/albums?limit=2"),
        format!("tracks/{track}"),
        format!("playlists/{playlist}"),
        format!("audio-features?ids={track}"),
        "search?q=a&type=track&limit=2".into(),
        "me/player/devices".into(),
        "recommendations?seed_genres=rock".into(),
        "no-such-endpoint".into(),
    ];
    for path in &paths {
        let plain = get(&sandbox, &token, path).await;
        let with_slash = get(&sandbox, &token, &slashed(path)).await;
        assert_eq!(with_slash, plain, "{path} with a trailing slash");
    }

    let (status, body) = get(&sandbox, &token, "me/").await;
    assert_eq!((status, body["id"].as_str()), (StatusCode::OK, Some("marco")));
    let (status, body) = get(&sandbox, &token, &format!("audio-features/?ids={track}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "Development Mode refuses audio features with or without the slash");
    assert_eq!(body["error"]["message"], "Forbidden");
    let (status, body) = get(&sandbox, &token, &format!("albums/{album}/tracks/?limit=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body["next"].as_str().unwrap().contains("tracks/?"), "links name the canonical path: {body}");
    let (status, body) = get(&sandbox, &token, "no-such-endpoint/").await;
    assert_eq!((status, body["error"]["message"].as_str()), (StatusCode::NOT_FOUND, Some("Service not found")));
    let (status, body) = get(&sandbox, &token, "").await;
    assert_eq!((status, body["error"]["message"].as_str()), (StatusCode::NOT_FOUND, Some("Service not found")));
}

#[tokio::test]
async fn slashed_requests_are_counted_under_their_route() {
    let sandbox = sandbox(Mode::DevMode2026).await;
    let token = grant(&sandbox, "tessa").access_token;
    let album = &sandbox.control().catalog().albums[0].id;
    sandbox.control().reset_counters();
    assert_eq!(get(&sandbox, &token, "me/").await.0, StatusCode::OK);
    assert_eq!(get(&sandbox, &token, "me").await.0, StatusCode::OK);
    assert_eq!(get(&sandbox, &token, &format!("albums/{album}/tracks/")).await.0, StatusCode::OK);
    let counters: Value =
        http().get(format!("{}sandbox/admin/counters", sandbox.base_url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(counters, json!({ "GET /v1/me": 2, "GET /v1/albums/{id}/tracks": 1 }));
}

#[tokio::test]
async fn extended_mode_serves_audio_features_with_a_trailing_slash() {
    let sandbox = sandbox(Mode::Extended).await;
    let token = grant(&sandbox, "marco").access_token;
    let catalog = sandbox.control().catalog();
    let ids = format!("{},{}", catalog.tracks[0].id, catalog.tracks[1].id);
    let (status, body) = get(&sandbox, &token, &format!("audio-features/?ids={ids}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let features = body["audio_features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    assert_eq!(features[0]["id"], catalog.tracks[0].id.as_str());
    assert!(features[0]["tempo"].is_number());
    assert_eq!(get(&sandbox, &token, &format!("audio-features?ids={ids}")).await, (status, body));
}

/// A new empty playlist of marco's, a token, and `count` track URIs.
async fn empty_playlist(sandbox: &RunningSandbox, count: usize) -> (String, String, Vec<String>) {
    let token = grant(sandbox, "marco").access_token;
    let control = sandbox.control();
    let catalog = control.catalog();
    let uris = (0..count).map(|i| format!("spotify:track:{}", catalog.tracks[i].id)).collect();
    (control.create_playlist("marco", "Shapes", false, false).unwrap(), token, uris)
}

async fn entry_uris(sandbox: &RunningSandbox, token: &str, id: &str) -> Vec<String> {
    let items = all_pages(sandbox, token, &format!("playlists/{id}/items?limit=50")).await;
    items.iter().map(|entry| entry["item"]["uri"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn playlist_writes_take_a_bare_array_an_object_or_the_query() {
    let sandbox = sandbox(Mode::DevMode2026).await;
    let (id, token, uris) = empty_playlist(&sandbox, 5).await;
    let path = format!("playlists/{id}/items");

    let (status, body) = call(&sandbox, &token, Method::POST, &path, Some(json!([uris[0], uris[1]]))).await;
    assert_eq!(status, StatusCode::CREATED, "a bare array: {body}");
    assert!(body["snapshot_id"].is_string());
    let (status, _) = call(&sandbox, &token, Method::POST, &path, Some(json!({ "uris": [uris[2]] }))).await;
    assert_eq!(status, StatusCode::CREATED);
    let query = format!("{path}?uris={},{}", uris[3], uris[4]);
    let (status, _) = call(&sandbox, &token, Method::POST, &query, None).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = call(&sandbox, &token, Method::POST, &format!("{path}/"), Some(json!([uris[0]]))).await;
    assert_eq!(status, StatusCode::CREATED, "a bare array to the slashed path");
    assert_eq!(entry_uris(&sandbox, &token, &id).await, [&uris[..], &uris[..1]].concat());

    let (status, _) = call(&sandbox, &token, Method::PUT, &path, Some(json!([uris[4], uris[3]]))).await;
    assert_eq!(status, StatusCode::OK, "a bare array replaces the entries");
    assert_eq!(entry_uris(&sandbox, &token, &id).await, [uris[4].clone(), uris[3].clone()]);

    for (body, why) in [(json!([]), "an empty array"), (json!({}), "no uris"), (json!([1, 2]), "numbers")] {
        let (status, _) = call(&sandbox, &token, Method::POST, &path, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{why}");
    }
}

#[tokio::test]
async fn the_legacy_tracks_paths_take_a_bare_array_in_extended_mode() {
    let sandbox = sandbox(Mode::Extended).await;
    let (id, token, uris) = empty_playlist(&sandbox, 3).await;
    let path = format!("playlists/{id}/tracks");
    let (status, body) = call(&sandbox, &token, Method::POST, &path, Some(json!([uris[0], uris[1]]))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = call(&sandbox, &token, Method::PUT, &path, Some(json!([uris[2]]))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(entry_uris(&sandbox, &token, &id).await, [uris[2].clone()]);

    let dev = self::sandbox(Mode::DevMode2026).await;
    let (id, token, uris) = empty_playlist(&dev, 1).await;
    let (status, _) = call(&dev, &token, Method::POST, &format!("playlists/{id}/tracks"), Some(json!(uris))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "Development Mode still refuses the legacy path");
}
