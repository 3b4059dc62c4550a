//! The International Standard Recording Code: the key that joins a Spotify track to the same recording at Deezer,
//! MusicBrainz and in release feeds. Twelve characters: a two-letter country, a three-character registrant, two
//! digits of the year and a five-digit designation ("GBDUW0000059"). Files and feeds often write it with hyphens
//! ("GB-DUW-00-00059") or in lower case; it is kept in the canonical form.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An ISRC in canonical form: upper case, no separators.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Isrc(String);

/// Text that is not an ISRC.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an ISRC (two letters, three letters or digits, then seven digits, like GBDUW0000059)")]
pub struct NotAnIsrc;

impl Isrc {
    /// Reads an ISRC, accepting hyphens, spaces and lower case.
    pub fn parse(text: &str) -> Result<Isrc, NotAnIsrc> {
        let canonical: String =
            text.trim().chars().filter(|c| !matches!(c, '-' | ' ')).map(|c| c.to_ascii_uppercase()).collect();
        let bytes = canonical.as_bytes();
        let valid = bytes.len() == 12
            && bytes[..2].iter().all(u8::is_ascii_uppercase)
            && bytes[2..5].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && bytes[5..].iter().all(u8::is_ascii_digit);
        if valid { Ok(Isrc(canonical)) } else { Err(NotAnIsrc) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Isrc {
    type Error = NotAnIsrc;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Isrc::parse(&text)
    }
}

impl From<Isrc> for String {
    fn from(isrc: Isrc) -> Self {
        isrc.0
    }
}

impl fmt::Display for Isrc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn spellings_seen_in_files_and_feeds() {
        for text in ["GBDUW0000059", "gbduw0000059", "GB-DUW-00-00059", " GB DUW 00 00059 "] {
            assert_eq!(Isrc::parse(text).unwrap().as_str(), "GBDUW0000059", "{text}");
        }
        for text in ["", "GBDUW000005", "GBDUW00000590", "12DUW0000059", "GBDUW00000A9", "GB_DUW0000059"] {
            assert!(Isrc::parse(text).is_err(), "{text}");
        }
    }

    proptest! {
        #[test]
        fn canonical_form_round_trips(isrc in "[A-Z]{2}[A-Z0-9]{3}[0-9]{7}") {
            let parsed = Isrc::parse(&isrc).unwrap();
            prop_assert_eq!(parsed.as_str(), isrc.as_str());
            prop_assert_eq!(Isrc::parse(&parsed.to_string()).unwrap(), parsed);
        }

        #[test]
        fn never_panics(text in ".{0,20}") {
            let _ = Isrc::parse(&text);
        }
    }
}
