//! The Beatport emulation: the client-credentials token and the 401s, a week's releases paged with scheme-less
//! `next` links, the v4 track shape, the kinds' shares and what Spotify finds of each kind, charts and labels,
//! identical answers from the same seed, and Beatport's throttling answer.

mod provider_support;

use std::collections::BTreeSet;
use std::time::Duration;

use crossfade_spotify_sandbox::{
    BeatportRelease, BeatportReleaseKind, Provider, ProviderSettings, RateBudget, RunningSandbox, SandboxConfig, start,
};
use provider_support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::macros::{date, datetime};

/// The week the test worlds are in: Monday 2026-11-30 to Sunday 2026-12-06.
const WEEK: &str = "2026-11-30:2026-12-06";

/// The small world, its clock on Wednesday 2026-12-02, with the given provider knobs.
async fn sandbox_with(providers: ProviderSettings) -> RunningSandbox {
    let config = SandboxConfig { providers, start_time: Some(datetime!(2026-12-02 12:00 UTC)), ..small_config() };
    start(config, loopback()).await.expect("sandbox starts")
}

async fn sandbox() -> RunningSandbox {
    sandbox_with(ProviderSettings::unlimited()).await
}

fn base(sandbox: &RunningSandbox) -> String {
    sandbox.provider_base_url(Provider::Beatport).to_string()
}

async fn answer(response: reqwest::Response) -> Answer {
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, headers, text, json }
}

async fn request_token(sandbox: &RunningSandbox, form: &[(&str, &str)]) -> Answer {
    let url = format!("{}/v4/auth/o/token/", base(sandbox));
    answer(http().post(url).form(form).send().await.expect("request")).await
}

async fn token(sandbox: &RunningSandbox) -> String {
    let form = [("grant_type", "client_credentials"), ("client_id", "crossfade"), ("client_secret", "s3cret")];
    let answer = request_token(sandbox, &form).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json["access_token"].as_str().expect("access token").to_owned()
}

/// `GET {beatport}{path}` with the bearer token, if any.
async fn get(sandbox: &RunningSandbox, token: Option<&str>, path: &str) -> Answer {
    let mut request = http().get(format!("{}{path}", base(sandbox)));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    answer(request.send().await.expect("request")).await
}

/// Every result of a paged list, following `next` (path and query applied to our own base URL) to the end; also
/// the first page.
async fn walk(sandbox: &RunningSandbox, token: &str, path: &str) -> (Vec<Value>, Value) {
    let first = get(sandbox, Some(token), path).await;
    assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.text);
    let mut page = first.json.clone();
    let mut results = Vec::new();
    loop {
        results.extend(page["results"].as_array().expect("results").iter().cloned());
        let Some(next) = page["next"].as_str() else { break };
        assert!(next.starts_with("api-internal.beatportprod.com/v4/"), "no scheme, Beatport's host: {next}");
        let path_and_query = &next[next.find('/').expect("a path")..];
        let answer = get(sandbox, Some(token), path_and_query).await;
        assert_eq!(answer.status, StatusCode::OK, "{next}: {}", answer.text);
        page = answer.json;
    }
    (results, first.json)
}

fn week_releases(sandbox: &RunningSandbox) -> Vec<BeatportRelease> {
    let control = sandbox.control();
    let week = control.beatport_current_week();
    [11, 5, 6, 90, 1, 89, 96, 39].into_iter().flat_map(|genre| control.beatport_week(genre, week)).collect()
}

/// A Web API search for tracks; returns the ids found.
async fn spotify_search(sandbox: &RunningSandbox, spotify_token: &str, q: &str) -> Vec<String> {
    let mut url = sandbox.api_base_url().join("search").expect("url");
    url.query_pairs_mut().append_pair("q", q).append_pair("type", "track");
    let body: Value = http().get(url).bearer_auth(spotify_token).send().await.unwrap().json().await.unwrap();
    let items = body["tracks"]["items"].as_array().cloned().unwrap_or_default();
    items.iter().filter_map(|item| item["id"].as_str().map(str::to_owned)).collect()
}

/// A Web API token; an unknown client id is registered on the fly.
fn spotify_token(sandbox: &RunningSandbox) -> String {
    sandbox.control().grant("tessa", "release-matcher", &[]).expect("grant").access_token
}

#[tokio::test]
async fn client_credentials_give_a_token_the_catalog_asks_for() {
    let sandbox = sandbox().await;
    let form = [("grant_type", "client_credentials"), ("client_id", "crossfade"), ("client_secret", "s3cret")];
    let granted = request_token(&sandbox, &form).await;
    assert_eq!(granted.status, StatusCode::OK);
    assert_eq!(granted.json["expires_in"], 36_000);
    assert_eq!((&granted.json["token_type"], &granted.json["scope"]), (&json!("Bearer"), &json!("app:locker user:dj")));

    let wrong_grant =
        request_token(&sandbox, &[("grant_type", "password"), ("client_id", "a"), ("client_secret", "b")]);
    let wrong_grant = wrong_grant.await;
    assert_eq!(
        (wrong_grant.status, wrong_grant.json),
        (StatusCode::BAD_REQUEST, json!({ "error": "unsupported_grant_type" }))
    );
    let no_client = request_token(&sandbox, &[("grant_type", "client_credentials"), ("client_id", "crossfade")]).await;
    assert_eq!((no_client.status, no_client.json), (StatusCode::UNAUTHORIZED, json!({ "error": "invalid_client" })));
    let url = format!("{}/v4/auth/o/token/", base(&sandbox));
    let basic = http().post(url).basic_auth("crossfade", Some("s3cret")).form(&[("grant_type", "client_credentials")]);
    assert_eq!(basic.send().await.unwrap().status(), StatusCode::OK, "HTTP Basic client authentication");

    let anonymous = get(&sandbox, None, "/v4/catalog/genres/").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.json, json!({ "detail": "Authentication credentials were not provided." }));
    assert!(anonymous.headers.contains_key("www-authenticate"));
    let unknown = get(&sandbox, Some("not-issued-here"), "/v4/catalog/tracks/").await;
    assert_eq!((unknown.status, unknown.json), (StatusCode::UNAUTHORIZED, json!({ "detail": "Invalid token." })));

    let token = granted.json["access_token"].as_str().unwrap();
    let genres = get(&sandbox, Some(token), "/v4/catalog/genres/").await;
    assert_eq!(genres.status, StatusCode::OK);
    let slugs: Vec<&str> =
        genres.json["results"].as_array().unwrap().iter().filter_map(|g| g["slug"].as_str()).collect();
    assert_eq!(
        slugs,
        [
            "tech-house",
            "house",
            "techno-peak-time-driving",
            "melodic-house-techno",
            "drum-bass",
            "afro-house",
            "mainstage",
            "dance-pop"
        ]
    );
    assert_eq!(
        genres.json["results"][2],
        json!({ "id": 6, "name": "Techno (Peak Time / Driving)", "slug": "techno-peak-time-driving" })
    );

    sandbox.control().advance_clock(Duration::from_secs(36_001));
    let expired = get(&sandbox, Some(token), "/v4/catalog/genres/").await;
    assert_eq!((expired.status, expired.json), (StatusCode::UNAUTHORIZED, json!({ "detail": "Invalid token." })));
}

#[tokio::test]
async fn a_weeks_releases_page_to_their_count_in_the_v4_shape() {
    let sandbox = sandbox().await;
    let token = token(&sandbox).await;
    assert_eq!(sandbox.control().beatport_current_week(), date!(2026 - 11 - 30));
    let path = format!("/v4/catalog/tracks/?genre_id=39&publish_date={WEEK}&page=1&per_page=10");
    let (tracks, first) = walk(&sandbox, &token, &path).await;
    let count = first["count"].as_u64().expect("count") as usize;
    assert!(count > 20, "a few dozen releases: {count}");
    assert_eq!(tracks.len(), count);
    assert_eq!(first["per_page"], 10);
    assert_eq!(first["page"], format!("1/{}", count.div_ceil(10)));
    assert_eq!(first["previous"], Value::Null);
    let ids: BTreeSet<u64> = tracks.iter().filter_map(|t| t["id"].as_u64()).collect();
    assert_eq!(ids.len(), count, "no track twice across pages");
    let truth: BTreeSet<u64> =
        sandbox.control().beatport_week(39, date!(2026 - 12 - 02)).iter().map(|r| r.track_id).collect();
    assert_eq!(ids, truth, "the ground truth names exactly the listed tracks");

    let fields: BTreeSet<&str> = [
        "id",
        "name",
        "mix_name",
        "isrc",
        "bpm",
        "key",
        "genre",
        "sub_genre",
        "artists",
        "remixers",
        "release",
        "catalog_number",
        "new_release_date",
        "publish_date",
        "length_ms",
        "slug",
        "is_hype",
    ]
    .into();
    let mut dates = Vec::new();
    for track in &tracks {
        let keys: BTreeSet<&str> = track.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, fields, "{track}");
        assert_eq!(track["genre"], json!({ "id": 39, "name": "Dance / Pop", "slug": "dance-pop" }));
        assert_eq!((&track["sub_genre"], &track["remixers"]), (&Value::Null, &json!([])));
        assert!(track["id"].as_u64().is_some_and(|id| (10_000_000..100_000_000).contains(&id)), "8 digits");
        assert!(track["release"]["id"].as_u64().is_some_and(|id| (1_000_000..10_000_000).contains(&id)), "7 digits");
        assert!(track["release"]["label"]["id"].as_u64().is_some() && track["release"]["label"]["name"].is_string());
        assert!(track["bpm"].is_u64() && track["length_ms"].is_u64() && track["is_hype"].is_boolean());
        let key = &track["key"];
        assert!(key["name"].as_str().is_some_and(|n| n.ends_with(" Major") || n.ends_with(" Minor")), "{key}");
        assert!(key["camelot_number"].as_u64().is_some_and(|n| (1..=12).contains(&n)));
        let letter = key["camelot_letter"].as_str().unwrap();
        assert_eq!(letter == "B", key["name"].as_str().unwrap().ends_with("Major"));
        for artist in track["artists"].as_array().unwrap() {
            assert!(artist["id"].is_u64() && artist["name"].is_string() && artist["slug"].is_string());
        }
        assert_eq!(track["publish_date"], track["new_release_date"]);
        let date = track["publish_date"].as_str().unwrap().to_owned();
        assert!(("2026-11-30"..="2026-12-06").contains(&date.as_str()), "{date}");
        dates.push(date);
    }
    assert!(dates.windows(2).all(|pair| pair[0] >= pair[1]), "newest first by default");

    let one = &tracks[0];
    let detail = get(&sandbox, Some(&token), &format!("/v4/catalog/tracks/{}/", one["id"])).await;
    assert_eq!((detail.status, &detail.json), (StatusCode::OK, one));
    let missing = get(&sandbox, Some(&token), "/v4/catalog/tracks/12345/").await;
    assert_eq!((missing.status, missing.json), (StatusCode::NOT_FOUND, json!({ "detail": "Not found." })));
    let past_the_end =
        get(&sandbox, Some(&token), &format!("/v4/catalog/tracks/?genre_id=39&publish_date={WEEK}&page=99")).await;
    assert_eq!(past_the_end.json, json!({ "detail": "Invalid page." }));
    let big = get(&sandbox, Some(&token), &format!("/v4/catalog/tracks/?publish_date={WEEK}&per_page=500")).await;
    assert_eq!(big.json["per_page"], 100, "per_page above 100 is cut to 100");
    let bad = get(&sandbox, Some(&token), "/v4/catalog/tracks/?publish_date=yesterday").await;
    assert_eq!(
        (bad.status, bad.json),
        (StatusCode::BAD_REQUEST, json!({ "publish_date": ["Enter a valid date range."] }))
    );
    let by_release_date =
        get(&sandbox, Some(&token), &format!("/v4/catalog/tracks/?genre_id=39&new_release_date={WEEK}")).await;
    assert_eq!(by_release_date.json["count"].as_u64(), Some(count as u64));
    let next_week = get(&sandbox, Some(&token), "/v4/catalog/tracks/?publish_date=2026-12-07:2026-12-13").await;
    assert_eq!(next_week.json["count"], 0, "next week is not out yet");
}

#[tokio::test]
async fn the_kinds_come_in_their_shares_and_spotify_finds_what_it_should() {
    let sandbox = sandbox().await;
    let token = token(&sandbox).await;
    let spotify = spotify_token(&sandbox);
    let releases = week_releases(&sandbox);
    let share = |kind| releases.iter().filter(|r| r.kind == kind).count() as f64 / releases.len() as f64;
    assert!(releases.len() > 150, "{}", releases.len());
    assert!((0.68..0.82).contains(&share(BeatportReleaseKind::KnownIsrc)), "{}", share(BeatportReleaseKind::KnownIsrc));
    for (kind, low, high) in [
        (BeatportReleaseKind::MissingIsrc, 0.05, 0.11),
        (BeatportReleaseKind::UnknownIsrc, 0.04, 0.10),
        (BeatportReleaseKind::ExtraVersion, 0.03, 0.08),
        (BeatportReleaseKind::Exclusive, 0.03, 0.08),
    ] {
        assert!((low..high).contains(&share(kind)), "{kind:?}: {}", share(kind));
    }

    let catalog = sandbox.control().catalog();
    for release in &releases {
        let track = get(&sandbox, Some(&token), &format!("/v4/catalog/tracks/{}/", release.track_id)).await.json;
        assert_eq!(track["publish_date"], release.publish_date.to_string());
        assert_eq!(track["genre"]["id"], release.genre_id);
        let spotify_track = release.spotify_track_id.as_deref().and_then(|id| catalog.track_index(id));
        match release.kind {
            BeatportReleaseKind::KnownIsrc => {
                let isrc = track["isrc"].as_str().expect("an ISRC");
                let found = spotify_search(&sandbox, &spotify, &format!("isrc:{isrc}")).await;
                assert!(found.contains(release.spotify_track_id.as_ref().unwrap()), "{isrc}: {found:?}");
                let original = &catalog.tracks[spotify_track.expect("a catalog track")];
                assert_eq!(
                    (track["name"].as_str(), track["mix_name"].as_str()),
                    (Some(original.name.as_str()), Some("Original Mix"))
                );
                assert_eq!(track["bpm"].as_u64(), Some(original.features.tempo.round() as u64));
                let length = track["length_ms"].as_i64().unwrap();
                assert!((length - i64::from(original.duration_ms)).abs() <= 1_000);
                let album = &catalog.albums[original.album];
                assert_eq!(
                    (track["release"]["name"].as_str(), track["release"]["label"]["name"].as_str()),
                    (Some(album.name.as_str()), Some(album.label.as_str()))
                );
                let artists: Vec<&str> =
                    track["artists"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str()).collect();
                let catalog_artists: Vec<&str> =
                    original.artists.iter().map(|a| catalog.artists[*a].name.as_str()).collect();
                assert_eq!(artists, catalog_artists);
            }
            BeatportReleaseKind::MissingIsrc => {
                assert!(spotify_track.is_some());
                assert_eq!(track["isrc"], Value::Null);
            }
            BeatportReleaseKind::UnknownIsrc => {
                let isrc = track["isrc"].as_str().expect("an ISRC");
                assert!(isrc.len() == 12 && isrc.chars().all(|c| c.is_ascii_alphanumeric()), "{isrc}");
                assert!(spotify_search(&sandbox, &spotify, &format!("isrc:{isrc}")).await.is_empty(), "{isrc}");
                assert!(spotify_track.is_some());
            }
            BeatportReleaseKind::ExtraVersion => {
                assert_eq!(release.spotify_track_id, None);
                assert_eq!(track["isrc"], Value::Null);
                assert!(["Extended Mix", "Dub Mix"].contains(&track["mix_name"].as_str().unwrap()), "{track}");
                let artist = track["artists"][0]["name"].as_str().unwrap();
                let query = format!("track:\"{}\" artist:\"{artist}\"", track["name"].as_str().unwrap());
                let found = spotify_search(&sandbox, &spotify, &query).await;
                let originals: Vec<usize> = found.iter().filter_map(|id| catalog.track_index(id)).collect();
                let length = track["length_ms"].as_i64().unwrap();
                assert!(
                    originals
                        .iter()
                        .any(|t| (60_000..=120_000)
                            .contains(&(length - i64::from(catalog.tracks[*t].duration_ms)).abs())),
                    "Spotify has the original, a minute or two apart: {track}"
                );
                let original_listed = releases.iter().any(|other| {
                    other.publish_date == release.publish_date
                        && other.spotify_track_id.as_ref().is_some_and(|id| found.contains(id))
                });
                assert!(original_listed, "the original came out the same day");
            }
            BeatportReleaseKind::Exclusive => {
                assert_eq!((release.spotify_track_id.as_ref(), &track["isrc"]), (None, &Value::Null));
                let title = track["name"].as_str().unwrap();
                assert!(spotify_search(&sandbox, &spotify, &format!("track:\"{title}\"")).await.is_empty(), "{title}");
                let artist = track["artists"][0]["name"].as_str().unwrap();
                assert!(
                    spotify_search(&sandbox, &spotify, &format!("artist:\"{artist}\"")).await.is_empty(),
                    "{artist}"
                );
            }
        }
    }
}

#[tokio::test]
async fn charts_labels_and_the_current_listing() {
    let sandbox = sandbox().await;
    let token = token(&sandbox).await;
    let (chart, first) = walk(&sandbox, &token, "/v4/catalog/genres/6/top/100/?per_page=100").await;
    assert!(!chart.is_empty() && chart.len() <= 100 && first["next"].is_null());
    assert!(chart.iter().all(|track| track["genre"]["id"] == 6));
    assert_eq!(get(&sandbox, Some(&token), "/v4/catalog/genres/6/top/10/").await.json["count"], 10);
    assert_eq!(get(&sandbox, Some(&token), "/v4/catalog/genres/7/top/100/").await.status, StatusCode::NOT_FOUND);

    let label = &chart[0]["release"]["label"];
    let label_id = label["id"].as_u64().unwrap();
    let page = get(&sandbox, Some(&token), &format!("/v4/catalog/labels/{label_id}/")).await;
    assert_eq!((page.json["id"].clone(), page.json["name"].clone()), (label["id"].clone(), label["name"].clone()));
    let (label_tracks, _) = walk(&sandbox, &token, &format!("/v4/catalog/labels/{label_id}/tracks/")).await;
    assert!(label_tracks.iter().any(|track| track["id"] == chart[0]["id"]));
    assert!(label_tracks.iter().all(|track| track["release"]["label"]["id"] == label_id));
    let filtered = get(&sandbox, Some(&token), &format!("/v4/catalog/tracks/?label_id={label_id}&per_page=100")).await;
    assert_eq!(filtered.json["count"].as_u64(), Some(label_tracks.len() as u64));
    assert_eq!(get(&sandbox, Some(&token), "/v4/catalog/labels/1/").await.json, json!({ "detail": "Not found." }));

    // Without a date, the list holds each genre's last cycle: every carried catalog track once.
    let current = get(&sandbox, Some(&token), "/v4/catalog/tracks/?per_page=100&order_by=id").await.json;
    let count = current["count"].as_u64().unwrap() as usize;
    let this_week = get(&sandbox, Some(&token), &format!("/v4/catalog/tracks/?publish_date={WEEK}")).await.json;
    assert!(count > this_week["count"].as_u64().unwrap() as usize);
    let ids: Vec<u64> = current["results"].as_array().unwrap().iter().filter_map(|t| t["id"].as_u64()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "order_by=id");
}

#[tokio::test]
async fn the_same_seed_answers_the_same() {
    let (first, second) = (sandbox().await, sandbox().await);
    let (first_token, second_token) = (token(&first).await, token(&second).await);
    for path in [
        format!("/v4/catalog/tracks/?publish_date={WEEK}&per_page=100"),
        format!("/v4/catalog/tracks/?genre_id=6&publish_date={WEEK}&page=2&per_page=5"),
        "/v4/catalog/genres/39/top/100/?per_page=100".to_owned(),
    ] {
        let (a, b) = (get(&first, Some(&first_token), &path).await, get(&second, Some(&second_token), &path).await);
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.json, b.json, "{path}");
    }
    assert_eq!(week_releases(&first), week_releases(&second));
}

#[tokio::test]
async fn throttled_requests_get_429_with_retry_after() {
    let mut settings = ProviderSettings::unlimited();
    settings.beatport.rate_budget = Some(RateBudget { requests: 3, per_secs: 60 });
    let sandbox = sandbox_with(settings).await;
    let token = token(&sandbox).await;
    for _ in 0..2 {
        assert_eq!(get(&sandbox, Some(&token), "/v4/catalog/genres/").await.status, StatusCode::OK);
    }
    let throttled = get(&sandbox, Some(&token), "/v4/catalog/genres/").await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = throttled.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let detail = format!("Request was throttled. Expected available in {wait} seconds.");
    assert_eq!(throttled.json, json!({ "detail": detail }));

    sandbox.control().set_provider_settings(ProviderSettings::unlimited());
    sandbox.control().fail_provider_requests(Provider::Beatport, 1);
    let injected = get(&sandbox, Some(&token), "/v4/catalog/genres/").await;
    assert_eq!(injected.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(injected.headers["retry-after"], "1");
    assert_eq!(injected.json, json!({ "detail": "Request was throttled. Expected available in 1 second." }));
    assert_eq!(get(&sandbox, Some(&token), "/v4/catalog/genres/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_clock_brings_each_new_weeks_releases() {
    let sandbox = sandbox().await;
    let control = sandbox.control();
    let this_week = control.beatport_week(6, control.beatport_current_week());
    assert!(control.beatport_week(6, date!(2026 - 12 - 07)).is_empty(), "next week is not out yet");

    control.advance_clock(Duration::from_secs(7 * 24 * 3600));
    assert_eq!(control.beatport_current_week(), date!(2026 - 12 - 07));
    let next_week = control.beatport_week(6, date!(2026 - 12 - 07));
    assert!(!next_week.is_empty());
    assert_eq!(control.beatport_week(6, date!(2026 - 11 - 30)), this_week, "last week keeps its releases and ids");
    let spotify_ids = |releases: &[BeatportRelease]| -> BTreeSet<String> {
        releases.iter().filter_map(|release| release.spotify_track_id.clone()).collect()
    };
    assert!(spotify_ids(&this_week).is_disjoint(&spotify_ids(&next_week)), "two weeks in a row never repeat a track");
    let token = token(&sandbox).await;
    let listed = get(&sandbox, Some(&token), "/v4/catalog/tracks/?genre_id=6&publish_date=2026-12-07:2026-12-13").await;
    assert_eq!(listed.json["count"].as_u64(), Some(next_week.len() as u64));
}
