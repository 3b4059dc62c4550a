//! The demo users who can sign in on the sandbox's consent page, and the sizes of their libraries.

use std::str::FromStr;

/// One demo user and the size of the library generated for them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DemoUserSpec {
    /// Spotify user id (lower-case letters, digits, `.`, `_`, `-`).
    pub id: String,
    /// Name shown on the consent page and in `display_name`.
    pub display_name: String,
    /// Whether the account has Premium (player commands need it).
    pub premium: bool,
    /// Number of liked songs (0 to 20,000).
    pub liked_songs: usize,
    /// Number of playlists in the user's list, owned and followed together.
    pub playlists: usize,
    /// Number of saved albums.
    pub saved_albums: usize,
    /// Number of followed artists.
    pub followed_artists: usize,
    /// The average number of entries of generated playlists; `None` for the sandbox's own spread (mostly small,
    /// a few hundred at most, one very long one for large libraries). Benchmarks set it.
    #[serde(default)]
    pub average_playlist_size: Option<usize>,
}

impl DemoUserSpec {
    /// A Premium user whose saved albums and followed artists scale with the liked songs.
    pub fn new(id: impl Into<String>, display_name: impl Into<String>, liked_songs: usize, playlists: usize) -> Self {
        Self {
            id: id.into(),
            display_name: display_name.into(),
            premium: true,
            liked_songs,
            playlists,
            saved_albums: (liked_songs / 25).clamp(liked_songs.min(2), 400),
            followed_artists: (liked_songs / 18).clamp(liked_songs.min(3), 600),
            average_playlist_size: None,
        }
    }

    /// The same user without Premium.
    pub fn without_premium(mut self) -> Self {
        self.premium = false;
        self
    }
}

/// The default demo users: a tiny library, a medium one, one without Premium, a DJ who curates new releases (the
/// curation board's browser tests sort as Dana, so no other user's playlists change under another test), and four
/// small listeners, two who discover and two who play from the player bar (a sign-in takes back what another
/// sign-in of the same user allowed, so the browser tests that allow playback each keep to users of their own).
pub fn default_demo_users() -> Vec<DemoUserSpec> {
    vec![
        DemoUserSpec::new("tessa", "Tessa", 12, 5),
        DemoUserSpec::new("marco", "Marco", 1_500, 25),
        DemoUserSpec::new("juniper", "Juniper", 240, 9).without_premium(),
        DemoUserSpec::new("dana", "Dana", 40, 2),
        DemoUserSpec::new("noor", "Noor", 30, 3),
        DemoUserSpec::new("omar", "Omar", 30, 3),
        DemoUserSpec::new("pia", "Pia", 30, 3),
        DemoUserSpec::new("quinn", "Quinn", 30, 3),
    ]
}

/// Why a `ID:DISPLAY NAME:LIKED:PLAYLISTS[:free]` demo-user notation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoUserSpecError {
    /// Not enough `:`-separated parts.
    #[error("expected ID:DISPLAY NAME:LIKED_SONGS:PLAYLISTS[:free]")]
    Shape,
    /// The id has characters Spotify user ids do not have.
    #[error("user id {0:?} must be non-empty lower-case letters, digits, '.', '_' or '-'")]
    BadId(String),
    /// A count is not a number or out of range.
    #[error("{0}")]
    BadCount(String),
}

impl FromStr for DemoUserSpec {
    type Err = DemoUserSpecError;

    /// Parses `ID:DISPLAY NAME:LIKED_SONGS:PLAYLISTS[:free]`, the notation of the binary's `--user` flag.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split(':').collect();
        let (id, name, liked, playlists, free) = match parts.as_slice() {
            [id, name, liked, playlists] => (*id, *name, *liked, *playlists, false),
            [id, name, liked, playlists, "free"] => (*id, *name, *liked, *playlists, true),
            _ => return Err(DemoUserSpecError::Shape),
        };
        let id_ok = !id.is_empty()
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if !id_ok {
            return Err(DemoUserSpecError::BadId(id.to_owned()));
        }
        let liked: usize = liked.parse().map_err(|_| DemoUserSpecError::BadCount(format!("liked songs {liked:?}")))?;
        if liked > 20_000 {
            return Err(DemoUserSpecError::BadCount("at most 20,000 liked songs".into()));
        }
        let playlists: usize =
            playlists.parse().map_err(|_| DemoUserSpecError::BadCount(format!("playlists {playlists:?}")))?;
        if playlists > 300 {
            return Err(DemoUserSpecError::BadCount("at most 300 playlists".into()));
        }
        let spec = DemoUserSpec::new(id, name, liked, playlists);
        Ok(if free { spec.without_premium() } else { spec })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_user_notation() {
        let user: DemoUserSpec = "big:Big Library:20000:300:free".parse().unwrap();
        assert_eq!((user.liked_songs, user.playlists, user.premium), (20_000, 300, false));
        assert!(matches!("Big:x:1:1".parse::<DemoUserSpec>(), Err(DemoUserSpecError::BadId(_))));
        assert!(matches!("a:x:20001:1".parse::<DemoUserSpec>(), Err(DemoUserSpecError::BadCount(_))));
        assert_eq!("a:x:1".parse::<DemoUserSpec>(), Err(DemoUserSpecError::Shape));
    }
}
