//! Timing an import of a generated export, for the benchmark and the tests: how fast a large history goes in.

use std::path::Path;
use std::time::{Duration, Instant};

use crossfade_history::write_export_zip;
use sqlx::PgPool;

use super::import::{ImportHistoryError, import_history};
use super::imports::{ImportCounts, create_import};
use crate::StoreError;

/// One timed import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportTiming {
    /// Records read, of any kind.
    pub plays: u64,
    /// From starting the import to its commit; generating the export is not counted.
    pub elapsed: Duration,
    pub counts: ImportCounts,
}

/// Why a timed import failed.
#[derive(Debug, thiserror::Error)]
pub enum TimedImportError {
    #[error("the generated export could not be written")]
    Write(#[from] std::io::Error),
    #[error("the export writer stopped")]
    Writer(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] ImportHistoryError),
}

/// Generates an export of `plays` plays from `seed` in the folder `scratch`, imports it for `user_id` (who must
/// exist), and reports how long the import took. The export file is removed afterwards.
pub async fn time_generated_import(
    pool: &PgPool,
    user_id: i64,
    plays: usize,
    seed: u64,
    scratch: &Path,
) -> Result<ImportTiming, TimedImportError> {
    let path = scratch.join(format!("generated-history-{plays}-{seed}.zip"));
    let written = path.clone();
    tokio::task::spawn_blocking(move || write_export_zip(std::fs::File::create(written)?, plays, seed)).await??;
    let byte_size = i64::try_from(std::fs::metadata(&path)?.len()).unwrap_or(i64::MAX);
    let import_id = create_import(pool, user_id, "my_spotify_data.zip", byte_size).await?;
    let started = Instant::now();
    let imported = import_history(pool, user_id, import_id, &path).await;
    let elapsed = started.elapsed();
    std::fs::remove_file(&path)?;
    let counts = imported?;
    Ok(ImportTiming { plays: u64::try_from(counts.plays_read).unwrap_or(0), elapsed, counts })
}
