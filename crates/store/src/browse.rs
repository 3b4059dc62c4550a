//! Reads for the library browser: tracks, playlists, albums and artists of one user, filtered, sorted and paged.
//!
//! A user's tracks are the union of their liked songs, the tracks in their playlists and the tracks their plays name:
//! the rows of their track facts, which the writers keep exact, so no read aggregates likes, entries or plays.
//! Catalog rows (albums, artists, tracks) are shown only through those facts, a saved album or a followed artist, so
//! one user's pages never reveal what another user's sync put into the shared catalog.

mod albums;
mod artists;
mod labels;
mod playlists;
mod plays;
mod track;
mod tracks;

pub use albums::{AlbumDetail, AlbumTrack, album};
pub use artists::{ArtistAlbum, ArtistDetail, ArtistTrack, artist};
pub use labels::{LabelDetail, LabelTrack, label};
pub use playlists::{PlaylistDetail, PlaylistEntry, PlaylistItem, PlaylistSummary, playlist, playlists};
pub use plays::{EpisodePlay, SongPlay, episode_plays, song_plays};
pub use track::{PlayStats, PlaylistPlacement, TrackDetail, track};
pub use tracks::{LibraryTrack, TrackPage, library_tracks};

/// One page of a list and how many rows the whole list has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing<T> {
    pub rows: Vec<T>,
    pub total: i64,
}

/// An artist credited on a track or album, in credit order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtistCredit {
    pub spotify_id: String,
    pub name: String,
}

/// The credits stored with a track's facts (ids and names side by side), as credits.
fn credits(ids: Vec<String>, names: Vec<String>) -> Vec<ArtistCredit> {
    ids.into_iter().zip(names).map(|(spotify_id, name)| ArtistCredit { spotify_id, name }).collect()
}

/// A `LIKE` pattern matching `text` anywhere, with the pattern characters in `text` taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for character in text.chars() {
        if matches!(character, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_search_text_are_taken_literally() {
        assert_eq!(contains_pattern("100% pure"), r"%100\% pure%");
        assert_eq!(contains_pattern(r"a_b\c"), r"%a\_b\\c%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
