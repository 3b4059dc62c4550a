//! What the tracks table can be narrowed by besides text, tags, labels and genres: where tracks come from, and
//! ranges of BPM and sound.

use serde::{Deserialize, Serialize};

use super::QueryProblem;
use crate::audio_features::AudioFeature;

/// Which of the user's tracks the table shows, by where they come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceFilter {
    #[default]
    All,
    Liked,
    /// In at least one of the user's playlists.
    Playlist,
    /// Heard in plays, but neither liked nor in a playlist.
    History,
}

impl SourceFilter {
    pub const ALL: [SourceFilter; 4] =
        [SourceFilter::All, SourceFilter::Liked, SourceFilter::Playlist, SourceFilter::History];

    /// The name in the URL (`?source=liked`).
    pub fn key(self) -> &'static str {
        match self {
            SourceFilter::All => "all",
            SourceFilter::Liked => "liked",
            SourceFilter::Playlist => "playlist",
            SourceFilter::History => "history",
        }
    }

    /// The choice in the filter form.
    pub fn label(self) -> &'static str {
        match self {
            SourceFilter::All => "All tracks",
            SourceFilter::Liked => "Liked songs",
            SourceFilter::Playlist => "In a playlist",
            SourceFilter::History => "Only in listening history",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        SourceFilter::ALL.into_iter().find(|source| source.key() == text)
    }
}

/// A measure the table can be narrowed to a range of. Ranges count in the steps the table shows values in (whole
/// BPM, hundredths of a 0–1 feature), and a value belongs to the step it is shown as, so "BPM from 120 to 128"
/// holds exactly the rows showing 120 to 128.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RangeFilter {
    Bpm,
    Energy,
    Danceability,
    Valence,
}

impl RangeFilter {
    pub const ALL: [RangeFilter; 4] =
        [RangeFilter::Bpm, RangeFilter::Energy, RangeFilter::Danceability, RangeFilter::Valence];

    pub fn feature(self) -> AudioFeature {
        match self {
            RangeFilter::Bpm => AudioFeature::Tempo,
            RangeFilter::Energy => AudioFeature::Energy,
            RangeFilter::Danceability => AudioFeature::Danceability,
            RangeFilter::Valence => AudioFeature::Valence,
        }
    }

    pub fn label(self) -> &'static str {
        self.feature().label()
    }

    /// The query key of the range's lower end (`?bpm_from=120`).
    pub fn from_param(self) -> &'static str {
        match self {
            RangeFilter::Bpm => "bpm_from",
            RangeFilter::Energy => "energy_from",
            RangeFilter::Danceability => "danceability_from",
            RangeFilter::Valence => "valence_from",
        }
    }

    /// The query key of the range's upper end (`?bpm_to=128`).
    pub fn to_param(self) -> &'static str {
        match self {
            RangeFilter::Bpm => "bpm_to",
            RangeFilter::Energy => "energy_to",
            RangeFilter::Danceability => "danceability_to",
            RangeFilter::Valence => "valence_to",
        }
    }

    /// Steps in one unit of the measure.
    fn steps(self) -> f64 {
        match self {
            RangeFilter::Bpm => 1.0,
            _ => 100.0,
        }
    }

    /// The lowest and highest step a range may name: the measure's defined range.
    pub fn limits(self) -> (u16, u16) {
        let (low, high) = self.feature().range();
        ((low * self.steps()).round() as u16, (high * self.steps()).round() as u16)
    }

    /// A step as forms and links write it: "128", "0.65".
    pub fn write(self, step: u16) -> String {
        match self {
            RangeFilter::Bpm => step.to_string(),
            _ => format!("{}.{:02}", step / 100, step % 100),
        }
    }

    /// A stored value as the table shows it: rounded to its step (halves up, as the ranges count them).
    pub fn shown(self, value: f64) -> String {
        let (low, high) = self.limits();
        let step = (value * self.steps()).round().clamp(f64::from(low), f64::from(high));
        self.write(step as u16)
    }

    /// The stored values `range` takes in: at least the first bound, below the second.
    pub fn stored_bounds(self, range: MeasureRange) -> (Option<f64>, Option<f64>) {
        let bound = |step: u16, half: f64| (f64::from(step) + half) / self.steps();
        (range.from.map(|step| bound(step, -0.5)), range.to.map(|step| bound(step, 0.5)))
    }

    /// Reads one end of a range from a form, in steps.
    pub(super) fn read(self, field: &str, label: &str, text: &str) -> Result<u16, QueryProblem> {
        let (low, high) = self.limits();
        let step = match self {
            RangeFilter::Bpm => text.parse::<u16>().ok(),
            // A value between steps counts as the nearest one; the range is checked before the cast, which would
            // turn -5 into 0.
            _ => text
                .parse::<f64>()
                .ok()
                .map(|value| value * self.steps())
                .filter(|step| step.is_finite() && (f64::from(low)..=f64::from(high)).contains(&step.round()))
                .map(|step| step.round() as u16),
        };
        step.filter(|step| (low..=high).contains(step)).ok_or_else(|| {
            let message = match self {
                RangeFilter::Bpm => format!("“{label}” must be a whole number from {low} to {high}."),
                _ => format!("“{label}” must be a number from 0 to 1, such as 0.65."),
            };
            QueryProblem::new(field, message)
        })
    }
}

/// A range of a measure in its steps (see [`RangeFilter`]), both ends included, either one open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MeasureRange {
    pub from: Option<u16>,
    pub to: Option<u16>,
}

impl MeasureRange {
    /// Whether the range leaves any value out.
    pub fn narrows(self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}
