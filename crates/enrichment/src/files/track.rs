//! One row of a file read into a track: the ids it is matched by, and the features, key, genres and label it
//! brings, each checked by the domain core's rules. Columns the row has no value in give no value.

use crossfade_domain::{AudioFeature, FeatureProblem, Isrc, Key, Mode, SpotifyId, SpotifyKind, check_time_signature};
use csv::StringRecord;

use super::layout::Column;
use super::refusal::{RowProblem, RowReason, excerpt};

/// A track as a file describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileTrack {
    /// The line the track's row starts on, counting the header as line 1 (the first row, if the track has several).
    pub line: u64,
    /// Every track has a Spotify id, an ISRC, or both.
    pub spotify_id: Option<SpotifyId>,
    pub isrc: Option<Isrc>,
    /// As the file writes it; may be empty, since tracks are matched by their ids, never by title.
    pub title: String,
    /// Artist names, main artist first.
    pub artists: Vec<String>,
    /// The features the file gives a value for, in [`AudioFeature`] order. A tempo of 0 means "unknown" and is left
    /// out.
    pub features: Vec<(AudioFeature, f64)>,
    /// None when the file gives no key, or -1 ("no key detected").
    pub key: Option<Key>,
    /// Beats per bar; None when the file gives none, or 0 or 1 (what Spotify's analysis wrote when it found no
    /// meter; the tracks dataset holds many).
    pub time_signature: Option<i16>,
    /// Genre names as written (trimmed, each once, in file order), from every genre column. Normalising them is
    /// another module's work.
    pub genres: Vec<String>,
    /// The record label as written.
    pub label: Option<String>,
}

/// What one row is.
#[derive(Debug)]
pub(crate) enum Row {
    Track(FileTrack),
    /// A local file (`spotify:local:…`): the person's own file, which no provider knows.
    LocalFile,
}

/// How a track column names its track.
#[derive(Debug, PartialEq)]
pub(crate) enum TrackReference {
    Id(SpotifyId),
    LocalFile,
}

/// Reads a `spotify:track:` URI, an open.spotify.com track link (with or without a query) or a bare id.
pub(crate) fn track_reference(text: &str) -> Option<TrackReference> {
    if text.starts_with("spotify:local:") {
        return Some(TrackReference::LocalFile);
    }
    if text.starts_with("spotify:") {
        return SpotifyKind::Track.id_in_uri(text).map(TrackReference::Id);
    }
    let link = ["https://open.spotify.com/track/", "http://open.spotify.com/track/", "open.spotify.com/track/"]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix));
    let id = match link {
        Some(rest) => rest.split(['?', '#', '/']).next().unwrap_or_default(),
        None => text,
    };
    SpotifyId::parse(id).ok().map(TrackReference::Id)
}

/// Reads the row at `line`; `names` are the header's column names, for the problems.
pub(crate) fn read_row(
    line: u64,
    record: &StringRecord,
    columns: &[Column],
    names: &[String],
    max_field_bytes: usize,
) -> Result<Row, Vec<RowProblem>> {
    if record.len() != columns.len() {
        let reason = RowReason::WrongFieldCount { expected: columns.len(), found: record.len() };
        return Err(vec![RowProblem { line, column: None, reason }]);
    }
    // Problems carry their column's index, to be listed in the order of the columns.
    let problem =
        |index: usize, reason: RowReason| (index, RowProblem { line, column: Some(names[index].clone()), reason });
    let too_long: Vec<RowProblem> = record
        .iter()
        .enumerate()
        .filter(|(_, value)| value.len() > max_field_bytes)
        .map(|(index, _)| problem(index, RowReason::TooLong { limit: max_field_bytes }).1)
        .collect();
    if !too_long.is_empty() {
        return Err(too_long);
    }
    let track_column = columns.iter().position(|column| *column == Column::Track);
    // A local file is skipped whatever its other cells say: none of them would be used.
    if track_column.is_some_and(|index| record[index].trim().starts_with("spotify:local:")) {
        return Ok(Row::LocalFile);
    }

    let mut problems = Vec::new();
    let mut track = FileTrack {
        line,
        spotify_id: None,
        isrc: None,
        title: String::new(),
        artists: Vec::new(),
        features: Vec::new(),
        key: None,
        time_signature: None,
        genres: Vec::new(),
        label: None,
    };
    let mut key_number = None;
    let mut mode_number = None;
    for (index, (column, value)) in columns.iter().zip(record.iter()).enumerate() {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let outcome: Result<(), RowReason> = match *column {
            Column::Track => match track_reference(value) {
                Some(TrackReference::Id(id)) => {
                    track.spotify_id = Some(id);
                    Ok(())
                }
                _ => Err(RowReason::NotATrack(excerpt(value))),
            },
            Column::Title => {
                track.title = value.to_owned();
                Ok(())
            }
            Column::Artists(separator) => {
                track.artists = split(value, separator).collect();
                Ok(())
            }
            Column::Isrc => {
                Isrc::parse(value).map(|isrc| track.isrc = Some(isrc)).map_err(|_| RowReason::NotAnIsrc(excerpt(value)))
            }
            Column::Feature(feature) => number(value).and_then(|number| {
                // ReccoBeats' and the files' "0 BPM": the tempo is unknown.
                if feature != AudioFeature::Tempo || number != 0.0 {
                    track.features.push((feature, feature.check(number).map_err(RowReason::Feature)?));
                }
                Ok(())
            }),
            Column::Key => whole_number(value).map(|number| key_number = Some((index, number))),
            Column::Mode => mode(value).map(|number| mode_number = Some((index, number))),
            Column::TimeSignature => whole_number(value).and_then(|beats| {
                if !matches!(beats, 0 | 1) {
                    track.time_signature = Some(check_time_signature(beats).map_err(RowReason::Feature)?);
                }
                Ok(())
            }),
            Column::Genres => {
                for genre in split(value, ',') {
                    if !track.genres.contains(&genre) {
                        track.genres.push(genre);
                    }
                }
                Ok(())
            }
            Column::Label => {
                track.label = Some(value.to_owned());
                Ok(())
            }
            Column::RowNumber | Column::Unused => Ok(()),
        };
        if let Err(reason) = outcome {
            problems.push(problem(index, reason));
        }
    }
    match (key_number, mode_number) {
        (Some((key_index, pitch)), Some((mode_index, mode))) => match Key::from_numbers(pitch, mode) {
            Ok(key) => track.key = key,
            Err(FeatureProblem::Mode(_)) => {
                problems.push(problem(mode_index, RowReason::Feature(FeatureProblem::Mode(mode))))
            }
            Err(other) => problems.push(problem(key_index, RowReason::Feature(other))),
        },
        (Some((key_index, pitch)), None) => match Key::from_numbers(pitch, 1) {
            Ok(None) => {}
            Ok(Some(_)) => problems.push(problem(key_index, RowReason::KeyWithoutMode)),
            Err(other) => problems.push(problem(key_index, RowReason::Feature(other))),
        },
        (None, Some((mode_index, mode))) => {
            if let Err(other) = Mode::from_number(mode) {
                problems.push(problem(mode_index, RowReason::Feature(other)));
            }
        }
        (None, None) => {}
    }
    let names_its_track = track.spotify_id.is_some() || track.isrc.is_some();
    let track_problem =
        problems.iter().any(|(_, p)| matches!(p.reason, RowReason::NotATrack(_) | RowReason::NotAnIsrc(_)));
    if !names_its_track && !track_problem {
        let column = track_column.map(|index| names[index].clone());
        problems.push((track_column.unwrap_or(0), RowProblem { line, column, reason: RowReason::NoTrack }));
    }
    if problems.is_empty() {
        track.features.sort_by_key(|(feature, _)| *feature);
        Ok(Row::Track(track))
    } else {
        problems.sort_by_key(|(index, _)| *index);
        Err(problems.into_iter().map(|(_, problem)| problem).collect())
    }
}

/// The non-empty, trimmed parts of a multi-valued cell.
fn split(value: &str, separator: char) -> impl Iterator<Item = String> {
    value.split(separator).map(str::trim).filter(|part| !part.is_empty()).map(str::to_owned)
}

fn number(value: &str) -> Result<f64, RowReason> {
    value.parse().map_err(|_| RowReason::NotANumber(excerpt(value)))
}

/// A whole number, also when a spreadsheet or pandas wrote it as "5.0" (as pandas does for a column with gaps).
fn whole_number(value: &str) -> Result<i64, RowReason> {
    if let Ok(number) = value.parse::<i64>() {
        return Ok(number);
    }
    match value.parse::<f64>() {
        Ok(number) if number.fract() == 0.0 && number.abs() < 1e15 => Ok(number as i64),
        _ => Err(RowReason::NotAWholeNumber(excerpt(value))),
    }
}

/// Spotify's number for the mode, or the words exportify.net describes it with.
fn mode(value: &str) -> Result<i64, RowReason> {
    match value.to_lowercase().as_str() {
        "major" => Ok(1),
        "minor" => Ok(0),
        _ => whole_number(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_are_named_by_uri_link_or_id() {
        let id = SpotifyId::parse("4uLU6hMCjMI75M1A2tKUQC").unwrap();
        for text in [
            "spotify:track:4uLU6hMCjMI75M1A2tKUQC",
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=abc",
            "open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
            "4uLU6hMCjMI75M1A2tKUQC",
        ] {
            assert_eq!(track_reference(text), Some(TrackReference::Id(id.clone())), "{text}");
        }
        assert_eq!(track_reference("spotify:local:Artist:Album:Title:200"), Some(TrackReference::LocalFile));
        for text in
            ["spotify:album:4uLU6hMCjMI75M1A2tKUQC", "https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC", "x"]
        {
            assert_eq!(track_reference(text), None, "{text}");
        }
    }

    #[test]
    fn whole_numbers_may_be_written_as_floats() {
        assert_eq!(whole_number("5"), Ok(5));
        assert_eq!(whole_number("-1.0"), Ok(-1));
        assert!(whole_number("4.5").is_err());
        assert!(whole_number("NaN").is_err());
        assert_eq!(mode("Minor"), Ok(0));
    }
}
