//! Playing a track on the user's Spotify devices from a page: a Play button (a plain form), the consent that playing
//! needs, and `/player/devices`, where a user with no active device picks one of the devices Spotify lists or learns
//! how to make one appear, and where the player bar's "Change device" moves playback to another device. Spotify's
//! refusals (Premium required, a restricted device) are explained in words.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::page_answer::gated_view;

/// Where the device page lives.
pub const DEVICES_PATH: &str = "/player/devices";

/// Plays Spotify track `track` for the signed-in user on `device`, or on the active one. With no device active, the
/// browser goes to the device page (and back to `back` from there); a plain form post returns to `back` once the
/// track plays. Requires sign-in and the playback permission.
#[server(prefix = "/api", endpoint = "play_track")]
pub async fn play_track(track: String, back: String, device: Option<String>) -> Result<(), AppError> {
    use crossfade_domain::SpotifyKind;
    use crossfade_library::playback::PlayError;
    use crossfade_spotify::ApiError;
    let viewer = crate::account::require_viewer()?;
    let track = SpotifyKind::Track
        .id_in_reference(&track)
        .ok_or_else(|| AppError::invalid("track", "not a Spotify track").answer())?;
    let back = if crate::is_local_path(&back) { back } else { "/".to_owned() };
    let device = device.filter(|device| !device.is_empty());
    let library = expect_context::<crossfade_library::Library>();
    let player = |message: &str| AppError::invalid("player", message).answer();
    match crossfade_library::playback::play_track(&library, viewer.user_id, &track, device.as_deref()).await {
        Ok(()) => {
            if crate::error::plain_form_post() {
                leptos_axum::redirect(&back);
            }
            Ok(())
        }
        Err(PlayError::NoActiveDevice { .. }) => {
            leptos_axum::redirect(&devices_path(track.as_str(), &back));
            Ok(())
        }
        Err(PlayError::NeedsConsent) => {
            Err(player("Allow Crossfade to control your Spotify player first (the button above the cards)."))
        }
        Err(PlayError::PremiumRequired) => Err(player(
            "Spotify plays on command only for Premium accounts. Use “Open in Spotify” to listen in Spotify itself.",
        )),
        Err(PlayError::Restricted) => {
            Err(player("That device takes no commands from other apps; pick another, or play from Spotify itself."))
        }
        Err(PlayError::DeviceGone) => {
            Err(player("That device is not available any more: open Spotify on it again, or pick another."))
        }
        Err(PlayError::Spotify(ApiError::RateLimited { .. })) => {
            Err(player("Spotify asks Crossfade to slow down; try again in a minute."))
        }
        Err(PlayError::Spotify(ApiError::NeedsSignIn)) => Err(player("Spotify needs you to sign in again.")),
        Err(PlayError::Refused(_)) => Err(player("Spotify does not allow playing that on this device now.")),
        Err(error) => Err(crate::error::internal("playing a track failed", &error)),
    }
}

/// A device as the device page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub active: bool,
}

#[cfg(feature = "ssr")]
impl From<crossfade_library::playback::PlayerDevice> for DeviceView {
    fn from(device: crossfade_library::playback::PlayerDevice) -> Self {
        DeviceView { id: device.id, name: device.name, kind: device.kind, active: device.active }
    }
}

/// What the device page shows: the devices, or that playing is not allowed yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevicesView {
    pub may_play: bool,
    pub devices: Vec<DeviceView>,
}

/// The devices Spotify lists for the signed-in user. A visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "player_devices")]
pub async fn player_devices() -> Result<Option<DevicesView>, AppError> {
    use crossfade_library::playback::{PlayError, devices, may_control_playback};
    crate::account::for_viewer("player_devices", |viewer| async move {
        let library = expect_context::<crossfade_library::Library>();
        let may_play = may_control_playback(&library.pool, viewer.user_id)
            .await
            .map_err(|error| crate::error::internal("reading the granted scopes failed", &error))?;
        if !may_play {
            return Ok(DevicesView { may_play, devices: Vec::new() });
        }
        let devices = match devices(&library, viewer.user_id).await {
            Ok(devices) => devices,
            Err(PlayError::Spotify(crossfade_spotify::ApiError::RateLimited { .. })) => {
                return Err(AppError::invalid("player", "Spotify asks Crossfade to slow down; try again in a minute"));
            }
            Err(error) => return Err(crate::error::internal("reading the player's devices failed", &error)),
        };
        Ok(DevicesView { may_play, devices: devices.into_iter().map(DeviceView::from).collect() })
    })
    .await
}

/// A Play button for Spotify track `spotify_id`, returning to `back`.
#[component]
pub fn PlayButton(spotify_id: String, back: String, action: ServerAction<PlayTrack>) -> impl IntoView {
    view! {
        <ActionForm action attr:class="play">
            <input type="hidden" name="track" value=spotify_id />
            <input type="hidden" name="back" value=back />
            <button type="submit" class="button secondary small">"Play"</button>
        </ActionForm>
    }
}

/// Asks for the permission to control the player, coming back to `here`; the button says `words` when given.
#[component]
pub fn PlaybackConsent(
    #[prop(into)] here: Signal<String>,
    #[prop(optional)] words: Option<&'static str>,
) -> impl IntoView {
    view! {
        <form method="post" action="/auth/consent" class="playback-consent">
            <input type="hidden" name="return_to" value=here />
            <input type="hidden" name="want" value="playback" />
            <button type="submit" class="button secondary small">
                {words.unwrap_or("Allow Crossfade to play on my Spotify devices")}
            </button>
        </form>
    }
}

/// The device page: `?track=` to play and `?back=` to return to; without a track, the player bar's "Change device",
/// which moves what plays to the device picked.
#[component]
pub fn ChooseDevicePage() -> impl IntoView {
    let query = use_query_map();
    let play = ServerAction::<PlayTrack>::new();
    crate::player::look_again_after(move || play.version().get());
    let data = Resource::new(|| (), |_| player_devices());
    let moving = query.read_untracked().get("track").unwrap_or_default().is_empty();
    let heading = if moving { "Move playback to which device?" } else { "Play on which device?" };
    let lead = if moving {
        "Spotify plays on one device at a time. Pick where to listen: what plays moves there."
    } else {
        concat!(
            "No Spotify device is playing right now. Spotify plays on a device where Spotify is open: your phone, a ",
            "computer, a speaker."
        )
    };
    view! {
        <Title text=heading />
        <h1>{heading}</h1>
        <p>{lead}</p>
        <Suspense fallback=|| view! { <p>"Asking Spotify for your devices…"</p> }>
            {move || Suspend::new(async move {
                let track = query.read_untracked().get("track").unwrap_or_default();
                // The address is anyone's to write: only a path on this site becomes the Back link.
                let back = query.read_untracked().get("back").filter(|back| crate::is_local_path(back));
                let back = back.unwrap_or_else(|| "/".to_owned());
                gated_view(data.await, "to play on your devices", move |view: DevicesView| {
                    if track.is_empty() {
                        view! { <MoveDevices view back /> }.into_any()
                    } else {
                        view! { <Devices view track back play /> }.into_any()
                    }
                })
            })}
        </Suspense>
    }
}

/// The devices to move playback to, each a plain form; with JavaScript the page goes back once playback moved.
#[component]
fn MoveDevices(view: DevicesView, back: String) -> impl IntoView {
    use crate::player::{DeviceButton, TransferPlayback};
    let transfer = ServerAction::<TransferPlayback>::new();
    let navigate = leptos_router::hooks::use_navigate();
    let home = back.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = transfer.value().get() {
            navigate(&home, Default::default());
        }
    });
    if !view.may_play {
        let here = format!("{DEVICES_PATH}?back={}", leptos_router::location::Url::escape(&back));
        return view! {
            <p>"Crossfade may not control your Spotify player yet."</p>
            <PlaybackConsent here words="Allow Crossfade to control playback" />
            <p><a href=back>"Back"</a></p>
        }
        .into_any();
    }
    let problem = move || {
        transfer.value().get().and_then(Result::err).map(|error| match error {
            AppError::InvalidInput { message, .. } => message,
            other => other.to_string(),
        })
    };
    let list = if view.devices.is_empty() {
        view! {
            <p>
                "Spotify lists no device for you. Open Spotify on your phone, a computer or a speaker, signed in as "
                "you, then look again."
            </p>
        }
        .into_any()
    } else {
        let devices = view.devices.into_iter().map(|device| {
            let verb = if device.active { "Keep playing on" } else { "Move playback to" };
            let label = format!("{verb} {} ({})", device.name, device.kind);
            view! { <li><DeviceButton action=transfer device play=true back=back.clone() label /></li> }
        });
        view! { <ul class="devices">{devices.collect_view()}</ul> }.into_any()
    };
    view! {
        {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        {list}
        <p><a href=back.clone()>"Back"</a></p>
    }
    .into_any()
}

#[component]
fn Devices(view: DevicesView, track: String, back: String, play: ServerAction<PlayTrack>) -> impl IntoView {
    let problem = move || {
        play.value().get().and_then(|outcome| outcome.err()).map(|error| match error {
            AppError::InvalidInput { message, .. } => message,
            other => other.to_string(),
        })
    };
    let open = format!("https://open.spotify.com/track/{track}");
    if !view.may_play {
        let here = devices_path(&track, &back);
        return view! {
            <p>"Crossfade may not control your Spotify player yet."</p>
            <PlaybackConsent here />
            <p><a href=back>"Back"</a></p>
        }
        .into_any();
    }
    let list = if view.devices.is_empty() {
        view! {
            <p role="status">
                "Spotify lists no device for you. Open Spotify on your phone, a computer or a speaker, signed in as "
                "you, then press Play again."
            </p>
        }
        .into_any()
    } else {
        view! {
            <ul class="devices">
                {view.devices.into_iter().map(|device| {
                    let (track, back) = (track.clone(), back.clone());
                    let words = format!("Play on {} ({})", device.name, device.kind);
                    view! {
                        <li>
                            <ActionForm action=play attr:class="play">
                                <input type="hidden" name="track" value=track />
                                <input type="hidden" name="back" value=back />
                                <input type="hidden" name="device" value=device.id />
                                <button type="submit" class="button">{words}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        {move || play.value().get().and_then(|outcome| outcome.ok()).map(|()| view! { <p role="status">"Playing."</p> })}
        {list}
        <p><a href=open rel="noopener" target="_blank">"Open in Spotify instead"</a> " · " <a href=back>"Back"</a></p>
    }
    .into_any()
}

/// The device page for playing `track` and returning to `back`.
fn devices_path(track: &str, back: &str) -> String {
    use leptos_router::location::Url;
    format!("{DEVICES_PATH}?track={}&back={}", Url::escape(track), Url::escape(back))
}
