//! Tracks: the full form (saved tracks, playlists, tops, history, search), the album-track form, and saved tracks.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::album::SimplifiedAlbum;
use super::artist::SimplifiedArtist;
use super::common::{ExternalIds, ExternalUrls};
use super::serde_util::{null_as_default, optional_whole_number, whole_number};

/// The URI prefix of a user's local file, which Spotify lists but cannot play or look up.
pub const LOCAL_URI_PREFIX: &str = "spotify:local:";

/// A track. Local files come with `is_local: true`, a `spotify:local:` URI and no id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    /// The Spotify id (`None` for local files).
    #[serde(default)]
    pub id: Option<String>,
    /// The track's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// `spotify:track:…` or `spotify:local:…`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub uri: String,
    /// Length in milliseconds.
    #[serde(default, deserialize_with = "whole_number")]
    pub duration_ms: u64,
    /// Explicit lyrics (`false` also means unknown).
    #[serde(default, deserialize_with = "null_as_default")]
    pub explicit: bool,
    /// A local file of the user's, not a catalogue track.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_local: bool,
    /// Playable in the user's market, when relinking applies.
    #[serde(default)]
    pub is_playable: Option<bool>,
    /// The disc number.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub disc_number: Option<u32>,
    /// The position on its disc.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub track_number: Option<u32>,
    /// The album it appears on.
    #[serde(default)]
    pub album: Option<SimplifiedAlbum>,
    /// The performing artists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub artists: Vec<SimplifiedArtist>,
    /// ISRC and friends.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_ids: ExternalIds,
    /// The track's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
    /// A 30-second preview; mostly `None` since 2024.
    #[serde(default)]
    pub preview_url: Option<String>,
    /// 0–100, where still reported.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub popularity: Option<u32>,
}

impl Track {
    /// The ISRC, the key that joins this recording across services.
    pub fn isrc(&self) -> Option<&str> {
        self.external_ids.isrc.as_deref()
    }

    /// Whether this is a local file (by flag or by URI): it has no id and cannot be looked up.
    pub fn is_local_file(&self) -> bool {
        self.is_local || self.uri.starts_with(LOCAL_URI_PREFIX)
    }
}

/// A track as listed on an album (no album, no ISRC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimplifiedTrack {
    /// The Spotify id (`None` for local files).
    #[serde(default)]
    pub id: Option<String>,
    /// The track's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// `spotify:track:…`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub uri: String,
    /// Length in milliseconds.
    #[serde(default, deserialize_with = "whole_number")]
    pub duration_ms: u64,
    /// Explicit lyrics.
    #[serde(default, deserialize_with = "null_as_default")]
    pub explicit: bool,
    /// A local file.
    #[serde(default, deserialize_with = "null_as_default")]
    pub is_local: bool,
    /// Playable in the user's market.
    #[serde(default)]
    pub is_playable: Option<bool>,
    /// The disc number.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub disc_number: Option<u32>,
    /// The position on its disc.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub track_number: Option<u32>,
    /// The performing artists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub artists: Vec<SimplifiedArtist>,
    /// The track's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
}

/// A track in the user's library (newest first in `GET /me/tracks`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTrack {
    /// When the user saved it: incremental sync stops at the first one already known.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    /// The track.
    pub track: Track,
}
