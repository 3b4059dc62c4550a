//! The bar itself. The server renders one look at the player with the page; once hydrated, the bar looks again every
//! few seconds while music plays, less and less often while nothing does, not at all while the tab is hidden, and at
//! once after each of its commands, which it sends in place. Between looks the position moves every second. A look
//! that changes nothing but the position leaves the bar's controls as they are, so focus and a held slider stay.

use std::time::Duration;

use crossfade_domain::{PlayerActivity, poll_delay_ms};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::controls::{ControlPlayer, DeviceButton, TransferPlayback};
use super::look::{NowPlayingView, PlayerLook, PlayerView, player_bar};
use super::now_playing::NowPlaying;
use crate::AppError;
use crate::playback::{DEVICES_PATH, DeviceView, PlaybackConsent};

/// A look older than this when the page hydrates (a page kept from earlier) is taken again at once.
const STALE_LOOK_MS: f64 = 10_000.0;
/// How often the shown position moves while a track plays.
const TICK: Duration = Duration::from_secs(1);

/// The player bar: nothing for a visitor, else the signed-in user's Spotify player.
#[component]
pub fn PlayerBar() -> impl IntoView {
    // After a refused plain form post the page's URL carries the error. The router hands such errors only to what
    // renders inside its routes; the bar sits outside them, so it picks the error up itself.
    leptos_router::hooks::use_url().read_untracked().provide_server_action_error();
    // The look the page comes with; later looks are the live bar's own.
    let first = Resource::new(|| (), |()| player_bar(None));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(Some(first)) => view! {
                        <section class="player-bar" aria-label="Player">
                            <LiveBar first />
                        </section>
                    }
                    .into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! {
                        <section class="player-bar" aria-label="Player">
                            <p class="player-note">{words(error)}</p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// What every part of the bar acts with.
#[derive(Clone, Copy)]
pub(super) struct Bar {
    pub(super) control: ServerAction<ControlPlayer>,
    pub(super) transfer: ServerAction<TransferPlayback>,
    /// The page to come back to after a plain form post.
    pub(super) here: Signal<String>,
    /// Asks for a new look now (in the browser).
    pub(super) look_again: Callback<()>,
}

/// The latest look and when it arrived by the browser's clock (0 for the look the page came with).
#[derive(Clone, Debug, PartialEq)]
struct Latest {
    look: PlayerLook,
    arrived: f64,
}

#[component]
fn LiveBar(first: PlayerLook) -> impl IntoView {
    let location = use_location();
    let here = Signal::derive(move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        let search = search.trim_start_matches('?');
        super::return_path(&if search.is_empty() { path } else { format!("{path}?{search}") })
    });
    let latest = RwSignal::new(Latest { look: first, arrived: 0.0 });
    // Each look is numbered, so a slow one never overwrites a newer one.
    let asked = StoredValue::new(0_u64);
    let applied = StoredValue::new(0_u64);
    let look = move |fresh_queue: bool| {
        let known = if fresh_queue {
            None
        } else {
            latest.with_untracked(|latest| match &latest.look.view {
                PlayerView::Playing(now) => Some(now.item.as_ref().map_or(String::new(), |item| item.uri.clone())),
                _ => Some(String::new()),
            })
        };
        asked.update_value(|asked| *asked += 1);
        let number = asked.get_value();
        leptos::task::spawn_local(async move {
            // A failed look (the network is gone) leaves the bar as it was; the next one may fare better.
            if let Ok(Some(look)) = player_bar(known).await
                && number > applied.get_value()
            {
                applied.set_value(number);
                latest.update(|latest| {
                    *latest = Latest { look: with_kept_queue(look, &latest.look), arrived: clock_ms() }
                });
            }
        });
    };
    let bar = Bar {
        control: ServerAction::<ControlPlayer>::new(),
        transfer: ServerAction::<TransferPlayback>::new(),
        here,
        look_again: Callback::new(move |()| look(false)),
    };
    // A command may change the queue as well as what plays: the look after it reads the queue again.
    Effect::watch(move || bar.control.version().get() + bar.transfer.version().get(), move |_, _, _| look(true), false);
    // Playback moves on the device page ("Change device", or a track played on a device picked there): coming back
    // from it, look again.
    Effect::watch(
        move || location.pathname.get(),
        move |path, previous, _| {
            if previous.is_some_and(|previous| previous == DEVICES_PATH) && path != DEVICES_PATH {
                look(true);
            }
        },
        false,
    );
    // A page played or queued something.
    if let Some(super::PlayedFromPage(played)) = use_context::<super::PlayedFromPage>() {
        Effect::watch(move || played.get(), move |_, _, _| look(true), false);
    }
    live(latest, look);

    // The bar is built again only when something besides the position changed.
    let shape = Memo::new(move |_| {
        latest.with(|latest| match &latest.look.view {
            PlayerView::Playing(now) => {
                PlayerView::Playing(Box::new(NowPlayingView { progress_ms: 0, ..(**now).clone() }))
            }
            other => other.clone(),
        })
    });
    let now = RwSignal::new(0.0_f64);
    // When the page's own look started moving: hydration (effects run in the browser only).
    let opened = RwSignal::new(0.0_f64);
    Effect::new(move |_| {
        opened.set(clock_ms());
        let ticking = set_interval_with_handle(move || now.set(clock_ms()), TICK);
        on_cleanup(move || {
            if let Ok(ticking) = ticking {
                ticking.clear();
            }
        });
    });
    // Where the track is: the position at the last look, plus the time since while it plays.
    let progress = Signal::derive(move || {
        latest.with(|latest| match &latest.look.view {
            PlayerView::Playing(playing) => {
                let duration = playing.item.as_ref().map_or(0, |item| item.duration_ms);
                let from = if latest.arrived > 0.0 { latest.arrived } else { opened.get() };
                let since = if playing.is_playing && from > 0.0 { (now.get() - from).max(0.0) } else { 0.0 };
                (playing.progress_ms + since as u64).min(duration)
            }
            _ => 0,
        })
    });
    move || view! { <Shown view=shape.get() bar progress /> }
}

/// Looks again when the last look says it is due, and once the tab comes back after a look skipped while hidden.
fn live(latest: RwSignal<Latest>, look: impl Fn(bool) + Copy + 'static) {
    let quiet = StoredValue::new(0_u32);
    let waiting_for_tab = StoredValue::new(false);
    Effect::new(move |previous: Option<()>| {
        let (activity, read_at_ms, retry_at_ms) = latest.with(|latest| {
            let retry_at_ms = match &latest.look.view {
                PlayerView::Unreadable { retry_at_ms, .. } => *retry_at_ms,
                _ => None,
            };
            (latest.look.view.activity(), latest.look.read_at_ms, retry_at_ms)
        });
        let clock = clock_ms();
        // A page kept from earlier shows an old look, whatever it was: take a new one at once.
        let stale = previous.is_none() && clock - read_at_ms as f64 > STALE_LOOK_MS;
        let delay = match activity {
            _ if stale => 0.0,
            None => return,
            Some(activity) => {
                let quiet_looks = quiet.get_value();
                let playing = matches!(activity, PlayerActivity::Playing { .. });
                quiet.set_value(if playing { 0 } else { quiet_looks.saturating_add(1) });
                let due = poll_delay_ms(activity, quiet_looks) as f64;
                retry_at_ms.map_or(due, |retry_at| due.max(retry_at as f64 - clock))
            }
        };
        let handle = set_timeout_with_handle(
            move || {
                if tab_hidden() {
                    waiting_for_tab.set_value(true);
                } else {
                    look(false);
                }
            },
            Duration::from_millis(delay.max(0.0) as u64),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    Effect::new(move |_| {
        let shown = window_event_listener_untyped("visibilitychange", move |_| {
            if !tab_hidden() && waiting_for_tab.get_value() {
                waiting_for_tab.set_value(false);
                look(false);
            }
        });
        on_cleanup(move || shown.remove());
    });
}

/// `look` with the queue of `last` when it left the queue out (the item did not change).
fn with_kept_queue(mut look: PlayerLook, last: &PlayerLook) -> PlayerLook {
    if let (PlayerView::Playing(now), PlayerView::Playing(before)) = (&mut look.view, &last.view)
        && now.queue.is_none()
    {
        now.queue = before.queue.clone();
    }
    look
}

#[component]
fn Shown(view: PlayerView, bar: Bar, progress: Signal<u64>) -> impl IntoView {
    let Bar { transfer, here, .. } = bar;
    match view {
        PlayerView::NeedsConsent => view! {
            <p class="player-note">"See and control what plays on Spotify from every page."</p>
            <PlaybackConsent here words="Allow Crossfade to control playback" />
        }
        .into_any(),
        PlayerView::NeedsPremium => view! { <p class="player-note">{super::PREMIUM_WORDS}</p> }.into_any(),
        PlayerView::Idle { devices } => {
            let choices = if devices.is_empty() {
                view! {
                    <p class="player-note">
                        "Spotify lists no device for you: open Spotify on your phone, a computer or a speaker, "
                        "signed in as you, then look again."
                    </p>
                }
                .into_any()
            } else {
                let buttons = devices.into_iter().map(|device: DeviceView| {
                    let label = format!("Listen on {}", device.name);
                    view! { <li><DeviceButton action=transfer device play=true back=here label /></li> }
                });
                view! { <ul class="player-devices" aria-label="Your Spotify devices">{buttons.collect_view()}</ul> }
                    .into_any()
            };
            view! {
                <p class="player-note">
                    "No Spotify device is playing. Open Spotify somewhere, or start on one of these:"
                </p>
                {choices}
                <Problems bar />
                <LookAgain bar />
            }
            .into_any()
        }
        PlayerView::Playing(now) => view! { <NowPlaying now=*now bar progress /> }.into_any(),
        PlayerView::Unreadable { words, .. } => view! {
            <p class="player-note">{words}</p>
            <Problems bar />
            <LookAgain bar />
        }
        .into_any(),
    }
}

/// What Spotify or Crossfade said to the bar's last commands.
#[component]
pub(super) fn Problems(bar: Bar) -> impl IntoView {
    let Bar { control, transfer, .. } = bar;
    move || {
        [control.value().get(), transfer.value().get()]
            .into_iter()
            .filter_map(|outcome| outcome.and_then(Result::err))
            .map(|error| view! { <p class="form-error" role="alert">{words(error)}</p> })
            .collect_view()
    }
}

/// A link that shows the player as it is now: the page again without JavaScript, a new look with it.
#[component]
pub(super) fn LookAgain(bar: Bar) -> impl IntoView {
    let Bar { here, look_again, .. } = bar;
    view! {
        <a
            class="player-again"
            href=here
            on:click=move |event| {
                event.prevent_default();
                look_again.run(());
            }
        >
            "Update"
        </a>
    }
}

fn words(error: AppError) -> String {
    match error {
        AppError::InvalidInput { message, .. } => message,
        other => other.to_string(),
    }
}

/// The browser's clock in ms (0 on the server, which never ticks).
fn clock_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// Whether the tab is in the background (the bar does not look then).
fn tab_hidden() -> bool {
    #[cfg(feature = "hydrate")]
    {
        document().hidden()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}
