//! Gathering candidates from the single-item reads a Development-Mode app may make: for the artists a user plays
//! most, their albums and singles (10 a page; compilations and other artists' releases are left out), then each
//! release with its tracks, which enrichment then gives a sound. An artist's releases are read before the next
//! artist's, most played first.
//!
//! A run spends at most a budget of requests and stores each page and release as it is read: a run the budget cut
//! short queues the next, one stopped by a rate limit comes back at Spotify's time, and either carries on where the
//! last stopped. Runs are one at a time for the whole installation: the progress is shared (an artist two users
//! play is read once), and so is the app's rate limit.

use crossfade_jobs::{Job, JobError, JobId, JobResult, JobsError, NewJob, Queue};
use crossfade_spotify::models::{AlbumGroup, SimplifiedAlbum};
use crossfade_spotify::{ApiError, Page};
use crossfade_store::gathering::{self, ArtistToGather};

use crate::contention::retrying;
use crate::enrichment::ProviderSetup;
use crate::{Library, SyncError};

/// The job kind of a run gathering the releases of the artists a user plays most.
pub const GATHER_ARTIST_ALBUMS: &str = "gather_artist_albums";

/// Requests one run may spend; the run then queues the next, so other work gets its turn between.
const REQUESTS_PER_RUN: usize = 30;

/// The artist's own releases; compilations and appearances on others' records say little about the artist.
const GROUPS: [AlbumGroup; 2] = [AlbumGroup::Album, AlbumGroup::Single];

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GatherReport {
    /// Requests sent to Spotify.
    pub requests: usize,
    /// Pages of artists' releases read.
    pub pages: usize,
    /// Releases read with their tracks.
    pub releases: usize,
    /// Tracks written to the catalog.
    pub tracks: usize,
    /// Nothing is left to read for the user: the run ended before its budget did.
    pub finished: bool,
}

/// A run's report, and the failure that cut it short if one did (what was read before it is stored).
#[derive(Debug)]
pub struct GatherRun {
    pub report: GatherReport,
    pub outcome: Result<(), SyncError>,
}

/// Gathers the releases of `user_id`'s most-played artists, with their grant, spending at most `budget` requests
/// (a release is read whole: one with more than 50 tracks costs a request per further page, past the budget if
/// need be).
pub async fn gather_artist_albums(library: &Library, user_id: i64, budget: usize) -> GatherRun {
    let mut report = GatherReport::default();
    let outcome = gather(library, user_id, budget, &mut report).await;
    GatherRun { report, outcome }
}

async fn gather(library: &Library, user_id: i64, budget: usize, report: &mut GatherReport) -> Result<(), SyncError> {
    loop {
        // The releases earlier pages listed go first, so each artist is done before the next is listed.
        let left = i64::try_from(budget.saturating_sub(report.requests)).unwrap_or(i64::MAX);
        for album_id in gathering::releases_to_read(&library.pool, user_id, left).await? {
            if report.requests >= budget {
                return Ok(());
            }
            read_release(library, user_id, &album_id, report).await?;
        }
        if report.requests >= budget {
            return Ok(());
        }
        let Some(artist) = gathering::artists_to_gather(&library.pool, user_id).await?.into_iter().next() else {
            report.finished = true;
            return Ok(());
        };
        list_releases(library, user_id, artist, budget, report).await?;
    }
}

/// Reads `artist`'s releases page by page from where the last reading stopped, storing each page, until the list
/// ends or the budget does.
async fn list_releases(
    library: &Library,
    user_id: i64,
    artist: ArtistToGather,
    budget: usize,
    report: &mut GatherReport,
) -> Result<(), SyncError> {
    let spotify = &library.spotify;
    let mut link = artist.next_page;
    while report.requests < budget {
        report.requests += 1;
        let answer = match link {
            None => {
                library.gate.pass_background(spotify.artist_albums(user_id, &artist.artist_id, &GROUPS)).await.map(Some)
            }
            Some(next) => library.gate.pass_background(spotify.next_page(user_id, &page_linking_to(next))).await,
        };
        let page = match answer {
            Ok(Some(page)) => page,
            // An artist Spotify no longer knows has no releases to read.
            Ok(None) | Err(ApiError::NotFound { .. }) => {
                retrying(|| gathering::record_releases_page(&library.pool, &artist.artist_id, 0, &[], None)).await?;
                return Ok(());
            }
            Err(error) => return Err(error.into()),
        };
        report.pages += 1;
        let albums: Vec<String> = page.items.iter().filter_map(|album| album.id.clone()).collect();
        let offset = i32::try_from(page.offset).unwrap_or(i32::MAX);
        let next = page.next.as_deref();
        retrying(|| gathering::record_releases_page(&library.pool, &artist.artist_id, offset, &albums, next)).await?;
        link = page.next;
        if link.is_none() {
            return Ok(());
        }
    }
    Ok(())
}

/// A stand-in for the page a stored link was taken from: the client follows a page's `next` link.
fn page_linking_to(next: String) -> Page<SimplifiedAlbum> {
    Page { href: None, limit: 0, next: Some(next), offset: 0, previous: None, total: 0, items: Vec::new() }
}

/// Reads release `album_id` with every page of its tracks and writes it; one Spotify no longer knows is marked
/// read.
async fn read_release(
    library: &Library,
    user_id: i64,
    album_id: &str,
    report: &mut GatherReport,
) -> Result<(), SyncError> {
    let spotify = &library.spotify;
    report.requests += 1;
    let mut album = match library.gate.pass_background(spotify.album(user_id, album_id)).await {
        Ok(album) => album,
        Err(ApiError::NotFound { .. }) => {
            retrying(|| gathering::release_gone(&library.pool, album_id)).await?;
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    let mut tracks = Vec::new();
    let mut page = album.tracks.take();
    while let Some(mut current) = page {
        tracks.append(&mut current.items);
        page = match current.next {
            None => None,
            Some(_) => {
                report.requests += 1;
                library.gate.pass_background(spotify.next_page(user_id, &current)).await?
            }
        };
    }
    let written = retrying(|| gathering::write_release(&library.pool, album_id, &album, &tracks)).await?;
    report.releases += 1;
    report.tracks += written;
    Ok(())
}

/// Queues a run for `user_id`'s most-played artists, collapsing into a queued one.
pub async fn request_gathering(queue: &Queue, user_id: i64) -> Result<JobId, JobsError> {
    let job = NewJob::new(GATHER_ARTIST_ALBUMS, serde_json::Value::Null)
        .with_user(user_id)
        .with_dedupe_key(format!("gathering:user:{user_id}"))
        .with_exclusive_key(GATHER_ARTIST_ALBUMS);
    queue.enqueue(job).await
}

/// The job: one run within [`REQUESTS_PER_RUN`], then the next queued, or the retry at Spotify's time.
pub async fn run_gathering(library: &Library, queue: &Queue, setups: &[ProviderSetup], job: Job) -> JobResult {
    let user_id = job.user_id.ok_or_else(|| JobError::fail("a gathering job names no user"))?;
    let GatherRun { report, outcome } = gather_artist_albums(library, user_id, REQUESTS_PER_RUN).await;
    tracing::info!(
        user_id,
        requests = report.requests,
        pages = report.pages,
        releases = report.releases,
        tracks = report.tracks,
        finished = report.finished,
        "artists' releases gathered"
    );
    if report.tracks > 0 {
        // The new tracks are candidates once enrichment gives them a sound.
        crate::jobs::catalog_moved(library).await;
        crate::jobs::follow_with_enrichment(queue, setups, user_id).await;
    }
    match outcome {
        Ok(()) if report.finished => Ok(()),
        Ok(()) => request_gathering(queue, user_id)
            .await
            .map(drop)
            .map_err(|error| JobError::retry(format!("queueing the next gathering run failed: {error}"))),
        Err(SyncError::Spotify(ApiError::RateLimited { retry_at, .. })) => {
            Err(JobError::retry_at(retry_at, "Spotify rate limit while gathering artists' releases"))
        }
        Err(SyncError::Spotify(ApiError::NeedsSignIn)) => Err(JobError::fail("the user must sign in again")),
        Err(error) => {
            tracing::warn!(job = %job.id, attempt = job.attempt, error = ?error, "gathering attempt failed");
            Err(JobError::retry(error.to_string()))
        }
    }
}
