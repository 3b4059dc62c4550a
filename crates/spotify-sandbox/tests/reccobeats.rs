//! The ReccoBeats emulation: row shapes, omission of unknown ids and matching back through `href`, the 40-id
//! limit, determinism, agreement with the catalog and ReccoBeats' own distortions, track objects, and the 429.

mod provider_support;

use std::collections::BTreeMap;

use crossfade_spotify_sandbox::{Provider, ProviderSettings, RateBudget, RunningSandbox};
use provider_support::*;
use reqwest::StatusCode;
use serde_json::Value;

const FEATURES: [&str; 9] = [
    "acousticness",
    "danceability",
    "energy",
    "instrumentalness",
    "liveness",
    "loudness",
    "speechiness",
    "tempo",
    "valence",
];

async fn features(sandbox: &RunningSandbox, ids: &[String]) -> Vec<Value> {
    let answer = fetch(sandbox, Provider::ReccoBeats, &format!("/v1/audio-features?ids={}", ids.join(","))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json["content"].as_array().cloned().expect("content")
}

/// Every known track's row, keyed by the Spotify id taken from `href`.
async fn all_rows(sandbox: &RunningSandbox) -> BTreeMap<String, Value> {
    let ids: Vec<String> = sandbox.control().catalog().tracks.iter().map(|t| t.id.clone()).collect();
    let mut rows = BTreeMap::new();
    for chunk in ids.chunks(40) {
        for row in features(sandbox, chunk).await {
            let href = row["href"].as_str().expect("href");
            let id = href.strip_prefix("https://open.spotify.com/track/").expect("a Spotify track link").to_owned();
            rows.insert(id, row);
        }
    }
    rows
}

#[tokio::test]
async fn rows_have_every_field_and_unknown_ids_are_left_out() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let ids: Vec<String> = catalog.tracks[..40].iter().map(|t| t.id.clone()).collect();
    let rows = features(&sandbox, &ids).await;
    assert!(rows.len() < 40 && rows.len() >= 28, "about 87 % known: {}", rows.len());
    let mut previous = 0;
    for row in &rows {
        let object = row.as_object().expect("object");
        for field in FEATURES.iter().chain(&["id", "href", "isrc", "key", "mode"]) {
            assert!(object.contains_key(*field), "{field} missing: {row}");
        }
        assert!(!object.contains_key("time_signature"), "{row}");
        assert_eq!(object.len(), 14, "{row}");
        let spotify_id = row["href"].as_str().unwrap().rsplit('/').next().unwrap();
        let position = ids.iter().position(|id| id == spotify_id).expect("href names a requested track");
        assert!(position >= previous, "rows keep the request order");
        previous = position;
        let track = &catalog.tracks[catalog.track_index(spotify_id).unwrap()];
        assert_eq!(row["isrc"], track.isrc.as_str());
        let id = row["id"].as_str().unwrap();
        assert!(id.len() == 36 && id.as_bytes()[14] == b'4' && id != spotify_id, "a UUID of its own: {id}");
    }

    let repeated: String = ids.iter().map(|id| format!("ids={id}")).collect::<Vec<_>>().join("&");
    let answer = fetch(&sandbox, Provider::ReccoBeats, &format!("/v1/audio-features?{repeated}")).await;
    assert_eq!(answer.json["content"].as_array(), Some(&rows), "repeated ids= is the same request");

    let by_uuid = features(&sandbox, &[rows[0]["id"].as_str().unwrap().to_owned()]).await;
    assert_eq!(by_uuid, vec![rows[0].clone()], "ReccoBeats' own ids work too");

    let missing = ["0000000000000000000000", "not-an-id"];
    let answer = fetch(&sandbox, Provider::ReccoBeats, &format!("/v1/audio-features?ids={}", missing.join(","))).await;
    assert_eq!((answer.status, answer.json), (StatusCode::OK, serde_json::json!({ "content": [] })));
}

#[tokio::test]
async fn forty_ids_at_most_and_at_least_one() {
    let sandbox = start_unlimited().await;
    let ids: Vec<String> = sandbox.control().catalog().tracks[..41].iter().map(|t| t.id.clone()).collect();
    let size_error = serde_json::json!({ "status": 4004, "errors": [{ "message": "size must be between 1 and 40" }] });
    for query in [format!("ids={}", ids.join(",")), "ids=".to_owned(), String::new()] {
        let answer = fetch(&sandbox, Provider::ReccoBeats, &format!("/v1/audio-features?{query}")).await;
        assert_eq!((answer.status, &answer.json), (StatusCode::BAD_REQUEST, &size_error), "{query}");
        let answer = fetch(&sandbox, Provider::ReccoBeats, &format!("/v1/track?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
    }
    assert!(!features(&sandbox, &ids[..40]).await.is_empty(), "exactly 40 is allowed");
}

#[tokio::test]
async fn features_follow_the_catalog_with_reccobeats_own_distortions() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let rows = all_rows(&sandbox).await;
    let known = rows.len() as f64 / catalog.tracks.len() as f64;
    assert!((0.84..0.90).contains(&known), "known share {known}");

    let column = |name: &str| -> (Vec<f64>, Vec<f64>) {
        rows.iter()
            .map(|(id, row)| {
                let f = &catalog.tracks[catalog.track_index(id).unwrap()].features;
                let truth = match name {
                    "danceability" => f.danceability,
                    "energy" => f.energy,
                    "valence" => f.valence,
                    "loudness" => f.loudness,
                    "acousticness" => f.acousticness,
                    _ => f.tempo,
                };
                (truth, row[name].as_f64().unwrap())
            })
            .unzip()
    };
    for name in ["danceability", "energy", "valence", "loudness", "acousticness"] {
        let (truth, reported) = column(name);
        let r = correlation(&truth, &reported);
        assert!(r > 0.9, "{name}: correlation {r}");
    }
    let (truth, reported) = column("danceability");
    let shift = mean(&reported) - mean(&truth);
    assert!((0.04..0.12).contains(&shift), "danceability stretched upwards: {shift}");
    let (truth, reported) = column("valence");
    let ratio = std_dev(&reported) / std_dev(&truth);
    assert!((0.65..0.85).contains(&ratio), "valence compressed: {ratio}");
    let (truth, reported) = column("tempo");
    let octave_errors = truth
        .iter()
        .zip(&reported)
        .filter(|(t, r)| ((*r / *t) - 0.5).abs() < 0.03 || ((*r / *t) - 2.0).abs() < 0.06)
        .count() as f64
        / truth.len() as f64;
    assert!((0.005..0.08).contains(&octave_errors), "half and double time: {octave_errors}");

    for row in rows.values() {
        for name in FEATURES {
            let value = row[name].as_f64().unwrap();
            let valid = match name {
                "loudness" => (-60.0..=0.0).contains(&value),
                "tempo" => (0.0..=250.0).contains(&value),
                _ => (0.0..=1.0).contains(&value),
            };
            assert!(valid, "{name} = {value}");
        }
        assert!((-1..=11).contains(&row["key"].as_i64().unwrap()) && row["mode"].as_u64().unwrap() <= 1);
        let danceability = row["danceability"].as_f64().unwrap();
        assert_eq!((danceability * 1000.0).round() / 1000.0, danceability, "three decimals like Spotify");
    }
}

#[tokio::test]
async fn answers_are_the_same_for_the_same_seed() {
    let (first, second) = (start_unlimited().await, start_unlimited().await);
    let ids: Vec<String> = first.control().catalog().tracks[100..140].iter().map(|t| t.id.clone()).collect();
    assert_eq!(features(&first, &ids).await, features(&second, &ids).await);
    let path = format!("/v1/track?ids={}", ids.join(","));
    assert_eq!(
        fetch(&first, Provider::ReccoBeats, &path).await.json,
        fetch(&second, Provider::ReccoBeats, &path).await.json
    );
}

#[tokio::test]
async fn track_objects_cover_the_same_known_tracks() {
    let sandbox = start_unlimited().await;
    let catalog = sandbox.control().catalog();
    let ids: Vec<String> = catalog.tracks[..40].iter().map(|t| t.id.clone()).collect();
    let rows = features(&sandbox, &ids).await;
    let answer = fetch(&sandbox, Provider::ReccoBeats, &format!("/v1/track?ids={}", ids.join(","))).await;
    let tracks = answer.json["content"].as_array().expect("content").clone();
    assert_eq!(tracks.len(), rows.len());
    let fields =
        ["id", "trackTitle", "artists", "durationMs", "isrc", "ean", "upc", "href", "availableCountries", "popularity"];
    for (track, row) in tracks.iter().zip(&rows) {
        for field in fields {
            assert!(track.get(field).is_some(), "{field} missing: {track}");
        }
        assert_eq!((&track["id"], &track["href"]), (&row["id"], &row["href"]));
        let spotify_id = track["href"].as_str().unwrap().rsplit('/').next().unwrap();
        let catalog_track = &catalog.tracks[catalog.track_index(spotify_id).unwrap()];
        assert_eq!(track["trackTitle"], catalog_track.name.as_str());
        assert_eq!(track["durationMs"], catalog_track.duration_ms);
        assert_eq!(track["upc"], catalog.albums[catalog_track.album].upc.as_str());
        let artist = &track["artists"][0];
        assert!(artist["id"].is_string() && artist["name"].is_string(), "{artist}");
        assert!(artist["href"].as_str().unwrap().starts_with("https://open.spotify.com/artist/"));
    }
}

#[tokio::test]
async fn over_budget_or_failing_answers_429_with_retry_after() {
    let mut settings = ProviderSettings::unlimited();
    settings.reccobeats.rate_budget = Some(RateBudget { requests: 3, per_secs: 60 });
    let sandbox = start_with(settings).await;
    let id = sandbox.control().catalog().tracks[0].id.clone();
    let path = format!("/v1/audio-features?ids={id}");
    for _ in 0..3 {
        assert_eq!(fetch(&sandbox, Provider::ReccoBeats, &path).await.status, StatusCode::OK);
    }
    let limited = fetch(&sandbox, Provider::ReccoBeats, &path).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    sandbox.control().advance_clock(std::time::Duration::from_secs(retry_after));
    assert_eq!(fetch(&sandbox, Provider::ReccoBeats, &path).await.status, StatusCode::OK);

    sandbox.control().set_provider_settings(ProviderSettings::unlimited());
    sandbox.control().fail_provider_requests(Provider::ReccoBeats, 2);
    for _ in 0..2 {
        let failed = fetch(&sandbox, Provider::ReccoBeats, &path).await;
        assert_eq!(failed.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(failed.headers.contains_key("retry-after"));
    }
    assert_eq!(fetch(&sandbox, Provider::ReccoBeats, &path).await.status, StatusCode::OK);
    assert_eq!(sandbox.control().counters()["GET /reccobeats/v1/audio-features"], 8, "provider requests are counted");
}
