//! The player: idle 204, devices, transfer, play, pause, next, previous, seek, volume, shuffle, repeat, queue,
//! and the error reasons.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn command(
    sandbox: &crossfade_spotify_sandbox::RunningSandbox,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    call(sandbox, token, method, &format!("me/player{path}"), body).await
}

#[tokio::test]
async fn idle_player_answers_204_and_commands_need_a_device() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    assert_eq!(get(&sandbox, &token, "me/player").await.0, StatusCode::NO_CONTENT);
    assert_eq!(get(&sandbox, &token, "me/player/currently-playing").await.0, StatusCode::NO_CONTENT);
    let (status, body) = command(&sandbox, &token, Method::PUT, "/pause", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["reason"], "NO_ACTIVE_DEVICE");
    let (_, devices) = get(&sandbox, &token, "me/player/devices").await;
    assert_eq!(devices["devices"].as_array().unwrap().len(), 3);
    assert!(devices["devices"].as_array().unwrap().iter().all(|d| d["is_active"] == false));
}

#[tokio::test]
async fn play_pause_skip_and_queue() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let token = grant(&sandbox, "marco").access_token;
    let (_, devices) = get(&sandbox, &token, "me/player/devices").await;
    let computer = devices["devices"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        command(&sandbox, &token, Method::PUT, "", Some(json!({"device_ids": [computer]}))).await.0,
        StatusCode::NO_CONTENT
    );

    let catalog = control.catalog();
    let album = catalog.albums.iter().find(|a| a.tracks.len() >= 4).unwrap();
    let body =
        json!({"context_uri": format!("spotify:album:{}", album.id), "offset": {"position": 1}, "position_ms": 5000});
    assert_eq!(command(&sandbox, &token, Method::PUT, "/play", Some(body)).await.0, StatusCode::NO_CONTENT);
    let (status, state) = get(&sandbox, &token, "me/player").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state["item"]["id"], catalog.tracks[album.tracks[1]].id.as_str());
    assert_eq!(state["is_playing"], true);
    assert_eq!(state["device"]["id"], computer.as_str());
    assert_eq!(state["context"]["uri"], format!("spotify:album:{}", album.id));

    assert_eq!(command(&sandbox, &token, Method::PUT, "/pause", None).await.0, StatusCode::NO_CONTENT);
    let (status, body) = command(&sandbox, &token, Method::PUT, "/pause", None).await;
    assert_eq!((status, body["error"]["reason"].as_str()), (StatusCode::FORBIDDEN, Some("ALREADY_PAUSED")));
    assert_eq!(command(&sandbox, &token, Method::PUT, "/play", None).await.0, StatusCode::NO_CONTENT, "resume");

    let queued = catalog.tracks[3].id.clone();
    assert_eq!(
        command(&sandbox, &token, Method::POST, &format!("/queue?uri=spotify:track:{queued}"), None).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, queue) = get(&sandbox, &token, "me/player/queue").await;
    assert_eq!(queue["queue"][0]["id"], queued.as_str());
    assert_eq!(command(&sandbox, &token, Method::POST, "/next", None).await.0, StatusCode::NO_CONTENT);
    let (_, state) = get(&sandbox, &token, "me/player").await;
    assert_eq!(state["item"]["id"], queued.as_str(), "the queue plays before the context");

    assert_eq!(command(&sandbox, &token, Method::PUT, "/seek?position_ms=1000", None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(command(&sandbox, &token, Method::PUT, "/shuffle?state=true", None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(command(&sandbox, &token, Method::PUT, "/repeat?state=context", None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        command(&sandbox, &token, Method::PUT, "/repeat?state=sometimes", None).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        command(&sandbox, &token, Method::PUT, "/volume?volume_percent=40", None).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, state) = get(&sandbox, &token, "me/player").await;
    assert_eq!((state["shuffle_state"].as_bool(), state["repeat_state"].as_str()), (Some(true), Some("context")));
    assert_eq!(state["device"]["volume_percent"], 40);
    assert_eq!(command(&sandbox, &token, Method::POST, "/previous", None).await.0, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn player_error_reasons() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let free = grant(&sandbox, "juniper").access_token;
    control.activate_device("juniper", None).unwrap();
    let (status, body) = command(&sandbox, &free, Method::PUT, "/play", Some(json!({"uris": []}))).await;
    assert_eq!((status, body["error"]["reason"].as_str()), (StatusCode::FORBIDDEN, Some("PREMIUM_REQUIRED")));

    let token = grant(&sandbox, "marco").access_token;
    let (_, devices) = get(&sandbox, &token, "me/player/devices").await;
    let radio = devices["devices"].as_array().unwrap().iter().find(|d| d["supports_volume"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let track = control.catalog().tracks[0].id.clone();
    let play = json!({"uris": [format!("spotify:track:{track}")]});
    assert_eq!(
        command(&sandbox, &token, Method::PUT, &format!("/play?device_id={radio}"), Some(play)).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = command(&sandbox, &token, Method::PUT, "/volume?volume_percent=10", None).await;
    assert_eq!((status, body["error"]["reason"].as_str()), (StatusCode::FORBIDDEN, Some("VOLUME_CONTROL_DISALLOW")));
    let (status, body) = command(&sandbox, &token, Method::POST, "/next", None).await;
    assert_eq!((status, body["error"]["reason"].as_str()), (StatusCode::FORBIDDEN, Some("NO_NEXT_TRACK")));
    assert_eq!(command(&sandbox, &token, Method::PUT, "/play?device_id=nope", None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        command(&sandbox, &token, Method::PUT, "", Some(json!({"device_ids": ["a", "b"]}))).await.0,
        StatusCode::BAD_REQUEST
    );
    let reader = control.grant("marco", CLIENT_ID, &["user-read-playback-state"]).unwrap().access_token;
    assert_eq!(command(&sandbox, &reader, Method::PUT, "/pause", None).await.0, StatusCode::FORBIDDEN);
}
