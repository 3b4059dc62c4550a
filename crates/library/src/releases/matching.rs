//! Matching releases to Spotify as a job: per user (with that user's grant), a bounded run over the tracks their
//! ingests brought that were never looked for. ISRC first (`isrc:` search, at most ten results in Development Mode),
//! then a search by title and artist whose candidates are scored. Each outcome is stored as soon as it is known, so
//! a run stopped by a rate limit or a restart goes on where it stopped; a rate limit reschedules the job to
//! Spotify's retry time.

use crossfade_domain::{
    Day, FeedTrack, Isrc, MatchVerdict, Proposal, SpotifyCandidate, SpotifyId, fuzzy_search_terms, match_by_isrc,
    match_fuzzy,
};
use crossfade_jobs::{Job, JobError, JobId, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_spotify::ApiError;
use crossfade_spotify::models::{SearchType, Track};
use crossfade_spotify::{SEARCH_MAX_LIMIT, SearchQuery};
use crossfade_store::releases::{MatchOutcome, PendingRelease, pending_releases, record_match};

use crate::Library;

/// The job kind of matching releases.
pub const MATCH_RELEASES: &str = "match_releases";

/// Tracks one run looks up before it hands over to the next (two searches at most each), so other jobs get turns.
const TRACKS_PER_RUN: i64 = 100;

/// The key `user_id`'s queued matching collapses under.
pub fn match_releases_key(user_id: i64) -> String {
    format!("match-releases:user:{user_id}")
}

/// Asks for `user_id`'s new releases to be matched now, collapsing into a queued run.
pub async fn request_matching(queue: &Queue, user_id: i64) -> Result<JobId, JobsError> {
    let key = match_releases_key(user_id);
    let job = NewJob::new(MATCH_RELEASES, serde_json::Value::Null)
        .with_user(user_id)
        .with_dedupe_key(&key)
        .with_exclusive_key(key);
    queue.enqueue(NewJob { run_at: RunAt::Now, ..job }).await
}

/// One bounded run of `job`'s user's matching; queues the next when tracks are left.
pub async fn run_matching(library: &Library, queue: &Queue, job: Job) -> JobResult {
    let user_id = job.user_id.ok_or_else(|| JobError::fail("a matching job names no user"))?;
    let pending = pending_releases(&library.pool, user_id, 0, TRACKS_PER_RUN + 1)
        .await
        .map_err(|error| JobError::retry(format!("reading the releases to match failed: {error}")))?;
    let more = pending.len() as i64 > TRACKS_PER_RUN;
    for release in pending.iter().take(TRACKS_PER_RUN as usize) {
        let found = match look_up(library, user_id, &release.track).await {
            Ok(found) => found,
            Err(ApiError::RateLimited { retry_at, .. }) => {
                return Err(JobError::retry_at(retry_at, "Spotify rate limit while matching releases"));
            }
            Err(ApiError::NeedsSignIn) => return Err(JobError::fail("the user must sign in again")),
            Err(error) => return Err(JobError::retry(format!("searching Spotify failed: {error}"))),
        };
        store(library, release, found.as_ref()).await?;
    }
    if more {
        request_matching(queue, user_id)
            .await
            .map_err(|error| JobError::retry(format!("queueing the next matching run failed: {error}")))?;
    }
    Ok(())
}

async fn store(library: &Library, release: &PendingRelease, found: Option<&(Track, Proposal)>) -> JobResult {
    let outcome = match found {
        Some((track, proposal)) => MatchOutcome::Found {
            track,
            method: proposal.method,
            confidence: proposal.confidence,
            verdict: proposal.verdict,
        },
        None => MatchOutcome::NotFound,
    };
    record_match(&library.pool, release.id, outcome)
        .await
        .map_err(|error| JobError::retry(format!("storing a release's match failed: {error}")))
}

/// Finds `track` on Spotify: by ISRC when it has one and Spotify knows it, else by title and artist. Answers the
/// chosen Spotify track and how it was chosen, or None.
async fn look_up(library: &Library, user_id: i64, track: &FeedTrack) -> Result<Option<(Track, Proposal)>, ApiError> {
    if let Some(isrc) = &track.isrc {
        let found = search(library, user_id, SearchQuery::new("").isrc(isrc.as_str())).await?;
        if let Some(proposal) = match_by_isrc(track, &candidates(&found)) {
            return Ok(Some(chosen(found, proposal)));
        }
    }
    let (title, artist) = fuzzy_search_terms(track);
    if title.is_empty() {
        return Ok(None);
    }
    let query = if artist.is_empty() {
        SearchQuery::new("").track(&title)
    } else {
        SearchQuery::new("").track(&title).artist(&artist)
    };
    let found = search(library, user_id, query).await?;
    Ok(match_fuzzy(track, &candidates(&found))
        .filter(|proposal| proposal.verdict != MatchVerdict::Rejected)
        .map(|proposal| chosen(found, proposal)))
}

fn chosen(mut found: Vec<Track>, proposal: Proposal) -> (Track, Proposal) {
    (found.swap_remove(proposal.candidate), proposal)
}

pub(super) async fn search(library: &Library, user_id: i64, query: SearchQuery) -> Result<Vec<Track>, ApiError> {
    // The foreground lane, as a sync's: a curator waits on the style's page for the week's releases to be matched,
    // and the background lane yields to every sync request waiting (a large first sync holds it for minutes).
    let results =
        library.gate.pass(library.spotify.search(user_id, &query, &[SearchType::Track], SEARCH_MAX_LIMIT, 0)).await?;
    Ok(results.tracks.map(|page| page.items).unwrap_or_default())
}

/// Spotify's tracks as matching compares them; a track without an id (never in search results) gets an
/// impossible score by having no name.
pub(super) fn candidates(tracks: &[Track]) -> Vec<SpotifyCandidate> {
    tracks
        .iter()
        .filter_map(|track| {
            let spotify_id = SpotifyId::parse(track.id.as_deref()?).ok()?;
            Some(SpotifyCandidate {
                spotify_id,
                title: track.name.clone(),
                artists: track.artists.iter().map(|artist| artist.name.clone()).collect(),
                duration_ms: u32::try_from(track.duration_ms).unwrap_or(u32::MAX),
                isrc: track.external_ids.isrc.as_deref().and_then(|isrc| Isrc::parse(isrc).ok()),
                release_date: track.album.as_ref().and_then(|album| album.release_date.as_deref()).and_then(Day::parse),
            })
        })
        .collect()
}
