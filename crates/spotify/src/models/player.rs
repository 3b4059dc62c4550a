//! The player: playback state, devices, the queue, and what was played recently.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::common::ExternalUrls;
use super::playable::Playable;
use super::serde_util::{null_as_default, open_enum, optional_whole_number, skip_null_entries};
use super::track::Track;

open_enum! {
    /// The repeat mode.
    RepeatState {
        /// No repeat.
        Off = "off",
        /// Repeat the current track.
        Track = "track",
        /// Repeat the current context (album, playlist).
        Context = "context",
    }
}

open_enum! {
    /// What is playing.
    CurrentlyPlayingType {
        /// A track.
        Track = "track",
        /// A podcast episode.
        Episode = "episode",
        /// An advertisement.
        Ad = "ad",
        /// Unknown to Spotify too.
        Unknown = "unknown",
    }
}

open_enum! {
    /// The kind of a playback context.
    ContextType {
        /// An album.
        Album = "album",
        /// An artist.
        Artist = "artist",
        /// A playlist.
        Playlist = "playlist",
        /// A show.
        Show = "show",
        /// The user's saved tracks.
        Collection = "collection",
    }
}

/// What the user is playing, where, and how (`GET /me/player`, `GET /me/player/currently-playing`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybackState {
    /// The active device (absent in currently-playing answers).
    #[serde(default)]
    pub device: Option<Device>,
    /// The repeat mode.
    #[serde(default)]
    pub repeat_state: Option<RepeatState>,
    /// Shuffle on.
    #[serde(default)]
    pub shuffle_state: Option<bool>,
    /// The album, playlist, artist or show being played from.
    #[serde(default)]
    pub context: Option<PlaybackContext>,
    /// When the state last changed, Unix milliseconds.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub timestamp: Option<i64>,
    /// The position in the item, milliseconds.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub progress_ms: Option<u64>,
    /// Playing (not paused).
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_playing: bool,
    /// The track or episode.
    #[serde(default)]
    pub item: Option<Playable>,
    /// What kind of item is playing.
    #[serde(default)]
    pub currently_playing_type: Option<CurrentlyPlayingType>,
}

/// Where playback comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybackContext {
    /// Album, artist, playlist, show…
    #[serde(default, rename = "type")]
    pub kind: Option<ContextType>,
    /// The context's URI.
    #[serde(default)]
    pub uri: Option<String>,
    /// The context's API URL.
    #[serde(default)]
    pub href: Option<String>,
    /// The context's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
}

/// A Spotify Connect device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// The device id (may be `None`, and may change: refetch rather than cache).
    #[serde(default)]
    pub id: Option<String>,
    /// The device is the active one.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_active: bool,
    /// In a private session.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_private_session: bool,
    /// Accepts no Web API commands.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_restricted: bool,
    /// The name the user gave it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// "Computer", "Smartphone", "Speaker"…
    #[serde(default, rename = "type", deserialize_with = "null_as_default")]
    pub kind: String,
    /// 0–100, if the device reports it.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub volume_percent: Option<u8>,
    /// Volume can be set.
    #[serde(default)]
    pub supports_volume: Option<bool>,
}

/// The user's devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Devices {
    /// Available devices.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub devices: Vec<Device>,
}

/// The playing item and what comes next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// The item playing now.
    #[serde(default)]
    pub currently_playing: Option<Playable>,
    /// Up next.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub queue: Vec<Playable>,
}

/// One play from `GET /me/player/recently-played` (only the last 50 are reachable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayHistory {
    /// The track.
    pub track: Track,
    /// When it was played.
    #[serde(with = "time::serde::rfc3339")]
    pub played_at: OffsetDateTime,
    /// Where it was played from.
    #[serde(default)]
    pub context: Option<PlaybackContext>,
}
