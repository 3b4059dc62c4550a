//! Podcast episodes and their shows, as they turn up in playlists, the player and the queue.

use serde::{Deserialize, Serialize};

use super::common::{ExternalUrls, Image, ReleaseDatePrecision};
use super::serde_util::{null_as_default, skip_null_entries, whole_number, whole_number_or_default};

/// A podcast episode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    /// The Spotify id.
    #[serde(default)]
    pub id: Option<String>,
    /// The episode's title.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// `spotify:episode:…`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub uri: String,
    /// Length in milliseconds.
    #[serde(default, deserialize_with = "whole_number")]
    pub duration_ms: u64,
    /// Explicit content.
    #[serde(default, deserialize_with = "null_as_default")]
    pub explicit: bool,
    /// Plain-text description.
    #[serde(default)]
    pub description: Option<String>,
    /// Cover art, widest first.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub images: Vec<Image>,
    /// The release date, see `release_date_precision`.
    #[serde(default)]
    pub release_date: Option<String>,
    /// How precise `release_date` is.
    #[serde(default)]
    pub release_date_precision: Option<ReleaseDatePrecision>,
    /// ISO 639-1 language codes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub languages: Vec<String>,
    /// Hosted outside Spotify's CDN.
    #[serde(default)]
    pub is_externally_hosted: Option<bool>,
    /// Playable in the user's market.
    #[serde(default)]
    pub is_playable: Option<bool>,
    /// The show it belongs to.
    #[serde(default)]
    pub show: Option<SimplifiedShow>,
    /// The user's position in it.
    #[serde(default)]
    pub resume_point: Option<ResumePoint>,
    /// The episode's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
}

/// A podcast show as embedded in an episode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimplifiedShow {
    /// The Spotify id.
    #[serde(default)]
    pub id: Option<String>,
    /// The show's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The publisher.
    #[serde(default)]
    pub publisher: Option<String>,
    /// `spotify:show:…`.
    #[serde(default)]
    pub uri: Option<String>,
    /// Cover art.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub images: Vec<Image>,
    /// The show's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
}

/// Where the user left off in an episode.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumePoint {
    /// Played to the end.
    #[serde(default, deserialize_with = "null_as_default")]
    pub fully_played: bool,
    /// The position in milliseconds.
    #[serde(default, deserialize_with = "whole_number_or_default")]
    pub resume_position_ms: u64,
}
