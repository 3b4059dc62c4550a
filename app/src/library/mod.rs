//! The library browser: the signed-in user's mirrored Spotify library (tracks, playlists, albums, artists and
//! plays) as server-rendered pages that are complete without JavaScript. Each page reads its address (path and
//! query string), asks one server function, and shows the answer; server functions check the query, call one store
//! read scoped to the signed-in user, and return the DTOs defined next to them.

mod album;
mod artist;
mod day;
pub(crate) mod dto;
pub(crate) mod format;
pub(crate) mod frame;
mod playlist;
mod playlists;
mod plays;
mod query;
#[cfg(feature = "ssr")]
pub(crate) mod server;
mod track;
mod tracks;
mod tracks_page;
mod widgets;

pub use album::LibraryAlbumPage;
pub use artist::LibraryArtistPage;
pub use playlist::LibraryPlaylistPage;
pub use playlists::LibraryPlaylistsPage;
pub use plays::LibraryPlaysPage;
pub use track::LibraryTrackPage;
pub use tracks_page::LibraryTracksPage;
