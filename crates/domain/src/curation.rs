//! The curation board's vocabulary: where a release is on the board (the week's bronze playlist, a category's silver
//! playlist, the category's permanent golden playlist, or the trash), what each action does and how it is undone,
//! the weeks a period covers, the names the board gives its Spotify playlists, and how the board differs from what
//! the user changed in those playlists on Spotify.

mod drift;
mod place;
mod week;

pub use drift::{Drift, Restore, compare_with_spotify};
pub use place::{BoardAction, BoardProblem, Layer, Place, PlaylistMove};
pub use week::{CategoryName, CategoryNameProblem, Week, playlist_name};
