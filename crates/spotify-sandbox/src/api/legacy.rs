//! The per-type save and follow endpoints that `/me/library` replaced: 403 in Development Mode, served in
//! Extended mode (`ids` in the query or an `{"ids": [...]}` body).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::auth::Caller;
use super::params::{Params, json_body};
use super::playlists::find;
use super::{library_of, library_of_mut, require_extended};
use crate::catalog::Catalog;
use crate::errors::ApiError;
use crate::state::{SharedSandbox, UserLibrary};

/// One kind of legacy id list: how its ids resolve, how many a request may carry, the scopes it needs and the
/// status a change answers.
struct Collection {
    lookup: fn(&Catalog, &str) -> Option<usize>,
    max: usize,
    modify_scope: &'static str,
    read_scope: &'static str,
    /// Following asks for `type=artist` as well.
    artists_only: bool,
    changed: StatusCode,
}

const TRACKS: Collection = Collection {
    lookup: Catalog::track_index,
    max: 50,
    modify_scope: "user-library-modify",
    read_scope: "user-library-read",
    artists_only: false,
    changed: StatusCode::OK,
};

const ALBUMS: Collection = Collection { lookup: Catalog::album_index, max: 20, ..TRACKS };

const ARTISTS: Collection = Collection {
    lookup: Catalog::artist_index,
    max: 50,
    modify_scope: "user-follow-modify",
    read_scope: "user-follow-read",
    artists_only: true,
    changed: StatusCode::NO_CONTENT,
};

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

/// The checks every legacy request passes, in Spotify's order: Extended mode, `scope`, the `type`, then the ids.
fn requested(
    sandbox: &SharedSandbox,
    caller: &Caller,
    params: &Params,
    body: &[u8],
    collection: &Collection,
    scope: &str,
) -> Result<Vec<usize>, ApiError> {
    require_extended(sandbox)?;
    caller.require(scope)?;
    if collection.artists_only {
        artist_type(params)?;
    }
    ids(params, body, collection.max, |id| (collection.lookup)(&sandbox.catalog, id))
}

/// Applies `apply` to the caller's library once per requested id.
fn change(
    sandbox: &SharedSandbox,
    caller: &Caller,
    params: &Params,
    body: &[u8],
    collection: &Collection,
    apply: impl Fn(&mut UserLibrary, usize, OffsetDateTime),
) -> Result<Response, ApiError> {
    let ids = requested(sandbox, caller, params, body, collection, collection.modify_scope)?;
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    for id in ids {
        apply(user, id, now);
    }
    Ok(collection.changed.into_response())
}

/// One boolean per requested id: whether the caller's library `holds` it.
fn contains(
    sandbox: &SharedSandbox,
    caller: &Caller,
    params: &Params,
    collection: &Collection,
    holds: impl Fn(&UserLibrary, usize) -> bool,
) -> Result<Json<Value>, ApiError> {
    let ids = requested(sandbox, caller, params, &[], collection, collection.read_scope)?;
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    Ok(Json(json!(ids.iter().map(|id| holds(user, *id)).collect::<Vec<_>>())))
}

/// `PUT /me/tracks`.
pub(super) async fn save_tracks(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    change(&sandbox, &caller, &params, &body, &TRACKS, |user, track, now| {
        if !user.likes(track) {
            user.like(track, now);
        }
    })
}

/// `DELETE /me/tracks`.
pub(super) async fn remove_tracks(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    change(&sandbox, &caller, &params, &body, &TRACKS, |user, track, _| {
        user.unlike(track);
    })
}

/// `GET /me/tracks/contains`.
pub(super) async fn tracks_contain(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    contains(&sandbox, &caller, &params, &TRACKS, UserLibrary::likes)
}

/// `PUT /me/albums`.
pub(super) async fn save_albums(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    change(&sandbox, &caller, &params, &body, &ALBUMS, UserLibrary::save_album)
}

/// `DELETE /me/albums`.
pub(super) async fn remove_albums(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    change(&sandbox, &caller, &params, &body, &ALBUMS, |user, album, _| {
        user.saved_albums.retain(|saved| saved.index != album);
    })
}

/// `GET /me/albums/contains`.
pub(super) async fn albums_contain(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    contains(&sandbox, &caller, &params, &ALBUMS, |user, album| user.saved_albums.iter().any(|s| s.index == album))
}

/// `PUT /me/following?type=artist`.
pub(super) async fn follow(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    change(&sandbox, &caller, &params, &body, &ARTISTS, |user, artist, _| user.follow_artist(artist))
}

/// `DELETE /me/following?type=artist`.
pub(super) async fn unfollow(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    change(&sandbox, &caller, &params, &body, &ARTISTS, |user, artist, _| {
        user.followed_artists.retain(|followed| *followed != artist);
    })
}

/// `GET /me/following/contains?type=artist`.
pub(super) async fn following_contains(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    contains(&sandbox, &caller, &params, &ARTISTS, |user, artist| user.followed_artists.contains(&artist))
}

/// Follows or unfollows the playlist `id` (which must exist) for the caller.
fn change_playlist_follow(
    sandbox: &SharedSandbox,
    caller: &Caller,
    id: &str,
    apply: fn(&mut UserLibrary, &str),
) -> Result<Response, ApiError> {
    require_extended(sandbox)?;
    caller.require_any(&["playlist-modify-public", "playlist-modify-private"])?;
    let mut state = sandbox.lock();
    find(&state, sandbox, id)?;
    apply(library_of_mut(&mut state, &caller.user_id)?, id);
    Ok(StatusCode::OK.into_response())
}

/// `PUT /playlists/{playlist_id}/followers`.
pub(super) async fn follow_playlist(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    change_playlist_follow(&sandbox, &caller, &id, UserLibrary::follow_playlist)
}

/// `DELETE /playlists/{playlist_id}/followers`.
pub(super) async fn unfollow_playlist(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    change_playlist_follow(&sandbox, &caller, &id, UserLibrary::unfollow_playlist)
}
