//! Importing enrichment values from files through the production router, as a browser without JavaScript posts
//! them: a good Exportify export lands in the signed-in user's track facts as values from `file` (matched by
//! Spotify id and by ISRC, never touching another user's library), a file with a bad row imports nothing and the
//! redirect names the line, a translated or unknown header is reported, a later file replaces what an earlier one
//! said, forgetting removes every imported value, and visitors and other sites are turned away. Each redirect is
//! followed to the page, so the server's query codes and the page's words are checked together.

use crate::{common, seed};

use axum::body::Body;
use common::{Browser, ORIGIN, TestApp, app, form_post, page};
use crossfade_server::file_import::{BODY_LIMIT_BYTES, FILE_LIMIT_BYTES};
use http::{Request, StatusCode};
use sqlx::PgPool;

const BOUNDARY: &str = "crossfade-file-import-boundary";

/// Exportify's full header (with its genre, feature and album groups), in English.
const EXPORTIFY: [&str; 35] = [
    "Track URI",
    "Track Name",
    "Artist URI(s)",
    "Artist Name(s)",
    "Album URI",
    "Album Name",
    "Album Artist URI(s)",
    "Album Artist Name(s)",
    "Album Release Date",
    "Album Image URL",
    "Disc Number",
    "Track Number",
    "Track Duration (ms)",
    "Track Preview URL",
    "Explicit",
    "Popularity",
    "ISRC",
    "Added By",
    "Added At",
    "Artist Genres",
    "Danceability",
    "Energy",
    "Key",
    "Loudness",
    "Mode",
    "Speechiness",
    "Acousticness",
    "Instrumentalness",
    "Liveness",
    "Valence",
    "Tempo",
    "Time Signature",
    "Album Genres",
    "Label",
    "Copyrights",
];

/// The same header as a German Exportify writes it.
const EXPORTIFY_GERMAN: [&str; 35] = [
    "Track-URI",
    "Titel",
    "Künstler-URI(s)",
    "Künstlername(n)",
    "Album-URI",
    "Albumname",
    "Albumkünstler-URI(s)",
    "Albumkünstlername(n)",
    "Erscheinungsdatum des Albums",
    "Albumcover-URL",
    "CD-Nummer",
    "Titelnummer",
    "Titeldauer (ms)",
    "Titelvorschau-URL",
    "Explizit",
    "Beliebtheit",
    "ISRC",
    "Hinzugefügt von",
    "Hinzugefügt am",
    "Künstler-Genres",
    "Tanzbarkeit",
    "Energie",
    "Tonart",
    "Lautstärke",
    "Modus",
    "Sprachanteil",
    "Akustik",
    "Instrumentalität",
    "Live-Anteil",
    "Valenz",
    "Tempo",
    "Taktart",
    "Album-Genres",
    "Label",
    "Urheberrechte",
];

/// An Exportify file (every field quoted) with `header` and one line per row, each row given as
/// `(English column name, value)` pairs; columns not given are empty.
fn exportify(header: &[&str], rows: &[&[(&str, &str)]]) -> String {
    let quoted = |value: &str| format!("\"{}\"", value.replace('"', "\"\""));
    let mut file = header.iter().map(|name| quoted(name)).collect::<Vec<_>>().join(",");
    for row in rows {
        let fields: Vec<String> = EXPORTIFY
            .iter()
            .map(|column| quoted(row.iter().find(|(name, _)| name == column).map_or("", |(_, value)| value)))
            .collect();
        file.push('\n');
        file.push_str(&fields.join(","));
    }
    file.push('\n');
    file
}

/// Beta (in the seeded library by its id) with features, a key, genres and a label; a track not in the library
/// whose ISRC is Alpha's; another user's track; a local file.
fn good_export(header: &[&str]) -> String {
    exportify(
        header,
        &[
            &[
                ("Track URI", "spotify:track:trBeta0000000000000000"),
                ("Track Name", "Beta 100% Pure"),
                ("Energy", "0.8"),
                ("Tempo", "123.5"),
                ("Key", "9"),
                ("Mode", "0"),
                ("Time Signature", "4"),
                ("Artist Genres", "deep house,seen live"),
                ("Label", "Night Label Records"),
            ],
            &[
                ("Track URI", "spotify:track:trNowhere0000000000000"),
                ("Track Name", "Alpha Song (single)"),
                ("ISRC", "US-AAA-24-00001"),
                ("Danceability", "0.55"),
            ],
            &[("Track URI", "spotify:track:trSecret00000000000000"), ("Energy", "0.1")],
            &[("Track URI", "spotify:local:Tape+Band::Home+Recording:95"), ("Track Name", "Home Recording")],
        ],
    )
}

/// What the good export's import answers, after the import page's path.
const GOOD_IMPORT: &str =
    "imported=3&layout=exportify&header=en&id=1&isrc=1&missed=1&tracks=2&values=8&lines=4&local=1";

/// A signed-in demo user with the seeded library (and another user's rows beside it).
struct Visit {
    app: TestApp,
    browser: Browser,
    pool: PgPool,
    user_id: i64,
}

impl Visit {
    async fn start(pool: &PgPool) -> Visit {
        let app = app(pool.clone()).await;
        let (browser, user_id) = seed::signed_in(&app, pool, false).await;
        Visit { app, browser, pool: pool.clone(), user_id }
    }

    /// Posts `content` as the form's file; answers where the browser is sent.
    async fn import(&mut self, content: &str) -> String {
        let response = self.browser.send(&self.app, upload("playlist.csv", content)).await;
        location(response)
    }

    /// Presses "Forget imported values"; answers where the browser is sent.
    async fn forget(&mut self) -> String {
        let response = self.browser.send(&self.app, forget_post()).await;
        location(response)
    }

    async fn page(&mut self, path: &str) -> String {
        page(&self.app, &mut self.browser, path).await
    }

    /// `column` of the user's track facts of `track`, as text.
    async fn fact(&self, track: &str, column: &str) -> Option<String> {
        sqlx::query_scalar(&format!("SELECT {column}::text FROM track_facts WHERE user_id = $1 AND track_id = $2"))
            .bind(self.user_id)
            .bind(track)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// How many rows of file values the user has in each of the four tables.
    async fn stored(&self) -> [i64; 4] {
        let mut counts = [0; 4];
        for (count, table) in
            counts.iter_mut().zip(["track_features", "track_genres", "track_source_tags", "track_labels"])
        {
            *count =
                sqlx::query_scalar(&format!("SELECT count(*) FROM {table} WHERE provider = 'file' AND user_id = $1"))
                    .bind(self.user_id)
                    .fetch_one(&self.pool)
                    .await
                    .unwrap();
        }
        counts
    }
}

/// The multipart form the import page posts, with `content` as the file `file_name`.
fn upload(file_name: &str, content: &str) -> Request<Body> {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{content}\r\n--{BOUNDARY}--\r\n"
    );
    Request::post("/sources/import")
        .header("host", "127.0.0.1:3000")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("origin", ORIGIN)
        .header("referer", format!("{ORIGIN}/sources/import"))
        .body(Body::from(body))
        .unwrap()
}

fn forget_post() -> Request<Body> {
    form_post("/sources/import/forget", "", &[("origin", ORIGIN), ("referer", "http://127.0.0.1:3000/sources/import")])
}

fn location(response: http::Response<Body>) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()[http::header::LOCATION].to_str().unwrap().to_owned()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_good_exportify_file_lands_in_the_facts_as_values_from_file(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let other_user_facts: Vec<(String, String)> =
        sqlx::query_as("SELECT track_id, value_sources::text FROM track_facts WHERE user_id <> $1 ORDER BY track_id")
            .bind(visit.user_id)
            .fetch_all(&pool)
            .await
            .unwrap();

    let location = visit.import(&good_export(&EXPORTIFY)).await;
    assert_eq!(location, format!("/sources/import?{GOOD_IMPORT}"));

    // Beta by its id: every value it gave, from `file`.
    let beta = "trBeta0000000000000000";
    assert_eq!(visit.fact(beta, "energy").await.as_deref(), Some("0.8"));
    assert_eq!(visit.fact(beta, "tempo").await.as_deref(), Some("123.5"));
    assert_eq!(visit.fact(beta, "(key, mode, time_signature)").await.as_deref(), Some("(9,0,4)"));
    assert_eq!(visit.fact(beta, "genres").await.as_deref(), Some("{deep-house}"));
    assert_eq!(visit.fact(beta, "(label, label_key)").await.as_deref(), Some("(\"Night Label Records\",night-label)"));
    for field in ["energy", "tempo", "key", "time_signature", "genres", "label"] {
        assert_eq!(visit.fact(beta, &format!("value_sources ->> '{field}'")).await.as_deref(), Some("file"), "{field}");
    }
    // Alpha by the ISRC of a row whose id is not in the library.
    let alpha = "trAlpha000000000000000";
    assert_eq!(visit.fact(alpha, "danceability").await.as_deref(), Some("0.55"));
    assert_eq!(visit.fact(alpha, "value_sources").await.as_deref(), Some(r#"{"danceability": "file"}"#));
    // Words that are no genre are kept as the file's tags.
    let tags: Vec<String> = sqlx::query_scalar(
        "SELECT tag FROM track_source_tags WHERE provider = 'file' AND user_id = $1 AND track_id = $2",
    )
    .bind(visit.user_id)
    .bind(beta)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(tags, ["seen live"]);

    // Another user's track is not in this library: nothing is stored for it, and their facts are as they were.
    let secret: i64 =
        sqlx::query_scalar("SELECT count(*) FROM track_features WHERE track_id = 'trSecret00000000000000'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(secret, 0);
    let after: Vec<(String, String)> =
        sqlx::query_as("SELECT track_id, value_sources::text FROM track_facts WHERE user_id <> $1 ORDER BY track_id")
            .bind(visit.user_id)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(after, other_user_facts);

    let html = visit.page(&location).await;
    assert!(
        html.contains(
            "Imported 3 rows from an Exportify export: 1 matched by Spotify id, 1 by ISRC, 1 not in your library \
             (line 4)."
        ),
        "{html}"
    );
    assert!(html.contains("Stored 8 values for 2 tracks"), "{html}");
    assert!(html.contains("1 row named local files"), "{html}");
    assert!(html.contains("2 tracks in your library take values from files you imported."), "{html}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_file_with_a_bad_row_imports_nothing_and_the_redirect_names_the_line(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    assert_eq!(visit.import(&good_export(&EXPORTIFY)).await, format!("/sources/import?{GOOD_IMPORT}"));
    let before = visit.stored().await;

    let file = exportify(
        &EXPORTIFY,
        &[
            &[("Track URI", "spotify:track:trBeta0000000000000000"), ("Energy", "0.2")],
            &[("Track URI", "spotify:track:trGamma000000000000000"), ("Energy", "1.8")],
            &[("Track URI", "spotify:album:trDelta000000000000000"), ("Energy", "0.4")],
        ],
    );
    let location = visit.import(&file).await;
    assert_eq!(location, "/sources/import?problem=bad-rows&bad=3:range:energy:1.8,4:not-a-track");

    // Nothing of the file was taken, not even its good first row.
    assert_eq!(visit.fact("trBeta0000000000000000", "energy").await.as_deref(), Some("0.8"));
    assert_eq!(visit.fact("trGamma000000000000000", "energy").await, None);
    assert_eq!(visit.stored().await, before);

    let html = visit.page(&location).await;
    assert!(html.contains("Nothing was imported, because the file has 2 problems:"), "{html}");
    assert!(html.contains("line 3: Energy 1.8 is outside 0–1"), "{html}");
    assert!(html.contains("line 4: the track is not a Spotify track"), "{html}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_translated_header_is_reported_and_an_unknown_one_matched_by_position(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;

    let german = visit.import(&good_export(&EXPORTIFY_GERMAN)).await;
    assert_eq!(german, format!("/sources/import?{}", GOOD_IMPORT.replace("header=en", "header=de")));
    let html = visit.page(&german).await;
    assert!(html.contains("Imported 3 rows from an Exportify export (headers in German): 1 matched"), "{html}");

    let unknown: Vec<String> = (1..=35).map(|n| format!("Kolom {n}")).collect();
    let unknown: Vec<&str> = unknown.iter().map(String::as_str).collect();
    let by_position = visit.import(&good_export(&unknown)).await;
    assert_eq!(by_position, format!("/sources/import?{}", GOOD_IMPORT.replace("header=en", "header=position")));
    let html = visit.page(&by_position).await;
    assert!(html.contains("so the columns were matched by position"), "{html}");

    // A header that fits nothing is refused, naming the nearest layout.
    let location = visit.import("Title,Artist,BPM\nSong,Band,120\n").await;
    assert!(location.starts_with("/sources/import?problem=unknown-header&nearest="), "{location}");
    let html = visit.page(&location).await;
    assert!(html.contains("header is not one Crossfade knows"), "{html}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_later_file_replaces_what_an_earlier_one_said_about_its_tracks(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    visit.import(&good_export(&EXPORTIFY)).await;

    let later = exportify(
        &EXPORTIFY,
        &[
            &[("Track URI", "spotify:track:trBeta0000000000000000"), ("Energy", "0.3"), ("Artist Genres", "jazz")],
            // A row with no values leaves Alpha's earlier ones alone.
            &[("Track URI", "spotify:track:trAlpha000000000000000"), ("Track Name", "Alpha Song")],
        ],
    );
    let location = visit.import(&later).await;
    assert_eq!(
        location,
        "/sources/import?imported=2&layout=exportify&header=en&id=2&isrc=0&missed=0&tracks=1&values=2"
    );
    let beta = "trBeta0000000000000000";
    assert_eq!(visit.fact(beta, "energy").await.as_deref(), Some("0.3"));
    assert_eq!(visit.fact(beta, "tempo").await, None);
    assert_eq!(visit.fact(beta, "genres").await.as_deref(), Some("{jazz}"));
    assert_eq!(visit.fact(beta, "label").await, None);
    assert_eq!(visit.fact("trAlpha000000000000000", "danceability").await.as_deref(), Some("0.55"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn forgetting_removes_every_imported_value(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    visit.import(&good_export(&EXPORTIFY)).await;
    assert_eq!(visit.stored().await, [2, 1, 1, 1]);

    let location = visit.forget().await;
    assert_eq!(location, "/sources/import?forgotten=2");
    assert_eq!(visit.stored().await, [0, 0, 0, 0]);
    assert_eq!(visit.fact("trBeta0000000000000000", "energy").await, None);
    assert_eq!(visit.fact("trBeta0000000000000000", "value_sources").await.as_deref(), Some("{}"));
    assert_eq!(visit.fact("trAlpha000000000000000", "danceability").await, None);

    let html = visit.page(&location).await;
    assert!(html.contains("Forgot the values you imported for 2 tracks."), "{html}");
    assert!(html.contains("No track in your library takes a value from an imported file."), "{html}");
    assert_eq!(visit.forget().await, "/sources/import?forgotten=0");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn files_that_are_no_export_are_refused_in_words(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let cases = [
        ("", "problem=empty", "the file is empty."),
        ("Track URI;Track Name\nx;y\n", "problem=not-csv", "this is not a CSV file with commas between its values."),
        ("\"Track URI\",\"Track Name\"\n", "problem=no-tracks", "the file has a header but no tracks."),
    ];
    for (content, query, words) in cases {
        let location = visit.import(content).await;
        assert_eq!(location, format!("/sources/import?{query}"));
        let html = visit.page(&location).await;
        assert!(html.contains(&format!("Nothing was imported: {words}")), "{html}");
    }
    // Just over the file limit (the form reader counts), and past the whole body's limit (the body is cut off).
    for size in [FILE_LIMIT_BYTES + 1, BODY_LIMIT_BYTES + 1] {
        let location = visit.import(&"a".repeat(size)).await;
        assert_eq!(location, "/sources/import?problem=too-large&limit=32");
    }
    let html = visit.page("/sources/import?problem=too-large&limit=32").await;
    assert!(html.contains("Nothing was imported: the file is larger than 32 MB"), "{html}");
    assert_eq!(visit.stored().await, [0, 0, 0, 0]);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn visitors_are_sent_to_sign_in_and_other_sites_are_refused(pool: PgPool) {
    let app = app(pool.clone()).await;
    let mut visitor = Browser::default();
    let response = visitor.send(&app, upload("playlist.csv", &good_export(&EXPORTIFY))).await;
    assert_eq!(location(response), "/sign-in");
    let response = visitor.send(&app, forget_post()).await;
    assert_eq!(location(response), "/sign-in");
    let html = page(&app, &mut visitor, "/sources/import").await;
    assert!(html.contains("to import values from a file"), "{html}");
    assert!(!html.contains("Forget imported values"), "{html}");

    let mut visit = Visit::start(&pool).await;
    for mut request in [upload("playlist.csv", &good_export(&EXPORTIFY)), forget_post()] {
        request.headers_mut().insert("origin", "https://elsewhere.example".parse().unwrap());
        request.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
        let response = visit.browser.send(&visit.app, request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(visit.stored().await, [0, 0, 0, 0]);
}
