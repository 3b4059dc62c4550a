//! Changing playlists: create, change details, add, replace or reorder, remove. Every change gives the playlist a
//! new `snapshot_id`; at most 100 items per request.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::Caller;
use super::params::{Params, json_body};
use super::playlists::find;
use super::render::Render;
use super::uris::playable_item;
use super::{library_of_mut, require_extended};
use crate::catalog::random_id;
use crate::errors::ApiError;
use crate::state::{EditError, Item, Playlist, SharedSandbox, State as SandboxState};

/// Most items one edit may carry.
const MAX_ITEMS: usize = 100;

fn edit_scope(public: bool) -> &'static str {
    if public { "playlist-modify-public" } else { "playlist-modify-private" }
}

/// The playlist the caller may edit: 404 if unknown, 403 without the scope or membership.
fn editable<'s>(
    state: &'s mut SandboxState,
    sandbox: &SharedSandbox,
    caller: &Caller,
    playlist_id: &str,
) -> Result<&'s mut Playlist, ApiError> {
    let playlist = find(state, sandbox, playlist_id)?;
    caller.require(edit_scope(playlist.public))?;
    if !playlist.is_member(&caller.user_id) {
        return Err(ApiError::forbidden("You cannot change a playlist you neither own nor collaborate on"));
    }
    state.playlists.get_mut(playlist_id).ok_or_else(|| ApiError::not_found("Resource not found"))
}

fn edit_error(error: EditError) -> ApiError {
    match error {
        EditError::OutOfBounds => ApiError::bad_request("Index out of bounds"),
        EditError::UnknownSnapshot => ApiError::bad_request("Invalid snapshot id"),
    }
}

fn field_bool(body: &Option<Value>, name: &str) -> Result<Option<bool>, ApiError> {
    match body.as_ref().and_then(|b| b.get(name)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(value)) => Ok(Some(*value)),
        Some(_) => Err(ApiError::bad_request(format!("Invalid {name}: expected a boolean"))),
    }
}

fn field_string(body: &Option<Value>, name: &str) -> Result<Option<String>, ApiError> {
    match body.as_ref().and_then(|b| b.get(name)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(ApiError::bad_request(format!("Invalid {name}: expected a string"))),
    }
}

fn field_index(body: &Option<Value>, name: &str) -> Result<Option<usize>, ApiError> {
    match body.as_ref().and_then(|b| b.get(name)) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => {
            value.as_u64().map(|n| Some(n as usize)).ok_or_else(|| ApiError::bad_request(format!("Invalid {name}")))
        }
    }
}

/// `uris` from the query string (which wins) or the body: `{"uris": [...]}`, or the bare array `[...]` that Spotify
/// also accepts (and some client libraries send).
fn requested_uris(params: &Params, body: &Option<Value>) -> Result<Option<Vec<String>>, ApiError> {
    if params.get("uris").is_some() {
        return Ok(Some(params.list("uris")));
    }
    let listed = match body {
        Some(Value::Array(values)) => Some(values),
        Some(body) => match body.get("uris") {
            None | Some(Value::Null) => None,
            Some(Value::Array(values)) => Some(values),
            Some(_) => return Err(ApiError::bad_request("Invalid uris: expected an array")),
        },
        None => None,
    };
    let Some(values) = listed else { return Ok(None) };
    values
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| ApiError::bad_request("Invalid uris: expected strings")))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn items_for(uris: &[String], sandbox: &SharedSandbox) -> Result<Vec<Item>, ApiError> {
    if uris.len() > MAX_ITEMS {
        return Err(ApiError::bad_request("You can add a maximum of 100 tracks per request."));
    }
    uris.iter().map(|uri| playable_item(uri, &sandbox.catalog)).collect()
}

/// Applies `change` to the playlist the caller may edit (see [`editable`]) and answers `status` with the new
/// `snapshot_id`.
fn edit(
    sandbox: &SharedSandbox,
    caller: &Caller,
    playlist_id: &str,
    status: StatusCode,
    change: impl FnOnce(&mut Playlist) -> Result<(), EditError>,
) -> Result<Response, ApiError> {
    let mut state = sandbox.lock();
    let playlist = editable(&mut state, sandbox, caller, playlist_id)?;
    change(playlist).map_err(edit_error)?;
    Ok((status, Json(json!({ "snapshot_id": playlist.snapshot_id() }))).into_response())
}

/// Creates a playlist owned by `owner` from a `{name, description, public, collaborative}` body.
pub(super) fn create_for(
    sandbox: &SharedSandbox,
    caller: &Caller,
    owner: &str,
    body: &[u8],
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let name = field_string(&body, "name")?.ok_or_else(|| ApiError::bad_request("Missing required field: name"))?;
    let collaborative = field_bool(&body, "collaborative")?.unwrap_or(false);
    let public = field_bool(&body, "public")?.unwrap_or(!collaborative);
    if collaborative && public {
        return Err(ApiError::bad_request("Collaborative playlists can only be private."));
    }
    caller.require(edit_scope(public))?;
    let description = field_string(&body, "description")?.unwrap_or_default();
    let mut state = sandbox.lock();
    let playlist =
        Playlist::new(random_id(&mut rand::rng()), owner.to_owned(), name, description, public, collaborative);
    let id = playlist.id.clone();
    library_of_mut(&mut state, owner)?.playlists.insert(0, id.clone());
    state.playlists.insert(id.clone(), playlist);
    let rendered = state.playlists.get(&id).map(|p| Render::new(sandbox).playlist(p, &state, true));
    Ok((StatusCode::CREATED, Json(rendered.unwrap_or(Value::Null))).into_response())
}

/// `POST /me/playlists` → 201 with the new playlist.
pub(super) async fn create(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let owner = caller.user_id.clone();
    create_for(&sandbox, &caller, &owner, &body)
}

/// `PUT /playlists/{playlist_id}`: name, description, public, collaborative; owner only.
pub(super) async fn change_details(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(playlist_id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_body(&body)?;
    let (name, description) = (field_string(&body, "name")?, field_string(&body, "description")?);
    let (public, collaborative) = (field_bool(&body, "public")?, field_bool(&body, "collaborative")?);
    let mut state = sandbox.lock();
    let playlist = find(&state, &sandbox, &playlist_id)?;
    caller.require(edit_scope(public.unwrap_or(playlist.public)))?;
    if playlist.owner != caller.user_id {
        return Err(ApiError::forbidden("You cannot change details of a playlist you do not own"));
    }
    let public = public.unwrap_or(playlist.public);
    let collaborative = collaborative.unwrap_or(playlist.collaborative);
    if public && collaborative {
        return Err(ApiError::bad_request("Collaborative playlists can only be private."));
    }
    let playlist = state.playlists.get_mut(&playlist_id).ok_or_else(|| ApiError::not_found("Resource not found"))?;
    if let Some(name) = name {
        playlist.name = name;
    }
    if let Some(description) = description {
        playlist.description = description;
    }
    playlist.public = public;
    playlist.collaborative = collaborative;
    playlist.touch();
    Ok(StatusCode::OK.into_response())
}

fn add_items(
    sandbox: &SharedSandbox,
    caller: &Caller,
    playlist_id: &str,
    params: &Params,
    body: &[u8],
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let uris = requested_uris(params, &body)?.filter(|uris| !uris.is_empty());
    let uris = uris.ok_or_else(|| ApiError::bad_request("No uris provided"))?;
    let items = items_for(&uris, sandbox)?;
    let position = match params.get("position") {
        Some(text) => Some(text.parse::<usize>().map_err(|_| ApiError::bad_request("Invalid position"))?),
        None => field_index(&body, "position")?,
    };
    let now = sandbox.clock.now();
    edit(sandbox, caller, playlist_id, StatusCode::CREATED, |playlist| {
        playlist.insert(items, position, &caller.user_id, now)
    })
}

fn update_items(
    sandbox: &SharedSandbox,
    caller: &Caller,
    playlist_id: &str,
    params: &Params,
    body: &[u8],
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let uris = requested_uris(params, &body)?;
    let range_start = field_index(&body, "range_start")?;
    let insert_before = field_index(&body, "insert_before")?;
    let now = sandbox.clock.now();
    match (uris, range_start, insert_before) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            Err(ApiError::bad_request("Replace (uris) and reorder (range_start, insert_before) cannot be combined"))
        }
        (Some(uris), None, None) => {
            let items = items_for(&uris, sandbox)?;
            edit(sandbox, caller, playlist_id, StatusCode::OK, |playlist| {
                playlist.replace(items, &caller.user_id, now);
                Ok(())
            })
        }
        (None, Some(range_start), Some(insert_before)) => {
            let range_length = field_index(&body, "range_length")?.unwrap_or(1);
            let snapshot_id = field_string(&body, "snapshot_id")?;
            edit(sandbox, caller, playlist_id, StatusCode::OK, |playlist| {
                playlist.reorder(range_start, insert_before, range_length, snapshot_id.as_deref())
            })
        }
        (None, _, _) => Err(ApiError::bad_request("Either uris, or range_start and insert_before, are required")),
    }
}

fn remove_items(
    sandbox: &SharedSandbox,
    caller: &Caller,
    playlist_id: &str,
    body: &[u8],
) -> Result<Response, ApiError> {
    let body = json_body(body)?;
    let listed = body.as_ref().and_then(|b| b.get("items").or_else(|| b.get("tracks")));
    let Some(Value::Array(listed)) = listed else {
        return Err(ApiError::bad_request("Missing required field: items"));
    };
    if listed.len() > MAX_ITEMS {
        return Err(ApiError::bad_request("Too many tracks: at most 100 per request"));
    }
    let uris: Vec<String> = listed
        .iter()
        .map(|entry| entry.get("uri").and_then(Value::as_str).map(str::to_owned))
        .collect::<Option<_>>()
        .ok_or_else(|| ApiError::bad_request("Each item needs a uri"))?;
    let items = items_for(&uris, sandbox)?;
    let snapshot_id = field_string(&body, "snapshot_id")?;
    edit(sandbox, caller, playlist_id, StatusCode::OK, |playlist| playlist.remove_all(&items, snapshot_id.as_deref()))
}

/// `POST /playlists/{playlist_id}/items` `{uris, position?}` → 201 `{snapshot_id}`.
pub(super) async fn add(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    add_items(&sandbox, &caller, &id, &params, &body)
}

/// `PUT /playlists/{playlist_id}/items`: replace `{uris}` xor reorder `{range_start, insert_before, range_length,
/// snapshot_id}` → 200 `{snapshot_id}`.
pub(super) async fn update(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    update_items(&sandbox, &caller, &id, &params, &body)
}

/// `DELETE /playlists/{playlist_id}/items` `{items:[{uri}], snapshot_id?}`: removes every occurrence.
pub(super) async fn remove(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    remove_items(&sandbox, &caller, &id, &body)
}

/// `POST /playlists/{playlist_id}/tracks`: 403 in Development Mode.
pub(super) async fn legacy_add(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    add_items(&sandbox, &caller, &id, &params, &body)
}

/// `PUT /playlists/{playlist_id}/tracks`: 403 in Development Mode.
pub(super) async fn legacy_update(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    update_items(&sandbox, &caller, &id, &params, &body)
}

/// `DELETE /playlists/{playlist_id}/tracks`: 403 in Development Mode.
pub(super) async fn legacy_remove(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    require_extended(&sandbox)?;
    remove_items(&sandbox, &caller, &id, &body)
}
