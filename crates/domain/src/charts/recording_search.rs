//! The words a person looks recordings up by, to say which recording a chart entry is when matching could not.

use super::ChartEntry;

/// The longest search, in characters.
pub const MAX_RECORDING_SEARCH_CHARS: usize = 100;
/// The most words a search holds; every one must be in a recording's title or artists.
pub const MAX_RECORDING_SEARCH_WORDS: usize = 8;

/// A search for recordings: words that must all appear in a recording's title or artists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingSearch {
    text: String,
    words: Vec<String>,
}

/// Why a search was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordingSearchProblem {
    #[error("write a word of the title or of an artist")]
    Empty,
    #[error("write at most {MAX_RECORDING_SEARCH_CHARS} characters")]
    TooLong,
    #[error("write at most {MAX_RECORDING_SEARCH_WORDS} words")]
    TooManyWords,
}

impl RecordingSearch {
    /// Reads what a person wrote.
    pub fn parse(text: &str) -> Result<RecordingSearch, RecordingSearchProblem> {
        let text = text.trim();
        if text.chars().count() > MAX_RECORDING_SEARCH_CHARS {
            return Err(RecordingSearchProblem::TooLong);
        }
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        match words.len() {
            0 => Err(RecordingSearchProblem::Empty),
            count if count > MAX_RECORDING_SEARCH_WORDS => Err(RecordingSearchProblem::TooManyWords),
            _ => Ok(RecordingSearch { text: words.join(" "), words }),
        }
    }

    /// The search an entry starts with: its title without what follows a bracket or a spaced dash (a version, a
    /// featured artist), which other services write differently; its artists when the title leaves nothing.
    pub fn for_entry(entry: &ChartEntry) -> Option<RecordingSearch> {
        let title = entry.title.as_str();
        let cut = [" - ", " – ", "(", "["].iter().filter_map(|mark| title.find(mark)).min().unwrap_or(title.len());
        let core = &title[..cut];
        [core, entry.title.as_str(), entry.artists.as_str()].into_iter().find_map(|text| {
            let words: Vec<&str> = text.split_whitespace().take(MAX_RECORDING_SEARCH_WORDS).collect();
            let text: String = words.join(" ").chars().take(MAX_RECORDING_SEARCH_CHARS).collect();
            RecordingSearch::parse(&text).ok()
        })
    }

    /// The search as it reads, in lower case.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its words, in lower case.
    pub fn words(&self) -> &[String] {
        &self.words
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn searches_are_words_in_lower_case_within_bounds() {
        let search = RecordingSearch::parse("  Die With  A Smile ").unwrap();
        assert_eq!(search.words(), ["die", "with", "a", "smile"]);
        assert_eq!(search.text(), "die with a smile");
        assert_eq!(RecordingSearch::parse(" \t"), Err(RecordingSearchProblem::Empty));
        assert_eq!(RecordingSearch::parse(&"a ".repeat(9)), Err(RecordingSearchProblem::TooManyWords));
        assert_eq!(RecordingSearch::parse(&"x".repeat(101)), Err(RecordingSearchProblem::TooLong));
    }

    #[test]
    fn an_entry_is_searched_by_its_title_without_its_version() {
        let entry = ChartEntry::new(1, "Die With A Smile (feat. Someone) - Remix".into(), "Lady Gaga".into());
        assert_eq!(RecordingSearch::for_entry(&entry).unwrap().text(), "die with a smile");
        let hyphenated = ChartEntry::new(1, "Anti-Hero".into(), "Taylor Swift".into());
        assert_eq!(RecordingSearch::for_entry(&hyphenated).unwrap().text(), "anti-hero");
        let untitled = ChartEntry::new(1, "(Intro)".into(), "Lady Gaga".into());
        assert_eq!(RecordingSearch::for_entry(&untitled).unwrap().text(), "(intro)");
    }

    proptest! {
        #[test]
        fn every_entry_has_a_search_and_it_parses_again(title in "\\PC{1,300}", artists in "\\PC{1,300}") {
            let entry = ChartEntry::new(1, title, artists);
            if let Some(search) = RecordingSearch::for_entry(&entry) {
                prop_assert_eq!(RecordingSearch::parse(search.text()), Ok(search.clone()));
                prop_assert!(!search.words().is_empty() && search.words().len() <= MAX_RECORDING_SEARCH_WORDS);
            } else {
                prop_assert!(entry.title.trim().is_empty() && entry.artists.trim().is_empty());
            }
        }
    }
}
