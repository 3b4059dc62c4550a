//! What every chart reader shares: reading positions and counts as sources write them, collecting entries with
//! distinct positions, and placing CSV problems at their lines.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{ChartEntry, ChartProblem};
use crate::Day;
use crate::releases::LineCounter;

/// The entries read so far, each position once.
#[derive(Default)]
pub(super) struct Entries {
    entries: Vec<ChartEntry>,
    positions: HashSet<u32>,
}

impl Entries {
    /// Adds the entry read at `line`; a position seen before refuses the file there.
    pub(super) fn add(&mut self, line: usize, entry: ChartEntry) -> Result<(), ChartProblem> {
        if !self.positions.insert(entry.position) {
            return Err(malformed(line, format!("position {} is listed twice", entry.position)));
        }
        self.entries.push(entry);
        Ok(())
    }

    /// The entries in chart order.
    pub(super) fn into_sorted(mut self) -> Vec<ChartEntry> {
        self.entries.sort_by_key(|entry| entry.position);
        self.entries
    }
}

pub(super) fn malformed(line: usize, message: impl Into<String>) -> ChartProblem {
    ChartProblem::Malformed { line, message: message.into() }
}

/// A chart position: a whole number from 1, as text ("7", " 7 ").
pub(super) fn position(field: &str, text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(position) if position > 0 => Ok(position),
        _ => Err(format!("{field} “{}” is not a position (a whole number from 1)", shown(text))),
    }
}

/// A position the source may leave out: empty, or Spotify's −1 and 0 for "not on the chart before".
pub(super) fn earlier_position(field: &str, text: &str) -> Result<Option<u32>, String> {
    match text.trim() {
        "" | "-1" | "0" | "-" => Ok(None),
        other => position(field, other).map(Some),
    }
}

/// A count of streams, plays or views: digits, perhaps grouped with commas ("1,234,567"); empty is none.
pub(super) fn count(field: &str, text: &str) -> Result<Option<u64>, String> {
    let digits: String = text.trim().chars().filter(|c| *c != ',').collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse::<u64>().map(Some).map_err(|_| format!("{field} “{}” is not a count", shown(text)))
}

/// A field every entry needs, trimmed.
pub(super) fn required(field: &str, text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() { Err(format!("{field} is missing")) } else { Ok(text.to_owned()) }
}

/// The first `YYYY-MM-DD` in `text` that is a day.
pub(super) fn first_day(text: &str) -> Option<Day> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|start| {
        let candidate = text.get(start..start + 10)?;
        let shape = candidate.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
        shape.then(|| Day::parse(candidate)).flatten()
    })
}

/// At most 40 characters of a bad value, for a message.
fn shown(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A CSV reader's error at its line in the whole file: `skipped` lines come before the CSV's own text.
pub(super) fn csv_problem(error: &csv::Error, skipped: usize) -> ChartProblem {
    let line = error.position().map_or(1, |position| position.line() as usize) + skipped;
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8".to_owned(),
        _ => "the CSV is broken".to_owned(),
    };
    malformed(line, message)
}

/// The line a CSV record starts on, counted in the whole file: `skipped` lines come before the CSV's own text.
pub(super) fn record_line(record: &csv::StringRecord, skipped: usize) -> usize {
    record.position().map_or(1, |position| position.line() as usize) + skipped
}

/// Which column of `header` has the name `name` (whatever its case and surrounding space).
pub(super) fn column(header: &csv::StringRecord, name: &str) -> Option<usize> {
    header.iter().position(|field| field.trim().eq_ignore_ascii_case(name))
}

/// Refuses a row whose number of fields differs from the header's.
pub(super) fn same_width(
    record: &csv::StringRecord,
    header: &csv::StringRecord,
    line: usize,
) -> Result<(), ChartProblem> {
    if record.len() == header.len() {
        Ok(())
    } else {
        Err(malformed(line, format!("the row has {} fields where the header has {}", record.len(), header.len())))
    }
}

/// Parses `json`, a slice of the file's `text`, as `T`; broken JSON or a missing field is refused at its line.
pub(super) fn parse_json<'a, T: Deserialize<'a>>(text: &str, json: &'a str) -> Result<T, ChartProblem> {
    serde_json::from_str(json).map_err(|error| {
        let (line, message) = LineCounter::new(text).json_error(json, &error);
        malformed(line, format!("the JSON is not what the format holds: {message}"))
    })
}

/// Reads every entry object of a JSON chart (slices of `text`) as `T` and then as an entry with `read`, which is given
/// the object's index in the list; the first that cannot be read refuses the file at the line where it starts.
pub(super) fn json_entries<'a, T: Deserialize<'a>>(
    text: &str,
    objects: &[&'a RawValue],
    read: impl Fn(usize, T) -> Result<ChartEntry, String>,
) -> Result<Vec<ChartEntry>, ChartProblem> {
    let mut lines = LineCounter::new(text);
    let mut entries = Entries::default();
    for (index, object) in objects.iter().enumerate() {
        let line = lines.line_of(object.get());
        let entry = match serde_json::from_str::<T>(object.get()) {
            Ok(fields) => read(index, fields).map_err(|message| malformed(line, message))?,
            Err(error) => {
                let (line, message) = lines.json_error(object.get(), &error);
                return Err(malformed(line, format!("the entry is not what the format holds: {message}")));
            }
        };
        entries.add(line, entry)?;
    }
    Ok(entries.into_sorted())
}

/// A number some services write as text and others as a number ("12", 12).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Loose {
    Number(u64),
    Text(String),
}

impl Loose {
    pub(super) fn count(&self, field: &str) -> Result<Option<u64>, String> {
        match self {
            Loose::Number(number) => Ok(Some(*number)),
            Loose::Text(text) => count(field, text),
        }
    }

    pub(super) fn position(&self, field: &str) -> Result<u32, String> {
        match self {
            Loose::Number(number) => position(field, &number.to_string()),
            Loose::Text(text) => position(field, text),
        }
    }
}

/// Text that is not only white space.
pub(super) fn present(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_positions_as_sources_write_them() {
        assert_eq!(count("streams", "1,234,567"), Ok(Some(1_234_567)));
        assert_eq!(count("streams", " "), Ok(None));
        assert!(count("streams", "12k").unwrap_err().contains("“12k”"));
        assert_eq!(position("rank", " 7 "), Ok(7));
        assert!(position("rank", "0").is_err());
        assert_eq!(earlier_position("previous_rank", "-1"), Ok(None));
        assert_eq!(earlier_position("previous_rank", "12"), Ok(Some(12)));
    }

    #[test]
    fn a_day_is_found_in_a_caption() {
        assert_eq!(first_day("Shazam Top 200 Global 2026-12-01 (daily)"), Day::parse("2026-12-01"));
        assert_eq!(first_day("2026-13-01 or 2026-02-30"), None);
        assert_eq!(first_day("2026-12-0"), None);
    }
}
