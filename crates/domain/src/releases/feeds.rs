//! Reading a release feed: the format is recognised from the text, each track read, and every row that cannot be
//! read reported with its line instead of stopping the whole file.
//!
//! The first character that is not white space (after a byte order mark) tells the formats apart: `{` or `[` is
//! Beatport's JSON (the API's shape or the older feeds'), `<` a saved Beatport page, anything else CSV, whose header
//! says whether it is a Top 100 chart or a release list.

mod beatport;
mod beatport_page;
mod beatport_track;
mod csv_files;
pub(crate) mod lines;
mod values;

use std::fmt;

use super::FeedTrack;

/// How many left-out rows a read keeps with their lines; the rest are only counted, so a hostile file cannot fill
/// the memory with problems.
const BAD_ROWS_KEPT: usize = 1000;

/// The formats a feed can come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    /// Beatport's v4 API: a list (`results`, `next`, `count`) or a single track object.
    BeatportApi,
    /// A Beatport web page with the API's objects embedded in its `__NEXT_DATA__` script.
    BeatportPage,
    /// Beatport's older feeds: the key as text, genres as a list, the label at the top level.
    BeatportFeed,
    /// A scraped Top 100 chart: `genre,title,artists,rank`.
    Top100Csv,
    /// A DJ's own CSV: artist, title, mix, ISRC, label, release date, BPM, key, genre, length.
    PlainCsv,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 5] = [
        FeedFormat::BeatportApi,
        FeedFormat::BeatportPage,
        FeedFormat::BeatportFeed,
        FeedFormat::Top100Csv,
        FeedFormat::PlainCsv,
    ];

    /// The code stored with an ingest and used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            FeedFormat::BeatportApi => "beatport-api",
            FeedFormat::BeatportPage => "beatport-page",
            FeedFormat::BeatportFeed => "beatport-feed",
            FeedFormat::Top100Csv => "top100-csv",
            FeedFormat::PlainCsv => "plain-csv",
        }
    }

    pub fn parse(code: &str) -> Option<FeedFormat> {
        FeedFormat::ALL.into_iter().find(|format| format.code() == code)
    }

    /// What a file of this format is, for people.
    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::BeatportApi => "Beatport API tracks",
            FeedFormat::BeatportPage => "a saved Beatport page",
            FeedFormat::BeatportFeed => "a Beatport feed (older format)",
            FeedFormat::Top100Csv => "a Top 100 chart (CSV)",
            FeedFormat::PlainCsv => "a release list (CSV)",
        }
    }
}

impl fmt::Display for FeedFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why one row (or one JSON track object) was left out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FeedRowProblem {
    /// A field every track needs is missing or empty.
    #[error("{0} is missing")]
    Missing(&'static str),
    /// A field holds something that is not what it should be; the message names the field.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// A CSV row with more or fewer fields than its header names.
    #[error("the row has {found} fields where the header has {expected}")]
    FieldCount { found: usize, expected: usize },
}

/// A row that was left out, and where it is: the 1-based line of the file (for JSON, where the object starts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadFeedRow {
    pub line: usize,
    pub problem: FeedRowProblem,
}

/// What reading a feed gave.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedRead {
    pub format: FeedFormat,
    pub tracks: Vec<FeedTrack>,
    /// The rows left out, in the order of the file: only the first 1000 of them.
    pub bad_rows: Vec<BadFeedRow>,
    /// How many rows were left out in all, counting those beyond the ones kept in `bad_rows`.
    pub bad_rows_total: usize,
    /// The next page's address, for API lists that have one (perhaps without a scheme, as Beatport writes it).
    pub next_page: Option<String>,
}

/// Why a whole feed was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FeedProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not UTF-8 text")]
    NotText,
    #[error(
        "the file is none of the release formats Crossfade reads (Beatport API or page JSON, Beatport feed, Top 100 CSV, release CSV)"
    )]
    UnknownFormat,
    /// The format was recognised but its structure is broken at this line.
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
    /// An HTML file without Beatport's track data: no `__NEXT_DATA__` script, or none of its queries holds a track.
    #[error(
        "the page holds no Beatport tracks (save a Beatport track list once it has loaded, with its __NEXT_DATA__ script)"
    )]
    PageWithoutTracks,
    /// A CSV release list whose header names only one of the two columns every track needs.
    #[error("the header has no {0} column; a release list needs an artist and a title column")]
    MissingColumn(&'static str),
}

/// Reads a feed of any known format: Beatport's API or older feed JSON, a saved Beatport page, a Top 100 CSV or a
/// release list CSV. A byte order mark is allowed.
pub fn read_feed(bytes: &[u8]) -> Result<FeedRead, FeedProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| FeedProblem::NotText)?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    match body.trim_start().chars().next() {
        None => Err(FeedProblem::Empty),
        Some('{' | '[') => beatport::read(text, body),
        Some('<') => beatport_page::read(text),
        Some(_) => csv_files::read(text, body),
    }
}

/// The tracks read so far and the rows left out.
#[derive(Default)]
struct Collected {
    tracks: Vec<FeedTrack>,
    bad_rows: Vec<BadFeedRow>,
    bad_rows_total: usize,
}

impl Collected {
    /// Adds a row read at `line`, keeping its problem only while fewer than [`BAD_ROWS_KEPT`] are kept.
    fn add(&mut self, line: usize, row: Result<FeedTrack, FeedRowProblem>) {
        match row {
            Ok(track) => self.tracks.push(track),
            Err(problem) => {
                self.bad_rows_total += 1;
                if self.bad_rows.len() < BAD_ROWS_KEPT {
                    self.bad_rows.push(BadFeedRow { line, problem });
                }
            }
        }
    }

    fn into_read(self, format: FeedFormat, next_page: Option<String>) -> FeedRead {
        FeedRead {
            format,
            tracks: self.tracks,
            bad_rows: self.bad_rows,
            bad_rows_total: self.bad_rows_total,
            next_page,
        }
    }
}
