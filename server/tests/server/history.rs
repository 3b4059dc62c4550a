//! The listening-history dashboard without JavaScript, over the seeded plays (six song plays on 1–6 April 2024 at
//! 10:00 UTC, one skipped, and a podcast episode on the 7th; another user's plays in June), with figures worked out
//! by hand, ranges, refusals and downloads.

use http::StatusCode;
use sqlx::PgPool;

use crate::enriched::Visit;
use crate::{common, text};

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_whole_history_shows_every_section_with_figures_from_the_read_model(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let (status, html) = visit.get("/insights/history").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let text = text::visible_text(&html);
    assert!(text.contains("Your listening: all of your history"), "{text}");
    // 150 + 100 + 30 + 100 + 100 + 210 seconds of songs; 20 minutes of podcast.
    for card in [
        "Time listened 11 min",
        "Plays 6",
        "Days with plays 6",
        "Tracks 3",
        "Artists 3",
        "Skipped 17 %",
        "Sessions 6",
        "Podcasts 20 min",
    ] {
        assert!(text.contains(card), "{card}: {text}");
    }
    assert!(html.contains("Calendar of 2024: plays on 6 days."), "{html}");
    // Saturday the 6th holds the longest play.
    assert!(html.contains("The busiest hour is Saturday 10:00."), "{html}");
    assert!(
        text.contains("1 Beta 100% Pure · Moonlight Choir, Sun Collective 3 4 min 2024-04-01 2024-04-03"),
        "{text}"
    );
    assert!(text.contains("1 Sun Collective 5 8 min 2024-04-01 2024-04-05"), "Beta and Delta: {text}");
    assert!(text.contains("1 Nights 3 4 min"), "{text}");
    assert!(text.contains("Echo From History"), "a track only the history names: {text}");
    // One skip each: Moonlight Choir's rate (1 in 3) is above Sun Collective's (1 in 5).
    assert!(text.contains("1 Moonlight Choir 3 1 33 % 2024-04-01 2024-04-03 2 Sun Collective 5 1 20 %"), "{text}");
    assert!(text.contains("Longest streak 6 days (2024-04-01 to 2024-04-06)"), "{text}");
    assert!(
        text.contains("2024-04-06 09:56 2024-04-06 10:00 3 min 1"),
        "the longest session, from its start to the end Spotify reports: {text}"
    );
    assert!(text.contains("2024-04 3 3"), "discoveries: {text}");
    assert!(html.contains(r#"href="/library/tracks/trBeta0000000000000000""#), "{html}");
    assert!(html.contains(r#"href="/insights?of=artist%3AarSun00000000000000000""#), "{html}");
    assert!(html.contains(r#"href="/insights/history?from=2024-01-01&amp;to=2024-12-31""#), "a year link: {html}");
    assert!(!text.contains("Secret Track") && !text.contains("2024-06"), "another user's plays: {text}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_range_counts_its_days_and_bad_ranges_are_refused_by_name(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let text = visit.text("/insights/history?from=2024-04-02&to=2024-04-03").await;
    assert!(text.contains("Your listening: 2024-04-02 to 2024-04-03"), "{text}");
    assert!(
        text.contains("Plays 2") && text.contains("Time listened 2 min") && text.contains("Skipped 50 %"),
        "{text}"
    );
    assert!(text.contains("Nothing new in this range."), "Beta was first heard on the 1st: {text}");
    let quiet = visit.text("/insights/history?from=2025-01-01").await;
    assert!(quiet.contains("No plays in this range."), "{quiet}");
    for (query, says) in [
        ("from=2024-13-01", "`2024-13-01` is not a date written as YYYY-MM-DD"),
        ("from=2024-05-01&to=2024-04-01", "the range ends (2024-04-01) before it starts (2024-05-01)"),
    ] {
        let (status, html) = visit.get(&format!("/insights/history?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(text::visible_text(&html).contains(says), "{query}: {html}");
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn history_tables_download_as_csv_and_json(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let page = visit.get("/insights/history?from=2024-04-01").await.1;
    assert!(
        page.contains(r#"href="/insights/history/export?from=2024-04-01&amp;table=tracks&amp;format=csv""#),
        "{page}"
    );
    let response =
        visit.browser.send(&visit.app, common::get("/insights/history/export?table=tracks&format=csv")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"crossfade-history-all-tracks-20"), "{disposition}");
    let csv = common::body_text(response).await;
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("track_id,name,artists,plays,ms_played,skips,first_played,last_played"));
    assert_eq!(
        lines.next(),
        Some(
            "trBeta0000000000000000,Beta 100% Pure,\"Moonlight Choir, Sun Collective\",3,280000,1,\
             2024-04-01T10:00:00Z,2024-04-03T10:00:00Z"
        )
    );
    let (status, json) = visit.get("/insights/history/export?from=2024-04-07&table=days&format=json").await;
    assert_eq!(status, StatusCode::OK);
    let days: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        days,
        serde_json::json!([{"period": "2024-04-07", "plays": 0, "ms_played": 0, "skips": 0, "episodes": 1,
                            "episode_ms": 1_200_000}])
    );
    for (path, status) in [
        ("/insights/history/export?table=everything", StatusCode::BAD_REQUEST),
        ("/insights/history/export?table=days&format=xlsx", StatusCode::BAD_REQUEST),
        ("/insights/history/export?from=yesterday&table=days", StatusCode::BAD_REQUEST),
    ] {
        assert_eq!(visit.get(path).await.0, status, "{path}");
    }
    let visitor = common::send(&visit.app, common::get("/insights/history/export?table=days")).await;
    assert_eq!(visitor.status(), StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_tracks_played_in_a_range_and_the_most_played_are_collections(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let history = visit.get("/insights/history?from=2024-04-02&to=2024-04-03").await.1;
    assert!(history.contains(r#"href="/insights?of=played%3A2024-04-02..2024-04-03""#), "{history}");
    assert!(history.contains(r#"href="/insights?of=top%3A2024-04-02..2024-04-03""#), "{history}");
    let played = visit.text("/insights?of=played:2024-04-02..2024-04-03").await;
    assert!(played.contains("Played · Insights Tracks you played: 2024-04-02 to 2024-04-03"), "{played}");
    assert!(played.contains("Tracks 1"), "only Beta was played on those days: {played}");
    let top = visit.text("/insights?of=top:..").await;
    assert!(top.contains("Top tracks · Insights Your 50 most played: all of your history"), "{top}");
    assert!(top.contains("Tracks 3"), "the three played tracks (Alpha and Gamma were never played): {top}");
    let since = visit.text("/insights?of=played:2024-04-04..").await;
    assert!(since.contains("Tracks 2"), "Delta and Echo: {since}");
    let (status, html) = visit.get("/insights?of=played:2024").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text::visible_text(&html).contains("`2024` is not a date range written FROM..TO"), "{html}");
}
