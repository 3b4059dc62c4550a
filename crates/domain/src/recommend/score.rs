//! The second stage: how alike a candidate is to a seed, from 0 to 1, once the vectors have found it. The sound
//! (the vectors' cosine, from −1 to 1, mapped onto 0 to 1) and the genres are a weighted mean of what both sides
//! know, as on the board; a shared label or artist then closes part of the gap to 1.
//!
//! | what           | weight | credit                                                                          |
//! |----------------|-------:|---------------------------------------------------------------------------------|
//! | sound          |      6 | (1 + cosine) / 2: two unrelated tracks are about 0.5 alike, as on the board       |
//! | genres         |      1 | weighted Jaccard: the seed's genres weigh by how many of its tracks have them   |
//!
//! | match           | share of the gap to 1 it closes                 |
//! |-----------------|-------------------------------------------------|
//! | the same label  | 50 %, times the share of the seed on that label |
//! | a shared artist | 40 %, times the share of the seed by the artist |
//!
//! The weights and shares are the board's (`taste::similarity`), where genres are 1.5 of 11 and the lifts the same,
//! so Discover and the board agree on what is alike. A seed of many tracks lifts a candidate by the part of it that
//! is on the label or by the artist: one track in fifty on a label says little about a playlist.

use std::collections::BTreeMap;

use super::DiscoverTrack;
use super::vector::{TrackVector, dot, is_blank};
use crate::LabelKey;
use crate::taste::{ARTIST_LIFT, LABEL_LIFT};

const SOUND_WEIGHT: f64 = 6.0;
const GENRE_WEIGHT: f64 = 1.0;

/// What a seed's tracks are, beyond their sound: each genre, label and artist with the weight of the tracks that
/// have it. A single track is a profile too, which makes the score of two tracks symmetric.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Profile {
    /// Divided by the heaviest, so a single track's genres each weigh 1 and the overlap is plain Jaccard.
    genres: BTreeMap<String, f64>,
    genre_total: f64,
    labels: BTreeMap<LabelKey, LabelShare>,
    /// The share of the seed's weight credited to each artist.
    artists: BTreeMap<String, f64>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LabelShare {
    /// Of the seed's weight.
    pub(super) share: f64,
    /// How many of the seed's tracks are on the label.
    pub(super) tracks: usize,
}

impl Profile {
    /// The profile of tracks with their weights; tracks that do not weigh more than 0 are left out.
    pub(super) fn of<'a>(tracks: impl IntoIterator<Item = (&'a DiscoverTrack, f64)>) -> Profile {
        let mut profile = Profile::default();
        let mut total = 0.0;
        for (track, weight) in tracks {
            if !(weight.is_finite() && weight > 0.0) {
                continue;
            }
            total += weight;
            for genre in distinct(&track.genres) {
                *profile.genres.entry(genre.to_owned()).or_default() += weight;
            }
            if let Some(label) = &track.label {
                let share = profile.labels.entry(label.clone()).or_insert(LabelShare { share: 0.0, tracks: 0 });
                share.share += weight;
                share.tracks += 1;
            }
            for artist in distinct(&track.artists) {
                *profile.artists.entry(artist.to_owned()).or_default() += weight;
            }
        }
        let heaviest = profile.genres.values().copied().fold(0.0, f64::max);
        profile.genres.values_mut().for_each(|weight| *weight /= heaviest);
        profile.genre_total = profile.genres.values().sum();
        profile.labels.values_mut().for_each(|label| label.share /= total);
        profile.artists.values_mut().for_each(|share| *share /= total);
        profile
    }

    /// How much of the seed has `genre`, the seed's most common genre being 1; 0 for a genre it lacks.
    pub(super) fn genre(&self, genre: &str) -> f64 {
        self.genres.get(genre).copied().unwrap_or(0.0)
    }

    pub(super) fn label(&self, label: Option<&LabelKey>) -> Option<LabelShare> {
        label.and_then(|label| self.labels.get(label)).copied()
    }

    /// The share of the seed credited to any of `artists`, and the first of them that has one.
    pub(super) fn artist<'a>(&self, artists: &'a [String]) -> Option<(&'a str, f64)> {
        let mut shared = artists.iter().filter_map(|artist| Some((artist.as_str(), *self.artists.get(artist)?)));
        let (first, share) = shared.next()?;
        Some((first, shared.fold(share, |most, (_, share)| most.max(share))))
    }

    /// Weighted Jaccard of the profile's genres and the track's (each weighing 1), or `None` when either has none.
    fn genre_overlap(&self, genres: &[String]) -> Option<f64> {
        let count = distinct(genres).count();
        if count == 0 || self.genres.is_empty() {
            return None;
        }
        // Every weight of the profile is at most 1, so the minimum of the two weights of a shared genre is the
        // profile's and the maximum is 1.
        let shared: f64 = distinct(genres).map(|genre| self.genre(genre)).sum();
        Some(shared / (count as f64 + self.genre_total - shared))
    }
}

/// The names in `names` that name something, each once, in their order.
fn distinct(names: &[String]) -> impl Iterator<Item = &str> {
    names
        .iter()
        .enumerate()
        .filter(|(at, name)| !name.is_empty() && !names[..*at].contains(name))
        .map(|(_, name)| name.as_str())
}

/// How alike the track with `vector` is to the seed with `query` and `profile`, from 0 to 1.
pub(super) fn score(query: &TrackVector, profile: &Profile, vector: &TrackVector, track: &DiscoverTrack) -> f64 {
    let mut credit = 0.0;
    let mut weight = 0.0;
    if !is_blank(query) && !is_blank(vector) {
        credit += SOUND_WEIGHT * ((1.0 + f64::from(dot(query, vector))) / 2.0).clamp(0.0, 1.0);
        weight += SOUND_WEIGHT;
    }
    if let Some(overlap) = profile.genre_overlap(&track.genres) {
        credit += GENRE_WEIGHT * overlap;
        weight += GENRE_WEIGHT;
    }
    let mut gap = if weight > 0.0 { 1.0 - credit / weight } else { 1.0 };
    if let Some(label) = profile.label(track.label.as_ref()) {
        gap *= 1.0 - LABEL_LIFT * label.share;
    }
    if let Some((_, share)) = profile.artist(&track.artists) {
        gap *= 1.0 - ARTIST_LIFT * share;
    }
    (1.0 - gap).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::FeatureScale;
    use super::super::vector::tests::discover_track;
    use super::*;
    use crate::RecordLabel;

    /// Two tracks' score, with vectors on the scale of both.
    fn alike(a: &DiscoverTrack, b: &DiscoverTrack) -> f64 {
        let scale = FeatureScale::fit(&[a.clone(), b.clone()]);
        score(&scale.vector(a), &Profile::of([(a, 1.0)]), &scale.vector(b), b)
    }

    fn with(genres: &[&str], label: Option<&str>, artists: &[&str]) -> DiscoverTrack {
        DiscoverTrack {
            genres: genres.iter().map(|genre| (*genre).to_owned()).collect(),
            label: label.map(|name| RecordLabel::parse(name).unwrap().key().clone()),
            artists: artists.iter().map(|artist| (*artist).to_owned()).collect(),
            ..DiscoverTrack::default()
        }
    }

    #[test]
    fn genres_count_by_their_overlap_weighted_by_the_seeds_tracks() {
        let one_of_three = alike(&with(&["techno", "minimal"], None, &[]), &with(&["techno", "house"], None, &[]));
        assert!((one_of_three - 1.0 / 3.0).abs() < 1e-12, "{one_of_three}");
        let (techno, house) = (with(&["techno"], None, &[]), with(&["house"], None, &[]));
        let playlist = Profile::of([(&techno, 1.0), (&techno, 1.0), (&house, 1.0)]);
        assert_eq!(playlist.genre("house"), 0.5);
        let blank = [0.0; super::super::DIM];
        let only_techno = score(&blank, &playlist, &blank, &techno);
        assert!((only_techno - 1.0 / 1.5).abs() < 1e-12, "{only_techno}");
        let both = score(&blank, &playlist, &blank, &with(&["techno", "house"], None, &[]));
        assert!((both - 1.5 / 2.0).abs() < 1e-12, "{both}");
    }

    #[test]
    fn a_label_or_artist_lifts_by_the_share_of_the_seed_it_holds() {
        let blank = [0.0; super::super::DIM];
        let on = with(&[], Some("Be As One"), &["ann"]);
        let elsewhere = with(&[], Some("Kompakt"), &["bob"]);
        assert_eq!(score(&blank, &Profile::of([(&on, 1.0)]), &blank, &on), 1.0 - 0.5 * 0.6, "both lifts");
        let quarter = Profile::of([(&on, 1.0), (&elsewhere, 3.0)]);
        assert_eq!(quarter.label(on.label.as_ref()), Some(LabelShare { share: 0.25, tracks: 1 }));
        let lifted = score(&blank, &quarter, &blank, &with(&[], Some("Be As One Records"), &[]));
        assert!((lifted - 0.125).abs() < 1e-12, "{lifted}");
        assert_eq!(quarter.artist(&["cy".into(), "bob".into(), "ann".into()]), Some(("bob", 0.75)));
        assert_eq!(quarter.artist(&[String::new()]), None);
    }

    proptest! {
        #[test]
        fn the_score_of_two_tracks_is_symmetric_and_within_0_and_1(a in discover_track(), b in discover_track()) {
            let forth = alike(&a, &b);
            prop_assert!((0.0..=1.0).contains(&forth));
            prop_assert_eq!(forth, alike(&b, &a));
        }

        #[test]
        fn nothing_is_more_like_a_track_than_the_track_itself(a in discover_track(), b in discover_track()) {
            let scale = FeatureScale::fit(&[a.clone(), b.clone()]);
            let (seed, profile) = (scale.vector(&a), Profile::of([(&a, 1.0)]));
            let itself = score(&seed, &profile, &seed, &a);
            prop_assert!(itself + 1e-6 >= score(&seed, &profile, &scale.vector(&b), &b));
        }
    }
}
