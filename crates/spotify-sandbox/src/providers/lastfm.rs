//! Last.fm under `/lastfm`, as `https://ws.audioscrobbler.com`: `GET /2.0/?method=tag.gettoptracks&tag=&api_key=
//! &format=json&limit=&page=` answers the top tracks of a tag, numbers written as text, only the first artist
//! credited, `mbid` often empty.
//!
//! The tags `pop`, `dance`, `rap` (or `hip-hop`), `country`, `electronic`, `rock`, `rnb` (or `r&b`) and `latin` chart
//! their genre, ranked anew every week (from Sunday, UTC); any other tag has no tracks. `playcount` and `listeners`
//! are the song's totals so far and grow every day. `limit` defaults to 50 (at most 1,000), `page` to 1.
//!
//! An `api_key` must be 32 lower-case hexadecimal digits (error 10, HTTP 403); the only method is
//! `tag.gettoptracks` (error 3), which needs a `tag` (error 6); and this emulation answers `format=json` only
//! (error 6 otherwise). Over the rate limit: error 29 with HTTP 429.

use std::sync::Arc;

use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use time::{Date, Weekday};

use super::QueryPairs;
use super::charts::{Chart, ChartGenre, ChartSong, Song, grown, last_on_or_before, today};
use super::identity::ProviderIndex;
use crate::catalog::Catalog;
use crate::state::SharedSandbox;

/// The longest list a tag has.
const LIST_LENGTH: usize = 200;
const DEFAULT_LIMIT: usize = 50;
/// Share of tracks whose MusicBrainz id Last.fm knows (when MusicBrainz has one).
const WITH_MBID: f64 = 0.6;

/// The Last.fm routes, relative to `/lastfm`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/2.0", get(api))
}

/// Last.fm's error answer.
fn error(status: StatusCode, code: u32, message: &str) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}

/// The genre a tag charts.
fn genre_of(tag: &str) -> Option<ChartGenre> {
    Some(match tag.trim().to_lowercase().as_str() {
        "pop" => ChartGenre::Pop,
        "dance" => ChartGenre::Dance,
        "rap" | "hip-hop" | "hip hop" | "hiphop" => ChartGenre::HipHop,
        "country" => ChartGenre::Country,
        "electronic" => ChartGenre::Electronic,
        "rock" => ChartGenre::Rock,
        "rnb" | "r&b" => ChartGenre::RnB,
        "latin" => ChartGenre::Latin,
        _ => return None,
    })
}

fn is_api_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `GET /2.0/`.
async fn api(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Response {
    if !query.first("api_key").is_some_and(is_api_key) {
        return error(StatusCode::FORBIDDEN, 10, "Invalid API key - You must be granted a valid key by last.fm");
    }
    if !query.first("method").is_some_and(|method| method.eq_ignore_ascii_case("tag.gettoptracks")) {
        return error(StatusCode::BAD_REQUEST, 3, "Invalid Method - No method with that name in this package");
    }
    let Some(tag) = query.first("tag").filter(|tag| !tag.trim().is_empty()) else {
        return error(StatusCode::BAD_REQUEST, 6, "Invalid parameters - Your request is missing a required parameter");
    };
    if query.first("format") != Some("json") {
        return error(StatusCode::BAD_REQUEST, 6, "Invalid parameters - This emulation answers format=json only");
    }
    let limit = query
        .first("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0)
        .unwrap_or(DEFAULT_LIMIT)
        .min(1_000);
    let page = query.first("page").and_then(|p| p.parse::<usize>().ok()).filter(|p| *p > 0).unwrap_or(1);
    let day = today(&sandbox);
    let songs = match genre_of(tag) {
        Some(genre) => {
            let name = format!("lastfm/{}", genre.catalog_name());
            Chart::new(&name, Some(genre), LIST_LENGTH).draw(&index, last_on_or_before(day, Weekday::Sunday))
        }
        None => Vec::new(),
    };
    let tracks: Vec<Value> = songs
        .iter()
        .enumerate()
        .skip((page - 1) * limit)
        .take(limit)
        .map(|(n, song)| track(&sandbox.catalog, &index, *song, n + 1, day))
        .collect();
    Json(json!({ "tracks": {
        "track": tracks,
        "@attr": {
            "tag": tag,
            "page": page.to_string(),
            "perPage": limit.to_string(),
            "totalPages": songs.len().div_ceil(limit).to_string(),
            "total": songs.len().to_string(),
        },
    } }))
    .into_response()
}

/// A Last.fm page address: words joined by `+`, the rest percent-encoded.
fn page_name(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn track(catalog: &Catalog, index: &ProviderIndex, chart_song: ChartSong, rank: usize, day: Date) -> Value {
    let song = index.charts.song(catalog, chart_song);
    let artist = song.main_artist();
    let artist_url = format!("https://www.last.fm/music/{}", page_name(artist));
    let (mbid, artist_mbid) = mbids(catalog, index, &song);
    let per_day = 10.0 + 1.2 * 1.09f64.powi(i32::from(song.popularity));
    let plays = grown(index.charts.seed(chart_song), per_day, song.released, day);
    let listeners = plays / index.number("lastfm-repeat", song.key, 3, 8);
    let duration = if index.share("lastfm-duration", song.key) < 0.15 { 0 } else { (song.duration_ms + 500) / 1000 };
    let image = index.uuid("lastfm-image", song.key).replace('-', "");
    let images: Vec<Value> = [("34s", "small"), ("64s", "medium"), ("174s", "large"), ("300x300", "extralarge")]
        .iter()
        .map(|(size, name)| {
            json!({ "#text": format!("https://lastfm.freetls.fastly.net/i/u/{size}/{image}.png"), "size": name })
        })
        .collect();
    json!({
        "name": song.title,
        "duration": duration.to_string(),
        "playcount": plays.to_string(),
        "listeners": listeners.to_string(),
        "mbid": mbid,
        "url": format!("{artist_url}/_/{}", page_name(song.title)),
        "streamable": { "#text": "0", "fulltrack": "0" },
        "artist": { "name": artist, "mbid": artist_mbid, "url": artist_url },
        "image": images,
        "@attr": { "rank": rank.to_string() },
    })
}

/// The MusicBrainz ids Last.fm gives the track and its artist: the MusicBrainz emulation's, when Last.fm knows them.
fn mbids(catalog: &Catalog, index: &ProviderIndex, song: &Song<'_>) -> (String, String) {
    let ChartSong::Catalog(position) = song.chart_song else { return (String::new(), String::new()) };
    let known = index.share("lastfm-mbid", song.key) < WITH_MBID;
    let recording = index.recording_ids(position).first().filter(|_| known).cloned().unwrap_or_default();
    let artist = catalog.tracks[position].artists[0];
    let artist_mbid = if known { index.uuid("musicbrainz-artist", &catalog.artists[artist].id) } else { String::new() };
    (recording, artist_mbid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_tags_are_read_as_last_fm_reads_them() {
        assert!(is_api_key("0123456789abcdef0123456789abcdef"));
        assert!(!is_api_key("0123456789ABCDEF0123456789ABCDEF"));
        assert!(!is_api_key("0123456789abcdef"));
        assert_eq!(genre_of("Rap"), Some(ChartGenre::HipHop));
        assert_eq!(genre_of("rnb"), Some(ChartGenre::RnB));
        assert_eq!(genre_of("seen live"), None);
        assert_eq!(page_name("Mira & the Foxes"), "Mira+%26+the+Foxes");
    }
}
