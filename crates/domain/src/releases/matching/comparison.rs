//! The score of one candidate against a release: the title with its version, the artists and the duration, each
//! from 0 to 1, and their weighted sum.
//!
//! The weights: title 0.5, artists 0.3, duration 0.2.
//! - The title weighs more than the [`ASK_FROM`](super::ASK_FROM) gap below 1 (0.4), so a title that does not
//!   match at all (a different song, or the same song in another version) is rejected whatever else agrees.
//! - The artists weigh enough that a namesake by someone else (title and duration alike, 0.7) is asked about rather
//!   than accepted.
//! - The duration weighs least: feeds round lengths, and Spotify's cut of a track can differ by a few seconds; but
//!   a title and artists that agree with a length far off (0.8) still wait for the user, since it may be another
//!   edit.
//!
//! A release without a length scores the duration as the weighted mean of the title and the artists, so the total
//! is their mean: the missing length neither helps nor hurts.

use super::artists::{Credits, same_artist};
use super::title::NormalisedTitle;
use super::{MatchScore, SpotifyCandidate};
use crate::releases::FeedTrack;

const TITLE_WEIGHT: f64 = 0.5;
const ARTISTS_WEIGHT: f64 = 0.3;
const DURATION_WEIGHT: f64 = 0.2;

/// Lengths this close are the same cut (feeds round to the second, masters differ a little).
const SAME_LENGTH_WITHIN_MS: u32 = 3_000;
/// Lengths this far apart are different cuts; in between the duration's score falls in a straight line.
const OTHER_LENGTH_FROM_MS: u32 = 18_000;

/// How alike a Spotify candidate is to a release.
pub fn match_score(track: &FeedTrack, candidate: &SpotifyCandidate) -> MatchScore {
    Release::new(track).score(candidate)
}

/// Another description of a recording to compare a release with: a Spotify track, or a recording another source
/// named (a chart's entry, with or without its length).
#[derive(Clone, Copy, Debug)]
pub struct Described<'a> {
    /// The title as written, with its version ("Elevate - Extended Mix", "Elevate (Extended Mix)").
    pub title: &'a str,
    /// The artist credits as written: one credit holding several names is read both whole and split.
    pub artists: &'a [String],
    pub duration_ms: Option<u32>,
}

/// How alike `other` is to a release, as [`match_score`] judges a Spotify track; a length missing on either side
/// neither helps nor hurts.
pub fn likeness_to(track: &FeedTrack, other: &Described<'_>) -> MatchScore {
    Release::new(track).score_described(other)
}

/// A release read once for comparing with many candidates.
pub(super) struct Release<'a> {
    track: &'a FeedTrack,
    title: NormalisedTitle,
    /// The feed's artists as written.
    artist_names: Vec<&'a str>,
    artists: Credits,
}

impl<'a> Release<'a> {
    pub(super) fn new(track: &'a FeedTrack) -> Release<'a> {
        let title = NormalisedTitle::read(&track.title, track.mix.as_deref());
        let artist_names: Vec<&str> = track.artists.iter().map(|artist| artist.name.as_str()).collect();
        let artists = Credits::new(artist_names.iter().copied().chain(title.featured.iter().map(String::as_str)));
        Release { track, title, artist_names, artists }
    }

    pub(super) fn score(&self, candidate: &SpotifyCandidate) -> MatchScore {
        let described = Described {
            title: &candidate.title,
            artists: &candidate.artists,
            duration_ms: Some(candidate.duration_ms),
        };
        self.score_described(&described)
    }

    fn score_described(&self, other: &Described<'_>) -> MatchScore {
        let other_title = NormalisedTitle::read(other.title, None);
        let title = self.title.likeness(&other_title);
        let credited = other.artists.iter().map(String::as_str).chain(other_title.featured.iter().map(String::as_str));
        let artists = self.artists.likeness(&Credits::new(credited.filter(|name| !self.only_remixed(name))));
        let duration =
            other.duration_ms.and_then(|other_ms| self.track.length_ms.map(|ms| duration_likeness(ms, other_ms)));
        let known = TITLE_WEIGHT * title + ARTISTS_WEIGHT * artists;
        let duration = duration.unwrap_or(known / (TITLE_WEIGHT + ARTISTS_WEIGHT));
        MatchScore { title, artists, duration, total: known + DURATION_WEIGHT * duration }
    }

    /// How alike the release's length and the candidate's are, from 0 to 1; None when the feed gave no length.
    pub(super) fn duration_likeness(&self, candidate: &SpotifyCandidate) -> Option<f64> {
        self.track.length_ms.map(|length_ms| duration_likeness(length_ms, candidate.duration_ms))
    }

    /// Whether a name credited on Spotify is one of the release's remixers and not one of its artists: Spotify
    /// credits remixers as artists, feeds apart, and that should not count against the match.
    fn only_remixed(&self, name: &str) -> bool {
        self.track.remixers.iter().any(|remixer| same_artist(&remixer.name, name))
            && !self.artist_names.iter().any(|artist| same_artist(artist, name))
    }
}

/// 1 within [`SAME_LENGTH_WITHIN_MS`], 0 from [`OTHER_LENGTH_FROM_MS`], a straight line between.
pub(super) fn duration_likeness(a_ms: u32, b_ms: u32) -> f64 {
    let apart = a_ms.abs_diff(b_ms).clamp(SAME_LENGTH_WITHIN_MS, OTHER_LENGTH_FROM_MS);
    f64::from(OTHER_LENGTH_FROM_MS - apart) / f64::from(OTHER_LENGTH_FROM_MS - SAME_LENGTH_WITHIN_MS)
}
