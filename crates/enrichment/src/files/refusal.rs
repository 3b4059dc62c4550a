//! Why a file was refused, in words the person who uploaded it can act on. A file is read whole or not at all, so a
//! refusal over its rows lists every bad row (up to a cap) by line and column at once, not one per attempt.

use std::fmt;

use crossfade_domain::{BadRow, FeatureProblem, FileLayout, NotAnIsrc, RowFault};

/// How many bad rows a refusal lists; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// How much of a bad value a message quotes.
const QUOTED_CHARS: usize = 60;

/// A file that was not read, and why.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FileRefusal {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not UTF-8 text (line {line} holds bytes that are not); export it again as UTF-8")]
    NotUtf8 { line: u64 },
    #[error("the file is not a CSV file: {why}")]
    NotCsv { why: String },
    #[error(
        "the first line is a track, not a header; export the file again with its header line, or add the header \
         the tool writes"
    )]
    NoHeader,
    /// The header matches no layout by name, and its columns fit none by position.
    #[error(
        "the header is not one this reader knows. The nearest layout, {nearest}, has the columns {}; this file has \
         {}",
        quoted_list(expected),
        quoted_list(found)
    )]
    UnknownHeader { nearest: FileLayout, expected: Vec<String>, found: Vec<String> },
    #[error("the file has a header but no tracks")]
    NoTracks,
    #[error("the file holds more than {limit} tracks, the most one file may hold; split it and upload the parts")]
    TooManyRows { limit: u64 },
    /// Rows that cannot be read: nothing in the file was taken.
    #[error(
        "nothing was imported, because the file has {}:\n{}{}",
        problems_count(problems.len() as u64 + unlisted),
        problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
        if *unlisted > 0 { format!("\n… and {unlisted} more") } else { String::new() }
    )]
    BadRows {
        /// The first [`MAX_LISTED_PROBLEMS`] problems, in file order.
        problems: Vec<RowProblem>,
        /// How many more there are.
        unlisted: u64,
    },
}

fn problems_count(count: u64) -> String {
    if count == 1 { "one problem".to_owned() } else { format!("{count} problems") }
}

fn quoted_list(names: &[String]) -> String {
    names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ")
}

/// One thing wrong in one row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowProblem {
    /// The line the row starts on, counting the header as line 1.
    pub line: u64,
    /// The column's name as the file's header writes it; None when the problem is the whole row's.
    pub column: Option<String>,
    pub reason: RowReason,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column \"{column}\": {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// What is wrong with a row or one of its values. Quoted values are cut to a readable length.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RowReason {
    #[error("the row has {found} fields where the header has {expected}")]
    WrongFieldCount { expected: usize, found: usize },
    #[error("the value is longer than {limit} bytes")]
    TooLong { limit: usize },
    #[error("the row names no track: it has neither a Spotify id nor an ISRC")]
    NoTrack,
    #[error(
        "{0:?} is not a Spotify track (a spotify:track: URI, an open.spotify.com/track/ link or a 22-character id)"
    )]
    NotATrack(String),
    #[error("{0:?} is {NotAnIsrc}")]
    NotAnIsrc(String),
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("{0:?} is not a whole number")]
    NotAWholeNumber(String),
    #[error("{0}")]
    Feature(FeatureProblem),
    #[error("the row has a key but no mode (1 for major, 0 for minor), and a key needs one")]
    KeyWithoutMode,
}

impl RowProblem {
    /// The problem as a URL may carry it: its line and the kind of fault with its numbers, without the file's text.
    pub fn bad_row(&self) -> BadRow {
        let whole = |n: usize| n as u64;
        let fault = match &self.reason {
            RowReason::WrongFieldCount { expected, found } => {
                RowFault::WrongFieldCount { expected: whole(*expected), found: whole(*found) }
            }
            RowReason::TooLong { limit } => RowFault::TooLong { limit: whole(*limit) },
            RowReason::NoTrack => RowFault::NoTrack,
            RowReason::NotATrack(_) => RowFault::NotATrack,
            RowReason::NotAnIsrc(_) => RowFault::NotAnIsrc,
            RowReason::NotANumber(_) => RowFault::NotANumber,
            RowReason::NotAWholeNumber(_) => RowFault::NotAWholeNumber,
            RowReason::KeyWithoutMode => RowFault::KeyWithoutMode,
            RowReason::Feature(FeatureProblem::OutOfRange { feature, value }) => {
                RowFault::OutOfRange { feature: *feature, value: *value }
            }
            RowReason::Feature(FeatureProblem::Key(number)) => RowFault::Key(*number),
            RowReason::Feature(FeatureProblem::Mode(number)) => RowFault::Mode(*number),
            RowReason::Feature(FeatureProblem::TimeSignature(number)) => RowFault::TimeSignature(*number),
        };
        BadRow { line: self.line, fault }
    }
}

/// `text` cut to [`QUOTED_CHARS`] characters, for quoting in a message.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crossfade_domain::AudioFeature;

    use super::*;

    #[test]
    fn a_row_problem_names_line_column_and_reason() {
        let problem = RowProblem {
            line: 14,
            column: Some("Energy".into()),
            reason: RowReason::Feature(FeatureProblem::OutOfRange { feature: AudioFeature::Energy, value: 1.7 }),
        };
        assert_eq!(problem.to_string(), "line 14, column \"Energy\": Energy must lie between 0 and 1, not 1.7");
        let refusal = FileRefusal::BadRows { problems: vec![problem], unlisted: 2 };
        assert_eq!(
            refusal.to_string(),
            "nothing was imported, because the file has 3 problems:\n\
             line 14, column \"Energy\": Energy must lie between 0 and 1, not 1.7\n… and 2 more"
        );
    }

    #[test]
    fn long_values_are_cut_when_quoted() {
        assert_eq!(excerpt("short"), "short");
        let cut = excerpt(&"é".repeat(100));
        assert_eq!(cut.chars().count(), QUOTED_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
