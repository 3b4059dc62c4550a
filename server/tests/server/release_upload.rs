//! Bringing in new releases through the production router, as a browser without JavaScript posts a file: a release
//! list lands in the release tables with its matching queued and its bad rows named by line on the releases page,
//! files of no known shape are refused in words with nothing stored, and visitors and other sites are turned away.
//! Each redirect is followed to the page, so the server's query codes and the page's words are checked together.

use crate::text::visible_text;
use crate::{common, seed};

use axum::body::Body;
use common::{Browser, ORIGIN, TestApp, app, page};
use http::{Request, StatusCode};
use sqlx::PgPool;

const BOUNDARY: &str = "crossfade-release-upload-boundary";

/// A DJ's release list: semicolons, a row with a broken ISRC (line 3), a row without a title (line 5).
const RELEASE_LIST: &str = "Artist;Title;Mix;ISRC;Label;Release Date;BPM;Key;Genre\n\
    Kashpitzky;Elevate;Original Mix;IL4092509501;Be As One;2026-11-30;142;9B;Techno (Peak Time / Driving)\n\
    Kashpitzky;Horizon;Extended Mix;not-an-isrc;Be As One;2026-11-30;140;8A;Techno (Peak Time / Driving)\n\
    Ida & Kashpitzky;Tunnel;Dub Mix;;Be As One;2026-12-01;138;F# min;Techno (Peak Time / Driving)\n\
    Ida;;Original Mix;;;;;;\n";

struct Visit {
    app: TestApp,
    browser: Browser,
    user_id: i64,
}

impl Visit {
    async fn start(pool: &PgPool) -> Visit {
        let app = app(pool.clone()).await;
        let (browser, user_id) = seed::signed_in(&app, pool, false).await;
        Visit { app, browser, user_id }
    }

    /// Posts `content` as the form's file; answers where the browser is sent.
    async fn upload(&mut self, file_name: &str, content: &str) -> String {
        let response = self.browser.send(&self.app, upload(file_name, content)).await;
        location(response)
    }

    /// The page's visible text.
    async fn page(&mut self, path: &str) -> String {
        visible_text(&page(&self.app, &mut self.browser, path).await)
    }
}

/// The multipart form the releases page posts, with `content` as the file `file_name`.
fn upload(file_name: &str, content: &str) -> Request<Body> {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{content}\r\n--{BOUNDARY}--\r\n"
    );
    Request::post("/curation/releases")
        .header("host", "127.0.0.1:3000")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("origin", ORIGIN)
        .header("referer", format!("{ORIGIN}/curation/releases"))
        .body(Body::from(body))
        .unwrap()
}

fn location(response: http::Response<Body>) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()[http::header::LOCATION].to_str().unwrap().to_owned()
}

async fn stored_tracks(pool: &PgPool) -> i64 {
    sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM release_tracks"#).fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_release_list_is_stored_its_matching_queued_and_its_bad_rows_named(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let location = visit.upload("week-49.csv", RELEASE_LIST).await;
    let ingest: i64 = sqlx::query_scalar!("SELECT id FROM release_ingests WHERE user_id = $1", visit.user_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(location, format!("/curation/releases?ingest={ingest}"));
    assert_eq!(stored_tracks(&pool).await, 2);
    let queued: i64 = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM jobs WHERE kind = 'match_releases' AND user_id = $1"#,
        visit.user_id
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(queued, 1);

    let html = visit.page(&location).await;
    assert!(html.contains("The file was read"), "{html}");
    assert!(html.contains("week-49.csv"), "{html}");
    assert!(html.contains("2 tracks read, 2 new."), "{html}");
    assert!(html.contains("Not looked up on Spotify yet.") && html.contains("2 still to look up."), "{html}");
    assert!(html.contains("2 rows left out"), "{html}");
    assert!(html.contains("Line 3: ISRC"), "{html}");
    assert!(html.contains("Line 5: title is missing"), "{html}");

    // The same file again stores nothing new and says so.
    let again = visit.upload("week-49.csv", RELEASE_LIST).await;
    assert_ne!(again, location);
    assert_eq!(stored_tracks(&pool).await, 2);
    let html = visit.page(&again).await;
    assert!(html.contains("2 tracks read, 0 new."), "{html}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn files_of_no_known_shape_are_refused_in_words(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let cases = [
        ("empty.csv", "", "problem=empty", "Nothing was stored: the file is empty."),
        (
            "notes.txt",
            "just some words\n",
            "problem=unknown-format",
            "Nothing was stored: the file is none of the formats",
        ),
        (
            "week.json",
            "{\"results\": [\n{\"id\": 1,\n",
            "problem=malformed&line=",
            "the file's structure is broken at line",
        ),
        (
            "list.csv",
            "Artist;Label\nIda;Be As One\n",
            "problem=missing-column&column=title",
            "the header has no title column",
        ),
    ];
    for (name, content, query, words) in cases {
        let location = visit.upload(name, content).await;
        assert!(location.starts_with(&format!("/curation/releases?{query}")), "{name}: {location}");
        let html = visit.page(&location).await;
        assert!(html.contains(words), "{name}: {html}");
    }
    assert_eq!(stored_tracks(&pool).await, 0);
    let ingests: i64 =
        sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM release_ingests"#).fetch_one(&pool).await.unwrap();
    assert_eq!(ingests, 0);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn visitors_are_sent_to_sign_in_and_other_sites_are_refused(pool: PgPool) {
    let app = app(pool.clone()).await;
    let mut visitor = Browser::default();
    let response = visitor.send(&app, upload("week.csv", RELEASE_LIST)).await;
    assert_eq!(location(response), "/sign-in");
    let html = visible_text(&page(&app, &mut visitor, "/curation/releases").await);
    assert!(html.contains("to bring in new releases"), "{html}");

    let mut visit = Visit::start(&pool).await;
    let mut request = upload("week.csv", RELEASE_LIST);
    request.headers_mut().insert("origin", "https://elsewhere.example".parse().unwrap());
    request.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
    let response = visit.browser.send(&visit.app, request).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(stored_tracks(&pool).await, 0);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_watched_folder_is_named_and_start_up_queues_what_waits(pool: PgPool) {
    let folder = tempfile::tempdir().unwrap();
    let settings = common::settings_with(&[("CROSSFADE_RELEASE_FOLDER", folder.path().to_str().unwrap())]);
    let app = common::app_with(pool.clone(), &settings).await;
    let (mut browser, user_id) = seed::signed_in(&app, &pool, true).await;
    let (spotify_user, _) = common::demo_user(&app, 0);
    let text = visible_text(&page(&app, &mut browser, "/curation/releases").await);
    assert!(
        text.contains("Or drop files into the watched folder")
            && text.contains(&format!("subfolder named {spotify_user} (your Spotify user id)")),
        "{text}"
    );

    // Releases stored while their matching could not be queued: start-up queues it, and the first look.
    let read = crossfade_domain::read_feed(RELEASE_LIST.as_bytes()).unwrap();
    let origin = crossfade_store::releases::IngestOrigin::Folder;
    crossfade_store::releases::record_ingest(&pool, user_id, origin, "week.csv", &read).await.unwrap();
    crossfade_server::workers::schedule_release_work(&app.state).await;
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM jobs WHERE state = 'queued' ORDER BY kind")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(kinds.iter().any(|kind| kind == "match_releases"), "{kinds:?}");
    assert!(kinds.iter().any(|kind| kind == "watch_release_folder"), "{kinds:?}");

    // Without a folder the page does not speak of one.
    let app = common::app(pool.clone()).await;
    let (mut browser, _) = seed::signed_in(&app, &pool, true).await;
    let text = visible_text(&page(&app, &mut browser, "/curation/releases").await);
    assert!(!text.contains("watched folder"), "{text}");
}
