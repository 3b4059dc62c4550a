//! The listening history's read model: after an import and polls of recently played (later plays, and plays that
//! fall between and bridge earlier ones), its hours, days and sessions equal what the raw plays give when worked
//! out again here, independently; and the history read back adds up to the plays.

mod common;

use std::time::Duration;

use common::{generated, queue, stored, user};
use crossfade_domain::{GenreTree, HistoryRange, ListeningReport};
use crossfade_store::listening::history_rows;
use crossfade_store::plays::{RecentPlay, import_history, record_recent_plays};
use sqlx::PgPool;
use time::OffsetDateTime;

/// Hours (start, plays, ms, skips, unknown lengths, episodes, episode ms), from the raw plays.
type Hour = (OffsetDateTime, i64, i64, i64, i64, i64, i64);

async fn stored_hours(pool: &PgPool, user_id: i64) -> Vec<Hour> {
    sqlx::query_as(
        "SELECT hour, plays::bigint, ms_played, skips::bigint, unmeasured::bigint, episodes::bigint, episode_ms
         FROM listening_hours WHERE user_id = $1 ORDER BY hour",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn hours_from_plays(pool: &PgPool, user_id: i64) -> Vec<Hour> {
    sqlx::query_as(
        "WITH songs AS (
             SELECT date_trunc('hour', played_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, count(*) AS plays,
                    coalesce(sum(ms_played), 0)::bigint AS ms, count(*) FILTER (WHERE skipped) AS skips,
                    count(*) FILTER (WHERE ms_played IS NULL) AS unmeasured
             FROM plays WHERE user_id = $1 GROUP BY 1
         ), episodes AS (
             SELECT date_trunc('hour', played_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, count(*) AS episodes,
                    sum(ms_played)::bigint AS ms
             FROM episode_plays WHERE user_id = $1 GROUP BY 1
         )
         SELECT coalesce(s.hour, e.hour), coalesce(s.plays, 0), coalesce(s.ms, 0), coalesce(s.skips, 0),
                coalesce(s.unmeasured, 0), coalesce(e.episodes, 0), coalesce(e.ms, 0)
         FROM songs s FULL JOIN episodes e ON e.hour = s.hour ORDER BY 1",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Days (day, track, plays, ms, skips).
type DayRow = (time::Date, String, i64, i64, i64);

async fn stored_days(pool: &PgPool, user_id: i64) -> Vec<DayRow> {
    sqlx::query_as(
        "SELECT day, track_id, plays::bigint, ms_played, skips::bigint FROM listening_days
         WHERE user_id = $1 ORDER BY day, track_id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn days_from_plays(pool: &PgPool, user_id: i64) -> Vec<DayRow> {
    sqlx::query_as(
        "SELECT (played_at AT TIME ZONE 'UTC')::date, track_id, count(*), coalesce(sum(ms_played), 0)::bigint,
                count(*) FILTER (WHERE skipped)
         FROM plays WHERE user_id = $1 AND track_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Sessions (start, end, plays, ms).
type Session = (OffsetDateTime, OffsetDateTime, i64, i64);

async fn stored_sessions(pool: &PgPool, user_id: i64) -> Vec<Session> {
    sqlx::query_as(
        "SELECT started_at, ended_at, plays::bigint, ms_played FROM listening_sessions
         WHERE user_id = $1 ORDER BY started_at",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Sessions worked out in Rust from the raw plays: a play that starts more than 30 minutes after the latest end
/// so far opens a new one.
async fn sessions_from_plays(pool: &PgPool, user_id: i64) -> Vec<Session> {
    let plays: Vec<(OffsetDateTime, Option<i32>)> =
        sqlx::query_as("SELECT played_at, ms_played FROM plays WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(pool)
            .await
            .unwrap();
    let mut plays: Vec<(OffsetDateTime, OffsetDateTime, i64)> = plays
        .into_iter()
        .map(|(ended, ms)| {
            let ms = i64::from(ms.unwrap_or(0));
            (ended - time::Duration::milliseconds(ms), ended, ms)
        })
        .collect();
    plays.sort_by_key(|(started, ended, _)| (*ended, *started));
    let mut sessions: Vec<Session> = Vec::new();
    for (started, ended, ms) in plays {
        match sessions.last_mut() {
            Some(session) if started - session.1 <= time::Duration::minutes(30) => {
                session.0 = session.0.min(started);
                session.1 = session.1.max(ended);
                session.2 += 1;
                session.3 += ms;
            }
            _ => sessions.push((started, ended, 1, ms)),
        }
    }
    sessions.sort_by_key(|session| session.0);
    sessions
}

async fn assert_exact(pool: &PgPool, user_id: i64, when: &str) {
    assert_eq!(stored_hours(pool, user_id).await, hours_from_plays(pool, user_id).await, "hours {when}");
    assert_eq!(stored_days(pool, user_id).await, days_from_plays(pool, user_id).await, "days {when}");
    assert_eq!(stored_sessions(pool, user_id).await, sessions_from_plays(pool, user_id).await, "sessions {when}");
}

fn polled(played_at: OffsetDateTime, track: &str) -> RecentPlay {
    RecentPlay {
        played_at,
        track_uri: format!("spotify:track:{track}"),
        track_name: Some("Polled".to_owned()),
        artist_name: Some("Poll Band".to_owned()),
        album_name: None,
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn the_history_read_model_follows_imports_and_polls_exactly(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 3_000, 21);
    let ada = user(&pool, "ada").await;
    let grace = user(&pool, "grace").await;
    let import = queue(&pool, ada, &path).await;
    import_history(&pool, ada, import, &path).await.unwrap();
    assert_exact(&pool, ada, "after the import").await;
    assert!(stored_sessions(&pool, ada).await.len() > 10, "a generated history has many sessions");

    // Later plays, then plays between earlier ones: one a few minutes after an imported play (joining its session,
    // or bridging two), and one alone in a quiet stretch.
    let (last, first): (OffsetDateTime, OffsetDateTime) =
        sqlx::query_as("SELECT max(played_at), min(played_at) FROM plays WHERE user_id = $1")
            .bind(ada)
            .fetch_one(&pool)
            .await
            .unwrap();
    let later: Vec<RecentPlay> = (1..=5)
        .map(|n| polled(last + Duration::from_secs(180 * n), "4uLU6hMCjMI75M1A2tKUQC"))
        .chain(std::iter::once(polled(last + Duration::from_secs(3 * 3600), "4uLU6hMCjMI75M1A2tKUQC")))
        .collect();
    let mut conn = pool.acquire().await.unwrap();
    assert_eq!(record_recent_plays(&mut conn, ada, &later).await.unwrap(), 6);
    assert_exact(&pool, ada, "after a poll of later plays").await;
    let middle = first + (last - first) / 2;
    let between = [
        polled(middle + Duration::from_secs(20 * 60), "1301WleyT98MSxVHPZCA6M"),
        polled(first - Duration::from_secs(2 * 86_400), "1301WleyT98MSxVHPZCA6M"),
    ];
    assert_eq!(record_recent_plays(&mut conn, ada, &between).await.unwrap(), 2);
    assert_exact(&pool, ada, "after plays between earlier ones").await;
    assert_eq!(stored_hours(&pool, grace).await, Vec::new(), "another user's plays are theirs alone");

    // What the dashboard reads adds up to the plays.
    let rows = history_rows(&pool, ada, HistoryRange::ALL).await.unwrap();
    let report = ListeningReport::of(&rows, HistoryRange::ALL, GenreTree::get());
    let (songs, episodes, _) = stored(&pool, ada).await;
    assert_eq!((songs as u64, episodes as u64), (export.songs + 8, export.episodes));
    assert_eq!(report.totals.plays, export.songs + 8);
    assert_eq!(report.totals.unmeasured, 8, "polled plays do not say how long they lasted");
    assert_eq!(report.totals.episodes, export.episodes);
    let track_plays: u64 = rows.tracks.iter().map(|track| u64::from(track.plays)).sum();
    let (with_id,): (i64,) = sqlx::query_as("SELECT count(*) FROM plays WHERE user_id = $1 AND track_id IS NOT NULL")
        .bind(ada)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(track_plays, with_id as u64, "all of the history reads the facts' totals");
    // A range adds up its days.
    let year = report.years.first().expect("a year with plays").label.parse::<u16>().unwrap();
    let range = HistoryRange::year(year).unwrap();
    let in_year = ListeningReport::of(&history_rows(&pool, ada, range).await.unwrap(), range, GenreTree::get());
    assert_eq!(in_year.totals.plays, report.years[0].plays);
    let year_track_plays: u64 = in_year.top_tracks.iter().map(|track| track.plays).sum();
    assert!(year_track_plays <= in_year.totals.plays);
}
