//! A scatter of two measures over a collection: each track with both values is a point. Large collections are
//! thinned to an even sample (every n-th track in id order), so the picture stays readable and the page small.

use serde::{Deserialize, Serialize};

use super::InsightTrack;
use crate::audio_features::AudioFeature;

/// The most points a scatter draws.
pub const SCATTER_POINTS: usize = 800;

/// One track as a point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScatterPoint {
    pub track_id: String,
    pub title: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scatter {
    pub x: AudioFeature,
    pub y: AudioFeature,
    /// Tracks with both values.
    pub tracks: u64,
    /// The points drawn: all of them, or an even sample of [`SCATTER_POINTS`].
    pub points: Vec<ScatterPoint>,
}

/// The measures a scatter plots when none are chosen: tempo across, energy up.
pub const SCATTER_AXES: (AudioFeature, AudioFeature) = (AudioFeature::Tempo, AudioFeature::Energy);

impl Scatter {
    pub fn of(tracks: &[InsightTrack], x: AudioFeature, y: AudioFeature) -> Scatter {
        let mut both: Vec<ScatterPoint> = tracks
            .iter()
            .filter_map(|track| {
                let (x, y) = (track.features.get(x)?, track.features.get(y)?);
                Some(ScatterPoint { track_id: track.track_id.clone(), title: track.title.clone(), x, y })
            })
            .collect();
        both.sort_by(|a, b| a.track_id.cmp(&b.track_id));
        let count = both.len();
        let points = if count <= SCATTER_POINTS {
            both
        } else {
            // The i-th of SCATTER_POINTS evenly spaced positions, in order.
            both.into_iter()
                .enumerate()
                .filter(|(index, _)| (index * SCATTER_POINTS) % count < SCATTER_POINTS)
                .map(|(_, point)| point)
                .collect()
        };
        Scatter { x, y, tracks: count as u64, points }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::audio_features::FeatureValues;

    fn track(n: usize, both: bool) -> InsightTrack {
        let mut features = FeatureValues::default();
        features.set(AudioFeature::Energy, (n % 100) as f64 / 100.0).unwrap();
        if both {
            features.set(AudioFeature::Tempo, 60.0 + (n % 120) as f64).unwrap();
        }
        InsightTrack { track_id: format!("t{n:06}"), features, ..InsightTrack::default() }
    }

    proptest! {
        #[test]
        fn only_tracks_with_both_values_are_points_and_never_too_many(count in 0usize..3000, every in 1usize..4) {
            let tracks: Vec<InsightTrack> = (0..count).map(|n| track(n, n % every == 0)).collect();
            let scatter = Scatter::of(&tracks, AudioFeature::Tempo, AudioFeature::Energy);
            let both = (0..count).filter(|n| n % every == 0).count();
            prop_assert_eq!(scatter.tracks, both as u64);
            prop_assert_eq!(scatter.points.len(), both.min(SCATTER_POINTS));
            prop_assert!(scatter.points.windows(2).all(|pair| pair[0].track_id < pair[1].track_id));
        }
    }
}
