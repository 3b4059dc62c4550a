//! `GET /youtube/v3/search`: videos whose artists and title hold every word of the query, most viewed first.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::videos::{etag, snippet, title};
use super::{SEARCH_COST, bad_parameter, spend};
use crate::providers::QueryPairs;
use crate::providers::charts::{search_words, today};
use crate::providers::identity::ProviderIndex;
use crate::state::SharedSandbox;

const DEFAULT_RESULTS: usize = 5;
const MOST_RESULTS: usize = 50;

/// `GET /youtube/v3/search?part=snippet&q=&type=video&maxResults=&key=`.
pub(super) async fn search(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Response {
    if !query.first("part").is_some_and(|part| part.split(',').any(|part| part.trim() == "snippet")) {
        return bad_parameter("Required parameter: part", "required");
    }
    let most = match query.first("maxResults").map(|value| value.trim().parse::<usize>()) {
        None => DEFAULT_RESULTS,
        Some(Ok(most)) if most <= MOST_RESULTS => most,
        Some(_) => {
            return bad_parameter("Invalid value for maxResults: values must be within [0, 50].", "invalidValue");
        }
    };
    if let Some(refusal) = spend(&sandbox, &query, SEARCH_COST) {
        return refusal;
    }
    let wanted = search_words(query.first("q").unwrap_or_default());
    let day = today(&sandbox);
    let catalog = &sandbox.catalog;
    let videos_only = query.first("type").is_none_or(|kind| kind.split(',').any(|kind| kind.trim() == "video"));
    let mut hits: Vec<(f64, usize)> = index
        .youtube
        .videos
        .iter()
        .enumerate()
        .filter(|(_, video)| videos_only && !wanted.is_empty() && video.published <= day)
        .filter(|(_, video)| {
            let song = index.charts.song(catalog, video.song);
            let text = search_words(&format!("{} {}", song.artists.join(" "), title(video, &song)));
            wanted.iter().all(|word| text.contains(word))
        })
        .map(|(n, video)| (video.views_per_day, n))
        .collect();
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let items: Vec<Value> = hits
        .iter()
        .take(most)
        .map(|(_, n)| {
            let video = &index.youtube.videos[*n];
            let song = index.charts.song(catalog, video.song);
            json!({
                "kind": "youtube#searchResult",
                "etag": etag(&index, &video.id),
                "id": { "kind": "youtube#video", "videoId": video.id },
                "snippet": snippet(&index, video, &song, true),
            })
        })
        .collect();
    Json(json!({
        "kind": "youtube#searchListResponse",
        "etag": etag(&index, &format!("search@{day}")),
        "regionCode": "US",
        "pageInfo": { "totalResults": hits.len(), "resultsPerPage": most },
        "items": items,
    }))
    .into_response()
}
