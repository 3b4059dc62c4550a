//! Reading playlists: the user's list, one playlist, and its items (with the 2026 owner/collaborator rule).

use axum::Json;
use axum::extract::{Path, State};
use serde_json::Value;

use super::auth::Caller;
use super::library_of;
use super::params::Params;
use super::render::Render;
use super::require_extended;
use crate::errors::ApiError;
use crate::paging::{PageLink, window};
use crate::state::{Playlist, SharedSandbox, State as SandboxState};

/// The playlist behind a path id. Spotify's editorial playlists answer 404 to Development-Mode apps.
pub(super) fn find<'s>(
    state: &'s SandboxState,
    sandbox: &SharedSandbox,
    playlist_id: &str,
) -> Result<&'s Playlist, ApiError> {
    match state.playlists.get(playlist_id) {
        Some(playlist) if !playlist.editorial || sandbox.mode.is_extended() => Ok(playlist),
        _ => Err(ApiError::not_found("Resource not found")),
    }
}

/// Whether the caller may see a playlist in their list, given the granted scopes.
fn listable(playlist: &Playlist, caller: &Caller) -> bool {
    if playlist.collaborative {
        caller.has("playlist-read-collaborative")
    } else {
        playlist.public || caller.has("playlist-read-private")
    }
}

/// `GET /me/playlists`: owned and followed playlists, private and collaborative ones only with their scopes.
pub(super) async fn mine(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let (limit, offset) = (params.limit(20, 50)?, params.offset(Some(100_000))?);
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    let visible: Vec<&Playlist> =
        user.playlists.iter().filter_map(|id| state.playlists.get(id)).filter(|p| listable(p, &caller)).collect();
    let render = Render::new(&sandbox);
    let items =
        visible[window(offset, limit, visible.len())].iter().map(|p| render.playlist_simple(p, &state)).collect();
    Ok(Json(PageLink::new(render.api_url("me/playlists")).page(offset, limit, visible.len(), items)))
}

/// `GET /playlists/{playlist_id}`: details for anyone; the entries only for the owner and collaborators (in
/// Extended mode, for everyone).
pub(super) async fn one(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(playlist_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = sandbox.lock();
    let playlist = find(&state, &sandbox, &playlist_id)?;
    let contents = sandbox.mode.is_extended() || playlist.is_member(&caller.user_id);
    Ok(Json(Render::new(&sandbox).playlist(playlist, &state, contents)))
}

/// Entries of a playlist, a page of at most `max_limit`.
fn entries_page(
    sandbox: &SharedSandbox,
    caller: &Caller,
    playlist_id: &str,
    params: &Params,
    path: &str,
    max_limit: usize,
) -> Result<Value, ApiError> {
    caller.require_any(&["playlist-read-private", "playlist-read-collaborative"])?;
    let (limit, offset) = (params.limit(20, max_limit)?, params.offset(None)?);
    let state = sandbox.lock();
    let playlist = find(&state, sandbox, playlist_id)?;
    if !sandbox.mode.is_extended() && !playlist.is_member(&caller.user_id) {
        return Err(ApiError::forbidden("Forbidden"));
    }
    let render = Render::new(sandbox);
    let total = playlist.entries.len();
    let items = playlist.entries[window(offset, limit, total)].iter().map(|entry| render.entry(entry)).collect();
    let link = PageLink::new(render.api_url(&format!("playlists/{}/{path}", playlist.id)));
    Ok(link.page(offset, limit, total, items))
}

/// `GET /playlists/{playlist_id}/items`: pages of at most 50 entries; 403 unless owner or collaborator.
pub(super) async fn items(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(playlist_id): Path<String>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    entries_page(&sandbox, &caller, &playlist_id, &params, "items", 50).map(Json)
}

/// `GET /playlists/{playlist_id}/tracks`: 403 in Development Mode; pages of at most 100 in Extended mode.
pub(super) async fn legacy_items(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(playlist_id): Path<String>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    require_extended(&sandbox)?;
    entries_page(&sandbox, &caller, &playlist_id, &params, "tracks", 100).map(Json)
}
