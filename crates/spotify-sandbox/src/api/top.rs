//! `GET /me/top/artists` and `GET /me/top/tracks` per `time_range`.

use axum::Json;
use axum::extract::State;
use serde_json::Value;

use super::auth::Caller;
use super::library_of;
use super::params::Params;
use super::render::Render;
use crate::errors::ApiError;
use crate::paging::{PageLink, window};
use crate::state::{SharedSandbox, TimeRange};

fn time_range(params: &Params) -> Result<(TimeRange, &str), ApiError> {
    let text = params.get("time_range").unwrap_or("medium_term");
    TimeRange::parse(text).map(|range| (range, text)).ok_or_else(|| ApiError::bad_request("Invalid time range"))
}

/// Top artists (in Development Mode without genres, popularity and followers).
pub(super) async fn artists(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    caller.require("user-top-read")?;
    let (range, range_text) = time_range(&params)?;
    let (limit, offset) = (params.limit(20, 50)?, params.offset(None)?);
    let state = sandbox.lock();
    let list = &library_of(&state, &caller.user_id)?.top_artists[range.slot()];
    let render = Render::new(&sandbox);
    let items = list[window(offset, limit, list.len())].iter().map(|index| render.artist(*index)).collect();
    let link = PageLink::new(render.api_url("me/top/artists")).with("time_range", range_text);
    Ok(Json(link.page(offset, limit, list.len(), items)))
}

/// Top tracks.
pub(super) async fn tracks(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    caller.require("user-top-read")?;
    let (range, range_text) = time_range(&params)?;
    let (limit, offset) = (params.limit(20, 50)?, params.offset(None)?);
    let state = sandbox.lock();
    let list = &library_of(&state, &caller.user_id)?.top_tracks[range.slot()];
    let render = Render::new(&sandbox);
    let items = list[window(offset, limit, list.len())].iter().map(|index| render.track(*index)).collect();
    let link = PageLink::new(render.api_url("me/top/tracks")).with("time_range", range_text);
    Ok(Json(link.page(offset, limit, list.len(), items)))
}
