//! MusicBrainz under `/musicbrainz`: recordings by ISRC, recordings with genres, tags and artist credits, and
//! releases of a recording with their labels.
//!
//! Every request needs a `User-Agent` naming the application and a contact (an e-mail address or a URL in
//! parentheses), else 403. Answers are JSON only: a request without `fmt=json` or a JSON `Accept` header, which
//! the real service would answer in XML, gets `406 Not Acceptable` so that a client forgetting it fails loudly.
//! About 80 % of recordings carry genres and tags, and about 80 % of releases their label.

use std::sync::Arc;

use axum::extract::{Extension, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::{Value, json};

use super::QueryPairs;
use super::genres::musicbrainz_genres;
use super::identity::{ProviderIndex, is_uuid};
use crate::catalog::Catalog;
use crate::state::SharedSandbox;

const HELP: &str = "For usage, please see: https://musicbrainz.org/development/mmd";
/// Share of recordings with genres and tags.
const TAGGED: f64 = 0.8;
/// Share of releases with label information.
const LABELLED: f64 = 0.8;
/// Tags that say nothing about the genre, as listeners add them.
const LISTENER_TAGS: [&str; 6] = ["seen live", "favorites", "catchy", "my collection", "albums i own", "beautiful"];

/// The MusicBrainz routes, relative to `/musicbrainz`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new()
        .route("/ws/2/isrc/{isrc}", get(isrc))
        .route("/ws/2/recording/{mbid}", get(recording))
        .route("/ws/2/release", get(releases))
}

/// A MusicBrainz error answer.
#[derive(Debug)]
enum Refusal {
    /// The real service would answer XML.
    NotJson,
    /// `{"error": …, "help": …}` with a status.
    Error(StatusCode, String),
}

impl Refusal {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Refusal::Error(status, message.into())
    }

    fn not_found() -> Self {
        Refusal::new(StatusCode::NOT_FOUND, "Not Found")
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::NotJson => {
                let message =
                    "This emulation of MusicBrainz answers JSON only: add fmt=json or Accept: application/json.";
                (StatusCode::NOT_ACCEPTABLE, message).into_response()
            }
            Refusal::Error(status, message) => {
                (status, Json(json!({ "error": message, "help": HELP }))).into_response()
            }
        }
    }
}

/// Whether a `User-Agent` names an application and, in parentheses, a contact (e-mail address or URL).
fn names_app_and_contact(user_agent: &str) -> bool {
    let Some((app, rest)) = user_agent.split_once('(') else {
        return false;
    };
    let contact = rest.split(')').next().unwrap_or_default().trim();
    !app.trim().is_empty() && (contact.contains('@') || contact.contains("://"))
}

/// Refuses anonymous requests before they count against the rate limit, as MusicBrainz blocks them up front.
pub(super) async fn require_user_agent(request: Request, next: Next) -> Response {
    let user_agent = request.headers().get(header::USER_AGENT).and_then(|value| value.to_str().ok());
    if user_agent.is_some_and(names_app_and_contact) {
        return next.run(request).await;
    }
    Refusal::new(
        StatusCode::FORBIDDEN,
        "Your requests must carry a User-Agent naming your application and a way to contact you, e.g. \
         \"MyApp/1.0 ( me@example.org )\".",
    )
    .into_response()
}

/// Refuses requests that would get XML from the real service.
fn require_json(query: &QueryPairs, headers: &HeaderMap) -> Result<(), Refusal> {
    let accept_json = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    if query.first("fmt") == Some("json") || (query.first("fmt").is_none() && accept_json) {
        return Ok(());
    }
    Err(Refusal::NotJson)
}

/// The `inc` values (separated by `+`, which arrives as a space, or by a literal plus), each checked against
/// what `resource` allows.
fn includes(query: &QueryPairs, resource: &str, allowed: &[&str]) -> Result<Vec<String>, Refusal> {
    let incs: Vec<String> = query
        .all("inc")
        .flat_map(|value| value.split([' ', '+']))
        .filter(|inc| !inc.is_empty())
        .map(str::to_owned)
        .collect();
    match incs.iter().find(|inc| !allowed.contains(&inc.as_str())) {
        Some(bad) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            format!("{bad} is not a valid inc parameter for the {resource} resource."),
        )),
        None => Ok(incs),
    }
}

/// Two letters, three letters or digits, seven digits.
fn is_isrc(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 12
        && bytes[..2].iter().all(u8::is_ascii_alphabetic)
        && bytes[2..5].iter().all(u8::is_ascii_alphanumeric)
        && bytes[5..].iter().all(u8::is_ascii_digit)
}

/// `GET /ws/2/isrc/{isrc}`: the recordings carrying an ISRC. `inc=genres` is not allowed here.
async fn isrc(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(isrc): Path<String>,
    query: QueryPairs,
    headers: HeaderMap,
) -> Result<Json<Value>, Refusal> {
    require_json(&query, &headers)?;
    let incs = includes(&query, "isrc", &["artists", "artist-credits", "isrcs", "releases"])?;
    if !is_isrc(&isrc) {
        return Err(Refusal::new(StatusCode::BAD_REQUEST, "Invalid isrc."));
    }
    let catalog = &sandbox.catalog;
    let track =
        index.track_by_isrc(&isrc).filter(|t| !index.recording_ids(*t).is_empty()).ok_or_else(Refusal::not_found)?;
    let recordings: Vec<Value> =
        index.recording_ids(track).iter().map(|mbid| recording_body(catalog, &index, track, mbid, &incs)).collect();
    Ok(Json(json!({ "isrc": isrc.to_ascii_uppercase(), "recordings": recordings })))
}

/// `GET /ws/2/recording/{mbid}`: one recording. `inc=labels` is not allowed on recordings.
async fn recording(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(mbid): Path<String>,
    query: QueryPairs,
    headers: HeaderMap,
) -> Result<Json<Value>, Refusal> {
    require_json(&query, &headers)?;
    let incs = includes(&query, "recording", &["artists", "artist-credits", "isrcs", "releases", "genres", "tags"])?;
    if !is_uuid(&mbid) {
        return Err(Refusal::new(StatusCode::BAD_REQUEST, "Invalid mbid."));
    }
    let track = index.recording(&mbid).ok_or_else(Refusal::not_found)?;
    Ok(Json(recording_body(&sandbox.catalog, &index, track, &mbid.to_ascii_lowercase(), &incs)))
}

/// `GET /ws/2/release?recording={mbid}`: the releases a recording appears on, `inc=labels` adding `label-info`.
async fn releases(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
    headers: HeaderMap,
) -> Result<Json<Value>, Refusal> {
    require_json(&query, &headers)?;
    let incs = includes(&query, "release", &["labels", "artist-credits"])?;
    let mbid = query.first("recording").ok_or_else(|| {
        Refusal::new(StatusCode::BAD_REQUEST, "Browsing releases needs an entity: artist, label, recording, …")
    })?;
    if !is_uuid(mbid) {
        return Err(Refusal::new(StatusCode::BAD_REQUEST, "Invalid mbid."));
    }
    let track = index.recording(mbid).ok_or_else(Refusal::not_found)?;
    let all = release_list(&sandbox.catalog, &index, track, &incs);
    let offset: usize = query.first("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
    let limit: usize = query.first("limit").and_then(|l| l.parse().ok()).unwrap_or(25).clamp(1, 100);
    let page: Vec<Value> = all.iter().skip(offset).take(limit).cloned().collect();
    Ok(Json(json!({ "release-count": all.len(), "release-offset": offset, "releases": page })))
}

fn artist_credit(catalog: &Catalog, index: &ProviderIndex, artists: &[usize]) -> Value {
    let credits: Vec<Value> = artists
        .iter()
        .enumerate()
        .map(|(n, a)| {
            let artist = &catalog.artists[*a];
            json!({
                "name": artist.name,
                "joinphrase": if n + 1 < artists.len() { " feat. " } else { "" },
                "artist": {
                    "id": index.uuid("musicbrainz-artist", &artist.id),
                    "name": artist.name,
                    "sort-name": artist.name,
                    "disambiguation": "",
                },
            })
        })
        .collect();
    json!(credits)
}

/// A recording with the parts `incs` asks for.
fn recording_body(catalog: &Catalog, index: &ProviderIndex, position: usize, mbid: &str, incs: &[String]) -> Value {
    let track = &catalog.tracks[position];
    let wants = |inc: &str| incs.iter().any(|i| i == inc);
    // MusicBrainz lengths come from other rips and masters than Spotify's, so they differ by a second or two.
    let length = i64::from(track.duration_ms) + index.number("musicbrainz-length", mbid, 0, 3_000) as i64 - 1_500;
    let duplicate = index.recording_ids(position).first().is_some_and(|first| first != mbid);
    let mut body = json!({
        "id": mbid,
        "title": track.name,
        "length": length,
        "first-release-date": catalog.albums[track.album].release.text(),
        "video": false,
        "disambiguation": if duplicate { "album version" } else { "" },
    });
    if wants("artists") || wants("artist-credits") {
        body["artist-credit"] = artist_credit(catalog, index, &track.artists);
    }
    if wants("isrcs") {
        body["isrcs"] = json!([track.isrc]);
    }
    if wants("releases") {
        body["releases"] = json!(release_list(catalog, index, position, &[]));
    }
    let (genres, tags) = folksonomy(catalog, index, position);
    if wants("genres") {
        body["genres"] = json!(genres);
    }
    if wants("tags") {
        body["tags"] = json!(tags);
    }
    body
}

/// The genres (with ids) and free-text tags voters gave the track's recordings, none for about a fifth.
fn folksonomy(catalog: &Catalog, index: &ProviderIndex, position: usize) -> (Vec<Value>, Vec<Value>) {
    let track = &catalog.tracks[position];
    if index.share("musicbrainz-tagged", &track.id) >= TAGGED {
        return (Vec::new(), Vec::new());
    }
    let mut rng = index.rng("musicbrainz-tags", &track.id);
    let (main, subgenres) = musicbrainz_genres(&track.genre);
    let mut genres = vec![(main.clone(), rng.random_range(2..=12u32))];
    if let Some(sub) = subgenres.choose(&mut rng).filter(|_| rng.random_bool(0.5)) {
        genres.push(((*sub).to_owned(), rng.random_range(1..=3u32)));
    }
    let genre_values = genres
        .iter()
        .map(|(name, count)| {
            json!({ "name": name, "count": count, "id": index.uuid("musicbrainz-genre", name), "disambiguation": "" })
        })
        .collect();
    let mut tags: Vec<(String, u32)> = genres.iter().map(|(name, count)| (name.clone(), (*count).max(2) - 1)).collect();
    let year = catalog.albums[track.album].release.date.year();
    tags.push((format!("{}s", year / 10 * 10), rng.random_range(1..=3)));
    let features = &track.features;
    let moods = [
        (features.energy < 0.35, "chill"),
        (features.energy > 0.85, "energetic"),
        (features.valence < 0.2, "melancholic"),
        (features.instrumentalness > 0.6, "instrumental"),
    ];
    for (_, mood) in moods.iter().filter(|(applies, _)| *applies) {
        tags.push(((*mood).to_owned(), rng.random_range(1..=4)));
    }
    if let Some(listener) = LISTENER_TAGS.choose(&mut rng).filter(|_| rng.random_bool(0.4)) {
        tags.push(((*listener).to_owned(), rng.random_range(1..=2)));
    }
    let tag_values = tags.iter().map(|(name, count)| json!({ "name": name, "count": count })).collect();
    (genre_values, tag_values)
}

/// The releases of the track's album: the original and, for some albums, a later deluxe edition.
fn release_list(catalog: &Catalog, index: &ProviderIndex, position: usize, incs: &[String]) -> Vec<Value> {
    let track = &catalog.tracks[position];
    let album = &catalog.albums[track.album];
    let editions = if index.share("musicbrainz-deluxe", &album.id) < 0.15 { 2 } else { 1 };
    (0..editions)
        .map(|edition| {
            let release_key = format!("{}-{edition}", album.id);
            let mut release = json!({
                "id": index.uuid("musicbrainz-release", &release_key),
                "title": if edition == 0 { album.name.clone() } else { format!("{} (deluxe edition)", album.name) },
                "status": "Official",
                "date": album.release.text(),
                "country": if index.share("musicbrainz-worldwide", &release_key) < 0.3 { "XW" } else { &track.isrc[..2] },
                "barcode": if edition == 0 { album.upc.clone() } else { String::new() },
                "disambiguation": "",
                "quality": "normal",
            });
            if incs.iter().any(|i| i == "labels") {
                let labelled = index.share("musicbrainz-labelled", &release_key) < LABELLED;
                release["label-info"] = if labelled { json!([label_info(index, &album.label, &release_key)]) } else { json!([]) };
            }
            if incs.iter().any(|i| i == "artist-credits") {
                release["artist-credit"] = artist_credit(catalog, index, &album.artists);
            }
            release
        })
        .collect()
}

fn label_info(index: &ProviderIndex, label: &str, release_key: &str) -> Value {
    let initials: String = label.split_whitespace().filter_map(|word| word.chars().next()).collect();
    let number = index.number("musicbrainz-catalog-number", release_key, 1, 9_999);
    json!({
        "catalog-number": format!("{}{number:04}", initials.to_ascii_uppercase()),
        "label": {
            "id": index.uuid("musicbrainz-label", label),
            "name": label,
            "sort-name": label,
            "disambiguation": "",
            "label-code": null,
            "type": "Original Production",
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_agent_must_name_an_app_and_a_contact() {
        assert!(names_app_and_contact("Crossfade/0.1 ( admin@example.org )"));
        assert!(names_app_and_contact("Crossfade/0.1 (https://crossfade.example)"));
        assert!(!names_app_and_contact("Crossfade/0.1"));
        assert!(!names_app_and_contact("Crossfade/0.1 ( nobody )"));
        assert!(!names_app_and_contact("( admin@example.org )"));
    }

    #[test]
    fn isrcs_are_checked_for_shape() {
        assert!(is_isrc("GBDUW0000059") && is_isrc("usug12103683"));
        assert!(!is_isrc("GBDUW000005") && !is_isrc("1BDUW0000059") && !is_isrc("GBDUW00000X9"));
    }
}
