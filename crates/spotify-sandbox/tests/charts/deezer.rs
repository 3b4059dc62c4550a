//! Deezer's charts: paged by `index` and `limit` with `next`, `position` rather than `rank`, the main artist only,
//! every id resolving through `/track/{id}` to an ISRC (the songs beyond the catalog too), and the unknown genre.

use crossfade_spotify_sandbox::Provider;
use reqwest::StatusCode;
use serde_json::json;

use super::{DAY, assert_well_formed, get, sandbox, shared};

#[tokio::test]
async fn a_chart_pages_and_every_entry_resolves_to_an_isrc() {
    let sandbox = sandbox().await;
    let first = get(&sandbox, Provider::Deezer, "/chart/0/tracks").await;
    let page = first.json();
    assert_eq!(page["data"].as_array().map(Vec::len), Some(10), "ten items unless limit says otherwise");
    assert_eq!(page["total"], 100);
    let next = page["next"].as_str().expect("a next page");
    assert!(next.contains("/deezer/chart/0/tracks?index=10"), "{next}");
    assert!(first.chart("chart.json").entries.iter().map(|entry| entry.position).eq(1..=10));
    let last = get(&sandbox, Provider::Deezer, "/chart/0/tracks?index=90&limit=20").await;
    assert!(last.json().get("next").is_none());
    assert!(last.chart("chart.json").entries.iter().map(|entry| entry.position).eq(91..=100));

    let whole = get(&sandbox, Provider::Deezer, "/chart/132/tracks?limit=100").await;
    let chart = whole.chart("deezer-chart-132-tracks.json");
    assert_eq!(chart.entries.len(), 100);
    assert_well_formed(&chart);
    let items = whole.json()["data"].as_array().cloned().expect("data");
    for field in [
        "title_short",
        "title_version",
        "rank",
        "explicit_lyrics",
        "explicit_content_lyrics",
        "explicit_content_cover",
        "preview",
        "md5_image",
        "position",
        "artist",
        "album",
        "type",
    ] {
        assert!(items.iter().all(|item| item.get(field).is_some()), "{field}");
    }
    assert!(
        items.iter().any(|item| item["title"].as_str().is_some_and(|title| title.contains("(feat. "))
            && item["title_short"] != item["title"]),
        "guests in some titles"
    );
    let catalog = sandbox.control().catalog();
    let mut outside = 0;
    for item in &items {
        let track = get(&sandbox, Provider::Deezer, &format!("/track/{}", item["id"])).await.json();
        assert_eq!(track["id"], item["id"]);
        let isrc = track["isrc"].as_str().expect("an ISRC");
        match catalog.tracks.iter().find(|track| track.isrc == isrc) {
            Some(known) => {
                assert_eq!(item["title_short"], known.name.as_str());
                assert_eq!(item["artist"]["name"], catalog.artists[known.artists[0]].name.as_str(), "the main artist");
            }
            None => {
                outside += 1;
                let again = get(&sandbox, Provider::Deezer, &format!("/track/isrc:{isrc}")).await.json();
                assert_eq!(again["id"], item["id"]);
            }
        }
    }
    assert!((3..=12).contains(&outside), "{outside} songs beyond the catalog");

    let unknown = get(&sandbox, Provider::Deezer, "/chart/85/tracks").await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(unknown.json(), json!({ "error": { "type": "DataException", "message": "no data", "code": 800 } }));

    assert_eq!(get(&sandbox, Provider::Deezer, "/chart/132/tracks?limit=100").await.bytes, whole.bytes);
    sandbox.control().advance_clock(DAY);
    let tomorrow = get(&sandbox, Provider::Deezer, "/chart/132/tracks?limit=100").await.chart("chart.json");
    let overlap = shared(&chart, &tomorrow);
    assert!((0.85..1.0).contains(&overlap), "{overlap}");
}
