//! A period's board as its page shows it: the period, and every card with what the card shows (title, mix,
//! artists, label, BPM, key, energy, release day, how sure the match is), in rank order.

use crossfade_domain::{Place, Style, Week};
use sqlx::PgPool;

use crate::StoreError;
use crate::listening::day_of;

/// A period of a user's style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardPeriod {
    pub id: i64,
    pub sorted: bool,
    pub bronze_playlist_id: String,
    /// Each category's silver playlist of this period.
    pub silver: Vec<(i64, String)>,
}

/// A card as the board shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardCard {
    pub release_track_id: i64,
    pub spotify_track_id: String,
    pub place: Place,
    pub rank: i32,
    pub reason: Option<String>,
    pub followed_label: bool,
    pub title: String,
    pub mix: Option<String>,
    pub artists: Vec<String>,
    pub label: Option<String>,
    pub label_key: Option<String>,
    pub bpm: Option<f32>,
    pub key_pitch: Option<i16>,
    pub key_mode: Option<i16>,
    pub energy: Option<f32>,
    pub release_date: Option<time::Date>,
    pub match_method: Option<String>,
    pub match_confidence: Option<f32>,
}

/// A period with its cards.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub period: BoardPeriod,
    pub cards: Vec<BoardCard>,
}

/// `user_id`'s period of `style` and `week`, if started.
pub async fn period_of(
    pool: &PgPool,
    user_id: i64,
    style: Style,
    week: Week,
) -> Result<Option<BoardPeriod>, StoreError> {
    let row = sqlx::query!(
        r#"SELECT p.id, p.state, p.bronze_playlist_id,
                  ARRAY(SELECT s.category_id FROM curation_silver_playlists s WHERE s.period_id = p.id
                        ORDER BY s.category_id) AS "silver_categories!",
                  ARRAY(SELECT s.playlist_id FROM curation_silver_playlists s WHERE s.period_id = p.id
                        ORDER BY s.category_id) AS "silver_playlists!"
           FROM curation_periods p WHERE p.user_id = $1 AND p.style = $2 AND p.week = $3"#,
        user_id,
        style.slug,
        day_of(week.monday()),
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| BoardPeriod {
        id: row.id,
        sorted: row.state == "sorted",
        bronze_playlist_id: row.bronze_playlist_id,
        silver: row.silver_categories.into_iter().zip(row.silver_playlists).collect(),
    }))
}

/// `user_id`'s board of `style` and `week`: None when the period was not started.
pub async fn board(pool: &PgPool, user_id: i64, style: Style, week: Week) -> Result<Option<Board>, StoreError> {
    let Some(period) = period_of(pool, user_id, style, week).await? else {
        return Ok(None);
    };
    let rows = sqlx::query!(
        r#"SELECT c.release_track_id, c.spotify_track_id, c.place, c.category_id, c.rank, c.reason, c.followed_label,
                  t.title, t.mix, t.bpm, t.key_pitch, t.key_mode, t.release_date, t.match_method, t.match_confidence,
                  l.name AS "label?", l.label_key AS "label_key?",
                  ARRAY(SELECT a.name FROM release_track_artists ra JOIN release_artists a ON a.id = ra.artist_id
                        WHERE ra.release_track_id = t.id AND ra.role = 'artist' ORDER BY ra.position) AS "artists!",
                  (SELECT tf.energy FROM track_features tf
                   WHERE tf.track_id = c.spotify_track_id AND tf.user_id IS NULL AND tf.energy IS NOT NULL
                   ORDER BY tf.provider LIMIT 1) AS energy
           FROM curation_cards c
           JOIN release_tracks t ON t.id = c.release_track_id
           LEFT JOIN releases r ON r.id = t.release_id
           LEFT JOIN release_labels l ON l.id = r.label_id
           WHERE c.period_id = $1
           ORDER BY c.rank, c.release_track_id"#,
        period.id,
    )
    .fetch_all(pool)
    .await?;
    let cards = rows
        .into_iter()
        .filter_map(|row| {
            Some(BoardCard {
                release_track_id: row.release_track_id,
                spotify_track_id: row.spotify_track_id,
                place: Place::stored(&row.place, row.category_id)?,
                rank: row.rank,
                reason: row.reason,
                followed_label: row.followed_label,
                title: row.title,
                mix: row.mix,
                artists: row.artists,
                label: row.label,
                label_key: row.label_key,
                bpm: row.bpm,
                key_pitch: row.key_pitch,
                key_mode: row.key_mode,
                energy: row.energy,
                release_date: row.release_date,
                match_method: row.match_method,
                match_confidence: row.match_confidence,
            })
        })
        .collect();
    Ok(Some(Board { period, cards }))
}

/// A started period in a style's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodSummary {
    pub week: time::Date,
    pub sorted: bool,
    /// Cards still in bronze, and cards in all.
    pub unsorted: i64,
    pub cards: i64,
}

/// `user_id`'s periods of `style`, newest first.
pub async fn periods(pool: &PgPool, user_id: i64, style: Style) -> Result<Vec<PeriodSummary>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT p.week, p.state,
                  count(c.release_track_id) FILTER (WHERE c.place = 'bronze') AS "unsorted!",
                  count(c.release_track_id) AS "cards!"
           FROM curation_periods p LEFT JOIN curation_cards c ON c.period_id = p.id
           WHERE p.user_id = $1 AND p.style = $2
           GROUP BY p.id ORDER BY p.week DESC"#,
        user_id,
        style.slug,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PeriodSummary {
            week: row.week,
            sorted: row.state == "sorted",
            unsorted: row.unsorted,
            cards: row.cards,
        })
        .collect())
}

/// How far the releases of a style's week are matched to Spotify: what a period started now would hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WeekReleases {
    pub matched: i64,
    /// Not looked up yet.
    pub pending: i64,
    /// Proposed matches waiting for someone, and releases no search found.
    pub unsettled: i64,
}

/// The releases of `style` dated in `week`, by how far their matching got.
pub async fn week_releases(pool: &PgPool, style: Style, week: Week) -> Result<WeekReleases, StoreError> {
    let row = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE match_state = 'matched') AS "matched!",
                  count(*) FILTER (WHERE match_state = 'pending') AS "pending!",
                  count(*) FILTER (WHERE match_state IN ('review', 'unmatched')) AS "unsettled!"
           FROM release_tracks WHERE style = $1 AND release_date BETWEEN $2 AND $3"#,
        style.slug,
        day_of(week.monday()),
        day_of(week.sunday()),
    )
    .fetch_one(pool)
    .await?;
    Ok(WeekReleases { matched: row.matched, pending: row.pending, unsettled: row.unsettled })
}
