//! Matching releases to Spotify, as stored: the tracks a user's ingests brought that wait for a search, each
//! outcome written with the Spotify track it found (into the shared catalog, so the board and the enrichment
//! know it), and an ingest's report of its match rate by method.

use crossfade_domain::{Day, FeedArtist, FeedFormat, FeedTrack, Isrc, Key, MatchMethod, MatchVerdict};
use crossfade_spotify::models::Track;
use sqlx::PgPool;
use sqlx::types::Json;
use time::OffsetDateTime;

use crate::StoreError;
use crate::mirror::catalog::CatalogBatch;

/// A release waiting to be matched, as matching needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingRelease {
    pub id: i64,
    pub track: FeedTrack,
}

/// The tracks `user_id`'s ingests brought that were never looked for on Spotify, oldest first, after `after`.
pub async fn pending_releases(
    pool: &PgPool,
    user_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<PendingRelease>, StoreError> {
    releases_of_user(pool, user_id, Chosen::Pending { after, limit }).await
}

/// Release `id` as matching reads it, if one of `user_id`'s ingests brought it (whatever its match state).
pub async fn release_of_user(pool: &PgPool, user_id: i64, id: i64) -> Result<Option<PendingRelease>, StoreError> {
    Ok(releases_of_user(pool, user_id, Chosen::One(id)).await?.pop())
}

/// Which of a user's releases to read.
enum Chosen {
    Pending { after: i64, limit: i64 },
    One(i64),
}

async fn releases_of_user(pool: &PgPool, user_id: i64, chosen: Chosen) -> Result<Vec<PendingRelease>, StoreError> {
    let (after, limit, one) = match chosen {
        Chosen::Pending { after, limit } => (after, limit, None),
        Chosen::One(id) => (0, 1, Some(id)),
    };
    let rows = sqlx::query!(
        r#"SELECT t.id, t.title, t.mix, t.isrc, t.length_ms, t.release_date, t.bpm, t.key_pitch, t.key_mode,
                  ARRAY(SELECT a.name FROM release_track_artists c JOIN release_artists a ON a.id = c.artist_id
                        WHERE c.release_track_id = t.id AND c.role = 'artist' ORDER BY c.position) AS "artists!",
                  ARRAY(SELECT a.name FROM release_track_artists c JOIN release_artists a ON a.id = c.artist_id
                        WHERE c.release_track_id = t.id AND c.role = 'remixer' ORDER BY c.position) AS "remixers!"
           FROM release_tracks t
           WHERE (($4::bigint IS NULL AND t.match_state = 'pending' AND t.id > $2) OR t.id = $4)
             AND EXISTS (SELECT 1 FROM release_ingest_tracks it JOIN release_ingests i ON i.id = it.ingest_id
                         WHERE it.release_track_id = t.id AND i.user_id = $1)
           ORDER BY t.id
           LIMIT $3"#,
        user_id,
        after,
        limit,
        one,
    )
    .fetch_all(pool)
    .await?;
    let credits = |names: Vec<String>| names.into_iter().map(|name| FeedArtist { beatport_id: None, name }).collect();
    Ok(rows
        .into_iter()
        .map(|row| PendingRelease {
            id: row.id,
            track: FeedTrack {
                beatport_id: None,
                title: row.title,
                mix: row.mix,
                artists: credits(row.artists),
                remixers: credits(row.remixers),
                label: None,
                release: None,
                isrc: row.isrc.as_deref().and_then(|isrc| Isrc::parse(isrc).ok()),
                bpm: row.bpm.map(f64::from),
                key: row
                    .key_pitch
                    .zip(row.key_mode)
                    .and_then(|(pitch, mode)| Key::from_numbers(pitch.into(), mode.into()).ok().flatten()),
                genre: None,
                release_date: row.release_date.and_then(|date| Day::parse(&date.to_string())),
                length_ms: row.length_ms.and_then(|ms| u32::try_from(ms).ok()),
                chart_rank: None,
            },
        })
        .collect())
}

/// The users whose ingests brought releases that were never looked for on Spotify.
pub async fn users_with_pending_releases(pool: &PgPool) -> Result<Vec<i64>, StoreError> {
    let users = sqlx::query_scalar!(
        "SELECT DISTINCT i.user_id FROM release_tracks t
         JOIN release_ingest_tracks it ON it.release_track_id = t.id
         JOIN release_ingests i ON i.id = it.ingest_id
         WHERE t.match_state = 'pending'
         ORDER BY i.user_id"
    )
    .fetch_all(pool)
    .await?;
    Ok(users)
}

/// What looking a release up on Spotify found.
#[derive(Clone, Copy, Debug)]
pub enum MatchOutcome<'a> {
    /// A candidate, accepted or proposed to the user by its verdict (a rejected one is stored as not found).
    Found { track: &'a Track, method: MatchMethod, confidence: f64, verdict: MatchVerdict },
    /// Nothing carried its ISRC and no candidate scored high enough.
    NotFound,
}

/// Stores how release `id` matched, with the Spotify track it found, unless it was settled meanwhile (a match the
/// user picked by hand wins over a search that was still running).
pub async fn record_match(pool: &PgPool, id: i64, outcome: MatchOutcome<'_>) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let (state, method, confidence, track_id) = match outcome {
        MatchOutcome::Found { track, method, confidence, verdict } if verdict != MatchVerdict::Rejected => {
            let mut batch = CatalogBatch::default();
            let track_id = batch.add_track(track);
            batch.write(&mut tx).await?;
            let state = if verdict == MatchVerdict::Accepted { "matched" } else { "review" };
            #[allow(clippy::cast_possible_truncation)]
            let confidence = confidence.clamp(0.0, 1.0) as f32;
            match track_id {
                Some(track_id) => (state, Some(method.code()), Some(confidence), Some(track_id)),
                None => ("unmatched", None, None, None),
            }
        }
        _ => ("unmatched", None, None, None),
    };
    sqlx::query!(
        "UPDATE release_tracks
         SET match_state = $2, match_method = $3, match_confidence = $4, spotify_track_id = $5, matched_at = now()
         WHERE id = $1 AND match_state = 'pending'",
        id,
        state,
        method,
        confidence,
        track_id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How many of an ingest's tracks matched by one method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MethodCount {
    pub method: MatchMethod,
    pub tracks: i64,
}

/// What one ingest read and how much of it is matched so far.
#[derive(Clone, Debug, PartialEq)]
pub struct IngestReport {
    pub id: i64,
    pub format: FeedFormat,
    /// The file's name, or the style and week pulled.
    pub source: String,
    pub created_at: OffsetDateTime,
    pub tracks_read: i64,
    pub tracks_new: i64,
    pub bad_rows_total: i64,
    /// The first rows left out, with their lines.
    pub bad_rows: Vec<ReportedRow>,
    /// Matched tracks by method, in [`MatchMethod::ALL`]'s order.
    pub matched: Vec<MethodCount>,
    /// Proposed matches waiting for the user.
    pub review: i64,
    /// Tracks no search found.
    pub unmatched: i64,
    /// Tracks not looked up yet.
    pub pending: i64,
}

/// A row an ingest left out: its line in the file and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct ReportedRow {
    pub line: usize,
    pub problem: String,
}

/// The reports of `user_id`'s latest `limit` ingests, newest first.
pub async fn ingest_reports(pool: &PgPool, user_id: i64, limit: i64) -> Result<Vec<IngestReport>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT i.id, i.format, i.source, i.created_at, i.tracks_read, i.tracks_new, i.bad_rows_total,
                  i.bad_rows AS "bad_rows: Json<Vec<ReportedRow>>",
                  count(*) FILTER (WHERE t.match_state = 'matched' AND t.match_method = 'isrc') AS "isrc!",
                  count(*) FILTER (WHERE t.match_state = 'matched' AND t.match_method = 'fuzzy') AS "fuzzy!",
                  count(*) FILTER (WHERE t.match_state = 'matched' AND t.match_method = 'manual') AS "manual!",
                  count(*) FILTER (WHERE t.match_state = 'review') AS "review!",
                  count(*) FILTER (WHERE t.match_state = 'unmatched') AS "unmatched!",
                  count(*) FILTER (WHERE t.match_state = 'pending') AS "pending!"
           FROM release_ingests i
           LEFT JOIN release_ingest_tracks it ON it.ingest_id = i.id
           LEFT JOIN release_tracks t ON t.id = it.release_track_id
           WHERE i.user_id = $1
           GROUP BY i.id
           ORDER BY i.id DESC
           LIMIT $2"#,
        user_id,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let format = FeedFormat::parse(&row.format)?;
            let bad_rows = row.bad_rows.0;
            let matched =
                [(MatchMethod::Isrc, row.isrc), (MatchMethod::Fuzzy, row.fuzzy), (MatchMethod::Manual, row.manual)]
                    .into_iter()
                    .map(|(method, tracks)| MethodCount { method, tracks })
                    .collect();
            Some(IngestReport {
                id: row.id,
                format,
                source: row.source,
                created_at: row.created_at,
                tracks_read: row.tracks_read.into(),
                tracks_new: row.tracks_new.into(),
                bad_rows_total: row.bad_rows_total.into(),
                bad_rows,
                matched,
                review: row.review,
                unmatched: row.unmatched,
                pending: row.pending,
            })
        })
        .collect())
}
