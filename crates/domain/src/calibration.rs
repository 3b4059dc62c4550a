//! Calibration of audio features onto one scale. Providers measure the same feature differently (a substitute's
//! 0.80 danceability may be Spotify's 0.65), so a provider's values are mapped onto Spotify's scale by quantile
//! mapping, learned from the tracks both measured: a value at the provider's 70th percentile becomes the value at
//! the reference's 70th percentile of the same tracks. With too few such tracks the values stay as the provider gave
//! them and are said to be uncalibrated.

use serde::{Deserialize, Serialize};

use crate::{AudioFeature, Provider};

/// Points kept per distribution: every percentile, from the minimum (0 %) to the maximum (100 %). Steps of 5 % would
/// bend the mapping in the tails, where providers disagree most (instrumentalness and speechiness pile up near 0),
/// and 101 numbers per provider and feature cost nothing to store.
pub const QUANTILE_POINTS: usize = 101;

/// Tracks that need a value from both a provider and the reference before the provider is calibrated. With 50, the
/// median's position is known to about ±7 percentile points; with fewer, that uncertainty approaches the
/// disagreement being corrected, and a single wrongly matched track moves the tails.
pub const MIN_OVERLAP: u32 = 50;

/// Bins of the before/after histograms across a feature's whole range (0.05 wide on the 0–1 scales).
pub const HISTOGRAM_BINS: usize = 20;

/// The providers whose values are on the reference scale, preferred first: Spotify's own values, else those of a
/// file a user imported (Exportify exports and the public Spotify tracks dataset carry Spotify's figures).
pub const REFERENCE_SOURCES: [Provider; 2] = [Provider::Spotify, Provider::File];

/// Why stored quantiles or a stored calibration were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalibrationProblem {
    #[error("quantiles must summarise at least one value")]
    NoValues,
    #[error("quantiles have {expected} points, not {0}", expected = QUANTILE_POINTS)]
    PointCount(usize),
    #[error("quantile points must be finite and ascending")]
    Unordered,
    #[error(
        "both sides of a calibration must describe the same {minimum} or more tracks, not {provider} and {reference}",
        minimum = MIN_OVERLAP
    )]
    Overlap { provider: u32, reference: u32 },
}

/// A sample's distribution: its [`QUANTILE_POINTS`] percentiles (interpolated linearly between order statistics)
/// and how many values it had. Between the points the distribution is taken as linear, so it has a position for any
/// value and a value for any position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "QuantilesFields")]
pub struct Quantiles {
    count: u32,
    points: Vec<f64>,
}

#[derive(Deserialize)]
struct QuantilesFields {
    count: u32,
    points: Vec<f64>,
}

impl TryFrom<QuantilesFields> for Quantiles {
    type Error = CalibrationProblem;

    fn try_from(fields: QuantilesFields) -> Result<Self, Self::Error> {
        Quantiles::from_points(fields.count, fields.points)
    }
}

impl Quantiles {
    /// The percentiles of `values`, ignoring any that is not finite; `None` when no value is.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Quantiles> {
        let mut sorted: Vec<f64> = values.into_iter().filter(|value| value.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let last = sorted.len() as u64 - 1;
        let steps = QUANTILE_POINTS as u64 - 1;
        let points = (0..=steps)
            .map(|k| {
                // In integers, so the minimum, the maximum and every exact order statistic come out exactly.
                let (index, rest) = ((k * last / steps) as usize, k * last % steps);
                if rest == 0 {
                    sorted[index]
                } else {
                    interpolate(sorted[index], sorted[index + 1], rest as f64 / steps as f64)
                }
            })
            .collect();
        Some(Quantiles { count: u32::try_from(sorted.len()).unwrap_or(u32::MAX), points })
    }

    /// Quantiles as they were stored: `points` summarising `count` values.
    pub fn from_points(count: u32, points: Vec<f64>) -> Result<Quantiles, CalibrationProblem> {
        if count == 0 {
            return Err(CalibrationProblem::NoValues);
        }
        if points.len() != QUANTILE_POINTS {
            return Err(CalibrationProblem::PointCount(points.len()));
        }
        if !points.iter().all(|point| point.is_finite()) || !points.is_sorted() {
            return Err(CalibrationProblem::Unordered);
        }
        Ok(Quantiles { count, points })
    }

    /// How many values the sample had.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The percentiles, lowest first: `points()[0]` is the minimum, `points()[100]` the maximum.
    pub fn points(&self) -> &[f64] {
        &self.points
    }

    pub fn min(&self) -> f64 {
        self.points[0]
    }

    pub fn max(&self) -> f64 {
        self.points[QUANTILE_POINTS - 1]
    }

    /// Where `value` lies in the distribution, from 0 (at or below the minimum) to 1 (at or above the maximum).
    /// A value many tracks share (a flat stretch of percentiles) lies in the middle of its stretch, so equal
    /// distributions map it onto itself. Not-a-number stays not-a-number.
    pub fn position(&self, value: f64) -> f64 {
        if value.is_nan() {
            return f64::NAN;
        }
        let (first, last) = self.stretch(value);
        (first + last) / 2.0
    }

    /// The value at `position` (clamped to 0–1): the inverse of [`Quantiles::position`].
    pub fn value_at(&self, position: f64) -> f64 {
        let steps = QUANTILE_POINTS - 1;
        let scaled = position.clamp(0.0, 1.0) * steps as f64;
        let index = (scaled as usize).min(steps - 1);
        interpolate(self.points[index], self.points[index + 1], scaled - index as f64)
    }

    /// The positions where the percentiles reach `value` and where they leave it: equal unless `value` is a point
    /// that several percentiles share.
    fn stretch(&self, value: f64) -> (f64, f64) {
        let steps = (QUANTILE_POINTS - 1) as f64;
        let reached = self.points.partition_point(|&point| point < value);
        let left = self.points.partition_point(|&point| point <= value);
        if reached < left {
            return (reached as f64 / steps, (left - 1) as f64 / steps);
        }
        if reached == 0 {
            return (0.0, 0.0);
        }
        if reached == QUANTILE_POINTS {
            return (1.0, 1.0);
        }
        let (below, above) = (self.points[reached - 1], self.points[reached]);
        let position = ((reached - 1) as f64 + ((value - below) / (above - below)).clamp(0.0, 1.0)) / steps;
        (position, position)
    }

    /// Shares of the values in `bins` equal bins from `low` to `high`; values outside count in the end bins.
    fn histogram(&self, low: f64, high: f64, bins: usize) -> Vec<f64> {
        let share_below = |bin: usize| match bin {
            0 => 0.0,
            bin if bin == bins => 1.0,
            bin => self.stretch(low + (high - low) * bin as f64 / bins as f64).0,
        };
        (0..bins).map(|bin| share_below(bin + 1) - share_below(bin)).collect()
    }

    /// The distribution of `map` applied to the values; exact at the points because `map` never decreases.
    fn mapped(&self, map: impl Fn(f64) -> f64) -> Quantiles {
        Quantiles { count: self.count, points: self.points.iter().map(|&point| map(point)).collect() }
    }
}

/// `low` plus `fraction` of the way to `high`, never outside them, so interpolation never decreases across points.
fn interpolate(low: f64, high: f64, fraction: f64) -> f64 {
    (low + fraction * (high - low)).clamp(low, high)
}

/// A learned mapping of one provider's values of a feature onto the reference scale: the provider's and the
/// reference's quantiles over the same tracks (the overlap). Piecewise linear and never decreasing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MappingFields")]
pub struct QuantileMapping {
    feature: AudioFeature,
    provider: Quantiles,
    reference: Quantiles,
}

#[derive(Deserialize)]
struct MappingFields {
    feature: AudioFeature,
    provider: Quantiles,
    reference: Quantiles,
}

impl TryFrom<MappingFields> for QuantileMapping {
    type Error = CalibrationProblem;

    fn try_from(fields: MappingFields) -> Result<Self, Self::Error> {
        QuantileMapping::new(fields.feature, fields.provider, fields.reference)
    }
}

impl QuantileMapping {
    /// A mapping as it was stored; both sides must describe the same tracks, at least [`MIN_OVERLAP`] of them.
    pub fn new(
        feature: AudioFeature,
        provider: Quantiles,
        reference: Quantiles,
    ) -> Result<QuantileMapping, CalibrationProblem> {
        if provider.count != reference.count || provider.count < MIN_OVERLAP {
            return Err(CalibrationProblem::Overlap { provider: provider.count, reference: reference.count });
        }
        Ok(QuantileMapping { feature, provider, reference })
    }

    pub fn feature(&self) -> AudioFeature {
        self.feature
    }

    /// Tracks with a value from both the provider and the reference.
    pub fn overlap(&self) -> u32 {
        self.provider.count
    }

    /// The provider's values of the overlapping tracks.
    pub fn provider(&self) -> &Quantiles {
        &self.provider
    }

    /// The reference's values of the overlapping tracks.
    pub fn reference(&self) -> &Quantiles {
        &self.reference
    }

    /// `value` on the reference scale: the reference's value at the provider value's position. Within the
    /// reference's observed minimum and maximum and the feature's range; not-a-number stays not-a-number.
    pub fn map(&self, value: f64) -> f64 {
        let (low, high) = self.feature.range();
        self.reference.value_at(self.provider.position(value)).clamp(low, high)
    }
}

/// What is known about putting one provider's values of a feature on the reference scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Calibration {
    Calibrated(QuantileMapping),
    /// Fewer than [`MIN_OVERLAP`] tracks have a value from both; the provider's values are shown as it gave them.
    Uncalibrated {
        feature: AudioFeature,
        overlap: u32,
    },
}

impl Calibration {
    /// Learns from `pairs` of (provider value, reference value) of the same tracks; pairs with a side that is not
    /// finite are left out.
    pub fn learn(feature: AudioFeature, pairs: impl IntoIterator<Item = (f64, f64)>) -> Calibration {
        let (provider, reference): (Vec<f64>, Vec<f64>) =
            pairs.into_iter().filter(|(own, other)| own.is_finite() && other.is_finite()).unzip();
        let overlap = u32::try_from(provider.len()).unwrap_or(u32::MAX);
        match (Quantiles::of(provider), Quantiles::of(reference)) {
            (Some(provider), Some(reference)) if overlap >= MIN_OVERLAP => {
                Calibration::Calibrated(QuantileMapping { feature, provider, reference })
            }
            _ => Calibration::Uncalibrated { feature, overlap },
        }
    }

    pub fn feature(&self) -> AudioFeature {
        match self {
            Calibration::Calibrated(mapping) => mapping.feature,
            Calibration::Uncalibrated { feature, .. } => *feature,
        }
    }

    /// Tracks with a value from both the provider and the reference.
    pub fn overlap(&self) -> u32 {
        match self {
            Calibration::Calibrated(mapping) => mapping.overlap(),
            Calibration::Uncalibrated { overlap, .. } => *overlap,
        }
    }

    pub fn mapping(&self) -> Option<&QuantileMapping> {
        match self {
            Calibration::Calibrated(mapping) => Some(mapping),
            Calibration::Uncalibrated { .. } => None,
        }
    }
}

/// A provider's values of a feature before and after calibration, beside the reference's, for a page to show side
/// by side: shares of values (summing to 1) in [`HISTOGRAM_BINS`] equal bins across the feature's range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub feature: AudioFeature,
    /// Tracks with a value from both the provider and the reference.
    pub overlap: u32,
    /// The bins' edges, from the low end of the feature's range to the high end ([`HISTOGRAM_BINS`] + 1 of them).
    pub edges: Vec<f64>,
    /// Every value the provider gave, as it gave it.
    pub raw: Vec<f64>,
    /// `None` when the provider is uncalibrated.
    pub calibrated: Option<CalibratedShares>,
}

/// The after half of a [`Comparison`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibratedShares {
    /// Every value the provider gave, calibrated.
    pub calibrated: Vec<f64>,
    /// The reference's values of the overlapping tracks: what the calibrated shares should resemble.
    pub reference: Vec<f64>,
}

impl Comparison {
    /// Compares `values` (every value the provider gave for the feature) before and after `calibration`.
    pub fn new(values: &Quantiles, calibration: &Calibration) -> Comparison {
        let feature = calibration.feature();
        let (low, high) = feature.range();
        let histogram = |quantiles: &Quantiles| quantiles.histogram(low, high, HISTOGRAM_BINS);
        Comparison {
            feature,
            overlap: calibration.overlap(),
            edges: (0..=HISTOGRAM_BINS).map(|edge| low + (high - low) * edge as f64 / HISTOGRAM_BINS as f64).collect(),
            raw: histogram(values),
            calibrated: calibration.mapping().map(|mapping| CalibratedShares {
                calibrated: histogram(&values.mapped(|value| mapping.map(value))),
                reference: histogram(&mapping.reference),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const EPSILON: f64 = 1e-9;

    /// How a substitute provider might distort Spotify's value `d` of a 0–1 feature: higher everywhere but at the ends.
    fn distorted(d: f64) -> f64 {
        1.0 - (1.0 - d).powf(1.3)
    }

    fn spread(count: usize) -> Vec<f64> {
        (0..count).map(|i| (i as f64 + 0.5) / count as f64).collect()
    }

    fn learned(pairs: impl IntoIterator<Item = (f64, f64)>) -> QuantileMapping {
        match Calibration::learn(AudioFeature::Danceability, pairs) {
            Calibration::Calibrated(mapping) => mapping,
            other => panic!("expected a calibration, got {other:?}"),
        }
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let quantiles = Quantiles::of([3.0, f64::NAN, 1.0, 2.0, f64::INFINITY, 5.0, 4.0]).unwrap();
        assert_eq!(quantiles.count(), 5);
        assert_eq!((quantiles.min(), quantiles.max()), (1.0, 5.0));
        assert_eq!(quantiles.points()[50], 3.0);
        assert!((quantiles.points()[10] - 1.4).abs() < EPSILON);
        assert!((quantiles.position(3.5) - 0.625).abs() < EPSILON);
        assert!((quantiles.value_at(0.625) - 3.5).abs() < EPSILON);
        assert_eq!((quantiles.position(0.0), quantiles.position(9.0)), (0.0, 1.0));
        assert!(quantiles.position(f64::NAN).is_nan());
        assert_eq!(Quantiles::of([f64::NAN]), None);
    }

    #[test]
    fn a_value_many_tracks_share_lies_in_the_middle_of_its_stretch() {
        let quantiles = Quantiles::of([0.0, 0.0, 0.0, 0.5]).unwrap();
        assert_eq!(quantiles.position(0.0), 0.33);
        assert_eq!(quantiles.value_at(0.33), 0.0);
        assert!(quantiles.position(0.1) > 0.66);
    }

    #[test]
    fn a_distorted_provider_is_brought_back_onto_the_reference_scale() {
        let reference = spread(400);
        let mapping = learned(reference.iter().map(|&d| (distorted(d), d)));
        assert_eq!(mapping.overlap(), 400);
        for d in [0.05, 0.2, 0.5, 0.65, 0.8, 0.95] {
            assert!((mapping.map(distorted(d)) - d).abs() < 0.01, "{d}");
        }
        assert!((mapping.map(0.80) - 0.71).abs() < 0.01, "the substitute's 0.80 is lower on Spotify's scale");
    }

    #[test]
    fn too_few_tracks_in_common_leave_the_provider_uncalibrated() {
        let pairs = spread(49).into_iter().map(|d| (d, d)).chain([(f64::NAN, 0.5), (0.5, f64::INFINITY)]);
        let calibration = Calibration::learn(AudioFeature::Energy, pairs);
        assert_eq!(calibration, Calibration::Uncalibrated { feature: AudioFeature::Energy, overlap: 49 });
        assert_eq!(calibration.mapping(), None);
        let nothing = Calibration::learn(AudioFeature::Tempo, []);
        assert_eq!(nothing.overlap(), 0);
        assert_eq!(nothing.feature(), AudioFeature::Tempo);
    }

    #[test]
    fn comparison_shows_the_calibrated_values_resembling_the_reference() {
        let reference = spread(1000);
        let mapping = learned(reference.iter().map(|&d| (distorted(d), d)));
        let values = Quantiles::of(reference.iter().map(|&d| distorted(d))).unwrap();
        let comparison = Comparison::new(&values, &Calibration::Calibrated(mapping));
        assert_eq!(comparison.edges.len(), HISTOGRAM_BINS + 1);
        assert_eq!((comparison.edges[0], comparison.edges[HISTOGRAM_BINS]), (0.0, 1.0));
        let after = comparison.calibrated.unwrap();
        for (calibrated, reference) in after.calibrated.iter().zip(&after.reference) {
            assert!((calibrated - reference).abs() < 0.01);
            assert!((reference - 0.05).abs() < 0.01, "the reference is uniform");
        }
        assert!(comparison.raw[HISTOGRAM_BINS - 1] > 0.08, "raw values crowd the top");
    }

    #[test]
    fn comparison_of_an_uncalibrated_provider_has_only_its_raw_values() {
        let values = Quantiles::of([0.0; 300].into_iter().chain([1.0; 100])).unwrap();
        let calibration = Calibration::Uncalibrated { feature: AudioFeature::Liveness, overlap: 3 };
        let comparison = Comparison::new(&values, &calibration);
        assert_eq!((comparison.overlap, comparison.calibrated), (3, None));
        // Percentiles place a share only to within one percentile step.
        assert!((comparison.raw[0] - 0.75).abs() < 0.01, "{:?}", comparison.raw);
        assert!((comparison.raw[HISTOGRAM_BINS - 1] - 0.25).abs() < 0.01);
    }

    #[test]
    fn stored_forms_are_checked() {
        let mapping = learned(spread(60).into_iter().map(|d| (d, d * d)));
        let calibration = Calibration::Calibrated(mapping.clone());
        let json = serde_json::to_string(&calibration).unwrap();
        let read = serde_json::from_str::<Calibration>(&json).unwrap();
        // JSON text may move a point by its last digit.
        for value in spread(30) {
            assert!((read.mapping().unwrap().map(value) - mapping.map(value)).abs() < EPSILON);
        }

        let mut points = mapping.provider().points().to_vec();
        points.swap(3, 4);
        assert_eq!(Quantiles::from_points(60, points.clone()), Err(CalibrationProblem::Unordered));
        let unordered = serde_json::json!({"count": 60, "points": points});
        assert!(serde_json::from_value::<Quantiles>(unordered).is_err());
        assert_eq!(Quantiles::from_points(60, vec![0.5; 21]), Err(CalibrationProblem::PointCount(21)));
        assert_eq!(Quantiles::from_points(0, vec![0.5; QUANTILE_POINTS]), Err(CalibrationProblem::NoValues));

        let small = Quantiles::from_points(49, vec![0.5; QUANTILE_POINTS]).unwrap();
        let problem = QuantileMapping::new(AudioFeature::Energy, small.clone(), small).unwrap_err();
        assert_eq!(
            problem.to_string(),
            "both sides of a calibration must describe the same 50 or more tracks, not 49 and 49"
        );
    }

    /// A feature with `count` raw values (from 0 to 1, many of them equal) spread over its range.
    fn sample(count: std::ops::Range<usize>) -> impl Strategy<Value = (AudioFeature, Vec<f64>)> {
        let value = prop_oneof![Just(0.0), Just(1.0), (0u8..=20).prop_map(|k| f64::from(k) / 20.0), 0.0..=1.0];
        (0..AudioFeature::ALL.len(), prop::collection::vec(value, count)).prop_map(|(index, values)| {
            let feature = AudioFeature::ALL[index];
            let (low, high) = feature.range();
            (feature, values.into_iter().map(|value| low + value * (high - low)).collect())
        })
    }

    fn learn_in(feature: AudioFeature, pairs: Vec<(f64, f64)>) -> QuantileMapping {
        match Calibration::learn(feature, pairs) {
            Calibration::Calibrated(mapping) => mapping,
            other => panic!("expected a calibration, got {other:?}"),
        }
    }

    proptest! {
        #[test]
        fn learned_mappings_never_decrease(
            (feature, own) in sample(50..200),
            other in prop::collection::vec(0.0f64..=1.0, 200),
            probes in prop::collection::vec(-0.1f64..=1.1, 2..40),
        ) {
            let (low, high) = feature.range();
            let pairs = own.iter().zip(&other).map(|(&own, &other)| (own, low + other * (high - low))).collect();
            let mapping = learn_in(feature, pairs);
            let mut probes: Vec<f64> = probes.into_iter().map(|probe| low + probe * (high - low)).collect();
            probes.extend_from_slice(mapping.provider().points());
            probes.sort_by(f64::total_cmp);
            for pair in probes.windows(2) {
                prop_assert!(mapping.map(pair[0]) <= mapping.map(pair[1]), "{pair:?}");
            }
        }

        #[test]
        fn equal_samples_map_onto_themselves((feature, values) in sample(50..300), probe in 0.0f64..=1.0) {
            let mapping = learn_in(feature, values.iter().map(|&value| (value, value)).collect());
            let (low, high) = feature.range();
            let inside = mapping.provider().min() + probe * (mapping.provider().max() - mapping.provider().min());
            for value in values.iter().copied().chain([inside]) {
                prop_assert!((mapping.map(value) - value).abs() <= EPSILON * (high - low), "{value}");
            }
        }

        #[test]
        fn mapped_values_stay_in_the_range_and_within_what_the_reference_showed(
            (feature, own) in sample(50..200),
            other in prop::collection::vec(-0.2f64..=1.2, 200),
            probe in -2.0f64..=2.0,
        ) {
            let (low, high) = feature.range();
            let pairs = own.iter().zip(&other).map(|(&own, &other)| (own, low + other * (high - low))).collect();
            let mapping = learn_in(feature, pairs);
            let mapped = mapping.map(low + probe * (high - low));
            prop_assert!((low..=high).contains(&mapped));
            prop_assert!(mapping.reference().min() <= mapped && mapped <= mapping.reference().max());
        }

        #[test]
        fn provider_percentiles_map_onto_reference_percentiles(
            own in prop::collection::btree_set(0u32..1_000_000, 50..300),
            other in prop::collection::vec(0.0f64..=1.0, 300),
        ) {
            let pairs = own.iter().zip(&other).map(|(&own, &other)| (f64::from(own) / 1e6, other)).collect();
            let mapping = learn_in(AudioFeature::Valence, pairs);
            for (&own, &reference) in mapping.provider().points().iter().zip(mapping.reference().points()) {
                prop_assert!((mapping.map(own) - reference).abs() < EPSILON, "{own} → {reference}");
            }
        }

        #[test]
        fn fewer_tracks_than_the_minimum_stay_uncalibrated((feature, values) in sample(0..50)) {
            let calibration = Calibration::learn(feature, values.iter().map(|&value| (value, value)));
            prop_assert_eq!(calibration, Calibration::Uncalibrated { feature, overlap: values.len() as u32 });
        }

        #[test]
        fn histograms_are_shares_of_every_value((feature, values) in sample(1..300)) {
            let quantiles = Quantiles::of(values).unwrap();
            let (low, high) = feature.range();
            let shares = quantiles.histogram(low, high, HISTOGRAM_BINS);
            prop_assert!(shares.iter().all(|&share| share >= 0.0));
            prop_assert!((shares.iter().sum::<f64>() - 1.0).abs() < EPSILON);
        }

        #[test]
        fn positions_and_values_are_inverse((_, values) in sample(1..300), position in 0.0f64..=1.0) {
            let quantiles = Quantiles::of(values).unwrap();
            let value = quantiles.value_at(position);
            let (first, last) = quantiles.stretch(value);
            prop_assert!(first - EPSILON <= position && position <= last + EPSILON, "{first} {position} {last}");
        }
    }
}
