//! The listening history's read model (tables `listening_hours`, `listening_days`, `listening_sessions`): kept exact
//! by the writers of plays, which call [`refresh`] in their own transaction, and read by the history dashboard. The
//! recomputation itself is the SQL function `refresh_listening` (migration `20261207000001_listening_history.sql`),
//! so the writers and the backfill share one definition.

use crossfade_domain::{
    ArtistCredit, GenreTree, HistoryRange, HistoryRows, ListenedHour, ListenedTrack, ListeningSession,
};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use crate::StoreError;

/// Recomputes `user_id`'s listening read model from `since` on: the earliest play the writer added or changed.
pub(crate) async fn refresh(conn: &mut PgConnection, user_id: i64, since: OffsetDateTime) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT FROM refresh_listening($1, $2)", user_id, since).execute(conn).await?;
    Ok(())
}

/// The first and the last hour of `user_id`'s history with plays, if there are any.
pub async fn history_span(pool: &PgPool, user_id: i64) -> Result<Option<(OffsetDateTime, OffsetDateTime)>, StoreError> {
    let span = sqlx::query!(
        r#"SELECT min(hour) AS "first", max(hour) AS "last" FROM listening_hours WHERE user_id = $1"#,
        user_id
    )
    .fetch_one(pool)
    .await?;
    Ok(span.first.zip(span.last))
}

fn instant(unix_seconds: Option<i64>) -> Option<OffsetDateTime> {
    unix_seconds.and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
}

/// `user_id`'s history in `range` as the read model holds it: every hour with plays, every track the user has
/// played (with its plays in the range, zero for one heard only outside it, and its first and last play of all),
/// and the sessions that began in the range. All of the history reads the per-track totals of the track facts; a
/// range adds up its days.
pub async fn history_rows(pool: &PgPool, user_id: i64, range: HistoryRange) -> Result<HistoryRows, StoreError> {
    let (start, end) = (instant(range.start_unix()), instant(range.end_unix()));
    let hours = sqlx::query!(
        "SELECT hour, plays, ms_played, skips, unmeasured, episodes, episode_ms FROM listening_hours
         WHERE user_id = $1 AND ($2::timestamptz IS NULL OR hour >= $2) AND ($3::timestamptz IS NULL OR hour < $3)",
        user_id,
        start,
        end,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| ListenedHour {
        hour: row.hour.unix_timestamp(),
        plays: count(row.plays),
        ms: amount(row.ms_played),
        skips: count(row.skips),
        unmeasured: count(row.unmeasured),
        episodes: count(row.episodes),
        episode_ms: amount(row.episode_ms),
    })
    .collect();
    let (from_day, to_day) = (range.from().map(day_of), range.to().map(day_of));
    let tree = GenreTree::get();
    let tracks = sqlx::query!(
        r#"SELECT f.track_id, f.title, f.artist_ids, f.artist_names, f.artists, f.album_id, f.album_name, f.genres,
                  f.label, f.label_key, f.first_played_at, f.last_played_at,
                  CASE WHEN $2 THEN f.plays ELSE coalesce(r.plays, 0) END AS "plays!",
                  CASE WHEN $2 THEN coalesce(f.ms_played, 0) ELSE coalesce(r.ms_played, 0) END AS "ms_played!",
                  CASE WHEN $2 THEN f.skips ELSE coalesce(r.skips, 0) END AS "skips!"
           FROM track_facts f
           LEFT JOIN (
               SELECT track_id, sum(plays)::integer AS plays, sum(ms_played)::bigint AS ms_played,
                      sum(skips)::integer AS skips
               FROM listening_days
               WHERE NOT $2 AND user_id = $1 AND ($3::date IS NULL OR day >= $3) AND ($4::date IS NULL OR day <= $4)
               GROUP BY track_id
           ) AS r ON r.track_id = f.track_id
           WHERE f.user_id = $1 AND f.plays > 0"#,
        user_id,
        range.is_all(),
        from_day,
        to_day,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| {
        // A track only a listening history names has no credits, only the name the history gave.
        let artists = if row.artist_names.is_empty() {
            (!row.artists.is_empty()).then_some(ArtistCredit { id: None, name: row.artists }).into_iter().collect()
        } else {
            row.artist_ids
                .into_iter()
                .map(Some)
                .chain(std::iter::repeat(None))
                .zip(row.artist_names)
                .map(|(id, name)| ArtistCredit { id, name })
                .collect()
        };
        ListenedTrack {
            track_id: row.track_id,
            title: row.title,
            artists,
            album: (!row.album_name.is_empty()).then_some((row.album_id, row.album_name)),
            genres: row.genres.iter().filter_map(|slug| tree.parse_id(slug).ok()).collect(),
            label: row.label.zip(row.label_key),
            plays: count(row.plays),
            ms: amount(row.ms_played),
            skips: count(row.skips),
            first_played: row.first_played_at.map(OffsetDateTime::unix_timestamp),
            last_played: row.last_played_at.map(OffsetDateTime::unix_timestamp),
        }
    })
    .collect();
    let sessions = sqlx::query!(
        "SELECT started_at, ended_at, plays, ms_played FROM listening_sessions
         WHERE user_id = $1 AND ($2::timestamptz IS NULL OR started_at >= $2)
           AND ($3::timestamptz IS NULL OR started_at < $3)",
        user_id,
        start,
        end,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| ListeningSession {
        started: row.started_at.unix_timestamp(),
        ended: row.ended_at.unix_timestamp(),
        plays: count(row.plays),
        ms: amount(row.ms_played),
    })
    .collect();
    Ok(HistoryRows { hours, tracks, sessions })
}

pub(crate) fn day_of(day: crossfade_domain::Day) -> time::Date {
    // Every domain day (years 1000 to 9999) is a valid calendar date.
    time::Date::from_calendar_date(
        i32::from(day.year()),
        time::Month::try_from(day.month()).unwrap_or(time::Month::January),
        day.day(),
    )
    .unwrap_or(time::Date::MIN)
}

/// A stored count; the tables check they are never negative.
fn count(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

fn amount(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}
