//! Reading a chart as people download it or a service answers it: the format is recognised from the text (and, for
//! Spotify's files, the name), every entry read, and the whole file refused at the first entry that cannot be read,
//! with its line, so a chart is never imported in part.

mod apple;
mod beatport;
mod billboard;
mod deezer;
mod lastfm;
mod shazam;
mod spotify;
mod values;

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ChartService;
use crate::{Day, Isrc};

/// The formats a chart comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartFormat {
    /// charts.spotify.com's CSV download (`rank,uri,artist_names,track_name,…`).
    SpotifyCsv,
    /// The retired spotifycharts.com CSV: a note line, then `Position,"Track Name",Artist,Streams,URL`.
    SpotifyLegacyCsv,
    /// Apple Music's most-played RSS feed as JSON.
    AppleMusicRss,
    /// A week of the Billboard Hot 100 as the community's JSON files hold it.
    BillboardJson,
    /// Deezer's `/chart/{genre}/tracks` answer.
    DeezerChart,
    /// Beatport's Top 100 from the v4 API (JSON) or as scraped (`genre,title,artists,rank`).
    BeatportTop100,
    /// Last.fm's `tag.gettoptracks` answer.
    LastFmTagChart,
    /// Shazam's chart CSV: a caption line, then `Rank,Artist,Title`.
    ShazamCsv,
}

impl ChartFormat {
    pub const ALL: [ChartFormat; 8] = [
        ChartFormat::SpotifyCsv,
        ChartFormat::SpotifyLegacyCsv,
        ChartFormat::AppleMusicRss,
        ChartFormat::BillboardJson,
        ChartFormat::DeezerChart,
        ChartFormat::BeatportTop100,
        ChartFormat::LastFmTagChart,
        ChartFormat::ShazamCsv,
    ];

    pub fn service(self) -> ChartService {
        match self {
            ChartFormat::SpotifyCsv | ChartFormat::SpotifyLegacyCsv => ChartService::Spotify,
            ChartFormat::AppleMusicRss => ChartService::AppleMusic,
            ChartFormat::BillboardJson => ChartService::Billboard,
            ChartFormat::DeezerChart => ChartService::Deezer,
            ChartFormat::BeatportTop100 => ChartService::Beatport,
            ChartFormat::LastFmTagChart => ChartService::LastFm,
            ChartFormat::ShazamCsv => ChartService::Shazam,
        }
    }

    /// The code stored with an import.
    pub fn code(self) -> &'static str {
        match self {
            ChartFormat::SpotifyCsv => "spotify-csv",
            ChartFormat::SpotifyLegacyCsv => "spotify-legacy-csv",
            ChartFormat::AppleMusicRss => "apple-music-rss",
            ChartFormat::BillboardJson => "billboard-json",
            ChartFormat::DeezerChart => "deezer-chart",
            ChartFormat::BeatportTop100 => "beatport-top-100",
            ChartFormat::LastFmTagChart => "lastfm-tag-chart",
            ChartFormat::ShazamCsv => "shazam-csv",
        }
    }

    pub fn parse(code: &str) -> Option<ChartFormat> {
        ChartFormat::ALL.into_iter().find(|format| format.code() == code)
    }

    /// Whether the plays its entries carry are the track's total so far (Last.fm's play count), which the chart
    /// history follows day by day, rather than the plays of the chart's own period (Spotify's streams).
    pub fn plays_are_totals(self) -> bool {
        self == ChartFormat::LastFmTagChart
    }

    /// What a file of this format is, for people.
    pub fn name(self) -> &'static str {
        match self {
            ChartFormat::SpotifyCsv => "a Spotify chart (CSV from charts.spotify.com)",
            ChartFormat::SpotifyLegacyCsv => "a Spotify chart (CSV from spotifycharts.com)",
            ChartFormat::AppleMusicRss => "an Apple Music most-played feed (RSS JSON)",
            ChartFormat::BillboardJson => "a Billboard Hot 100 week (JSON)",
            ChartFormat::DeezerChart => "a Deezer chart (API JSON)",
            ChartFormat::BeatportTop100 => "a Beatport Top 100",
            ChartFormat::LastFmTagChart => "a Last.fm tag chart (API JSON)",
            ChartFormat::ShazamCsv => "a Shazam chart (CSV)",
        }
    }
}

impl fmt::Display for ChartFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How often a chart is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartPeriod {
    Daily,
    Weekly,
}

/// One entry of a chart, as its source writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartEntry {
    /// 1 is the top.
    pub position: u32,
    pub title: String,
    /// The artist credit as the source writes it ("Drake & 21 Savage", "Bad Bunny, Jhayco", "X Featuring Y").
    pub artists: String,
    pub isrc: Option<Isrc>,
    /// The service's own id of the track (a Spotify or Deezer track id, an Apple Music song id, Last.fm's MBID).
    pub service_id: Option<String>,
    /// The track's page at the service.
    pub url: Option<String>,
    pub duration_ms: Option<u32>,
    /// Streams or plays the chart counts for the entry (Spotify's streams, Last.fm's play count).
    pub plays: Option<u64>,
    /// What the source says of the entry's past: its position in the previous chart (None when new or not said),
    /// its best position and how long it has been on the chart, in the chart's periods.
    pub previous_position: Option<u32>,
    pub peak_position: Option<u32>,
    pub periods_on_chart: Option<u32>,
}

impl ChartEntry {
    /// An entry with only what every format has.
    pub fn new(position: u32, title: String, artists: String) -> ChartEntry {
        ChartEntry {
            position,
            title,
            artists,
            isrc: None,
            service_id: None,
            url: None,
            duration_ms: None,
            plays: None,
            previous_position: None,
            peak_position: None,
            periods_on_chart: None,
        }
    }
}

/// A chart read from a file or a service's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartRead {
    pub format: ChartFormat,
    /// What the source calls the chart, when it says ("Top Songs - United States", "Billboard Hot 100", "dance").
    pub title: Option<String>,
    /// The region the chart counts, when it says: "global", or a country's ISO code in lower case.
    pub region: Option<String>,
    /// The chart's day (the first day of a weekly chart's week as its source dates it), when the source says.
    pub day: Option<Day>,
    /// The period, when the source says.
    pub period: Option<ChartPeriod>,
    /// In chart order, positions distinct.
    pub entries: Vec<ChartEntry>,
}

impl ChartRead {
    pub fn service(&self) -> ChartService {
        self.format.service()
    }
}

/// Why a chart was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChartProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not UTF-8 text")]
    NotText,
    #[error(
        "the file is none of the chart formats Crossfade reads (Spotify charts CSV, Apple Music RSS JSON, Billboard \
         Hot 100 JSON, Deezer chart JSON, Beatport Top 100, Last.fm tag chart JSON, Shazam CSV)"
    )]
    UnknownFormat,
    /// The format was recognised but the file is broken at this line (an entry, or the structure around it).
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
    #[error("the chart lists no entries")]
    NoEntries,
}

/// A refused chart and the file it came from, as people are told.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct ChartFileError {
    pub file: String,
    pub problem: ChartProblem,
}

/// Reads a chart of any known format from a file called `file_name` (Spotify's files carry the region, period and
/// day in their names). A byte order mark is allowed. Every entry must be readable and every position distinct, or
/// the whole file is refused with the first problem's line.
pub fn read_chart(file_name: &str, bytes: &[u8]) -> Result<ChartRead, ChartFileError> {
    read(file_name, bytes).map_err(|problem| ChartFileError { file: file_name.to_owned(), problem })
}

fn read(file_name: &str, bytes: &[u8]) -> Result<ChartRead, ChartProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| ChartProblem::NotText)?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let chart = match body.trim_start().chars().next() {
        None => return Err(ChartProblem::Empty),
        Some('{' | '[') => read_json(text, body)?,
        Some(_) => read_csv(file_name, text, body)?,
    };
    if chart.entries.is_empty() {
        return Err(ChartProblem::NoEntries);
    }
    Ok(chart)
}

/// The JSON formats, told apart by their outer keys.
fn read_json(text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let outer: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(body) {
        Ok(serde_json::Value::Object(outer)) => outer,
        Ok(_) => return beatport::read(body),
        Err(error) => {
            let (line, message) = crate::releases::LineCounter::new(text).json_error(body, &error);
            return Err(ChartProblem::Malformed { line, message: format!("the JSON is broken: {message}") });
        }
    };
    if let Some(error) = outer.get("error") {
        // Deezer writes `{"error":{"type","message","code"}}`, Last.fm `{"error":6,"message":"…"}`.
        let message = error.get("message").or_else(|| outer.get("message")).and_then(|message| message.as_str());
        let said = message.map_or_else(String::new, |message| format!(": {message}"));
        return Err(ChartProblem::Malformed {
            line: 1,
            message: format!("the service answered with an error, not a chart{said}"),
        });
    }
    if outer.contains_key("feed") {
        apple::read(text, body)
    } else if outer.contains_key("date") && outer.contains_key("data") {
        billboard::read(text, body)
    } else if outer.contains_key("data") {
        deezer::read(text, body)
    } else if outer.contains_key("tracks") {
        lastfm::read(text, body)
    } else if outer.contains_key("results") {
        beatport::read(body)
    } else {
        Err(ChartProblem::UnknownFormat)
    }
}

/// The CSV formats, told apart by their first lines.
fn read_csv(file_name: &str, text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let first_lines: Vec<String> =
        body.lines().filter(|line| !line.trim().is_empty()).take(2).map(|line| line.trim().to_lowercase()).collect();
    let first = first_lines.first().map_or("", String::as_str);
    let second = first_lines.get(1).map_or("", String::as_str);
    if first.starts_with("rank,") && first.contains("uri") {
        spotify::read_current(file_name, text, body)
    } else if second.starts_with("position,") {
        spotify::read_legacy(file_name, text, body)
    } else if second.replace('"', "").starts_with("rank,artist,title") {
        shazam::read(text, body)
    } else if first.replace(' ', "") == "genre,title,artists,rank" {
        beatport::read(body)
    } else {
        Err(ChartProblem::UnknownFormat)
    }
}
