//! What a sync or an import can fail with, and how a job reacts to each.

use crossfade_spotify::ApiError;
use crossfade_store::StoreError;

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("Spotify call failed")]
    Spotify(#[from] ApiError),
    #[error("the mirror could not be written")]
    Store(#[from] StoreError),
    #[error("a sync task stopped unexpectedly")]
    Task(#[from] tokio::task::JoinError),
}

impl From<sqlx::Error> for SyncError {
    fn from(error: sqlx::Error) -> Self {
        SyncError::Store(StoreError::Database(error))
    }
}
