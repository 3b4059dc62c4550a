//! Deezer under `/deezer`: tracks by ISRC or id, albums with genres and label, and search (its charts are in
//! `deezer_chart`).
//!
//! About a tenth of the catalog's ISRCs are unknown to Deezer. `/track/isrc:{ISRC}` reports a miss with HTTP 200
//! (the older behaviour, still seen on that undocumented path); `/track/{id}` and `/album/{id}` with 404. `bpm`
//! is the catalog tempo give or take half a beat, or 0 (unknown) for about 30 % of tracks; `gain` is a replay gain
//! derived from the catalog loudness. Labels are the catalog's, sometimes spelled differently. The tracks Deezer charts
//! beyond the catalog answer `/track/{id}` and `/track/isrc:{ISRC}` too, but not search.

use std::sync::Arc;

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rand::Rng;
use rand_distr::StandardNormal;
use serde_json::{Value, json};

use super::QueryPairs;
use super::deezer_chart::outside_track;
use super::genres::deezer_genres;
use super::identity::{ProviderIndex, round};
use crate::catalog::{AlbumType, Catalog};
use crate::state::SharedSandbox;

/// Share of known tracks whose BPM Deezer does not know (reported as 0).
const BPM_UNKNOWN: f64 = 0.3;
/// Search results per page unless `limit` says otherwise.
const SEARCH_PAGE: usize = 25;

/// The Deezer routes, relative to `/deezer`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new()
        .route("/track/{id}", get(track))
        .route("/album/{id}", get(album))
        .route("/search", get(search))
        .route("/search/track", get(search))
}

/// Deezer's "no data" error, with the status the path answers misses with.
pub(super) fn no_data(status: StatusCode) -> Response {
    (status, Json(json!({ "error": { "type": "DataException", "message": "no data", "code": 800 } }))).into_response()
}

/// `GET /track/{id}` and `GET /track/isrc:{ISRC}`: the full track.
async fn track(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(id): Path<String>,
) -> Response {
    let catalog = &sandbox.catalog;
    let charts = &index.charts;
    let found = match id.strip_prefix("isrc:") {
        Some(isrc) => match index.track_by_isrc(isrc).filter(|t| index.deezer_track_id(*t).is_some()) {
            Some(track) => track,
            None => match charts.outside_by_isrc(isrc) {
                Some(song) => return Json(outside_track(&index, song)).into_response(),
                None => return no_data(StatusCode::OK),
            },
        },
        None => {
            let id: Option<u64> = id.parse().ok();
            match id.and_then(|id| index.deezer_track(id)) {
                Some(track) => track,
                None => match id.and_then(|id| charts.outside_by_deezer_id(id)) {
                    Some(song) => return Json(outside_track(&index, song)).into_response(),
                    None => return no_data(StatusCode::NOT_FOUND),
                },
            }
        }
    };
    Json(full_track(catalog, &index, found)).into_response()
}

/// `GET /album/{id}`: the album with its genres, label and tracks.
async fn album(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(id): Path<String>,
) -> Response {
    match id.parse().ok().and_then(|id| index.deezer_album(id)) {
        Some(album) => Json(full_album(&sandbox.catalog, &index, album)).into_response(),
        None => no_data(StatusCode::NOT_FOUND),
    }
}

fn artist_id(index: &ProviderIndex, catalog: &Catalog, artist: usize) -> u64 {
    index.number("deezer-artist", &catalog.artists[artist].id, 1_000, 199_999_999)
}

pub(super) fn artist(catalog: &Catalog, index: &ProviderIndex, artist: usize) -> Value {
    let id = artist_id(index, catalog, artist);
    json!({
        "id": id,
        "name": catalog.artists[artist].name,
        "link": format!("https://www.deezer.com/artist/{id}"),
        "type": "artist",
    })
}

fn release_date(catalog: &Catalog, album: usize) -> String {
    // Deezer always gives a full date; a year-only release becomes the first of January.
    let date = catalog.albums[album].release.date;
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// The fields a track has everywhere, search results, album listings and charts included.
pub(super) fn track_summary(catalog: &Catalog, index: &ProviderIndex, position: usize) -> Value {
    let track = &catalog.tracks[position];
    let id = index.deezer_track_id(position).unwrap_or_default();
    let album = track.album;
    let popularity = f64::from(track.popularity) / 100.0;
    let rank = (popularity * popularity * 950_000.0) as u64 + index.number("deezer-rank", &track.id, 0, 49_999);
    json!({
        "id": id,
        "readable": true,
        "title": track.name,
        "title_short": track.name,
        "link": format!("https://www.deezer.com/track/{id}"),
        "duration": (track.duration_ms + 500) / 1000,
        "rank": rank,
        "explicit_lyrics": track.explicit,
        "explicit_content_lyrics": u8::from(track.explicit),
        "artist": artist(catalog, index, track.artists[0]),
        "album": {
            "id": index.deezer_album_id(album).unwrap_or_default(),
            "title": catalog.albums[album].name,
            "release_date": release_date(catalog, album),
            "type": "album",
        },
        "type": "track",
    })
}

/// The full track, as `/track/{id}` and `/track/isrc:{ISRC}` answer it.
fn full_track(catalog: &Catalog, index: &ProviderIndex, position: usize) -> Value {
    let track = &catalog.tracks[position];
    let mut rng = index.rng("deezer-audio", &track.id);
    let (bpm_noise, gain_noise): (f64, f64) = (rng.sample(StandardNormal), rng.sample(StandardNormal));
    let bpm = if rng.random::<f64>() < BPM_UNKNOWN { 0.0 } else { round(track.features.tempo + 0.5 * bpm_noise, 1) };
    let gain = round(-18.0 - track.features.loudness + 0.7 * gain_noise, 1);
    let contributors: Vec<Value> = track
        .artists
        .iter()
        .enumerate()
        .map(|(n, a)| {
            let mut contributor = artist(catalog, index, *a);
            contributor["role"] = json!(if n == 0 { "Main" } else { "Featured" });
            contributor
        })
        .collect();
    let mut value = track_summary(catalog, index, position);
    for (name, field) in [
        ("isrc", json!(track.isrc)),
        ("track_position", json!(track.track_number)),
        ("disk_number", json!(track.disc_number)),
        ("release_date", json!(release_date(catalog, track.album))),
        ("bpm", json!(bpm)),
        ("gain", json!(gain)),
        ("available_countries", json!(["BR", "CA", "DE", "FR", "GB", "JP", "SE", "US"])),
        ("contributors", json!(contributors)),
    ] {
        value[name] = field;
    }
    value
}

/// The label as Deezer spells it: usually the catalog's, sometimes with or without "Records", sometimes in
/// capitals, so that clients have to normalise before comparing.
fn label_spelling(index: &ProviderIndex, label: &str, album_id: &str) -> String {
    let roll = index.share("deezer-label", album_id);
    if roll < 0.08 {
        match label.strip_suffix(" Records") {
            Some(bare) => bare.to_owned(),
            None => format!("{label} Records"),
        }
    } else if roll < 0.12 {
        label.to_uppercase()
    } else {
        label.to_owned()
    }
}

/// The album, as `/album/{id}` answers it.
fn full_album(catalog: &Catalog, index: &ProviderIndex, position: usize) -> Value {
    let album = &catalog.albums[position];
    let id = index.deezer_album_id(position).unwrap_or_default();
    let catalog_genre = album.tracks.first().map_or("pop", |t| catalog.tracks[*t].genre.as_str());
    let (main, second) = deezer_genres(catalog_genre);
    let mut genres = vec![main];
    if let Some(second) = second.filter(|_| index.share("deezer-second-genre", &album.id) < 0.3) {
        genres.push(second);
    }
    let genre_data: Vec<Value> =
        genres.iter().map(|(id, name)| json!({ "id": id, "name": name, "type": "genre" })).collect();
    let known_tracks: Vec<usize> =
        album.tracks.iter().copied().filter(|t| index.deezer_track_id(*t).is_some()).collect();
    let tracks: Vec<Value> = known_tracks.iter().map(|t| track_summary(catalog, index, *t)).collect();
    let duration: u32 = known_tracks.iter().map(|t| (catalog.tracks[*t].duration_ms + 500) / 1000).sum();
    let record_type = match album.album_type {
        AlbumType::Album => "album",
        AlbumType::Single if album.tracks.len() >= 4 => "ep",
        AlbumType::Single => "single",
        AlbumType::Compilation => "compile",
    };
    json!({
        "id": id,
        "title": album.name,
        "upc": album.upc,
        "link": format!("https://www.deezer.com/album/{id}"),
        "genre_id": main.0,
        "genres": { "data": genre_data },
        "label": label_spelling(index, &album.label, &album.id),
        "nb_tracks": known_tracks.len(),
        "duration": duration,
        "fans": u64::from(album.popularity).pow(3) / 10,
        "release_date": release_date(catalog, position),
        "record_type": record_type,
        "available": true,
        "explicit_lyrics": album.tracks.iter().any(|t| catalog.tracks[*t].explicit),
        "artist": artist(catalog, index, album.artists[0]),
        "type": "album",
        "tracks": { "data": tracks },
    })
}

/// What a search asks for: `artist:"…"`, `track:"…"`, `album:"…"` and free words, all matched
/// case-insensitively as substrings.
#[derive(Debug, Default, PartialEq)]
struct SearchQuery {
    artist: Option<String>,
    track: Option<String>,
    album: Option<String>,
    words: Vec<String>,
}

impl SearchQuery {
    fn parse(text: &str) -> Self {
        let mut query = SearchQuery::default();
        let mut rest = text.trim();
        while !rest.is_empty() {
            let field = ["artist:\"", "track:\"", "album:\""].into_iter().find(|prefix| rest.starts_with(prefix));
            if let Some(prefix) = field
                && let Some(end) = rest[prefix.len()..].find('"')
            {
                let value = rest[prefix.len()..prefix.len() + end].to_lowercase();
                match prefix {
                    "artist:\"" => query.artist = Some(value),
                    "track:\"" => query.track = Some(value),
                    _ => query.album = Some(value),
                }
                rest = rest[prefix.len() + end + 1..].trim_start();
                continue;
            }
            let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            query.words.push(word.trim_matches('"').to_lowercase());
            rest = after.trim_start();
        }
        query
    }

    fn matches(&self, catalog: &Catalog, position: usize) -> bool {
        let track = &catalog.tracks[position];
        let title = track.name.to_lowercase();
        let album = catalog.albums[track.album].name.to_lowercase();
        let artists: Vec<String> = track.artists.iter().map(|a| catalog.artists[*a].name.to_lowercase()).collect();
        let contains = |wanted: &Option<String>, text: &str| wanted.as_ref().is_none_or(|w| text.contains(w.as_str()));
        contains(&self.track, &title)
            && contains(&self.album, &album)
            && self.artist.as_ref().is_none_or(|w| artists.iter().any(|a| a.contains(w.as_str())))
            && self.words.iter().all(|word| {
                title.contains(word.as_str())
                    || album.contains(word.as_str())
                    || artists.iter().any(|a| a.contains(word.as_str()))
            })
    }
}

/// `GET /search?q=`: known tracks matching the query, most popular first, `index`/`limit` paged; no `bpm`.
async fn search(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Response {
    let catalog = &sandbox.catalog;
    let text = query.first("q").unwrap_or_default();
    let wanted = SearchQuery::parse(text);
    let mut hits: Vec<usize> = (0..catalog.tracks.len())
        .filter(|t| index.deezer_track_id(*t).is_some() && !text.trim().is_empty() && wanted.matches(catalog, *t))
        .collect();
    hits.sort_by_key(|t| (std::cmp::Reverse(catalog.tracks[*t].popularity), *t));
    let start: usize = query.first("index").and_then(|i| i.parse().ok()).unwrap_or(0);
    let limit: usize = query.first("limit").and_then(|l| l.parse().ok()).unwrap_or(SEARCH_PAGE).clamp(1, 100);
    let data: Vec<Value> = hits.iter().skip(start).take(limit).map(|t| track_summary(catalog, &index, *t)).collect();
    let mut answer = json!({ "data": data, "total": hits.len() });
    if start + limit < hits.len() {
        let mut next = sandbox.base_url.join("deezer/search").unwrap_or_else(|_| sandbox.base_url.clone());
        next.query_pairs_mut()
            .append_pair("q", text)
            .append_pair("limit", &limit.to_string())
            .append_pair("index", &(start + limit).to_string());
        answer["next"] = json!(next.as_str());
    }
    Json(answer).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_queries_split_into_fields_and_words() {
        let query = SearchQuery::parse(r#"artist:"Daft Punk" track:"Harder Better" discovery"#);
        assert_eq!(query.artist.as_deref(), Some("daft punk"));
        assert_eq!(query.track.as_deref(), Some("harder better"));
        assert_eq!(query.words, vec!["discovery".to_owned()]);
        assert_eq!(SearchQuery::parse("artist:\"unterminated").words, vec!["artist:\"unterminated".to_owned()]);
    }
}
