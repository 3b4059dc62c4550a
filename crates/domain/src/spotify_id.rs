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

    /// The id in what people paste for an object of this kind: a bare id, a URI (`spotify:track:…`) or a link to
    /// its page (`https://open.spotify.com/intl-de/track/…?si=…`). None for anything else, another kind included.
    pub fn id_in_reference(self, text: &str) -> Option<SpotifyId> {
        let text = text.trim();
        if let Some(id) = self.id_in_uri(text) {
            return Some(id);
        }
        let Some(path) = ["https://open.spotify.com/", "http://open.spotify.com/", "open.spotify.com/"]
            .iter()
            .find_map(|site| text.strip_prefix(site))
        else {
            return SpotifyId::parse(text).ok();
        };
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let mut segments = path.split('/').filter(|segment| !segment.is_empty());
        let mut kind = segments.next()?;
        // Links shared from localised pages carry the locale first.
        if kind.starts_with("intl-") {
            kind = segments.next()?;
        }
        let id = segments.next()?;
        (kind == self.as_str() && segments.next().is_none()).then(|| SpotifyId::parse(id).ok()).flatten()
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
    fn references_are_ids_uris_and_links_of_the_kind() {
        let id = "4uLU6hMCjMI75M1A2tKUQC";
        for text in [
            id,
            " spotify:track:4uLU6hMCjMI75M1A2tKUQC ",
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
            "https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC?si=abc123",
            "open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC/",
        ] {
            assert_eq!(SpotifyKind::Track.id_in_reference(text).as_ref().map(SpotifyId::as_str), Some(id), "{text}");
        }
        for text in [
            "spotify:album:4uLU6hMCjMI75M1A2tKUQC",
            "https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC",
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC/extra",
            "https://example.com/track/4uLU6hMCjMI75M1A2tKUQC",
            "https://open.spotify.com/track/",
            "Strobe deadmau5",
            "",
        ] {
            assert_eq!(SpotifyKind::Track.id_in_reference(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn every_written_form_of_an_id_reads_back(id in "[A-Za-z0-9]{22}", si in "[a-z0-9]{0,12}") {
            let id = SpotifyId::parse(&id).unwrap();
            let kind = SpotifyKind::Playlist;
            for text in [id.to_string(), kind.uri(&id), kind.open_url(&id), format!("{}?si={si}", kind.open_url(&id))] {
                prop_assert_eq!(kind.id_in_reference(&text), Some(id.clone()));
                prop_assert_eq!(SpotifyKind::Track.id_in_reference(&text).is_some(), text == id.as_str());
            }
        }
    }

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
