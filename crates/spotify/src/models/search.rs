//! Search results and the kinds of items a search can ask for.

use serde::{Deserialize, Serialize};

use super::album::SimplifiedAlbum;
use super::artist::Artist;
use super::playlist::SimplifiedPlaylist;
use super::track::Track;
use crate::paging::Page;

/// What a search looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SearchType {
    /// Albums.
    Album,
    /// Artists.
    Artist,
    /// Playlists.
    Playlist,
    /// Tracks.
    Track,
}

impl SearchType {
    /// Spotify's spelling in `type=`.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchType::Album => "album",
            SearchType::Artist => "artist",
            SearchType::Playlist => "playlist",
            SearchType::Track => "track",
        }
    }
}

/// One page of results per requested type. Playlist results often contain `null`, which is dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Matching tracks.
    #[serde(default)]
    pub tracks: Option<Page<Track>>,
    /// Matching artists.
    #[serde(default)]
    pub artists: Option<Page<Artist>>,
    /// Matching albums.
    #[serde(default)]
    pub albums: Option<Page<SimplifiedAlbum>>,
    /// Matching playlists.
    #[serde(default)]
    pub playlists: Option<Page<SimplifiedPlaylist>>,
}
