//! The tracks at the extremes of a collection: most and least danceable, fastest, longest, oldest, most played….

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{InsightTrack, TrackRef};
use crate::audio_features::AudioFeature;

/// Which extreme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SuperlativeKind {
    MostDanceable,
    LeastDanceable,
    MostEnergetic,
    LeastEnergetic,
    Happiest,
    Saddest,
    MostAcoustic,
    MostInstrumental,
    Fastest,
    Slowest,
    Loudest,
    Quietest,
    Longest,
    Shortest,
    Oldest,
    Newest,
    MostPlayed,
    LeastPlayed,
    MostSkipped,
}

/// What a superlative measures, and which end of it.
#[derive(Clone, Copy)]
enum Measured {
    Feature(AudioFeature),
    Duration,
    Year,
    Plays,
    Skips,
}

impl SuperlativeKind {
    pub const ALL: [SuperlativeKind; 19] = [
        SuperlativeKind::MostDanceable,
        SuperlativeKind::LeastDanceable,
        SuperlativeKind::MostEnergetic,
        SuperlativeKind::LeastEnergetic,
        SuperlativeKind::Happiest,
        SuperlativeKind::Saddest,
        SuperlativeKind::MostAcoustic,
        SuperlativeKind::MostInstrumental,
        SuperlativeKind::Fastest,
        SuperlativeKind::Slowest,
        SuperlativeKind::Loudest,
        SuperlativeKind::Quietest,
        SuperlativeKind::Longest,
        SuperlativeKind::Shortest,
        SuperlativeKind::Oldest,
        SuperlativeKind::Newest,
        SuperlativeKind::MostPlayed,
        SuperlativeKind::LeastPlayed,
        SuperlativeKind::MostSkipped,
    ];

    /// The heading a page shows.
    pub fn label(self) -> &'static str {
        match self {
            SuperlativeKind::MostDanceable => "Most danceable",
            SuperlativeKind::LeastDanceable => "Least danceable",
            SuperlativeKind::MostEnergetic => "Most energetic",
            SuperlativeKind::LeastEnergetic => "Least energetic",
            SuperlativeKind::Happiest => "Happiest",
            SuperlativeKind::Saddest => "Saddest",
            SuperlativeKind::MostAcoustic => "Most acoustic",
            SuperlativeKind::MostInstrumental => "Most instrumental",
            SuperlativeKind::Fastest => "Fastest",
            SuperlativeKind::Slowest => "Slowest",
            SuperlativeKind::Loudest => "Loudest",
            SuperlativeKind::Quietest => "Quietest",
            SuperlativeKind::Longest => "Longest",
            SuperlativeKind::Shortest => "Shortest",
            SuperlativeKind::Oldest => "Oldest",
            SuperlativeKind::Newest => "Newest",
            SuperlativeKind::MostPlayed => "Most played",
            SuperlativeKind::LeastPlayed => "Least played",
            SuperlativeKind::MostSkipped => "Most skipped",
        }
    }

    /// What it measures, and whether the highest value wins.
    fn measured(self) -> (Measured, bool) {
        use Measured::*;
        match self {
            SuperlativeKind::MostDanceable => (Feature(AudioFeature::Danceability), true),
            SuperlativeKind::LeastDanceable => (Feature(AudioFeature::Danceability), false),
            SuperlativeKind::MostEnergetic => (Feature(AudioFeature::Energy), true),
            SuperlativeKind::LeastEnergetic => (Feature(AudioFeature::Energy), false),
            SuperlativeKind::Happiest => (Feature(AudioFeature::Valence), true),
            SuperlativeKind::Saddest => (Feature(AudioFeature::Valence), false),
            SuperlativeKind::MostAcoustic => (Feature(AudioFeature::Acousticness), true),
            SuperlativeKind::MostInstrumental => (Feature(AudioFeature::Instrumentalness), true),
            SuperlativeKind::Fastest => (Feature(AudioFeature::Tempo), true),
            SuperlativeKind::Slowest => (Feature(AudioFeature::Tempo), false),
            SuperlativeKind::Loudest => (Feature(AudioFeature::Loudness), true),
            SuperlativeKind::Quietest => (Feature(AudioFeature::Loudness), false),
            SuperlativeKind::Longest => (Duration, true),
            SuperlativeKind::Shortest => (Duration, false),
            SuperlativeKind::Oldest => (Year, false),
            SuperlativeKind::Newest => (Year, true),
            SuperlativeKind::MostPlayed => (Plays, true),
            SuperlativeKind::LeastPlayed => (Plays, false),
            SuperlativeKind::MostSkipped => (Skips, true),
        }
    }

    /// The feature it measures, if it measures one.
    pub fn feature(self) -> Option<AudioFeature> {
        match self.measured().0 {
            Measured::Feature(feature) => Some(feature),
            _ => None,
        }
    }
}

/// A track at an extreme, with its value (seconds for lengths, a year, a count, or the feature's value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Superlative {
    pub kind: SuperlativeKind,
    pub track: TrackRef,
    pub value: f64,
}

/// The value `measured` reads from `track`, if it counts: plays only of tracks played (least played means the
/// least of those you played), skips only of tracks skipped.
fn value(track: &InsightTrack, measured: Measured) -> Option<f64> {
    match measured {
        Measured::Feature(feature) => track.features.get(feature),
        Measured::Duration => track.duration_ms.map(|ms| f64::from(ms) / 1000.0),
        Measured::Year => track.release_year.map(f64::from),
        Measured::Plays => (track.plays > 0).then_some(f64::from(track.plays)),
        Measured::Skips => (track.skips > 0).then_some(f64::from(track.skips)),
    }
}

/// Every superlative the collection has a value for, in [`SuperlativeKind::ALL`] order. Of tracks with equal
/// values, the one with the smallest id wins, whatever the order of `tracks`.
pub(super) fn find(tracks: &[InsightTrack]) -> Vec<Superlative> {
    SuperlativeKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let (measured, highest) = kind.measured();
            let (track, value) = tracks
                .iter()
                .filter_map(|track| value(track, measured).map(|value| (track, value)))
                .min_by(|(a, x), (b, y)| {
                let by_value = if highest { y.total_cmp(x) } else { x.total_cmp(y) };
                match by_value {
                    Ordering::Equal => a.track_id.cmp(&b.track_id),
                    other => other,
                }
            })?;
            Some(Superlative { kind, track: TrackRef::of(track), value })
        })
        .collect()
}
