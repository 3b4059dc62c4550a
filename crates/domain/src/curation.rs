//! The curation board's vocabulary: where a release is on the board (the week's bronze playlist, a category's silver
//! playlist, the category's permanent golden playlist, or the trash), what each action does and how it is undone,
//! the weeks a period covers, and the names the board gives its Spotify playlists.

mod place;
mod week;

pub use place::{BoardAction, BoardProblem, Layer, Place, PlaylistMove};
pub use week::{CategoryName, CategoryNameProblem, Week, playlist_name};
