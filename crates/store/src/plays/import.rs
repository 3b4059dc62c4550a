//! Running one history import: the export is read on a blocking thread and its records, encoded for COPY, flow in
//! batches through a bounded channel into a staging table, so memory stays bounded whatever the export's size. The
//! whole import is one transaction, with a statement timeout and a temporary-file limit of its own; progress is
//! written meanwhile from other connections, throttled.

use std::mem;
use std::path::Path;
use std::sync::Once;
use std::time::Duration;

use crossfade_history::{ImportError, Limits, Progress, Summary, read_export};
use sqlx::{Acquire as _, PgConnection, PgPool};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::imports::{ImportCounts, fail_import, finish_import, record_progress, start_import};
use super::{merge, staging};
use crate::StoreError;

/// Bytes of COPY data sent at a time, and batches that may wait in the channel: together the memory an import
/// holds between the reader and the database.
const BATCH_BYTES: usize = 256 * 1024;
const BATCHES_IN_FLIGHT: usize = 8;
/// Progress is written at most this often.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);

/// How long one statement of the import may run. The pool's default is meant for page reads; the COPY lasts as
/// long as reading the whole export, and merging a multi-million-record export takes minutes.
const STATEMENT_TIMEOUT: &str = "30min";
/// How much temporary disk the import's sorts and hashes may use, so a huge merge fails instead of filling the
/// database's disk.
const TEMP_FILE_LIMIT: &str = "4GB";
/// PostgreSQL's SQLSTATE for a permission refused, as for setting a superuser-only parameter.
const INSUFFICIENT_PRIVILEGE: &str = "42501";

/// What the user reads when the import failed for a reason that is not in their file.
pub const INTERNAL_FAILURE: &str = "The import could not be saved. Please try again later.";

/// Why an import did not finish.
#[derive(Debug, thiserror::Error)]
pub enum ImportHistoryError {
    /// There is no queued import with this id for this user: it ran already, or never existed.
    #[error("import {0} is not waiting to run")]
    NotQueued(i64),
    /// The export is at fault; the message, naming the file and record, is stored with the import.
    #[error("{0}")]
    Export(String),
    #[error("the import could not be saved")]
    Store(#[from] StoreError),
    /// The reading thread panicked or was cancelled.
    #[error("the export reader stopped")]
    Reader(#[from] tokio::task::JoinError),
}

/// The channel to the database closed: the database side already failed, and its error is the one reported.
#[derive(Debug, thiserror::Error)]
#[error("the database stopped taking records")]
struct Stopped;

/// Imports the export stored at `export` for the queued import `import_id`: every song and episode play in it is
/// added to the user's plays in one transaction, and the import row ends 'done' with its counts or 'failed' with
/// the reason. Importing the same plays again adds nothing. Blocking reads run on tokio's blocking pool.
pub async fn import_history(
    pool: &PgPool,
    user_id: i64,
    import_id: i64,
    export: &Path,
) -> Result<ImportCounts, ImportHistoryError> {
    let Some(file_name) = start_import(pool, user_id, import_id).await? else {
        return Err(ImportHistoryError::NotQueued(import_id));
    };
    let (batches, received) = mpsc::channel(BATCHES_IN_FLIGHT);
    let (progress, watched) = watch::channel(Progress::default());
    let path = export.to_owned();
    let reader = tokio::task::spawn_blocking(move || read_into_batches(&path, &file_name, batches, progress));
    let reporter = tokio::spawn(report_progress(pool.clone(), user_id, import_id, watched));
    let outcome = store(pool, user_id, import_id, received, reader, reporter).await;
    if let Err(error) = &outcome {
        let message = match error {
            ImportHistoryError::Export(message) => message.as_str(),
            _ => INTERNAL_FAILURE,
        };
        if let Err(marking) = fail_import(pool, user_id, import_id, message).await {
            // The import's own error is the one returned; this one only leaves the row saying 'importing'.
            tracing::error!(import_id, error = &marking as &dyn std::error::Error, "failed import not marked failed");
        }
    }
    outcome
}

/// Reads the export, encoding records into COPY batches for the channel and publishing progress.
fn read_into_batches(
    path: &Path,
    file_name: &str,
    batches: mpsc::Sender<Vec<u8>>,
    progress: watch::Sender<Progress>,
) -> Result<Summary, ImportError<Stopped>> {
    let mut batch = Vec::with_capacity(BATCH_BYTES);
    let summary = read_export(
        path,
        file_name,
        Limits::default(),
        |record| {
            staging::encode(&record, &mut batch);
            if batch.len() >= BATCH_BYTES {
                batches
                    .blocking_send(mem::replace(&mut batch, Vec::with_capacity(BATCH_BYTES)))
                    .map_err(|_| Stopped)?;
            }
            Ok(())
        },
        |report| {
            progress.send_replace(report);
        },
    )?;
    if !batch.is_empty() {
        batches.blocking_send(batch).map_err(|_| ImportError::Sink(Stopped))?;
    }
    Ok(summary)
}

/// Writes progress as it changes, at most every [`PROGRESS_INTERVAL`], until the reader is done.
async fn report_progress(pool: PgPool, user_id: i64, import_id: i64, mut watched: watch::Receiver<Progress>) {
    while watched.changed().await.is_ok() {
        let report = *watched.borrow_and_update();
        let written =
            record_progress(&pool, user_id, import_id, count(report.bytes_read), count(report.records_read)).await;
        if let Err(error) = written {
            // Progress is a courtesy: the import goes on, and its outcome is written either way.
            tracing::warn!(import_id, error = &error as &dyn std::error::Error, "import progress not written");
        }
        tokio::time::sleep(PROGRESS_INTERVAL).await;
    }
}

/// Copies the batches into the staging table and merges them, in one transaction that also marks the import done.
async fn store(
    pool: &PgPool,
    user_id: i64,
    import_id: i64,
    mut received: mpsc::Receiver<Vec<u8>>,
    reader: JoinHandle<Result<Summary, ImportError<Stopped>>>,
    reporter: JoinHandle<()>,
) -> Result<ImportCounts, ImportHistoryError> {
    let mut transaction = pool.begin().await.map_err(StoreError::from)?;
    limit_import_transaction(&mut transaction).await?;
    sqlx::query(staging::CREATE).execute(&mut *transaction).await.map_err(StoreError::from)?;
    let mut copy = transaction.copy_in_raw(staging::COPY).await.map_err(StoreError::from)?;
    while let Some(batch) = received.recv().await {
        copy.send(batch).await.map_err(StoreError::from)?;
    }
    // The channel closed: the reader is done, one way or the other.
    let summary = match reader.await? {
        Ok(summary) => summary,
        Err(error) => {
            if let Err(aborting) = copy.abort("the export is malformed").await {
                // The transaction is rolled back when dropped either way; the export's error is the one to report.
                tracing::debug!(import_id, error = &aborting as &dyn std::error::Error, "copy not aborted cleanly");
            }
            return Err(ImportHistoryError::Export(error.to_string()));
        }
    };
    copy.finish().await.map_err(StoreError::from)?;
    let merged = merge::merge(&mut transaction, user_id).await.map_err(StoreError::from)?;
    // The reporter stops once the reader has; waiting for it keeps its last write from racing the final one.
    reporter.await?;
    let staged = summary.songs + summary.episodes;
    let counts = ImportCounts {
        plays_read: count(summary.records()),
        plays_added: count(merged.plays_added),
        episodes_added: count(merged.episodes_added),
        duplicates: count(staged.saturating_sub(merged.plays_added + merged.episodes_added)),
        upgraded: count(merged.upgraded),
        other_records: count(summary.other),
    };
    finish_import(&mut *transaction, user_id, import_id, &counts).await?;
    transaction.commit().await.map_err(StoreError::from)?;
    Ok(counts)
}

/// Gives the import's transaction its own statement timeout and temporary-file limit (both end with it).
/// Only a superuser, or a role granted `SET` on it, may change `temp_file_limit`: when refused, the import goes on
/// under the server's own limit, and the first refusal is logged. The attempt runs in a savepoint, so a refusal
/// leaves the transaction usable.
async fn limit_import_transaction(connection: &mut PgConnection) -> Result<(), StoreError> {
    static REFUSAL_LOGGED: Once = Once::new();
    sqlx::query!("SELECT set_config('statement_timeout', $1, true)", STATEMENT_TIMEOUT)
        .fetch_one(&mut *connection)
        .await?;
    let mut savepoint = connection.begin().await?;
    let limited = sqlx::query!("SELECT set_config('temp_file_limit', $1, true)", TEMP_FILE_LIMIT)
        .fetch_one(&mut *savepoint)
        .await;
    match limited {
        Ok(_) => savepoint.commit().await?,
        Err(error) if is_insufficient_privilege(&error) => {
            savepoint.rollback().await?;
            REFUSAL_LOGGED.call_once(|| {
                tracing::warn!(
                    error = &error as &dyn std::error::Error,
                    "history imports run without their own temp_file_limit: the database role may not set it \
                     (GRANT SET ON PARAMETER temp_file_limit TO the role to allow it)"
                );
            });
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}

fn is_insufficient_privilege(error: &sqlx::Error) -> bool {
    error.as_database_error().and_then(|error| error.code()).as_deref() == Some(INSUFFICIENT_PRIVILEGE)
}

/// A count for a bigint column; counts of records in one upload are far below its limit.
fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
