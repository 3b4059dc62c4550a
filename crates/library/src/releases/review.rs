//! What matching leaves to the user: confirming or turning down a proposal from the middle band, and finding a
//! release matching could not, by searching Spotify (with the words matching used, or the user's own) and picking
//! a result or pasting a Spotify link. Every result is scored as matching scores it, so the user sees how alike
//! each is.

use crossfade_domain::{FeedTrack, MatchScore, SpotifyKind, fuzzy_search_terms, match_score};
use crossfade_spotify::models::Track;
use crossfade_spotify::{ApiError, SearchQuery};
use crossfade_store::StoreError;
use crossfade_store::releases::{ProposalAnswer, answer_proposal, pick_match, release_of_user};

use super::matching::{candidates, search};
use crate::Library;

/// Why a review step was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The release is not one the user's ingests brought, or was settled meanwhile.
    #[error("no such release waiting for you")]
    NotFound,
    #[error(
        "that is not a Spotify track: paste a link like https://open.spotify.com/track/…, a spotify:track: URI or an id"
    )]
    NotATrack,
    #[error("Spotify has no track with that id")]
    UnknownTrack,
    #[error("Spotify refused or failed")]
    Spotify(#[from] ApiError),
    #[error("storing the match failed")]
    Store(#[from] StoreError),
}

/// A search result for a release, with matching's score of it.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub track: Track,
    pub score: MatchScore,
}

/// What a search for a release found.
#[derive(Clone, Debug)]
pub struct Search {
    pub release: FeedTrack,
    /// The words searched for: the user's, or the title and first artist matching used.
    pub words: String,
    /// Spotify's results, most alike first.
    pub candidates: Vec<Candidate>,
}

/// Searches Spotify for release `release_id` of `user_id`'s with `words`, or with the title and artist matching
/// searches by when the user gave none.
pub async fn search_release(
    library: &Library,
    user_id: i64,
    release_id: i64,
    words: Option<&str>,
) -> Result<Search, ReviewError> {
    let release = release_of_user(&library.pool, user_id, release_id).await?.ok_or(ReviewError::NotFound)?.track;
    let words = match words.map(str::trim).filter(|words| !words.is_empty()) {
        Some(words) => words.to_owned(),
        None => {
            let (title, artist) = fuzzy_search_terms(&release);
            format!("{title} {artist}").trim().to_owned()
        }
    };
    let found = search(library, user_id, SearchQuery::new(words.as_str())).await?;
    let scores: Vec<MatchScore> = candidates(&found).iter().map(|candidate| match_score(&release, candidate)).collect();
    // Results without an id (never in search results) cannot be picked and have no candidate.
    let mut candidates: Vec<Candidate> = found
        .into_iter()
        .filter(|track| track.id.is_some())
        .zip(scores)
        .map(|(track, score)| Candidate { track, score })
        .collect();
    candidates.sort_by(|a, b| b.score.total.total_cmp(&a.score.total));
    Ok(Search { release, words, candidates })
}

/// Matches release `release_id` to the Spotify track `reference` names (a link, a URI or an id), read from Spotify
/// so the catalog holds it whole.
pub async fn pick_release_match(
    library: &Library,
    user_id: i64,
    release_id: i64,
    reference: &str,
) -> Result<(), ReviewError> {
    let id = SpotifyKind::Track.id_in_reference(reference).ok_or(ReviewError::NotATrack)?;
    release_of_user(&library.pool, user_id, release_id).await?.ok_or(ReviewError::NotFound)?;
    let track = match library.gate.pass(library.spotify.track(user_id, id.as_str())).await {
        Ok(track) => track,
        Err(ApiError::NotFound { .. } | ApiError::BadRequest { .. }) => return Err(ReviewError::UnknownTrack),
        Err(error) => return Err(error.into()),
    };
    if pick_match(&library.pool, user_id, release_id, &track).await? { Ok(()) } else { Err(ReviewError::NotFound) }
}

/// Confirms or turns down the proposal for release `release_id`.
pub async fn answer_release_proposal(
    library: &Library,
    user_id: i64,
    release_id: i64,
    answer: ProposalAnswer,
) -> Result<(), ReviewError> {
    if answer_proposal(&library.pool, user_id, release_id, answer).await? { Ok(()) } else { Err(ReviewError::NotFound) }
}
