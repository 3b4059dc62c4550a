//! A library sync: the profile, then liked songs, saved albums, playlists and their entries, followed artists, top
//! lists and recently played side by side, each collection written in its own transaction. The outcome is
//! recorded for the Sync page: done, waiting for Spotify until a time, or failed with a reason.

mod added;
mod pages;
mod personal;
mod playlists;
mod progress;

use std::collections::BTreeMap;

use crossfade_domain::{Collection, SyncProblem};
use crossfade_spotify::ApiError;
use crossfade_store::mirror::status::{self, SyncState};
use serde::{Deserialize, Serialize};

use crate::{Library, SyncError};

/// A first sync reads everything; later ones stop at what the mirror already holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncKind {
    Full,
    #[default]
    Incremental,
}

/// How many entries each collection wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub written: BTreeMap<Collection, usize>,
}

/// Syncs `user_id`'s library and records the outcome for the Sync page.
pub async fn sync_library(library: &Library, user_id: i64, kind: SyncKind) -> Result<SyncReport, SyncError> {
    status::begin(&library.pool, user_id, &Collection::ALL).await?;
    match run(library, user_id, kind).await {
        Ok(report) => {
            status::finish(&library.pool, user_id, SyncState::Idle, None, None).await?;
            Ok(report)
        }
        Err(error) => {
            let (state, problem, retry_at) = outcome_of(&error);
            tracing::warn!(user_id, problem = problem.code(), error = ?error, "library sync stopped");
            status::finish(&library.pool, user_id, state, Some(problem), retry_at).await?;
            Err(error)
        }
    }
}

async fn run(library: &Library, user_id: i64, kind: SyncKind) -> Result<SyncReport, SyncError> {
    let spotify_user_id = personal::profile(library, user_id).await?;
    // The collections are independent: reading them side by side keeps the gate's slots busy while another
    // collection is being written. Each still commits on its own, so a failure in one leaves the others whole.
    let (liked, albums, (lists, entries), followed, top, recent) = tokio::try_join!(
        added::liked_songs(library, user_id, kind),
        added::saved_albums(library, user_id, kind),
        playlists::playlists(library, user_id, &spotify_user_id),
        personal::followed_artists(library, user_id),
        personal::top_lists(library, user_id),
        personal::recently_played(library, user_id),
    )?;
    let written = [
        (Collection::LikedSongs, liked),
        (Collection::SavedAlbums, albums),
        (Collection::Playlists, lists),
        (Collection::PlaylistEntries, entries),
        (Collection::FollowedArtists, followed),
        (Collection::TopItems, top),
        (Collection::RecentlyPlayed, recent),
    ];
    Ok(SyncReport { written: written.into_iter().collect() })
}

/// How a stopped sync is shown: its state, the problem the page words, and when it resumes.
fn outcome_of(error: &SyncError) -> (SyncState, SyncProblem, Option<time::OffsetDateTime>) {
    match error {
        SyncError::Spotify(ApiError::RateLimited { retry_at, quota_exceeded: true }) => {
            (SyncState::Waiting, SyncProblem::QuotaExceeded, Some(*retry_at))
        }
        SyncError::Spotify(ApiError::RateLimited { retry_at, .. }) => {
            (SyncState::Waiting, SyncProblem::RateLimited, Some(*retry_at))
        }
        SyncError::Spotify(ApiError::NeedsSignIn) => (SyncState::NeedsSignIn, SyncProblem::NeedsSignIn, None),
        SyncError::Spotify(ApiError::Unavailable { .. }) => (SyncState::Failed, SyncProblem::SpotifyUnavailable, None),
        SyncError::Spotify(ApiError::Forbidden { .. }) => (SyncState::Failed, SyncProblem::SpotifyRefused, None),
        _ => (SyncState::Failed, SyncProblem::Internal, None),
    }
}
