//! The OAuth scopes Crossfade may ask for, by Spotify's names.

use std::fmt;

/// A Spotify authorization scope. Ask only for what a feature uses: a missing scope answers 403.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// `user-library-read`: saved tracks and albums, library contains-checks.
    UserLibraryRead,
    /// `user-library-modify`: save to and remove from the library.
    UserLibraryModify,
    /// `playlist-read-private`: the user's private playlists and playlist contents.
    PlaylistReadPrivate,
    /// `playlist-read-collaborative`: collaborative playlists.
    PlaylistReadCollaborative,
    /// `playlist-modify-public`: create and edit public playlists.
    PlaylistModifyPublic,
    /// `playlist-modify-private`: create and edit private playlists.
    PlaylistModifyPrivate,
    /// `user-follow-read`: followed artists.
    UserFollowRead,
    /// `user-top-read`: top artists and tracks.
    UserTopRead,
    /// `user-read-recently-played`: the last 50 plays.
    UserReadRecentlyPlayed,
    /// `user-read-playback-state`: player state, devices and queue.
    UserReadPlaybackState,
    /// `user-modify-playback-state`: player commands (the user needs Premium).
    UserModifyPlaybackState,
    /// `user-read-currently-playing`: the item playing now.
    UserReadCurrentlyPlaying,
}

impl Scope {
    /// Every scope, in Spotify's documentation order.
    pub const ALL: [Scope; 12] = [
        Scope::UserLibraryRead,
        Scope::UserLibraryModify,
        Scope::PlaylistReadPrivate,
        Scope::PlaylistReadCollaborative,
        Scope::PlaylistModifyPublic,
        Scope::PlaylistModifyPrivate,
        Scope::UserFollowRead,
        Scope::UserTopRead,
        Scope::UserReadRecentlyPlayed,
        Scope::UserReadPlaybackState,
        Scope::UserModifyPlaybackState,
        Scope::UserReadCurrentlyPlaying,
    ];

    /// Spotify's name for the scope, as sent in `scope=` and returned in token responses.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::UserLibraryRead => "user-library-read",
            Scope::UserLibraryModify => "user-library-modify",
            Scope::PlaylistReadPrivate => "playlist-read-private",
            Scope::PlaylistReadCollaborative => "playlist-read-collaborative",
            Scope::PlaylistModifyPublic => "playlist-modify-public",
            Scope::PlaylistModifyPrivate => "playlist-modify-private",
            Scope::UserFollowRead => "user-follow-read",
            Scope::UserTopRead => "user-top-read",
            Scope::UserReadRecentlyPlayed => "user-read-recently-played",
            Scope::UserReadPlaybackState => "user-read-playback-state",
            Scope::UserModifyPlaybackState => "user-modify-playback-state",
            Scope::UserReadCurrentlyPlaying => "user-read-currently-playing",
        }
    }

    /// The scope with Spotify's name `name`, if it is one Crossfade knows.
    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == name)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for scope in Scope::ALL {
            assert_eq!(Scope::from_name(scope.as_str()), Some(scope));
        }
        assert_eq!(Scope::UserTopRead.to_string(), "user-top-read");
        assert_eq!(Scope::from_name("user-read-email"), None);
    }
}
