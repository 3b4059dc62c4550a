//! Audio features as the providers measure them: the nine continuous measures Spotify defined (and ReccoBeats, the
//! files and others copy), replay gain, and the musical key. Values are checked against the ranges the measures are
//! defined on when they are read from a provider or a file, so nothing out of range reaches the database.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A continuous audio feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AudioFeature {
    Danceability,
    Energy,
    /// How happy a track sounds.
    Valence,
    Acousticness,
    Instrumentalness,
    Speechiness,
    Liveness,
    /// Average loudness in dB (about −60 to 0).
    Loudness,
    /// Beats per minute ("BPM").
    Tempo,
    /// Replay gain in dB: how much a player turns the track down or up to a common loudness (Deezer's `gain`).
    Gain,
}

impl AudioFeature {
    pub const ALL: [AudioFeature; 10] = [
        AudioFeature::Danceability,
        AudioFeature::Energy,
        AudioFeature::Valence,
        AudioFeature::Acousticness,
        AudioFeature::Instrumentalness,
        AudioFeature::Speechiness,
        AudioFeature::Liveness,
        AudioFeature::Loudness,
        AudioFeature::Tempo,
        AudioFeature::Gain,
    ];

    /// The code it is stored and addressed under (Spotify's field name where Spotify has one).
    pub fn code(self) -> &'static str {
        match self {
            AudioFeature::Danceability => "danceability",
            AudioFeature::Energy => "energy",
            AudioFeature::Valence => "valence",
            AudioFeature::Acousticness => "acousticness",
            AudioFeature::Instrumentalness => "instrumentalness",
            AudioFeature::Speechiness => "speechiness",
            AudioFeature::Liveness => "liveness",
            AudioFeature::Loudness => "loudness",
            AudioFeature::Tempo => "tempo",
            AudioFeature::Gain => "gain",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        AudioFeature::ALL.into_iter().find(|feature| feature.code() == code)
    }

    /// The name a page shows.
    pub fn label(self) -> &'static str {
        match self {
            AudioFeature::Danceability => "Danceability",
            AudioFeature::Energy => "Energy",
            AudioFeature::Valence => "Valence",
            AudioFeature::Acousticness => "Acousticness",
            AudioFeature::Instrumentalness => "Instrumentalness",
            AudioFeature::Speechiness => "Speechiness",
            AudioFeature::Liveness => "Liveness",
            AudioFeature::Loudness => "Loudness",
            AudioFeature::Tempo => "BPM",
            AudioFeature::Gain => "Replay gain",
        }
    }

    /// The closed range a value must lie in. Tempo allows 0 only as "unknown", which readers turn into no value.
    pub fn range(self) -> (f64, f64) {
        match self {
            AudioFeature::Loudness => (-60.0, 5.0),
            AudioFeature::Tempo => (1.0, 300.0),
            AudioFeature::Gain => (-60.0, 60.0),
            _ => (0.0, 1.0),
        }
    }

    /// Checks `value` for this feature.
    pub fn check(self, value: f64) -> Result<f64, FeatureProblem> {
        let (low, high) = self.range();
        if value.is_finite() && (low..=high).contains(&value) {
            Ok(value)
        } else {
            Err(FeatureProblem::OutOfRange { feature: self, value })
        }
    }
}

impl fmt::Display for AudioFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a provider's or a file's value was refused.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum FeatureProblem {
    #[error("{feature} must lie between {low} and {high}, not {value}", low = feature.range().0, high = feature.range().1)]
    OutOfRange { feature: AudioFeature, value: f64 },
    #[error("the key must be a pitch class from 0 (C) to 11 (B) or -1 for none, not {0}")]
    Key(i64),
    #[error("the mode must be 1 (major) or 0 (minor), not {0}")]
    Mode(i64),
    #[error("the time signature must be between 3 and 7 beats per bar, not {0}")]
    TimeSignature(i64),
}

/// Major or minor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    Minor,
    Major,
}

impl Mode {
    /// Spotify's number: 1 major, 0 minor.
    pub fn from_number(number: i64) -> Result<Self, FeatureProblem> {
        match number {
            0 => Ok(Mode::Minor),
            1 => Ok(Mode::Major),
            other => Err(FeatureProblem::Mode(other)),
        }
    }

    pub fn number(self) -> i16 {
        match self {
            Mode::Minor => 0,
            Mode::Major => 1,
        }
    }
}

/// A musical key: a pitch class (0 = C … 11 = B) and a mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Key {
    pitch_class: u8,
    mode: Mode,
}

const PITCH_NAMES: [&str; 12] = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B"];

impl Key {
    /// From Spotify's numbers; `-1` (no key detected) is `None`.
    pub fn from_numbers(pitch_class: i64, mode: i64) -> Result<Option<Self>, FeatureProblem> {
        let mode = Mode::from_number(mode)?;
        match pitch_class {
            -1 => Ok(None),
            0..=11 => Ok(Some(Key { pitch_class: pitch_class as u8, mode })),
            other => Err(FeatureProblem::Key(other)),
        }
    }

    /// Reads a key as DJ software and people write it: Camelot notation ("8A", "12b") or a name ("A minor", "Am",
    /// "C♯", "Db maj", "F# min"; a name without a mode is major). None for anything else.
    pub fn parse(text: &str) -> Option<Key> {
        let text = text.trim();
        Key::from_camelot(text).or_else(|| Key::from_name(text))
    }

    fn from_camelot(text: &str) -> Option<Key> {
        let (number, letter) = text.split_at(text.len().checked_sub(1)?);
        let number: u8 = number.parse().ok().filter(|number| (1..=12).contains(number))?;
        let mode = match letter {
            "A" | "a" => Mode::Minor,
            "B" | "b" => Mode::Major,
            _ => return None,
        };
        // Inverts `camelot_number`: 7 is its own inverse modulo 12.
        let relative_major = (7 * (i32::from(number) - 8)).rem_euclid(12) as u8;
        let pitch_class = match mode {
            Mode::Major => relative_major,
            Mode::Minor => (relative_major + 9) % 12,
        };
        Some(Key { pitch_class, mode })
    }

    fn from_name(text: &str) -> Option<Key> {
        let mut chars = text.chars();
        let letter = chars.next()?.to_ascii_uppercase();
        let natural: i32 = match letter {
            'C' => 0,
            'D' => 2,
            'E' => 4,
            'F' => 5,
            'G' => 7,
            'A' => 9,
            'B' => 11,
            _ => return None,
        };
        let rest = chars.as_str();
        let (shift, rest) = match rest.chars().next() {
            // No mode's name starts with "b", so a "b" after the letter is always a flat.
            Some(sign @ ('#' | '♯' | 'b' | '♭')) => {
                (if matches!(sign, '#' | '♯') { 1 } else { -1 }, &rest[sign.len_utf8()..])
            }
            _ => (0, rest),
        };
        let mode = match rest.trim().to_lowercase().as_str() {
            "" | "major" | "maj" => Mode::Major,
            "m" | "minor" | "min" => Mode::Minor,
            _ => return None,
        };
        Some(Key { pitch_class: (natural + shift).rem_euclid(12) as u8, mode })
    }

    pub fn pitch_class(self) -> u8 {
        self.pitch_class
    }

    pub fn mode(self) -> Mode {
        self.mode
    }

    /// The position on the Camelot wheel, 1–12: C major is 8B and its relative minor, A minor, 8A; each step
    /// clockwise is a fifth up.
    pub fn camelot_number(self) -> u8 {
        let relative_major = match self.mode {
            Mode::Major => self.pitch_class,
            Mode::Minor => (self.pitch_class + 3) % 12,
        };
        (7 * relative_major + 7) % 12 + 1
    }

    /// Camelot notation, as DJ software shows it: "8A" (A minor), "8B" (C major).
    pub fn camelot(self) -> String {
        let letter = match self.mode {
            Mode::Minor => 'A',
            Mode::Major => 'B',
        };
        format!("{}{letter}", self.camelot_number())
    }

    /// Whether mixing from `self` into `other` is harmonic on the Camelot wheel: the same key, one step around the
    /// wheel in the same mode, or the relative major or minor.
    pub fn is_harmonic_neighbour_of(self, other: Key) -> bool {
        let (a, b) = (self.camelot_number(), other.camelot_number());
        let step = (12 + a - b) % 12;
        if self.mode == other.mode { matches!(step, 0 | 1 | 11) } else { step == 0 }
    }

    /// Conventional name: "A minor", "E♭ major".
    pub fn name(self) -> String {
        let mode = match self.mode {
            Mode::Minor => "minor",
            Mode::Major => "major",
        };
        format!("{} {mode}", PITCH_NAMES[usize::from(self.pitch_class)])
    }
}

/// What one provider (or one file row) says about a track's sound: the continuous features it measured, the key
/// and the time signature. Any of them may be missing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeatureValues {
    values: Vec<(AudioFeature, f64)>,
    pub key: Option<Key>,
    pub time_signature: Option<i16>,
}

impl FeatureValues {
    /// Sets `feature` after checking `value`; a later value for the same feature replaces an earlier one.
    pub fn set(&mut self, feature: AudioFeature, value: f64) -> Result<(), FeatureProblem> {
        let value = feature.check(value)?;
        match self.values.iter_mut().find(|(known, _)| *known == feature) {
            Some(slot) => slot.1 = value,
            None => self.values.push((feature, value)),
        }
        Ok(())
    }

    pub fn get(&self, feature: AudioFeature) -> Option<f64> {
        self.values.iter().find(|(known, _)| *known == feature).map(|(_, value)| *value)
    }

    /// The features with a value, in [`AudioFeature::ALL`] order.
    pub fn values(&self) -> impl Iterator<Item = (AudioFeature, f64)> + '_ {
        AudioFeature::ALL.into_iter().filter_map(|feature| self.get(feature).map(|value| (feature, value)))
    }

    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.key.is_none() && self.time_signature.is_none()
    }
}

/// Checks a time signature (beats per bar); Spotify reports 3 to 7.
pub fn check_time_signature(beats: i64) -> Result<i16, FeatureProblem> {
    match beats {
        3..=7 => Ok(beats as i16),
        other => Err(FeatureProblem::TimeSignature(other)),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(pitch: i64, mode: i64) -> Key {
        Key::from_numbers(pitch, mode).unwrap().unwrap()
    }

    #[test]
    fn camelot_matches_the_wheel_djs_use() {
        for (pitch, mode, camelot) in [
            (0, 1, "8B"),
            (9, 0, "8A"),
            (7, 1, "9B"),
            (4, 0, "9A"),
            (2, 1, "10B"),
            (5, 1, "7B"),
            (11, 1, "1B"),
            (8, 0, "1A"),
            (6, 1, "2B"),
            (3, 0, "2A"),
            (10, 0, "3A"),
            (1, 1, "3B"),
        ] {
            assert_eq!(key(pitch, mode).camelot(), camelot, "pitch {pitch} mode {mode}");
        }
        assert_eq!(key(9, 0).name(), "A minor");
        assert_eq!(key(3, 1).name(), "E♭ major");
    }

    #[test]
    fn keys_are_read_as_people_write_them() {
        assert_eq!(Key::parse("Am"), Some(key(9, 0)));
        assert_eq!(Key::parse(" a min "), Some(key(9, 0)));
        assert_eq!(Key::parse("Bbm"), Some(key(10, 0)));
        assert_eq!(Key::parse("B"), Some(key(11, 1)));
        assert_eq!(Key::parse("F# major"), Some(key(6, 1)));
        assert_eq!(Key::parse("Db maj"), Some(key(1, 1)));
        assert_eq!(Key::parse("Cb"), Some(key(11, 1)));
        assert_eq!(Key::parse("11B"), Some(key(9, 1)));
        for wrong in ["", "13A", "0B", "8C", "H minor", "A dorian", "8"] {
            assert_eq!(Key::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn no_key_and_bad_numbers() {
        assert_eq!(Key::from_numbers(-1, 1), Ok(None));
        assert_eq!(Key::from_numbers(12, 1), Err(FeatureProblem::Key(12)));
        assert_eq!(Key::from_numbers(0, 2), Err(FeatureProblem::Mode(2)));
        assert_eq!(check_time_signature(4), Ok(4));
        assert!(check_time_signature(0).is_err());
    }

    #[test]
    fn feature_values_keep_one_checked_value_per_feature() {
        let mut values = FeatureValues::default();
        assert!(values.is_empty());
        values.set(AudioFeature::Tempo, 120.0).unwrap();
        values.set(AudioFeature::Energy, 0.4).unwrap();
        values.set(AudioFeature::Tempo, 121.5).unwrap();
        assert!(values.set(AudioFeature::Valence, -0.1).is_err());
        let listed: Vec<_> = values.values().collect();
        assert_eq!(listed, [(AudioFeature::Energy, 0.4), (AudioFeature::Tempo, 121.5)]);
        assert_eq!(values.get(AudioFeature::Valence), None);
    }

    #[test]
    fn values_outside_their_range_name_the_feature() {
        let problem = AudioFeature::Energy.check(1.5).unwrap_err();
        assert_eq!(problem.to_string(), "Energy must lie between 0 and 1, not 1.5");
        assert!(AudioFeature::Tempo.check(0.0).is_err(), "0 BPM means unknown");
        assert!(AudioFeature::Loudness.check(f64::NAN).is_err());
        assert_eq!(AudioFeature::Loudness.check(-7.5), Ok(-7.5));
    }

    proptest! {
        #[test]
        fn camelot_is_a_bijection_onto_24_keys(pitch in 0i64..12, mode in 0i64..2) {
            let k = key(pitch, mode);
            let matches: Vec<Key> = (0..12).flat_map(|p| (0..2).map(move |m| key(p, m)))
                .filter(|other| other.camelot() == k.camelot()).collect();
            prop_assert_eq!(matches, vec![k]);
        }

        #[test]
        fn harmonic_neighbours_are_symmetric_and_four_plus_itself(pitch in 0i64..12, mode in 0i64..2) {
            let k = key(pitch, mode);
            let all: Vec<Key> = (0..12).flat_map(|p| (0..2).map(move |m| key(p, m))).collect();
            let neighbours: Vec<&Key> = all.iter().filter(|other| k.is_harmonic_neighbour_of(**other)).collect();
            prop_assert_eq!(neighbours.len(), 4);
            for other in neighbours {
                prop_assert!(other.is_harmonic_neighbour_of(k));
            }
        }

        #[test]
        fn keys_read_back_from_their_camelot_and_their_name(pitch in 0i64..12, mode in 0i64..2) {
            let k = key(pitch, mode);
            prop_assert_eq!(Key::parse(&k.camelot()), Some(k));
            prop_assert_eq!(Key::parse(&k.camelot().to_lowercase()), Some(k));
            prop_assert_eq!(Key::parse(&k.name()), Some(k));
        }

        #[test]
        fn codes_round_trip(index in 0usize..AudioFeature::ALL.len()) {
            let feature = AudioFeature::ALL[index];
            prop_assert_eq!(AudioFeature::parse(feature.code()), Some(feature));
        }
    }
}
