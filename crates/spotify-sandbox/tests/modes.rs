//! Development Mode (2026) against Extended mode: removed endpoints and fields.

mod common;

use common::*;
use crossfade_spotify_sandbox::{Mode, RunningSandbox, SandboxConfig, start};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn sandbox(mode: Mode) -> RunningSandbox {
    start(SandboxConfig { mode, ..small_config() }, loopback()).await.unwrap()
}

#[tokio::test]
async fn removed_endpoints_answer_as_spotify_does_in_development_mode() {
    let sandbox = sandbox(Mode::DevMode2026).await;
    let token = grant(&sandbox, "marco").access_token;
    let catalog = sandbox.control().catalog();
    let (track, artist, album) = (&catalog.tracks[0].id, &catalog.artists[0].id, &catalog.albums[0].id);
    let forbidden = [
        format!("tracks?ids={track}"),
        format!("artists?ids={artist}"),
        format!("albums?ids={album}"),
        format!("audio-features?ids={track}"),
        format!("audio-features/{track}"),
        format!("audio-analysis/{track}"),
        format!("artists/{artist}/top-tracks"),
        "browse/new-releases".into(),
        "markets".into(),
        "users/marco".into(),
        "users/marco/playlists".into(),
    ];
    for path in &forbidden {
        assert_eq!(get(&sandbox, &token, path).await.0, StatusCode::FORBIDDEN, "{path}");
    }
    let gone = [
        "recommendations?seed_genres=rock".to_owned(),
        format!("artists/{artist}/related-artists"),
        "browse/featured-playlists".into(),
        "browse/categories/party/playlists".into(),
    ];
    for path in &gone {
        assert_eq!(get(&sandbox, &token, path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        get(&sandbox, "BQnope", "recommendations").await.0,
        StatusCode::UNAUTHORIZED,
        "authentication comes first"
    );
    let (_, me) = get(&sandbox, &token, "me").await;
    assert!(me.get("product").is_none() && me.get("followers").is_none());
    let (_, artist_json) = get(&sandbox, &token, &format!("artists/{artist}")).await;
    assert!(
        artist_json.get("popularity").is_none()
            && artist_json.get("genres").is_none()
            && artist_json.get("followers").is_none()
    );
    let (_, album_json) = get(&sandbox, &token, &format!("albums/{album}")).await;
    assert!(album_json.get("label").is_none() && album_json.get("available_markets").is_none());
    let (_, track_json) = get(&sandbox, &token, &format!("tracks/{track}")).await;
    assert!(track_json.get("popularity").is_none() && track_json.get("linked_from").is_none());
    assert!(track_json["external_ids"]["isrc"].is_string());
}

#[tokio::test]
async fn extended_mode_serves_the_older_surface() {
    let sandbox = sandbox(Mode::Extended).await;
    let control = sandbox.control();
    let token = control
        .grant("marco", CLIENT_ID, &[ALL_SCOPES.as_slice(), &["user-read-private", "user-read-email"]].concat())
        .unwrap()
        .access_token;
    let catalog = control.catalog();
    let ids: Vec<&str> = catalog.tracks[..3].iter().map(|t| t.id.as_str()).collect();
    let (status, tracks) = get(&sandbox, &token, &format!("tracks?ids={},0000000000000000000000", ids.join(","))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tracks["tracks"].as_array().unwrap().len(), 4);
    assert!(tracks["tracks"][3].is_null());
    assert!(tracks["tracks"][0]["popularity"].is_number());
    let (status, features) = get(&sandbox, &token, &format!("audio-features/{}", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(features["energy"], catalog.tracks[0].features.energy);
    let (_, artist) = get(&sandbox, &token, &format!("artists/{}", catalog.artists[0].id)).await;
    assert!(
        artist["genres"].is_array() && artist["popularity"].is_number() && artist["followers"]["total"].is_number()
    );
    let (_, me) = get(&sandbox, &token, "me").await;
    assert_eq!(me["product"], "premium");
    assert!(me["email"].is_string());
    assert_eq!(get(&sandbox, &token, "markets").await.0, StatusCode::OK);
    assert_eq!(get(&sandbox, &token, "recommendations").await.0, StatusCode::NOT_FOUND, "gone in every mode");

    let followed = control
        .playlists("marco")
        .unwrap()
        .into_iter()
        .find(|p| p.owner_id != "marco" && !p.collaborative && p.total > 0)
        .unwrap();
    let (status, page) = get(&sandbox, &token, &format!("playlists/{}/tracks?limit=100", followed.id)).await;
    assert_eq!(status, StatusCode::OK, "legacy path, any playlist, pages of 100");
    assert_eq!(page["limit"], 100);
    assert!(page["items"][0].get("track").is_some() && page["items"][0].get("item").is_some());
    assert_eq!(
        get(&sandbox, &token, &format!("playlists/{}/items?limit=100", followed.id)).await.0,
        StatusCode::BAD_REQUEST
    );
    let (status, created) =
        call(&sandbox, &token, Method::POST, "users/marco/playlists", Some(json!({"name": "Old way"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(created["tracks"].is_object());
    let (status, _) = call(&sandbox, &token, Method::PUT, &format!("me/tracks?ids={}", ids[2]), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, contains) = get(&sandbox, &token, &format!("me/tracks/contains?ids={}", ids[2])).await;
    assert_eq!(contains, json!([true]));
}
