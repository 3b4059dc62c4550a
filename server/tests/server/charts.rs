//! Charts through the production router, as a browser without JavaScript uses them: chart files posted with their
//! genre (and a day where the file has none) are stored and reported on the import page, or refused there with the
//! file's line and nothing stored; the genre's merged chart shows each service's position linked to the track there,
//! by the ranking method and on the day chosen, with bad choices refused in words; an unmatched entry is settled with
//! a recording found by its words; visitors are pointed to sign-in.

use crate::text::visible_text;
use crate::{common, seed};

use axum::body::Body;
use common::{Browser, ORIGIN, TestApp, app, body_text, get, page};
use http::{Request, StatusCode};
use sqlx::PgPool;

const BOUNDARY: &str = "crossfade-chart-upload-boundary";
const SPOTIFY: &str = include_str!("../../../crates/domain/tests/charts/regional-global-weekly-2026-11-26.csv");
const APPLE: &str = include_str!("../../../crates/domain/tests/charts/apple-music-most-played-us.json");
const BILLBOARD: &str = include_str!("../../../crates/domain/tests/charts/billboard-hot-100-2026-11-28.json");
const LASTFM: &str = include_str!("../../../crates/domain/tests/charts/lastfm-tag-pop-page-1.json");

/// The multipart form the import page posts: the genre, the day (empty when not given) and the file.
fn upload(genre: &str, day: &str, file_name: &str, content: &str) -> Request<Body> {
    let field = |name: &str, value: &str| {
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    };
    let body = format!(
        "{}{}--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{content}\r\n--{BOUNDARY}--\r\n",
        field("genre", genre),
        field("day", day),
    );
    Request::post("/charts/import")
        .header("host", "127.0.0.1:3000")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("origin", ORIGIN)
        .header("referer", format!("{ORIGIN}/charts/import"))
        .body(Body::from(body))
        .unwrap()
}

struct Visit {
    app: TestApp,
    browser: Browser,
}

impl Visit {
    async fn start(pool: &PgPool) -> Visit {
        let app = app(pool.clone()).await;
        let (browser, _) = seed::signed_in(&app, pool, true).await;
        Visit { app, browser }
    }

    /// Posts a chart; answers the page the browser is sent to, as text.
    async fn import(&mut self, genre: &str, day: &str, file_name: &str, content: &str) -> String {
        let response = self.browser.send(&self.app, upload(genre, day, file_name, content)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()[http::header::LOCATION].to_str().unwrap().to_owned();
        assert!(location.starts_with("/charts/import?"), "{location}");
        self.page(&location).await
    }

    async fn page(&mut self, path: &str) -> String {
        visible_text(&page(&self.app, &mut self.browser, path).await)
    }

    async fn status_and_text(&mut self, path: &str) -> (StatusCode, String) {
        let response = self.browser.send(&self.app, get(path)).await;
        let status = response.status();
        (status, visible_text(&body_text(response).await))
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn charts_of_several_services_are_brought_in_and_merged(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let genres = visit.page("/charts").await;
    assert!(
        genres.contains("Pop") && genres.contains("Country") && genres.contains("Bring in a chart file"),
        "{genres}"
    );

    let spotify = visit.import("pop", "", "regional-global-weekly-2026-11-26.csv", SPOTIFY).await;
    assert!(
        spotify.contains("regional-global-weekly-2026-11-26.csv was stored: 10 entries, 0 tied to recordings already charted, 10 new, 0 not matched."),
        "{spotify}"
    );
    let apple = visit.import("pop", "", "songs.json", APPLE).await;
    assert!(apple.contains("songs.json was stored: 8 entries, 8 tied to recordings already charted"), "{apple}");
    // Last.fm's tag chart does not say its day: the form's day is used.
    let lastfm = visit.import("pop", "2026-11-30", "pop.json", LASTFM).await;
    assert!(lastfm.contains("pop.json was stored: 6 entries"), "{lastfm}");
    assert!(lastfm.contains("Your latest files"), "{lastfm}");

    let chart = visit.page("/charts/pop").await;
    assert!(chart.contains("Pop chart · 2026-12-01"), "{chart}");
    assert!(chart.contains("1 Espresso — Sabrina Carpenter 3 3 3 3 services, positions summing to 9"), "{chart}");
    assert!(
        chart.contains("Die With A Smile — Lady Gaga, Bruno Mars 1 1 2 services, positions summing to 2"),
        "{chart}"
    );
    // Last.fm credits only the first artist: close to the recording, not clearly it, so shown apart and unmatched.
    assert!(chart.contains("Die With A Smile — Lady Gaga not matched"), "{chart}");
    assert!(chart.contains("Last.fm “pop” of 2026-11-30: 6 entries, 2 not matched to a recording"), "{chart}");
    let html = page(&visit.app, &mut visit.browser, "/charts/pop").await;
    assert!(
        html.contains(r#"href="https://open.spotify.com/track/2plbrEY59IikOBgBGLjaoe""#),
        "links to the track there"
    );
    assert!(html.contains(r##"aria-label="#1 on Apple Music""##), "{html}");
    for service in ["Spotify", "Apple Music", "Last.fm"] {
        assert!(chart.contains(service), "a column for {service}");
    }

    // The person settles it: it is the recording proposed. Its row joins the recording's.
    let html = page(&visit.app, &mut visit.browser, "/charts/pop").await;
    assert!(html.contains("It is “Die With A Smile” by Lady Gaga, Bruno Mars"), "{html}");
    let entry = html.split(r#"name="entry" value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let recording = html.split(r#"name="recording" value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = format!("entry={entry}&recording={recording}&back=%2Fcharts%2Fpop");
    let response = visit
        .browser
        .send(&visit.app, common::form_post("/api/settle_chart_entry", &form, &[("origin", ORIGIN)]))
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()[http::header::LOCATION], "/charts/pop");
    let settled = visit.page("/charts/pop").await;
    assert!(
        settled.contains("1 Die With A Smile — Lady Gaga, Bruno Mars 1 1 1 3 services, positions summing to 3"),
        "{settled}"
    );
    assert!(!settled.contains("Die With A Smile — Lady Gaga not matched"), "{settled}");
    // Settled once: the same answer again finds nothing to settle, and the form comes back with the refusal.
    let again = visit
        .browser
        .send(&visit.app, common::form_post("/api/settle_chart_entry", &form, &[("origin", ORIGIN)]))
        .await;
    assert!(again.status().is_redirection(), "{}", again.status());
    let location = again.headers()[http::header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains("__path=%2Fapi%2Fsettle_chart_entry&__err="), "{location}");

    let borda = visit.page("/charts/pop?method=borda").await;
    assert!(borda.contains("points") && borda.contains("Each service's chart of N entries"), "{borda}");
    let earlier = visit.page("/charts/pop?day=2026-11-27&method=average-rank").await;
    assert!(earlier.contains("Pop chart · 2026-11-26"), "the latest chart day on or before: {earlier}");

    let (status, text) = visit.status_and_text("/charts/pop?method=loudest").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("not a ranking method (one of services-then-positions, borda, average-rank)"), "{text}");
    let (status, text) = visit.status_and_text("/charts/pop?day=2026-13-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("not a day (write it as YYYY-MM-DD)"), "{text}");
    let (status, _) = visit.status_and_text("/charts/polka").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, empty) = visit.status_and_text("/charts/country").await;
    assert_eq!(status, StatusCode::OK);
    assert!(empty.contains("No chart of this genre has been brought in yet."), "{empty}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_refused_chart_is_named_by_file_and_line_and_nothing_is_stored(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let broken = BILLBOARD.replace(r#""this_week": 7"#, r#""this_week": "seven""#);
    let page = visit.import("pop", "", "hot-100.json", &broken).await;
    assert!(page.contains("Nothing was stored. hot-100.json: line "), "{page}");
    assert!(page.contains("this_week “seven” is not a position (a whole number from 1)"), "{page}");
    let undated = visit.import("pop", "", "pop.json", LASTFM).await;
    assert!(
        undated.contains("pop.json: the file does not say which day its chart is; give the chart's day"),
        "{undated}"
    );
    let bad_day = visit.import("pop", "30/11/2026", "pop.json", LASTFM).await;
    assert!(bad_day.contains("the chart day “30/11/2026” is not a day (YYYY-MM-DD)"), "{bad_day}");
    let unknown = visit.import("polka", "", "hot-100.json", BILLBOARD).await;
    assert!(unknown.contains("there is no chart genre “polka”"), "{unknown}");
    let charts: i64 = sqlx::query_scalar("SELECT count(*) FROM charts").fetch_one(&pool).await.unwrap();
    assert_eq!(charts, 0);
    let listed = visit.page("/charts/import").await;
    assert!(listed.contains("hot-100.json for polka") && listed.contains("refused: "), "{listed}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn visitors_are_pointed_to_sign_in(pool: PgPool) {
    let app = app(pool.clone()).await;
    let mut browser = Browser::default();
    for path in ["/charts", "/charts/pop", "/charts/import"] {
        let text = visible_text(&page(&app, &mut browser, path).await);
        assert!(text.contains("Sign in"), "{path}: {text}");
    }
    let response = browser.send(&app, upload("pop", "", "hot-100.json", BILLBOARD)).await;
    assert_eq!(response.headers()[http::header::LOCATION], "/sign-in");
}

/// A Spotify weekly chart of `day` with the seeded library's Alpha Song at `alpha` and another song below it.
fn spotify_week(alpha: u32) -> String {
    let other = if alpha == 1 { 2 } else { 1 };
    format!(
        "\u{feff}rank,uri,artist_names,track_name,source,peak_rank,previous_rank,weeks_on_chart,streams\n\
         {alpha},spotify:track:trAlpha000000000000000,Moonlight Choir,Alpha Song,Label,{alpha},-1,1,\"900000\"\n\
         {other},spotify:track:2qSkIjg1o9h3YT9RAgYN75,Sabrina Carpenter,Espresso,Island,1,1,20,\"800000\"\n"
    )
}

/// A Last.fm tag page with Alpha Song's play count so far.
fn lastfm_page(alpha_plays: u64) -> String {
    format!(
        r#"{{"tracks":{{"track":[{{"name":"Alpha Song","playcount":"{alpha_plays}","mbid":"","artist":{{"name":"Moonlight Choir"}},"@attr":{{"rank":"1"}}}}],"@attr":{{"tag":"pop"}}}}}}"#
    )
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_library_track_links_to_its_chart_history(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (browser, _) = seed::signed_in(&app, &pool, false).await;
    let mut visit = Visit { app, browser };
    visit.import("pop", "", "regional-global-weekly-2026-11-19.csv", &spotify_week(2)).await;
    visit.import("pop", "", "regional-global-weekly-2026-11-26.csv", &spotify_week(1)).await;
    visit.import("pop", "2026-11-20", "pop.json", &lastfm_page(1000)).await;
    visit.import("pop", "2026-11-27", "pop.json", &lastfm_page(1700)).await;

    // The catalog knows Alpha Song's ISRC: its recording carries it, and the library's track page links to it.
    let track = page(&visit.app, &mut visit.browser, "/library/tracks/trAlpha000000000000000").await;
    let link = track.split(r#"href="/charts/recordings/"#).nth(1).expect("a chart history link");
    let recording: i64 = link.split('"').next().unwrap().parse().unwrap();
    assert!(track.contains(">Chart history</a>"), "{track}");

    let history = visit.page(&format!("/charts/recordings/{recording}")).await;
    assert!(history.contains("Alpha Song") && history.contains("ISRC USAAA2400001"), "{history}");
    assert!(
        history.contains("Spotify · Pop: peak #1 on 2026-11-26, on the chart 2 days in 2 weeks; entered 2026-11-19"),
        "{history}"
    );
    assert!(history.contains("Last.fm · Pop"), "{history}");
    assert!(
        history.contains("2026-11-27 1,700 +100 (over 7 days) +700 +70.0 %"),
        "per day across the gap, then the week: {history}"
    );
    let (status, _) = visit.status_and_text("/charts/recordings/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Charted last month only: not "this week". A chart of today brings it onto the charts page.
    let charts = visit.page("/charts").await;
    assert!(charts.contains("None of your library's tracks is on a genre's chart of the last seven days."), "{charts}");
    let today = time::OffsetDateTime::now_utc().date();
    visit.import("pop", "", &format!("regional-global-weekly-{today}.csv"), &spotify_week(1)).await;
    let charts = visit.page("/charts").await;
    assert!(
        charts.contains(&format!("#1 on the Pop chart of {today}: Alpha Song — Moonlight Choir · chart history")),
        "{charts}"
    );
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_genre_page_orders_by_counted_plays_and_says_what_each_fetch_did(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    visit.import("pop", "", "regional-global-weekly-2026-11-26.csv", SPOTIFY).await;
    visit.import("pop", "", "songs.json", APPLE).await;
    let id = |title: &str| {
        let pool = pool.clone();
        let title = title.to_owned();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM recordings WHERE title = $1")
                .bind(title)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let (espresso, apt) = (id("Espresso").await, id("APT.").await);
    sqlx::query(
        "INSERT INTO recording_counts (recording_id, service, day, count) VALUES
            ($1, 'youtube', '2026-11-24', 1000000), ($1, 'youtube', '2026-12-01', 1100000),
            ($2, 'youtube', '2026-11-24', 20000), ($2, 'youtube', '2026-12-01', 50000)",
    )
    .bind(espresso)
    .bind(apt)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO chart_fetches (genre_code, service, fetched_at, failure) VALUES
            ('pop', 'deezer', '2026-12-07 06:00+00', 'deezer: the provider failed (HTTP 503)')",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO chart_fetches (genre_code, service, fetched_at, entries, matched, new_recordings, unmatched)
         VALUES ('pop', 'shazam', '2026-12-07 06:01+00', 200, 150, 40, 10)",
    )
    .execute(&pool)
    .await
    .unwrap();

    let trending = visit.page("/charts/pop?order=trending").await;
    let (apt_at, espresso_at) = (trending.find("APT.").unwrap(), trending.find("Espresso").unwrap());
    assert!(apt_at < espresso_at, "APT. grew faster: {trending}");
    assert!(trending.contains("50,000, +150.0 % this week (+30000)"), "{trending}");
    assert!(trending.contains("1,100,000, +10.0 % this week (+100000)"), "{trending}");
    assert!(trending.contains("Ordered by how much the plays and views counted"), "{trending}");
    let plays = visit.page("/charts/pop?order=plays").await;
    assert!(plays.find("Espresso").unwrap() < plays.find("APT.").unwrap(), "Espresso has more plays: {plays}");

    assert!(trending.contains("Fetched on a schedule"), "{trending}");
    assert!(
        trending
            .contains("Deezer at 7 December 2026, 06:00 UTC: nothing stored — deezer: the provider failed (HTTP 503)"),
        "{trending}"
    );
    assert!(
        trending.contains(
            "Shazam at 7 December 2026, 06:01 UTC: 200 entries: 150 matched, 40 new recordings, 10 not matched"
        ),
        "{trending}"
    );

    let (status, text) = visit.status_and_text("/charts/pop?order=loudest").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("not an order (one of ranking, trending, plays)"), "{text}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_unmatched_entry_is_settled_with_a_recording_found_by_its_words(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    visit.import("pop", "", "regional-global-weekly-2026-11-26.csv", SPOTIFY).await;
    visit.import("pop", "2026-11-30", "pop.json", LASTFM).await;

    // Each unmatched row links to its entry's page; Last.fm's Die With A Smile is one of them.
    let chart = page(&visit.app, &mut visit.browser, "/charts/pop?day=2026-11-30").await;
    let links: Vec<String> = chart
        .split(r#"href="/charts/entries/"#)
        .skip(1)
        .map(|rest| format!("/charts/entries/{}", rest.split('"').next().unwrap().replace("&amp;", "&")))
        .collect();
    assert_eq!(links.len(), 2, "{chart}");
    let mut smile = None;
    for link in &links {
        assert!(link.contains("?back=%2Fcharts%2Fpop%3Fday%3D2026%2D11%2D30"), "{link}");
        let text = visit.page(link).await;
        if text.contains("Which recording is “Die With A Smile”?") {
            smile = Some((link.clone(), text));
        }
    }
    let (link, text) = smile.expect("Die With A Smile's entry has a page");
    assert!(text.contains("on Last.fm's Pop chart of 2026-11-30, credited to Lady Gaga."), "{text}");
    // Searched by its title at first: the recording Spotify brought, with its likeness and how often it charted.
    assert!(text.contains("Recordings holding “die with a smile”, the likeliest first"), "{text}");
    assert!(text.contains("Die With A Smile — Lady Gaga, Bruno Mars"), "{text}");
    assert!(text.contains("1 chart entry in Pop It is “Die With A Smile” by Lady Gaga, Bruno Mars"), "{text}");

    // Other words find other recordings; words nothing holds, and too many words, are said so.
    let entry_path = link.split('?').next().unwrap().to_owned();
    let espresso = visit.page(&format!("{entry_path}?find=Espresso")).await;
    assert!(espresso.contains("It is “Espresso” by Sabrina Carpenter"), "{espresso}");
    let nothing = visit.page(&format!("{entry_path}?find=zzzz")).await;
    assert!(nothing.contains("No recording charted so far holds every word of “zzzz”."), "{nothing}");
    let (status, refused) = visit.status_and_text(&format!("{entry_path}?find=a+b+c+d+e+f+g+h+i")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused.contains("write at most 8 words"), "{refused}");
    for unknown in ["/charts/entries/999999-1", "/charts/entries/not-an-entry"] {
        assert_eq!(visit.status_and_text(unknown).await.0, StatusCode::NOT_FOUND, "{unknown}");
    }

    // "It is this one" settles it and goes back to the chart, where it has joined the recording's row.
    let html = page(&visit.app, &mut visit.browser, &link).await;
    let form = html.split(r#"class="settle""#).nth(1).unwrap();
    let field =
        |name: &str| form.split(&format!(r#"name="{name}" value=""#)).nth(1).unwrap().split('"').next().unwrap();
    let (entry, recording) = (field("entry").to_owned(), field("recording").to_owned());
    let posted = format!("entry={entry}&recording={recording}&back=%2Fcharts%2Fpop%3Fday%3D2026-11-30");
    let response = visit
        .browser
        .send(&visit.app, common::form_post("/api/settle_chart_entry", &posted, &[("origin", ORIGIN)]))
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()[http::header::LOCATION], "/charts/pop?day=2026-11-30");
    let settled = visit.page("/charts/pop?day=2026-11-30").await;
    assert!(!settled.contains("Die With A Smile — Lady Gaga not matched"), "{settled}");
    let tied = visit.page(&link).await;
    assert!(tied.contains("This entry is tied to a recording already: its chart history."), "{tied}");
    let method: String = sqlx::query_scalar(
        "SELECT e.match_method FROM chart_entries e JOIN charts c ON c.id = e.chart_id
         WHERE c.service = 'lastfm' AND e.title = 'Die With A Smile'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(method, "manual");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_installation_chooses_which_chart_of_each_service_stands_for_a_genre(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let genres = visit.page("/charts").await;
    assert!(genres.contains("Chart sources"), "{genres}");
    let sources = visit.page("/charts/sources").await;
    assert!(sources.contains("Spotify chart for Pop"), "{sources}");
    let html = page(&visit.app, &mut visit.browser, "/charts/sources").await;
    assert!(html.contains(r#"value="regional-global-weekly""#), "the default sources are listed");

    let save = |genre: &str, service: &str, locator: &str, fetched: bool| {
        let ticked = if fetched { "&fetched=on" } else { "" };
        let mut request = common::form_post(
            "/api/save_chart_source",
            &format!("genre={genre}&service={service}&locator={locator}{ticked}"),
            &[("origin", ORIGIN)],
        );
        let from = http::HeaderValue::from_str(&format!("{ORIGIN}/charts/sources")).unwrap();
        request.headers_mut().insert(http::header::REFERER, from);
        request
    };
    // A storefront Apple Music would not know is refused in the service's terms; nothing is saved.
    let refused = visit.browser.send(&visit.app, save("country", "apple-music", "usa", true)).await;
    assert!(refused.status().is_redirection(), "{}", refused.status());
    let location = refused.headers()[http::header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
    let shown = visit.page(&location).await;
    assert!(shown.contains("“usa” is not an Apple Music storefront: a two-letter country (us, gb)"), "{shown}");
    let saved: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM chart_sources WHERE genre_code = 'country' AND service = 'apple-music'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(saved, 0);

    // Country takes Apple Music's British chart, fetched: saved, and its fetch queued now.
    let response = visit.browser.send(&visit.app, save("country", "apple-music", "GB", true)).await;
    assert_eq!(
        response.headers()[http::header::LOCATION],
        "/charts/sources?saved=country-apple-music#country-apple-music"
    );
    let (locator, fetched): (String, bool) = sqlx::query_as(
        "SELECT locator, fetched FROM chart_sources WHERE genre_code = 'country' AND service = 'apple-music'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((locator.as_str(), fetched), ("gb", true));
    let due: Option<time::OffsetDateTime> = sqlx::query_scalar(
        "SELECT run_at FROM jobs WHERE dedupe_key = 'fetch-chart:country:apple-music' AND state = 'queued'",
    )
    .fetch_optional(&pool)
    .await
    .unwrap();
    let due = due.expect("the fetch is queued");
    assert!(due <= time::OffsetDateTime::now_utc() + time::Duration::seconds(5), "due now: {due}");
    let sources = visit.page("/charts/sources?saved=country-apple-music").await;
    assert!(
        sources.contains("Saved: Country takes Apple Music's chart “gb”; fetched now and then on the schedule."),
        "{sources}"
    );
    assert!(sources.contains("Apple Music chart for Country"), "{sources}");

    // Pop's Spotify chart, no longer fetched.
    visit.browser.send(&visit.app, save("pop", "spotify", "regional-us-daily", false)).await;
    let (locator, fetched): (String, bool) =
        sqlx::query_as("SELECT locator, fetched FROM chart_sources WHERE genre_code = 'pop' AND service = 'spotify'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((locator.as_str(), fetched), ("regional-us-daily", false));
    let unknown = visit.browser.send(&visit.app, save("polka", "deezer", "132", true)).await;
    let location = unknown.headers()[http::header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
}
