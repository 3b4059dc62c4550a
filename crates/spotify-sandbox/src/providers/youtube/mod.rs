//! The YouTube Data API v3 under `/youtube`, as `https://www.googleapis.com`: video search by text and view counts
//! by video id, behind an API key and a daily quota.
//!
//! `GET /youtube/v3/search?part=snippet&q=&type=video&maxResults=&key=` (100 units) finds the videos whose artists
//! and title hold every word of `q`, most viewed first, `maxResults` 5 by default and at most 50; titles come
//! HTML-escaped as YouTube sends them (`&amp;`, `&#39;`). `GET /youtube/v3/videos?part=statistics&id=A,B,…&key=`
//! (1 unit) answers up to 50 ids (more is 400), unknown ids simply absent, counts as text; `part` may also ask for
//! `snippet`. Every key may spend the day's quota (`ProviderSettings::youtube_daily_quota`, 10,000 by default) per
//! sandbox day (UTC); a request that would exceed it is refused (403 `quotaExceeded`) and spends nothing. A request
//! without a key is refused (403 `forbidden`).
//!
//! Only some songs have videos: an official video for most popular songs and some of the rest, and for about a
//! third of those an audio upload too. Views grow every day by a rate of the video's own.

mod quota;
mod search;
mod videos;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

pub(crate) use quota::YouTubeQuota;
pub(crate) use videos::Videos;

use super::QueryPairs;
use super::charts::today;
use crate::state::SharedSandbox;

/// What a search costs.
const SEARCH_COST: u32 = 100;
/// What a videos list costs.
const LIST_COST: u32 = 1;

/// The YouTube routes, relative to `/youtube`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/youtube/v3/search", get(search::search)).route("/youtube/v3/videos", get(videos::list))
}

/// Google's error answer.
fn google_error(status: StatusCode, message: &str, domain: &str, reason: &str) -> Response {
    let body = json!({ "error": {
        "code": status.as_u16(),
        "message": message,
        "errors": [{ "message": message, "domain": domain, "reason": reason }],
    } });
    (status, Json(body)).into_response()
}

/// A request parameter with a value Google refuses.
fn bad_parameter(message: &str, reason: &str) -> Response {
    google_error(StatusCode::BAD_REQUEST, message, "youtube.parameter", reason)
}

/// Checks the request's key and spends `cost` units of its quota for today; the refusal when the key is missing or
/// its quota would be exceeded.
fn spend(sandbox: &SharedSandbox, query: &QueryPairs, cost: u32) -> Option<Response> {
    let Some(key) = query.first("key").map(str::trim).filter(|key| !key.is_empty()) else {
        let message = "Method doesn't allow unregistered callers (callers without established identity). Please use \
                       API Key or other form of API consumer identity to call this API.";
        return Some(google_error(StatusCode::FORBIDDEN, message, "global", "forbidden"));
    };
    let day = today(sandbox);
    if sandbox.lock().providers.spend_youtube_quota(key, day, cost) {
        return None;
    }
    let message = "The request cannot be completed because you have exceeded your quota.";
    Some(google_error(StatusCode::FORBIDDEN, message, "youtube.quota", "quotaExceeded"))
}
