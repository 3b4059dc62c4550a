//! Player reads: playback state (204 when idle), devices, the currently playing item, the queue.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::auth::Caller;
use super::library_of;
use super::render::Render;
use crate::catalog::Catalog;
use crate::clock::unix_millis;
use crate::errors::ApiError;
use crate::state::{Device, Item, Playback, Player, SharedSandbox};

/// How many upcoming items the queue shows.
const QUEUE_PREVIEW: usize = 20;

pub(super) fn device_json(device: &Device, active: bool) -> Value {
    json!({
        "id": device.id,
        "is_active": active,
        "is_private_session": false,
        "is_restricted": false,
        "name": device.name,
        "type": device.kind,
        "volume_percent": device.volume_percent,
        "supports_volume": device.supports_volume,
    })
}

/// Duration of a playable item (0 for anything else).
pub(super) fn duration_of(item: &Item, catalog: &Catalog) -> u32 {
    match item {
        Item::Track(index) => catalog.tracks[*index].duration_ms,
        Item::Episode(index) => catalog.episodes[*index].duration_ms,
        Item::Local(file) => file.duration_ms,
        Item::Unavailable => 0,
    }
}

/// The `context` object of a playing or played item, from its context URI.
pub(super) fn context_json(render: &Render<'_>, uri: &str) -> Value {
    let mut parts = uri.splitn(3, ':').skip(1);
    let (kind, id) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    json!({
        "type": kind,
        "href": render.api_url(&format!("{kind}s/{id}")),
        "external_urls": { "spotify": format!("https://open.spotify.com/{kind}/{id}") },
        "uri": uri,
    })
}

/// The fields shared by the playback state and the currently playing object.
fn now_playing(render: &Render<'_>, playback: &Playback, now: OffsetDateTime) -> Value {
    let item = playback.current_item().cloned().unwrap_or(Item::Unavailable);
    let kind = if matches!(item, Item::Episode(_)) { "episode" } else { "track" };
    let disallows = if playback.is_playing() { json!({ "resuming": true }) } else { json!({ "pausing": true }) };
    json!({
        "context": playback.context.as_deref().map(|uri| context_json(render, uri)),
        "timestamp": unix_millis(now),
        "progress_ms": playback.progress_at(now, duration_of(&item, render.catalog)),
        "is_playing": playback.is_playing(),
        "item": render.item(&item),
        "currently_playing_type": kind,
        "actions": { "disallows": disallows },
    })
}

fn active_playback(player: &Player) -> Option<(&Device, &Playback)> {
    Some((player.active_device()?, player.playback.as_ref()?))
}

/// `GET /me/player`: 204 while nothing is loaded on an active device.
pub(super) async fn playback_state(State(sandbox): State<SharedSandbox>, caller: Caller) -> Result<Response, ApiError> {
    caller.require("user-read-playback-state")?;
    let now = sandbox.clock.now();
    let state = sandbox.lock();
    let player = &library_of(&state, &caller.user_id)?.player;
    let Some((device, playback)) = active_playback(player) else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let render = Render::new(&sandbox);
    let mut value = now_playing(&render, playback, now);
    value["device"] = device_json(device, true);
    value["repeat_state"] = json!(playback.repeat.as_str());
    value["shuffle_state"] = json!(playback.shuffle);
    Ok(Json(value).into_response())
}

/// `GET /me/player/devices`.
pub(super) async fn devices(State(sandbox): State<SharedSandbox>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.require("user-read-playback-state")?;
    let state = sandbox.lock();
    let player = &library_of(&state, &caller.user_id)?.player;
    let devices: Vec<Value> =
        player.devices.iter().enumerate().map(|(index, d)| device_json(d, player.active == Some(index))).collect();
    Ok(Json(json!({ "devices": devices })))
}

/// `GET /me/player/currently-playing`: 204 when idle.
pub(super) async fn currently_playing(
    State(sandbox): State<SharedSandbox>,
    caller: Caller,
) -> Result<Response, ApiError> {
    caller.require_any(&["user-read-currently-playing", "user-read-playback-state"])?;
    let now = sandbox.clock.now();
    let state = sandbox.lock();
    let player = &library_of(&state, &caller.user_id)?.player;
    match active_playback(player) {
        Some((_, playback)) => Ok(Json(now_playing(&Render::new(&sandbox), playback, now)).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// `GET /me/player/queue`: what plays now and the next items (queued ones first).
pub(super) async fn queue(State(sandbox): State<SharedSandbox>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.require_any(&["user-read-currently-playing", "user-read-playback-state"])?;
    let state = sandbox.lock();
    let player = &library_of(&state, &caller.user_id)?.player;
    let render = Render::new(&sandbox);
    let Some((_, playback)) = active_playback(player) else {
        return Ok(Json(json!({ "currently_playing": null, "queue": [] })));
    };
    let upcoming: Vec<Value> = playback
        .queue
        .iter()
        .chain(playback.items.iter().skip(playback.current + 1))
        .take(QUEUE_PREVIEW)
        .map(|item| render.item(item))
        .collect();
    let current = playback.current_item().map_or(Value::Null, |item| render.item(item));
    Ok(Json(json!({ "currently_playing": current, "queue": upcoming })))
}
