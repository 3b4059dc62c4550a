//! The demo users' "Extended streaming history" download: Spotify's export layout, the same file every time, plays
//! older than the recently-played window, mostly the user's own songs but not only.

mod common;

use std::collections::HashSet;

use common::{all_pages, get, grant, http, start_small};
use serde_json::Value;

async fn export(sandbox: &crossfade_spotify_sandbox::RunningSandbox, user: &str) -> (reqwest::Response, Vec<Value>) {
    let url = sandbox.base_url().join(&format!("sandbox/users/{user}/streaming-history.json")).unwrap();
    let response = http().get(url.clone()).send().await.unwrap();
    let again = http().get(url).send().await.unwrap().json::<Vec<Value>>().await.unwrap();
    (response, again)
}

#[tokio::test]
async fn a_demo_user_downloads_a_streaming_history_in_spotifys_layout() {
    let sandbox = start_small().await;
    let (response, plays) = export(&sandbox, "tessa").await;

    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"Streaming_History_Audio_20"), "{disposition}");
    assert!(disposition.ends_with("_0.json\""), "{disposition}");
    let first = response.json::<Vec<Value>>().await.unwrap();
    assert_eq!(first, plays, "the same user gets the same file");
    assert!(plays.len() > 400 && plays.len() <= 480, "{} plays", plays.len());
    for play in &plays {
        for field in ["ts", "ms_played", "reason_start", "reason_end", "shuffle", "skipped", "platform"] {
            assert!(!play[field].is_null(), "{field} missing in {play}");
        }
    }
    let moments: Vec<&str> = plays.iter().map(|play| play["ts"].as_str().unwrap()).collect();
    assert!(moments.windows(2).all(|pair| pair[0] < pair[1]), "plays are in time order, one per second at most");

    // Older than anything recently played still shows.
    let token = grant(&sandbox, "tessa").access_token;
    let (_, recent) = get(&sandbox, &token, "me/player/recently-played?limit=50").await;
    let oldest_recent = recent["items"].as_array().unwrap().iter().map(|i| i["played_at"].as_str().unwrap()).min();
    assert!(moments.last().copied() < oldest_recent, "{:?} vs {oldest_recent:?}", moments.last());

    // Mostly liked songs, some songs the library does not hold, some podcast episodes.
    let liked: HashSet<String> = all_pages(&sandbox, &token, "me/tracks?limit=50")
        .await
        .iter()
        .map(|saved| format!("spotify:track:{}", saved["track"]["id"].as_str().unwrap()))
        .collect();
    let songs: Vec<&str> = plays.iter().filter_map(|play| play["spotify_track_uri"].as_str()).collect();
    let of_liked = songs.iter().filter(|uri| liked.contains(**uri)).count();
    assert!(of_liked * 2 > songs.len(), "{of_liked} of {} plays are of liked songs", songs.len());
    assert!(of_liked < songs.len(), "some plays are of songs the library does not hold");
    let episodes = plays.iter().filter(|play| play["spotify_episode_uri"].is_string()).count();
    assert!(episodes > 0 && episodes + songs.len() == plays.len());
    for play in &plays {
        if let Some(uri) = play["spotify_track_uri"].as_str() {
            let (status, track) = get(&sandbox, &token, &format!("tracks/{}", &uri["spotify:track:".len()..])).await;
            assert_eq!(status, 200);
            assert_eq!(play["master_metadata_track_name"], track["name"]);
            break;
        }
    }
}

#[tokio::test]
async fn an_unknown_user_has_no_export() {
    let sandbox = start_small().await;
    let url = sandbox.base_url().join("sandbox/users/nobody/streaming-history.json").unwrap();
    assert_eq!(http().get(url).send().await.unwrap().status(), 404);
}
