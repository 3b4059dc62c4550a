//! Which songs are on SoundCloud and how their uploads look, and the track routes: search and a track by id.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::{Date, Duration};

use super::error;
use crate::catalog::Catalog;
use crate::providers::QueryPairs;
use crate::providers::beatport::slug;
use crate::providers::charts::{
    ChartGenre, ChartIndex, ChartSong, Song, ampersand_joined, grown, search_words, today, with_featured,
};
use crate::providers::identity::ProviderIndex;
use crate::state::SharedSandbox;

const DEFAULT_LIMIT: usize = 50;
const MOST_LIMIT: usize = 200;
/// Share of uploads with publisher metadata, and of those with an ISRC in it.
const WITH_METADATA: f64 = 0.7;
const WITH_ISRC: f64 = 0.65;
/// Share of uploads titled "Artist - Title" (labels' and fans' uploads).
const ARTIST_IN_TITLE: f64 = 0.15;

/// One upload.
#[derive(Debug, Clone)]
pub(crate) struct Upload {
    pub id: u64,
    pub song: ChartSong,
    pub plays_per_day: f64,
}

/// Every upload, and each by id.
#[derive(Debug, Default)]
pub(crate) struct Uploads {
    uploads: Vec<Upload>,
    by_id: HashMap<u64, usize>,
}

impl Uploads {
    /// Puts 25 % of the least popular songs up to 75 % of the most popular on SoundCloud.
    pub(crate) fn build(index: &ProviderIndex, catalog: &Catalog, charts: &ChartIndex) -> Self {
        let mut uploads: Vec<Upload> = Vec::new();
        let mut by_id = HashMap::new();
        for chart_song in charts.all_songs() {
            let song = charts.song(catalog, chart_song);
            let popularity = f64::from(song.popularity);
            if index.share("soundcloud-upload", song.key) >= 0.25 + 0.5 * popularity / 100.0 {
                continue;
            }
            let wanted = index.number("soundcloud-track", song.key, 100_000_000, 2_099_999_999);
            let id = (wanted..).find(|id| !by_id.contains_key(id)).unwrap_or(wanted);
            by_id.insert(id, uploads.len());
            uploads.push(Upload { id, song: chart_song, plays_per_day: 10.0 + 8.0 * 1.085f64.powf(popularity) });
        }
        Self { uploads, by_id }
    }
}

/// SoundCloud's genre text for a chart genre.
fn genre_text(genre: Option<ChartGenre>) -> &'static str {
    match genre {
        Some(ChartGenre::Pop) => "Pop",
        Some(ChartGenre::HipHop) => "Hip-hop & Rap",
        Some(ChartGenre::Dance) => "Dance & EDM",
        Some(ChartGenre::Electronic) => "Electronic",
        Some(ChartGenre::Country) => "Country",
        Some(ChartGenre::Rock) => "Rock",
        Some(ChartGenre::RnB) => "R&B & Soul",
        Some(ChartGenre::Latin) => "Latin",
        None => "",
    }
}

/// The upload's title: the song's, with its guests, sometimes after the artist.
fn title(index: &ProviderIndex, song: &Song<'_>) -> String {
    let featured: Vec<&str> = song.artists.iter().skip(1).copied().collect();
    let title = with_featured(song.title, &featured);
    if index.share("soundcloud-title", song.key) < ARTIST_IN_TITLE {
        format!("{} - {title}", song.main_artist())
    } else {
        title
    }
}

/// The track as SoundCloud answers it on `day`.
fn track_json(index: &ProviderIndex, catalog: &Catalog, upload: &Upload, day: Date) -> Value {
    let song = index.charts.song(catalog, upload.song);
    let uploader = song.main_artist();
    let user_id = index.number("soundcloud-user", uploader, 1_000_000, 999_999_999);
    let permalink = slug(uploader);
    let created = song.released + Duration::days(index.number("soundcloud-created", song.key, 0, 3) as i64);
    let seed = index.number("soundcloud-plays", song.key, 0, u64::MAX - 1);
    let plays = grown(seed, upload.plays_per_day, created, day);
    let (hour, minute) = (user_id % 24, user_id % 60);
    let likes = (plays as f64 * (0.005 + 0.025 * index.share("soundcloud-likes", song.key))) as u64;
    let metadata = (index.share("soundcloud-metadata", song.key) < WITH_METADATA).then(|| {
        let isrc = (index.share("soundcloud-isrc", song.key) < WITH_ISRC).then_some(song.isrc);
        json!({
            "id": upload.id,
            "urn": format!("soundcloud:tracks:{}", upload.id),
            "artist": ampersand_joined(&song.artists),
            "album_title": song.album,
            "contains_music": true,
            "isrc": isrc,
            "explicit": song.explicit,
            "release_title": song.title,
        })
    });
    json!({
        "kind": "track",
        "id": upload.id,
        "urn": format!("soundcloud:tracks:{}", upload.id),
        "title": title(index, &song),
        "genre": genre_text(song.genre),
        "duration": song.duration_ms,
        "created_at": format!("{} {:02}:{:02}:11 +0000", created.to_string().replace('-', "/"), hour, minute),
        "permalink_url": format!("https://soundcloud.com/{permalink}/{}", slug(song.title)),
        "playback_count": plays,
        "likes_count": likes,
        "access": "playable",
        "streamable": true,
        "user": {
            "id": user_id,
            "kind": "user",
            "username": uploader,
            "permalink": permalink,
            "permalink_url": format!("https://soundcloud.com/{permalink}"),
        },
        "publisher_metadata": metadata,
    })
}

/// `GET /tracks?q=&limit=&offset=&linked_partitioning=true`.
pub(super) async fn search(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Response {
    let wanted = search_words(query.first("q").unwrap_or_default());
    let limit = query
        .first("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0)
        .unwrap_or(DEFAULT_LIMIT)
        .min(MOST_LIMIT);
    let offset: usize = query.first("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
    let day = today(&sandbox);
    let catalog = &sandbox.catalog;
    let mut hits: Vec<&Upload> = index
        .soundcloud
        .uploads
        .iter()
        .filter(|upload| {
            let song = index.charts.song(catalog, upload.song);
            let text =
                search_words(&format!("{} {} {}", title(&index, &song), song.artists.join(" "), song.main_artist()));
            !wanted.is_empty() && song.released <= day && wanted.iter().all(|word| text.contains(word))
        })
        .collect();
    hits.sort_by(|a, b| b.plays_per_day.total_cmp(&a.plays_per_day).then(a.id.cmp(&b.id)));
    let collection: Vec<Value> =
        hits.iter().skip(offset).take(limit).map(|upload| track_json(&index, catalog, upload, day)).collect();
    if !query.first("linked_partitioning").is_some_and(|value| matches!(value, "true" | "1")) {
        return Json(collection).into_response();
    }
    let next_href = (offset + limit < hits.len()).then(|| {
        let mut url = sandbox.base_url.clone();
        url.set_path("soundcloud/tracks");
        url.query_pairs_mut()
            .append_pair("q", query.first("q").unwrap_or_default())
            .append_pair("limit", &limit.to_string())
            .append_pair("offset", &(offset + limit).to_string())
            .append_pair("linked_partitioning", "true");
        url.to_string()
    });
    Json(json!({ "collection": collection, "next_href": next_href })).into_response()
}

/// `GET /tracks/{id}`.
pub(super) async fn track(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(id): Path<String>,
) -> Response {
    let uploads = &index.soundcloud;
    let found = id.parse::<u64>().ok().and_then(|id| uploads.by_id.get(&id)).map(|n| &uploads.uploads[*n]);
    let day = today(&sandbox);
    match found {
        Some(upload) if index.charts.song(&sandbox.catalog, upload.song).released <= day => {
            Json(track_json(&index, &sandbox.catalog, upload, day)).into_response()
        }
        _ => error(StatusCode::NOT_FOUND),
    }
}
