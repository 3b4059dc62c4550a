//! How a collection's values spread: histograms of every measure, release decades and years, and keys on the
//! Camelot wheel.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::InsightTrack;
use crate::audio_features::{AudioFeature, Key};

/// Equal-width bins: `count` of them from `start`, each `width` wide. Values beyond either end count in the end bin
/// (the first and last bins are open), so every value is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bins {
    pub start: f64,
    pub width: f64,
    pub count: usize,
}

/// Twenty bins of 0.05 over a 0–1 feature.
const UNIT_BINS: Bins = Bins { start: 0.0, width: 0.05, count: 20 };
/// 5 BPM wide from 60 to 200: where nearly all music lies.
const TEMPO_BINS: Bins = Bins { start: 60.0, width: 5.0, count: 28 };
/// 1.5 dB wide from −30 dB to 0.
const LOUDNESS_BINS: Bins = Bins { start: -30.0, width: 1.5, count: 20 };
/// Half a minute wide up to ten minutes.
pub(super) const DURATION_BINS: Bins = Bins { start: 0.0, width: 30.0, count: 20 };

pub(super) fn bins_of(feature: AudioFeature) -> Bins {
    match feature {
        AudioFeature::Tempo => TEMPO_BINS,
        AudioFeature::Loudness | AudioFeature::Gain => LOUDNESS_BINS,
        _ => UNIT_BINS,
    }
}

/// Counts of values per bin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

impl Histogram {
    pub(super) fn of(values: &[f64], bins: Bins) -> Histogram {
        let mut counts = vec![0; bins.count];
        for value in values {
            // Values are decimals (0.7) that binary floats only approach: 0.7 / 0.05 is 13.999999999999998, which
            // would put 0.7 under 0.65–0.70. A nudge far below any real difference puts boundary values where they
            // are written.
            let index = ((value - bins.start) / bins.width + 1e-9).floor();
            // Beyond either end (and NaN, which never arrives) lands in an end bin.
            let index = if index.is_nan() || index < 0.0 { 0 } else { (index as usize).min(bins.count - 1) };
            counts[index] += 1;
        }
        Histogram { start: bins.start, width: bins.width, counts }
    }

    /// The lower and upper bound of bin `index`; the end bins also hold what lies beyond them.
    pub fn bounds(&self, index: usize) -> (f64, f64) {
        // Rounded to a billionth, so 0.05 × 19 is written 0.95 rather than 0.9500000000000001.
        let at = |step: usize| ((self.start + self.width * step as f64) * 1e9).round() / 1e9;
        (at(index), at(index + 1))
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

pub(super) fn years(tracks: &[InsightTrack]) -> Vec<(i16, u64)> {
    let mut years: BTreeMap<i16, u64> = BTreeMap::new();
    for year in tracks.iter().filter_map(|track| track.release_year) {
        *years.entry(year).or_default() += 1;
    }
    years.into_iter().collect()
}

pub(super) fn decades(tracks: &[InsightTrack]) -> Vec<(i16, u64)> {
    let mut decades: BTreeMap<i16, u64> = BTreeMap::new();
    for year in tracks.iter().filter_map(|track| track.release_year) {
        *decades.entry(year.div_euclid(10) * 10).or_default() += 1;
    }
    decades.into_iter().collect()
}

/// A key and how many tracks are in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCount {
    pub key: Key,
    pub count: u64,
}

/// Every key of the Camelot wheel in its order (1A, 1B, 2A, … 12B), each with its count.
pub(super) fn keys(tracks: &[InsightTrack]) -> Vec<KeyCount> {
    let mut wheel: Vec<KeyCount> = (0..12)
        .flat_map(|pitch| [0, 1].map(|mode| Key::from_numbers(pitch, mode)))
        .filter_map(|key| key.ok().flatten())
        .map(|key| KeyCount { key, count: 0 })
        .collect();
    wheel.sort_by_key(|entry| (entry.key.camelot_number(), entry.key.mode().number()));
    for key in tracks.iter().filter_map(|track| track.features.key) {
        if let Some(entry) = wheel.iter_mut().find(|entry| entry.key == key) {
            entry.count += 1;
        }
    }
    wheel
}
