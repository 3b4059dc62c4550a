//! The provider clients against the sandbox's emulations of ReccoBeats, Deezer and MusicBrainz: values of known
//! tracks come back and belong to the right track, misses are values rather than errors, and each service's own
//! way of refusing (a 429, a quota error inside an HTTP 200, a 503, a 403 for an anonymous User-Agent, a slow
//! answer) becomes the documented `ProviderError`. Budgets are unlimited except where a limit is the subject.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crossfade_domain::{AudioFeature, Isrc, SpotifyId};
use crossfade_enrichment::providers::{Deezer, MusicBrainz, ProviderError, ProviderHttp, RECCOBEATS_BATCH, ReccoBeats};
use crossfade_spotify_sandbox::catalog::Catalog;
use crossfade_spotify_sandbox::{
    CatalogOptions, Provider, ProviderKnobs, ProviderSettings, RateBudget, RunningSandbox, SandboxConfig,
};
use serde_json::Value;
use url::Url;

/// What Crossfade sends: MusicBrainz refuses a User-Agent without a contact.
const USER_AGENT: &str = "Crossfade/0.1 ( tests@crossfade.invalid )";
/// Long enough for any answer of the emulation on a busy machine; the timeout test sets its own.
const TIMEOUT: Duration = Duration::from_secs(20);
/// An id of the right shape that the catalog does not hold.
const UNKNOWN_ID: &str = "zzzzzzzzzzzzzzzzzzzzzz";
/// An ISRC of the right shape that no catalog track carries.
const UNKNOWN_ISRC: &str = "ZZZZZ9999999";

/// A small world (no demo users, 600 tracks) whose providers behave as `providers` says.
async fn sandbox(providers: ProviderSettings) -> RunningSandbox {
    let config = SandboxConfig {
        catalog: CatalogOptions { tracks: 600, ..CatalogOptions::default() },
        users: Vec::new(),
        providers,
        ..SandboxConfig::default()
    };
    crossfade_spotify_sandbox::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the sandbox starts")
}

/// The same providers with one of them limited to `requests` per `per_secs` seconds.
fn limited(provider: Provider, requests: u32, per_secs: u64) -> ProviderSettings {
    let mut settings = ProviderSettings::unlimited();
    *settings.knobs_mut(provider) = ProviderKnobs { rate_budget: Some(RateBudget { requests, per_secs }), delay_ms: 0 };
    settings
}

fn http(sandbox: &RunningSandbox, provider: Provider) -> ProviderHttp {
    ProviderHttp::new(sandbox.provider_base_url(provider), USER_AGENT, TIMEOUT).unwrap()
}

fn reccobeats(sandbox: &RunningSandbox) -> ReccoBeats {
    ReccoBeats::new(http(sandbox, Provider::ReccoBeats))
}

fn deezer(sandbox: &RunningSandbox) -> Deezer {
    Deezer::new(http(sandbox, Provider::Deezer))
}

fn musicbrainz(sandbox: &RunningSandbox) -> MusicBrainz {
    MusicBrainz::new(http(sandbox, Provider::MusicBrainz))
}

fn spotify_id(text: &str) -> SpotifyId {
    SpotifyId::parse(text).unwrap()
}

fn isrc(text: &str) -> Isrc {
    Isrc::parse(text).unwrap()
}

/// The emulation's raw answer to `GET {provider}{path}`, read without the client, as the oracle the client's
/// reading is compared with.
async fn raw(sandbox: &RunningSandbox, provider: Provider, path: &str) -> (u16, Value) {
    let url = format!("{}{path}", sandbox.provider_base_url(provider));
    let response = reqwest::Client::new().get(url).header("user-agent", USER_AGENT).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Requests the emulation counted for `provider`, whatever their route and answer.
fn requests_to(sandbox: &RunningSandbox, provider: Provider) -> u64 {
    let prefix = format!("GET /{}/", provider.path_prefix());
    sandbox.control().counters().iter().filter(|(route, _)| route.starts_with(&prefix)).map(|(_, n)| n).sum()
}

fn is_rate_limited(result: &Result<impl std::fmt::Debug, ProviderError>) -> bool {
    matches!(result, Err(ProviderError::RateLimited { .. }))
}

/// The wait a rate-limited answer names, failing the test on anything else.
fn wait_of<T: std::fmt::Debug>(result: Result<T, ProviderError>) -> Duration {
    match result {
        Err(ProviderError::RateLimited { retry_after: Some(wait) }) => wait,
        other => panic!("expected a rate limit naming a wait, got {other:?}"),
    }
}

fn catalog(sandbox: &RunningSandbox) -> std::sync::Arc<Catalog> {
    sandbox.control().catalog()
}

// ReccoBeats

#[tokio::test]
async fn reccobeats_answers_the_tracks_it_knows_each_matched_back_to_its_spotify_id() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let catalog = catalog(&sandbox);
    let client = reccobeats(&sandbox);
    let asked: Vec<SpotifyId> = catalog.tracks[..RECCOBEATS_BATCH].iter().map(|t| spotify_id(&t.id)).collect();

    let found = client.audio_features(&asked).await.unwrap();

    let found_ids: BTreeSet<&str> = found.iter().map(|t| t.spotify_id.as_str()).collect();
    assert_eq!(found_ids.len(), found.len(), "one row per track");
    let joined = asked.iter().map(SpotifyId::as_str).collect::<Vec<_>>().join(",");
    let (_, body) = raw(&sandbox, Provider::ReccoBeats, &format!("/v1/audio-features?ids={joined}")).await;
    let rows = body["content"].as_array().unwrap();
    let linked: BTreeSet<&str> = rows
        .iter()
        .map(|row| row["href"].as_str().unwrap().trim_start_matches("https://open.spotify.com/track/"))
        .collect();
    assert_eq!(found_ids, linked, "every row the service sent is read, under the track its link names");
    assert!(found.len() >= 20 && found.len() < RECCOBEATS_BATCH, "most tracks known, some not: {}", found.len());
    for track in &found {
        let source = catalog.tracks.iter().find(|t| t.id == track.spotify_id.as_str()).expect("an asked track");
        // The ISRC is the track's own: a row matched back to the wrong Spotify id would carry another's.
        assert_eq!(track.isrc.as_ref().map(Isrc::as_str), Some(source.isrc.as_str()));
        let energy = track.features.get(AudioFeature::Energy).expect("energy");
        assert!((energy - source.features.energy).abs() < 0.2, "{energy} vs {}", source.features.energy);
        let loudness = track.features.get(AudioFeature::Loudness).expect("loudness");
        assert!((loudness - source.features.loudness).abs() < 4.0, "{loudness} vs {}", source.features.loudness);
        assert!(track.features.get(AudioFeature::Danceability).is_some());
        assert!(track.features.get(AudioFeature::Gain).is_none(), "ReccoBeats measures no replay gain");
        assert_eq!(track.features.time_signature, None, "ReccoBeats has no time signature");
        assert_eq!(track.reccobeats_id.len(), 36, "ReccoBeats' own id is a UUID: {}", track.reccobeats_id);
    }

    // Asked in the other order, each track gets the same answer: matching goes by link, not by position.
    let reversed: Vec<SpotifyId> = asked.iter().rev().cloned().collect();
    let again = client.audio_features(&reversed).await.unwrap();
    let by_id = |rows: &[crossfade_enrichment::providers::ReccoBeatsTrack]| -> BTreeMap<String, String> {
        rows.iter().map(|t| (t.spotify_id.to_string(), format!("{} {:?}", t.reccobeats_id, t.features))).collect()
    };
    assert_eq!(by_id(&again), by_id(&found));

    // The tracks left out are misses, not a failed batch: alone, each answers nothing.
    let missing: Vec<&SpotifyId> = asked.iter().filter(|id| !found_ids.contains(id.as_str())).collect();
    for id in missing {
        assert_eq!(client.audio_features(std::slice::from_ref(id)).await.unwrap(), Vec::new(), "{id}");
    }
}

#[tokio::test]
async fn reccobeats_leaves_unknown_ids_out_without_failing_the_others() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let client = reccobeats(&sandbox);
    let known: Vec<SpotifyId> = catalog(&sandbox).tracks[..5].iter().map(|t| spotify_id(&t.id)).collect();
    let alone = client.audio_features(&known).await.unwrap();

    let mut mixed = vec![spotify_id(UNKNOWN_ID)];
    mixed.extend(known.iter().cloned());
    let answered = client.audio_features(&mixed).await.unwrap();

    assert!(!alone.is_empty());
    assert_eq!(answered.len(), alone.len(), "the unknown id is left out, the known ones answered");
    assert!(answered.iter().all(|t| t.spotify_id.as_str() != UNKNOWN_ID));
    assert_eq!(client.audio_features(&[spotify_id(UNKNOWN_ID)]).await.unwrap(), Vec::new());
}

#[tokio::test]
async fn reccobeats_is_not_asked_about_no_ids() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    assert_eq!(reccobeats(&sandbox).audio_features(&[]).await.unwrap(), Vec::new());
    assert_eq!(requests_to(&sandbox, Provider::ReccoBeats), 0, "an empty batch sends nothing");
}

#[tokio::test]
#[should_panic(expected = "at most 40")]
async fn reccobeats_batches_are_at_most_forty_ids() {
    // Nothing listens on the discard port: the limit is checked before anything is sent.
    let http = ProviderHttp::new(Url::parse("http://127.0.0.1:9/").unwrap(), USER_AGENT, TIMEOUT).unwrap();
    let ids: Vec<SpotifyId> = (0..=RECCOBEATS_BATCH).map(|n| spotify_id(&format!("{n:0>22}"))).collect();
    let _ = ReccoBeats::new(http).audio_features(&ids).await;
}

#[tokio::test]
async fn reccobeats_over_its_budget_is_rate_limited_with_its_retry_after() {
    let sandbox = sandbox(limited(Provider::ReccoBeats, 1, 60)).await;
    let client = reccobeats(&sandbox);
    let ids = [spotify_id(&catalog(&sandbox).tracks[0].id)];
    client.audio_features(&ids).await.expect("within the budget");

    let wait = wait_of(client.audio_features(&ids).await);
    assert!((Duration::from_secs(1)..=Duration::from_secs(60)).contains(&wait), "Retry-After read: {wait:?}");
}

#[tokio::test]
async fn an_injected_reccobeats_refusal_is_a_rate_limit() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let client = reccobeats(&sandbox);
    let ids = [spotify_id(&catalog(&sandbox).tracks[0].id)];
    sandbox.control().fail_provider_requests(Provider::ReccoBeats, 1);

    assert_eq!(wait_of(client.audio_features(&ids).await), Duration::from_secs(1), "the 429's Retry-After");
    client.audio_features(&ids).await.expect("the next request passes");
}

// Deezer

#[tokio::test]
async fn deezer_reads_tracks_by_isrc_with_bpm_0_as_unknown() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let client = deezer(&sandbox);
    let (mut known_bpm, mut unknown_bpm, mut misses) = (0, 0, 0);
    for track in &catalog(&sandbox).tracks {
        let (_, body) = raw(&sandbox, Provider::Deezer, &format!("/track/isrc:{}", track.isrc)).await;
        let read = client.track_by_isrc(&isrc(&track.isrc)).await.unwrap();
        if body["error"]["code"] == 800 {
            assert_eq!(read, None, "\"no data\" (code 800, HTTP 200) is a miss: {}", track.isrc);
            misses += 1;
            continue;
        }
        let read = read.unwrap_or_else(|| panic!("{} is known: {body}", track.isrc));
        assert_eq!(Some(read.id), body["id"].as_u64());
        assert_eq!(read.album_id, body["album"]["id"].as_u64());
        assert_eq!(read.gain, body["gain"].as_f64());
        let bpm = body["bpm"].as_f64().unwrap();
        if bpm == 0.0 {
            assert_eq!(read.bpm, None, "a BPM of 0 means Deezer does not know it");
            unknown_bpm += 1;
        } else {
            assert_eq!(read.bpm, Some(bpm));
            known_bpm += 1;
        }
        if known_bpm >= 20 && unknown_bpm >= 5 && misses >= 3 {
            break;
        }
    }
    assert!(known_bpm >= 20 && unknown_bpm >= 5 && misses >= 3, "{known_bpm} known, {unknown_bpm} 0, {misses} misses");
    assert_eq!(client.track_by_isrc(&isrc(UNKNOWN_ISRC)).await.unwrap(), None);
}

#[tokio::test]
async fn deezer_albums_carry_genres_and_label_and_unknown_ones_are_misses() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let client = deezer(&sandbox);
    let mut albums = BTreeSet::new();
    for track in catalog(&sandbox).tracks.iter().take(40) {
        if let Some(album) = client.track_by_isrc(&isrc(&track.isrc)).await.unwrap().and_then(|t| t.album_id) {
            albums.insert(album);
        }
    }
    assert!(albums.len() >= 5, "{albums:?}");
    for id in albums {
        let (_, body) = raw(&sandbox, Provider::Deezer, &format!("/album/{id}")).await;
        let album = client.album(id).await.unwrap().expect("a known album");
        assert_eq!(album.id, id);
        let genres: Vec<&str> =
            body["genres"]["data"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
        assert!(!genres.is_empty());
        assert_eq!(album.genres, genres);
        assert_eq!(album.label.as_deref(), body["label"].as_str());
    }
    // The newer paths answer a miss with 404 and the same "no data" body.
    assert_eq!(raw(&sandbox, Provider::Deezer, "/album/1").await.0, 404);
    assert_eq!(client.album(1).await.unwrap(), None);
}

#[tokio::test]
async fn deezer_works_with_a_base_url_ending_in_a_slash() {
    // The server's settings end every base URL with a slash.
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let mut base = sandbox.provider_base_url(Provider::Deezer);
    base.set_path(&format!("{}/", base.path()));
    let client = Deezer::new(ProviderHttp::new(base, USER_AGENT, TIMEOUT).unwrap());
    let (mut found, mut asked) = (0, 0);
    for track in catalog(&sandbox).tracks.iter().take(10) {
        asked += 1;
        found += usize::from(client.track_by_isrc(&isrc(&track.isrc)).await.unwrap().is_some());
    }
    assert!(found >= 5, "{found} of {asked}");
    assert_eq!(sandbox.control().counters().get("GET /deezer/track/{id}"), Some(&10));
}

#[tokio::test]
async fn deezer_quota_errors_inside_http_200_are_rate_limits() {
    let sandbox = sandbox(limited(Provider::Deezer, 2, 3_600)).await;
    let client = deezer(&sandbox);
    let first = isrc(&catalog(&sandbox).tracks[0].isrc);
    client.track_by_isrc(&first).await.expect("within the quota");
    client.album(1).await.expect("within the quota");

    let (status, body) = raw(&sandbox, Provider::Deezer, &format!("/track/isrc:{first}")).await;
    assert_eq!((status, &body["error"]["code"]), (200, &Value::from(4)), "the emulation sends the quota error");
    assert!(
        wait_of(client.track_by_isrc(&first).await) >= Duration::from_secs(1),
        "a quota error makes the caller wait"
    );
    assert!(is_rate_limited(&client.album(1).await), "albums too");
}

#[tokio::test]
async fn an_injected_deezer_refusal_is_a_rate_limit() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let client = deezer(&sandbox);
    let first = isrc(&catalog(&sandbox).tracks[0].isrc);
    sandbox.control().fail_provider_requests(Provider::Deezer, 2);

    assert!(wait_of(client.track_by_isrc(&first).await) >= Duration::from_secs(1));
    assert!(is_rate_limited(&client.album(1).await));
    client.track_by_isrc(&first).await.expect("the next request passes");
}

// MusicBrainz

#[tokio::test]
async fn musicbrainz_finds_recordings_genres_tags_and_labels_by_isrc() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let catalog = catalog(&sandbox);
    let client = musicbrainz(&sandbox);
    let (mut known, mut unknown, mut with_genres, mut with_tags, mut labelled) = (0, 0, 0, 0, 0);
    for track in catalog.tracks.iter().take(40) {
        let recordings = client.recordings_by_isrc(&isrc(&track.isrc)).await.unwrap();
        let (status, _) = raw(&sandbox, Provider::MusicBrainz, &format!("/ws/2/isrc/{}?fmt=json", track.isrc)).await;
        if status == 404 {
            assert_eq!(recordings, Vec::new(), "an unknown ISRC is no recordings, not an error");
            unknown += 1;
            continue;
        }
        known += 1;
        assert!((1..=2).contains(&recordings.len()), "{recordings:?}");
        for recording in &recordings {
            assert_eq!(recording.title, track.name);
            assert_eq!(recording.id.len(), 36, "an MBID: {}", recording.id);
        }
        let first = &recordings[0].id;
        let recording = client.recording(first).await.unwrap().expect("the recording the ISRC named");
        with_genres += usize::from(!recording.genres.is_empty());
        with_tags += usize::from(!recording.tags.is_empty());
        assert!(recording.genres.iter().chain(&recording.tags).all(|(name, votes)| !name.is_empty() && *votes >= 1));
        let labels = client.release_labels(first).await.unwrap();
        let album_label = &catalog.albums[track.album].label;
        assert!(labels.iter().all(|label| label == album_label), "{labels:?} vs {album_label}");
        labelled += usize::from(!labels.is_empty());
    }
    assert!(known >= 25 && unknown >= 1, "{known} known, {unknown} unknown");
    assert!(with_genres >= known / 2 && with_tags >= known / 2, "{with_genres} with genres, {with_tags} with tags");
    assert!(labelled >= known / 2, "{labelled} labelled of {known}");

    assert_eq!(client.recordings_by_isrc(&isrc(UNKNOWN_ISRC)).await.unwrap(), Vec::new());
    let no_such_recording = "00000000-0000-4000-8000-000000000000";
    assert_eq!(client.recording(no_such_recording).await.unwrap(), None);
    assert_eq!(client.release_labels(no_such_recording).await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn musicbrainz_refuses_a_user_agent_without_a_contact() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let track_isrc = isrc(&catalog(&sandbox).tracks[0].isrc);
    let anonymous = ProviderHttp::new(sandbox.provider_base_url(Provider::MusicBrainz), "Crossfade/0.1", TIMEOUT);
    let answer = MusicBrainz::new(anonymous.unwrap()).recordings_by_isrc(&track_isrc).await;
    assert!(matches!(answer, Err(ProviderError::Refused { status: 403, .. })), "{answer:?}");
    musicbrainz(&sandbox).recordings_by_isrc(&track_isrc).await.expect("with a contact it answers");
}

#[tokio::test]
async fn musicbrainz_over_one_request_a_second_is_rate_limited() {
    // The real service's budget. Three requests sent together arrive within the same second.
    let sandbox = sandbox(limited(Provider::MusicBrainz, 1, 1)).await;
    let client = musicbrainz(&sandbox);
    let track_isrc = isrc(&catalog(&sandbox).tracks[0].isrc);
    let (a, b, c) = tokio::join!(
        client.recordings_by_isrc(&track_isrc),
        client.recordings_by_isrc(&track_isrc),
        client.recordings_by_isrc(&track_isrc),
    );
    let answers = [a, b, c];
    assert!(answers.iter().any(Result::is_ok), "{answers:?}");
    let limited: Vec<_> = answers.into_iter().filter(|answer| answer.is_err()).collect();
    assert!(!limited.is_empty());
    for answer in limited {
        // The 503 names no wait; the client supplies one so that the caller backs off.
        assert!(wait_of(answer) >= Duration::from_secs(1));
    }
}

#[tokio::test]
async fn injected_musicbrainz_refusals_are_rate_limits_on_every_lookup() {
    let sandbox = sandbox(ProviderSettings::unlimited()).await;
    let client = musicbrainz(&sandbox);
    let mut known = None;
    for track in catalog(&sandbox).tracks.iter() {
        let recordings = client.recordings_by_isrc(&isrc(&track.isrc)).await.unwrap();
        if !recordings.is_empty() {
            known = Some((track.clone(), recordings));
            break;
        }
    }
    let (track, recordings) = known.expect("MusicBrainz knows some track");
    let mbid = recordings[0].id.clone();
    sandbox.control().fail_provider_requests(Provider::MusicBrainz, 3);

    assert!(wait_of(client.recordings_by_isrc(&isrc(&track.isrc)).await) >= Duration::from_secs(1));
    assert!(wait_of(client.recording(&mbid).await) >= Duration::from_secs(1));
    assert!(wait_of(client.release_labels(&mbid).await) >= Duration::from_secs(1));
    assert_eq!(client.recordings_by_isrc(&isrc(&track.isrc)).await.unwrap(), recordings, "then it answers again");
}

// Every provider

#[tokio::test]
async fn a_slow_answer_past_the_client_timeout_is_a_transport_error() {
    let mut settings = ProviderSettings::unlimited();
    for provider in Provider::ALL {
        settings.knobs_mut(provider).delay_ms = 5_000;
    }
    let sandbox = sandbox(settings).await;
    let track = catalog(&sandbox).tracks[0].clone();
    let impatient = |provider| {
        ProviderHttp::new(sandbox.provider_base_url(provider), USER_AGENT, Duration::from_millis(100)).unwrap()
    };

    let features = ReccoBeats::new(impatient(Provider::ReccoBeats)).audio_features(&[spotify_id(&track.id)]).await;
    assert!(matches!(features, Err(ProviderError::Transport(_))), "{features:?}");
    let bpm = Deezer::new(impatient(Provider::Deezer)).track_by_isrc(&isrc(&track.isrc)).await;
    assert!(matches!(bpm, Err(ProviderError::Transport(_))), "{bpm:?}");
    let recordings = MusicBrainz::new(impatient(Provider::MusicBrainz)).recordings_by_isrc(&isrc(&track.isrc)).await;
    assert!(matches!(recordings, Err(ProviderError::Transport(_))), "{recordings:?}");
}
