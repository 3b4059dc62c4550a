//! A user's Spotify Connect devices and playback: what plays, where, from which context, and the queue.

use std::collections::VecDeque;

use time::OffsetDateTime;

use super::playlist::Item;

/// A Spotify Connect device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Device {
    pub id: String,
    pub name: String,
    /// `Computer`, `Smartphone`, `Speaker`…
    pub kind: &'static str,
    pub volume_percent: Option<u8>,
    pub supports_volume: bool,
}

/// Spotify's repeat modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RepeatState {
    Off,
    Track,
    Context,
}

impl RepeatState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RepeatState::Off => "off",
            RepeatState::Track => "track",
            RepeatState::Context => "context",
        }
    }
}

/// What is loaded on the active device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Playback {
    /// The context URI (`spotify:album:…`, `spotify:playlist:…`, `spotify:artist:…`), if any.
    pub context: Option<String>,
    /// The tracks or episodes of the context (or the `uris` given to play).
    pub items: Vec<Item>,
    /// Index into `items` of what is playing.
    pub current: usize,
    /// Progress at `since`.
    pub progress_ms: u32,
    /// When playback last resumed, or `None` while paused.
    pub since: Option<OffsetDateTime>,
    pub shuffle: bool,
    pub repeat: RepeatState,
    /// Items added with "add to queue", played before the rest of the context.
    pub queue: VecDeque<Item>,
}

impl Playback {
    pub(crate) fn is_playing(&self) -> bool {
        self.since.is_some()
    }

    /// Progress now, never past the item's duration.
    pub(crate) fn progress_at(&self, now: OffsetDateTime, duration_ms: u32) -> u32 {
        let elapsed = self.since.map_or(0, |since| (now - since).whole_milliseconds().max(0));
        (i128::from(self.progress_ms) + elapsed).min(i128::from(duration_ms)) as u32
    }

    pub(crate) fn current_item(&self) -> Option<&Item> {
        self.items.get(self.current)
    }
}

/// A user's devices and playback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Player {
    pub devices: Vec<Device>,
    /// Index into `devices` of the active device.
    pub active: Option<usize>,
    pub playback: Option<Playback>,
}

impl Player {
    /// Three devices, none active: `GET /me/player` answers 204 until something plays.
    pub(crate) fn with_devices(devices: Vec<Device>) -> Self {
        Self { devices, active: None, playback: None }
    }

    pub(crate) fn device_index(&self, device_id: &str) -> Option<usize> {
        self.devices.iter().position(|device| device.id == device_id)
    }

    pub(crate) fn active_device(&self) -> Option<&Device> {
        self.active.and_then(|index| self.devices.get(index))
    }
}
