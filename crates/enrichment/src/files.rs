//! Files people already have: Exportify and exportify.net playlist exports and the "Spotify tracks dataset",
//! read into tracks with their audio features, keys, genres and labels. Pure parsing, bytes in and checked values
//! out: a file is taken whole or refused whole, with every bad row named, so nothing is ever half imported.
//!
//! Rows naming the same track (by Spotify id, or by ISRC when a row has no id) are merged into one track at the
//! first row's line: genres from every row are kept, each once, and for every other value the last row that gives
//! one wins, so an empty cell never erases a value. Playlists hold the same track twice on purpose, and the tracks
//! dataset lists a track once per genre, so refusing duplicates would refuse ordinary files.

mod header;
mod layout;
mod refusal;
mod track;
mod translations;

use std::collections::HashMap;

use crossfade_domain::{Isrc, SpotifyId};

pub use crossfade_domain::{FileLayout, HeaderMatch, Language};
pub use refusal::{FileRefusal, MAX_LISTED_PROBLEMS, RowProblem, RowReason};
pub use track::FileTrack;

use refusal::excerpt;
use track::{Row, read_row};

/// What bounds the reading of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLimits {
    /// The most tracks (data rows) one file may hold. The tracks dataset, the largest file people have, holds
    /// about 114,000.
    pub max_rows: u64,
    /// The longest value, in bytes. The longest in real exports are copyright lines and genre lists, far shorter.
    pub max_field_bytes: usize,
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits { max_rows: 500_000, max_field_bytes: 16 * 1024 }
    }
}

/// A file read whole.
#[derive(Clone, Debug, PartialEq)]
pub struct FileContents {
    pub layout: FileLayout,
    /// How the header was recognised.
    pub header: HeaderMatch,
    /// The tracks, in the order of their first rows; each track once.
    pub tracks: Vec<FileTrack>,
    /// Rows naming a local file (`spotify:local:…`), skipped: no provider knows them.
    pub local_files: u64,
    /// Rows naming a track an earlier row named, merged into it.
    pub merged_rows: u64,
}

/// Reads a file people already have, within the default [`FileLimits`].
pub fn read_enrichment_file(bytes: &[u8]) -> Result<FileContents, FileRefusal> {
    read_enrichment_file_within(bytes, FileLimits::default())
}

/// Reads a file people already have: UTF-8 text (a byte-order mark is allowed) of comma-separated values, with a
/// header line of one of the [`FileLayout`]s.
pub fn read_enrichment_file_within(bytes: &[u8], limits: FileLimits) -> Result<FileContents, FileRefusal> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileRefusal::Empty);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|error| FileRefusal::NotUtf8 { line: line_at(bytes, error.valid_up_to()) })?;
    if let Some(at) = text.find('\0') {
        let line = line_at(bytes, at);
        return Err(FileRefusal::NotCsv { why: format!("line {line} holds a NUL character, which text never does") });
    }

    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        // Text that is valid UTF-8 and held in memory always reads; an error here would be the csv crate's own.
        let record = record.map_err(|error| FileRefusal::NotCsv { why: error.to_string() })?;
        if records.len() as u64 > limits.max_rows {
            return Err(FileRefusal::TooManyRows { limit: limits.max_rows });
        }
        records.push(record);
    }
    let Some((header, rows)) = records.split_first() else {
        return Err(FileRefusal::Empty);
    };
    if header.len() < 2 {
        return Err(FileRefusal::NotCsv { why: one_column_why(header.get(0).unwrap_or_default()) });
    }
    if let Some(index) = header.iter().position(|name| name.len() > limits.max_field_bytes) {
        let reason = RowReason::TooLong { limit: limits.max_field_bytes };
        let column = Some(format!("column {}", index + 1));
        return Err(FileRefusal::BadRows { problems: vec![RowProblem { line: 1, column, reason }], unlisted: 0 });
    }
    if rows.is_empty() {
        return Err(FileRefusal::NoTracks);
    }
    let names: Vec<String> = header.iter().map(|name| name.trim().to_owned()).collect();
    let recognised = header::recognise(&names, rows)?;

    let mut contents = FileContents {
        layout: recognised.layout,
        header: recognised.matched,
        tracks: Vec::new(),
        local_files: 0,
        merged_rows: 0,
    };
    let mut problems = Vec::new();
    let mut unlisted = 0u64;
    let mut seen: HashMap<TrackIdentity, usize> = HashMap::new();
    let mut lines = LineCounter { text: text.as_bytes(), offset: 0, line: 1 };
    for record in rows {
        let line = lines.line_of(record);
        match read_row(line, record, &recognised.columns, &names, limits.max_field_bytes) {
            Ok(Row::LocalFile) => contents.local_files += 1,
            Ok(Row::Track(track)) => {
                let identity = TrackIdentity::of(&track);
                match seen.get(&identity) {
                    Some(&earlier) => {
                        merge(&mut contents.tracks[earlier], track);
                        contents.merged_rows += 1;
                    }
                    None => {
                        seen.insert(identity, contents.tracks.len());
                        contents.tracks.push(track);
                    }
                }
            }
            Err(row_problems) => {
                for problem in row_problems {
                    if problems.len() < MAX_LISTED_PROBLEMS {
                        problems.push(problem);
                    } else {
                        unlisted += 1;
                    }
                }
            }
        }
    }
    if problems.is_empty() { Ok(contents) } else { Err(FileRefusal::BadRows { problems, unlisted }) }
}

/// The line (from 1) that byte `offset` of `bytes` is on.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset].iter().filter(|&&byte| byte == b'\n').count() as u64 + 1
}

/// Counts the lines up to each record in turn. The csv crate's own line numbers lag by one after a CRLF line end
/// (it finishes a record at the `\r` and counts the `\n` as part of the next), so lines are counted here, from the
/// records' byte offsets, which only grow.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_of(&mut self, record: &csv::StringRecord) -> u64 {
        let mut start = record.position().map_or(self.offset, |position| position.byte() as usize).min(self.text.len());
        // A record never starts with a line end: the offset may point at the rest of the previous one.
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        let start = start.max(self.offset);
        self.line += self.text[self.offset..start].iter().filter(|&&byte| byte == b'\n').count() as u64;
        self.offset = start;
        self.line
    }
}

/// Why a first line of one field is not a CSV header: most often a spreadsheet saved it with another separator.
fn one_column_why(first_line: &str) -> String {
    if first_line.contains(';') {
        "its values are separated by semicolons; save it again with commas".to_owned()
    } else if first_line.contains('\t') {
        "its values are separated by tabs; save it again with commas".to_owned()
    } else {
        format!("its first line, {:?}, has no commas", excerpt(first_line))
    }
}

/// What makes two rows the same track.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum TrackIdentity {
    Spotify(SpotifyId),
    Isrc(Isrc),
}

impl TrackIdentity {
    fn of(track: &FileTrack) -> Self {
        match (&track.spotify_id, &track.isrc) {
            (Some(id), _) => TrackIdentity::Spotify(id.clone()),
            (None, Some(isrc)) => TrackIdentity::Isrc(isrc.clone()),
            (None, None) => unreachable!("a row without a Spotify id or an ISRC is refused"),
        }
    }
}

/// Merges a later row's `track` into the `earlier` one, as the module's documentation says.
fn merge(earlier: &mut FileTrack, track: FileTrack) {
    for genre in track.genres {
        if !earlier.genres.contains(&genre) {
            earlier.genres.push(genre);
        }
    }
    for (feature, value) in track.features {
        match earlier.features.iter_mut().find(|(known, _)| *known == feature) {
            Some(slot) => slot.1 = value,
            None => earlier.features.push((feature, value)),
        }
    }
    earlier.features.sort_by_key(|(feature, _)| *feature);
    if track.isrc.is_some() {
        earlier.isrc = track.isrc;
    }
    if !track.title.is_empty() {
        earlier.title = track.title;
    }
    if !track.artists.is_empty() {
        earlier.artists = track.artists;
    }
    if track.key.is_some() {
        earlier.key = track.key;
    }
    if track.time_signature.is_some() {
        earlier.time_signature = track.time_signature;
    }
    if track.label.is_some() {
        earlier.label = track.label;
    }
}
