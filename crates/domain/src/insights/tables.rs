//! Every figure of a collection's insights as plain tables (named columns, rows of cells), for downloads: the same
//! numbers the page shows, unrounded, in a shape spreadsheets and scripts read.

use super::{CollectionInsights, MEASURES, Ranked};
use crate::audio_features::AudioFeature;

/// A table a collection's insights download as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InsightsTable {
    Measures,
    Extremes,
    Distributions,
    Decades,
    Keys,
    Genres,
    Labels,
    Artists,
    Coverage,
}

impl InsightsTable {
    pub const ALL: [InsightsTable; 9] = [
        InsightsTable::Measures,
        InsightsTable::Extremes,
        InsightsTable::Distributions,
        InsightsTable::Decades,
        InsightsTable::Keys,
        InsightsTable::Genres,
        InsightsTable::Labels,
        InsightsTable::Artists,
        InsightsTable::Coverage,
    ];

    /// The code in a download's address and file name.
    pub fn code(self) -> &'static str {
        match self {
            InsightsTable::Measures => "measures",
            InsightsTable::Extremes => "extremes",
            InsightsTable::Distributions => "distributions",
            InsightsTable::Decades => "decades",
            InsightsTable::Keys => "keys",
            InsightsTable::Genres => "genres",
            InsightsTable::Labels => "labels",
            InsightsTable::Artists => "artists",
            InsightsTable::Coverage => "coverage",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        InsightsTable::ALL.into_iter().find(|table| table.code() == code)
    }

    /// What a download link says.
    pub fn label(self) -> &'static str {
        match self {
            InsightsTable::Measures => "Sound and length",
            InsightsTable::Extremes => "Extremes",
            InsightsTable::Distributions => "Distributions",
            InsightsTable::Decades => "Release years",
            InsightsTable::Keys => "Keys",
            InsightsTable::Genres => "Genres",
            InsightsTable::Labels => "Labels",
            InsightsTable::Artists => "Artists",
            InsightsTable::Coverage => "Coverage",
        }
    }
}

/// One value of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Count(u64),
    /// Not known.
    Empty,
}

impl From<Option<f64>> for Cell {
    fn from(value: Option<f64>) -> Self {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableData {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

/// The measure a row is about, by code; lengths are in seconds.
fn measure_code(feature: Option<AudioFeature>) -> &'static str {
    feature.map_or("length_seconds", AudioFeature::code)
}

fn ranked_rows(ranked: &[Ranked]) -> Vec<Vec<Cell>> {
    ranked
        .iter()
        .map(|entry| {
            vec![
                text(entry.key.clone()),
                text(entry.name.clone()),
                entry.within.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Count(entry.tracks),
            ]
        })
        .collect()
}

impl CollectionInsights {
    /// The figures of `table`.
    pub fn table(&self, table: InsightsTable) -> TableData {
        let measures = || {
            MEASURES
                .iter()
                .map(|feature| Some(*feature))
                .zip(&self.measures)
                .chain(std::iter::once((None, &self.duration)))
        };
        match table {
            InsightsTable::Measures => TableData {
                columns: vec!["measure", "tracks_known", "mean", "median", "std_dev", "min", "max"],
                rows: measures()
                    .map(|(feature, summary)| {
                        vec![
                            text(measure_code(feature)),
                            Cell::Count(summary.count),
                            summary.mean.into(),
                            summary.median.into(),
                            summary.std_dev.into(),
                            summary.min.into(),
                            summary.max.into(),
                        ]
                    })
                    .collect(),
            },
            InsightsTable::Extremes => TableData {
                columns: vec!["extreme", "track_id", "title", "artists", "value"],
                rows: self
                    .superlatives
                    .iter()
                    .map(|superlative| {
                        vec![
                            text(superlative.kind.label()),
                            text(superlative.track.track_id.clone()),
                            text(superlative.track.title.clone()),
                            text(superlative.track.artists.clone()),
                            Cell::Number(superlative.value),
                        ]
                    })
                    .collect(),
            },
            InsightsTable::Distributions => TableData {
                columns: vec!["measure", "from", "to", "tracks"],
                rows: measures()
                    .flat_map(|(feature, summary)| {
                        let histogram = &summary.histogram;
                        (0..histogram.counts.len()).map(move |index| {
                            let (from, to) = histogram.bounds(index);
                            vec![
                                text(measure_code(feature)),
                                Cell::Number(from),
                                Cell::Number(to),
                                Cell::Count(histogram.counts[index]),
                            ]
                        })
                    })
                    .collect(),
            },
            InsightsTable::Decades => TableData {
                columns: vec!["year", "tracks"],
                rows: self
                    .years
                    .iter()
                    .map(|(year, count)| vec![Cell::Count(*year as u64), Cell::Count(*count)])
                    .collect(),
            },
            InsightsTable::Keys => TableData {
                columns: vec!["camelot", "key", "tracks"],
                rows: self
                    .keys
                    .iter()
                    .map(|entry| vec![text(entry.key.camelot()), text(entry.key.name()), Cell::Count(entry.count)])
                    .collect(),
            },
            InsightsTable::Genres => {
                TableData { columns: vec!["genre", "name", "within", "tracks"], rows: ranked_rows(&self.top_genres) }
            }
            InsightsTable::Labels => {
                TableData { columns: vec!["label", "name", "within", "tracks"], rows: ranked_rows(&self.top_labels) }
            }
            InsightsTable::Artists => TableData {
                columns: vec!["artist_id", "name", "within", "tracks"],
                rows: ranked_rows(&self.top_artists),
            },
            InsightsTable::Coverage => TableData {
                columns: vec!["field", "source", "tracks"],
                rows: self
                    .coverage
                    .fields
                    .iter()
                    .flat_map(|field| {
                        let known = vec![text(field.field.code()), text("any"), Cell::Count(field.known)];
                        std::iter::once(known).chain(field.by_provider.iter().map(|(provider, count)| {
                            vec![text(field.field.code()), text(provider.code()), Cell::Count(*count)]
                        }))
                    })
                    .collect(),
            },
        }
    }
}
