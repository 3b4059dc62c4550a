//! Library reads: paging a whole library with absolute `next` URLs, limit validation, saved albums, the unified
//! library endpoints, followed artists' cursor, top items, the play history's cursors.

mod common;

use std::collections::BTreeSet;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[tokio::test]
async fn pages_through_every_liked_song_newest_first() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let (status, first) = get(&sandbox, &token, "me/tracks?limit=50").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["total"], 1234);
    assert_eq!(first["previous"], Value::Null);
    assert_eq!(first["href"], format!("{}me/tracks?offset=0&limit=50", sandbox.api_base_url()));
    let items = all_pages(&sandbox, &token, "me/tracks?limit=50").await;
    assert_eq!(items.len(), 1234);
    let ids: BTreeSet<&str> = items.iter().map(|i| i["track"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 1234, "no track twice");
    let dates: Vec<&str> = items.iter().map(|i| i["added_at"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "newest first");
    assert!(items.iter().all(|i| i["track"]["external_ids"]["isrc"].is_string()), "ISRC present");
    assert!(items.iter().all(|i| i["track"].get("popularity").is_none()), "no popularity in Development Mode");
    assert_eq!(sandbox.control().counters()["GET /v1/me/tracks"], 1 + 25, "⌈1234/50⌉ pages plus the first probe");
}

#[tokio::test]
async fn limits_and_offsets_are_validated_per_endpoint() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    for path in [
        "me/tracks?limit=51",
        "me/tracks?limit=0",
        "me/tracks?limit=x",
        "me/playlists?limit=51",
        "search?q=a&type=track&limit=11",
    ] {
        let (status, body) = get(&sandbox, &token, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(body["error"]["message"], "Invalid limit", "{path}");
    }
    assert_eq!(get(&sandbox, &token, "me/tracks?offset=-1").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&sandbox, &token, "search?q=a&type=track&offset=1001").await.0, StatusCode::BAD_REQUEST);
    let (status, page) = get(&sandbox, &token, "me/tracks?offset=5000").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn unified_library_endpoints_save_check_and_remove() {
    let sandbox = start_small().await;
    let control = sandbox.control();
    let token = grant(&sandbox, "tessa").access_token;
    let catalog = control.catalog();
    let track = format!("spotify:track:{}", catalog.tracks[7].id);
    let album = format!("spotify:album:{}", catalog.albums[3].id);
    let artist = format!("spotify:artist:{}", catalog.artists[2].id);
    let uris = format!("{track},{album},{artist}");
    let (status, _) = call(&sandbox, &token, Method::PUT, &format!("me/library?uris={uris}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, contains) =
        get(&sandbox, &token, &format!("me/library/contains?uris={uris},spotify:track:0000000000000000000000")).await;
    assert_eq!(contains, serde_json::json!([true, true, true, false]));
    let (_, newest) = get(&sandbox, &token, "me/tracks?limit=1").await;
    assert_eq!(newest["items"][0]["track"]["uri"], track.as_str(), "a new like is the newest liked song");
    let (status, _) = call(&sandbox, &token, Method::DELETE, &format!("me/library?uris={uris}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, contains) = get(&sandbox, &token, &format!("me/library/contains?uris={uris}")).await;
    assert_eq!(contains, serde_json::json!([false, false, false]));

    let too_many = vec![track.as_str(); 41].join(",");
    let (status, _) = call(&sandbox, &token, Method::PUT, &format!("me/library?uris={too_many}"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&sandbox, &token, Method::PUT, "me/library?uris=spotify:track:tooShort", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) =
        call(&sandbox, &token, Method::PUT, &format!("me/tracks?ids={}", catalog.tracks[7].id), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "per-type save endpoints are gone in Development Mode");
}

#[tokio::test]
async fn saved_albums_are_full_album_objects() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let items = all_pages(&sandbox, &token, "me/albums?limit=50").await;
    assert!(!items.is_empty());
    for item in &items {
        let album = &item["album"];
        assert!(item["added_at"].is_string());
        assert!(album["tracks"]["items"].is_array() && album["external_ids"]["upc"].is_string());
        assert!(
            album.get("label").is_none()
                && album.get("popularity").is_none()
                && album.get("available_markets").is_none()
        );
        assert!(["day", "month", "year"].contains(&album["release_date_precision"].as_str().unwrap()));
    }
}

#[tokio::test]
async fn followed_artists_use_the_artist_cursor() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let (status, first) = get(&sandbox, &token, "me/following?type=artist&limit=7").await;
    assert_eq!(status, StatusCode::OK);
    let total = first["artists"]["total"].as_u64().unwrap() as usize;
    let mut seen = Vec::new();
    let mut next = Some(format!("{}me/following?type=artist&limit=7", sandbox.api_base_url()));
    while let Some(url) = next {
        let (_, page) = get(&sandbox, &token, &url).await;
        let artists = &page["artists"];
        let items = artists["items"].as_array().unwrap();
        seen.extend(items.iter().map(|a| a["id"].as_str().unwrap().to_owned()));
        next = artists["next"].as_str().map(str::to_owned);
        if next.is_some() {
            assert_eq!(artists["cursors"]["after"], items.last().unwrap()["id"]);
        }
        assert!(items.iter().all(|a| a.get("genres").is_none() && a.get("followers").is_none()));
    }
    assert_eq!(seen.len(), total);
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), total);
    assert_eq!(get(&sandbox, &token, "me/following?type=user").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn top_items_per_time_range() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    for range in ["short_term", "medium_term", "long_term"] {
        let (status, artists) = get(&sandbox, &token, &format!("me/top/artists?time_range={range}&limit=50")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            artists["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a.get("genres").is_none() && a.get("popularity").is_none())
        );
        let (_, tracks) = get(&sandbox, &token, &format!("me/top/tracks?time_range={range}")).await;
        assert_eq!(tracks["items"].as_array().unwrap().len(), 20);
        assert!(tracks["next"].as_str().unwrap().contains(&format!("time_range={range}")));
    }
    assert_eq!(get(&sandbox, &token, "me/top/tracks?time_range=forever").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn recently_played_has_millisecond_cursors_and_only_fifty_plays() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "marco").access_token;
    let (_, first) = get(&sandbox, &token, "me/player/recently-played?limit=50").await;
    let items = first["items"].as_array().unwrap();
    assert_eq!(items.len(), 50);
    assert_eq!(first["next"], Value::Null, "nothing older than 50 plays is reachable");
    let (_, page) = get(&sandbox, &token, "me/player/recently-played?limit=20").await;
    let before = page["cursors"]["before"].as_str().unwrap();
    assert!(before.parse::<i64>().is_ok());
    let (_, older) = get(&sandbox, &token, page["next"].as_str().unwrap()).await;
    assert_eq!(older["items"][0]["played_at"], items[20]["played_at"]);
    let after = items[5]["played_at"].as_str().unwrap();
    let after_ms = time::OffsetDateTime::parse(after, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp_nanos()
        / 1_000_000;
    let (_, newer) = get(&sandbox, &token, &format!("me/player/recently-played?after={after_ms}")).await;
    assert_eq!(newer["items"].as_array().unwrap().len(), 5);
    let (status, body) = get(&sandbox, &token, "me/player/recently-played?after=1&before=2").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    sandbox.control().record_play("marco", &sandbox.control().catalog().tracks[1].id, None).unwrap();
    let (_, latest) = get(&sandbox, &token, "me/player/recently-played?limit=1").await;
    assert_eq!(latest["items"][0]["track"]["id"], sandbox.control().catalog().tracks[1].id.as_str());
}

#[tokio::test]
async fn single_reads_and_their_errors() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "tessa").access_token;
    let catalog = sandbox.control().catalog();
    let artist = &catalog.artists[0];
    assert_eq!(get(&sandbox, &token, &format!("tracks/{}", catalog.tracks[0].id)).await.0, StatusCode::OK);
    let (_, album) = get(&sandbox, &token, &format!("albums/{}", catalog.albums[0].id)).await;
    assert_eq!(album["total_tracks"], catalog.albums[0].tracks.len());
    let (_, albums) = get(&sandbox, &token, &format!("artists/{}/albums?limit=10", artist.id)).await;
    assert!(albums["items"].as_array().unwrap().iter().all(|a| a["album_group"].is_string()));
    assert_eq!(
        get(&sandbox, &token, &format!("artists/{}/albums?limit=11", artist.id)).await.0,
        StatusCode::BAD_REQUEST
    );
    let (_, tracks) = get(&sandbox, &token, &format!("albums/{}/tracks?limit=2", catalog.albums[0].id)).await;
    assert_eq!(tracks["total"], catalog.albums[0].tracks.len());
    let (status, body) = get(&sandbox, &token, "tracks/0000000000000000000000").await;
    assert_eq!((status, body["error"]["message"].as_str()), (StatusCode::NOT_FOUND, Some("Non existing id")));
    assert_eq!(get(&sandbox, &token, "tracks/nope").await.0, StatusCode::BAD_REQUEST);
}
