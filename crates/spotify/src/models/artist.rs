//! Artists: the short form embedded in tracks and albums, and the full form from artist reads, follows and tops.

use serde::{Deserialize, Serialize};

use super::common::{ExternalUrls, Followers, Image};
use super::serde_util::{null_as_default, optional_whole_number, skip_null_entries};

/// An artist as embedded in a track or album. Local files name artists without an id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimplifiedArtist {
    /// The Spotify id (`None` for local files).
    #[serde(default)]
    pub id: Option<String>,
    /// The artist's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// `spotify:artist:…` (`None` for local files).
    #[serde(default)]
    pub uri: Option<String>,
    /// The artist's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
}

/// An artist in full. In Dev Mode `genres`, `popularity` and `followers` are usually absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artist {
    /// The Spotify id.
    pub id: String,
    /// The artist's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// `spotify:artist:…`.
    #[serde(default)]
    pub uri: String,
    /// Pictures, widest first.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub images: Vec<Image>,
    /// Genres, where Spotify still reports them.
    #[serde(default, deserialize_with = "null_as_default")]
    pub genres: Vec<String>,
    /// 0–100, where still reported.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub popularity: Option<u32>,
    /// Follower count, where still reported.
    #[serde(default)]
    pub followers: Option<Followers>,
    /// The artist's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
}
