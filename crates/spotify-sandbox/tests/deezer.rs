//! The Deezer emulation: full track and album shapes, "no data" with 200 on ISRC lookups and 404 on ids, the
//! share of unknown BPMs, gain and labels consistent with the catalog, search, and the quota error sent with 200.

mod provider_support;

use crossfade_spotify_sandbox::{Provider, ProviderSettings, RateBudget, RunningSandbox};
use provider_support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const DEEZER_GENRES: [&str; 20] = [
    "Pop",
    "Rap/Hip Hop",
    "Rock",
    "Dance",
    "Electro",
    "R&B",
    "Alternative",
    "Jazz",
    "Classical",
    "Reggae",
    "Latin Music",
    "Soul & Funk",
    "Metal",
    "Folk",
    "Country",
    "Films/Games",
    "African Music",
    "Brazilian Music",
    "Blues",
    "World",
];

async fn by_isrc(sandbox: &RunningSandbox, isrc: &str) -> Answer {
    fetch(sandbox, Provider::Deezer, &format!("/track/isrc:{isrc}")).await
}

fn no_data() -> Value {
    json!({ "error": { "type": "DataException", "message": "no data", "code": 800 } })
}

/// Lower case without a trailing "records": how a client compares label spellings.
fn normalised(label: &str) -> String {
    let lower = label.to_lowercase();
    lower.strip_suffix(" records").unwrap_or(&lower).trim().to_owned()
}

#[tokio::test]
async fn tracks_and_albums_have_every_field() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let mut checked = 0;
    for track in catalog.tracks.iter().take(30) {
        let answer = by_isrc(&sandbox, &track.isrc).await;
        assert_eq!(answer.status, StatusCode::OK);
        if answer.json.get("error").is_some() {
            assert_eq!(answer.json, no_data());
            continue;
        }
        let body = &answer.json;
        for field in [
            "id",
            "title",
            "isrc",
            "duration",
            "track_position",
            "disk_number",
            "rank",
            "release_date",
            "explicit_lyrics",
            "bpm",
            "gain",
            "contributors",
            "artist",
            "album",
            "type",
        ] {
            assert!(body.get(field).is_some(), "{field} missing: {body}");
        }
        assert_eq!(
            (body["title"].as_str(), body["isrc"].as_str()),
            (Some(track.name.as_str()), Some(track.isrc.as_str()))
        );
        assert_eq!(body["duration"].as_u64(), Some(u64::from((track.duration_ms + 500) / 1000)));
        assert_eq!(body["contributors"][0]["role"], "Main");
        assert_eq!(body["artist"]["name"], catalog.artists[track.artists[0]].name.as_str());
        for field in ["id", "title", "release_date", "type"] {
            assert!(body["album"].get(field).is_some(), "album.{field} missing: {body}");
        }

        let id = body["id"].as_u64().expect("integer id");
        let again = fetch(&sandbox, Provider::Deezer, &format!("/track/{id}")).await;
        assert_eq!(&again.json, body, "/track/{{id}} answers the same track");

        let album_id = body["album"]["id"].as_u64().expect("integer album id");
        let album = fetch(&sandbox, Provider::Deezer, &format!("/album/{album_id}")).await;
        assert_eq!(album.status, StatusCode::OK);
        for field in ["id", "title", "upc", "genre_id", "genres", "label", "release_date", "tracks", "record_type"] {
            assert!(album.json.get(field).is_some(), "album {field} missing: {}", album.json);
        }
        let catalog_album = &catalog.albums[track.album];
        assert_eq!(album.json["upc"], catalog_album.upc.as_str());
        let genres = album.json["genres"]["data"].as_array().expect("genres");
        assert!((1..=2).contains(&genres.len()));
        assert_eq!(genres[0]["id"], album.json["genre_id"]);
        for genre in genres {
            assert_eq!(genre["type"], "genre");
            assert!(DEEZER_GENRES.contains(&genre["name"].as_str().unwrap()), "{genre}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "most ISRCs are known: {checked}");
}

#[tokio::test]
async fn misses_say_no_data_with_200_on_isrc_and_404_on_ids() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let answer = by_isrc(&sandbox, "ZZZZZ9999999").await;
    assert_eq!((answer.status, answer.json), (StatusCode::OK, no_data()));
    let mut unknown = 0;
    for track in catalog.tracks.iter().take(400) {
        if by_isrc(&sandbox, &track.isrc).await.json == no_data() {
            unknown += 1;
        }
    }
    assert!((20..=65).contains(&unknown), "about a tenth unknown: {unknown} of 400");
    for path in ["/track/1", "/album/1", "/track/abc", "/album/isrc:x"] {
        let answer = fetch(&sandbox, Provider::Deezer, path).await;
        assert_eq!((answer.status, answer.json), (StatusCode::NOT_FOUND, no_data()), "{path}");
    }
}

#[tokio::test]
async fn bpm_gain_and_labels_derive_from_the_catalog() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let (mut zero_bpm, mut known, mut respelled) = (0, 0, 0);
    for track in catalog.tracks.iter().step_by(4) {
        let body = by_isrc(&sandbox, &track.isrc).await.json;
        if body.get("error").is_some() {
            continue;
        }
        known += 1;
        let bpm = body["bpm"].as_f64().unwrap();
        if bpm == 0.0 {
            zero_bpm += 1;
        } else {
            assert!((bpm - track.features.tempo).abs() < 3.0, "bpm {bpm} vs tempo {}", track.features.tempo);
        }
        let gain = body["gain"].as_f64().unwrap();
        assert!((gain - (-18.0 - track.features.loudness)).abs() < 3.5, "gain {gain} vs {}", track.features.loudness);
        if known <= 150 {
            let album = fetch(&sandbox, Provider::Deezer, &format!("/album/{}", body["album"]["id"])).await.json;
            let label = album["label"].as_str().unwrap();
            let catalog_label = &catalog.albums[track.album].label;
            assert_eq!(normalised(label), normalised(catalog_label), "{label} vs {catalog_label}");
            respelled += usize::from(label != catalog_label);
        }
    }
    let share = f64::from(zero_bpm) / f64::from(known);
    assert!((0.24..0.36).contains(&share), "about 30 % unknown BPM: {share}");
    assert!((1..=40).contains(&respelled), "some labels spelled differently: {respelled}");
}

#[tokio::test]
async fn answers_are_the_same_for_the_same_seed() {
    let (first, second) = (start_unlimited().await, start_unlimited().await);
    for track in first.control().catalog().tracks.iter().take(10) {
        let (a, b) = (by_isrc(&first, &track.isrc).await.json, by_isrc(&second, &track.isrc).await.json);
        assert_eq!(a, b);
        if let Some(album) = a["album"]["id"].as_u64() {
            let path = format!("/album/{album}");
            assert_eq!(
                fetch(&first, Provider::Deezer, &path).await.json,
                fetch(&second, Provider::Deezer, &path).await.json
            );
        }
    }
}

#[tokio::test]
async fn search_finds_tracks_without_bpm() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let mut known = None;
    for track in &catalog.tracks {
        if by_isrc(&sandbox, &track.isrc).await.json.get("error").is_none() {
            known = Some(track);
            break;
        }
    }
    let track = known.expect("a known track");
    let artist = &catalog.artists[track.artists[0]].name;
    let query = format!("artist:\"{artist}\" track:\"{}\"", track.name);
    let url = format!("{}/search?{}", sandbox.provider_base_url(Provider::Deezer), encode("q", &query));
    let body: Value = http().get(url).send().await.unwrap().json().await.unwrap();
    let data = body["data"].as_array().expect("data");
    assert!(data.iter().any(|hit| hit["title"] == track.name.as_str()), "{body}");
    assert!(data.iter().all(|hit| hit.get("bpm").is_none() && hit["artist"]["name"] == artist.as_str()));
    assert_eq!(body["total"].as_u64(), Some(data.len() as u64));

    let url = format!("{}/search?{}&limit=2", sandbox.provider_base_url(Provider::Deezer), encode("q", "the"));
    let first: Value = http().get(url).send().await.unwrap().json().await.unwrap();
    let next = first["next"].as_str().expect("more than one page");
    let second: Value = http().get(next).send().await.unwrap().json().await.unwrap();
    assert_eq!(second["data"].as_array().map(Vec::len), Some(2));
    assert_ne!(first["data"][0]["id"], second["data"][0]["id"]);
}

fn encode(name: &str, value: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new()).append_pair(name, value).finish()
}

#[tokio::test]
async fn over_quota_answers_200_with_error_code_4() {
    let mut settings = ProviderSettings::unlimited();
    settings.deezer.rate_budget = Some(RateBudget { requests: 50, per_secs: 5 });
    let sandbox = start_with(settings).await;
    let isrc = sandbox.control().catalog().tracks[0].isrc.clone();
    for _ in 0..50 {
        let answer = by_isrc(&sandbox, &isrc).await;
        assert!(answer.json["error"]["code"] != 4, "within the quota: {}", answer.json);
    }
    let quota = json!({ "error": { "type": "Exception", "message": "Quota limit exceeded", "code": 4 } });
    let limited = by_isrc(&sandbox, &isrc).await;
    assert_eq!((limited.status, &limited.json), (StatusCode::OK, &quota));
    assert!(!limited.headers.contains_key("retry-after"));
    sandbox.control().advance_clock(std::time::Duration::from_secs(5));
    assert_ne!(by_isrc(&sandbox, &isrc).await.json, quota, "the window moved on");

    let admin = format!("{}sandbox/admin/providers/deezer/failures", sandbox.base_url());
    let response = http().post(admin).json(&json!({ "count": 1 })).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(by_isrc(&sandbox, &isrc).await.json, quota, "an injected quota error");
    assert_ne!(by_isrc(&sandbox, &isrc).await.json, quota);
}
