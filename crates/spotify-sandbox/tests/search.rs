//! `GET /search`: field filters, types, limits.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().filter_map(|i| i["id"].as_str().map(str::to_owned)).collect()
}

fn q(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn field_filters_narrow_the_results() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "tessa").access_token;
    let catalog = sandbox.control().catalog();
    let track = &catalog.tracks[123];
    let album = &catalog.albums[track.album];
    let artist = &catalog.artists[track.artists[0]];

    let (status, found) =
        get(&sandbox, &token, &format!("search?q={}&type=track", q(&format!("isrc:{}", track.isrc)))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ids(&found["tracks"]).contains(&track.id));
    assert!(
        found["tracks"]["items"].as_array().unwrap().iter().all(|t| t["external_ids"]["isrc"] == track.isrc.as_str())
    );

    let query = format!("track:\"{}\" artist:\"{}\" album:\"{}\"", track.name, artist.name, album.name);
    let (_, found) = get(&sandbox, &token, &format!("search?q={}&type=track&limit=10", q(&query))).await;
    assert!(ids(&found["tracks"]).contains(&track.id), "{query}");

    let (_, found) = get(&sandbox, &token, &format!("search?q={}&type=album", q(&format!("upc:{}", album.upc)))).await;
    assert_eq!(ids(&found["albums"]), vec![album.id.clone()]);

    let year = album.release.date.year();
    let (_, found) = get(
        &sandbox,
        &token,
        &format!(
            "search?q={}&type=album&limit=10",
            q(&format!("year:{}-{} artist:\"{}\"", year - 1, year + 1, artist.name))
        ),
    )
    .await;
    assert!(ids(&found["albums"]).contains(&album.id));
    let (_, found) =
        get(&sandbox, &token, &format!("search?q={}&type=album", q(&format!("year:1900 artist:\"{}\"", artist.name))))
            .await;
    assert_eq!(found["albums"]["total"], 0);

    let genre = &artist.genres[0];
    let (_, found) =
        get(&sandbox, &token, &format!("search?q={}&type=artist&limit=10", q(&format!("genre:\"{genre}\"")))).await;
    assert!(found["artists"]["total"].as_u64().unwrap() > 0);
    let (_, found) =
        get(&sandbox, &token, &format!("search?q={}&type=track,album", q(&format!("isrc:{}", track.isrc)))).await;
    assert_eq!(found["albums"]["total"], 0, "isrc applies to tracks only");
    assert!(found["tracks"]["total"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn tag_new_finds_recent_releases_only() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "tessa").access_token;
    let catalog = sandbox.control().catalog();
    let today = sandbox.control().now().date();
    let recent = catalog.albums.iter().filter(|a| a.release.date > today - time::Duration::days(14)).count();
    assert!(recent > 0, "the generator makes a few brand-new releases");
    let (_, found) = get(&sandbox, &token, &format!("search?q={}&type=album&limit=10", q("tag:new"))).await;
    assert_eq!(found["albums"]["total"], recent);
    let today_text = format!("{}", today.year());
    assert!(
        found["albums"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["release_date"].as_str().unwrap() >= today_text.as_str())
    );
}

#[tokio::test]
async fn pages_types_and_validation() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "tessa").access_token;
    let artist = sandbox.control().catalog().artists[0].name.clone();
    let word = artist.split_whitespace().last().unwrap().to_owned();
    let (status, found) = get(
        &sandbox,
        &token,
        &format!("search?q={}&type=track,artist,album,playlist,show,episode,audiobook", q(&word)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for key in ["tracks", "artists", "albums", "playlists", "shows", "episodes", "audiobooks"] {
        assert_eq!(found[key]["limit"], 5, "{key}: default limit 5");
    }
    let tracks = &found["tracks"];
    if tracks["total"].as_u64().unwrap() > 5 {
        let next = tracks["next"].as_str().unwrap();
        assert!(next.starts_with(sandbox.api_base_url().as_str()) && next.contains("offset=5"));
    }
    assert_eq!(get(&sandbox, &token, "search?q=a&type=track&limit=10").await.0, StatusCode::OK);
    assert_eq!(get(&sandbox, &token, "search?q=a&type=track&limit=11").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&sandbox, &token, "search?q=a&type=track&offset=1000").await.0, StatusCode::OK);
    assert_eq!(get(&sandbox, &token, "search?q=a&type=track&offset=1001").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&sandbox, &token, "search?q=a&type=song").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&sandbox, &token, "search?q=a").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&sandbox, &token, "search?type=track").await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn editorial_playlists_are_null_search_results() {
    let sandbox = start_small().await;
    let token = grant(&sandbox, "tessa").access_token;
    let (_, found) = get(&sandbox, &token, &format!("search?q={}&type=playlist&limit=10", q("Top Hits Today"))).await;
    let items = found["playlists"]["items"].as_array().unwrap();
    assert!(items.iter().any(Value::is_null), "{found}");
}
