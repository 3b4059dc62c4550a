//! A track as a point in a small space where near means alike to a DJ, so that the tracks nearest a seed can be
//! found by one scan of the catalog.
//!
//! | components | what                                                    | weight |
//! |-----------:|---------------------------------------------------------|-------:|
//! |          6 | tempo: its place within the octave, three harmonics     |      3 |
//! |          3 | key: its place on the Camelot wheel, and its mode       |      1 |
//! |          1 | energy                                                  |      3 |
//! |          1 | danceability                                            |    1.5 |
//! |          1 | valence                                                 |      1 |
//! |          1 | acousticness                                            |      1 |
//! |          1 | instrumentalness                                        |      1 |
//! |          1 | speechiness                                             |    0.5 |
//! |          1 | loudness                                                |    0.5 |
//!
//! A weight is the part's share of the squared length, and so of the dot product of two vectors. The weights of
//! tempo, energy, danceability, valence and key are the board's (see `taste::similarity`), for the same reasons:
//! tempo decides whether a track fits a set at all and energy separates peak time from warm-up. Acousticness and
//! instrumentalness tell a vocal or acoustic track from a club tool, which matters as much as mood; speechiness and
//! loudness mostly repeat what genre and mastering era say, so they weigh least. Liveness is left out: nearly every
//! studio track scores low on it and the rest is noise.
//!
//! Tempo is compared within the octave, so a track at half or double tempo is at the same point: analysers report
//! drum & bass at 87 as often as at 174, and a DJ mixes the two alike. One harmonic of the octave's circle would
//! still call 128 and 140 BPM close; the first three together fall to nothing about 12 BPM away, the board's range.
//! The key's wheel position keeps harmonic neighbours near and the opposite side of the wheel far; the small mode
//! component makes the relative major or minor (same number, other letter) about as near as one step round.
//!
//! The measures are standardised by the catalog's own mean and spread ([`FeatureScale`]), so a measure that barely
//! varies in a techno DJ's catalog does not count as much as one that does. A value more than 3 spreads from the
//! mean counts as 3, so one odd analysis cannot outweigh the rest. A missing value is the mean, 0: neither near nor
//! far. Every vector has length 1, or 0 when nothing is known, so the dot product of two is their cosine.

use std::f64::consts::TAU;
use std::ops::Range;

use crate::{AudioFeature, Key, LabelKey, Mode, TasteTrack};

/// The number of components of a track's vector: 16 `f32`s are one 64-byte cache line.
pub const DIM: usize = 16;

/// A track's point: unit length, or all zero when nothing is known of its sound.
pub type TrackVector = [f32; DIM];

/// What a track's vector and the second stage are made from; any of it may be missing. The board's
/// [`TasteTrack`] with the further measures the catalog holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiscoverTrack {
    pub bpm: Option<f64>,
    pub key: Option<Key>,
    /// 0–1, as Spotify defined it, as are the measures below but loudness.
    pub energy: Option<f64>,
    pub danceability: Option<f64>,
    pub valence: Option<f64>,
    pub acousticness: Option<f64>,
    pub instrumentalness: Option<f64>,
    pub speechiness: Option<f64>,
    /// Average loudness in dB.
    pub loudness: Option<f64>,
    /// Genre slugs ("deep-house").
    pub genres: Vec<String>,
    pub label: Option<LabelKey>,
    /// The credited artists' names, folded as for the board (lower case, without accents).
    pub artists: Vec<String>,
}

impl From<&TasteTrack> for DiscoverTrack {
    fn from(track: &TasteTrack) -> DiscoverTrack {
        DiscoverTrack {
            bpm: track.bpm,
            key: track.key,
            energy: track.energy,
            danceability: track.danceability,
            valence: track.valence,
            genres: track.genres.clone(),
            label: track.label.clone(),
            artists: track.artists.clone(),
            ..DiscoverTrack::default()
        }
    }
}

impl DiscoverTrack {
    /// `feature`'s value when it lies in the range the feature is defined on; anything else is not a measurement.
    fn measure(&self, feature: AudioFeature) -> Option<f64> {
        let value = match feature {
            AudioFeature::Energy => self.energy,
            AudioFeature::Danceability => self.danceability,
            AudioFeature::Valence => self.valence,
            AudioFeature::Acousticness => self.acousticness,
            AudioFeature::Instrumentalness => self.instrumentalness,
            AudioFeature::Speechiness => self.speechiness,
            AudioFeature::Loudness => self.loudness,
            AudioFeature::Tempo => self.bpm,
            AudioFeature::Liveness | AudioFeature::Gain => None,
        };
        value.and_then(|value| feature.check(value).ok())
    }
}

/// The standardised measures and their weights, in the vector's order.
const MEASURES: [(AudioFeature, f64); 7] = [
    (AudioFeature::Energy, 3.0),
    (AudioFeature::Danceability, 1.5),
    (AudioFeature::Valence, 1.0),
    (AudioFeature::Acousticness, 1.0),
    (AudioFeature::Instrumentalness, 1.0),
    (AudioFeature::Speechiness, 0.5),
    (AudioFeature::Loudness, 0.5),
];
const TEMPO_WEIGHT: f64 = 3.0;
const TEMPO_HARMONICS: usize = 3;
const KEY_WEIGHT: f64 = 1.0;
/// The mode's share of the key's weight. One step round the wheel keeps cos 30° of the rest; the relative key keeps
/// all of it but turns the mode's share against it. At this share the two are as near, as harmonic mixing has them.
const MODE_SHARE: f64 = 0.063;

const TEMPO_PARTS: Range<usize> = 0..2 * TEMPO_HARMONICS;
const KEY_PARTS: Range<usize> = TEMPO_PARTS.end..TEMPO_PARTS.end + 3;
const MEASURE_PARTS: Range<usize> = KEY_PARTS.end..KEY_PARTS.end + MEASURES.len();
const _: () = assert!(MEASURE_PARTS.end == DIM);

/// The octave every tempo is compared in. Its bounds are where the wheel of tempos starts; any octave would do.
const OCTAVE_LOW: f64 = 64.0;

/// Standardised values further than this many spreads from the mean count as this far.
const MAX_SPREADS: f64 = 3.0;

/// The catalog's mean and spread of each measure, which turn measures into comparable numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureScale {
    /// In [`MEASURES`] order; `None` for a measure no track in the catalog has.
    spreads: [Option<Spread>; MEASURES.len()],
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Spread {
    mean: f64,
    deviation: f64,
}

impl FeatureScale {
    /// The scale of `tracks`, usually the installation's whole catalog. A measure none of them has stays out of
    /// every vector, since nothing says what is usual for it.
    pub fn fit(tracks: &[DiscoverTrack]) -> FeatureScale {
        FeatureScale { spreads: MEASURES.map(|(feature, _)| Spread::fit(feature, tracks)) }
    }

    /// `track`'s point.
    pub fn vector(&self, track: &DiscoverTrack) -> TrackVector {
        let mut parts = [0.0; DIM];
        if let Some(bpm) = track.measure(AudioFeature::Tempo) {
            let turn = TAU * (in_octave(bpm) / OCTAVE_LOW).log2();
            let length = (TEMPO_WEIGHT / TEMPO_HARMONICS as f64).sqrt();
            for (harmonic, pair) in parts[TEMPO_PARTS].chunks_exact_mut(2).enumerate() {
                let angle = turn * (harmonic + 1) as f64;
                pair[0] = length * angle.cos();
                pair[1] = length * angle.sin();
            }
        }
        if let Some(key) = track.key {
            let angle = TAU * f64::from(key.camelot_number()) / 12.0;
            let mode = match key.mode() {
                Mode::Major => 1.0,
                Mode::Minor => -1.0,
            };
            let wheel = (KEY_WEIGHT * (1.0 - MODE_SHARE)).sqrt();
            parts[KEY_PARTS].copy_from_slice(&[
                wheel * angle.cos(),
                wheel * angle.sin(),
                mode * (KEY_WEIGHT * MODE_SHARE).sqrt(),
            ]);
        }
        for (part, ((feature, weight), spread)) in
            parts[MEASURE_PARTS].iter_mut().zip(MEASURES.iter().zip(&self.spreads))
        {
            if let (Some(spread), Some(value)) = (spread, track.measure(*feature)) {
                *part = weight.sqrt() * ((value - spread.mean) / spread.deviation).clamp(-MAX_SPREADS, MAX_SPREADS);
            }
        }
        unit(parts)
    }
}

impl Spread {
    fn fit(feature: AudioFeature, tracks: &[DiscoverTrack]) -> Option<Spread> {
        let values = || tracks.iter().filter_map(|track| track.measure(feature));
        let count = values().count();
        if count == 0 {
            return None;
        }
        let mean = values().sum::<f64>() / count as f64;
        let variance = values().map(|value| (value - mean).powi(2)).sum::<f64>() / count as f64;
        // A catalog where every track has (nearly) the same value would make the slightest difference from it
        // count as three spreads; a hundredth of the measure's range is the least difference that means anything.
        let (low, high) = feature.range();
        Some(Spread { mean, deviation: variance.sqrt().max((high - low) / 100.0) })
    }
}

/// `bpm` halved or doubled into the octave from [`OCTAVE_LOW`]. Halving and doubling are exact in binary floating
/// point, so a tempo and its double land on the very same number.
fn in_octave(mut bpm: f64) -> f64 {
    while bpm >= 2.0 * OCTAVE_LOW {
        bpm /= 2.0;
    }
    while bpm < OCTAVE_LOW {
        bpm *= 2.0;
    }
    bpm
}

/// `parts` scaled to length 1, or zero when they are all zero.
pub(super) fn unit(parts: [f64; DIM]) -> TrackVector {
    let length = parts.iter().map(|part| part * part).sum::<f64>().sqrt();
    if length > 0.0 { parts.map(|part| (part / length) as f32) } else { [0.0; DIM] }
}

/// Independent sums the dot product keeps, so the compiler can add a whole SIMD register at a time: floating-point
/// addition is not associative, so a single running sum would have to be added to in order.
const LANES: usize = 8;
const _: () = assert!(DIM.is_multiple_of(LANES));

/// The dot product of two vectors: their cosine, as both have length 1 (or 0).
pub(super) fn dot(a: &TrackVector, b: &TrackVector) -> f32 {
    let mut lanes = [0.0f32; LANES];
    for (a, b) in a.as_chunks::<LANES>().0.iter().zip(b.as_chunks::<LANES>().0) {
        for ((sum, x), y) in lanes.iter_mut().zip(a).zip(b) {
            *sum += x * y;
        }
    }
    lanes.iter().sum()
}

/// Whether nothing is known of the sound of the vector's track.
pub(super) fn is_blank(vector: &TrackVector) -> bool {
    vector.iter().all(|part| *part == 0.0)
}

#[cfg(test)]
pub(super) mod tests {
    use proptest::prelude::*;

    use super::*;

    pub(in crate::recommend) fn key(camelot: &str) -> Key {
        Key::parse(camelot).unwrap()
    }

    pub(in crate::recommend) fn length(vector: &TrackVector) -> f32 {
        dot(vector, vector).sqrt()
    }

    fn keyed(camelot: &str) -> DiscoverTrack {
        DiscoverTrack { key: Some(key(camelot)), energy: Some(0.8), ..DiscoverTrack::default() }
    }

    fn scale() -> FeatureScale {
        FeatureScale::fit(&[
            DiscoverTrack { energy: Some(0.9), loudness: Some(-6.0), ..DiscoverTrack::default() },
            DiscoverTrack { energy: Some(0.5), loudness: Some(-10.0), ..DiscoverTrack::default() },
        ])
    }

    #[test]
    fn the_scale_is_the_catalogs_mean_and_spread() {
        let scale = scale();
        assert_eq!(scale.spreads[0], Some(Spread { mean: 0.7, deviation: 0.2 }));
        assert_eq!(scale.spreads[6], Some(Spread { mean: -8.0, deviation: 2.0 }));
        assert_eq!(scale.spreads[1], None, "no track has a danceability");
        let alone = FeatureScale::fit(&[DiscoverTrack { energy: Some(0.4), ..DiscoverTrack::default() }]);
        assert_eq!(alone.spreads[0], Some(Spread { mean: 0.4, deviation: 0.01 }), "a hundredth of the range at least");
    }

    #[test]
    fn measures_count_in_spreads_from_the_mean_and_missing_ones_as_the_mean() {
        let scale = scale();
        let loud = scale.vector(&DiscoverTrack { energy: Some(0.9), loudness: Some(-6.0), ..DiscoverTrack::default() });
        let (energy, loudness) = (loud[MEASURE_PARTS.start], loud[MEASURE_PARTS.end - 1]);
        assert!((energy / loudness - 3.0f32.sqrt() / 0.5f32.sqrt()).abs() < 1e-5, "both one spread up");
        let only_energy = scale.vector(&DiscoverTrack { energy: Some(0.9), ..DiscoverTrack::default() });
        assert_eq!(only_energy[MEASURE_PARTS.start], 1.0);
        let outlier = scale.vector(&DiscoverTrack { energy: Some(0.0), loudness: Some(-8.0), ..Default::default() });
        assert_eq!(outlier[MEASURE_PARTS.start], -1.0, "clamped at 3 spreads, then the only part");
        let unknown = DiscoverTrack { genres: vec!["techno".into()], energy: Some(7.0), ..DiscoverTrack::default() };
        assert_eq!(scale.vector(&unknown), [0.0; DIM], "nothing known of the sound, out-of-range energy included");
    }

    #[test]
    fn a_tempo_12_bpm_away_is_as_far_as_an_unknown_one() {
        let at = |bpm: f64| FeatureScale::fit(&[]).vector(&DiscoverTrack { bpm: Some(bpm), ..Default::default() });
        let near = dot(&at(128.0), &at(130.0));
        let apart = dot(&at(128.0), &at(140.0));
        assert!(near > 0.95, "{near}");
        assert!(apart.abs() < 0.05, "{apart}");
        assert_eq!(at(87.0), at(174.0));
        assert_eq!(at(64.0), at(256.0));
    }

    #[test]
    fn harmonic_keys_are_near_and_the_far_side_of_the_wheel_is_far() {
        let scale = FeatureScale::fit(&[]);
        let to = |from: &str, other: &str| dot(&scale.vector(&keyed(from)), &scale.vector(&keyed(other)));
        let step = to("8A", "9A");
        let relative = to("8A", "8B");
        assert!((step - relative).abs() < 0.01, "{step} {relative}");
        assert!(to("8A", "8A") > step);
        assert!(step > to("8A", "10A"));
        assert!(to("8A", "10A") > to("8A", "2A"));
        assert!((to("12A", "1A") - step).abs() < 1e-6, "round the top of the wheel");
    }

    #[test]
    fn a_board_track_keeps_what_it_knows() {
        let board =
            TasteTrack { bpm: Some(124.0), energy: Some(0.6), genres: vec!["house".into()], ..Default::default() };
        let track = DiscoverTrack::from(&board);
        assert_eq!((track.bpm, track.energy, track.genres), (Some(124.0), Some(0.6), vec!["house".to_owned()]));
    }

    pub(in crate::recommend) fn discover_track() -> impl Strategy<Value = DiscoverTrack> {
        let measure = || prop::option::of(0.0f64..=1.0);
        (
            (prop::option::of(40.0f64..220.0), prop::option::of(0i64..12), 0i64..2),
            (measure(), measure(), measure(), measure(), measure(), measure(), prop::option::of(-30.0f64..0.0)),
            prop::collection::vec(prop::sample::select(vec!["techno", "house", "minimal", "ambient"]), 0..3),
            prop::option::of(prop::sample::select(vec!["Be As One", "Drumcode", "Kompakt"])),
            prop::collection::vec(prop::sample::select(vec!["ann", "bob", "cy", ""]), 0..3),
        )
            .prop_map(|((bpm, pitch, mode), measures, genres, label, artists)| {
                let (energy, danceability, valence, acousticness, instrumentalness, speechiness, loudness) = measures;
                DiscoverTrack {
                    bpm,
                    key: pitch.and_then(|pitch| Key::from_numbers(pitch, mode).unwrap()),
                    energy,
                    danceability,
                    valence,
                    acousticness,
                    instrumentalness,
                    speechiness,
                    loudness,
                    genres: genres.into_iter().map(str::to_owned).collect(),
                    label: label.map(|name| crate::RecordLabel::parse(name).unwrap().key().clone()),
                    artists: artists.into_iter().map(str::to_owned).collect(),
                }
            })
    }

    proptest! {
        #[test]
        fn every_vector_is_finite_and_of_length_1_or_0(
            catalog in prop::collection::vec(discover_track(), 0..8),
            track in discover_track(),
        ) {
            let vector = FeatureScale::fit(&catalog).vector(&track);
            prop_assert!(vector.iter().all(|part| part.is_finite()));
            prop_assert!(is_blank(&vector) || (length(&vector) - 1.0).abs() < 1e-5, "{:?}", vector);
        }

        #[test]
        fn half_and_double_tempo_give_the_same_vector(
            catalog in prop::collection::vec(discover_track(), 0..8),
            track in discover_track(),
            bpm in 20.0f64..150.0,
        ) {
            let scale = FeatureScale::fit(&catalog);
            let at = |bpm: f64| scale.vector(&DiscoverTrack { bpm: Some(bpm), ..track.clone() });
            prop_assert_eq!(at(bpm), at(2.0 * bpm));
        }

        #[test]
        fn camelot_neighbours_are_nearer_than_the_far_side_of_the_wheel(
            catalog in prop::collection::vec(discover_track(), 0..8),
            track in discover_track(),
            number in 1u8..=12,
            letter in prop::sample::select(vec!["A", "B"]),
        ) {
            let scale = FeatureScale::fit(&catalog);
            let with = |number: u8| {
                let camelot = format!("{}{letter}", (number + 11) % 12 + 1);
                scale.vector(&DiscoverTrack { key: Some(key(&camelot)), ..track.clone() })
            };
            let own = with(number);
            let far = dot(&own, &with(number + 6));
            for neighbour in [with(number + 1), with(number + 11)] {
                prop_assert!(dot(&own, &neighbour) > far);
            }
        }
    }
}
