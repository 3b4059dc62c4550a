//! Typed models of Spotify's answers. They accept the 2026 shapes and the legacy ones, `null` where Spotify
//! sends it (also inside image lists), whole numbers written as floats (`640.0`), missing optional fields, local
//! files, episodes and enumeration values added after this was written.

mod album;
mod artist;
mod audio_features;
mod common;
mod episode;
mod playable;
mod player;
mod playlist;
mod search;
pub(crate) mod serde_util;
mod track;
mod user;

pub use album::{Album, AlbumGroup, AlbumType, SavedAlbum, SimplifiedAlbum};
pub use artist::{Artist, SimplifiedArtist};
pub use audio_features::AudioFeatures;
pub use common::{Copyright, ExternalIds, ExternalUrls, Followers, Image, ReleaseDatePrecision};
pub use episode::{Episode, ResumePoint, SimplifiedShow};
pub use playable::Playable;
pub use player::{
    ContextType, CurrentlyPlayingType, Device, Devices, PlayHistory, PlaybackContext, PlaybackState, Queue, RepeatState,
};
pub use playlist::{Playlist, PlaylistEntry, PlaylistItemsRef, PlaylistSnapshot, SimplifiedPlaylist};
pub use search::{SearchResults, SearchType};
pub use track::{LOCAL_URI_PREFIX, SavedTrack, SimplifiedTrack, Track};
pub use user::{CurrentUser, UserRef};

use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Decodes a Spotify JSON document (e.g. one cached earlier) into a model; a mismatch is an [`ApiError::Model`]
/// naming the failing field's path, e.g. `items[3].item.duration_ms`.
pub fn from_json<T: DeserializeOwned>(json: &[u8]) -> Result<T, ApiError> {
    crate::transport::decode::decode(json)
}
