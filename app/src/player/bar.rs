//! The bar itself. The server renders one look at the player with the page; once hydrated, the bar looks again every
//! few seconds while music plays, less and less often while nothing does, not at all while the tab is hidden, and at
//! once after each of its commands, which it sends in place. Between looks the position moves every second. A look
//! that changes nothing but the position leaves the bar's controls as they are, so focus and a held slider stay.

use std::time::Duration;

use crossfade_domain::{PlayerActivity, PlayerCommand, SKIP_MS, Seek, poll_delay_ms};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::location::Url;

use super::controls::{CommandButton, ControlPlayer, DeviceButton, SeekForm, TransferPlayback, VolumeForm};
use super::look::{NowPlayingView, PlayerLook, PlayerView, player_bar};
use crate::AppError;
use crate::format::track_length;
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
struct Bar {
    control: ServerAction<ControlPlayer>,
    transfer: ServerAction<TransferPlayback>,
    /// The page to come back to after a plain form post.
    here: Signal<String>,
    /// Asks for a new look now (in the browser).
    look_again: Callback<()>,
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

#[component]
fn NowPlaying(now: NowPlayingView, bar: Bar, progress: Signal<u64>) -> impl IntoView {
    let Bar { control: action, here, .. } = bar;
    let NowPlayingView { item, is_playing, shuffle, repeat, volume, device, restricted, queue, .. } = now;
    let duration_ms = item.as_ref().map_or(0, |item| item.duration_ms);
    let what = match item {
        Some(item) => view! {
            {item.cover_url.map(|url| view! { <img class="player-cover" src=url alt="" width="48" height="48" /> })}
            <p class="player-item">
                <a class="player-name" href=item.spotify_url rel="noopener" target="_blank">{item.name}</a>
                <span class="player-artists">{item.artists}</span>
            </p>
        }
        .into_any(),
        None => {
            view! { <p class="player-item">"Spotify plays something it does not describe (an advertisement?)."</p> }
                .into_any()
        }
    };
    let devices = move || format!("{DEVICES_PATH}?back={}", Url::escape(&here.get()));
    let skip = SKIP_MS / 1000;
    let controls = if restricted {
        view! {
            <p class="player-note">
                {device.name.clone()}
                " takes no commands from other apps: use Spotify there, or move playback to another device."
            </p>
        }
        .into_any()
    } else {
        let (back_by, ahead_by) = (PlayerCommand::Seek(Seek::Back), PlayerCommand::Seek(Seek::Ahead));
        let (play_pause, label) =
            if is_playing { (PlayerCommand::Pause, "Pause") } else { (PlayerCommand::Resume, "Play") };
        view! {
            <div class="player-controls" role="group" aria-label="Playback">
                <CommandButton action command=PlayerCommand::Previous back=here label="Previous" />
                <CommandButton action command=back_by back=here label=format!("Back {skip} s") />
                <CommandButton action command=play_pause back=here label />
                <CommandButton action command=ahead_by back=here label=format!("Ahead {skip} s") />
                <CommandButton action command=PlayerCommand::Next back=here label="Next" />
            </div>
            <div class="player-progress">
                <span class="player-time">
                    {move || track_length(progress.get() as i64)} " / " {track_length(duration_ms as i64)}
                </span>
                {(duration_ms > 0).then(|| view! { <SeekForm action back=here duration_ms progress_ms=progress /> })}
            </div>
            <div class="player-options">
                <CommandButton
                    action
                    command=PlayerCommand::Shuffle(!shuffle)
                    back=here
                    label="Shuffle"
                    pressed=shuffle
                />
                <CommandButton action command=PlayerCommand::Repeat(repeat.next()) back=here label=repeat.label() />
                {volume.map(|percent| view! { <VolumeForm action back=here percent /> })}
            </div>
        }
        .into_any()
    };
    let queue = queue.unwrap_or_default();
    view! {
        <div class="player-now">
            {what}
            <p class="player-where">"On " <strong>{device.name}</strong> " · " <a href=devices>"Change device"</a></p>
        </div>
        {controls}
        <details class="player-queue">
            <summary>"Up next"</summary>
            {if queue.is_empty() {
                view! { <p>"Nothing is queued."</p> }.into_any()
            } else {
                let items = queue.into_iter().map(|item| {
                    view! { <li>{item.name} <span class="player-artists">{item.artists}</span></li> }
                });
                view! { <ol>{items.collect_view()}</ol> }.into_any()
            }}
        </details>
        <Problems bar />
        <LookAgain bar />
    }
}

/// What Spotify or Crossfade said to the bar's last commands.
#[component]
fn Problems(bar: Bar) -> impl IntoView {
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
fn LookAgain(bar: Bar) -> impl IntoView {
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
