//! The CSV feeds: Beatport's Top 100 charts as scraped (`genre,title,artists,rank`, exactly) and the release lists DJs
//! keep themselves, whose header names the columns (artist, title, mix, ISRC, label, release date, BPM, key, genre,
//! length) in any order, by any of their usual names. The delimiter is a comma, or a semicolon when the header line
//! holds more semicolons than commas (spreadsheets set to a decimal comma write those). A row whose number of fields
//! differs from the header's is left out, whatever else it holds.

use csv::StringRecord;

use super::lines::LineCounter;
use super::values::{self, invalid, present};
use super::{Collected, FeedFormat, FeedProblem, FeedRead, FeedRowProblem};
use crate::releases::{FeedArtist, FeedGenre, FeedLabel, FeedTrack};

/// Top 100 files join a track's artists with this.
const TOP_100_ARTISTS: [&str; 1] = [" & "];
/// Release lists join them with either.
const RELEASE_LIST_ARTISTS: [&str; 2] = [", ", " & "];

/// Which column of a release list holds each field; a field may have no column.
#[derive(Default)]
struct Columns {
    artist: Option<usize>,
    title: Option<usize>,
    mix: Option<usize>,
    isrc: Option<usize>,
    label: Option<usize>,
    release_date: Option<usize>,
    bpm: Option<usize>,
    key: Option<usize>,
    genre: Option<usize>,
    length: Option<usize>,
}

impl Columns {
    /// Recognises the header's names whatever their case, spacing or `_`/`-`; of two columns with names for the same
    /// field, the first is read.
    fn of(header: &StringRecord) -> Columns {
        let mut columns = Columns::default();
        for (index, name) in header.iter().enumerate() {
            let name = name.to_lowercase().replace(['_', '-'], " ");
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let column = match name.as_str() {
                "artist" | "artists" | "artist name" | "artist names" | "artist(s)" => &mut columns.artist,
                "title" | "track" | "name" | "track name" | "track title" | "song" => &mut columns.title,
                "mix" | "mix name" | "version" => &mut columns.mix,
                "isrc" => &mut columns.isrc,
                "label" | "record label" => &mut columns.label,
                "release date" | "released" | "date" => &mut columns.release_date,
                "bpm" | "tempo" => &mut columns.bpm,
                "key" | "camelot" | "camelot key" | "musical key" | "initial key" => &mut columns.key,
                "genre" | "style" => &mut columns.genre,
                "length" | "duration" => &mut columns.length,
                _ => continue,
            };
            column.get_or_insert(index);
        }
        columns
    }
}

/// What kind of CSV file the header says this is.
enum Layout {
    Top100,
    ReleaseList(Columns),
}

impl Layout {
    fn of(header: &StringRecord) -> Result<Layout, FeedProblem> {
        let top_100 = ["genre", "title", "artists", "rank"];
        if header.len() == top_100.len()
            && header.iter().zip(top_100).all(|(name, top)| name.trim().eq_ignore_ascii_case(top))
        {
            return Ok(Layout::Top100);
        }
        let columns = Columns::of(header);
        match (columns.artist, columns.title) {
            (Some(_), Some(_)) => Ok(Layout::ReleaseList(columns)),
            (None, None) => Err(FeedProblem::UnknownFormat),
            (None, Some(_)) => Err(FeedProblem::MissingColumn("artist")),
            (Some(_), None) => Err(FeedProblem::MissingColumn("title")),
        }
    }

    fn format(&self) -> FeedFormat {
        match self {
            Layout::Top100 => FeedFormat::Top100Csv,
            Layout::ReleaseList(_) => FeedFormat::PlainCsv,
        }
    }
}

/// A comma, or a semicolon when the first line (outside quotes) holds more of them.
fn delimiter(body: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for byte in body.bytes() {
        match byte {
            b'\n' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Reads a CSV file; `body` is `text` without its byte order mark.
pub(super) fn read(text: &str, body: &str) -> Result<FeedRead, FeedProblem> {
    let body_start = text.len() - body.len();
    let mut lines = LineCounter::new(text);
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(body))
        .from_reader(body.as_bytes())
        .into_records();
    let malformed = |lines: &mut LineCounter, error: csv::Error| {
        let offset = error.position().map_or(0, |position| position.byte() as usize);
        FeedProblem::Malformed { line: lines.line_at(body_start + offset), message: error.to_string() }
    };
    let header = match records.next() {
        Some(header) => header.map_err(|error| malformed(&mut lines, error))?,
        None => return Err(FeedProblem::Empty),
    };
    let layout = Layout::of(&header)?;
    let mut collected = Collected::default();
    for record in records {
        let record = record.map_err(|error| malformed(&mut lines, error))?;
        // A record's position is where the reader stood after the previous one: blank lines and the end of that
        // line come before the record itself.
        let offset = record.position().map_or(0, |position| position.byte() as usize);
        let skipped =
            body.as_bytes().get(offset..).unwrap_or_default().iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        let line = lines.line_at(body_start + offset + skipped.count());
        let row = if record.len() != header.len() {
            Err(FeedRowProblem::FieldCount { found: record.len(), expected: header.len() })
        } else {
            match &layout {
                Layout::Top100 => top_100_row(&record),
                Layout::ReleaseList(columns) => release_list_row(columns, &record),
            }
        };
        collected.add(line, row);
    }
    Ok(collected.into_read(layout.format(), None))
}

/// A track with nothing but its title (the mix split off unless given) and artists.
fn bare_track(title: &str, mix: Option<&str>, artists: Vec<FeedArtist>) -> FeedTrack {
    let (title, mix) = match mix {
        Some(mix) => (title, Some(mix)),
        None => values::title_and_mix(title),
    };
    FeedTrack::new(title, mix, artists)
}

/// `genre,title,artists,rank`: the genre is Beatport's slug, which also stands for its name.
fn top_100_row(record: &StringRecord) -> Result<FeedTrack, FeedRowProblem> {
    let cell = |index| record.get(index).and_then(present);
    let title = cell(1).ok_or(FeedRowProblem::Missing("title"))?;
    let artists = values::artists(cell(2).unwrap_or_default(), &TOP_100_ARTISTS);
    if artists.is_empty() {
        return Err(FeedRowProblem::Missing("artist"));
    }
    let rank = cell(3)
        .map(|rank| {
            rank.parse::<u16>().ok().filter(|rank| (1..=100).contains(rank)).ok_or_else(|| {
                invalid("rank", format!("must be a whole number from 1 to 100, not {}", values::quoted(rank)))
            })
        })
        .transpose()?;
    Ok(FeedTrack {
        genre: cell(0).map(|slug| FeedGenre { beatport_id: None, name: slug.to_owned(), slug: slug.to_owned() }),
        chart_rank: rank,
        ..bare_track(title, None, artists)
    })
}

fn release_list_row(columns: &Columns, record: &StringRecord) -> Result<FeedTrack, FeedRowProblem> {
    let cell = |column: Option<usize>| column.and_then(|index| record.get(index)).and_then(present);
    let title = cell(columns.title).ok_or(FeedRowProblem::Missing("title"))?;
    let artists = values::artists(cell(columns.artist).unwrap_or_default(), &RELEASE_LIST_ARTISTS);
    if artists.is_empty() {
        return Err(FeedRowProblem::Missing("artist"));
    }
    Ok(FeedTrack {
        label: cell(columns.label).map(|name| FeedLabel { beatport_id: None, name: name.to_owned() }),
        isrc: cell(columns.isrc).map(values::isrc).transpose()?,
        bpm: cell(columns.bpm).map(values::bpm_text).transpose()?,
        key: cell(columns.key).map(values::key).transpose()?,
        genre: cell(columns.genre).map(|name| FeedGenre {
            beatport_id: None,
            name: name.to_owned(),
            slug: values::slug(name),
        }),
        release_date: cell(columns.release_date).map(values::release_date).transpose()?,
        length_ms: cell(columns.length).map(values::length).transpose()?,
        ..bare_track(title, cell(columns.mix), artists)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_read_from_the_header_line() {
        assert_eq!(delimiter("artist;title;bpm\nA, B;C;128"), b';');
        assert_eq!(delimiter("artist,title\nA;B,C"), b',');
        assert_eq!(delimiter("\"artist;name\",title\n"), b',');
        assert_eq!(delimiter("title"), b',');
    }

    #[test]
    fn header_names_and_their_synonyms() {
        let header = StringRecord::from(vec![
            "Track",
            "Artists",
            "Mix_Name",
            " ISRC ",
            "Record-Label",
            "release_date",
            "Tempo",
            "Camelot",
            "Style",
            "Duration",
            "Comment",
            "Name",
        ]);
        let columns = Columns::of(&header);
        assert_eq!(
            [
                columns.title,
                columns.artist,
                columns.mix,
                columns.isrc,
                columns.label,
                columns.release_date,
                columns.bpm,
                columns.key,
                columns.genre,
                columns.length,
            ],
            [Some(0), Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7), Some(8), Some(9)]
        );
    }

    #[test]
    fn headers_that_are_no_feed() {
        let layout = |names: Vec<&str>| Layout::of(&StringRecord::from(names)).map(|layout| layout.format());
        assert_eq!(layout(vec!["GENRE ", " Title", "artists", "Rank"]), Ok(FeedFormat::Top100Csv));
        assert_eq!(layout(vec!["genre", "title", "artists", "rank", "bpm"]), Ok(FeedFormat::PlainCsv));
        assert_eq!(layout(vec!["title", "bpm"]), Err(FeedProblem::MissingColumn("artist")));
        assert_eq!(layout(vec!["artist", "bpm"]), Err(FeedProblem::MissingColumn("title")));
        assert_eq!(layout(vec!["date", "amount", "payee"]), Err(FeedProblem::UnknownFormat));
    }
}
