//! Which songs have videos, under which ids, and `GET /youtube/v3/videos`: the statistics (and snippet) of up to 50
//! videos by id.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde_json::{Value, json};
use time::{Date, Duration};

use super::{LIST_COST, bad_parameter, spend};
use crate::catalog::Catalog;
use crate::providers::QueryPairs;
use crate::providers::charts::{ChartIndex, ChartSong, Song, grown, today, with_featured};
use crate::providers::identity::ProviderIndex;
use crate::state::SharedSandbox;

/// Characters of a video id; the last one only takes every fourth, as YouTube's ids end.
const ID_CHARACTERS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Ids a videos list may ask for.
const MOST_IDS: usize = 50;

/// One upload.
#[derive(Debug, Clone)]
pub(crate) struct Video {
    pub id: String,
    pub song: ChartSong,
    /// The official video, or else an audio upload on the artist's "Topic" channel.
    pub official: bool,
    pub published: Date,
    pub views_per_day: f64,
}

/// Every video, and each by id.
#[derive(Debug, Default)]
pub(crate) struct Videos {
    pub videos: Vec<Video>,
    by_id: HashMap<String, usize>,
}

impl Videos {
    /// Decides which songs have videos: an official one for 30 % of the least popular songs up to 90 % of the most
    /// popular, and an audio upload for a third of those.
    pub(crate) fn build(index: &ProviderIndex, catalog: &Catalog, charts: &ChartIndex) -> Self {
        let mut videos = Vec::new();
        for chart_song in charts.all_songs() {
            let song = charts.song(catalog, chart_song);
            let popularity = f64::from(song.popularity);
            if index.share("youtube-video", song.key) >= 0.3 + 0.6 * popularity / 100.0 {
                continue;
            }
            let uploads = if index.share("youtube-audio", song.key) < 0.35 { 2 } else { 1 };
            for upload in 0..uploads {
                let official = upload == 0;
                let key = format!("{}#{upload}", song.key);
                let per_day = 20.0 + 150.0 * 1.09f64.powf(popularity) * if official { 1.0 } else { 0.2 };
                videos.push(Video {
                    id: video_id(index, &key),
                    song: chart_song,
                    official,
                    published: song.released + Duration::days(index.number("youtube-published", &key, 0, 6) as i64),
                    views_per_day: per_day,
                });
            }
        }
        let by_id = videos.iter().enumerate().map(|(n, video)| (video.id.clone(), n)).collect();
        Self { videos, by_id }
    }

    /// The video with this id.
    fn get(&self, id: &str) -> Option<&Video> {
        self.by_id.get(id).map(|n| &self.videos[*n])
    }
}

fn video_id(index: &ProviderIndex, key: &str) -> String {
    let mut rng = index.rng("youtube-video-id", key);
    let mut id: String = (0..10).map(|_| char::from(ID_CHARACTERS[rng.random_range(0..64)])).collect();
    id.push(char::from(ID_CHARACTERS[rng.random_range(0..16) * 4]));
    id
}

/// An ETag-shaped token for one answer.
pub(super) fn etag(index: &ProviderIndex, key: &str) -> String {
    let mut rng = index.rng("youtube-etag", key);
    (0..27).map(|_| char::from(ID_CHARACTERS[rng.random_range(0..64)])).collect()
}

/// The video's title, as the uploader wrote it.
pub(super) fn title(video: &Video, song: &Song<'_>) -> String {
    let featured: Vec<&str> = song.artists.iter().skip(1).copied().collect();
    let kind = if video.official { "Official Video" } else { "Official Audio" };
    format!("{} - {} ({kind})", song.main_artist(), with_featured(song.title, &featured))
}

/// The snippet of a video: who uploaded it, when, its title and thumbnails.
pub(super) fn snippet(index: &ProviderIndex, video: &Video, song: &Song<'_>, escaped: bool) -> Value {
    let channel =
        if video.official { song.main_artist().to_owned() } else { format!("{} - Topic", song.main_artist()) };
    let channel_id = format!("UC{}", &etag(index, &channel)[..22]);
    let title = title(video, song);
    let published = format!("{}T{:02}:00:07Z", video.published, index.number("youtube-hour", &video.id, 0, 23));
    let thumbnails: Value =
        [("default", "default", 120, 90), ("medium", "mqdefault", 320, 180), ("high", "hqdefault", 480, 360)]
            .iter()
            .map(|(name, file, width, height)| {
                let url = format!("https://i.ytimg.com/vi/{}/{file}.jpg", video.id);
                ((*name).to_owned(), json!({ "url": url, "width": width, "height": height }))
            })
            .collect::<serde_json::Map<String, Value>>()
            .into();
    json!({
        "publishedAt": published,
        "channelId": channel_id,
        "title": if escaped { html_escaped(&title) } else { title },
        "description": "",
        "thumbnails": thumbnails,
        "channelTitle": channel,
        "liveBroadcastContent": "none",
        "publishTime": published,
    })
}

/// Text as search results carry it: `&`, `<`, `>`, `"` and `'` as HTML entities.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The video's counts on `day`, as text.
fn statistics(index: &ProviderIndex, video: &Video, day: Date) -> Value {
    let seed = index.number("youtube-views", &video.id, 0, u64::MAX - 1);
    let views = grown(seed, video.views_per_day, video.published, day);
    let likes = views as f64 * (0.004 + 0.012 * index.share("youtube-likes", &video.id));
    let comments = views as f64 * (0.0002 + 0.0008 * index.share("youtube-comments", &video.id));
    json!({
        "viewCount": views.to_string(),
        "likeCount": (likes as u64).to_string(),
        "favoriteCount": "0",
        "commentCount": (comments as u64).to_string(),
    })
}

/// `GET /youtube/v3/videos?part=statistics&id=A,B&key=`.
pub(super) async fn list(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Response {
    let parts: Vec<&str> = query.first("part").unwrap_or_default().split(',').map(str::trim).collect();
    if !parts.iter().any(|part| ["statistics", "snippet", "id"].contains(part)) {
        return bad_parameter("Required parameter: part", "required");
    }
    let ids: Vec<&str> =
        query.first("id").unwrap_or_default().split(',').map(str::trim).filter(|id| !id.is_empty()).collect();
    if ids.len() > MOST_IDS {
        return bad_parameter("The request specifies an invalid filter parameter.", "invalidFilters");
    }
    if let Some(refusal) = spend(&sandbox, &query, LIST_COST) {
        return refusal;
    }
    let day = today(&sandbox);
    let items: Vec<Value> = ids
        .iter()
        .filter_map(|id| index.youtube.get(id))
        .filter(|video| video.published <= day)
        .map(|video| {
            let etag = etag(&index, &format!("{}@{day}", video.id));
            let mut item = json!({ "kind": "youtube#video", "etag": etag, "id": video.id });
            if parts.contains(&"snippet") {
                item["snippet"] = snippet(&index, video, &index.charts.song(&sandbox.catalog, video.song), false);
            }
            if parts.contains(&"statistics") {
                item["statistics"] = statistics(&index, video, day);
            }
            item
        })
        .collect();
    let count = items.len();
    Json(json!({
        "kind": "youtube#videoListResponse",
        "etag": etag(&index, &format!("{}@{day}", ids.join(","))),
        "items": items,
        "pageInfo": { "totalResults": count, "resultsPerPage": count },
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_titles_are_html_escaped() {
        assert_eq!(html_escaped("Mira & the Foxes - Don't"), "Mira &amp; the Foxes - Don&#39;t");
    }
}
