//! What an import of a file of enrichment values (an Exportify export, the "Spotify tracks dataset") reports: the
//! layout the file had, how its header was recognised, and why a file or one of its rows was refused. The import
//! route passes these back to the import page in its URL as codes and numbers only, never text from the file, and
//! the page turns them into words: both sides read the codes from here. Links people keep may hold a code, so a
//! code never changes meaning.

use std::fmt;

use crate::AudioFeature;

/// The tool or data set a file comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileLayout {
    /// Exportify (watsonbox): every field quoted, optional groups of genre, feature and album columns.
    Exportify,
    /// exportify.net (pavelkomarov): unquoted, starting `Track URI,Track Name,…`.
    ExportifyNet,
    /// exportify.net's older export, starting `Spotify ID,Artist IDs,…` with bare ids instead of URIs.
    ExportifyNetSpotifyIds,
    /// The "Spotify tracks dataset": `track_id,artists,…,track_genre`, perhaps after an unnamed index column.
    TracksDataset,
}

impl FileLayout {
    pub const ALL: [FileLayout; 4] = [
        FileLayout::Exportify,
        FileLayout::ExportifyNet,
        FileLayout::ExportifyNetSpotifyIds,
        FileLayout::TracksDataset,
    ];

    /// The layout's name.
    pub fn name(self) -> &'static str {
        match self {
            FileLayout::Exportify => "Exportify",
            FileLayout::ExportifyNet => "exportify.net",
            FileLayout::ExportifyNetSpotifyIds => "exportify.net (older, with Spotify IDs)",
            FileLayout::TracksDataset => "Spotify tracks dataset",
        }
    }

    /// What a file of this layout is, in a sentence: "an Exportify export".
    pub fn described(self) -> &'static str {
        match self {
            FileLayout::Exportify => "an Exportify export",
            FileLayout::ExportifyNet => "an exportify.net export",
            FileLayout::ExportifyNetSpotifyIds => "an older exportify.net export",
            FileLayout::TracksDataset => "the Spotify tracks dataset",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            FileLayout::Exportify => "exportify",
            FileLayout::ExportifyNet => "exportify-net",
            FileLayout::ExportifyNetSpotifyIds => "exportify-net-ids",
            FileLayout::TracksDataset => "tracks-dataset",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        FileLayout::ALL.into_iter().find(|layout| layout.code() == code)
    }
}

impl fmt::Display for FileLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A language whose Exportify header the reader knows by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    German,
    French,
    Spanish,
    Portuguese,
    Italian,
    Dutch,
    Swedish,
}

impl Language {
    pub const ALL: [Language; 7] = [
        Language::German,
        Language::French,
        Language::Spanish,
        Language::Portuguese,
        Language::Italian,
        Language::Dutch,
        Language::Swedish,
    ];

    /// The language's name in English, as the import page shows it.
    pub fn name(self) -> &'static str {
        match self {
            Language::German => "German",
            Language::French => "French",
            Language::Spanish => "Spanish",
            Language::Portuguese => "Portuguese",
            Language::Italian => "Italian",
            Language::Dutch => "Dutch",
            Language::Swedish => "Swedish",
        }
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
            Language::Portuguese => "pt",
            Language::Italian => "it",
            Language::Dutch => "nl",
            Language::Swedish => "sv",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a file's header was recognised, for the import page to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeaderMatch {
    /// Every column by its English name.
    English,
    /// By Exportify's column names in a language (columns left in English also count).
    Translated(Language),
    /// The names are unknown, but the number of columns and the values in them fit this one layout.
    ByPosition,
}

impl HeaderMatch {
    /// `en`, `position`, or the language's code.
    pub fn code(self) -> &'static str {
        match self {
            HeaderMatch::English => "en",
            HeaderMatch::ByPosition => "position",
            HeaderMatch::Translated(language) => language.code(),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "en" => Some(HeaderMatch::English),
            "position" => Some(HeaderMatch::ByPosition),
            _ => Language::ALL.into_iter().find(|language| language.code() == code).map(HeaderMatch::Translated),
        }
    }
}

/// Why an import or a forgetting did not go through. Some travel with numbers of their own (`line`, `limit`,
/// `nearest`, `ref`, or the bad rows), which the route adds beside the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportProblem {
    /// The form carried no file.
    NoFile,
    Empty,
    /// Over the size the route takes (`limit` in MB).
    TooLarge,
    /// The upload broke off.
    Broken,
    /// No bytes arrived for the upload's idle timeout.
    Stalled,
    /// Not UTF-8 text (`line`).
    NotUtf8,
    NotCsv,
    NoHeader,
    /// No layout known by its names or by position (`nearest` layout).
    UnknownHeader,
    NoTracks,
    /// More rows than one file may hold (`limit`).
    TooManyRows,
    /// Rows that cannot be read (`bad`, `more`).
    BadRows,
    /// Storing the values failed inside Crossfade (`ref`).
    Failed,
    /// Forgetting the imported values failed inside Crossfade (`ref`).
    ForgetFailed,
}

impl ImportProblem {
    pub const ALL: [ImportProblem; 14] = [
        ImportProblem::NoFile,
        ImportProblem::Empty,
        ImportProblem::TooLarge,
        ImportProblem::Broken,
        ImportProblem::Stalled,
        ImportProblem::NotUtf8,
        ImportProblem::NotCsv,
        ImportProblem::NoHeader,
        ImportProblem::UnknownHeader,
        ImportProblem::NoTracks,
        ImportProblem::TooManyRows,
        ImportProblem::BadRows,
        ImportProblem::Failed,
        ImportProblem::ForgetFailed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportProblem::NoFile => "no-file",
            ImportProblem::Empty => "empty",
            ImportProblem::TooLarge => "too-large",
            ImportProblem::Broken => "broken",
            ImportProblem::Stalled => "stalled",
            ImportProblem::NotUtf8 => "not-utf8",
            ImportProblem::NotCsv => "not-csv",
            ImportProblem::NoHeader => "no-header",
            ImportProblem::UnknownHeader => "unknown-header",
            ImportProblem::NoTracks => "no-tracks",
            ImportProblem::TooManyRows => "too-many-rows",
            ImportProblem::BadRows => "bad-rows",
            ImportProblem::Failed => "failed",
            ImportProblem::ForgetFailed => "forget-failed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        ImportProblem::ALL.into_iter().find(|problem| problem.code() == code)
    }
}

/// What is wrong with a row, as far as a URL may carry it: the kind and its numbers, never the file's text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RowFault {
    WrongFieldCount { expected: u64, found: u64 },
    TooLong { limit: u64 },
    NoTrack,
    NotATrack,
    NotAnIsrc,
    NotANumber,
    NotAWholeNumber,
    KeyWithoutMode,
    OutOfRange { feature: AudioFeature, value: f64 },
    Key(i64),
    Mode(i64),
    TimeSignature(i64),
}

/// A bad row of a refused file: its line and what is wrong. Travels as `line:kind[:number…]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BadRow {
    pub line: u64,
    pub fault: RowFault,
}

impl BadRow {
    /// `7:range:energy:1.8`: colon-separated, with nothing a URL must escape.
    pub fn code(&self) -> String {
        let fault = match self.fault {
            RowFault::WrongFieldCount { expected, found } => format!("fields:{found}:{expected}"),
            RowFault::TooLong { limit } => format!("too-long:{limit}"),
            RowFault::NoTrack => "no-track".to_owned(),
            RowFault::NotATrack => "not-a-track".to_owned(),
            RowFault::NotAnIsrc => "not-an-isrc".to_owned(),
            RowFault::NotANumber => "not-a-number".to_owned(),
            RowFault::NotAWholeNumber => "not-whole".to_owned(),
            RowFault::KeyWithoutMode => "key-without-mode".to_owned(),
            RowFault::OutOfRange { feature, value } => format!("range:{}:{value}", feature.code()),
            RowFault::Key(number) => format!("key:{number}"),
            RowFault::Mode(number) => format!("mode:{number}"),
            RowFault::TimeSignature(number) => format!("beats:{number}"),
        };
        format!("{}:{fault}", self.line)
    }

    /// The bad row a code stands for; None for anything [`BadRow::code`] never writes.
    pub fn parse(code: &str) -> Option<Self> {
        let mut parts = code.split(':');
        let line = parts.next()?.parse().ok()?;
        let kind = parts.next()?;
        let mut number = || parts.next()?.parse::<i64>().ok();
        let fault = match kind {
            "fields" => {
                let found = u64::try_from(number()?).ok()?;
                RowFault::WrongFieldCount { found, expected: u64::try_from(number()?).ok()? }
            }
            "too-long" => RowFault::TooLong { limit: u64::try_from(number()?).ok()? },
            "no-track" => RowFault::NoTrack,
            "not-a-track" => RowFault::NotATrack,
            "not-an-isrc" => RowFault::NotAnIsrc,
            "not-a-number" => RowFault::NotANumber,
            "not-whole" => RowFault::NotAWholeNumber,
            "key-without-mode" => RowFault::KeyWithoutMode,
            "range" => {
                let mut rest = code.splitn(4, ':').skip(2);
                let feature = AudioFeature::parse(rest.next()?)?;
                let value: f64 = rest.next()?.parse().ok().filter(|value: &f64| value.is_finite())?;
                return Some(BadRow { line, fault: RowFault::OutOfRange { feature, value } });
            }
            "key" => RowFault::Key(number()?),
            "mode" => RowFault::Mode(number()?),
            "beats" => RowFault::TimeSignature(number()?),
            _ => return None,
        };
        Some(BadRow { line, fault })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn layouts_headers_and_problems_round_trip_through_their_codes() {
        for layout in FileLayout::ALL {
            assert_eq!(FileLayout::parse(layout.code()), Some(layout));
        }
        let headers = [HeaderMatch::English, HeaderMatch::ByPosition]
            .into_iter()
            .chain(Language::ALL.into_iter().map(HeaderMatch::Translated));
        for header in headers {
            assert_eq!(HeaderMatch::parse(header.code()), Some(header));
        }
        for problem in ImportProblem::ALL {
            assert_eq!(ImportProblem::parse(problem.code()), Some(problem));
        }
        let codes: std::collections::HashSet<&str> = ImportProblem::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), ImportProblem::ALL.len());
    }

    #[test]
    fn a_bad_row_reads_as_written() {
        let row = BadRow::parse("7:range:energy:1.8").unwrap();
        assert_eq!(row, BadRow { line: 7, fault: RowFault::OutOfRange { feature: AudioFeature::Energy, value: 1.8 } });
        assert_eq!(BadRow::parse("9:fields:3:20").unwrap().fault, RowFault::WrongFieldCount { found: 3, expected: 20 });
        assert_eq!(BadRow::parse("10:too-long:4096").unwrap().fault, RowFault::TooLong { limit: 4096 });
        assert_eq!(BadRow::parse("11:bogus"), None);
        assert_eq!(BadRow::parse("x:no-track"), None);
        assert_eq!(BadRow::parse("3:range:energy:NaN"), None);
    }

    fn fault() -> impl Strategy<Value = RowFault> {
        let feature = proptest::sample::select(AudioFeature::ALL.to_vec());
        prop_oneof![
            (any::<u32>(), any::<u32>()).prop_map(|(expected, found)| RowFault::WrongFieldCount {
                expected: expected.into(),
                found: found.into()
            }),
            any::<u32>().prop_map(|limit| RowFault::TooLong { limit: limit.into() }),
            Just(RowFault::NoTrack),
            Just(RowFault::NotATrack),
            Just(RowFault::NotAnIsrc),
            Just(RowFault::NotANumber),
            Just(RowFault::NotAWholeNumber),
            Just(RowFault::KeyWithoutMode),
            (feature, -1e6f64..1e6).prop_map(|(feature, value)| RowFault::OutOfRange { feature, value }),
            any::<i64>().prop_map(RowFault::Key),
            any::<i64>().prop_map(RowFault::Mode),
            any::<i64>().prop_map(RowFault::TimeSignature),
        ]
    }

    proptest! {
        #[test]
        fn every_bad_row_round_trips_and_needs_no_escaping(line in any::<u64>(), fault in fault()) {
            let row = BadRow { line, fault };
            let code = row.code();
            prop_assert!(code.bytes().all(|b| b.is_ascii_alphanumeric() || b"-:.".contains(&b)), "{}", code);
            prop_assert_eq!(BadRow::parse(&code), Some(row));
        }

        #[test]
        fn anything_else_parses_to_a_row_that_writes_the_same_code_or_to_nothing(code in ".{0,40}") {
            if let Some(row) = BadRow::parse(&code) {
                prop_assert_eq!(BadRow::parse(&row.code()), Some(row));
            }
        }
    }
}
