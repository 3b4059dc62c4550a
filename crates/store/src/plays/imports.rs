//! The record of each uploaded streaming-history export: queued when uploaded, importing while read (with
//! progress), then done with its counts or failed with the reason. Every query made on a person's behalf is scoped
//! by their id; only the start-up upkeep of waiting uploads spans all users.

use crossfade_domain::ImportState;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;

use super::import::INTERNAL_FAILURE;
use crate::StoreError;

/// One upload and how its import went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryImport {
    pub id: i64,
    pub file_name: String,
    pub byte_size: i64,
    pub state: ImportState,
    /// Bytes of the upload read so far (compressed bytes for a zip): with `byte_size`, the progress bar.
    pub bytes_read: i64,
    /// Records read so far, of any kind.
    pub plays_read: i64,
    pub plays_added: i64,
    pub episodes_added: i64,
    /// Plays that were already stored (imported before, or seen by recently played).
    pub duplicates: i64,
    /// Audiobook chapters and records that name nothing: counted, not kept.
    pub other_records: i64,
    /// Why it failed, naming the file and record at fault; shown as is.
    pub error: Option<String>,
    pub created_at: OffsetDateTime,
    pub started_at: Option<OffsetDateTime>,
    pub finished_at: Option<OffsetDateTime>,
}

/// The outcome of a finished import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Records read, of any kind.
    pub plays_read: i64,
    pub plays_added: i64,
    pub episodes_added: i64,
    /// Plays and episodes already stored, including those upgraded.
    pub duplicates: i64,
    /// Plays recently played had reported, now completed with the history's details.
    pub upgraded: i64,
    pub other_records: i64,
}

/// Records an upload waiting to be imported; returns its id. Takes any executor, so the upload can record it in the
/// transaction that queues its job: an import is never recorded without one.
pub async fn create_import<'e>(
    executor: impl PgExecutor<'e>,
    user_id: i64,
    file_name: &str,
    byte_size: i64,
) -> Result<i64, StoreError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO history_imports (user_id, file_name, byte_size) VALUES ($1, $2, $3) RETURNING id",
        user_id,
        file_name,
        byte_size,
    )
    .fetch_one(executor)
    .await?;
    Ok(id)
}

/// Marks a queued import as running; returns the file name it was uploaded under, or None when there is no such
/// queued import for this user (so an import runs at most once).
pub async fn start_import(pool: &PgPool, user_id: i64, import_id: i64) -> Result<Option<String>, StoreError> {
    let file_name = sqlx::query_scalar!(
        "UPDATE history_imports SET state = 'importing', started_at = now()
         WHERE id = $1 AND user_id = $2 AND state = 'queued'
         RETURNING file_name",
        import_id,
        user_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(file_name)
}

/// Records how far a running import has read.
pub async fn record_progress(
    pool: &PgPool,
    user_id: i64,
    import_id: i64,
    bytes_read: i64,
    plays_read: i64,
) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE history_imports SET bytes_read = $3, plays_read = $4
         WHERE id = $1 AND user_id = $2 AND state = 'importing'",
        import_id,
        user_id,
        bytes_read,
        plays_read,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks a running import done with its counts. Takes any executor so the import can do this inside the
/// transaction that stores its plays: both are committed, or neither.
pub async fn finish_import<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    user_id: i64,
    import_id: i64,
    counts: &ImportCounts,
) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE history_imports
         SET state = 'done', finished_at = now(), bytes_read = byte_size, plays_read = $3, plays_added = $4,
             episodes_added = $5, duplicates = $6, other_records = $7
         WHERE id = $1 AND user_id = $2 AND state = 'importing'",
        import_id,
        user_id,
        counts.plays_read,
        counts.plays_added,
        counts.episodes_added,
        counts.duplicates,
        counts.other_records,
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// Marks a queued or running import failed, with the message the user will read.
pub async fn fail_import(pool: &PgPool, user_id: i64, import_id: i64, message: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE history_imports SET state = 'failed', finished_at = now(), error = $3
         WHERE id = $1 AND user_id = $2 AND state IN ('queued', 'importing')",
        import_id,
        user_id,
        message,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A `history_imports` row as selected.
struct ImportRow {
    id: i64,
    file_name: String,
    byte_size: i64,
    state: String,
    bytes_read: i64,
    plays_read: i64,
    plays_added: i64,
    episodes_added: i64,
    duplicates: i64,
    other_records: i64,
    error: Option<String>,
    created_at: OffsetDateTime,
    started_at: Option<OffsetDateTime>,
    finished_at: Option<OffsetDateTime>,
}

impl From<ImportRow> for HistoryImport {
    fn from(row: ImportRow) -> Self {
        HistoryImport {
            id: row.id,
            file_name: row.file_name,
            byte_size: row.byte_size,
            state: // The table's CHECK allows only the four states.
            ImportState::parse(&row.state).unwrap_or(ImportState::Failed),
            bytes_read: row.bytes_read,
            plays_read: row.plays_read,
            plays_added: row.plays_added,
            episodes_added: row.episodes_added,
            duplicates: row.duplicates,
            other_records: row.other_records,
            error: row.error,
            created_at: row.created_at,
            started_at: row.started_at,
            finished_at: row.finished_at,
        }
    }
}

/// Start-up upkeep of the uploads waiting on disk. These span every user (the upload folder is shared), which is why
/// they are not scoped by one; the server calls them at start-up, never on a person's behalf.
impl HistoryImport {
    /// Marks failed, with [`INTERNAL_FAILURE`], every import waiting ('queued' or 'importing') with no job queued
    /// or running for it: recorded by an upload whose job was never queued, or left by a job that failed for good
    /// before it could say so. Nothing would ever run it. Its job's dedupe key is `job_key_prefix` followed by the
    /// import's id. Answers the ids marked, so their uploads can be removed.
    pub async fn fail_unqueued(pool: &PgPool, job_key_prefix: &str) -> Result<Vec<i64>, StoreError> {
        let ids = sqlx::query_scalar!(
            "UPDATE history_imports i SET state = 'failed', finished_at = now(), error = $1
             WHERE i.state IN ('queued', 'importing')
               AND NOT EXISTS (
                   SELECT 1 FROM jobs j
                   WHERE j.dedupe_key = $2::text || i.id::text AND j.state IN ('queued', 'running')
               )
             RETURNING i.id",
            INTERNAL_FAILURE,
            job_key_prefix,
        )
        .fetch_all(pool)
        .await?;
        Ok(ids)
    }

    /// Of `import_ids`, the imports still waiting ('queued' or 'importing'), whose uploads must stay.
    pub async fn still_waiting(pool: &PgPool, import_ids: &[i64]) -> Result<Vec<i64>, StoreError> {
        let ids = sqlx::query_scalar!(
            "SELECT id FROM history_imports WHERE id = ANY($1) AND state IN ('queued', 'importing') ORDER BY id",
            import_ids,
        )
        .fetch_all(pool)
        .await?;
        Ok(ids)
    }
}

/// The user's imports, newest first.
pub async fn list_imports(pool: &PgPool, user_id: i64) -> Result<Vec<HistoryImport>, StoreError> {
    let rows = sqlx::query_as!(
        ImportRow,
        "SELECT id, file_name, byte_size, state, bytes_read, plays_read, plays_added, episodes_added, duplicates,
                other_records, error, created_at, started_at, finished_at
         FROM history_imports WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
        user_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(HistoryImport::from).collect())
}

/// One of the user's imports; None when it does not exist or belongs to someone else.
pub async fn find_import(pool: &PgPool, user_id: i64, import_id: i64) -> Result<Option<HistoryImport>, StoreError> {
    let row = sqlx::query_as!(
        ImportRow,
        "SELECT id, file_name, byte_size, state, bytes_read, plays_read, plays_added, episodes_added, duplicates,
                other_records, error, created_at, started_at, finished_at
         FROM history_imports WHERE id = $1 AND user_id = $2",
        import_id,
        user_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(HistoryImport::from))
}

/// Puts an import whose worker stopped mid-way ('importing', its transaction rolled back) back in the queue, so the
/// job's next attempt starts it over; answers whether it did. Only the import's own job calls this, and at most one
/// runs at a time, so an 'importing' row at its start is always a dead attempt.
pub async fn requeue_interrupted_import(pool: &PgPool, user_id: i64, import_id: i64) -> Result<bool, StoreError> {
    let requeued = sqlx::query!(
        "UPDATE history_imports SET state = 'queued', started_at = NULL, bytes_read = 0, plays_read = 0
         WHERE id = $1 AND user_id = $2 AND state = 'importing'",
        import_id,
        user_id
    )
    .execute(pool)
    .await?;
    Ok(requeued.rows_affected() > 0)
}
