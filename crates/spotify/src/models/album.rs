//! Albums: the short form embedded in tracks and artist discographies, the full form, and saved albums.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::artist::SimplifiedArtist;
use super::common::{Copyright, ExternalIds, ExternalUrls, Image, ReleaseDatePrecision};
use super::serde_util::{null_as_default, open_enum, optional_whole_number, skip_null_entries};
use super::track::SimplifiedTrack;
use crate::paging::Page;

open_enum! {
    /// What kind of release an album is.
    AlbumType {
        /// A full album.
        Album = "album",
        /// A single or EP.
        Single = "single",
        /// A compilation.
        Compilation = "compilation",
    }
}

open_enum! {
    /// How an album relates to the artist whose discography lists it.
    AlbumGroup {
        /// The artist's own album.
        Album = "album",
        /// The artist's own single.
        Single = "single",
        /// A compilation.
        Compilation = "compilation",
        /// Another artist's release the artist appears on.
        AppearsOn = "appears_on",
    }
}

/// An album as embedded in a track or listed in a discography or search. Local files carry an album without id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimplifiedAlbum {
    /// The Spotify id (`None` for local files).
    #[serde(default)]
    pub id: Option<String>,
    /// The album's name (empty after a takedown).
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Album, single or compilation.
    #[serde(default)]
    pub album_type: Option<AlbumType>,
    /// The number of tracks.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub total_tracks: Option<u32>,
    /// `"1981"`, `"1981-12"` or `"1981-12-15"`, see `release_date_precision`.
    #[serde(default)]
    pub release_date: Option<String>,
    /// How precise `release_date` is.
    #[serde(default)]
    pub release_date_precision: Option<ReleaseDatePrecision>,
    /// Cover art, widest first.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub images: Vec<Image>,
    /// The album's artists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub artists: Vec<SimplifiedArtist>,
    /// `spotify:album:…` (`None` for local files).
    #[serde(default)]
    pub uri: Option<String>,
    /// The album's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
    /// In an artist's discography: how the album relates to the artist.
    #[serde(default)]
    pub album_group: Option<AlbumGroup>,
}

/// An album in full, with its first page of tracks. `label` and `popularity` are gone in Dev Mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Album {
    /// The Spotify id.
    pub id: String,
    /// The album's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Album, single or compilation.
    #[serde(default)]
    pub album_type: Option<AlbumType>,
    /// The number of tracks.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub total_tracks: Option<u32>,
    /// The release date, see `release_date_precision`.
    #[serde(default)]
    pub release_date: Option<String>,
    /// How precise `release_date` is.
    #[serde(default)]
    pub release_date_precision: Option<ReleaseDatePrecision>,
    /// Cover art, widest first.
    #[serde(default, deserialize_with = "skip_null_entries")]
    pub images: Vec<Image>,
    /// The album's artists.
    #[serde(default, deserialize_with = "null_as_default")]
    pub artists: Vec<SimplifiedArtist>,
    /// `spotify:album:…`.
    #[serde(default)]
    pub uri: String,
    /// The album's Spotify page.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_urls: ExternalUrls,
    /// The first page of tracks; follow it with `next_page`.
    #[serde(default)]
    pub tracks: Option<Page<SimplifiedTrack>>,
    /// Copyright lines.
    #[serde(default, deserialize_with = "null_as_default")]
    pub copyrights: Vec<Copyright>,
    /// UPC/EAN.
    #[serde(default, deserialize_with = "null_as_default")]
    pub external_ids: ExternalIds,
    /// Always empty on Spotify's side; kept for old fixtures.
    #[serde(default, deserialize_with = "null_as_default")]
    pub genres: Vec<String>,
    /// The label, where still reported.
    #[serde(default)]
    pub label: Option<String>,
    /// 0–100, where still reported.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub popularity: Option<u32>,
}

/// An album in the user's library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAlbum {
    /// When the user saved it.
    #[serde(with = "time::serde::rfc3339")]
    pub added_at: OffsetDateTime,
    /// The album.
    pub album: Album,
}
