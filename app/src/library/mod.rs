//! The library browser: the signed-in user's mirrored Spotify library (tracks, playlists, albums, artists and
//! plays) as server-rendered pages that are complete without JavaScript. Each page reads its address (path and
//! query string) and asks one server function, which answers "signed out" or the page's data in the same request;
//! server functions parse the address into domain types, call one store read scoped to the signed-in user, and
//! return the DTOs defined next to them.

mod album;
mod artist;
pub(crate) mod dto;
pub(crate) mod duplicates;
pub(crate) mod frame;
mod labels;
mod playlist;
mod playlists;
mod plays;
mod sound;
mod tags;
mod track;
mod track_filters;
mod tracks;
mod tracks_page;
mod widgets;

pub use album::LibraryAlbumPage;
pub use artist::LibraryArtistPage;
pub use duplicates::LibraryDuplicatesPage;
pub use labels::LibraryLabelPage;
pub use playlist::LibraryPlaylistPage;
pub use playlists::LibraryPlaylistsPage;
pub use plays::LibraryPlaysPage;
pub use tags::LibraryTagsPage;
pub use track::LibraryTrackPage;
pub use tracks_page::LibraryTracksPage;

/// What the library's sign-in pointer offers.
const PURPOSE: &str = "to browse your library";

/// A Spotify id from an address: anything that cannot be one is a page that does not exist.
#[cfg(feature = "ssr")]
fn id_in_path(id: &str) -> Result<crossfade_domain::SpotifyId, crate::AppError> {
    crossfade_domain::SpotifyId::parse(id).map_err(|_| crate::AppError::NotFound.answer())
}

/// Logs a failed store read with its whole chain; the browser gets only the reference.
#[cfg(feature = "ssr")]
fn read_failed(error: crossfade_store::StoreError) -> crate::AppError {
    crate::error::internal("a library read failed", &error)
}
