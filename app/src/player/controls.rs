//! The player bar's commands, each a small form: a plain post without JavaScript (the browser comes back to its page),
//! sent in place by a hydrated page.

use crossfade_domain::{PlayerCommand, Seek, Volume};
use leptos::prelude::*;

use crate::AppError;
use crate::playback::DeviceView;

/// Gives the signed-in user's Spotify player a command: `command` is pause, resume, next, previous, back, ahead,
/// seek (`value`: seconds), volume (`value`: percent), shuffle (`value`: on/off) or repeat (`value`:
/// off/context/track). A plain form post then returns to `back`. Requires sign-in (404 without) and the playback
/// permission; Spotify's refusals are answered with their reason in words (403, 409, 429 or 502).
#[server(prefix = "/api", endpoint = "control_player")]
pub async fn control_player(command: String, value: Option<String>, back: String) -> Result<(), AppError> {
    use tracing::Instrument as _;
    let viewer = crate::account::require_viewer()?;
    let command = PlayerCommand::parse(&command, value.as_deref().filter(|value| !value.is_empty()))
        .map_err(|problem| AppError::invalid("value", problem).answer())?;
    let library = expect_context::<crossfade_library::Library>();
    let span = tracing::info_span!("server_fn", function = "control_player", user_id = viewer.user_id);
    let done = crossfade_library::playback::command(&library, viewer.user_id, command, None).instrument(span).await;
    settle(done, viewer.user_id, &back)
}

/// Moves the signed-in user's playback to `device_id`, starting it there if `play` (with nothing loaded, Spotify
/// picks up where the account last listened). A plain form post then returns to `back`. Requires sign-in (404
/// without) and the playback permission; refusals as for [`control_player`].
#[server(prefix = "/api", endpoint = "transfer_playback")]
pub async fn transfer_playback(device_id: String, play: bool, back: String) -> Result<(), AppError> {
    use tracing::Instrument as _;
    let viewer = crate::account::require_viewer()?;
    // Spotify's device ids are 40 hex digits; anything far longer is no device of theirs.
    if device_id.is_empty() || device_id.len() > 128 {
        return Err(AppError::invalid("device_id", "not a Spotify device").answer());
    }
    let library = expect_context::<crossfade_library::Library>();
    let span = tracing::info_span!("server_fn", function = "transfer_playback", user_id = viewer.user_id);
    let done = crossfade_library::playback::transfer(&library, viewer.user_id, &device_id, play).instrument(span).await;
    settle(done, viewer.user_id, &back)
}

/// A command's outcome: back to the page for a plain form post, or Spotify's refusal in words.
#[cfg(feature = "ssr")]
fn settle(done: Result<(), crossfade_library::playback::PlayError>, user_id: i64, back: &str) -> Result<(), AppError> {
    match done {
        Ok(()) => {
            if crate::error::plain_form_post() {
                leptos_axum::redirect(&super::return_path(back));
            }
            Ok(())
        }
        Err(error) => Err(super::refusal::refused(error, user_id)),
    }
}

/// A button giving the player `command`, returning to `back`.
#[component]
pub fn CommandButton(
    action: ServerAction<ControlPlayer>,
    command: PlayerCommand,
    #[prop(into)] back: Signal<String>,
    #[prop(into)] label: String,
    /// For a switch (shuffle): whether it is on.
    #[prop(optional)]
    pressed: Option<bool>,
) -> impl IntoView {
    let (name, value) = command.form();
    view! {
        <ActionForm action attr:class="player-command">
            <input type="hidden" name="command" value=name />
            {value.map(|value| view! { <input type="hidden" name="value" value=value /> })}
            <input type="hidden" name="back" value=back />
            <button type="submit" class="player-button" aria-pressed=pressed.map(|on| on.to_string())>
                {label}
            </button>
        </ActionForm>
    }
}

/// The position in the track: a slider that seeks when let go (a Go button without JavaScript).
#[component]
pub fn SeekForm(
    action: ServerAction<ControlPlayer>,
    #[prop(into)] back: Signal<String>,
    duration_ms: u64,
    /// Where the track is now, in milliseconds (moves while it plays).
    #[prop(into)]
    progress_ms: Signal<u64>,
) -> impl IntoView {
    let at_load = progress_ms.get_untracked() / 1000;
    // Where the slider is held, if it is: the moving position must not pull it back meanwhile.
    let held = RwSignal::new(None::<String>);
    let seek = move |seconds: String| {
        held.set(None);
        let command = PlayerCommand::parse("seek", Some(&seconds));
        if let Ok(command @ PlayerCommand::Seek(Seek::To { .. })) = command {
            let (name, value) = command.form();
            action.dispatch(ControlPlayer { command: name.to_owned(), value, back: back.get_untracked() });
        }
    };
    view! {
        <ActionForm action attr:class="player-seek">
            <input type="hidden" name="command" value="seek" />
            <input type="hidden" name="back" value=back />
            <label class="visually-hidden" for="player-position">"Position in the track (seconds)"</label>
            <input
                id="player-position"
                type="range"
                name="value"
                min="0"
                max=(duration_ms / 1000).to_string()
                step="1"
                value=at_load.to_string()
                prop:value=move || held.get().unwrap_or_else(|| (progress_ms.get() / 1000).to_string())
                on:input=move |event| held.set(Some(event_target_value(&event)))
                on:change=move |event| seek(event_target_value(&event))
            />
            <button type="submit" class="without-js player-button">"Go"</button>
        </ActionForm>
    }
}

/// The device's volume: a slider that sets it when let go (a Set button without JavaScript).
#[component]
pub fn VolumeForm(
    action: ServerAction<ControlPlayer>,
    #[prop(into)] back: Signal<String>,
    percent: u8,
) -> impl IntoView {
    let set = move |raw: String| {
        if let Ok(volume) = raw.parse::<Volume>() {
            let (name, value) = PlayerCommand::Volume(volume).form();
            action.dispatch(ControlPlayer { command: name.to_owned(), value, back: back.get_untracked() });
        }
    };
    view! {
        <ActionForm action attr:class="player-volume">
            <input type="hidden" name="command" value="volume" />
            <input type="hidden" name="back" value=back />
            <label for="player-volume">"Volume"</label>
            <input
                id="player-volume"
                type="range"
                name="value"
                min="0"
                max="100"
                step="5"
                value=percent.to_string()
                on:change=move |event| set(event_target_value(&event))
            />
            <button type="submit" class="without-js player-button">"Set"</button>
        </ActionForm>
    }
}

/// A button moving playback to `device` (and starting it there when `play`), returning to `back`.
#[component]
pub fn DeviceButton(
    action: ServerAction<TransferPlayback>,
    device: DeviceView,
    play: bool,
    #[prop(into)] back: Signal<String>,
    label: String,
) -> impl IntoView {
    view! {
        <ActionForm action attr:class="player-command">
            <input type="hidden" name="device_id" value=device.id />
            <input type="hidden" name="play" value=play.to_string() />
            <input type="hidden" name="back" value=back />
            <button type="submit" class="player-button">{label}</button>
        </ActionForm>
    }
}
