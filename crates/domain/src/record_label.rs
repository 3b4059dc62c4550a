//! Record labels as providers write them, grouped so one label has one page. Spotify's album label, Deezer's label
//! and MusicBrainz's label name the same company many ways ("Parlophone", "PARLOPHONE RECORDS LTD.", "℗ 2001
//! Parlophone Records"), so each label keeps its name as written and a key that ignores case, accents, punctuation
//! and the trailing company words.
//!
//! Texts that say there is no label are not labels: MusicBrainz's special label "[no label]", Discogs' "Not On
//! Label" (with or without its "(… Self-released)" note), "Not Documented", "self-released", "independent",
//! "none", "unknown", "n/a". A page grouping them would show unrelated releases as one label's catalogue.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::genres::fold;

/// The longest label name kept, in characters; providers' names are far shorter, files can hold anything.
const MAX_LABEL_CHARS: usize = 200;

/// Company words a name may end in without naming another label. Dots are dropped before matching, so "B.V." is
/// "bv" and "Ltd." is "ltd".
const COMPANY_WORDS: [&str; 16] = [
    "records",
    "record",
    "recordings",
    "recording",
    "music",
    "ltd",
    "limited",
    "llc",
    "inc",
    "incorporated",
    "gmbh",
    "bv",
    "sa",
    "plc",
    "co",
    "corp",
];

/// Keys of texts that mean "no label" (see the module's documentation).
const NO_LABEL: [&str; 11] = [
    "no-label",
    "not-on-label",
    "not-documented",
    "self-released",
    "selfreleased",
    "independent",
    "none",
    "unknown",
    "n-a",
    "na",
    "null",
];

/// A record label: its name as a page shows it and the key labels are grouped by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordLabel {
    name: String,
    key: LabelKey,
}

/// The grouping key of a label: lower-case words without accents or punctuation, joined by hyphens, without the
/// trailing company words ("parlophone", "warner-music-group", "sony-music-entertainment"). It is never empty.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LabelKey(String);

/// A label page's path segment that is no label key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a record label's key")]
pub struct NotALabelKey;

impl RecordLabel {
    /// Reads a provider's label text, or `None` when it names no label (empty, only punctuation, or a placeholder).
    /// Copyright marks and the years after them are dropped: "℗ 2001 Parlophone Records Ltd." is "Parlophone
    /// Records Ltd.".
    pub fn parse(text: &str) -> Option<RecordLabel> {
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let name: String = without_marks(&collapsed).chars().take(MAX_LABEL_CHARS).collect();
        let name = name.trim_end().to_owned();
        let key = LabelKey::of(&name)?;
        Some(RecordLabel { name, key })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key(&self) -> &LabelKey {
        &self.key
    }
}

impl fmt::Display for RecordLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl LabelKey {
    fn of(name: &str) -> Option<LabelKey> {
        let mut words = key_words(name);
        while words.len() > 1 && words.last().is_some_and(|word| COMPANY_WORDS.contains(&word.as_str())) {
            words.pop();
        }
        let key = words.join("-");
        let placeholder = NO_LABEL.contains(&key.as_str()) || key.starts_with("not-on-label-");
        (!key.is_empty() && !placeholder).then_some(LabelKey(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as a URL path segment: ASCII letters, digits and hyphens as they are, anything else (letters of
    /// other scripts) percent-encoded, so the segment is safe in any link.
    pub fn slug(&self) -> String {
        let mut slug = String::with_capacity(self.0.len());
        for byte in self.0.bytes() {
            if byte.is_ascii_alphanumeric() || byte == b'-' {
                slug.push(char::from(byte));
            } else {
                slug.push_str(&format!("%{byte:02X}"));
            }
        }
        slug
    }

    /// Reads a label page's path segment, percent-encoded or already decoded. Only a key in its canonical form is
    /// accepted, so each label has one address.
    pub fn from_slug(slug: &str) -> Result<LabelKey, NotALabelKey> {
        let decoded = percent_decoded(slug).ok_or(NotALabelKey)?;
        match LabelKey::of(&decoded) {
            Some(key) if key.0 == decoded => Ok(key),
            _ => Err(NotALabelKey),
        }
    }
}

impl fmt::Display for LabelKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LabelKey {
    type Error = NotALabelKey;

    fn try_from(key: String) -> Result<Self, Self::Error> {
        LabelKey::from_slug(&key)
    }
}

impl From<LabelKey> for String {
    fn from(key: LabelKey) -> Self {
        key.0
    }
}

/// `name` without leading copyright marks (℗, ©, "(P)", "(C)") and the years that follow a mark ("2001",
/// "2001-2003", "2001, 2002"). A year without a mark stays: it may be part of the name.
fn without_marks(name: &str) -> &str {
    let mut rest = name;
    let mut marked = false;
    loop {
        rest = rest.trim_start();
        if let Some(after) = ["℗", "©", "(p)", "(c)"].iter().find_map(|mark| {
            rest.get(..mark.len()).filter(|start| start.eq_ignore_ascii_case(mark)).map(|_| &rest[mark.len()..])
        }) {
            rest = after;
            marked = true;
        } else if marked
            && rest.len() >= 4
            && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && !rest.as_bytes().get(4).is_some_and(u8::is_ascii_digit)
        {
            rest = rest[4..].trim_start_matches([' ', ',', '-', '–', '/']);
        } else {
            return rest;
        }
    }
}

/// The words a key is made of: folded, dots and apostrophes dropped inside words ("B.V." is "bv"), "&" and "+"
/// read as "and", everything else that is not a letter or digit a break.
fn key_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in fold(name).chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else if !matches!(c, '.' | '\'' | '’') {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if matches!(c, '&' | '+') {
                words.push("and".to_owned());
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn percent_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            decoded.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(text: &str) -> Option<String> {
        RecordLabel::parse(text).map(|label| label.key().as_str().to_owned())
    }

    #[test]
    fn one_label_however_providers_spell_it() {
        for text in [
            "Parlophone",
            "parlophone",
            "Parlophone Records",
            "PARLOPHONE RECORDS LTD.",
            "Parlophone Recordings",
            "  Parlophone   Records Limited ",
            "℗ 2001 Parlophone Records Ltd.",
            "(P) 2001 Parlophone",
            "(p)2001-2003 Parlophone Records",
            "© 2001, 2002 Parlophone Records Ltd",
        ] {
            assert_eq!(key(text).as_deref(), Some("parlophone"), "{text}");
        }
        assert_eq!(key("Warner Music Group").as_deref(), Some("warner-music-group"));
        assert_eq!(key("Sony Music Entertainment Germany GmbH").as_deref(), Some("sony-music-entertainment-germany"));
        assert_eq!(key("Universal Music B.V.").as_deref(), Some("universal"));
        assert_eq!(key("Discos Fuentes S.A.").as_deref(), Some("discos-fuentes"));
        assert_eq!(key("Sun Record Co.").as_deref(), Some("sun"));
        assert_eq!(key("Simon & Schuster Audio").as_deref(), key("Simon and Schuster Audio").as_deref());
        assert_eq!(key("Éditions Mégamix").as_deref(), Some("editions-megamix"));
        assert_eq!(key("Мелодия").as_deref(), Some("мелодия"));
    }

    #[test]
    fn company_words_alone_stay_a_name() {
        assert_eq!(key("Music").as_deref(), Some("music"));
        assert_eq!(key("Records Ltd").as_deref(), Some("records"));
        assert_eq!(key("1991 Records").as_deref(), Some("1991"));
    }

    #[test]
    fn names_keep_their_spelling_without_marks() {
        let label = RecordLabel::parse("℗  2001   Parlophone Records\tLtd. ").unwrap();
        assert_eq!(label.name(), "Parlophone Records Ltd.");
        assert_eq!(label.to_string(), "Parlophone Records Ltd.");
        assert_eq!(RecordLabel::parse("2001 Odyssey").unwrap().name(), "2001 Odyssey");
        assert_eq!(RecordLabel::parse(&"x".repeat(500)).unwrap().name().len(), MAX_LABEL_CHARS);
    }

    #[test]
    fn placeholders_are_no_label() {
        for text in [
            "",
            "   ",
            "-",
            "℗ 2001",
            "[no label]",
            "Not On Label",
            "Not On Label (Portishead Self-released)",
            "Not Documented",
            "self-released",
            "Self Released",
            "Independent",
            "none",
            "[unknown]",
            "N/A",
        ] {
            assert_eq!(RecordLabel::parse(text), None, "{text}");
        }
        assert!(RecordLabel::parse("Independiente").is_some());
    }

    #[test]
    fn slugs_round_trip() {
        for text in ["Parlophone Records", "Warp", "Мелодия", "Ninja Tune", "Sub Pop Records"] {
            let key = RecordLabel::parse(text).unwrap().key().clone();
            assert_eq!(LabelKey::from_slug(&key.slug()), Ok(key.clone()));
            assert_eq!(LabelKey::from_slug(key.as_str()), Ok(key.clone()));
            assert_eq!(serde_json::from_value::<LabelKey>(serde_json::to_value(&key).unwrap()).unwrap(), key);
        }
        assert_eq!(RecordLabel::parse("Мелодия").unwrap().key().slug(), "%D0%BC%D0%B5%D0%BB%D0%BE%D0%B4%D0%B8%D1%8F");
        for slug in ["", "parlophone-records", "Parlophone", "sub--pop", "-warp", "none", "%zz", "%FF", "a/b"] {
            assert_eq!(LabelKey::from_slug(slug), Err(NotALabelKey), "{slug}");
        }
    }

    fn spaced() -> impl Strategy<Value = String> {
        prop::sample::select(vec![" ", "  ", "\t", " \u{a0}"]).prop_map(str::to_owned)
    }

    proptest! {
        #[test]
        fn keys_ignore_case_suffixes_and_spacing(
            words in prop::collection::vec("[a-z]{2,8}", 1..4),
            suffixes in prop::collection::vec(prop::sample::select(vec!["Records", "RECORDINGS", "Ltd.", "GmbH", "B.V.", "LLC", "Inc.", "Music", "S.A.", "Limited"]), 0..3),
            upper in prop::collection::vec(any::<bool>(), 40),
            gaps in prop::collection::vec(spaced(), 8),
        ) {
            let base = words.join(" ");
            let mut variant = String::from(gaps[0].as_str());
            for (at, word) in words.iter().map(String::as_str).chain(suffixes.iter().copied()).enumerate() {
                let cased: String = word
                    .chars()
                    .zip(upper.iter().cycle().skip(at))
                    .map(|(c, &up)| if up { c.to_ascii_uppercase() } else { c })
                    .collect();
                variant.push_str(&cased);
                variant.push_str(&gaps[(at + 1) % gaps.len()]);
            }
            prop_assert_eq!(key(&variant), key(&base));
        }

        #[test]
        fn keys_are_canonical_slugs(text in "\\PC{0,80}") {
            if let Some(label) = RecordLabel::parse(&text) {
                prop_assert!(!label.key().as_str().is_empty());
                prop_assert!(label.name().chars().count() <= MAX_LABEL_CHARS);
                prop_assert_eq!(LabelKey::from_slug(&label.key().slug()), Ok(label.key().clone()));
                prop_assert_eq!(RecordLabel::parse(label.name()).map(|again| again.key), Some(label.key));
            }
        }

        #[test]
        fn never_panics(text in ".{0,100}") {
            let _ = RecordLabel::parse(&text);
            let _ = LabelKey::from_slug(&text);
        }
    }
}
