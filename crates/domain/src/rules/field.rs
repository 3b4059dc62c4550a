//! What a rule can test: every fact the read model holds about a track in a user's library, with the kind of value
//! it has (which decides the operators and the value a condition takes) and the name a page shows.

use serde::{Deserialize, Serialize};

use crate::AudioFeature;

/// A fact of a track a condition tests or a sort orders by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    /// An audio feature or BPM: the effective value, one provider's, or the calibrated one.
    Feature(AudioFeature),
    TimeSignature,
    /// Length in seconds.
    Duration,
    ReleaseYear,
    /// Plays, skips and minutes over the whole history, or over a window when the condition has one.
    Plays,
    Skips,
    /// Skips per play, 0 to 1; missing for a track never played.
    SkipRatio,
    MinutesPlayed,
    /// How many of the user's playlists hold the track.
    PlaylistCount,
    Title,
    Album,
    /// The credited artists' names.
    Artists,
    Label,
    Isrc,
    /// Genres of the hierarchy; a genre includes its subgenres.
    Genres,
    /// The user's own tags.
    Tags,
    Key,
    Mode,
    Explicit,
    /// When the user liked the track.
    Liked,
    /// When the track came into the library (liked, first put in a playlist, or first played).
    Added,
    /// When it was first put in one of the user's playlists.
    AddedToPlaylist,
    FirstPlayed,
    LastPlayed,
    ReleaseDate,
    /// Membership of one of the user's playlists, or of a smart playlist's.
    Playlist,
}

/// The kind of value a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Number,
    Text,
    /// Several names (the artists): text tests hold when one name passes, list tests compare whole names.
    Names,
    /// Several values from a fixed vocabulary (genres, tags).
    List,
    Key,
    Mode,
    Flag,
    Date,
    Membership,
}

impl Field {
    /// Every field, in the order the rule builder offers them.
    pub const ALL: [Field; 35] = [
        Field::Feature(AudioFeature::Tempo),
        Field::Key,
        Field::Mode,
        Field::Feature(AudioFeature::Energy),
        Field::Feature(AudioFeature::Danceability),
        Field::Feature(AudioFeature::Valence),
        Field::Feature(AudioFeature::Acousticness),
        Field::Feature(AudioFeature::Instrumentalness),
        Field::Feature(AudioFeature::Speechiness),
        Field::Feature(AudioFeature::Liveness),
        Field::Feature(AudioFeature::Loudness),
        Field::Feature(AudioFeature::Gain),
        Field::TimeSignature,
        Field::Genres,
        Field::Label,
        Field::Tags,
        Field::Artists,
        Field::Title,
        Field::Album,
        Field::Isrc,
        Field::ReleaseDate,
        Field::ReleaseYear,
        Field::Duration,
        Field::Explicit,
        Field::Liked,
        Field::Added,
        Field::AddedToPlaylist,
        Field::Playlist,
        Field::PlaylistCount,
        Field::Plays,
        Field::Skips,
        Field::SkipRatio,
        Field::MinutesPlayed,
        Field::FirstPlayed,
        Field::LastPlayed,
    ];

    /// The name in a rule's JSON.
    pub fn code(self) -> &'static str {
        match self {
            Field::Feature(feature) => feature.code(),
            Field::TimeSignature => "time_signature",
            Field::Duration => "duration",
            Field::ReleaseYear => "release_year",
            Field::Plays => "plays",
            Field::Skips => "skips",
            Field::SkipRatio => "skip_ratio",
            Field::MinutesPlayed => "minutes_played",
            Field::PlaylistCount => "playlist_count",
            Field::Title => "title",
            Field::Album => "album",
            Field::Artists => "artists",
            Field::Label => "label",
            Field::Isrc => "isrc",
            Field::Genres => "genres",
            Field::Tags => "tags",
            Field::Key => "key",
            Field::Mode => "mode",
            Field::Explicit => "explicit",
            Field::Liked => "liked",
            Field::Added => "added",
            Field::AddedToPlaylist => "added_to_playlist",
            Field::FirstPlayed => "first_played",
            Field::LastPlayed => "last_played",
            Field::ReleaseDate => "release_date",
            Field::Playlist => "playlist",
        }
    }

    /// Reads a field's code, and the other names people write for some ("bpm", "artist", "genre", "tag").
    pub fn parse(code: &str) -> Option<Field> {
        let code = match code {
            "bpm" => "tempo",
            "artist" => "artists",
            "genre" => "genres",
            "tag" => "tags",
            other => other,
        };
        Field::ALL.into_iter().find(|field| field.code() == code)
    }

    /// The name a page shows.
    pub fn label(self) -> &'static str {
        match self {
            Field::Feature(feature) => feature.label(),
            Field::TimeSignature => "Time signature",
            Field::Duration => "Length (seconds)",
            Field::ReleaseYear => "Release year",
            Field::Plays => "Plays",
            Field::Skips => "Skips",
            Field::SkipRatio => "Skip ratio",
            Field::MinutesPlayed => "Minutes played",
            Field::PlaylistCount => "Number of your playlists",
            Field::Title => "Title",
            Field::Album => "Album",
            Field::Artists => "Artist",
            Field::Label => "Record label",
            Field::Isrc => "ISRC",
            Field::Genres => "Genre",
            Field::Tags => "Your tag",
            Field::Key => "Key",
            Field::Mode => "Mode",
            Field::Explicit => "Explicit",
            Field::Liked => "Liked",
            Field::Added => "Added to the library",
            Field::AddedToPlaylist => "First added to a playlist",
            Field::FirstPlayed => "First played",
            Field::LastPlayed => "Last played",
            Field::ReleaseDate => "Release date",
            Field::Playlist => "Playlist",
        }
    }

    pub fn kind(self) -> FieldKind {
        match self {
            Field::Feature(_)
            | Field::TimeSignature
            | Field::Duration
            | Field::ReleaseYear
            | Field::Plays
            | Field::Skips
            | Field::SkipRatio
            | Field::MinutesPlayed
            | Field::PlaylistCount => FieldKind::Number,
            Field::Title | Field::Album | Field::Label | Field::Isrc => FieldKind::Text,
            Field::Artists => FieldKind::Names,
            Field::Genres | Field::Tags => FieldKind::List,
            Field::Key => FieldKind::Key,
            Field::Mode => FieldKind::Mode,
            Field::Explicit => FieldKind::Flag,
            Field::Liked
            | Field::Added
            | Field::AddedToPlaylist
            | Field::FirstPlayed
            | Field::LastPlayed
            | Field::ReleaseDate => FieldKind::Date,
            Field::Playlist => FieldKind::Membership,
        }
    }

    /// The closed range a number compared with this field must lie in, and whether it must be whole.
    pub fn number_range(self) -> (f64, f64, bool) {
        match self {
            Field::Feature(feature) => {
                let (low, high) = feature.range();
                // BPM rules are written against 0 too ("tempo above 0"), which the stored range leaves out.
                (if feature == AudioFeature::Tempo { 0.0 } else { low }, high, false)
            }
            Field::TimeSignature => (1.0, 12.0, true),
            Field::Duration => (0.0, 86_400.0, false),
            Field::ReleaseYear => (1000.0, 9999.0, true),
            Field::SkipRatio => (0.0, 1.0, false),
            Field::MinutesPlayed => (0.0, 1e9, false),
            _ => (0.0, 1e9, true),
        }
    }

    /// Whether a condition may pin the field to one provider's value, or to the calibrated value.
    pub fn has_sources(self) -> bool {
        matches!(self, Field::Feature(_))
    }

    /// Whether a condition may count only a recent window of the history ("plays in the last 30 days").
    pub fn has_window(self) -> bool {
        matches!(self, Field::Plays | Field::Skips | Field::SkipRatio | Field::MinutesPlayed)
    }

    /// Whether a playlist can be ordered by it.
    pub fn is_sortable(self) -> bool {
        !matches!(self.kind(), FieldKind::List | FieldKind::Membership | FieldKind::Mode | FieldKind::Flag)
    }
}
