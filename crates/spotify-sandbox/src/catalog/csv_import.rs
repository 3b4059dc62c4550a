//! Parsing a catalog CSV in the "Spotify tracks dataset" layout.
//!
//! Columns are found by header name, so an optional leading unnamed index column and extra columns do no harm.
//! Malformed rows are reported with their line number and skipped, or, in strict mode, the first one rejects the
//! whole file.

use std::collections::HashMap;

use super::features::AudioFeatures;
use crossfade_domain::SpotifyId;

/// Columns every catalog CSV must have.
const REQUIRED: [&str; 20] = [
    "track_id",
    "artists",
    "album_name",
    "track_name",
    "popularity",
    "duration_ms",
    "explicit",
    "danceability",
    "energy",
    "key",
    "loudness",
    "mode",
    "speechiness",
    "acousticness",
    "instrumentalness",
    "liveness",
    "valence",
    "tempo",
    "time_signature",
    "track_genre",
];

/// One well-formed CSV row.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTrackRow {
    /// Line of the row in the file (1 = header).
    pub line: u64,
    /// Spotify track id.
    pub track_id: String,
    /// Artist names, main artist first.
    pub artists: Vec<String>,
    /// Album title.
    pub album_name: String,
    /// Track title.
    pub track_name: String,
    /// Popularity 0–100.
    pub popularity: u8,
    /// Duration.
    pub duration_ms: u32,
    /// Explicit lyrics.
    pub explicit: bool,
    /// Audio features.
    pub features: AudioFeatures,
    /// Genre.
    pub genre: String,
}

/// A row left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedRow {
    /// Line of the row in the file (1 = header).
    pub line: u64,
    /// What is wrong with it.
    pub reason: String,
}

/// The usable rows of a CSV and the rows left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedCsv {
    /// Well-formed rows, in file order.
    pub rows: Vec<CsvTrackRow>,
    /// Malformed rows that were skipped.
    pub skipped: Vec<SkippedRow>,
}

/// Why a CSV was rejected as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The header lacks columns (or the file is empty).
    #[error("the CSV header lacks the column(s) {0}")]
    MissingColumns(String),
    /// Strict mode: a malformed row.
    #[error("line {line}: {reason}")]
    Malformed {
        /// Line of the row.
        line: u64,
        /// What is wrong with it.
        reason: String,
    },
}

/// Parses `text`; with `strict`, the first malformed row rejects the file.
pub fn parse_tracks_csv(text: &str, strict: bool) -> Result<ParsedCsv, CsvError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(record) => record.iter().map(|name| name.trim().to_owned()).collect(),
        Err(_) => Vec::new(),
    };
    let columns: HashMap<&str, usize> =
        header.iter().enumerate().rev().map(|(index, name)| (name.as_str(), index)).collect();
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|name| !columns.contains_key(name)).collect();
    if !missing.is_empty() {
        return Err(CsvError::MissingColumns(missing.join(", ")));
    }
    let mut parsed = ParsedCsv::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        let outcome = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, csv::Position::line);
                parse_row(&record, &columns).map(|row| (line, row)).map_err(|reason| (line, reason))
            }
            Err(error) => {
                let line = error.position().map_or(line, csv::Position::line);
                Err((line, format!("unreadable row: {error}")))
            }
        };
        match outcome {
            Ok((line, row)) => parsed.rows.push(CsvTrackRow { line, ..row }),
            Err((line, reason)) if strict => return Err(CsvError::Malformed { line, reason }),
            Err((line, reason)) => parsed.skipped.push(SkippedRow { line, reason }),
        }
    }
    Ok(parsed)
}

fn parse_row(record: &csv::StringRecord, columns: &HashMap<&str, usize>) -> Result<CsvTrackRow, String> {
    let field = |name: &str| -> Result<&str, String> {
        columns
            .get(name)
            .and_then(|index| record.get(*index))
            .map(str::trim)
            .ok_or_else(|| format!("{name} is missing"))
    };
    let text = |name: &str| -> Result<String, String> {
        let value = field(name)?;
        if value.is_empty() { Err(format!("{name} is empty")) } else { Ok(value.to_owned()) }
    };
    let number = |name: &str, low: f64, high: f64| -> Result<f64, String> {
        let raw = field(name)?;
        let value: f64 = raw.parse().map_err(|_| format!("{name} {raw:?} is not a number"))?;
        if value.is_finite() && (low..=high).contains(&value) {
            Ok(value)
        } else {
            Err(format!("{name} {raw:?} is outside {low}..={high}"))
        }
    };
    let integer = |name: &str, low: i64, high: i64| -> Result<i64, String> {
        let raw = field(name)?;
        let value: i64 = raw.parse().map_err(|_| format!("{name} {raw:?} is not an integer"))?;
        if (low..=high).contains(&value) { Ok(value) } else { Err(format!("{name} {raw:?} is outside {low}..={high}")) }
    };
    let track_id = text("track_id")?;
    if !SpotifyId::is_valid(&track_id) {
        return Err(format!("track_id {track_id:?} is not a 22-character Spotify id"));
    }
    let artists: Vec<String> =
        text("artists")?.split(';').map(str::trim).filter(|name| !name.is_empty()).map(str::to_owned).collect();
    if artists.is_empty() {
        return Err("artists is empty".into());
    }
    let explicit = match field("explicit")?.to_ascii_lowercase().as_str() {
        "true" | "1" => true,
        "false" | "0" => false,
        other => return Err(format!("explicit {other:?} is not true or false")),
    };
    // The specification allows time signatures 3 to 7; the dataset's 0 and 1 mean "unknown" and become 4/4.
    let time_signature = match integer("time_signature", 0, 7)? {
        signature @ 3..=7 => signature,
        _ => 4,
    };
    let features = AudioFeatures {
        danceability: number("danceability", 0.0, 1.0)?,
        energy: number("energy", 0.0, 1.0)?,
        valence: number("valence", 0.0, 1.0)?,
        acousticness: number("acousticness", 0.0, 1.0)?,
        instrumentalness: number("instrumentalness", 0.0, 1.0)?,
        speechiness: number("speechiness", 0.0, 1.0)?,
        liveness: number("liveness", 0.0, 1.0)?,
        loudness: number("loudness", -60.0, 5.0)?,
        tempo: number("tempo", 0.0, 300.0)?,
        key: integer("key", -1, 11)? as i8,
        mode: integer("mode", 0, 1)? as u8,
        time_signature: time_signature as u8,
    };
    Ok(CsvTrackRow {
        line: 0,
        track_id,
        artists,
        album_name: text("album_name")?,
        track_name: text("track_name")?,
        popularity: integer("popularity", 0, 100)? as u8,
        duration_ms: integer("duration_ms", 1, 24 * 3600 * 1000)? as u32,
        explicit,
        features,
        genre: text("track_genre")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,\
key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre";

    #[test]
    fn reads_good_rows_and_reports_bad_ones_with_line_numbers() {
        let text = format!(
            "{HEADER}\n\
0,5SuOikwiRyPMVoIQDJUgSV,Harbor Lights,Comedy,Comedy,73,230666,False,0.676,0.461,1,-6.746,0,0.143,0.0322,1.01e-06,0.358,0.715,87.917,4,acoustic\n\
1,not-an-id,Mira Solenne,Paper Moon,Paper Moon - Acoustic,55,149610,False,0.42,0.166,1,-17.235,1,0.0763,0.924,5.56e-06,0.101,0.267,77.489,4,acoustic\n\
2,4qPNDBW1i3p13qLCt0Ki3A,Jonah Pike;The Velvet Foxes,Begin Again,Begin Again,57,210826,False,0.438,0.359,0,-9.734,1,0.0557,0.21,0,0.117,0.12,76.332,4,acoustic\n"
        );
        let parsed = parse_tracks_csv(&text, false).unwrap();
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rows[1].artists, vec!["Jonah Pike", "The Velvet Foxes"]);
        assert_eq!(parsed.rows[1].line, 4);
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(parsed.skipped[0].line, 3);
        assert!(parsed.skipped[0].reason.contains("track_id"));

        let strict = parse_tracks_csv(&text, true).unwrap_err();
        assert!(matches!(strict, CsvError::Malformed { line: 3, .. }), "{strict}");
    }

    #[test]
    fn names_missing_columns() {
        let error = parse_tracks_csv("track_id,artists\n", false).unwrap_err();
        assert!(matches!(error, CsvError::MissingColumns(ref cols) if cols.contains("album_name")));
        assert!(parse_tracks_csv("", false).is_err());
    }
}
