//! The signed-in user's library sync as the Sync page shows it, in plain words, and the "Sync now" request.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::moment::Moment;

/// Where the sync stands, for the page's heading and whether it keeps refreshing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// No sync has run yet and none is queued.
    NeverSynced,
    /// A sync is queued and due: a worker will pick it up within seconds.
    Starting,
    Running,
    /// Rate-limited by Spotify; resumes at the time given.
    Waiting,
    /// The last attempt failed; another is scheduled.
    Failed,
    /// Spotify refused the stored sign-in.
    NeedsSignIn,
    Idle,
}

impl Phase {
    /// Whether the page should keep looking for news.
    pub fn is_active(self) -> bool {
        matches!(self, Phase::Starting | Phase::Running)
    }
}

/// One collection's progress bar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionProgress {
    pub label: String,
    pub done: i32,
    pub total: i32,
    pub finished: bool,
}

/// Everything the Sync page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncView {
    pub phase: Phase,
    /// The step running now, in words.
    pub step: Option<String>,
    pub collections: Vec<CollectionProgress>,
    pub last_success: Option<Moment>,
    pub next_run: Option<Moment>,
    /// What went wrong and what happens next, in words.
    pub problem: Option<String>,
    pub lookups: CatalogLookups,
}

/// What the background lookups still have to read from Spotify: tracks only the listening history names, and
/// albums and artists known only by name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogLookups {
    pub tracks: i64,
    pub albums: i64,
    pub artists: i64,
}

/// The signed-in user's sync. Open to everyone: a visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "sync_status")]
pub async fn sync_status() -> Result<Option<SyncView>, AppError> {
    crate::account::for_viewer("sync_status", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let queue = expect_context::<crossfade_jobs::Queue>();
        super::server::view_of(&pool, &queue, viewer.user_id)
            .await
            .map_err(|error| crate::error::internal("reading the sync status failed", &error))
    })
    .await
}

/// Queues a sync of the signed-in user's library now (collapsing into one already queued). Requires sign-in.
#[server(prefix = "/api", endpoint = "sync_now")]
pub async fn sync_now() -> Result<(), AppError> {
    use crossfade_library::jobs::request_sync;
    use crossfade_library::sync::SyncKind;
    let viewer = crate::account::require_viewer()?;
    let queue = expect_context::<crossfade_jobs::Queue>();
    request_sync(&queue, viewer.user_id, SyncKind::Incremental)
        .await
        .map_err(|error| crate::error::internal("queueing a sync failed", &error))?;
    Ok(())
}
