//! Last.fm's tag charts: numbers as text, the first artist only, play counts that grow, pages, and Last.fm's errors.

use crossfade_spotify_sandbox::{Provider, ProviderSettings, RateBudget};
use reqwest::StatusCode;
use serde_json::json;

use super::{DAY, assert_well_formed, get, sandbox, sandbox_with, shared};

const KEY: &str = "0123456789abcdef0123456789abcdef";

fn tag_chart(tag: &str, extra: &str) -> String {
    format!("/2.0/?method=tag.gettoptracks&tag={tag}&api_key={KEY}&format=json{extra}")
}

#[tokio::test]
async fn a_tag_lists_its_top_tracks_with_numbers_as_text() {
    let sandbox = sandbox().await;
    let answer = get(&sandbox, Provider::LastFm, &tag_chart("pop", "")).await;
    let chart = answer.chart("lastfm-tag-pop-page-1.json");
    assert_eq!((chart.title.as_deref(), chart.entries.len()), (Some("pop"), 50));
    assert_well_formed(&chart);
    let body = answer.json();
    let tracks = body["tracks"]["track"].as_array().expect("tracks");
    for track in tracks {
        for field in ["duration", "playcount", "listeners"] {
            assert!(track[field].is_string(), "{field}: {track}");
        }
        assert!(track["@attr"]["rank"].is_string() && track["streamable"]["fulltrack"] == "0");
        assert!(!track["artist"]["name"].as_str().unwrap_or_default().contains(", "), "the first artist only");
    }
    assert!(chart.entries.iter().all(|entry| entry.plays.is_some_and(|plays| plays > 0)));
    assert!(tracks.iter().any(|track| track["mbid"] == "") && tracks.iter().any(|track| track["mbid"] != ""));
    assert_eq!(body["tracks"]["@attr"]["page"], "1");
    assert_eq!(body["tracks"]["@attr"]["perPage"], "50");

    let second = get(&sandbox, Provider::LastFm, &tag_chart("Rap", "&limit=20&page=2")).await.chart("rap.json");
    assert!(second.entries.iter().map(|entry| entry.position).eq(21..=40));
    let unknown = get(&sandbox, Provider::LastFm, &tag_chart("seen%20live", "")).await.json();
    assert_eq!(unknown["tracks"]["track"], json!([]));
    assert_eq!(unknown["tracks"]["@attr"]["total"], "0");

    sandbox.control().advance_clock(DAY);
    let tomorrow = get(&sandbox, Provider::LastFm, &tag_chart("pop", "")).await.chart("pop.json");
    assert_eq!(
        tomorrow.entries.iter().map(|e| &e.title).collect::<Vec<_>>(),
        chart.entries.iter().map(|e| &e.title).collect::<Vec<_>>(),
        "the list is weekly"
    );
    for (today, next) in chart.entries.iter().zip(&tomorrow.entries) {
        assert!(next.plays > today.plays, "play counts grow every day");
    }
    sandbox.control().advance_clock(DAY * 6);
    let next_week = get(&sandbox, Provider::LastFm, &tag_chart("pop", "")).await.chart("pop.json");
    let overlap = shared(&chart, &next_week);
    assert!((0.6..1.0).contains(&overlap), "{overlap}");
}

#[tokio::test]
async fn keys_methods_and_the_rate_limit_answer_as_last_fm() {
    let mut settings = ProviderSettings::unlimited();
    settings.lastfm.rate_budget = Some(RateBudget { requests: 4, per_secs: 60 });
    let sandbox = sandbox_with(settings).await;
    let invalid = json!({ "error": 10, "message": "Invalid API key - You must be granted a valid key by last.fm" });
    for path in [
        "/2.0/?method=tag.gettoptracks&tag=pop&format=json".to_owned(),
        tag_chart("pop", "").replace(KEY, "0123456789ABCDEF0123456789ABCDEF"),
    ] {
        let answer = get(&sandbox, Provider::LastFm, &path).await;
        assert_eq!((answer.status, answer.json()), (StatusCode::FORBIDDEN, invalid.clone()));
    }
    let unknown =
        get(&sandbox, Provider::LastFm, &tag_chart("pop", "").replace("tag.gettoptracks", "tag.getinfo")).await;
    assert_eq!(
        unknown.json(),
        json!({ "error": 3, "message": "Invalid Method - No method with that name in this package" })
    );
    assert_eq!(get(&sandbox, Provider::LastFm, &tag_chart("pop", "")).await.status, StatusCode::OK);
    let limited = get(&sandbox, Provider::LastFm, &tag_chart("pop", "")).await;
    assert_eq!(
        (limited.status, limited.json()),
        (StatusCode::TOO_MANY_REQUESTS, json!({ "error": 29, "message": "Rate Limit Exceeded" }))
    );
}
