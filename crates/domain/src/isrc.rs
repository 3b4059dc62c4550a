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
    /// Reads an ISRC, accepting hyphens, spaces, lower case and a leading `ISRC` ("ISRC GB-DUW-00-00059",
    /// "isrc:GBDUW0000059").
    pub fn parse(text: &str) -> Result<Isrc, NotAnIsrc> {
        let text = text.trim();
        // "ISRC" is also how a valid code from Iceland ("IS") can begin, so the prefix is only dropped when the text
        // is not an ISRC as it stands.
        Isrc::canonical(text)
            .or_else(|| {
                let prefix = text.get(..4).filter(|prefix| prefix.eq_ignore_ascii_case("ISRC"))?;
                Isrc::canonical(text[prefix.len()..].trim_start_matches([':', ' ']))
            })
            .ok_or(NotAnIsrc)
    }

    fn canonical(text: &str) -> Option<Isrc> {
        let canonical: String =
            text.chars().filter(|c| !matches!(c, '-' | ' ')).map(|c| c.to_ascii_uppercase()).collect();
        let bytes = canonical.as_bytes();
        let valid = bytes.len() == 12
            && bytes[..2].iter().all(u8::is_ascii_uppercase)
            && bytes[2..5].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && bytes[5..].iter().all(u8::is_ascii_digit);
        valid.then_some(Isrc(canonical))
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

    #[test]
    fn a_leading_isrc_is_dropped() {
        for text in ["ISRC GB-DUW-00-00059", "isrc:GBDUW0000059", "ISRC: GBDUW0000059", "IsrcGBDUW0000059"] {
            assert_eq!(Isrc::parse(text).unwrap().as_str(), "GBDUW0000059", "{text}");
        }
        // An Icelandic code that happens to start with "ISRC" is read as it stands.
        assert_eq!(Isrc::parse("ISRC10000001").unwrap().as_str(), "ISRC10000001");
        for text in ["ISRC", "ISRC:", "ISRC GBDUW000005", "ISR GBDUW0000059", "ISRC ISRC GBDUW0000059"] {
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
