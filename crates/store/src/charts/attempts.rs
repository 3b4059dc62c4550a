//! The chart files a user brought: each import, stored or refused, for the import page's list.

use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// What became of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// Stored as chart `chart_id` (None once the chart was deleted), with its counts.
    Stored { chart_id: Option<i64>, entries: i32, matched: i32, new_recordings: i32, unmatched: i32 },
    /// Refused, in the reader's words (which name only the file's own contents).
    Refused(String),
}

/// One file a user brought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportAttempt {
    pub id: i64,
    pub genre_code: String,
    pub file_name: String,
    pub created_at: OffsetDateTime,
    pub outcome: AttemptOutcome,
}

/// Keeps what became of `file_name`, brought by `user_id` for `genre_code`; returns the attempt's id.
pub async fn record_attempt(
    pool: &PgPool,
    user_id: i64,
    genre_code: &str,
    file_name: &str,
    outcome: &AttemptOutcome,
) -> Result<i64, StoreError> {
    let (chart_id, refusal, counts) = match outcome {
        AttemptOutcome::Stored { chart_id, entries, matched, new_recordings, unmatched } => {
            (*chart_id, None, Some((*entries, *matched, *new_recordings, *unmatched)))
        }
        AttemptOutcome::Refused(words) => (None, Some(words.chars().take(1000).collect::<String>()), None),
    };
    let file_name: String = file_name.chars().take(300).collect();
    Ok(sqlx::query_scalar!(
        "INSERT INTO chart_imports (user_id, genre_code, file_name, chart_id, refusal, entries, matched,
                                    new_recordings, unmatched)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        user_id,
        genre_code,
        file_name,
        chart_id,
        refusal,
        counts.map(|counts| counts.0),
        counts.map(|counts| counts.1),
        counts.map(|counts| counts.2),
        counts.map(|counts| counts.3),
    )
    .fetch_one(pool)
    .await?)
}

/// `user_id`'s latest `limit` files, newest first.
pub async fn import_attempts(pool: &PgPool, user_id: i64, limit: i64) -> Result<Vec<ImportAttempt>, StoreError> {
    let rows = sqlx::query!(
        "SELECT id, genre_code, file_name, created_at, chart_id, refusal, entries, matched, new_recordings, unmatched
         FROM chart_imports WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
        user_id,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ImportAttempt {
            id: row.id,
            genre_code: row.genre_code,
            file_name: row.file_name,
            created_at: row.created_at,
            outcome: match (row.refusal, row.entries) {
                (Some(words), _) => AttemptOutcome::Refused(words),
                (None, entries) => AttemptOutcome::Stored {
                    chart_id: row.chart_id,
                    entries: entries.unwrap_or(0),
                    matched: row.matched.unwrap_or(0),
                    new_recordings: row.new_recordings.unwrap_or(0),
                    unmatched: row.unmatched.unwrap_or(0),
                },
            },
        })
        .collect())
}
