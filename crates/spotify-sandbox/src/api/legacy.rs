//! The per-type save and follow endpoints that `/me/library` replaced: 403 in Development Mode, served in
//! Extended mode (`ids` in the query or an `{"ids": [...]}` body).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::Caller;
use super::params::{Params, json_body};
use super::playlists::find;
use super::{library_of, library_of_mut, require_extended};
use crate::errors::ApiError;
use crate::state::SharedSandbox;

/// `ids` from the query or the body, at most `max`, each resolved with `lookup` (unknown ids are 404).
fn ids(
    params: &Params,
    body: &[u8],
    max: usize,
    lookup: impl Fn(&str) -> Option<usize>,
) -> Result<Vec<usize>, ApiError> {
    let mut ids = params.list("ids");
    if ids.is_empty()
        && let Some(Value::Array(list)) = json_body(body)?.and_then(|b| b.get("ids").cloned())
    {
        ids = list.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    }
    if ids.is_empty() {
        return Err(ApiError::bad_request("Missing required parameter: ids"));
    }
    if ids.len() > max {
        return Err(ApiError::bad_request("Too many ids requested"));
    }
    ids.iter().map(|id| lookup(id).ok_or_else(ApiError::non_existing_id)).collect()
}

fn artist_type(params: &Params) -> Result<(), ApiError> {
    match params.get("type") {
        Some("artist") => Ok(()),
        _ => Err(ApiError::bad_request("type must be artist")),
    }
}

/// `PUT /me/tracks`.
pub(super) async fn save_tracks(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-library-modify")?;
    let tracks = ids(&params, &body, 50, |id| sandbox.catalog.track_index(id))?;
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    for track in tracks {
        if !user.likes(track) {
            user.like(track, now);
        }
    }
    Ok(StatusCode::OK.into_response())
}

/// `DELETE /me/tracks`.
pub(super) async fn remove_tracks(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-library-modify")?;
    let tracks = ids(&params, &body, 50, |id| sandbox.catalog.track_index(id))?;
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    for track in tracks {
        user.unlike(track);
    }
    Ok(StatusCode::OK.into_response())
}

/// `GET /me/tracks/contains`.
pub(super) async fn tracks_contain(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-library-read")?;
    let tracks = ids(&params, &[], 50, |id| sandbox.catalog.track_index(id))?;
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    Ok(Json(json!(tracks.iter().map(|t| user.likes(*t)).collect::<Vec<_>>())))
}

/// `PUT /me/albums`.
pub(super) async fn save_albums(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-library-modify")?;
    let albums = ids(&params, &body, 20, |id| sandbox.catalog.album_index(id))?;
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    for album in albums {
        user.save_album(album, now);
    }
    Ok(StatusCode::OK.into_response())
}

/// `DELETE /me/albums`.
pub(super) async fn remove_albums(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-library-modify")?;
    let albums = ids(&params, &body, 20, |id| sandbox.catalog.album_index(id))?;
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    user.saved_albums.retain(|saved| !albums.contains(&saved.index));
    Ok(StatusCode::OK.into_response())
}

/// `GET /me/albums/contains`.
pub(super) async fn albums_contain(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-library-read")?;
    let albums = ids(&params, &[], 20, |id| sandbox.catalog.album_index(id))?;
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    Ok(Json(json!(albums.iter().map(|a| user.saved_albums.iter().any(|s| s.index == *a)).collect::<Vec<_>>())))
}

/// `PUT /me/following?type=artist`.
pub(super) async fn follow(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-follow-modify")?;
    artist_type(&params)?;
    let artists = ids(&params, &body, 50, |id| sandbox.catalog.artist_index(id))?;
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    for artist in artists {
        user.follow_artist(artist);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /me/following?type=artist`.
pub(super) async fn unfollow(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-follow-modify")?;
    artist_type(&params)?;
    let artists = ids(&params, &body, 50, |id| sandbox.catalog.artist_index(id))?;
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    user.followed_artists.retain(|artist| !artists.contains(artist));
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /me/following/contains?type=artist`.
pub(super) async fn following_contains(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    caller.require("user-follow-read")?;
    artist_type(&params)?;
    let artists = ids(&params, &[], 50, |id| sandbox.catalog.artist_index(id))?;
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    Ok(Json(json!(artists.iter().map(|a| user.followed_artists.contains(a)).collect::<Vec<_>>())))
}

/// `PUT /playlists/{playlist_id}/followers`.
pub(super) async fn follow_playlist(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require_any(&["playlist-modify-public", "playlist-modify-private"])?;
    let mut state = sandbox.lock();
    find(&state, &sandbox, &id)?;
    library_of_mut(&mut state, &caller.user_id)?.follow_playlist(&id);
    Ok(StatusCode::OK.into_response())
}

/// `DELETE /playlists/{playlist_id}/followers`.
pub(super) async fn unfollow_playlist(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    caller.require_any(&["playlist-modify-public", "playlist-modify-private"])?;
    let mut state = sandbox.lock();
    find(&state, &sandbox, &id)?;
    library_of_mut(&mut state, &caller.user_id)?.unfollow_playlist(&id);
    Ok(StatusCode::OK.into_response())
}
