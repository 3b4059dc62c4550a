//! `GET /me/following?type=artist`: followed artists with Spotify's artist-id cursor.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::auth::Caller;
use super::library_of;
use super::params::Params;
use super::render::Render;
use crate::errors::ApiError;
use crate::state::SharedSandbox;

/// Followed artists ordered by name (then id), so an `after` cursor stays meaningful even if that artist is
/// unfollowed between two pages.
pub(super) async fn artists(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    caller.require("user-follow-read")?;
    match params.get("type") {
        Some("artist") => {}
        Some(_) => return Err(ApiError::bad_request("Invalid type: only artist is supported")),
        None => return Err(ApiError::bad_request("Missing required parameter: type")),
    }
    let limit = params.limit(20, 50)?;
    let catalog = &sandbox.catalog;
    let sort_key = |index: usize| (catalog.artists[index].name.to_lowercase(), catalog.artists[index].id.clone());
    let after = match params.get("after") {
        Some(id) => {
            Some(sort_key(catalog.artist_index(id).ok_or_else(|| ApiError::bad_request("Invalid after cursor"))?))
        }
        None => None,
    };
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    let mut followed: Vec<(String, String, usize)> = user
        .followed_artists
        .iter()
        .map(|index| {
            let (name, id) = sort_key(*index);
            (name, id, *index)
        })
        .collect();
    followed.sort();
    let total = followed.len();
    let start = after.map_or(0, |(name, id)| followed.partition_point(|(n, i, _)| (n, i) <= (&name, &id)));
    let page: Vec<usize> = followed[start..].iter().take(limit).map(|(_, _, index)| *index).collect();
    let render = Render::new(&sandbox);
    let url = |after: Option<&str>| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("type", "artist").append_pair("limit", &limit.to_string());
        if let Some(after) = after {
            query.append_pair("after", after);
        }
        format!("{}?{}", render.api_url("me/following"), query.finish())
    };
    let last_id = page.last().map(|index| catalog.artists[*index].id.clone());
    let more = start + page.len() < total;
    let next = if more { last_id.as_deref().map(|id| url(Some(id))) } else { None };
    let cursors = if more { json!({ "after": last_id }) } else { json!({ "after": null }) };
    Ok(Json(json!({
        "artists": {
            "href": url(params.get("after")),
            "limit": limit,
            "next": next,
            "cursors": cursors,
            "total": total,
            "items": page.iter().map(|index| render.artist(*index)).collect::<Vec<_>>(),
        }
    })))
}
