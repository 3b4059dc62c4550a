//! Recently played in PostgreSQL: polled plays stored once, the poll cursor, and how polled plays meet history
//! imports (completed by them, or stored while one runs).

mod common;

use std::time::Duration;

use common::{generated, queue, stored, user};
use crossfade_history::{Record, generate_plays};
use crossfade_store::plays::{RecentPlay, import_history, latest_recent_play, record_recent_plays};
use sqlx::PgPool;
use time::OffsetDateTime;
use time::macros::datetime;

#[sqlx::test(migrations = "../../migrations")]
async fn a_recently_played_play_is_completed_by_the_history(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 1_000, 4);
    let Some(Record::Song(song)) = generate_plays(1_000, 4).find(|record| matches!(record, Record::Song(_))) else {
        panic!("no song generated")
    };
    let ada = user(&pool, "ada").await;
    let polled = RecentPlay {
        // Recently played reports milliseconds; the play is the same one.
        played_at: song.details.played_at + Duration::from_millis(734),
        track_uri: song.track_uri.clone().unwrap(),
        track_name: None,
        artist_name: None,
        album_name: None,
    };
    assert_eq!(
        record_recent_plays(&mut pool.acquire().await.unwrap(), ada, std::slice::from_ref(&polled)).await.unwrap(),
        1
    );
    assert_eq!(record_recent_plays(&mut pool.acquire().await.unwrap(), ada, &[polled]).await.unwrap(), 0);

    let import = queue(&pool, ada, &path).await;
    let counts = import_history(&pool, ada, import, &path).await.unwrap();
    assert_eq!((counts.upgraded, counts.duplicates), (1, 1));
    assert_eq!(counts.plays_added as u64, export.songs - 1);
    let row = sqlx::query!(
        "SELECT source, ms_played, reason_end, track_name FROM plays WHERE user_id = $1 AND played_at = $2",
        ada,
        song.details.played_at,
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.source, "history");
    assert_eq!(row.ms_played, Some(song.details.ms_played as i32));
    assert_eq!(row.reason_end, song.details.reason_end);
    assert_eq!(row.track_name, song.track_name);
    assert_eq!(stored(&pool, ada).await.0 as u64, export.songs);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_play_polled_while_importing_does_not_fail_the_import(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 1_000, 9);
    let Some(Record::Song(song)) = generate_plays(1_000, 9).find(|record| matches!(record, Record::Song(_))) else {
        panic!("no song generated")
    };
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    let polled = RecentPlay {
        played_at: song.details.played_at,
        track_uri: song.track_uri.clone().unwrap(),
        track_name: None,
        artist_name: None,
        album_name: None,
    };
    let mut poll = pool.begin().await.unwrap();
    assert_eq!(record_recent_plays(&mut poll, ada, &[polled]).await.unwrap(), 1);
    let running = tokio::spawn({
        let (pool, path) = (pool.clone(), path.clone());
        async move { import_history(&pool, ada, import, &path).await }
    });
    // The import's insert reaches the poll's uncommitted play and waits for it.
    let mut waiting = false;
    for _ in 0..600 {
        waiting = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT FROM pg_stat_activity
                              WHERE datname = current_database() AND wait_event_type = 'Lock') AS "waiting!""#
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if waiting || running.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(waiting, "the import never waited for the poll");
    poll.commit().await.unwrap();
    let counts = running.await.unwrap().unwrap();
    assert_eq!((counts.plays_added as u64, counts.duplicates), (export.songs - 1, 1));
    assert_eq!(stored(&pool, ada).await.0 as u64, export.songs);
}

#[sqlx::test(migrations = "../../migrations")]
async fn recently_played_ignores_repeats_and_gives_the_cursor(pool: PgPool) {
    let ada = user(&pool, "ada").await;
    assert_eq!(latest_recent_play(&pool, ada).await.unwrap(), None);
    let play = |at: OffsetDateTime, uri: &str| RecentPlay {
        played_at: at,
        track_uri: uri.to_owned(),
        track_name: Some("Tide".into()),
        artist_name: Some("Ada Reyes".into()),
        album_name: None,
    };
    let plays = [
        play(datetime!(2026-11-20 10:00:00.250 UTC), "spotify:track:aaa"),
        play(datetime!(2026-11-20 10:00:00.900 UTC), "spotify:track:aaa"),
        play(datetime!(2026-11-20 10:04:00 UTC), "spotify:track:bbb"),
        play(datetime!(2026-11-20 10:09:00 UTC), "spotify:local:Ada:Tide:Tide:180"),
    ];
    assert_eq!(record_recent_plays(&mut pool.acquire().await.unwrap(), ada, &plays).await.unwrap(), 3);
    assert_eq!(record_recent_plays(&mut pool.acquire().await.unwrap(), ada, &plays[..2]).await.unwrap(), 0);
    assert_eq!(latest_recent_play(&pool, ada).await.unwrap(), Some(datetime!(2026-11-20 10:09:00 UTC)));
    let rows = sqlx::query!(
        "SELECT played_at, track_id, ms_played, source FROM plays WHERE user_id = $1 ORDER BY played_at",
        ada
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows[0].played_at, datetime!(2026-11-20 10:00:00 UTC));
    assert_eq!(rows[0].track_id.as_deref(), Some("aaa"));
    assert_eq!(rows[2].track_id, None);
    assert!(rows.iter().all(|row| row.ms_played.is_none() && row.source == "recently_played"));
    let other = user(&pool, "theo").await;
    assert_eq!(latest_recent_play(&pool, other).await.unwrap(), None);
}
