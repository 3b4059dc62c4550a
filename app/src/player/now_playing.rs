//! What plays, as the bar shows it: the item with its cover and where it plays, the controls (or why the device takes
//! none), the position with its slider, shuffle, repeat, volume and what comes next.

use crossfade_domain::{PlayerCommand, SKIP_MS, Seek};
use leptos::prelude::*;
use leptos_router::location::Url;

use super::bar::{Bar, LookAgain, Problems};
use super::controls::{CommandButton, SeekForm, VolumeForm};
use super::look::NowPlayingView;
use crate::format::track_length;
use crate::playback::DEVICES_PATH;

#[component]
pub(super) fn NowPlaying(now: NowPlayingView, bar: Bar, progress: Signal<u64>) -> impl IntoView {
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
