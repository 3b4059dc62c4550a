//! How a spelling of a genre becomes the key it is matched under, and how an unknown one becomes a tag. Providers
//! write the same genre many ways ("Hip-Hop/Rap", "hip_hop", "Drum'n'Bass", "forró"), so the key keeps only the
//! letters and digits, folded to lower case without accents, with "&", "+" and a lone "n" read as "and".

use crate::tag::{MAX_TAG_CHARS, Tag};

/// Latin letters with diacritics and the letters they are spelt with on keyboards that lack them. The composed
/// forms are listed because that is how providers send them; decomposed accents are combining marks, dropped below.
const FOLDS: [(&str, &str); 24] = [
    ("àáâãäåāăą", "a"),
    ("æ", "ae"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĵ", "j"),
    ("ķ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉ", "n"),
    ("òóôõöøōŏő", "o"),
    ("œ", "oe"),
    ("ŕŗř", "r"),
    ("śŝşšș", "s"),
    ("ß", "ss"),
    ("ţťŧț", "t"),
    ("þ", "th"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
    ("ĳ", "ij"),
];

const COMBINING_MARKS: std::ops::RangeInclusive<char> = '\u{300}'..='\u{36f}';

/// Lower-cases `text` and folds Latin letters with diacritics to their base letters ("Forró" → "forro"), so names
/// that differ only in accents group together. Record labels are grouped the same way.
pub(crate) fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            folded.push(c);
        } else if !COMBINING_MARKS.contains(&c) {
            match FOLDS.iter().find(|(letters, _)| letters.contains(c)) {
                Some((_, base)) => folded.push_str(base),
                None => folded.push(c),
            }
        }
    }
    folded
}

/// The words of a spelling, folded, split at everything that is neither a letter nor a digit.
pub(super) fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if matches!(c, '&' | '+') {
            words.push("and".to_owned());
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    // "rock 'n' roll", "drum n bass", "r-n-b": the apostrophes and hyphens split off a lone "n" that means "and".
    for word in &mut words {
        if word == "n" {
            "and".clone_into(word);
        }
    }
    words
}

/// The key a spelling is matched under: its words run together, so "hip hop", "hip-hop" and "hiphop" meet.
pub(super) fn key(words: &[String]) -> String {
    words.concat()
}

/// Whether `text` has anything to match: a text of only punctuation, symbols or spaces is no genre and no tag.
pub(super) fn has_content(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// A provider's text as a tag, cut to the longest a tag may be: free-text tags from MusicBrainz can be sentences, and
/// their start is what a page can show. `None` when the part kept has no letter or digit.
pub(super) fn tag(text: &str) -> Option<Tag> {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let cut: String = collapsed.chars().take(MAX_TAG_CHARS).collect();
    Tag::parse(&cut).ok()
}

/// Country, city and language words that Spotify's artist genres put before a style ("german hip hop", "uk pop",
/// "atl trap"). Alone they are tags (see data/SOURCE.md); before a style they are dropped so the style is found.
/// Words that name a tradition with styles of its own (brazilian, indian, turkish, latin…) are genres, not here.
pub(super) const PLACE_WORDS: [&str; 50] = [
    "american",
    "us",
    "usa",
    "uk",
    "british",
    "english",
    "scottish",
    "welsh",
    "irish",
    "canadian",
    "australian",
    "aussie",
    "french",
    "german",
    "deutsch",
    "dutch",
    "belgian",
    "swiss",
    "austrian",
    "italian",
    "spanish",
    "portuguese",
    "swedish",
    "norwegian",
    "danish",
    "finnish",
    "icelandic",
    "scandinavian",
    "polish",
    "czech",
    "russian",
    "ukrainian",
    "greek",
    "hungarian",
    "romanian",
    "japanese",
    "korean",
    "chinese",
    "taiwanese",
    "thai",
    "mexican",
    "argentine",
    "colombian",
    "chilean",
    "atl",
    "nyc",
    "chicago",
    "detroit",
    "houston",
    "london",
];

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn accents_fold_to_base_letters() {
        assert_eq!(fold("Forró"), "forro");
        assert_eq!(fold("forro\u{301}"), "forro");
        assert_eq!(fold("MÚSICA POPULAR BRASILEIRA"), "musica popular brasileira");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Türk Halk Müziği"), "turk halk muzigi");
        assert_eq!(fold("Ünsal İpek"), "unsal ipek");
        assert_eq!(fold("Мелодия"), "мелодия");
    }

    #[test]
    fn and_is_spelt_many_ways() {
        for text in ["r&b", "R & B", "r-n-b", "R'n'B", "r+b", "r and b", "R ’n’ B"] {
            assert_eq!(key(&words(text)), "randb", "{text}");
        }
    }

    #[test]
    fn tags_are_lower_case_collapsed_and_bounded() {
        assert_eq!(tag("  Late  Night\tDrive ").unwrap().as_str(), "late night drive");
        assert_eq!(tag("SÜẞ").unwrap().as_str(), "süß");
        assert_eq!(tag(&"ab ".repeat(100)).unwrap().as_str().chars().count(), MAX_TAG_CHARS - 1);
        assert_eq!(tag(&format!("{}rock", "-".repeat(MAX_TAG_CHARS))), None);
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(text in ".{0,40}") {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn any_text_is_cut_to_a_valid_tag(text in ".{0,200}") {
            if let Some(once) = tag(&text) {
                prop_assert_eq!(tag(once.as_str()), Some(once.clone()));
            }
        }
    }
}
