//! The read-only charts API through the production router: JSON for the genres, a genre's merged chart and a
//! recording's history; an ETag of the charts' version with 304 for a client that has it; answers kept until an import
//! moves the version, in every process on the database; bad parameters refused in words.

use crate::common;

use axum::body::Body;
use common::{TestApp, app, app_with, body_text, get, send, settings_with};
use crossfade_domain::Day;
use crossfade_library::charts::{ChartImport, import_chart};
use crossfade_store::charts::ImportOrigin;
use http::{Request, StatusCode, header};
use serde_json::Value;
use sqlx::PgPool;

const SPOTIFY: &[u8] = include_bytes!("../../../crates/domain/tests/charts/regional-global-weekly-2026-11-26.csv");
const APPLE: &[u8] = include_bytes!("../../../crates/domain/tests/charts/apple-music-most-played-us.json");
const LASTFM: &[u8] = include_bytes!("../../../crates/domain/tests/charts/lastfm-tag-pop-page-1.json");

async fn import(pool: &PgPool, file_name: &str, bytes: &[u8], day: Option<&str>) {
    let import = ChartImport {
        genre_code: "pop",
        file_name,
        bytes,
        day: day.and_then(Day::parse),
        origin: ImportOrigin::Upload,
        imported_by: None,
        looked_up: Default::default(),
    };
    import_chart(pool, &import).await.unwrap();
}

/// The answer's status, ETag and JSON.
async fn json(app: &TestApp, path: &str) -> (StatusCode, String, Value) {
    let response = send(app, get(path)).await;
    let status = response.status();
    let etag = response.headers().get(header::ETAG).map(|tag| tag.to_str().unwrap().to_owned()).unwrap_or_default();
    let cache = response.headers().get(header::CACHE_CONTROL).map(|value| value.to_str().unwrap().to_owned());
    if status == StatusCode::OK {
        assert_eq!(cache.as_deref(), Some("public, max-age=300"), "{path}");
    }
    let text = body_text(response).await;
    (status, etag, serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: {text}")))
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_genres_merged_chart_and_a_recordings_history_as_json(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (status, _, genres) = json(&app, "/api/v1/charts/genres").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(genres[0]["code"], "pop");
    assert_eq!(genres[0]["genre_id"], "pop");
    assert!(genres[0]["services"].as_array().unwrap().contains(&Value::from("apple-music")));

    import(&pool, "regional-global-weekly-2026-11-26.csv", SPOTIFY, None).await;
    import(&pool, "songs.json", APPLE, None).await;
    let (status, etag, chart) = json(&app, "/api/v1/charts/genres/pop").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (chart["day"].as_str(), chart["method"].as_str()),
        (Some("2026-12-01"), Some("services-then-positions"))
    );
    assert_eq!(chart["days"], serde_json::json!(["2026-12-01", "2026-11-26"]));
    let top = &chart["entries"][0];
    assert_eq!(top["title"], "Die With A Smile");
    assert_eq!(
        top["positions"][0],
        serde_json::json!({
            "service": "spotify", "position": 1, "url": "https://open.spotify.com/track/2plbrEY59IikOBgBGLjaoe"
        })
    );
    assert_eq!(top["positions"][1]["service"], "apple-music");
    assert!(etag.starts_with("\"charts-"), "{etag}");

    // A client holding this answer is told it is still right.
    let mut again = get("/api/v1/charts/genres/pop");
    again.headers_mut().insert(header::IF_NONE_MATCH, etag.parse().unwrap());
    assert_eq!(send(&app, again).await.status(), StatusCode::NOT_MODIFIED);

    let recording = top["recording"].as_i64().unwrap();
    let (status, _, history) = json(&app, &format!("/api/v1/charts/recordings/{recording}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(history["title"], "Die With A Smile");
    let spotify = history["charts"].as_array().unwrap().iter().find(|chart| chart["service"] == "spotify").unwrap();
    assert_eq!(spotify["peak"], serde_json::json!({"position": 1, "day": "2026-11-26"}));
    assert_eq!(spotify["positions"], serde_json::json!([{"day": "2026-11-26", "position": 1}]));

    let (status, _, borda) = json(&app, "/api/v1/charts/genres/pop?method=borda&day=2026-11-30").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((borda["day"].as_str(), borda["method"].as_str()), (Some("2026-11-26"), Some("borda")));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn answers_are_kept_until_an_import_moves_the_charts_in_every_process(pool: PgPool) {
    import(&pool, "regional-global-weekly-2026-11-26.csv", SPOTIFY, None).await;
    // Two server processes on one database, each with its own kept answers.
    let first = app(pool.clone()).await;
    let second = app(pool.clone()).await;
    let (_, etag, before) = json(&first, "/api/v1/charts/genres/pop").await;
    json(&second, "/api/v1/charts/genres/pop").await;
    // Changed behind the writers' back, the version unmoved: both keep answering what they made.
    sqlx::query("UPDATE merged_chart_entries SET title = 'Quietly Changed'").execute(&pool).await.unwrap();
    for app in [&first, &second] {
        let (_, kept_etag, kept) = json(app, "/api/v1/charts/genres/pop").await;
        assert_eq!((kept_etag.as_str(), &kept), (etag.as_str(), &before), "kept");
    }
    // An import moves the version: both answer afresh at once, with the new chart.
    import(&pool, "pop.json", LASTFM, Some("2026-11-30")).await;
    for app in [&first, &second] {
        let (_, fresh_etag, fresh) = json(app, "/api/v1/charts/genres/pop").await;
        assert_ne!(fresh_etag, etag);
        assert_eq!(fresh["day"], "2026-11-30");
        assert!(fresh["entries"].as_array().unwrap().iter().any(|entry| entry["positions"][0]["service"] == "lastfm"));
    }

    // Switched off, every answer is made afresh.
    let uncached = app_with(pool.clone(), &settings_with(&[("CROSSFADE_CHARTS_API_CACHE", "0")])).await;
    let (_, _, made) = json(&uncached, "/api/v1/charts/genres/pop").await;
    sqlx::query("UPDATE merged_chart_entries SET title = 'Changed Again'").execute(&pool).await.unwrap();
    let (_, _, again) = json(&uncached, "/api/v1/charts/genres/pop").await;
    assert_ne!(made, again);
    assert_eq!(again["entries"][0]["title"], "Changed Again");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn bad_requests_are_refused_in_words(pool: PgPool) {
    let app = app(pool.clone()).await;
    let cases = [
        ("/api/v1/charts/genres/pop?day=yesterday", StatusCode::BAD_REQUEST, "day: not a day (write it as YYYY-MM-DD)"),
        (
            "/api/v1/charts/genres/pop?method=loudest",
            StatusCode::BAD_REQUEST,
            "method: not a ranking method (one of services-then-positions, borda, average-rank)",
        ),
        ("/api/v1/charts/genres/polka", StatusCode::NOT_FOUND, "there is no chart genre “polka”"),
        ("/api/v1/charts/genres/pop", StatusCode::NOT_FOUND, "no chart of “pop” has been brought in yet"),
        ("/api/v1/charts/recordings/12345", StatusCode::NOT_FOUND, "there is no such recording"),
        ("/api/v1/charts/recordings/abc", StatusCode::NOT_FOUND, "there is no such recording"),
    ];
    for (path, status, error) in cases {
        let (answered, _, body) = json(&app, path).await;
        assert_eq!(answered, status, "{path}");
        assert_eq!(body["error"], error, "{path}");
    }
    let post = Request::post("/api/v1/charts/genres").header("host", "127.0.0.1:3000").body(Body::empty()).unwrap();
    assert_eq!(send(&app, post).await.status(), StatusCode::METHOD_NOT_ALLOWED);
}

/// Counts `service` reports for `recording` on `day`.
async fn count(pool: &PgPool, recording: i64, service: &str, day: &str, count: i64) {
    sqlx::query("INSERT INTO recording_counts (recording_id, service, day, count) VALUES ($1, $2, $3::date, $4)")
        .bind(recording)
        .bind(service)
        .bind(day)
        .bind(count)
        .execute(pool)
        .await
        .unwrap();
}

fn recordings_in_order(chart: &Value) -> Vec<i64> {
    chart["entries"].as_array().unwrap().iter().filter_map(|entry| entry["recording"].as_i64()).collect()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn trending_and_total_plays_follow_the_counts_and_answers_keep_until_the_next_ingest(pool: PgPool) {
    import(&pool, "regional-global-weekly-2026-11-26.csv", SPOTIFY, None).await;
    import(&pool, "songs.json", APPLE, None).await;
    let ranked = recordings_in_order(&json(&app(pool.clone()).await, "/api/v1/charts/genres/pop").await.2);
    let [first, second, third] = ranked[..3] else { panic!("three recordings: {ranked:?}") };
    // The first grew 10 % in the week, the second doubled; the third is counted only on the day, the most.
    count(&pool, first, "youtube", "2026-11-24", 1000).await;
    count(&pool, first, "youtube", "2026-12-01", 1100).await;
    count(&pool, second, "soundcloud", "2026-11-24", 100).await;
    count(&pool, second, "soundcloud", "2026-12-01", 200).await;
    count(&pool, third, "youtube", "2026-12-01", 5000).await;
    count(&pool, third, "youtube", "2026-12-02", 9000).await;
    let app = app(pool.clone()).await;

    let (status, _, trending) = json(&app, "/api/v1/charts/genres/pop?order=trending").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(trending["order"], "trending");
    let order = recordings_in_order(&trending);
    assert_eq!(order[..2], [second, first], "the fastest growing first");
    let rest: Vec<i64> = ranked.iter().copied().filter(|id| *id != first && *id != second).collect();
    assert_eq!(order[2..], rest[..], "the tracks without a week of counts follow in ranking order");
    let top = &trending["entries"][0];
    assert_eq!((top["plays"].as_u64(), top["weekly_change"].as_i64()), (Some(200), Some(100)));
    assert_eq!(top["weekly_change_percent"].as_f64(), Some(100.0));

    let (_, _, plays) = json(&app, "/api/v1/charts/genres/pop?order=plays").await;
    assert_eq!(recordings_in_order(&plays)[..3], [third, first, second], "a count after the chart's day is not seen");

    let (status, _, refused) = json(&app, "/api/v1/charts/genres/pop?order=loudest").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(refused["error"], "order: not an order (one of ranking, trending, plays)");

    // With a fetch due in 40 minutes, clients may keep an answer until then.
    let due = time::OffsetDateTime::now_utc() + time::Duration::minutes(40);
    let fetch =
        crossfade_jobs::NewJob::new(crossfade_library::charts::FETCH_CHART, serde_json::json!({})).with_run_at(due);
    crossfade_jobs::Queue::new(pool.clone()).enqueue(fetch).await.unwrap();
    let response = send(&app, get("/api/v1/charts/genres/pop?order=plays")).await;
    let cache = response.headers()[header::CACHE_CONTROL].to_str().unwrap().to_owned();
    let max_age: i64 = cache.strip_prefix("public, max-age=").unwrap().parse().unwrap();
    assert!((2300..=2400).contains(&max_age), "{cache}");
    // A play count due sooner comes first; and however far the next ingest, an hour at most.
    let count = crossfade_jobs::NewJob::new(crossfade_library::charts::COUNT_PLAYS, serde_json::json!({}))
        .with_run_at(time::OffsetDateTime::now_utc() + time::Duration::minutes(5));
    crossfade_jobs::Queue::new(pool.clone()).enqueue(count).await.unwrap();
    let response = send(&app, get("/api/v1/charts/genres/pop?order=plays")).await;
    let cache = response.headers()[header::CACHE_CONTROL].to_str().unwrap().to_owned();
    let max_age: i64 = cache.strip_prefix("public, max-age=").unwrap().parse().unwrap();
    assert!((250..=300).contains(&max_age), "{cache}");
    sqlx::query("UPDATE jobs SET run_at = now() + interval '3 days'").execute(&pool).await.unwrap();
    let response = send(&app, get("/api/v1/charts/genres/pop?order=plays")).await;
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=3600");
}
