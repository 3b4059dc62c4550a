//! How alike two tracks are to a DJ, as one number from 0 (nothing in common) to 1 (alike in everything both tracks
//! say about themselves).
//!
//! The sound is a weighted mean of credits, each from 0 to 1, over what both tracks know; whatever either track
//! lacks leaves the mean (its weight with it), so a missing value neither helps nor hurts, and two tracks that share
//! no known measure or genre start from 0. A shared label or artist then closes part of the gap to 1.
//!
//! | what         | weight | credit                                                                          |
//! |--------------|-------:|---------------------------------------------------------------------------------|
//! | BPM          |      3 | 1 within 2 BPM, 0 beyond 12, linear between; half or double tempo is the same   |
//! | energy       |      3 | 1 − difference / 0.25, at least 0                                               |
//! | danceability |    1.5 | as energy                                                                       |
//! | valence      |      1 | as energy                                                                       |
//! | genres       |    1.5 | the share of the two tracks' genres they have in common (Jaccard)                |
//! | key          |      1 | the same 1; a harmonic neighbour 0.75; two steps round the wheel, or one step   |
//! |              |        | and the other mode, 0.35; else 0                                                |
//!
//! | match           | share of the gap to 1 it closes |
//! |-----------------|--------------------------------:|
//! | the same label  |                            50 % |
//! | a shared artist |                            40 % |
//!
//! Why: tempo decides whether a track fits a set at all, and energy is what separates a peak-time track from a
//! warm-up one, so they weigh most. Danceability and valence are noisier views of groove and mood. A pool is one
//! style already, so genres mostly tell its substyles apart. Harmonic mixing matters for a transition more than for
//! what belongs in a playlist (a playlist spans the whole wheel), so the key weighs least. Labels and artists are
//! what DJs follow, and two tracks rarely share one by chance, so a match is strong evidence whatever the sound
//! says; but almost every pair differs in both, so a difference says little and counts as not known. A label curates
//! one sound, while artists roam across labels and moods, so the label counts a little more. Both together close 70 %
//! of the gap: 0.5 alike in sound becomes 0.85.
//!
//! Names are replaced by numbers once per ranking (see [`Facts`]), so comparing two tracks compares integers and
//! allocates nothing.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::TasteTrack;
use crate::Key;

const BPM_WEIGHT: f64 = 3.0;
const ENERGY_WEIGHT: f64 = 3.0;
const DANCEABILITY_WEIGHT: f64 = 1.5;
const VALENCE_WEIGHT: f64 = 1.0;
const GENRE_WEIGHT: f64 = 1.5;
const KEY_WEIGHT: f64 = 1.0;
/// Shared with Discover's second stage, so both agree on what a shared label or artist is worth.
pub(crate) const LABEL_LIFT: f64 = 0.5;
pub(crate) const ARTIST_LIFT: f64 = 0.4;

/// Tempos this close (in BPM) get full credit; the usual pitch fader range makes them mix without a thought.
const BPM_FULL: f64 = 2.0;
/// Tempos this far apart get none: beyond it a DJ would pitch a track out of its character.
const BPM_NONE: f64 = 12.0;
/// A 0–1 measure this far apart gets no credit, about a style's spread of energy.
const MEASURE_NONE: f64 = 0.25;

/// A track as the similarity reads it: a measure that is not a finite number (or a tempo that is not positive) is
/// missing, and names are numbers from [`Names`].
pub(super) struct Facts {
    bpm: Option<f64>,
    energy: Option<f64>,
    danceability: Option<f64>,
    valence: Option<f64>,
    key: Option<Key>,
    /// Sorted, each once.
    genres: Vec<usize>,
    label: Option<usize>,
    /// Sorted, each once; empty names left out, as they name nobody.
    artists: Vec<usize>,
}

/// A number for each name of a genre, label or artist seen in one ranking: the same name, the same number.
#[derive(Default)]
pub(super) struct Names<'a>(HashMap<&'a str, usize>);

impl<'a> Names<'a> {
    fn number(&mut self, name: &'a str) -> usize {
        let next = self.0.len();
        *self.0.entry(name).or_insert(next)
    }

    fn numbers(&mut self, names: impl Iterator<Item = &'a String>) -> Vec<usize> {
        let mut numbers: Vec<usize> = names.map(|name| self.number(name)).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }
}

impl Facts {
    pub(super) fn of<'a>(track: &'a TasteTrack, names: &mut Names<'a>) -> Facts {
        Facts {
            bpm: tempo(track.bpm),
            energy: measure(track.energy),
            danceability: measure(track.danceability),
            valence: measure(track.valence),
            key: track.key,
            genres: names.numbers(track.genres.iter()),
            label: track.label.as_ref().map(|label| names.number(label.as_str())),
            artists: names.numbers(track.artists.iter().filter(|artist| !artist.is_empty())),
        }
    }
}

/// How alike `a` and `b` are, from 0 to 1; symmetric.
pub(super) fn similarity(a: &Facts, b: &Facts) -> f64 {
    let mut credit = 0.0;
    let mut weight = 0.0;
    let mut count = |w: f64, value: Option<f64>| {
        if let Some(value) = value {
            credit += w * value;
            weight += w;
        }
    };
    count(BPM_WEIGHT, a.bpm.zip(b.bpm).map(|(x, y)| bpm_credit(x, y)));
    count(ENERGY_WEIGHT, measure_credit(a.energy, b.energy));
    count(DANCEABILITY_WEIGHT, measure_credit(a.danceability, b.danceability));
    count(VALENCE_WEIGHT, measure_credit(a.valence, b.valence));
    count(GENRE_WEIGHT, genre_overlap(&a.genres, &b.genres));
    count(KEY_WEIGHT, a.key.zip(b.key).map(|(x, y)| key_credit(x, y)));
    let mut gap = if weight > 0.0 { 1.0 - credit / weight } else { 1.0 };
    if a.label.is_some() && a.label == b.label {
        gap *= 1.0 - LABEL_LIFT;
    }
    if shared(&a.artists, &b.artists) > 0 {
        gap *= 1.0 - ARTIST_LIFT;
    }
    (1.0 - gap).clamp(0.0, 1.0)
}

/// A usable tempo: positive and finite.
pub(super) fn tempo(bpm: Option<f64>) -> Option<f64> {
    bpm.filter(|bpm| bpm.is_finite() && *bpm > 0.0)
}

fn measure(value: Option<f64>) -> Option<f64> {
    value.filter(|value| value.is_finite())
}

/// BPM apart, where a track at half or double the other's tempo is as close as at the same: analysers report drum &
/// bass at 87 as often as at 174, and a DJ mixes the two alike.
fn bpm_distance(a: f64, b: f64) -> f64 {
    (a - b).abs().min((2.0 * a - b).abs()).min((a - 2.0 * b).abs())
}

pub(super) fn bpm_credit(a: f64, b: f64) -> f64 {
    ((BPM_NONE - bpm_distance(a, b)) / (BPM_NONE - BPM_FULL)).clamp(0.0, 1.0)
}

fn measure_credit(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    a.zip(b).map(|(a, b)| (1.0 - (a - b).abs() / MEASURE_NONE).clamp(0.0, 1.0))
}

fn key_credit(a: Key, b: Key) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_harmonic_neighbour_of(b) {
        return 0.75;
    }
    let apart = (12 + a.camelot_number() - b.camelot_number()) % 12;
    let steps = apart.min(12 - apart);
    let near = if a.mode() == b.mode() { steps == 2 } else { steps == 1 };
    if near { 0.35 } else { 0.0 }
}

/// The share of the genres either track has that both have, or `None` when either has none.
fn genre_overlap(a: &[usize], b: &[usize]) -> Option<f64> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let both = shared(a, b);
    Some(both as f64 / (a.len() + b.len() - both) as f64)
}

/// How many numbers two sorted lists without repeats have in common.
fn shared(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// The similarity of two tracks on their own, for tests.
#[cfg(test)]
pub(super) fn alike(a: &TasteTrack, b: &TasteTrack) -> f64 {
    let mut names = Names::default();
    let (a, b) = (Facts::of(a, &mut names), Facts::of(b, &mut names));
    similarity(&a, &b)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::RecordLabel;

    fn key(camelot: &str) -> Key {
        Key::parse(camelot).unwrap()
    }

    fn at(bpm: f64) -> TasteTrack {
        TasteTrack { bpm: Some(bpm), ..TasteTrack::default() }
    }

    #[test]
    fn bpm_doubling_counts_as_close() {
        assert_eq!(bpm_credit(87.0, 174.0), 1.0);
        assert_eq!(bpm_credit(174.0, 86.0), 1.0, "2 BPM apart at the faster tempo");
        assert_eq!(bpm_credit(64.0, 128.0), 1.0);
        assert_eq!(alike(&at(87.0), &at(174.0)), 1.0);
        assert_eq!(bpm_credit(87.0, 130.0), 0.0, "neither the same nor double");
    }

    #[test]
    fn bpm_credit_is_full_within_2_and_none_beyond_12() {
        assert_eq!(bpm_credit(128.0, 130.0), 1.0);
        assert_eq!(bpm_credit(128.0, 135.0), 0.5);
        assert_eq!(bpm_credit(128.0, 140.0), 0.0);
        assert_eq!(bpm_credit(128.0, 150.0), 0.0);
    }

    #[test]
    fn the_same_key_beats_a_neighbour_beats_two_steps_beats_the_far_side() {
        assert_eq!(key_credit(key("8A"), key("8A")), 1.0);
        for neighbour in ["7A", "9A", "8B"] {
            assert_eq!(key_credit(key("8A"), key(neighbour)), 0.75, "{neighbour}");
        }
        for near in ["6A", "10A", "7B", "9B"] {
            assert_eq!(key_credit(key("8A"), key(near)), 0.35, "{near}");
        }
        assert_eq!(key_credit(key("12A"), key("2A")), 0.35, "round the top of the wheel");
        assert_eq!(key_credit(key("8A"), key("2A")), 0.0);
        assert_eq!(key_credit(key("8A"), key("11B")), 0.0);
    }

    #[test]
    fn missing_values_leave_the_mean() {
        let sparse = TasteTrack { bpm: Some(128.0), energy: Some(0.8), ..TasteTrack::default() };
        let full = TasteTrack {
            bpm: Some(128.0),
            energy: Some(0.8),
            danceability: Some(0.1),
            valence: Some(0.9),
            key: Some(key("3B")),
            genres: vec!["techno".into()],
            ..TasteTrack::default()
        };
        assert_eq!(alike(&sparse, &full), 1.0, "only what both know counts");
        assert_eq!(alike(&TasteTrack::default(), &full), 0.0, "nothing in common known");
    }

    #[test]
    fn a_different_label_or_artist_counts_as_unknown_and_a_match_closes_part_of_the_gap() {
        let label = |name: &str| RecordLabel::parse(name).unwrap().key().clone();
        let base = TasteTrack { energy: Some(0.8), ..TasteTrack::default() };
        let other = TasteTrack { energy: Some(0.7), ..TasteTrack::default() };
        let plain = alike(&base, &other);
        assert!((plain - 0.6).abs() < 1e-9, "{plain}");
        let on = |track: &TasteTrack, name: &str, artist: &str| TasteTrack {
            label: Some(label(name)),
            artists: vec![artist.into()],
            ..track.clone()
        };
        assert_eq!(alike(&on(&base, "Be As One", "a"), &on(&other, "Drumcode", "b")), plain);
        let same_label = alike(&on(&base, "Be As One", "a"), &on(&other, "Be As One Records", "b"));
        assert!((same_label - 0.8).abs() < 1e-9, "half of the 0.4 gap closed: {same_label}");
        let shared_artist = alike(&on(&base, "Be As One", "a"), &on(&other, "Drumcode", "a"));
        assert!((shared_artist - 0.76).abs() < 1e-9, "{shared_artist}");
        let both = alike(&on(&base, "Be As One", "a"), &on(&other, "Be As One", "a"));
        assert!((both - 0.88).abs() < 1e-9, "{both}");
        let only_labels = |name: &str| TasteTrack { label: Some(label(name)), ..TasteTrack::default() };
        assert_eq!(alike(&only_labels("Kompakt"), &only_labels("Kompakt")), 0.5, "a label alone is half the story");
        let nameless = TasteTrack { artists: vec![String::new()], ..base.clone() };
        assert_eq!(alike(&nameless, &TasteTrack { artists: vec![String::new()], ..other.clone() }), plain);
    }

    #[test]
    fn genres_count_by_their_overlap() {
        let with = |genres: &[&str]| TasteTrack {
            genres: genres.iter().map(|genre| (*genre).to_owned()).collect(),
            ..TasteTrack::default()
        };
        assert_eq!(alike(&with(&["techno", "house"]), &with(&["house", "techno", "techno"])), 1.0);
        let one_of_three = alike(&with(&["techno", "minimal"]), &with(&["techno", "house"]));
        assert!((one_of_three - 1.0 / 3.0).abs() < 1e-12, "{one_of_three}");
        assert_eq!(alike(&with(&["techno"]), &with(&["jazz"])), 0.0);
    }

    fn track() -> impl Strategy<Value = TasteTrack> {
        (
            (prop::option::of(40.0f64..220.0), prop::option::of(0i64..12), 0i64..2),
            (prop::option::of(0.0f64..=1.0), prop::option::of(0.0f64..=1.0), prop::option::of(0.0f64..=1.0)),
            prop::collection::vec("[a-c]", 0..3),
            prop::option::of(prop::sample::select(vec!["Be As One", "Drumcode", "Kompakt"])),
            prop::collection::vec("[x-z]", 0..3),
        )
            .prop_map(|((bpm, pitch, mode), (energy, danceability, valence), genres, label, artists)| {
                TasteTrack {
                    bpm,
                    key: pitch.and_then(|pitch| Key::from_numbers(pitch, mode).unwrap()),
                    energy,
                    danceability,
                    valence,
                    genres,
                    label: label.map(|name| RecordLabel::parse(name).unwrap().key().clone()),
                    artists,
                }
            })
    }

    proptest! {
        #[test]
        fn similarity_is_symmetric_and_within_0_and_1(a in track(), b in track()) {
            let forth = alike(&a, &b);
            prop_assert!((0.0..=1.0).contains(&forth));
            prop_assert!((forth - alike(&b, &a)).abs() < 1e-12);
        }

        #[test]
        fn a_track_is_fully_like_itself_when_its_sound_or_genre_is_known(a in track()) {
            let sound = a.bpm.is_some() || a.key.is_some() || a.energy.is_some() || a.danceability.is_some()
                || a.valence.is_some() || !a.genres.is_empty();
            let lifts = match (a.label.is_some(), !a.artists.is_empty()) {
                (true, true) => 0.7,
                (true, false) => 0.5,
                (false, true) => 0.4,
                (false, false) => 0.0,
            };
            let itself = alike(&a, &a);
            prop_assert!((itself - if sound { 1.0 } else { lifts }).abs() < 1e-12, "{}", itself);
        }
    }
}
