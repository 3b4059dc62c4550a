//! Conformance: every implemented operation, called on a started sandbox in both modes, answers with a body
//! that validates against the specification's schema for that operation and status.

mod common;
mod openapi;

use std::collections::BTreeSet;

use common::*;
use crossfade_spotify_sandbox::{Faults, Mode, RateLimit, RateLimitBody, RunningSandbox, SandboxConfig, start};
use openapi::{Declared, Spec};
use reqwest::Method;
use serde_json::{Value, json};

/// Specification operations the sandbox does not serve (podcast and audiobook libraries, categories, playlist
/// images, follower checks): they answer `404 Service not found`.
const NOT_SERVED: [&str; 27] = [
    "GET /shows/{id}",
    "GET /shows",
    "GET /shows/{id}/episodes",
    "GET /episodes/{id}",
    "GET /episodes",
    "GET /audiobooks/{id}",
    "GET /audiobooks",
    "GET /audiobooks/{id}/chapters",
    "GET /me/audiobooks",
    "PUT /me/audiobooks",
    "DELETE /me/audiobooks",
    "GET /me/audiobooks/contains",
    "GET /chapters/{id}",
    "GET /chapters",
    "GET /me/episodes",
    "PUT /me/episodes",
    "DELETE /me/episodes",
    "GET /me/episodes/contains",
    "GET /me/shows",
    "PUT /me/shows",
    "DELETE /me/shows",
    "GET /me/shows/contains",
    "GET /browse/categories",
    "GET /browse/categories/{category_id}",
    "GET /playlists/{playlist_id}/images",
    "PUT /playlists/{playlist_id}/images",
    "GET /playlists/{playlist_id}/followers/contains",
];

/// Calls the sandbox and validates every answer.
struct Harness {
    sandbox: RunningSandbox,
    token: String,
    spec: Spec,
    checked: BTreeSet<String>,
    local_entries: usize,
}

/// Takes local-file entries out of playlist pages (the specification cannot describe their null ids) and
/// returns how many there were, after checking their shape.
fn strip_local_entries(value: &mut Value) -> usize {
    let mut count = 0;
    match value {
        Value::Array(items) => {
            let before = items.len();
            items.retain(|item| {
                let local = item.get("is_local") == Some(&Value::Bool(true)) && item.get("added_at").is_some();
                if local {
                    let uri = item["item"]["uri"].as_str().unwrap_or_default();
                    assert!(
                        uri.starts_with("spotify:local:") && item["item"]["id"].is_null(),
                        "local entry shape: {item}"
                    );
                }
                !local
            });
            count += before - items.len();
            items.iter_mut().for_each(|item| count += strip_local_entries(item));
        }
        Value::Object(object) => object.values_mut().for_each(|item| count += strip_local_entries(item)),
        _ => {}
    }
    count
}

impl Harness {
    async fn new(mode: Mode) -> Self {
        let sandbox = start(SandboxConfig { mode, ..small_config() }, loopback()).await.unwrap();
        let scopes = [ALL_SCOPES.as_slice(), &["user-read-private", "user-read-email"]].concat();
        let token = sandbox.control().grant("marco", CLIENT_ID, &scopes).unwrap().access_token;
        Self { sandbox, token, spec: Spec::load(mode == Mode::DevMode2026), checked: BTreeSet::new(), local_entries: 0 }
    }

    /// Calls `method path` (the specification's `template` with its parameters filled in) and validates the
    /// answer; returns the body.
    async fn check(&mut self, method: Method, template: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{}", self.sandbox.api_base_url(), path.trim_start_matches('/'));
        let mut request = http().request(method.clone(), &url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let mut value: Value =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::Null) };
        self.validate(method.as_str(), template, status, &text, &mut value);
        value
    }

    fn validate(&mut self, method: &str, template: &str, status: u16, text: &str, value: &mut Value) {
        let operation = format!("{method} {template}");
        self.checked.insert(operation.clone());
        let original = value.clone();
        self.local_entries += strip_local_entries(value);
        let schema = match self.spec.declared(method, template, status) {
            Declared::Schema(schema) => schema,
            Declared::Empty => {
                assert!(text.is_empty(), "{operation} {status} declares no body but got {text}");
                return;
            }
            Declared::Undeclared if status >= 400 => self.spec.error_schema(),
            Declared::Undeclared => {
                panic!("{operation} answered {status}, which the specification does not declare: {text}")
            }
        };
        assert!(!text.is_empty(), "{operation} {status} should have a JSON body");
        let errors = self.spec.check(&format!("{operation} {status}"), &schema, value);
        assert!(errors.is_empty(), "{operation} {status} does not conform:\n{}\n{original}", errors.join("\n"));
        *value = original;
    }

    async fn get(&mut self, template: &str, path: &str) -> Value {
        self.check(Method::GET, template, path, None).await
    }
}

async fn common_operations(h: &mut Harness) {
    let control = h.sandbox.control();
    let catalog = control.catalog();
    let playlists = control.playlists("marco").unwrap();
    let own = playlists.iter().find(|p| p.owner_id == "marco" && p.total > 0).unwrap().id.clone();
    let followed =
        playlists.iter().find(|p| p.owner_id != "marco" && !p.collaborative && !p.editorial).unwrap().id.clone();
    let shared = playlists.iter().find(|p| p.collaborative && p.owner_id != "marco").unwrap().id.clone();
    let (track, artist, album) =
        (catalog.tracks[10].id.clone(), catalog.artists[3].id.clone(), catalog.albums[5].id.clone());

    h.get("/me", "me").await;
    h.get("/me/tracks", "me/tracks?limit=50").await;
    h.get("/me/albums", "me/albums?limit=50").await;
    h.get("/me/playlists", "me/playlists?limit=50").await;
    for id in [&own, &followed, &shared] {
        h.get("/playlists/{playlist_id}", &format!("playlists/{id}")).await;
    }
    // Every owned or collaborative playlist, so unavailable items, episodes and duplicates are all validated.
    for playlist in playlists.iter().filter(|p| p.owner_id == "marco" || p.collaborative) {
        let mut next = Some(format!("playlists/{}/items?limit=50", playlist.id));
        while let Some(path) = next {
            let page = h.get("/playlists/{playlist_id}/items", &path).await;
            next =
                page["next"].as_str().map(|url| url.trim_start_matches(h.sandbox.api_base_url().as_str()).to_owned());
        }
    }
    h.get("/playlists/{playlist_id}/items", &format!("playlists/{followed}/items")).await;
    h.get("/me/following", "me/following?type=artist&limit=50").await;
    let first = h.get("/me/following", "me/following?type=artist&limit=3").await;
    let after = first["artists"]["cursors"]["after"].as_str().unwrap().to_owned();
    h.get("/me/following", &format!("me/following?type=artist&limit=50&after={after}")).await;
    for range in ["short_term", "medium_term", "long_term"] {
        h.get("/me/top/artists", &format!("me/top/artists?time_range={range}&limit=50")).await;
        h.get("/me/top/tracks", &format!("me/top/tracks?time_range={range}&limit=50")).await;
    }
    h.get("/me/player/recently-played", "me/player/recently-played?limit=50").await;
    h.get("/me/player/recently-played", "me/player/recently-played?before=1").await;
    h.get("/tracks/{id}", &format!("tracks/{track}")).await;
    h.get("/artists/{id}", &format!("artists/{artist}")).await;
    h.get("/albums/{id}", &format!("albums/{album}")).await;
    h.get("/albums/{id}/tracks", &format!("albums/{album}/tracks")).await;
    h.get("/artists/{id}/albums", &format!("artists/{artist}/albums?limit=10")).await;
    let word = catalog.artists[0].name.split_whitespace().last().unwrap().to_owned();
    h.get("/search", &format!("search?q={word}&type=album,artist,playlist,track,show,episode,audiobook&limit=10"))
        .await;
    h.get("/search", "search?q=Top%20Hits&type=playlist&limit=10").await;

    let uri = format!("spotify:track:{track}");
    let library_uris = format!("{uri},spotify:album:{album},spotify:artist:{artist}");
    h.check(Method::PUT, "/me/library", &format!("me/library?uris={library_uris}"), None).await;
    h.get("/me/library/contains", &format!("me/library/contains?uris={library_uris}")).await;
    h.check(Method::DELETE, "/me/library", &format!("me/library?uris={library_uris}"), None).await;
    h.check(Method::PUT, "/me/library", "me/library?uris=spotify:track:x", None).await;

    let created = h.check(Method::POST, "/me/playlists", "me/playlists", Some(json!({"name": "Conformance"}))).await;
    let new_id = created["id"].as_str().unwrap().to_owned();
    let items = format!("playlists/{new_id}/items");
    h.check(Method::POST, "/playlists/{playlist_id}/items", &items, Some(json!({"uris": [uri, uri, uri]}))).await;
    h.check(Method::PUT, "/playlists/{playlist_id}/items", &items, Some(json!({"range_start": 0, "insert_before": 2})))
        .await;
    h.check(Method::DELETE, "/playlists/{playlist_id}/items", &items, Some(json!({"items": [{"uri": uri}]}))).await;
    h.check(Method::PUT, "/playlists/{playlist_id}/items", &items, Some(json!({"uris": [uri]}))).await;
    h.check(Method::PUT, "/playlists/{playlist_id}", &format!("playlists/{new_id}"), Some(json!({"name": "Renamed"})))
        .await;
    h.get("/playlists/{playlist_id}", &format!("playlists/{new_id}")).await;

    h.get("/me/player", "me/player").await;
    h.get("/me/player/devices", "me/player/devices").await;
    let device = control.activate_device("marco", None).unwrap();
    h.check(Method::PUT, "/me/player", "me/player", Some(json!({"device_ids": [device]}))).await;
    h.check(
        Method::PUT,
        "/me/player/play",
        "me/player/play",
        Some(json!({"context_uri": format!("spotify:album:{album}")})),
    )
    .await;
    h.get("/me/player", "me/player").await;
    h.get("/me/player/currently-playing", "me/player/currently-playing").await;
    h.check(Method::POST, "/me/player/queue", &format!("me/player/queue?uri={uri}"), None).await;
    h.get("/me/player/queue", "me/player/queue").await;
    h.check(Method::PUT, "/me/player/seek", "me/player/seek?position_ms=4000", None).await;
    h.check(Method::PUT, "/me/player/volume", "me/player/volume?volume_percent=30", None).await;
    h.check(Method::PUT, "/me/player/shuffle", "me/player/shuffle?state=true", None).await;
    h.check(Method::PUT, "/me/player/repeat", "me/player/repeat?state=context", None).await;
    h.check(Method::POST, "/me/player/next", "me/player/next", None).await;
    h.check(Method::POST, "/me/player/previous", "me/player/previous", None).await;
    h.check(Method::PUT, "/me/player/play", "me/player/play", Some(json!({"uris": [uri]}))).await;
    h.get("/me/player", "me/player").await;
    h.check(Method::PUT, "/me/player/pause", "me/player/pause", None).await;
    h.check(Method::PUT, "/me/player/pause", "me/player/pause", None).await;

    h.get("/recommendations", "recommendations?seed_genres=rock").await;
    h.get("/recommendations/available-genre-seeds", "recommendations/available-genre-seeds").await;
    h.get("/artists/{id}/related-artists", &format!("artists/{artist}/related-artists")).await;
    h.get("/browse/featured-playlists", "browse/featured-playlists").await;
    h.get("/browse/categories/{category_id}/playlists", "browse/categories/party/playlists").await;
    h.get("/audio-analysis/{id}", &format!("audio-analysis/{track}")).await;
    h.get("/me/tracks", "me/tracks?limit=99").await;
    h.get("/tracks/{id}", "tracks/0000000000000000000000").await;
}

async fn mode_specific_operations(h: &mut Harness) {
    let control = h.sandbox.control();
    let catalog = control.catalog();
    let own =
        control.playlists("marco").unwrap().into_iter().find(|p| p.owner_id == "marco" && p.total > 0).unwrap().id;
    let followed =
        control.playlists("marco").unwrap().into_iter().find(|p| p.owner_id != "marco" && !p.editorial).unwrap().id;
    let ids: Vec<&str> = catalog.tracks[..5].iter().map(|t| t.id.as_str()).collect();
    let (artist, album) = (catalog.artists[1].id.clone(), catalog.albums[2].id.clone());
    let uri = format!("spotify:track:{}", ids[0]);
    h.get("/tracks", &format!("tracks?ids={}", ids.join(","))).await;
    h.get("/artists", &format!("artists?ids={artist}")).await;
    h.get("/albums", &format!("albums?ids={album}")).await;
    h.get("/audio-features", &format!("audio-features?ids={}", ids.join(","))).await;
    h.get("/audio-features/{id}", &format!("audio-features/{}", ids[1])).await;
    h.get("/artists/{id}/top-tracks", &format!("artists/{artist}/top-tracks")).await;
    h.get("/browse/new-releases", "browse/new-releases").await;
    h.get("/markets", "markets").await;
    h.get("/users/{user_id}", "users/tessa").await;
    h.get("/users/{user_id}/playlists", "users/tessa/playlists").await;
    h.check(Method::POST, "/users/{user_id}/playlists", "users/marco/playlists", Some(json!({"name": "Legacy"}))).await;
    let legacy = format!("playlists/{own}/tracks");
    h.get("/playlists/{playlist_id}/tracks", &format!("playlists/{followed}/tracks?limit=100")).await;
    h.check(Method::POST, "/playlists/{playlist_id}/tracks", &legacy, Some(json!({"uris": [uri]}))).await;
    h.check(
        Method::PUT,
        "/playlists/{playlist_id}/tracks",
        &legacy,
        Some(json!({"range_start": 0, "insert_before": 1})),
    )
    .await;
    h.check(Method::DELETE, "/playlists/{playlist_id}/tracks", &legacy, Some(json!({"tracks": [{"uri": uri}]}))).await;
    let id = ids[4];
    h.check(Method::PUT, "/me/tracks", &format!("me/tracks?ids={id}"), None).await;
    h.get("/me/tracks/contains", &format!("me/tracks/contains?ids={id}")).await;
    h.check(Method::DELETE, "/me/tracks", &format!("me/tracks?ids={id}"), None).await;
    h.check(Method::PUT, "/me/albums", &format!("me/albums?ids={album}"), None).await;
    h.get("/me/albums/contains", &format!("me/albums/contains?ids={album}")).await;
    h.check(Method::DELETE, "/me/albums", &format!("me/albums?ids={album}"), None).await;
    h.check(Method::PUT, "/me/following", &format!("me/following?type=artist&ids={artist}"), None).await;
    h.get("/me/following/contains", &format!("me/following/contains?type=artist&ids={artist}")).await;
    h.check(Method::DELETE, "/me/following", &format!("me/following?type=artist&ids={artist}"), None).await;
    h.check(Method::PUT, "/playlists/{playlist_id}/followers", &format!("playlists/{followed}/followers"), None).await;
    h.check(Method::DELETE, "/playlists/{playlist_id}/followers", &format!("playlists/{followed}/followers"), None)
        .await;
}

async fn rate_limited_and_unauthorised(h: &mut Harness) {
    let control = h.sandbox.control();
    control.set_faults(Faults {
        rate_limit: Some(RateLimit {
            requests_per_window: 1,
            retry_after_override_secs: None,
            body: RateLimitBody::QuotaExceeded,
        }),
        ..Faults::default()
    });
    h.get("/me", "me").await;
    let limited = h.get("/me", "me").await;
    assert_eq!(limited["error"]["reason"], "QUOTA_EXCEEDED");
    control.set_faults(Faults::default());
    let token = std::mem::replace(&mut h.token, "BQexpired".into());
    h.get("/me", "me").await;
    h.token = token;
}

#[tokio::test]
async fn development_mode_answers_conform() {
    let mut h = Harness::new(Mode::DevMode2026).await;
    common_operations(&mut h).await;
    mode_specific_operations(&mut h).await;
    rate_limited_and_unauthorised(&mut h).await;
    let served: BTreeSet<String> =
        h.spec.operations().into_iter().filter(|op| !NOT_SERVED.contains(&op.as_str())).collect();
    let missing: Vec<&String> = served.difference(&h.checked).collect();
    assert!(missing.is_empty(), "operations never called: {missing:?}");
}

#[tokio::test]
async fn extended_mode_answers_conform() {
    let mut h = Harness::new(Mode::Extended).await;
    common_operations(&mut h).await;
    mode_specific_operations(&mut h).await;
}

#[tokio::test]
async fn a_missing_required_field_or_a_wrong_type_fails_validation() {
    let mut h = Harness::new(Mode::DevMode2026).await;
    let page = h.get("/me/tracks", "me/tracks?limit=5").await;
    let Declared::Schema(schema) = h.spec.declared("GET", "/me/tracks", 200) else {
        panic!("GET /me/tracks declares a schema")
    };
    assert!(h.spec.check("me/tracks", &schema, &page).is_empty());

    let mut without_total = page.clone();
    without_total.as_object_mut().unwrap().remove("total");
    let errors = h.spec.check("me/tracks", &schema, &without_total);
    assert!(errors.iter().any(|e| e.contains("total")), "{errors:?}");

    let mut wrong_type = page.clone();
    wrong_type["items"][0]["track"]["duration_ms"] = json!("three minutes");
    assert!(!h.spec.check("me/tracks", &schema, &wrong_type).is_empty());

    let mut missing_in_album = page.clone();
    missing_in_album["items"][0]["track"]["album"].as_object_mut().unwrap().remove("release_date");
    assert!(!h.spec.check("me/tracks", &schema, &missing_in_album).is_empty());
}
