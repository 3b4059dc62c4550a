//! The releases matching left to the user: proposals from the middle band (a Spotify track that scored between
//! asking and accepting) to confirm or turn down, and releases no search found, to look up and pick by hand. A user
//! sees and settles only releases their own ingests brought; what they settle is the release's match for the
//! installation, as an automatic one would be.

use crossfade_spotify::models::Track;
use sqlx::PgPool;

use crate::StoreError;
use crate::mirror::catalog::CatalogBatch;

/// A release waiting for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct ReleaseToReview {
    pub id: i64,
    pub title: String,
    pub mix: Option<String>,
    pub artists: Vec<String>,
    pub label: Option<String>,
    pub isrc: Option<String>,
    pub length_ms: Option<i32>,
    pub release_date: Option<time::Date>,
    /// The style slug its genre belongs to.
    pub style: Option<String>,
    /// The Spotify track matching proposes; None when no search found one.
    pub proposed: Option<ProposedTrack>,
}

/// A Spotify track proposed for a release, with how sure matching was.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposedTrack {
    pub spotify_id: String,
    pub name: String,
    pub artists: Vec<String>,
    pub duration_ms: i32,
    pub isrc: Option<String>,
    pub confidence: f32,
}

/// How many of a user's releases wait for them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    pub proposed: i64,
    pub not_found: i64,
}

/// `user_id`'s releases waiting for them: proposals first, then releases not found, newest release first within
/// each; at most `limit`.
pub async fn releases_to_review(pool: &PgPool, user_id: i64, limit: i64) -> Result<Vec<ReleaseToReview>, StoreError> {
    waiting(pool, user_id, None, limit).await
}

/// Release `id`, if it is one of `user_id`'s and waits for them.
pub async fn release_to_review(pool: &PgPool, user_id: i64, id: i64) -> Result<Option<ReleaseToReview>, StoreError> {
    Ok(waiting(pool, user_id, Some(id), 1).await?.pop())
}

async fn waiting(pool: &PgPool, user_id: i64, id: Option<i64>, limit: i64) -> Result<Vec<ReleaseToReview>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT t.id, t.title, t.mix, t.isrc, t.length_ms, t.release_date, t.style, t.match_confidence,
                  l.name AS "label?",
                  ARRAY(SELECT a.name FROM release_track_artists c JOIN release_artists a ON a.id = c.artist_id
                        WHERE c.release_track_id = t.id AND c.role = 'artist' ORDER BY c.position) AS "artists!",
                  s.spotify_id AS "proposed_id?", s.name AS "proposed_name?", s.duration_ms AS "proposed_ms?",
                  s.isrc AS "proposed_isrc?",
                  ARRAY(SELECT a.name FROM track_artists ta JOIN artists a ON a.spotify_id = ta.artist_id
                        WHERE ta.track_id = t.spotify_track_id ORDER BY ta.position) AS "proposed_artists!"
           FROM release_tracks t
           LEFT JOIN releases r ON r.id = t.release_id
           LEFT JOIN release_labels l ON l.id = r.label_id
           LEFT JOIN tracks s ON s.spotify_id = t.spotify_track_id AND t.match_state = 'review'
           WHERE t.match_state IN ('review', 'unmatched') AND ($3::bigint IS NULL OR t.id = $3)
             AND EXISTS (SELECT 1 FROM release_ingest_tracks it JOIN release_ingests i ON i.id = it.ingest_id
                         WHERE it.release_track_id = t.id AND i.user_id = $1)
           ORDER BY t.match_state = 'unmatched', t.release_date DESC NULLS LAST, t.id DESC
           LIMIT $2"#,
        user_id,
        limit,
        id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let proposed = match (row.proposed_id, row.proposed_name, row.proposed_ms, row.match_confidence) {
                (Some(spotify_id), Some(name), Some(duration_ms), Some(confidence)) => Some(ProposedTrack {
                    spotify_id,
                    name,
                    artists: row.proposed_artists,
                    duration_ms,
                    isrc: row.proposed_isrc,
                    confidence,
                }),
                _ => None,
            };
            ReleaseToReview {
                id: row.id,
                title: row.title,
                mix: row.mix,
                artists: row.artists,
                label: row.label,
                isrc: row.isrc,
                length_ms: row.length_ms,
                release_date: row.release_date,
                style: row.style,
                proposed,
            }
        })
        .collect())
}

/// How many of `user_id`'s releases wait for them.
pub async fn review_counts(pool: &PgPool, user_id: i64) -> Result<ReviewCounts, StoreError> {
    let row = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE t.match_state = 'review') AS "proposed!",
                  count(*) FILTER (WHERE t.match_state = 'unmatched') AS "not_found!"
           FROM release_tracks t
           WHERE t.match_state IN ('review', 'unmatched')
             AND EXISTS (SELECT 1 FROM release_ingest_tracks it JOIN release_ingests i ON i.id = it.ingest_id
                         WHERE it.release_track_id = t.id AND i.user_id = $1)"#,
        user_id,
    )
    .fetch_one(pool)
    .await?;
    Ok(ReviewCounts { proposed: row.proposed, not_found: row.not_found })
}

/// The user's answer to a proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalAnswer {
    /// The proposed track is the release: matched, as picked by the user.
    Confirm,
    /// It is not: the release goes to the ones not found, to be looked up by hand.
    TurnDown,
}

/// Settles the proposal for release `id`, if one of `user_id`'s ingests brought it and it is still proposed.
/// Answers whether it was.
pub async fn answer_proposal(pool: &PgPool, user_id: i64, id: i64, answer: ProposalAnswer) -> Result<bool, StoreError> {
    let confirm = answer == ProposalAnswer::Confirm;
    let changed = sqlx::query!(
        "UPDATE release_tracks t
         SET match_state = CASE WHEN $3 THEN 'matched' ELSE 'unmatched' END,
             match_method = CASE WHEN $3 THEN 'manual' END,
             match_confidence = CASE WHEN $3 THEN 1 END,
             spotify_track_id = CASE WHEN $3 THEN t.spotify_track_id END,
             matched_at = now()
         WHERE t.id = $2 AND t.match_state = 'review'
           AND EXISTS (SELECT 1 FROM release_ingest_tracks it JOIN release_ingests i ON i.id = it.ingest_id
                       WHERE it.release_track_id = t.id AND i.user_id = $1)",
        user_id,
        id,
        confirm,
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Matches release `id` to `track`, picked by the user, and writes the track into the catalog, if one of
/// `user_id`'s ingests brought the release and it is not matched already (a matched release may be on boards,
/// whose cards and playlists hold its track). Answers whether it was.
pub async fn pick_match(pool: &PgPool, user_id: i64, id: i64, track: &Track) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let mut batch = CatalogBatch::default();
    let Some(track_id) = batch.add_track(track) else {
        return Ok(false);
    };
    batch.write(&mut tx).await?;
    let changed = sqlx::query!(
        "UPDATE release_tracks t
         SET match_state = 'matched', match_method = 'manual', match_confidence = 1, spotify_track_id = $3,
             matched_at = now()
         WHERE t.id = $2 AND t.match_state <> 'matched'
           AND EXISTS (SELECT 1 FROM release_ingest_tracks it JOIN release_ingests i ON i.id = it.ingest_id
                       WHERE it.release_track_id = t.id AND i.user_id = $1)",
        user_id,
        id,
        track_id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}
