//! Player commands: transfer, play, pause, next, previous, seek, volume, shuffle, repeat, add to queue. They need
//! Premium and an active (or named) device, answer 204, and fail with Spotify's `reason`s.

use std::collections::VecDeque;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use time::OffsetDateTime;

use super::auth::Caller;
use super::library_of_mut;
use super::params::{Params, json_body};
use super::player::duration_of;
use super::uris::playable_item;
use crate::catalog::Catalog;
use crate::errors::ApiError;
use crate::state::{Item, Play, Playback, RepeatState, SharedSandbox, State as SandboxState, UserLibrary};

/// Plays shorter than this do not reach the history.
const COUNTED_PLAY_MS: u32 = 30_000;

fn no_active_device() -> ApiError {
    ApiError::player(StatusCode::NOT_FOUND, "Player command failed: No active device found", "NO_ACTIVE_DEVICE")
}

fn restriction(message: &str, reason: &'static str) -> ApiError {
    ApiError::player(StatusCode::FORBIDDEN, format!("Player command failed: {message}"), reason)
}

/// The caller's library if they may command the player: scope, Premium, then the device (`device_id` or the
/// active one), which becomes active.
fn controllable<'s>(
    state: &'s mut SandboxState,
    caller: &Caller,
    params: &Params,
) -> Result<&'s mut UserLibrary, ApiError> {
    caller.require("user-modify-playback-state")?;
    let user = library_of_mut(state, &caller.user_id)?;
    if !user.premium {
        return Err(restriction("Premium required", "PREMIUM_REQUIRED"));
    }
    match params.get("device_id") {
        Some(device_id) => {
            let index = user.player.device_index(device_id).ok_or_else(|| ApiError::not_found("Device not found"))?;
            user.player.active = Some(index);
        }
        None if user.player.active.is_none() => return Err(no_active_device()),
        None => {}
    }
    Ok(user)
}

fn playback(user: &mut UserLibrary) -> Result<&mut Playback, ApiError> {
    user.player.playback.as_mut().ok_or_else(no_active_device)
}

/// Adds what is playing to the history if it played long enough.
fn record_play(user: &mut UserLibrary, catalog: &Catalog, now: OffsetDateTime) {
    let Some(playback) = &user.player.playback else { return };
    if let Some(Item::Track(track)) = playback.current_item() {
        let duration = catalog.tracks[*track].duration_ms;
        if playback.progress_at(now, duration) >= COUNTED_PLAY_MS {
            user.plays.insert(0, Play { track: *track, played_at: now, context: playback.context.clone() });
        }
    }
}

fn done() -> Result<Response, ApiError> {
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Runs `command` on the caller's library once they may command the player (see [`controllable`]) and answers
/// 204. `now` is read before the sandbox is locked.
fn command(
    sandbox: &SharedSandbox,
    caller: &Caller,
    params: &Params,
    command: impl FnOnce(&mut UserLibrary, OffsetDateTime) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    command(controllable(&mut state, caller, params)?, now)?;
    done()
}

/// A [`command`] on the current playback (404 `NO_ACTIVE_DEVICE` when nothing is loaded).
fn playback_command(
    sandbox: &SharedSandbox,
    caller: &Caller,
    params: &Params,
    command_playback: impl FnOnce(&mut Playback, OffsetDateTime) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    command(sandbox, caller, params, |user, now| command_playback(playback(user)?, now))
}

/// Duration of the item playing now (0 when there is none).
fn current_duration(playback: &Playback, catalog: &Catalog) -> u32 {
    playback.current_item().map_or(0, |item| duration_of(item, catalog))
}

/// Puts the position at `progress_ms`; a playing item keeps playing from there.
fn move_to(playback: &mut Playback, progress_ms: u32, now: OffsetDateTime) {
    playback.progress_ms = progress_ms;
    if playback.since.is_some() {
        playback.since = Some(now);
    }
}

/// `PUT /me/player` `{device_ids: [one id], play?}`. With nothing loaded, `play` starts the liked songs there, as
/// Spotify picks up where the account last listened.
pub(super) async fn transfer(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller.require("user-modify-playback-state")?;
    let body = json_body(&body)?;
    let ids: Vec<&str> = body
        .as_ref()
        .and_then(|b| b.get("device_ids"))
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let [device_id] = ids.as_slice() else {
        return Err(ApiError::bad_request("device_ids must hold exactly one device id"));
    };
    let play = body.as_ref().and_then(|b| b.get("play")).and_then(Value::as_bool).unwrap_or(false);
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    let user = library_of_mut(&mut state, &caller.user_id)?;
    if !user.premium {
        return Err(restriction("Premium required", "PREMIUM_REQUIRED"));
    }
    let index = user.player.device_index(device_id).ok_or_else(|| ApiError::not_found("Device not found"))?;
    user.player.active = Some(index);
    match user.player.playback.as_mut() {
        Some(playback) if play && playback.since.is_none() => playback.since = Some(now),
        None if play => user.player.playback = liked_songs(user, now),
        _ => {}
    }
    done()
}

/// The user's liked songs, newest first, playing from the first; `None` when they like nothing.
fn liked_songs(user: &UserLibrary, now: OffsetDateTime) -> Option<Playback> {
    let items: Vec<Item> = user.liked.iter().map(|saved| Item::Track(saved.index)).collect();
    (!items.is_empty()).then(|| Playback {
        context: None,
        items,
        current: 0,
        progress_ms: 0,
        since: Some(now),
        shuffle: false,
        repeat: RepeatState::Off,
        queue: VecDeque::new(),
    })
}

/// The items of a context URI: an album's tracks, a playlist's playable entries, an artist's ten most popular.
fn context_items(uri: &str, sandbox: &SharedSandbox, state: &SandboxState) -> Result<Vec<Item>, ApiError> {
    let catalog = &sandbox.catalog;
    let invalid = || ApiError::bad_request(format!("Invalid context uri: {uri}"));
    let (kind, id) = uri.strip_prefix("spotify:").and_then(|rest| rest.split_once(':')).ok_or_else(invalid)?;
    match kind {
        "album" => Ok(catalog.albums[catalog.album_index(id).ok_or_else(invalid)?]
            .tracks
            .iter()
            .map(|t| Item::Track(*t))
            .collect()),
        "playlist" => Ok(state
            .playlists
            .get(id)
            .ok_or_else(invalid)?
            .entries
            .iter()
            .filter(|e| matches!(e.item, Item::Track(_) | Item::Episode(_)))
            .map(|e| e.item.clone())
            .collect()),
        "artist" => {
            let artist = catalog.artist_index(id).ok_or_else(invalid)?;
            let mut tracks: Vec<usize> =
                (0..catalog.tracks.len()).filter(|t| catalog.tracks[*t].artists[0] == artist).collect();
            tracks.sort_by_key(|t| std::cmp::Reverse(catalog.tracks[*t].popularity));
            Ok(tracks.into_iter().take(10).map(Item::Track).collect())
        }
        _ => Err(invalid()),
    }
}

/// `PUT /me/player/play` `{context_uri | uris, offset, position_ms}`; an empty body resumes.
pub(super) async fn play(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_body(&body)?.unwrap_or(Value::Null);
    let now = sandbox.clock.now();
    let mut state = sandbox.lock();
    controllable(&mut state, &caller, &params)?;
    let context_uri = body.get("context_uri").and_then(Value::as_str).map(str::to_owned);
    let uris: Option<Vec<String>> = body
        .get("uris")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect());
    let loaded = match (&context_uri, &uris) {
        (Some(_), Some(_)) => return Err(ApiError::bad_request("Only one of context_uri and uris may be given")),
        (Some(uri), None) => Some(context_items(uri, &sandbox, &state)?),
        (None, Some(uris)) => {
            Some(uris.iter().map(|uri| playable_item(uri, &sandbox.catalog)).collect::<Result<Vec<_>, _>>()?)
        }
        (None, None) => None,
    };
    let user = library_of_mut(&mut state, &caller.user_id)?;
    let Some(items) = loaded else {
        let playback = playback(user)?;
        if playback.is_playing() {
            return Err(restriction("Restriction violated", "NOT_PAUSED"));
        }
        playback.since = Some(now);
        return done();
    };
    if items.is_empty() {
        return Err(ApiError::bad_request("Nothing to play"));
    }
    let offset = body.get("offset");
    let current =
        match (offset.and_then(|o| o.get("position")), offset.and_then(|o| o.get("uri")).and_then(Value::as_str)) {
            (Some(position), _) => position.as_u64().map(|p| p as usize).filter(|p| *p < items.len()),
            (None, Some(uri)) => {
                let wanted = playable_item(uri, &sandbox.catalog)?;
                items.iter().position(|item| *item == wanted)
            }
            (None, None) => Some(0),
        }
        .ok_or_else(|| ApiError::bad_request("Invalid offset"))?;
    let position_ms = body.get("position_ms").and_then(Value::as_u64).unwrap_or(0);
    let duration = duration_of(&items[current], &sandbox.catalog);
    record_play(user, &sandbox.catalog, now);
    let (shuffle, repeat) = user.player.playback.as_ref().map_or((false, RepeatState::Off), |p| (p.shuffle, p.repeat));
    user.player.playback = Some(Playback {
        context: context_uri,
        items,
        current,
        progress_ms: (position_ms as u32).min(duration),
        since: Some(now),
        shuffle,
        repeat,
        queue: VecDeque::new(),
    });
    done()
}

/// `PUT /me/player/pause`: 403 `ALREADY_PAUSED` when paused.
pub(super) async fn pause(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    playback_command(&sandbox, &caller, &params, |playback, now| {
        if !playback.is_playing() {
            return Err(restriction("Already paused", "ALREADY_PAUSED"));
        }
        playback.progress_ms = playback.progress_at(now, current_duration(playback, &sandbox.catalog));
        playback.since = None;
        Ok(())
    })
}

/// `POST /me/player/next`: the queue first, then the context; 403 `NO_NEXT_TRACK` at the end.
pub(super) async fn next(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    command(&sandbox, &caller, &params, |user, now| {
        playback(user)?;
        record_play(user, &sandbox.catalog, now);
        let playback = playback(user)?;
        if let Some(queued) = playback.queue.pop_front() {
            playback.items.insert(playback.current + 1, queued);
            playback.current += 1;
        } else if playback.current + 1 < playback.items.len() {
            playback.current += 1;
        } else if playback.repeat == RepeatState::Context {
            playback.current = 0;
        } else {
            return Err(restriction("No next track", "NO_NEXT_TRACK"));
        }
        move_to(playback, 0, now);
        Ok(())
    })
}

/// `POST /me/player/previous`: restarts the item after three seconds, else goes back; 403 `NO_PREV_TRACK`.
pub(super) async fn previous(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    playback_command(&sandbox, &caller, &params, |playback, now| {
        if playback.progress_at(now, current_duration(playback, &sandbox.catalog)) <= 3_000 {
            if playback.current == 0 {
                return Err(restriction("No previous track", "NO_PREV_TRACK"));
            }
            playback.current -= 1;
        }
        move_to(playback, 0, now);
        Ok(())
    })
}

/// `PUT /me/player/seek?position_ms=`.
pub(super) async fn seek(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    let position: u64 = params
        .get("position_ms")
        .ok_or_else(|| ApiError::bad_request("Missing required parameter: position_ms"))?
        .parse()
        .map_err(|_| ApiError::bad_request("Invalid position_ms"))?;
    playback_command(&sandbox, &caller, &params, |playback, now| {
        let duration = current_duration(playback, &sandbox.catalog);
        move_to(playback, position.min(u64::from(duration)) as u32, now);
        Ok(())
    })
}

/// `PUT /me/player/volume?volume_percent=`: 403 `VOLUME_CONTROL_DISALLOW` on devices without volume control.
pub(super) async fn volume(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    let percent: u8 = params
        .get("volume_percent")
        .and_then(|text| text.parse().ok())
        .filter(|percent| *percent <= 100)
        .ok_or_else(|| ApiError::bad_request("volume_percent must be between 0 and 100"))?;
    command(&sandbox, &caller, &params, |user, _| {
        let device =
            user.player.active.and_then(|index| user.player.devices.get_mut(index)).ok_or_else(no_active_device)?;
        if !device.supports_volume {
            return Err(restriction("Cannot control device volume", "VOLUME_CONTROL_DISALLOW"));
        }
        device.volume_percent = Some(percent);
        Ok(())
    })
}

/// `PUT /me/player/shuffle?state=true|false`.
pub(super) async fn shuffle(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    let shuffle = match params.get("state") {
        Some("true") => true,
        Some("false") => false,
        _ => return Err(ApiError::bad_request("state must be true or false")),
    };
    playback_command(&sandbox, &caller, &params, |playback, _| {
        playback.shuffle = shuffle;
        Ok(())
    })
}

/// `PUT /me/player/repeat?state=track|context|off`.
pub(super) async fn repeat(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    let repeat = match params.get("state") {
        Some("track") => RepeatState::Track,
        Some("context") => RepeatState::Context,
        Some("off") => RepeatState::Off,
        _ => return Err(ApiError::bad_request("state must be track, context or off")),
    };
    playback_command(&sandbox, &caller, &params, |playback, _| {
        playback.repeat = repeat;
        Ok(())
    })
}

/// `POST /me/player/queue?uri=`.
pub(super) async fn add_to_queue(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
    params: Params,
) -> Result<Response, ApiError> {
    let uri = params.get("uri").ok_or_else(|| ApiError::bad_request("Missing required parameter: uri"))?;
    let item = playable_item(uri, &sandbox.catalog)?;
    playback_command(&sandbox, &caller, &params, |playback, _| {
        playback.queue.push_back(item);
        Ok(())
    })
}
