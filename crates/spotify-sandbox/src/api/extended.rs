//! Endpoints only Extended-mode apps may use (403 in Development Mode): batch reads, audio features, an artist's
//! top tracks, new releases, markets, other users' profiles and playlists.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::auth::Caller;
use super::params::Params;
use super::playlist_edit::create_for;
use super::render::Render;
use super::require_extended;
use super::uris::path_id;
use crate::catalog::Catalog;
use crate::errors::ApiError;
use crate::paging::{PageLink, window};
use crate::state::SharedSandbox;

/// `ids` (at most `max`), each resolved with `lookup` (unknown ids give `None`, rendered as null).
fn several(
    params: &Params,
    max: usize,
    lookup: impl Fn(&str) -> Option<usize>,
) -> Result<Vec<Option<usize>>, ApiError> {
    let ids = params.list("ids");
    if ids.is_empty() {
        return Err(ApiError::bad_request("Missing required parameter: ids"));
    }
    if ids.len() > max {
        return Err(ApiError::bad_request("Too many ids requested"));
    }
    Ok(ids.iter().map(|id| lookup(id)).collect())
}

fn rendered(found: Vec<Option<usize>>, render: impl Fn(usize) -> Value) -> Vec<Value> {
    found.into_iter().map(|index| index.map_or(Value::Null, &render)).collect()
}

/// `GET /tracks?ids=` (at most 50).
pub(super) async fn several_tracks(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let found = several(&params, 50, |id| sandbox.catalog.track_index(id))?;
    let render = Render::new(&sandbox);
    Ok(Json(json!({ "tracks": rendered(found, |i| render.track(i)) })))
}

/// `GET /artists?ids=` (at most 50).
pub(super) async fn several_artists(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let found = several(&params, 50, |id| sandbox.catalog.artist_index(id))?;
    let render = Render::new(&sandbox);
    Ok(Json(json!({ "artists": rendered(found, |i| render.artist(i)) })))
}

/// `GET /albums?ids=` (at most 20).
pub(super) async fn several_albums(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let found = several(&params, 20, |id| sandbox.catalog.album_index(id))?;
    let render = Render::new(&sandbox);
    Ok(Json(json!({ "albums": rendered(found, |i| render.album(i)) })))
}

/// `GET /audio-features?ids=` (at most 100).
pub(super) async fn several_audio_features(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let found = several(&params, 100, |id| sandbox.catalog.track_index(id))?;
    let render = Render::new(&sandbox);
    Ok(Json(json!({ "audio_features": rendered(found, |i| render.audio_features(i)) })))
}

/// `GET /audio-features/{id}`.
pub(super) async fn audio_features(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let index = path_id(&id, |id| sandbox.catalog.track_index(id))?;
    Ok(Json(Render::new(&sandbox).audio_features(index)))
}

fn top_tracks_of(catalog: &Catalog, artist: usize) -> Vec<usize> {
    let mut tracks: Vec<usize> =
        (0..catalog.tracks.len()).filter(|t| catalog.tracks[*t].artists.contains(&artist)).collect();
    tracks.sort_by_key(|t| std::cmp::Reverse(catalog.tracks[*t].popularity));
    tracks.truncate(10);
    tracks
}

/// `GET /artists/{id}/top-tracks`: the artist's ten most popular tracks.
pub(super) async fn artist_top_tracks(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let artist = path_id(&id, |id| sandbox.catalog.artist_index(id))?;
    let render = Render::new(&sandbox);
    let tracks: Vec<Value> = top_tracks_of(&sandbox.catalog, artist).into_iter().map(|t| render.track(t)).collect();
    Ok(Json(json!({ "tracks": tracks })))
}

/// `GET /browse/new-releases`: albums, newest first.
pub(super) async fn new_releases(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let (limit, offset) = (params.limit(20, 50)?, params.offset(None)?);
    let catalog = &sandbox.catalog;
    let mut albums: Vec<usize> = (0..catalog.albums.len()).collect();
    albums.sort_by(|a, b| catalog.albums[*b].release.date.cmp(&catalog.albums[*a].release.date).then(a.cmp(b)));
    albums.truncate(100);
    let render = Render::new(&sandbox);
    let items = albums[window(offset, limit, albums.len())].iter().map(|a| render.album_simple(*a)).collect();
    Ok(Json(
        json!({ "albums": PageLink::new(render.api_url("browse/new-releases")).page(offset, limit, albums.len(), items) }),
    ))
}

/// `GET /markets`.
pub(super) async fn markets(State(sandbox): State<SharedSandbox>, _caller: Caller) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    Ok(Json(json!({ "markets": ["BR", "CA", "DE", "FR", "GB", "JP", "SE", "US"] })))
}

/// `GET /users/{user_id}`.
pub(super) async fn user_profile(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let state = sandbox.lock();
    if !state.profiles.contains_key(&user_id) {
        return Err(ApiError::not_found("Resource not found"));
    }
    Ok(Json(Render::new(&sandbox).public_user(&user_id, &state)))
}

/// `GET /users/{user_id}/playlists`: the user's public playlists.
pub(super) async fn user_playlists(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(user_id): Path<String>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    let (limit, offset) = (params.limit(20, 50)?, params.offset(None)?);
    let state = sandbox.lock();
    if !state.profiles.contains_key(&user_id) {
        return Err(ApiError::not_found("Resource not found"));
    }
    let mut owned: Vec<_> = state.playlists.values().filter(|p| p.owner == user_id && p.public).collect();
    owned.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let render = Render::new(&sandbox);
    let items = owned[window(offset, limit, owned.len())].iter().map(|p| render.playlist_simple(p, &state)).collect();
    let link = PageLink::new(render.api_url(&format!("users/{user_id}/playlists")));
    Ok(Json(link.page(offset, limit, owned.len(), items)))
}

/// `POST /users/{user_id}/playlists`: only for oneself.
pub(super) async fn create_user_playlist(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(user_id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    if user_id != caller.user_id {
        return Err(ApiError::forbidden("You cannot create a playlist for another user"));
    }
    create_for(&sandbox, &caller, &user_id, &body)
}
