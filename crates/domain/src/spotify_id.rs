//! What a Spotify id is, and the URIs and links built from it. Spotify names tracks, albums, artists, playlists,
//! shows and episodes by 22 characters of base62; anything else in a place where such an id belongs (a path, a
//! history export, a batch request) is refused here, once, rather than by a rule of its own in every crate.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The length of every Spotify catalog id.
pub const SPOTIFY_ID_LEN: usize = 22;

/// A catalog object's Spotify id: exactly 22 ASCII letters and digits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SpotifyId(String);

/// Text that is not a Spotify id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a Spotify id (22 letters and digits)")]
pub struct NotASpotifyId;

impl SpotifyId {
    /// Whether `text` has the shape of a Spotify id.
    pub fn is_valid(text: &str) -> bool {
        text.len() == SPOTIFY_ID_LEN && text.bytes().all(|byte| byte.is_ascii_alphanumeric())
    }

    pub fn parse(text: &str) -> Result<SpotifyId, NotASpotifyId> {
        if SpotifyId::is_valid(text) { Ok(SpotifyId(text.to_owned())) } else { Err(NotASpotifyId) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl TryFrom<String> for SpotifyId {
    type Error = NotASpotifyId;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if SpotifyId::is_valid(&text) { Ok(SpotifyId(text)) } else { Err(NotASpotifyId) }
    }
}

impl From<SpotifyId> for String {
    fn from(id: SpotifyId) -> Self {
        id.0
    }
}

impl fmt::Display for SpotifyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds of catalog object a Spotify URI or link can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpotifyKind {
    Track,
    Album,
    Artist,
    Playlist,
    Episode,
}

impl SpotifyKind {
    /// The kind's word in URIs (`spotify:track:…`) and on open.spotify.com (`/track/…`).
    pub fn as_str(self) -> &'static str {
        match self {
            SpotifyKind::Track => "track",
            SpotifyKind::Album => "album",
            SpotifyKind::Artist => "artist",
            SpotifyKind::Playlist => "playlist",
            SpotifyKind::Episode => "episode",
        }
    }

    /// The URI of `id`: `spotify:track:4uLU6hMCjMI75M1A2tKUQC`.
    pub fn uri(self, id: &SpotifyId) -> String {
        format!("spotify:{}:{id}", self.as_str())
    }

    /// The id in a URI of this kind; None for another kind, a local file or a malformed id.
    pub fn id_in_uri(self, uri: &str) -> Option<SpotifyId> {
        let id = uri.strip_prefix("spotify:")?.strip_prefix(self.as_str())?.strip_prefix(':')?;
        SpotifyId::parse(id).ok()
    }

    /// The object's page on open.spotify.com.
    pub fn open_url(self, id: &SpotifyId) -> String {
        format!("https://open.spotify.com/{}/{id}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn ids_are_22_letters_and_digits() {
        assert!(SpotifyId::is_valid("4uLU6hMCjMI75M1A2tKUQC"));
        for text in
            ["", "4uLU6hMCjMI75M1A2tKUQ", "4uLU6hMCjMI75M1A2tKUQCx", "4uLU6hMCjMI75M1A2tKU-C", "ü".repeat(11).as_str()]
        {
            assert!(SpotifyId::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn uris_give_ids_of_their_kind_only() {
        let id = SpotifyId::parse("5Xt5DXGzch68nYYamXrNxZ").unwrap();
        assert_eq!(SpotifyKind::Episode.id_in_uri("spotify:episode:5Xt5DXGzch68nYYamXrNxZ"), Some(id.clone()));
        assert_eq!(SpotifyKind::Episode.id_in_uri("spotify:track:5Xt5DXGzch68nYYamXrNxZ"), None);
        assert_eq!(SpotifyKind::Track.id_in_uri("spotify:local:a:b:c:120"), None);
        assert_eq!(SpotifyKind::Track.id_in_uri("spotify:track:short"), None);
        assert_eq!(SpotifyKind::Track.open_url(&id), "https://open.spotify.com/track/5Xt5DXGzch68nYYamXrNxZ");
    }

    proptest! {
        #[test]
        fn an_id_round_trips_through_its_uri_and_serde(text in "[0-9A-Za-z]{22}") {
            let id = SpotifyId::parse(&text).unwrap();
            prop_assert_eq!(SpotifyKind::Album.id_in_uri(&SpotifyKind::Album.uri(&id)), Some(id.clone()));
            let json = serde_json::to_string(&id).unwrap();
            prop_assert_eq!(serde_json::from_str::<SpotifyId>(&json).ok(), Some(id));
        }

        #[test]
        fn parsing_agrees_with_the_shape_rule(text in ".{0,30}") {
            prop_assert_eq!(SpotifyId::parse(&text).is_ok(), SpotifyId::is_valid(&text));
            let quoted = serde_json::to_string(&text).unwrap();
            prop_assert_eq!(serde_json::from_str::<SpotifyId>(&quoted).is_ok(), SpotifyId::is_valid(&text));
        }
    }
}
