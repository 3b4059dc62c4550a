//! Deezer's charts under `/deezer`: `GET /chart/{genre_id}/tracks?index=&limit=` answers today's chart of a genre
//! (0 all, 132 pop, 116 rap/hip hop, 113 dance, 106 electro, 84 country, 152 rock, 165 R&B, 197 Latin), 100 songs
//! when the genre has them, paged from `index` (default 0) by `limit` (default 10, at most 100) with `next` and
//! `prev` links. Another genre id answers Deezer's "no data" error with HTTP 200.
//!
//! Chart items carry `position` (the chart place; `rank` is Deezer's popularity score), the main artist only, and
//! for some songs with guests the guests in the title ("Title (feat. B)", `title_short` without them). Items carry
//! no ISRC, but every id resolves through `/track/{id}`, which gives it, the chart's songs from outside the
//! catalog included (their albums are not served).

use std::sync::Arc;

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::QueryPairs;
use super::charts::{Chart, ChartGenre, ChartSong, today, with_featured};
use super::deezer::{no_data, track_summary};
use super::identity::ProviderIndex;
use crate::catalog::Catalog;
use crate::state::SharedSandbox;

/// Songs on a chart.
const CHART_LENGTH: usize = 100;
/// Chart items per page unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 10;
/// Share of catalog songs with guests whose chart title names them.
const FEATURED_IN_TITLE: f64 = 0.5;

/// The chart routes, relative to `/deezer`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/chart/{genre_id}/tracks", get(chart))
}

/// The genre a Deezer chart id charts (`None` for every genre), if Deezer has that chart.
fn genre_of(id: &str) -> Option<Option<ChartGenre>> {
    Some(match id.parse::<u32>().ok()? {
        0 => None,
        132 => Some(ChartGenre::Pop),
        116 => Some(ChartGenre::HipHop),
        113 => Some(ChartGenre::Dance),
        106 => Some(ChartGenre::Electronic),
        84 => Some(ChartGenre::Country),
        152 => Some(ChartGenre::Rock),
        165 => Some(ChartGenre::RnB),
        197 => Some(ChartGenre::Latin),
        _ => return None,
    })
}

/// `GET /chart/{genre_id}/tracks`.
async fn chart(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(genre_id): Path<String>,
    query: QueryPairs,
) -> Response {
    let Some(genre) = genre_of(&genre_id) else { return no_data(StatusCode::OK) };
    let name = format!("deezer/{}", genre.map_or("all", ChartGenre::catalog_name));
    let songs = Chart::new(&name, genre, CHART_LENGTH)
        .only(|index, track| index.deezer_track_id(track).is_some())
        .draw(&index, today(&sandbox));
    let start: usize = query.first("index").and_then(|i| i.parse().ok()).unwrap_or(0);
    let limit: usize = query.first("limit").and_then(|l| l.parse().ok()).unwrap_or(DEFAULT_LIMIT).clamp(1, 100);
    let data: Vec<Value> = songs
        .iter()
        .enumerate()
        .skip(start)
        .take(limit)
        .map(|(n, song)| chart_item(&sandbox.catalog, &index, *song, n + 1))
        .collect();
    let mut answer = json!({ "data": data, "total": songs.len() });
    let page = |from: usize| {
        let mut url = sandbox.base_url.clone();
        url.set_path(&format!("deezer/chart/{genre_id}/tracks"));
        url.query_pairs_mut().append_pair("index", &from.to_string()).append_pair("limit", &limit.to_string());
        url.to_string()
    };
    if start > 0 {
        answer["prev"] = json!(page(start.saturating_sub(limit)));
    }
    if start + limit < songs.len() {
        answer["next"] = json!(page(start + limit));
    }
    Json(answer).into_response()
}

/// A chart item: the track's summary with the chart's extra fields.
fn chart_item(catalog: &Catalog, index: &ProviderIndex, song: ChartSong, position: usize) -> Value {
    let mut item = match song {
        ChartSong::Catalog(track) => {
            let mut item = track_summary(catalog, index, track);
            let track = &catalog.tracks[track];
            let guests: Vec<&str> = track.artists.iter().skip(1).map(|a| catalog.artists[*a].name.as_str()).collect();
            if !guests.is_empty() && index.share("deezer-chart-title", &track.id) < FEATURED_IN_TITLE {
                item["title"] = json!(with_featured(&track.name, &guests));
            }
            item
        }
        ChartSong::Outside(n) => outside_summary(index, n),
    };
    let key = item["id"].to_string();
    let md5 = md5_like(index, "deezer-cover", &key);
    item["title_version"] = json!("");
    item["explicit_content_cover"] = json!(0);
    item["preview"] =
        json!(format!("https://cdnt-preview.dzcdn.net/api/1/1/{}/0.mp3", md5_like(index, "deezer-preview", &key)));
    item["md5_image"] = json!(md5);
    item["position"] = json!(position);
    let artist_id = item["artist"]["id"].clone();
    let album_id = item["album"]["id"].clone();
    let artist_picture = md5_like(index, "deezer-picture", &artist_id.to_string());
    for (size, pixels) in [
        ("picture", None),
        ("picture_small", Some(56)),
        ("picture_medium", Some(250)),
        ("picture_big", Some(500)),
        ("picture_xl", Some(1000)),
    ] {
        item["artist"][size] = json!(image_url("artist", &artist_id, &artist_picture, pixels));
        let cover = size.replace("picture", "cover");
        item["album"][cover.as_str()] = json!(image_url("cover", &album_id, &md5, pixels));
    }
    item["artist"]["radio"] = json!(true);
    item["artist"]["tracklist"] = json!(format!("https://api.deezer.com/artist/{artist_id}/top?limit=50"));
    item["album"]["md5_image"] = json!(md5);
    item["album"]["tracklist"] = json!(format!("https://api.deezer.com/album/{album_id}/tracks"));
    item
}

/// An image Deezer serves: the API's redirect for the plain field, the CDN's sized file for the others.
fn image_url(kind: &str, id: &Value, md5: &str, pixels: Option<u32>) -> String {
    match pixels {
        None => format!("https://api.deezer.com/{}/{id}/image", if kind == "cover" { "album" } else { "artist" }),
        Some(pixels) => {
            format!("https://e-cdns-images.dzcdn.net/images/{kind}/{md5}/{pixels}x{pixels}-000000-80-0-0.jpg")
        }
    }
}

/// 32 hexadecimal digits, as Deezer names its images.
fn md5_like(index: &ProviderIndex, purpose: &str, key: &str) -> String {
    index.uuid(purpose, key).replace('-', "")
}

/// The summary of a song Deezer has but the catalog does not.
fn outside_summary(index: &ProviderIndex, n: usize) -> Value {
    let song = &index.charts.outside[n];
    let artist_id = index.number("deezer-outside-artist", &song.artists[0], 1_000, 199_999_999);
    let album_id = index.number("deezer-outside-album", &song.key, 900_000_000, 999_999_999);
    let popularity = f64::from(song.popularity) / 100.0;
    json!({
        "id": song.deezer_id,
        "readable": true,
        "title": with_featured(&song.title, &song.artists.iter().skip(1).map(String::as_str).collect::<Vec<_>>()),
        "title_short": song.title,
        "link": format!("https://www.deezer.com/track/{}", song.deezer_id),
        "duration": (song.duration_ms + 500) / 1000,
        "rank": (popularity * popularity * 950_000.0) as u64 + index.number("deezer-rank", &song.key, 0, 49_999),
        "explicit_lyrics": song.explicit,
        "explicit_content_lyrics": u8::from(song.explicit),
        "artist": {
            "id": artist_id,
            "name": song.artists[0],
            "link": format!("https://www.deezer.com/artist/{artist_id}"),
            "type": "artist",
        },
        "album": { "id": album_id, "title": song.album, "release_date": song.released.to_string(), "type": "album" },
        "type": "track",
    })
}

/// The full track of a song Deezer has but the catalog does not, as `/track/{id}` and `/track/isrc:{ISRC}` answer.
pub(super) fn outside_track(index: &ProviderIndex, n: usize) -> Value {
    let song = &index.charts.outside[n];
    let mut value = outside_summary(index, n);
    let contributors: Vec<Value> = song
        .artists
        .iter()
        .enumerate()
        .map(|(position, name)| {
            let id = index.number("deezer-outside-artist", name, 1_000, 199_999_999);
            let role = if position == 0 { "Main" } else { "Featured" };
            let link = format!("https://www.deezer.com/artist/{id}");
            json!({ "id": id, "name": name, "link": link, "type": "artist", "role": role })
        })
        .collect();
    for (name, field) in [
        ("isrc", json!(song.isrc)),
        ("track_position", json!(1)),
        ("disk_number", json!(1)),
        ("release_date", json!(song.released.to_string())),
        ("bpm", json!(0)),
        ("gain", json!(-8.5)),
        ("available_countries", json!(["BR", "CA", "DE", "FR", "GB", "JP", "SE", "US"])),
        ("contributors", json!(contributors)),
    ] {
        value[name] = field;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deezer_chart_ids_name_genres() {
        assert_eq!(genre_of("0"), Some(None));
        assert_eq!(genre_of("116"), Some(Some(ChartGenre::HipHop)));
        assert_eq!(genre_of("85"), None);
        assert_eq!(genre_of("pop"), None);
    }
}
