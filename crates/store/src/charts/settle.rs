//! Settling an entry matching left unmatched: a person says which recording it is (the one proposed, one found by its
//! words, or a recording of its own), and the genre's merged charts that count its chart are written again.

use crossfade_domain::{ChartEntry, ChartService, Day, Isrc, KnownRecording};
use sqlx::PgPool;

use super::merged::rebuild_merged;
use super::{day_from, move_charts_version, service_of};
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

/// A chart entry as the page that settles it shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredChartEntry {
    pub service: ChartService,
    pub genre_code: String,
    pub day: Day,
    /// The entry as the chart listed it.
    pub entry: ChartEntry,
    /// The recording it is tied to, if it has been settled meanwhile.
    pub recording_id: Option<i64>,
}

/// Entry `position` of chart `chart_id`, if there is one.
pub async fn chart_entry(pool: &PgPool, chart_id: i64, position: i32) -> Result<Option<StoredChartEntry>, StoreError> {
    let row = sqlx::query!(
        "SELECT e.title, e.artists, e.duration_ms, e.recording_id, c.service, c.genre_code, c.day
         FROM chart_entries e JOIN charts c ON c.id = e.chart_id WHERE e.chart_id = $1 AND e.position = $2",
        chart_id,
        position,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|row| {
        let mut entry = ChartEntry::new(u32::try_from(position).ok()?, row.title, row.artists);
        entry.duration_ms = row.duration_ms.and_then(|ms| u32::try_from(ms).ok());
        Some(StoredChartEntry {
            service: service_of(&row.service),
            genre_code: row.genre_code,
            day: day_from(row.day),
            entry,
            recording_id: row.recording_id,
        })
    }))
}

/// A recording found by its words, with how many chart entries are tied to it and the genres of their charts.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundRecording {
    pub recording: KnownRecording<i64>,
    pub entries: i64,
    pub genres: Vec<String>,
}

/// Recordings whose title and artists together hold every one of `words` (ignoring case), the most charted first, at
/// most `limit`.
pub async fn find_recordings(pool: &PgPool, words: &[String], limit: i64) -> Result<Vec<FoundRecording>, StoreError> {
    // Each word is looked for as it is written: LIKE's wildcards in it are plain characters.
    let patterns: Vec<String> = words
        .iter()
        .map(|word| format!("%{}%", word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
        .collect();
    let rows = sqlx::query!(
        r#"SELECT r.id, r.title, r.artists, r.duration_ms,
                  ARRAY(SELECT i.isrc FROM recording_isrcs i WHERE i.recording_id = r.id ORDER BY i.isrc) AS "isrcs!",
                  (SELECT count(*) FROM chart_entries e WHERE e.recording_id = r.id) AS "entries!",
                  ARRAY(SELECT g.name FROM chart_genres g
                        WHERE EXISTS (SELECT 1 FROM chart_entries e JOIN charts c ON c.id = e.chart_id
                                      WHERE e.recording_id = r.id AND c.genre_code = g.code)
                        ORDER BY g.shown_order) AS "genres!"
           FROM recordings r
           WHERE cardinality($1::text[]) > 0
             AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS p (pattern)
                             WHERE (r.title || ' ' || r.artists) NOT ILIKE p.pattern)
           ORDER BY 6 DESC, r.id
           LIMIT $2"#,
        &patterns,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| FoundRecording {
            recording: KnownRecording {
                recording: row.id,
                title: row.title,
                artists: row.artists,
                duration_ms: row.duration_ms.and_then(|ms| u32::try_from(ms).ok()),
                isrcs: row.isrcs.iter().filter_map(|isrc| Isrc::parse(isrc).ok()).collect(),
            },
            entries: row.entries,
            genres: row.genres,
        })
        .collect())
}
