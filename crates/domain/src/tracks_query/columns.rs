//! The tracks table's columns: those always shown, each sortable both ways, and those shown only when asked for.

use serde::{Deserialize, Serialize};

/// A column of the tracks table, each sortable both ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrackColumn {
    Title,
    Artists,
    Album,
    Duration,
    /// When the track came into the library: liked, first put in a playlist, or (heard only) first played.
    #[default]
    Added,
    Plays,
    /// How many places the track is in: liked counts one, each playlist one.
    Sources,
    /// Beats per minute (optional column).
    Bpm,
    Energy,
    Danceability,
    /// How happy the track sounds.
    Valence,
    /// The record label, ordered by its grouping key (optional column).
    Label,
}

impl TrackColumn {
    pub const ALL: [TrackColumn; 12] = [
        TrackColumn::Title,
        TrackColumn::Artists,
        TrackColumn::Album,
        TrackColumn::Duration,
        TrackColumn::Added,
        TrackColumn::Plays,
        TrackColumn::Sources,
        TrackColumn::Bpm,
        TrackColumn::Energy,
        TrackColumn::Danceability,
        TrackColumn::Valence,
        TrackColumn::Label,
    ];

    /// The columns every table shows, in order; the others come with their [`ExtraColumn`].
    pub const ALWAYS: [TrackColumn; 7] = [
        TrackColumn::Title,
        TrackColumn::Artists,
        TrackColumn::Album,
        TrackColumn::Duration,
        TrackColumn::Added,
        TrackColumn::Plays,
        TrackColumn::Sources,
    ];

    /// The name in the URL (`?sort=title`).
    pub fn key(self) -> &'static str {
        match self {
            TrackColumn::Title => "title",
            TrackColumn::Artists => "artists",
            TrackColumn::Album => "album",
            TrackColumn::Duration => "duration",
            TrackColumn::Added => "added",
            TrackColumn::Plays => "plays",
            TrackColumn::Sources => "sources",
            TrackColumn::Bpm => "bpm",
            TrackColumn::Energy => "energy",
            TrackColumn::Danceability => "danceability",
            TrackColumn::Valence => "valence",
            TrackColumn::Label => "label",
        }
    }

    /// The column header.
    pub fn label(self) -> &'static str {
        match self {
            TrackColumn::Title => "Title",
            TrackColumn::Artists => "Artists",
            TrackColumn::Album => "Album",
            TrackColumn::Duration => "Duration",
            TrackColumn::Added => "Added",
            TrackColumn::Plays => "Plays",
            TrackColumn::Sources => "Sources",
            TrackColumn::Bpm => "BPM",
            TrackColumn::Energy => "Energy",
            TrackColumn::Danceability => "Danceability",
            TrackColumn::Valence => "Valence",
            TrackColumn::Label => "Label",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        TrackColumn::ALL.into_iter().find(|column| column.key() == text)
    }

    /// Whether the column holds words (sorted A to Z first) rather than numbers or dates (largest first).
    pub fn is_text(self) -> bool {
        matches!(self, TrackColumn::Title | TrackColumn::Artists | TrackColumn::Album | TrackColumn::Label)
    }

    /// The direction a first click sorts in: words A to Z, numbers and dates largest first.
    pub fn first_direction(self) -> SortDirection {
        if self.is_text() { SortDirection::Ascending } else { SortDirection::Descending }
    }
}

/// Which way a column is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortDirection {
    Ascending,
    Descending,
}

impl SortDirection {
    /// The name in the URL (`?dir=asc`).
    pub fn key(self) -> &'static str {
        match self {
            SortDirection::Ascending => "asc",
            SortDirection::Descending => "desc",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "asc" => Some(SortDirection::Ascending),
            "desc" => Some(SortDirection::Descending),
            _ => None,
        }
    }

    /// The value of `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            SortDirection::Ascending => "ascending",
            SortDirection::Descending => "descending",
        }
    }

    pub fn reversed(self) -> Self {
        match self {
            SortDirection::Ascending => SortDirection::Descending,
            SortDirection::Descending => SortDirection::Ascending,
        }
    }
}

/// A column the table shows only when asked for, in the order it shows them after the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExtraColumn {
    Bpm,
    /// The musical key, in Camelot notation and by name ("8A · A minor").
    Key,
    Energy,
    Danceability,
    Valence,
    /// The track's heaviest genre.
    Genre,
    Label,
}

impl ExtraColumn {
    pub const ALL: [ExtraColumn; 7] = [
        ExtraColumn::Bpm,
        ExtraColumn::Key,
        ExtraColumn::Energy,
        ExtraColumn::Danceability,
        ExtraColumn::Valence,
        ExtraColumn::Genre,
        ExtraColumn::Label,
    ];

    /// The query key that shows it (`?col_bpm=1`), also its checkbox's name.
    pub fn param(self) -> &'static str {
        match self {
            ExtraColumn::Bpm => "col_bpm",
            ExtraColumn::Key => "col_key",
            ExtraColumn::Energy => "col_energy",
            ExtraColumn::Danceability => "col_danceability",
            ExtraColumn::Valence => "col_valence",
            ExtraColumn::Genre => "col_genre",
            ExtraColumn::Label => "col_label",
        }
    }

    /// The column header and the checkbox's label.
    pub fn label(self) -> &'static str {
        match self {
            ExtraColumn::Bpm => "BPM",
            ExtraColumn::Key => "Key",
            ExtraColumn::Energy => "Energy",
            ExtraColumn::Danceability => "Danceability",
            ExtraColumn::Valence => "Valence",
            ExtraColumn::Genre => "Genre",
            ExtraColumn::Label => "Label",
        }
    }

    /// The order its header offers. The key and the genre have none: the read model has no index ordering them,
    /// and a sort without one would read the whole library for every page.
    pub fn sort(self) -> Option<TrackColumn> {
        match self {
            ExtraColumn::Bpm => Some(TrackColumn::Bpm),
            ExtraColumn::Energy => Some(TrackColumn::Energy),
            ExtraColumn::Danceability => Some(TrackColumn::Danceability),
            ExtraColumn::Valence => Some(TrackColumn::Valence),
            ExtraColumn::Label => Some(TrackColumn::Label),
            ExtraColumn::Key | ExtraColumn::Genre => None,
        }
    }
}
