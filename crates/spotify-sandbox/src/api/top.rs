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
use crate::state::{SharedSandbox, TimeRange, UserLibrary};

fn time_range(params: &Params) -> Result<(TimeRange, &str), ApiError> {
    let text = params.get("time_range").unwrap_or("medium_term");
    TimeRange::parse(text).map(|range| (range, text)).ok_or_else(|| ApiError::bad_request("Invalid time range"))
}

/// One page of the caller's top items in the requested `time_range`; `top` picks the artist or track lists.
fn top_page(
    sandbox: &SharedSandbox,
    caller: &Caller,
    params: &Params,
    path: &str,
    top: fn(&UserLibrary) -> &[Vec<usize>; 3],
    render_item: fn(&Render<'_>, usize) -> Value,
) -> Result<Json<Value>, ApiError> {
    caller.require("user-top-read")?;
    let (range, range_text) = time_range(params)?;
    let (limit, offset) = (params.limit(20, 50)?, params.offset(None)?);
    let state = sandbox.lock();
    let list = &top(library_of(&state, &caller.user_id)?)[range.slot()];
    let render = Render::new(sandbox);
    let items = list[window(offset, limit, list.len())].iter().map(|index| render_item(&render, *index)).collect();
    let link = PageLink::new(render.api_url(path)).with("time_range", range_text);
    Ok(Json(link.page(offset, limit, list.len(), items)))
}

/// Top artists (in Development Mode without genres, popularity and followers).
pub(super) async fn artists(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    top_page(&sandbox, &caller, &params, "me/top/artists", |user| &user.top_artists, |r, artist| r.artist(artist))
}

/// Top tracks.
pub(super) async fn tracks(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    top_page(&sandbox, &caller, &params, "me/top/tracks", |user| &user.top_tracks, |r, track| r.track(track))
}
