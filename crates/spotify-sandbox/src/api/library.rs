//! Saved tracks and albums (`/me/tracks`, `/me/albums`) and the 2026 unified library endpoints
//! (`PUT/DELETE /me/library`, `GET /me/library/contains`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::Caller;
use super::params::Params;
use super::render::Render;
use super::uris::{Target, library_target};
use super::{library_of, library_of_mut};
use crate::clock::format_seconds;
use crate::errors::ApiError;
use crate::paging::{PageLink, window};
use crate::state::{Saved, SharedSandbox, State as SandboxState, UserLibrary};

/// Most URIs one library request may carry.
const MAX_URIS: usize = 40;

/// A saved list as its endpoint pages it: each entry `{added_at, <field>: rendered item}`, newest first.
struct SavedList {
    path: &'static str,
    field: &'static str,
    entries: fn(&UserLibrary) -> &[Saved],
    render: fn(&Render<'_>, usize) -> Value,
}

const LIKED_SONGS: SavedList =
    SavedList { path: "me/tracks", field: "track", entries: |user| &user.liked, render: |r, track| r.track(track) };

const SAVED_ALBUMS: SavedList = SavedList {
    path: "me/albums",
    field: "album",
    entries: |user| &user.saved_albums,
    render: |r, album| r.album(album),
};

/// One page of `list` for the caller.
fn saved_page(
    sandbox: &SharedSandbox,
    caller: &Caller,
    params: &Params,
    list: &SavedList,
) -> Result<Json<Value>, ApiError> {
    caller.require("user-library-read")?;
    let (limit, offset) = (params.limit(20, 50)?, params.offset(None)?);
    let state = sandbox.lock();
    let saved = (list.entries)(library_of(&state, &caller.user_id)?);
    let render = Render::new(sandbox);
    let items = saved[window(offset, limit, saved.len())]
        .iter()
        .map(|entry| json!({ "added_at": format_seconds(entry.added_at), list.field: (list.render)(&render, entry.index) }))
        .collect();
    Ok(Json(PageLink::new(render.api_url(list.path)).page(offset, limit, saved.len(), items)))
}

/// `GET /me/tracks`: liked songs, newest first.
pub(super) async fn saved_tracks(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    saved_page(&sandbox, &caller, &params, &LIKED_SONGS)
}

/// `GET /me/albums`: saved albums, newest first.
pub(super) async fn saved_albums(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    saved_page(&sandbox, &caller, &params, &SAVED_ALBUMS)
}

/// The scope a library change of this kind needs.
fn modify_scope(target: &Target) -> &'static str {
    match target {
        Target::Artist(_) | Target::User(_) => "user-follow-modify",
        Target::Playlist(_) => "playlist-modify-public",
        _ => "user-library-modify",
    }
}

fn read_scopes(target: &Target) -> &'static [&'static str] {
    match target {
        Target::Artist(_) | Target::User(_) => &["user-follow-read"],
        Target::Playlist(_) => &["playlist-read-private", "playlist-read-collaborative"],
        _ => &["user-library-read"],
    }
}

/// The `uris` parameter: present, at most 40.
fn requested_uris(params: &Params) -> Result<Vec<String>, ApiError> {
    let uris = params.list("uris");
    if uris.is_empty() {
        return Err(ApiError::bad_request("Missing required parameter: uris"));
    }
    if uris.len() > MAX_URIS {
        return Err(ApiError::bad_request("Too many ids requested"));
    }
    Ok(uris)
}

/// Parses and checks `uris` for a change: at most 40, all well-formed and existing, scopes granted.
fn targets_for_change(
    params: &Params,
    caller: &Caller,
    state: &SandboxState,
    sandbox: &SharedSandbox,
) -> Result<Vec<Target>, ApiError> {
    let uris = requested_uris(params)?;
    let mut targets = Vec::with_capacity(uris.len());
    for uri in &uris {
        let Some(target) = library_target(uri, &sandbox.catalog, false)? else {
            return Err(ApiError::non_existing_id());
        };
        let exists = match &target {
            Target::Playlist(id) => state.playlists.contains_key(id),
            Target::User(id) => state.profiles.contains_key(id),
            _ => true,
        };
        if !exists {
            return Err(ApiError::non_existing_id());
        }
        caller.require(modify_scope(&target))?;
        targets.push(target);
    }
    Ok(targets)
}

/// `PUT /me/library?uris=`: saves tracks, albums, episodes, shows; follows artists, users, playlists.
pub(super) async fn save(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let targets = targets_for_change(&params, &caller, &state, &sandbox)?;
    let user = library_of_mut(&mut state, &caller.user_id)?;
    for target in targets {
        match target {
            Target::Track(index) => {
                if !user.likes(index) {
                    user.like(index, now);
                }
            }
            Target::Album(index) => user.save_album(index, now),
            Target::Artist(index) => user.follow_artist(index),
            Target::Episode(index) => save_once(&mut user.saved_episodes, index, now),
            Target::Show(index) => save_once(&mut user.saved_shows, index, now),
            Target::Playlist(id) => user.follow_playlist(&id),
            Target::User(id) => {
                user.followed_users.insert(id);
            }
        }
    }
    Ok(StatusCode::OK.into_response())
}

/// Saves an item at the top of a list unless it is already there.
fn save_once(list: &mut Vec<Saved>, index: usize, at: time::OffsetDateTime) {
    if !list.iter().any(|saved| saved.index == index) {
        list.insert(0, Saved { index, added_at: at });
    }
}

/// `DELETE /me/library?uris=`: the reverse of `save`.
pub(super) async fn remove(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    let mut state = sandbox.lock();
    let targets = targets_for_change(&params, &caller, &state, &sandbox)?;
    let user = library_of_mut(&mut state, &caller.user_id)?;
    for target in targets {
        match target {
            Target::Track(index) => {
                user.unlike(index);
            }
            Target::Album(index) => user.saved_albums.retain(|saved| saved.index != index),
            Target::Artist(index) => user.followed_artists.retain(|artist| *artist != index),
            Target::Episode(index) => user.saved_episodes.retain(|saved| saved.index != index),
            Target::Show(index) => user.saved_shows.retain(|saved| saved.index != index),
            Target::Playlist(id) => user.unfollow_playlist(&id),
            Target::User(id) => {
                user.followed_users.remove(&id);
            }
        }
    }
    Ok(StatusCode::OK.into_response())
}

/// `GET /me/library/contains?uris=`: one boolean per URI.
pub(super) async fn contains(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let uris = requested_uris(&params)?;
    let state = sandbox.lock();
    let user = library_of(&state, &caller.user_id)?;
    let mut answers = Vec::with_capacity(uris.len());
    for uri in &uris {
        let target = library_target(uri, &sandbox.catalog, true)?;
        if let Some(target) = &target {
            caller.require_any(read_scopes(target))?;
        }
        answers.push(match target {
            None => false,
            Some(Target::Track(index)) => user.likes(index),
            Some(Target::Album(index)) => user.saved_albums.iter().any(|s| s.index == index),
            Some(Target::Artist(index)) => user.followed_artists.contains(&index),
            Some(Target::Episode(index)) => user.saved_episodes.iter().any(|s| s.index == index),
            Some(Target::Show(index)) => user.saved_shows.iter().any(|s| s.index == index),
            Some(Target::Playlist(id)) => user.playlists.contains(&id),
            Some(Target::User(id)) => user.followed_users.contains(&id),
        });
    }
    Ok(Json(json!(answers)))
}
