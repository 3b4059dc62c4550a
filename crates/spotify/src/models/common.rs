//! Small objects shared by many models: images, external URLs and ids, follower counts, release-date precision.

use serde::{Deserialize, Serialize};

use super::serde_util::{open_enum, optional_whole_number};

/// Cover art or a profile picture. Sizes are often unknown (`null`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// The image's URL (for playlists, temporary: it expires within a day).
    pub url: String,
    /// Height in pixels, if known.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub height: Option<u32>,
    /// Width in pixels, if known.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub width: Option<u32>,
}

/// Links to the object outside the API; `spotify` is the open.spotify.com page to attribute and link to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalUrls {
    /// The Spotify web page of the object.
    #[serde(default)]
    pub spotify: Option<String>,
}

/// Identifiers in other catalogues. `isrc` (restored in March 2026) joins a track across services.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalIds {
    /// International Standard Recording Code.
    #[serde(default)]
    pub isrc: Option<String>,
    /// International Article Number.
    #[serde(default)]
    pub ean: Option<String>,
    /// Universal Product Code.
    #[serde(default)]
    pub upc: Option<String>,
}

/// A follower count (removed for artists in Dev Mode).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Followers {
    /// The number of followers.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub total: Option<u64>,
}

/// A copyright line of an album.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Copyright {
    /// The statement.
    #[serde(default)]
    pub text: String,
    /// `C` for the copyright, `P` for the sound-recording copyright.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

open_enum! {
    /// How precise a `release_date` is.
    ReleaseDatePrecision {
        /// `"1981"`.
        Year = "year",
        /// `"1981-12"`.
        Month = "month",
        /// `"1981-12-15"`.
        Day = "day",
    }
}
