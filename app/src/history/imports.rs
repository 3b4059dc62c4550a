//! The signed-in user's history imports as the History page lists them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::library::dto::Moment;

/// Where an import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportPhase {
    Queued,
    Importing,
    Done,
    Failed,
}

/// One uploaded file and how its import went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub file_name: String,
    pub phase: ImportPhase,
    /// Per mille of the file read, for the progress bar.
    pub read_per_mille: i64,
    pub plays_read: i64,
    pub plays_added: i64,
    pub episodes_added: i64,
    pub duplicates: i64,
    pub other_records: i64,
    /// Why it failed, naming the file and the record at fault.
    pub error: Option<String>,
    pub uploaded: Moment,
}

/// The signed-in user's imports, newest first. Requires sign-in.
#[server(prefix = "/api", endpoint = "history_imports")]
pub async fn history_imports() -> Result<Vec<ImportView>, AppError> {
    use crossfade_store::plays::{ImportState, list_imports};
    let viewer = crate::account::require_viewer()?;
    let pool = expect_context::<sqlx::PgPool>();
    let imports = list_imports(&pool, viewer.user_id).await.map_err(crate::library::server::internal)?;
    Ok(imports
        .into_iter()
        .map(|import| ImportView {
            phase: match import.state {
                ImportState::Queued => ImportPhase::Queued,
                ImportState::Importing => ImportPhase::Importing,
                ImportState::Done => ImportPhase::Done,
                ImportState::Failed => ImportPhase::Failed,
            },
            read_per_mille: (import.bytes_read.saturating_mul(1000) / import.byte_size.max(1)).clamp(0, 1000),
            file_name: import.file_name,
            plays_read: import.plays_read,
            plays_added: import.plays_added,
            episodes_added: import.episodes_added,
            duplicates: import.duplicates,
            other_records: import.other_records,
            error: import.error,
            uploaded: crate::library::server::moment(import.created_at),
        })
        .collect())
}
