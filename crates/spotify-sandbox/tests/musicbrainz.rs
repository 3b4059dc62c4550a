//! The MusicBrainz emulation: the User-Agent rule, JSON only, recordings by ISRC (and the disallowed `inc`s),
//! genres and tags, releases with labels, determinism, and the 503 over one request a second.

mod provider_support;

use std::time::Duration;

use crossfade_spotify_sandbox::{Provider, ProviderSettings, RunningSandbox};
use provider_support::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn mb(sandbox: &RunningSandbox, path: &str) -> Answer {
    fetch(sandbox, Provider::MusicBrainz, path).await
}

/// Catalog tracks MusicBrainz knows, with their recordings, taking every `stride`-th track so that the sample
/// spans many albums and genres.
async fn known_tracks(sandbox: &RunningSandbox, wanted: usize, stride: usize) -> Vec<(usize, Vec<Value>)> {
    let catalog = sandbox.control().catalog();
    let mut known = Vec::new();
    for (position, track) in catalog.tracks.iter().enumerate().step_by(stride) {
        let answer = mb(sandbox, &format!("/ws/2/isrc/{}?fmt=json", track.isrc)).await;
        if answer.status == StatusCode::OK {
            known.push((position, answer.json["recordings"].as_array().cloned().unwrap()));
            if known.len() == wanted {
                break;
            }
        } else {
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.text);
        }
    }
    known
}

#[tokio::test]
async fn a_user_agent_with_a_contact_is_required() {
    let sandbox = start_unlimited().await;
    let isrc = sandbox.control().catalog().tracks[0].isrc.clone();
    let path = format!("/ws/2/isrc/{isrc}?fmt=json");
    for refused in [None, Some("Crossfade/0.1"), Some("reqwest"), Some("Crossfade/0.1 ( nobody )")] {
        let answer = fetch_as(&sandbox, Provider::MusicBrainz, &path, refused).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{refused:?}");
        assert!(answer.json["error"].is_string(), "{}", answer.text);
    }
    for accepted in ["Crossfade/0.1 ( admin@example.org )", "Crossfade/0.1 (https://crossfade.example)"] {
        let answer = fetch_as(&sandbox, Provider::MusicBrainz, &path, Some(accepted)).await;
        assert!([StatusCode::OK, StatusCode::NOT_FOUND].contains(&answer.status), "{accepted}: {}", answer.text);
    }
}

#[tokio::test]
async fn answers_are_json_only() {
    let sandbox = start_unlimited().await;
    let isrc = sandbox.control().catalog().tracks[0].isrc.clone();
    let answer = mb(&sandbox, &format!("/ws/2/isrc/{isrc}")).await;
    assert_eq!(answer.status, StatusCode::NOT_ACCEPTABLE);
    let url = format!("{}/ws/2/isrc/{isrc}", sandbox.provider_base_url(Provider::MusicBrainz));
    let response = http()
        .get(url)
        .header(reqwest::header::USER_AGENT, USER_AGENT)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn isrc_lookups_find_recordings_and_refuse_bad_input() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let known = known_tracks(&sandbox, 40, 1).await;
    for (position, recordings) in &known {
        let track = &catalog.tracks[*position];
        assert!((1..=2).contains(&recordings.len()));
        for recording in recordings {
            for field in ["id", "title", "length", "first-release-date"] {
                assert!(recording.get(field).is_some(), "{field} missing: {recording}");
            }
            assert_eq!(recording["title"], track.name.as_str());
            let length = recording["length"].as_i64().unwrap();
            assert!((length - i64::from(track.duration_ms)).abs() <= 1_500, "{length}");
            assert_eq!(recording["first-release-date"], catalog.albums[track.album].release.text().as_str());
        }
    }

    let unknown = mb(&sandbox, "/ws/2/isrc/ZZZZZ9999999?fmt=json").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json["error"], "Not Found");
    assert!(unknown.json["help"].is_string());

    let malformed = mb(&sandbox, "/ws/2/isrc/NOT-AN-ISRC?fmt=json").await;
    assert_eq!((malformed.status, malformed.json["error"].as_str()), (StatusCode::BAD_REQUEST, Some("Invalid isrc.")));

    let isrc = &catalog.tracks[known[0].0].isrc;
    let genres = mb(&sandbox, &format!("/ws/2/isrc/{isrc}?inc=genres&fmt=json")).await;
    assert_eq!(genres.status, StatusCode::BAD_REQUEST, "inc=genres is not allowed on isrc: {}", genres.text);
    let credits = mb(&sandbox, &format!("/ws/2/isrc/{isrc}?inc=artist-credits&fmt=json")).await;
    assert!(credits.json["recordings"][0]["artist-credit"].is_array(), "{}", credits.text);
}

#[tokio::test]
async fn some_isrcs_have_two_recordings() {
    let sandbox = start_unlimited().await;
    let known = known_tracks(&sandbox, 400, 1).await;
    let doubles = known.iter().filter(|(_, recordings)| recordings.len() == 2).count();
    assert!((5..=50).contains(&doubles), "about 6 %: {doubles} of 400");
}

#[tokio::test]
async fn recordings_carry_genres_tags_and_credits() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let known = known_tracks(&sandbox, 200, 11).await;
    let mut tagged = 0;
    let mut hip_hop_seen = false;
    for (position, recordings) in &known {
        let track = &catalog.tracks[*position];
        let mbid = recordings[0]["id"].as_str().unwrap();
        let answer = mb(&sandbox, &format!("/ws/2/recording/{mbid}?inc=genres+tags+artist-credits&fmt=json")).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let body = &answer.json;
        assert_eq!(body["id"], mbid);
        let genres = body["genres"].as_array().expect("genres");
        let tags = body["tags"].as_array().expect("tags");
        assert_eq!(body["artist-credit"][0]["name"], catalog.artists[track.artists[0]].name.as_str());
        if genres.is_empty() {
            assert!(tags.is_empty());
            continue;
        }
        tagged += 1;
        for genre in genres {
            for field in ["name", "count", "id", "disambiguation"] {
                assert!(genre.get(field).is_some(), "{field} missing: {genre}");
            }
            let name = genre["name"].as_str().unwrap();
            assert_eq!(name, name.to_lowercase());
        }
        assert!(tags.iter().all(|tag| tag["name"].is_string() && tag["count"].is_u64()));
        let year = catalog.albums[track.album].release.date.year();
        assert!(tags.iter().any(|tag| tag["name"] == format!("{}s", year / 10 * 10)), "a decade tag: {body}");
        if track.genre == "hip-hop" {
            hip_hop_seen = true;
            assert_eq!(genres[0]["name"], "hip hop");
        }
    }
    let share = f64::from(tagged) / known.len() as f64;
    assert!((0.7..0.9).contains(&share), "about 80 % tagged: {share}");
    assert!(hip_hop_seen, "the sample holds a hip-hop track");

    let mbid = known[0].1[0]["id"].as_str().unwrap();
    let labels = mb(&sandbox, &format!("/ws/2/recording/{mbid}?inc=labels&fmt=json")).await;
    assert_eq!(labels.status, StatusCode::BAD_REQUEST, "inc=labels is not allowed on recordings");
    let plus_sign = mb(&sandbox, &format!("/ws/2/recording/{mbid}?inc=genres%2Btags&fmt=json")).await;
    assert!(plus_sign.json["genres"].is_array() && plus_sign.json["tags"].is_array());
    let unknown = mb(&sandbox, "/ws/2/recording/00000000-0000-4000-8000-000000000000?fmt=json").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn releases_name_the_album_label_mostly() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let known = known_tracks(&sandbox, 150, 13).await;
    let (mut with_label, mut releases_seen) = (0, 0);
    for (position, recordings) in &known {
        let album = &catalog.albums[catalog.tracks[*position].album];
        let mbid = recordings[0]["id"].as_str().unwrap();
        let answer = mb(&sandbox, &format!("/ws/2/release?recording={mbid}&inc=labels&fmt=json")).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let releases = answer.json["releases"].as_array().expect("releases");
        assert_eq!(answer.json["release-count"].as_u64(), Some(releases.len() as u64));
        assert_eq!(answer.json["release-offset"], 0);
        for release in releases {
            releases_seen += 1;
            let info = release["label-info"].as_array().expect("label-info with inc=labels");
            if let Some(first) = info.first() {
                with_label += 1;
                assert_eq!(first["label"]["name"], album.label.as_str());
                assert!(first["label"]["id"].is_string() && first["catalog-number"].is_string());
            }
        }
    }
    let share = f64::from(with_label) / f64::from(releases_seen);
    assert!((0.7..0.9).contains(&share), "about 80 % labelled: {share}");
    let missing = mb(&sandbox, "/ws/2/release?inc=labels&fmt=json").await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn answers_are_the_same_for_the_same_seed() {
    let (first, second) = (start_unlimited().await, start_unlimited().await);
    for (_, recordings) in known_tracks(&first, 10, 1).await {
        let mbid = recordings[0]["id"].as_str().unwrap();
        for path in [
            format!("/ws/2/recording/{mbid}?inc=genres+tags+artist-credits&fmt=json"),
            format!("/ws/2/release?recording={mbid}&inc=labels&fmt=json"),
        ] {
            assert_eq!(mb(&first, &path).await.json, mb(&second, &path).await.json, "{path}");
        }
    }
}

#[tokio::test]
async fn more_than_one_request_a_second_answers_503() {
    let sandbox = start_with(ProviderSettings::default()).await;
    let isrc = sandbox.control().catalog().tracks[0].isrc.clone();
    let path = format!("/ws/2/isrc/{isrc}?fmt=json");
    assert_ne!(mb(&sandbox, &path).await.status, StatusCode::SERVICE_UNAVAILABLE);
    let limited = mb(&sandbox, &path).await;
    assert_eq!(limited.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        limited.json["error"].as_str().unwrap().starts_with("Your requests are exceeding the allowable rate limit")
    );
    sandbox.control().advance_clock(Duration::from_secs(1));
    assert_ne!(mb(&sandbox, &path).await.status, StatusCode::SERVICE_UNAVAILABLE);

    let anonymous = fetch_as(&sandbox, Provider::MusicBrainz, &path, None).await;
    assert_eq!(anonymous.status, StatusCode::FORBIDDEN, "the User-Agent rule comes before the rate limit");

    sandbox.control().set_provider_settings(ProviderSettings::unlimited());
    sandbox.control().fail_provider_requests(Provider::MusicBrainz, 2);
    assert_eq!(mb(&sandbox, &path).await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(mb(&sandbox, &path).await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(sandbox.control().pending_provider_failures(Provider::MusicBrainz), 0);
    assert_ne!(mb(&sandbox, &path).await.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn provider_knobs_are_adjustable_over_the_admin_api() {
    let sandbox = start_unlimited().await;
    let admin = format!("{}sandbox/admin/providers", sandbox.base_url());
    let knobs =
        serde_json::json!({ "musicbrainz": { "rate_budget": { "requests": 2, "per_secs": 10 }, "delay_ms": 20 } });
    let answer: Value = http().put(&admin).json(&knobs).send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["musicbrainz"]["rate_budget"]["requests"], 2);
    let settings = sandbox.control().provider_settings();
    assert_eq!(settings.musicbrainz.delay_ms, 20);
    let isrc = sandbox.control().catalog().tracks[0].isrc.clone();
    let path = format!("/ws/2/isrc/{isrc}?fmt=json");
    let started = std::time::Instant::now();
    for _ in 0..2 {
        assert_ne!(mb(&sandbox, &path).await.status, StatusCode::SERVICE_UNAVAILABLE);
    }
    assert!(started.elapsed() >= Duration::from_millis(40), "answers are delayed");
    assert_eq!(mb(&sandbox, &path).await.status, StatusCode::SERVICE_UNAVAILABLE);
    let unknown =
        http().post(format!("{admin}/napster/failures")).json(&serde_json::json!({ "count": 1 })).send().await;
    assert_eq!(unknown.unwrap().status(), StatusCode::NOT_FOUND);
    let chart_source = http().post(format!("{admin}/lastfm/failures")).json(&serde_json::json!({ "count": 1 })).send();
    assert_eq!(chart_source.await.unwrap().status(), StatusCode::NO_CONTENT);
}
