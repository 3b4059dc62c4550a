//! Reading the sync's state for the page: the status row and progress the sync writes, and the queue's view of the
//! next and the running job.

use crossfade_domain::SyncProblem;
use crossfade_jobs::{JobsError, Queue};
use crossfade_library::jobs::sync_key;
use crossfade_store::StoreError;
use crossfade_store::mirror::lookups;
use crossfade_store::mirror::status::{self, SyncOverview, SyncState};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::status::{CatalogLookups, CollectionProgress, Phase, SyncView};
use crate::moment::Moment;

/// Why the state could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error("reading the sync status failed")]
    Store(#[from] StoreError),
    #[error("reading the job queue failed")]
    Queue(#[from] JobsError),
}

pub async fn view_of(pool: &PgPool, queue: &Queue, user_id: i64) -> Result<SyncView, ViewError> {
    let overview = status::overview(pool, user_id).await?;
    let key = sync_key(user_id);
    let running = queue.running(&key).await?.is_some();
    let queued = queue.queued(&key).await?;
    let next_run = queued.as_ref().map(|job| job.run_at);
    let due = next_run.is_some_and(|at| at <= OffsetDateTime::now_utc());
    let outstanding = lookups::outstanding(pool, user_id).await?;
    let lookups =
        CatalogLookups { tracks: outstanding.tracks, albums: outstanding.albums, artists: outstanding.artists };
    let Some(overview) = overview else {
        let phase = if queued.is_some() || running { Phase::Starting } else { Phase::NeverSynced };
        return Ok(SyncView {
            phase,
            step: None,
            collections: Vec::new(),
            last_success: None,
            next_run: next_run.map(Moment::at),
            problem: None,
            lookups,
        });
    };
    let phase = match overview.state {
        SyncState::Running if running => Phase::Running,
        _ if running || due => Phase::Starting,
        SyncState::Running | SyncState::Idle => Phase::Idle,
        SyncState::Waiting => Phase::Waiting,
        SyncState::Failed => Phase::Failed,
        SyncState::NeedsSignIn => Phase::NeedsSignIn,
    };
    let problem = problem_words(&overview, phase, next_run);
    let collections = ordered(&overview);
    // Collections are read side by side: the step shown is the first one not finished yet.
    let step = collections.iter().find(|c| !c.finished).filter(|_| phase == Phase::Running).map(|c| c.label.clone());
    Ok(SyncView {
        phase,
        step,
        collections,
        last_success: overview.last_success_at.map(Moment::at),
        next_run: next_run.map(Moment::at),
        problem,
        lookups,
    })
}

/// The collections in the order the sync runs them.
fn ordered(overview: &SyncOverview) -> Vec<CollectionProgress> {
    overview
        .progress
        .iter()
        .map(|p| CollectionProgress {
            label: p.collection.label().to_owned(),
            done: p.done,
            total: p.total,
            finished: p.finished,
        })
        .collect()
}

fn problem_words(overview: &SyncOverview, phase: Phase, next_run: Option<OffsetDateTime>) -> Option<String> {
    let then = |at: Option<OffsetDateTime>| at.map(|at| Moment::at(at).shown);
    let retry = match then(next_run) {
        Some(at) => format!("we will try again at {at}."),
        None => "we will try again at the next scheduled sync.".to_owned(),
    };
    if !matches!(phase, Phase::Waiting | Phase::Failed | Phase::NeedsSignIn) {
        return None;
    }
    Some(match overview.problem {
        Some(SyncProblem::RateLimited) => format!(
            "Spotify asked us to wait until {}; the sync will resume then.",
            then(overview.retry_at.or(next_run)).unwrap_or_else(|| "later".to_owned())
        ),
        Some(SyncProblem::QuotaExceeded) => format!(
            "This app has used up its Spotify request quota until {}; the sync will resume then.",
            then(overview.retry_at.or(next_run)).unwrap_or_else(|| "later".to_owned())
        ),
        Some(SyncProblem::NeedsSignIn) => {
            "Spotify no longer accepts your sign-in, so your library cannot be synced. Sign \
                                  in again to resume."
                .to_owned()
        }
        Some(SyncProblem::SpotifyUnavailable) => format!("Spotify did not answer properly; {retry}"),
        Some(SyncProblem::SpotifyRefused) => format!("Spotify refused to share part of your library; {retry}"),
        Some(SyncProblem::Internal) | None => format!("Something went wrong on our side; {retry}"),
    })
}
