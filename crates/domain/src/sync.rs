//! The words a library sync is described in between the crates that run it, store it and show it: the collections
//! a sync reads, in the order they run, and what can stop a sync. Each is stored as a fixed code and read back into
//! the same type, so the Sync page can never meet a value it does not know how to say.

use serde::{Deserialize, Serialize};

/// A part of a user's library that a sync reads from Spotify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Collection {
    Profile,
    LikedSongs,
    SavedAlbums,
    Playlists,
    PlaylistEntries,
    FollowedArtists,
    TopItems,
    RecentlyPlayed,
}

impl Collection {
    /// Every collection, in the order a sync runs them and the Sync page lists them.
    pub const ALL: [Collection; 8] = [
        Collection::Profile,
        Collection::LikedSongs,
        Collection::SavedAlbums,
        Collection::Playlists,
        Collection::PlaylistEntries,
        Collection::FollowedArtists,
        Collection::TopItems,
        Collection::RecentlyPlayed,
    ];

    /// The code it is stored under.
    pub fn code(self) -> &'static str {
        match self {
            Collection::Profile => "profile",
            Collection::LikedSongs => "liked_songs",
            Collection::SavedAlbums => "saved_albums",
            Collection::Playlists => "playlists",
            Collection::PlaylistEntries => "playlist_entries",
            Collection::FollowedArtists => "followed_artists",
            Collection::TopItems => "top_items",
            Collection::RecentlyPlayed => "recently_played",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Collection::ALL.into_iter().find(|collection| collection.code() == code)
    }

    /// Its name on the Sync page.
    pub fn label(self) -> &'static str {
        match self {
            Collection::Profile => "Profile",
            Collection::LikedSongs => "Liked songs",
            Collection::SavedAlbums => "Saved albums",
            Collection::Playlists => "Playlists",
            Collection::PlaylistEntries => "Playlist entries",
            Collection::FollowedArtists => "Followed artists",
            Collection::TopItems => "Top tracks and artists",
            Collection::RecentlyPlayed => "Recently played",
        }
    }
}

/// Why a sync stopped before the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SyncProblem {
    /// Spotify asked us to slow down; the sync resumes at the time it gave.
    RateLimited,
    /// The app used up its Spotify quota; the sync resumes at the time Spotify gave.
    QuotaExceeded,
    /// Spotify no longer accepts the user's grant: nothing syncs until they sign in again.
    NeedsSignIn,
    /// Spotify failed or did not answer properly.
    SpotifyUnavailable,
    /// Spotify refused to share part of the library.
    SpotifyRefused,
    /// Something failed on Crossfade's side.
    Internal,
}

impl SyncProblem {
    pub const ALL: [SyncProblem; 6] = [
        SyncProblem::RateLimited,
        SyncProblem::QuotaExceeded,
        SyncProblem::NeedsSignIn,
        SyncProblem::SpotifyUnavailable,
        SyncProblem::SpotifyRefused,
        SyncProblem::Internal,
    ];

    /// The code it is stored under.
    pub fn code(self) -> &'static str {
        match self {
            SyncProblem::RateLimited => "rate_limited",
            SyncProblem::QuotaExceeded => "quota_exceeded",
            SyncProblem::NeedsSignIn => "needs_sign_in",
            SyncProblem::SpotifyUnavailable => "spotify_unavailable",
            SyncProblem::SpotifyRefused => "spotify_refused",
            SyncProblem::Internal => "internal",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        SyncProblem::ALL.into_iter().find(|problem| problem.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for collection in Collection::ALL {
            assert_eq!(Collection::parse(collection.code()), Some(collection));
        }
        for problem in SyncProblem::ALL {
            assert_eq!(SyncProblem::parse(problem.code()), Some(problem));
        }
        assert_eq!(Collection::ALL[0], Collection::Profile, "the profile is read first");
    }

    proptest! {
        #[test]
        fn unknown_codes_read_as_nothing(code in "[a-z_]{0,24}") {
            let known = Collection::ALL.iter().any(|c| c.code() == code);
            prop_assert_eq!(Collection::parse(&code).is_some(), known);
            let known = SyncProblem::ALL.iter().any(|p| p.code() == code);
            prop_assert_eq!(SyncProblem::parse(&code).is_some(), known);
        }
    }
}
