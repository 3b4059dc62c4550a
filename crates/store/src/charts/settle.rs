//! Settling an entry matching left unmatched: a person says which recording it is (the one proposed, or a recording
//! of its own), and the genre's merged charts that count its chart are written again.

use sqlx::PgPool;

use super::merged::rebuild_merged;
use super::{day_from, move_charts_version};
use crate::StoreError;

/// What a person said an unmatched entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settlement {
    /// This recording (the one proposed, or another).
    Recording(i64),
    /// A recording of its own, made from the entry.
    Own,
}

/// Ties the entry at `position` of chart `chart_id` as `settlement` says, if it is still unmatched; answers whether
/// it was (an entry settled meanwhile, or gone, is left as it is).
pub async fn settle_entry(
    pool: &PgPool,
    chart_id: i64,
    position: i32,
    settlement: Settlement,
) -> Result<bool, StoreError> {
    let mut transaction = pool.begin().await?;
    super::take_chart_writes(&mut transaction).await?;
    let Some(entry) = sqlx::query!(
        r#"SELECT e.title, e.artists, e.duration_ms, c.genre_code, c.day FROM chart_entries e
           JOIN charts c ON c.id = e.chart_id
           WHERE e.chart_id = $1 AND e.position = $2 AND e.recording_id IS NULL
           FOR UPDATE OF e"#,
        chart_id,
        position
    )
    .fetch_optional(&mut *transaction)
    .await?
    else {
        return Ok(false);
    };
    let recording = match settlement {
        Settlement::Recording(recording) => {
            let exists = sqlx::query_scalar!("SELECT id FROM recordings WHERE id = $1", recording)
                .fetch_optional(&mut *transaction)
                .await?;
            let Some(recording) = exists else { return Ok(false) };
            recording
        }
        Settlement::Own => {
            sqlx::query_scalar!(
                "INSERT INTO recordings (title, artists, duration_ms) VALUES ($1, $2, $3) RETURNING id",
                entry.title,
                entry.artists,
                entry.duration_ms.filter(|ms| *ms > 0),
            )
            .fetch_one(&mut *transaction)
            .await?
        }
    };
    sqlx::query!(
        "UPDATE chart_entries SET recording_id = $3, match_method = 'manual', match_confidence = 1,
                                  proposed_recording_id = NULL, proposed_confidence = NULL
         WHERE chart_id = $1 AND position = $2",
        chart_id,
        position,
        recording,
    )
    .execute(&mut *transaction)
    .await?;
    rebuild_merged(&mut transaction, &entry.genre_code, day_from(entry.day)).await?;
    move_charts_version(&mut transaction).await?;
    transaction.commit().await?;
    Ok(true)
}
