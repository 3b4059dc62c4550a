//! Collections are written side by side (and other users' syncs write at the same time), and they upsert the same
//! shared catalog rows: an artist on a liked song and in a top list. PostgreSQL breaks a lock cycle between two such
//! transactions by aborting one of them; that write is simply run again, since each is one whole transaction.

use std::time::Duration;

use crossfade_store::StoreError;

/// How often a write aborted by a deadlock or a serialization failure is run again.
const ATTEMPTS: u32 = 5;

/// Runs `write` until it succeeds, fails for another reason, or lost to a lock cycle `ATTEMPTS` times.
pub(crate) async fn retrying<T, Write, Written>(mut write: Write) -> Result<T, StoreError>
where
    Write: FnMut() -> Written,
    Written: Future<Output = Result<T, StoreError>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(error) if attempt < ATTEMPTS && lost_a_lock_cycle(&error) => {
                tracing::debug!(attempt, "a mirror write lost a lock cycle; running it again");
                tokio::time::sleep(Duration::from_millis(5 * u64::from(attempt))).await;
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

fn lost_a_lock_cycle(error: &StoreError) -> bool {
    match error {
        // 40P01 deadlock_detected, 40001 serialization_failure.
        StoreError::Database(sqlx::Error::Database(error)) => {
            matches!(error.code().as_deref(), Some("40P01" | "40001"))
        }
        _ => false,
    }
}
