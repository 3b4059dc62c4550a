//! The Sync and History pages end to end inside the server: sign-in queues the first sync, the process's workers
//! run it against the sandbox, the page shows the result (without JavaScript); a long rate limit reschedules the
//! job to Spotify's time and says so; an uploaded history export is imported by a worker and its plays are listed.

use crate::common;

use std::time::Duration;

use axum::body::Body;
use common::{Browser, TestApp, app, body_text, form_post, page};
use crossfade_library::jobs::sync_key;
use http::{Request, StatusCode};
use sqlx::PgPool;

async fn signed_in(pool: PgPool, user: &str) -> (TestApp, Browser, i64) {
    let app = app(pool.clone()).await;
    let mut browser = Browser::default();
    browser.sign_in_as(&app, user).await;
    let id = sqlx::query_scalar("SELECT id FROM users WHERE spotify_user_id = $1")
        .bind(user)
        .fetch_one(&pool)
        .await
        .unwrap();
    (app, browser, id)
}

/// Runs the process's workers until `done` holds (checked every 50 ms, at most 30 s), then stops them.
async fn run_workers_until(app: &TestApp, mut done: impl AsyncFnMut() -> bool) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let workers = crossfade_server::workers::spawn(&app.state, async move {
        let _ = stopped.await;
    });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done().await {
        assert!(tokio::time::Instant::now() < deadline, "the workers did not get there in 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    workers.await.unwrap();
}

async fn sync_state(pool: &PgPool, user: i64) -> Option<String> {
    sqlx::query_scalar("SELECT state FROM sync_status WHERE user_id = $1")
        .bind(user)
        .fetch_optional(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_first_sign_in_syncs_the_library_and_the_sync_page_shows_it(pool: PgPool) {
    let (app, mut browser, user) = signed_in(pool.clone(), "tessa").await;
    assert!(app.state.queue.queued(&sync_key(user)).await.unwrap().is_some(), "sign-in queued a sync");
    assert!(page(&app, &mut browser, "/sync").await.contains("A sync is starting"));

    run_workers_until(&app, async || sync_state(&pool, user).await.as_deref() == Some("idle")).await;

    let html = page(&app, &mut browser, "/sync").await;
    assert!(html.contains("Your library is up to date."), "{html}");
    assert!(html.contains("Liked songs") && html.contains("12 of 12"), "{html}");
    assert!(html.contains("Last successful sync</dt><dd><time"), "{html}");
    let liked: i64 = sqlx::query_scalar("SELECT count(*) FROM liked_tracks WHERE user_id = $1")
        .bind(user)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(liked, 12);
    assert!(app.state.queue.queued(&sync_key(user)).await.unwrap().is_some(), "the next sync is scheduled");

    // "Sync now" without JavaScript: a plain form post that comes back to the page, with the sync due at once.
    let response =
        browser.send(&app, form_post("/api/sync_now", "", &[("referer", "http://127.0.0.1:3000/sync")])).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let queued = app.state.queue.queued(&sync_key(user)).await.unwrap().unwrap();
    assert!(queued.run_at <= time::OffsetDateTime::now_utc());
    assert!(page(&app, &mut browser, "/sync").await.contains("A sync is starting"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_rate_limited_sync_waits_for_spotifys_time_and_says_so(pool: PgPool) {
    let (app, mut browser, user) = signed_in(pool.clone(), "marco").await;
    let faults = serde_json::json!({ "rate_limit": { "requests_per_window": 2, "retry_after_override_secs": 7200 } });
    app.sandbox.as_ref().unwrap().control().set_faults(serde_json::from_value(faults).unwrap());

    run_workers_until(&app, async || sync_state(&pool, user).await.as_deref() == Some("waiting")).await;

    let job = app.state.queue.queued(&sync_key(user)).await.unwrap().expect("the sync is back in the queue");
    let wait = job.run_at - time::OffsetDateTime::now_utc();
    assert!(wait > time::Duration::minutes(115), "rescheduled to Spotify's time, not slept on: {wait}");
    let html = page(&app, &mut browser, "/sync").await;
    assert!(html.contains("Spotify asked us to wait until"), "{html}");
    assert!(html.contains("the sync will resume then"), "{html}");
}

const EXPORT: &str = r#"[
 {"ts":"2024-03-01T08:00:00Z","platform":"android","ms_played":201000,"conn_country":"DE","ip_addr":"192.0.2.1",
  "master_metadata_track_name":"Morning Tide","master_metadata_album_artist_name":"The Quiet Harbours",
  "master_metadata_album_album_name":"Low Water","spotify_track_uri":"spotify:track:0aaaaaaaaaaaaaaaaaaaaa",
  "episode_name":null,"episode_show_name":null,"spotify_episode_uri":null,"reason_start":"trackdone",
  "reason_end":"trackdone","shuffle":false,"skipped":false,"offline":false,"offline_timestamp":null,
  "incognito_mode":false},
 {"ts":"2024-03-01T08:04:00Z","platform":"android","ms_played":12000,"conn_country":"DE","ip_addr":"192.0.2.1",
  "master_metadata_track_name":"Second Light","master_metadata_album_artist_name":"The Quiet Harbours",
  "master_metadata_album_album_name":"Low Water","spotify_track_uri":"spotify:track:0bbbbbbbbbbbbbbbbbbbbb",
  "episode_name":null,"episode_show_name":null,"spotify_episode_uri":null,"reason_start":"trackdone",
  "reason_end":"fwdbtn","shuffle":true,"skipped":true,"offline":false,"offline_timestamp":null,
  "incognito_mode":false},
 {"ts":"2024-03-01T09:00:00Z","platform":"android","ms_played":1500000,"conn_country":"DE","ip_addr":"192.0.2.1",
  "master_metadata_track_name":null,"master_metadata_album_artist_name":null,"master_metadata_album_album_name":null,
  "spotify_track_uri":null,"episode_name":"On Tides","episode_show_name":"Sea Talk",
  "spotify_episode_uri":"spotify:episode:0ccccccccccccccccccccc","reason_start":"clickrow","reason_end":"endplay",
  "shuffle":false,"skipped":false,"offline":false,"offline_timestamp":null,"incognito_mode":false}
]"#;

fn upload(file_name: &str, content: &str) -> Request<Body> {
    let boundary = "crossfade-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"export\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/json\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    Request::post("/history/upload")
        .header("host", "127.0.0.1:3000")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("referer", "http://127.0.0.1:3000/history")
        .body(Body::from(body))
        .unwrap()
}

async fn imports_done(pool: &PgPool) -> bool {
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM history_imports WHERE state IN ('queued', 'importing')")
        .fetch_one(pool)
        .await
        .unwrap();
    open == 0
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_uploaded_export_is_imported_by_a_worker_and_its_plays_are_listed(pool: PgPool) {
    let (app, mut browser, user) = signed_in(pool.clone(), "tessa").await;
    let response = browser.send(&app, upload("Streaming_History_Audio_2024.json", EXPORT)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/history");
    assert!(page(&app, &mut browser, "/history").await.contains("Waiting to be imported"));

    run_workers_until(&app, async || imports_done(&pool).await).await;

    let html = page(&app, &mut browser, "/history").await;
    assert!(html.contains("Imported: 2 new song plays, 1 new podcast episode plays"), "{html}");
    let plays = page(&app, &mut browser, "/library/plays").await;
    assert!(plays.contains("Morning Tide") && plays.contains("Second Light"), "{plays}");
    let kept: Option<String> = sqlx::query_scalar("SELECT reason_end FROM plays WHERE user_id = $1 AND skipped")
        .bind(user)
        .fetch_optional(&pool)
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("fwdbtn"));
    let leftovers = std::fs::read_dir(&app.state.library_settings.upload_dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(leftovers, 0, "the imported upload is removed");

    // The same file again adds nothing.
    browser.send(&app, upload("Streaming_History_Audio_2024.json", EXPORT)).await;
    run_workers_until(&app, async || imports_done(&pool).await).await;
    assert!(
        page(&app, &mut browser, "/history")
            .await
            .contains("0 new song plays, 0 new podcast episode plays, 3 already known")
    );
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn uploads_that_are_not_exports_are_refused_with_a_reason(pool: PgPool) {
    let (app, mut browser, _) = signed_in(pool.clone(), "tessa").await;
    let response = browser.send(&app, upload("notes.txt", "hello")).await;
    assert_eq!(response.headers()["location"], "/history?problem=not-an-export");
    assert!(page(&app, &mut browser, "/history?problem=not-an-export").await.contains("neither a .zip nor a .json"));

    let broken = "[{\"ts\": \"yesterday\", \"ms_played\": 5}]";
    browser.send(&app, upload("Streaming_History_Audio_2019.json", broken)).await;
    run_workers_until(&app, async || imports_done(&pool).await).await;
    let html = page(&app, &mut browser, "/history").await;
    assert!(html.contains("Not imported") && html.contains("Streaming_History_Audio_2019.json, record 1"), "{html}");

    let mut stranger = Browser::default();
    let response = stranger.send(&app, upload("Streaming_History_Audio_2024.json", EXPORT)).await;
    assert_eq!(response.headers()["location"], "/sign-in");
    let _ = body_text(response).await;
}

/// Whether `track_id` is in the catalog and no catalog lookups are queued or running (finished jobs leave the queue;
/// failed ones stay, and count as not done).
async fn looked_up(pool: &PgPool, track_id: &str) -> bool {
    let (known, open): (bool, i64) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM tracks WHERE spotify_id = $1),
                (SELECT count(*) FROM jobs WHERE kind = 'look_up_catalog')",
    )
    .bind(track_id)
    .fetch_one(pool)
    .await
    .unwrap();
    known && open == 0
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn tracks_only_the_history_names_are_looked_up_on_spotify_in_the_background(pool: PgPool) {
    let (app, mut browser, user) = signed_in(pool.clone(), "tessa").await;
    let catalog = app.sandbox.as_ref().expect("demo mode has a sandbox").control().catalog();
    let heard = catalog.tracks.last().expect("the catalog has tracks");
    let export = format!(
        r#"[{{"ts":"2024-05-01T10:00:00Z","ms_played":200000,"master_metadata_track_name":"Heard on the radio",
             "master_metadata_album_artist_name":"Someone","master_metadata_album_album_name":"Somewhere",
             "spotify_track_uri":"spotify:track:{}","reason_start":"clickrow","reason_end":"trackdone",
             "shuffle":false,"skipped":false}}]"#,
        heard.id
    );
    browser.send(&app, upload("Streaming_History_Audio_2024.json", &export)).await;

    // The sign-in's sync and the import each queue lookups; the runs end when nothing is left to look up.
    run_workers_until(&app, async || {
        imports_done(&pool).await
            && sync_state(&pool, user).await.as_deref() == Some("idle")
            && looked_up(&pool, &heard.id).await
    })
    .await;

    let track = page(&app, &mut browser, &format!("/library/tracks/{}", heard.id)).await;
    assert!(track.contains("<dt>Plays</dt><dd>1</dd>"), "{track}");
    let album = &catalog.albums[heard.album];
    assert!(track.contains(&format!("/library/albums/{}", album.id)), "the track's album is known: {track}");
    let sync = page(&app, &mut browser, "/sync").await;
    assert!(sync.contains("Every track, album and artist in your library has its Spotify details."), "{sync}");
    let undetailed: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM albums WHERE details_fetched_at IS NULL)
              + (SELECT count(*) FROM artists WHERE details_fetched_at IS NULL)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(undetailed, 0);
}
