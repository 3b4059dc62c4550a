//! A user's own tracks on the charts: the tracks of their library whose recording places on a genre's latest merged
//! chart of the last week.

use sqlx::PgPool;

use super::day_from;
use crate::StoreError;
use crossfade_domain::{Day, RankingMethod};

/// One of the user's tracks on a genre's merged chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackOnChart {
    pub genre_code: String,
    pub genre_name: String,
    pub day: Day,
    pub rank: u32,
    pub recording_id: i64,
    /// The user's track (a Spotify id) of that recording.
    pub track_id: String,
    pub title: String,
    pub artists: String,
}

/// `user_id`'s tracks on each genre's latest merged chart (by the default method), when that chart is of the seven
/// days up to today (the database's); by genre, then rank.
pub async fn tracks_on_charts(pool: &PgPool, user_id: i64) -> Result<Vec<TrackOnChart>, StoreError> {
    let rows = sqlx::query!(
        r#"WITH latest AS (
               SELECT genre_code, max(day) AS day FROM merged_chart_entries GROUP BY genre_code
           )
           SELECT DISTINCT ON (g.shown_order, m.genre_code, m.rank)
                  m.genre_code, g.name AS genre_name, m.day, m.rank, m.recording_id AS "recording_id!", f.track_id,
                  m.title, m.artists
           FROM merged_chart_entries m
           JOIN latest l ON l.genre_code = m.genre_code AND l.day = m.day
           JOIN chart_genres g ON g.code = m.genre_code
           JOIN recording_isrcs i ON i.recording_id = m.recording_id
           JOIN track_facts f ON f.user_id = $1 AND f.isrc = i.isrc
           WHERE m.method = $2 AND m.day > current_date - 7
           ORDER BY g.shown_order, m.genre_code, m.rank, f.track_id"#,
        user_id,
        RankingMethod::default().code(),
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| TrackOnChart {
            genre_code: row.genre_code,
            genre_name: row.genre_name,
            day: day_from(row.day),
            rank: u32::try_from(row.rank).unwrap_or(0),
            recording_id: row.recording_id,
            track_id: row.track_id,
            title: row.title,
            artists: row.artists,
        })
        .collect())
}
