//! A demo user's library: liked songs, saved albums, followed artists, the playlist list, top items, play history.

use std::collections::BTreeSet;

use time::OffsetDateTime;

use super::player::Player;

/// Something saved at a moment (a liked song, a saved album or show), by catalog index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Saved {
    pub index: usize,
    pub added_at: OffsetDateTime,
}

/// One play in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Play {
    pub track: usize,
    pub played_at: OffsetDateTime,
    /// `spotify:playlist:…` or `spotify:album:…` the track was played from.
    pub context: Option<String>,
}

/// Spotify's affinity windows for top items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeRange {
    Short,
    Medium,
    Long,
}

impl TimeRange {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "short_term" => Some(TimeRange::Short),
            "medium_term" => Some(TimeRange::Medium),
            "long_term" => Some(TimeRange::Long),
            _ => None,
        }
    }

    pub(crate) fn slot(self) -> usize {
        match self {
            TimeRange::Short => 0,
            TimeRange::Medium => 1,
            TimeRange::Long => 2,
        }
    }
}

/// A demo user and everything in their library.
#[derive(Debug, Clone)]
pub(crate) struct UserLibrary {
    pub id: String,
    pub account_id: String,
    pub display_name: String,
    pub premium: bool,
    /// Liked songs, newest first.
    pub liked: Vec<Saved>,
    /// Saved albums, newest first.
    pub saved_albums: Vec<Saved>,
    /// Saved podcast shows, newest first.
    pub saved_shows: Vec<Saved>,
    /// Saved podcast episodes, newest first.
    pub saved_episodes: Vec<Saved>,
    /// Followed artists, in follow order.
    pub followed_artists: Vec<usize>,
    /// Followed users.
    pub followed_users: BTreeSet<String>,
    /// Playlist ids as listed by `/me/playlists`: most recently created or followed first.
    pub playlists: Vec<String>,
    /// Top tracks per time range (short, medium, long).
    pub top_tracks: [Vec<usize>; 3],
    /// Top artists per time range.
    pub top_artists: [Vec<usize>; 3],
    /// Play history, newest first.
    pub plays: Vec<Play>,
    pub player: Player,
}

impl UserLibrary {
    pub(crate) fn likes(&self, track: usize) -> bool {
        self.liked.iter().any(|saved| saved.index == track)
    }

    /// Likes a track (it moves to the top if already liked, as re-saving does on Spotify).
    pub(crate) fn like(&mut self, track: usize, at: OffsetDateTime) {
        self.unlike(track);
        self.liked.insert(0, Saved { index: track, added_at: at });
    }

    pub(crate) fn unlike(&mut self, track: usize) -> bool {
        let before = self.liked.len();
        self.liked.retain(|saved| saved.index != track);
        before != self.liked.len()
    }

    pub(crate) fn save_album(&mut self, album: usize, at: OffsetDateTime) {
        if !self.saved_albums.iter().any(|saved| saved.index == album) {
            self.saved_albums.insert(0, Saved { index: album, added_at: at });
        }
    }

    pub(crate) fn follow_artist(&mut self, artist: usize) {
        if !self.followed_artists.contains(&artist) {
            self.followed_artists.push(artist);
        }
    }

    pub(crate) fn follow_playlist(&mut self, playlist_id: &str) {
        if !self.playlists.iter().any(|id| id == playlist_id) {
            self.playlists.insert(0, playlist_id.to_owned());
        }
    }

    pub(crate) fn unfollow_playlist(&mut self, playlist_id: &str) {
        self.playlists.retain(|id| id != playlist_id);
    }
}
