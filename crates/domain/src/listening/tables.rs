//! Every figure of the history dashboard as plain tables for downloads, the same numbers the page shows, unrounded.

use super::{Listened, ListeningReport};
use crate::day::Day;
use crate::insights::{Cell, TableData};

/// A table the history downloads as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistoryTable {
    Days,
    Months,
    HoursOfWeek,
    Tracks,
    Artists,
    Albums,
    Genres,
    Labels,
    Skipped,
    Sessions,
    Discoveries,
}

impl HistoryTable {
    pub const ALL: [HistoryTable; 11] = [
        HistoryTable::Days,
        HistoryTable::Months,
        HistoryTable::HoursOfWeek,
        HistoryTable::Tracks,
        HistoryTable::Artists,
        HistoryTable::Albums,
        HistoryTable::Genres,
        HistoryTable::Labels,
        HistoryTable::Skipped,
        HistoryTable::Sessions,
        HistoryTable::Discoveries,
    ];

    /// The code in a download's address and file name.
    pub fn code(self) -> &'static str {
        match self {
            HistoryTable::Days => "days",
            HistoryTable::Months => "months",
            HistoryTable::HoursOfWeek => "hours",
            HistoryTable::Tracks => "tracks",
            HistoryTable::Artists => "artists",
            HistoryTable::Albums => "albums",
            HistoryTable::Genres => "genres",
            HistoryTable::Labels => "labels",
            HistoryTable::Skipped => "skipped",
            HistoryTable::Sessions => "sessions",
            HistoryTable::Discoveries => "discoveries",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        HistoryTable::ALL.into_iter().find(|table| table.code() == code)
    }

    /// What a download link says.
    pub fn label(self) -> &'static str {
        match self {
            HistoryTable::Days => "Days",
            HistoryTable::Months => "Months",
            HistoryTable::HoursOfWeek => "Hours of the week",
            HistoryTable::Tracks => "Top tracks",
            HistoryTable::Artists => "Top artists",
            HistoryTable::Albums => "Top albums",
            HistoryTable::Genres => "Top genres",
            HistoryTable::Labels => "Top labels",
            HistoryTable::Skipped => "Most skipped",
            HistoryTable::Sessions => "Longest sessions",
            HistoryTable::Discoveries => "Discoveries",
        }
    }
}

/// An instant as RFC 3339 text in UTC (`2024-03-12T14:05:09Z`).
pub fn instant_text(unix_seconds: i64) -> String {
    let Some(day) = Day::containing(unix_seconds) else { return String::new() };
    let second = unix_seconds.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", second / 3600, second / 60 % 60, second % 60)
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn instant(at: Option<i64>) -> Cell {
    at.map_or(Cell::Empty, |at| text(instant_text(at)))
}

fn period_table(periods: &[super::Period]) -> TableData {
    TableData {
        columns: vec!["period", "plays", "ms_played", "skips", "episodes", "episode_ms"],
        rows: periods
            .iter()
            .map(|period| {
                vec![
                    text(period.label.clone()),
                    Cell::Count(period.plays),
                    Cell::Count(period.ms),
                    Cell::Count(period.skips),
                    Cell::Count(period.episodes),
                    Cell::Count(period.episode_ms),
                ]
            })
            .collect(),
    }
}

fn listened_table(key: &'static str, detail: &'static str, entries: &[Listened]) -> TableData {
    TableData {
        columns: vec![key, "name", detail, "plays", "ms_played", "skips", "first_played", "last_played"],
        rows: entries
            .iter()
            .map(|entry| {
                vec![
                    text(entry.key.clone()),
                    text(entry.name.clone()),
                    entry.detail.clone().map_or(Cell::Empty, Cell::Text),
                    Cell::Count(entry.plays),
                    Cell::Count(entry.ms),
                    Cell::Count(entry.skips),
                    instant(entry.first_played),
                    instant(entry.last_played),
                ]
            })
            .collect(),
    }
}

impl ListeningReport {
    /// The figures of `table`.
    pub fn table(&self, table: HistoryTable) -> TableData {
        match table {
            HistoryTable::Days => period_table(&self.days),
            HistoryTable::Months => period_table(&self.months),
            HistoryTable::HoursOfWeek => TableData {
                columns: vec!["weekday", "hour", "plays", "ms_played"],
                rows: self
                    .hours_of_week
                    .iter()
                    .map(|cell| {
                        vec![
                            Cell::Count(u64::from(cell.weekday) + 1),
                            Cell::Count(u64::from(cell.hour)),
                            Cell::Count(cell.plays),
                            Cell::Count(cell.ms),
                        ]
                    })
                    .collect(),
            },
            HistoryTable::Tracks => listened_table("track_id", "artists", &self.top_tracks),
            HistoryTable::Artists => listened_table("artist_id", "detail", &self.top_artists),
            HistoryTable::Albums => listened_table("album_id", "detail", &self.top_albums),
            HistoryTable::Genres => listened_table("genre", "within", &self.top_genres),
            HistoryTable::Labels => listened_table("label", "detail", &self.top_labels),
            HistoryTable::Skipped => {
                let mut tracks = listened_table("id", "artists", &self.skipped_tracks);
                let artists = listened_table("id", "artists", &self.skipped_artists);
                tracks.columns.insert(0, "kind");
                let kind = |kind: &str, rows: Vec<Vec<Cell>>| {
                    rows.into_iter()
                        .map(|row| std::iter::once(text(kind)).chain(row).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                };
                let mut rows = kind("track", tracks.rows);
                rows.extend(kind("artist", artists.rows));
                TableData { columns: tracks.columns, rows }
            }
            HistoryTable::Sessions => TableData {
                columns: vec!["started", "ended", "minutes", "plays", "ms_played"],
                rows: self
                    .sessions
                    .longest
                    .iter()
                    .map(|session| {
                        vec![
                            text(instant_text(session.started)),
                            text(instant_text(session.ended)),
                            Cell::Number(session.seconds() as f64 / 60.0),
                            Cell::Count(u64::from(session.plays)),
                            Cell::Count(session.ms),
                        ]
                    })
                    .collect(),
            },
            HistoryTable::Discoveries => TableData {
                columns: vec!["month", "new_tracks", "new_artists"],
                rows: self
                    .discoveries
                    .iter()
                    .map(|month| vec![text(month.month.clone()), Cell::Count(month.tracks), Cell::Count(month.artists)])
                    .collect(),
            },
        }
    }
}
