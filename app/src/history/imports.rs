//! The signed-in user's history imports as the History page lists them.

use crossfade_domain::ImportState;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::moment::Moment;

/// One uploaded file and how its import went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub file_name: String,
    pub phase: ImportState,
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

/// What the History page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryView {
    /// Newest first.
    pub imports: Vec<ImportView>,
    /// In demo mode, where the sandbox hands out this user's made-up streaming history.
    pub demo_export: Option<String>,
}

/// The signed-in user's imports, and in demo mode where to get an export. Open to everyone: a visitor gets `None`
/// (signed out).
#[server(prefix = "/api", endpoint = "history_imports")]
pub async fn history_imports() -> Result<Option<HistoryView>, AppError> {
    use crossfade_store::plays::list_imports;
    crate::account::for_viewer("history_imports", |viewer| async move {
        let failed = |error: crossfade_store::StoreError| crate::error::internal("reading the imports failed", &error);
        let pool = expect_context::<sqlx::PgPool>();
        let imports = list_imports(&pool, viewer.user_id).await.map_err(failed)?;
        let demo_export = match use_context::<crate::SignInMode>() {
            Some(crate::SignInMode::Demo { sandbox_url, .. }) => {
                Some(format!("{sandbox_url}sandbox/users/{}/streaming-history.json", viewer.spotify_user_id))
            }
            _ => None,
        };
        Ok(HistoryView { imports: imports.into_iter().map(import_view).collect(), demo_export })
    })
    .await
}

#[cfg(feature = "ssr")]
fn import_view(import: crossfade_store::plays::HistoryImport) -> ImportView {
    ImportView {
        phase: import.state,
        read_per_mille: (import.bytes_read.saturating_mul(1000) / import.byte_size.max(1)).clamp(0, 1000),
        file_name: import.file_name,
        plays_read: import.plays_read,
        plays_added: import.plays_added,
        episodes_added: import.episodes_added,
        duplicates: import.duplicates,
        other_records: import.other_records,
        error: import.error,
        uploaded: Moment::at(import.created_at),
    }
}
