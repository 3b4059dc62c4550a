//! YouTube: search finds a charted song's videos with escaped titles, statistics as text that grow day by day, at
//! most 50 ids, the key requirement and the daily quota.

use crossfade_spotify_sandbox::{Provider, ProviderSettings, RunningSandbox};
use reqwest::StatusCode;
use serde_json::Value;

use super::{DAY, Fetched, get, sandbox, sandbox_with};

const KEY: &str = "AIzaSyD-sandbox-test-key-000000000000000";

async fn search(sandbox: &RunningSandbox, q: &str, key: &str) -> Fetched {
    let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    get(
        sandbox,
        Provider::YouTube,
        &format!("/youtube/v3/search?part=snippet&q={q}&type=video&maxResults=10&key={key}"),
    )
    .await
}

async fn statistics(sandbox: &RunningSandbox, ids: &[&str]) -> Fetched {
    get(sandbox, Provider::YouTube, &format!("/youtube/v3/videos?part=statistics&id={}&key={KEY}", ids.join(","))).await
}

/// The videos search finds for the most popular catalog tracks that have some.
async fn video_ids(sandbox: &RunningSandbox) -> Vec<String> {
    let catalog = sandbox.control().catalog();
    let mut tracks: Vec<_> = catalog.tracks.iter().collect();
    tracks.sort_by_key(|track| std::cmp::Reverse(track.popularity));
    let mut ids = Vec::new();
    for track in tracks.iter().take(8) {
        let artist = &catalog.artists[track.artists[0]].name;
        let found = search(sandbox, &format!("{artist} {}", track.name), KEY).await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.text());
        let body = found.json();
        assert_eq!(body["kind"], "youtube#searchListResponse");
        for item in body["items"].as_array().expect("items") {
            assert_eq!(
                (&item["kind"], &item["id"]["kind"]),
                (&Value::from("youtube#searchResult"), &Value::from("youtube#video"))
            );
            let title = item["snippet"]["title"].as_str().expect("a title");
            assert!(title.contains(" - ") && !title.contains(" & ") && !title.contains('\''), "HTML-escaped: {title}");
            assert!(item["snippet"]["channelTitle"].is_string());
            ids.push(item["id"]["videoId"].as_str().expect("an id").to_owned());
        }
    }
    ids.truncate(40);
    ids
}

#[tokio::test]
async fn search_finds_videos_whose_views_grow() {
    let sandbox = sandbox().await;
    let ids = video_ids(&sandbox).await;
    assert!(ids.len() >= 4, "most popular songs have videos: {ids:?}");
    assert!(ids.iter().all(|id| id.len() == 11));
    let mut asked: Vec<&str> = ids.iter().map(String::as_str).collect();
    asked.push("zzzzzzzzzzz");
    let answer = statistics(&sandbox, &asked).await.json();
    assert_eq!(answer["kind"], "youtube#videoListResponse");
    let items = answer["items"].as_array().expect("items");
    assert_eq!(items.len(), ids.len(), "unknown ids are left out");
    for item in items {
        let counts = &item["statistics"];
        for field in ["viewCount", "likeCount", "favoriteCount", "commentCount"] {
            assert!(counts[field].as_str().is_some_and(|count| count.parse::<u64>().is_ok()), "{field}: {item}");
        }
        assert_eq!(counts["favoriteCount"], "0");
    }
    let views = |answer: &Value| -> Vec<u64> {
        answer["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| item["statistics"]["viewCount"].as_str().unwrap_or("0").parse().unwrap_or(0))
            .collect()
    };
    assert_eq!(statistics(&sandbox, &asked).await.json(), answer, "the same counts all day");
    sandbox.control().advance_clock(DAY);
    let tomorrow = statistics(&sandbox, &asked).await.json();
    assert!(
        views(&tomorrow).iter().zip(views(&answer)).all(|(later, earlier)| *later > earlier),
        "views grow every day"
    );

    let too_many: Vec<&str> = std::iter::repeat_n(asked[0], 51).collect();
    let refused = statistics(&sandbox, &too_many).await;
    assert_eq!(
        (refused.status, &refused.json()["error"]["errors"][0]["reason"]),
        (StatusCode::BAD_REQUEST, &Value::from("invalidFilters"))
    );
    let keyless =
        get(&sandbox, Provider::YouTube, &format!("/youtube/v3/videos?part=statistics&id={}", asked[0])).await;
    assert_eq!(
        (keyless.status, &keyless.json()["error"]["errors"][0]["reason"]),
        (StatusCode::FORBIDDEN, &Value::from("forbidden"))
    );
}

#[tokio::test]
async fn each_key_spends_its_daily_quota() {
    let settings = ProviderSettings { youtube_daily_quota: Some(250), ..ProviderSettings::unlimited() };
    let sandbox = sandbox_with(settings).await;
    for _ in 0..2 {
        assert_eq!(search(&sandbox, "heartbeat", KEY).await.status, StatusCode::OK);
    }
    let spent = search(&sandbox, "heartbeat", KEY).await;
    assert_eq!(spent.status, StatusCode::FORBIDDEN);
    let error = &spent.json()["error"];
    assert_eq!(
        (&error["code"], &error["errors"][0]["domain"], &error["errors"][0]["reason"]),
        (&Value::from(403), &Value::from("youtube.quota"), &Value::from("quotaExceeded"))
    );
    assert_eq!(error["message"], "The request cannot be completed because you have exceeded your quota.");
    assert_eq!(
        statistics(&sandbox, &["zzzzzzzzzzz"]).await.status,
        StatusCode::OK,
        "a list costs one unit, which is left"
    );
    assert_eq!(search(&sandbox, "heartbeat", "another-key").await.status, StatusCode::OK, "each key has its own quota");
    sandbox.control().advance_clock(DAY);
    assert_eq!(search(&sandbox, "heartbeat", KEY).await.status, StatusCode::OK, "a new day, a new quota");
}
