//! Matching a release to a Spotify track: by ISRC when the feed has one Spotify knows, else by a score over the
//! normalised title and version, the artists and the duration. Every match keeps its method and confidence; a
//! score between [`ASK_FROM`] and [`ACCEPT_AT`] waits for the user.

mod artists;
mod comparison;
mod spelling;
mod title;

use serde::{Deserialize, Serialize};

use self::comparison::Release;
pub use self::comparison::{Described, likeness_to, match_score};
use self::title::NormalisedTitle;
use super::FeedTrack;
use crate::{Day, Isrc, SpotifyId};

/// Scores at or above this are accepted without asking.
pub const ACCEPT_AT: f64 = 0.9;
/// Scores from this up to [`ACCEPT_AT`] are proposed to the user; below it the candidate is rejected.
pub const ASK_FROM: f64 = 0.6;

/// How a release was matched to Spotify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchMethod {
    Isrc,
    Fuzzy,
    Manual,
}

impl MatchMethod {
    pub const ALL: [MatchMethod; 3] = [MatchMethod::Isrc, MatchMethod::Fuzzy, MatchMethod::Manual];

    pub fn code(self) -> &'static str {
        match self {
            MatchMethod::Isrc => "isrc",
            MatchMethod::Fuzzy => "fuzzy",
            MatchMethod::Manual => "manual",
        }
    }

    pub fn parse(code: &str) -> Option<MatchMethod> {
        MatchMethod::ALL.into_iter().find(|method| method.code() == code)
    }
}

/// A Spotify track a search returned, as matching needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpotifyCandidate {
    pub spotify_id: SpotifyId,
    /// The name as Spotify writes it ("Elevate - Extended Mix").
    pub title: String,
    pub artists: Vec<String>,
    pub duration_ms: u32,
    pub isrc: Option<Isrc>,
    /// The album's release day, when Spotify gives it to the day.
    pub release_date: Option<Day>,
}

/// What a comparison decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchVerdict {
    Accepted,
    NeedsReview,
    Rejected,
}

/// How alike a release and a candidate are, each part from 0 (nothing alike) to 1 (the same).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatchScore {
    pub title: f64,
    pub artists: f64,
    pub duration: f64,
    pub total: f64,
}

/// The candidate a comparison chose, with how and how sure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Proposal {
    /// The index of the candidate in the list given.
    pub candidate: usize,
    pub method: MatchMethod,
    /// 0 to 1.
    pub confidence: f64,
    pub verdict: MatchVerdict,
}

/// The confidence an ISRC gives on its own, when the titles disagree entirely: the same code says the same
/// recording, but labels reuse codes and Spotify attaches a single's code to its extended mix, so it is worth asking.
const ISRC_ALONE: f64 = 0.7;

/// The best candidate carrying the release's ISRC; None when the release has no ISRC or no candidate carries it.
///
/// One ISRC can name several Spotify tracks (a single, its album, a compilation): the one closest in duration is
/// chosen (lengths within a few seconds count as equal), then the one released closest to the release's day, then
/// the first. Its confidence is 1 when the titles and versions agree, falling to 0.7 (asked about, never accepted)
/// as they disagree.
pub fn match_by_isrc(track: &FeedTrack, candidates: &[SpotifyCandidate]) -> Option<Proposal> {
    let isrc = track.isrc.as_ref()?;
    let release = Release::new(track);
    let days_apart = |candidate: &SpotifyCandidate| match (track.release_date, candidate.release_date) {
        (Some(ours), Some(theirs)) => (ours.epoch_day() - theirs.epoch_day()).unsigned_abs(),
        _ => u64::MAX,
    };
    let closer = |a: &SpotifyCandidate, b: &SpotifyCandidate| {
        let likeness = |candidate| release.duration_likeness(candidate).unwrap_or(1.0);
        likeness(b).total_cmp(&likeness(a)).then_with(|| days_apart(a).cmp(&days_apart(b)))
    };
    let (index, candidate) = candidates
        .iter()
        .enumerate()
        .filter(|(_, candidate)| candidate.isrc.as_ref() == Some(isrc))
        .min_by(|(_, a), (_, b)| closer(a, b))?;
    let confidence = ISRC_ALONE + (1.0 - ISRC_ALONE) * release.score(candidate).title;
    Some(Proposal { candidate: index, method: MatchMethod::Isrc, confidence, verdict: verdict(confidence) })
}

/// The best-scoring candidate for a release, judged against the thresholds; None when there are no candidates.
/// Equal scores go to the candidate closer in duration, then to the first.
pub fn match_fuzzy(track: &FeedTrack, candidates: &[SpotifyCandidate]) -> Option<Proposal> {
    let release = Release::new(track);
    let apart = |candidate: &SpotifyCandidate| track.length_ms.map(|length| length.abs_diff(candidate.duration_ms));
    let (index, score) = candidates
        .iter()
        .enumerate()
        .map(|(index, candidate)| (index, release.score(candidate)))
        .min_by(|(a, a_score), (b, b_score)| {
            b_score.total.total_cmp(&a_score.total).then_with(|| apart(&candidates[*a]).cmp(&apart(&candidates[*b])))
        })?;
    Some(Proposal {
        candidate: index,
        method: MatchMethod::Fuzzy,
        confidence: score.total,
        verdict: verdict(score.total),
    })
}

/// The title and artist to search Spotify for (`track:"…" artist:"…"`): the title as written without featured
/// artists and descriptors, so the search also finds "Elevate - Extended Mix", and the first credited artist.
pub fn fuzzy_search_terms(track: &FeedTrack) -> (String, String) {
    let title = NormalisedTitle::read(&track.title, None).readable;
    (title, track.artists.first().map(|artist| artist.name.trim().to_owned()).unwrap_or_default())
}

fn verdict(confidence: f64) -> MatchVerdict {
    if confidence >= ACCEPT_AT {
        MatchVerdict::Accepted
    } else if confidence >= ASK_FROM {
        MatchVerdict::NeedsReview
    } else {
        MatchVerdict::Rejected
    }
}

#[cfg(test)]
mod tests;
