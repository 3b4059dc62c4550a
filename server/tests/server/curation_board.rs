//! The curation board's weekly flow through the production router, as a browser without JavaScript posts its
//! forms, against the sandbox's Spotify: a demo user curates a style, adds two categories (golden playlists created
//! on Spotify), starts this week's period (a bronze playlist filled with the week's matched releases, a silver
//! playlist per category), sorts a card, trashes one, promotes one, undoes the promotion and sorts the rest until
//! the period is sorted; Spotify's playlists are checked after every step. A trashed track never comes back in a
//! later week, and another user sees none of it.

use crate::text::visible_text;
use crate::{common, seed};

use common::{Browser, ORIGIN, TestApp, app, decide, form_post, page};
use crossfade_domain::{Day, FeedArtist, FeedFormat, FeedRead, FeedTrack, Isrc, MatchMethod, MatchVerdict, Week};
use crossfade_spotify::models::Track;
use crossfade_store::releases::{IngestOrigin, MatchOutcome, pending_releases, record_ingest, record_match};
use http::StatusCode;
use sqlx::PgPool;

pub(crate) const STYLE: &str = "techno-peak-time-driving";

pub(crate) struct Visit {
    pub(crate) app: TestApp,
    pub(crate) browser: Browser,
    pub(crate) user_id: i64,
    spotify_user: String,
}

impl Visit {
    /// The first demo user, signed in and having allowed Crossfade to change their playlists.
    pub(crate) async fn start(pool: &PgPool) -> Visit {
        let app = app(pool.clone()).await;
        let (mut browser, user_id) = seed::signed_in(&app, pool, true).await;
        let (spotify_user, _) = common::demo_user(&app, 0);
        let response =
            browser.send(&app, form_post("/auth/consent", "return_to=%2Fcuration", &[("origin", ORIGIN)])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let authorize = url::Url::parse(response.headers()[http::header::LOCATION].to_str().unwrap()).unwrap();
        let callback = decide(&authorize, &spotify_user, "approve").await;
        assert_eq!(browser.return_to(&app, &callback).await, "/curation");
        Visit { app, browser, user_id, spotify_user }
    }

    /// Posts a server function's form as a browser without JavaScript does; answers where it sends the browser.
    pub(crate) async fn post(&mut self, endpoint: &str, fields: &[(&str, &str)]) -> String {
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields {
            body.append_pair(name, value);
        }
        let request = form_post(&format!("/api/{endpoint}"), &body.finish(), &[("origin", ORIGIN)]);
        let response = self.browser.send(&self.app, request).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{endpoint}");
        response.headers()[http::header::LOCATION].to_str().unwrap().to_owned()
    }

    /// Presses a card's button for `action` on the board of `week`.
    pub(crate) async fn act(&mut self, week: Week, card: &str, action: &str) -> String {
        let week = week.to_string();
        self.post("act_on_card", &[("style", STYLE), ("week", &week), ("card", card), ("action", action)]).await
    }

    pub(crate) async fn text(&mut self, path: &str) -> String {
        visible_text(&page(&self.app, &mut self.browser, path).await)
    }

    pub(crate) fn control(&self) -> crossfade_spotify_sandbox::Control {
        self.app.sandbox.as_ref().unwrap().control()
    }

    /// The user's Spotify playlist named `name`, and its track ids in order.
    pub(crate) fn playlist(&self, name: &str) -> (String, Vec<String>) {
        let control = self.control();
        let playlists = control.playlists(&self.spotify_user).unwrap();
        let found = playlists.iter().find(|playlist| playlist.name == name).unwrap_or_else(|| panic!("{name}"));
        assert!(!found.public, "{name} is private");
        let uris = control.playlist_uris(&found.id).unwrap();
        (found.id.clone(), uris.into_iter().map(|uri| uri.trim_start_matches("spotify:track:").to_owned()).collect())
    }
}

/// Stores `count` of the sandbox's catalog tracks (from `skip`) as releases of the style on `day` in `mix`, matched
/// by ISRC.
pub(crate) async fn releases(pool: &PgPool, visit: &Visit, day: Day, mix: &str, range: (usize, usize)) -> Vec<String> {
    let mut ids = Vec::new();
    for (release, spotify) in ingest(pool, visit, day, mix, range).await {
        let outcome = MatchOutcome::Found {
            track: &spotify,
            method: MatchMethod::Isrc,
            confidence: 1.0,
            verdict: MatchVerdict::Accepted,
        };
        record_match(pool, release, outcome).await.unwrap();
        ids.push(spotify.id.unwrap());
    }
    ids
}

/// Stores `count` of the sandbox's catalog tracks (from `skip`) as releases of the style on `day` in `mix`, not
/// matched yet; answers each release's id with the Spotify track it is.
pub(crate) async fn ingest(
    pool: &PgPool,
    visit: &Visit,
    day: Day,
    mix: &str,
    (skip, count): (usize, usize),
) -> Vec<(i64, Track)> {
    let catalog = visit.control().catalog();
    let chosen: Vec<_> = catalog.tracks.iter().skip(skip).take(count).collect();
    let feed_tracks = chosen
        .iter()
        .map(|track| FeedTrack {
            beatport_id: None,
            title: track.name.clone(),
            mix: Some(mix.into()),
            artists: track
                .artists
                .iter()
                .map(|artist| FeedArtist { beatport_id: None, name: catalog.artists[*artist].name.clone() })
                .collect(),
            remixers: Vec::new(),
            label: None,
            release: None,
            isrc: Isrc::parse(&track.isrc).ok(),
            bpm: Some(track.features.tempo.round()),
            key: None,
            genre: Some(crossfade_domain::FeedGenre {
                beatport_id: Some(6),
                name: "Techno".into(),
                slug: STYLE.into(),
            }),
            release_date: Some(day),
            length_ms: Some(track.duration_ms),
            chart_rank: None,
        })
        .collect();
    let read = FeedRead {
        format: FeedFormat::PlainCsv,
        tracks: feed_tracks,
        bad_rows: Vec::new(),
        bad_rows_total: 0,
        next_page: None,
    };
    record_ingest(pool, visit.user_id, IngestOrigin::Upload, "week.csv", &read).await.unwrap();
    let pending = pending_releases(pool, visit.user_id, 0, 1000).await.unwrap();
    let fresh = &pending[pending.len() - chosen.len()..];
    fresh
        .iter()
        .zip(&chosen)
        .map(|(pending, track)| {
            let album = &catalog.albums[track.album];
            let spotify: Track = serde_json::from_value(serde_json::json!({
                "id": track.id, "name": track.name, "uri": format!("spotify:track:{}", track.id),
                "duration_ms": track.duration_ms, "external_ids": { "isrc": track.isrc },
                "artists": track.artists.iter().map(|artist| serde_json::json!({
                    "id": catalog.artists[*artist].id, "name": catalog.artists[*artist].name })).collect::<Vec<_>>(),
                "album": { "id": album.id, "name": album.name, "artists": [], "release_date": album.release.text(),
                           "release_date_precision": album.release.precision_text() }
            }))
            .unwrap();
            (pending.id, spotify)
        })
        .collect()
}

pub(crate) fn this_week() -> Week {
    Week::containing(Day::parse(&time::OffsetDateTime::now_utc().date().to_string()).unwrap())
}

/// The release id of the card of Spotify track `track` in `user_id`'s period.
pub(crate) async fn card(pool: &PgPool, user_id: i64, track: &str) -> String {
    let id: i64 = sqlx::query_scalar(
        "SELECT c.release_track_id FROM curation_cards c JOIN curation_periods p ON p.id = c.period_id
         WHERE p.user_id = $1 AND c.spotify_track_id = $2 ORDER BY p.week DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(track)
    .fetch_one(pool)
    .await
    .unwrap();
    id.to_string()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_week_is_sorted_bronze_to_silver_to_golden_on_spotify_with_an_undo(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let week = this_week();
    let tracks = releases(&pool, &visit, week.monday(), "Original Mix", (0, 4)).await;
    let (week_text, week_name) = (week.to_string(), week.iso_name());

    assert_eq!(visit.post("curate_style", &[("style", STYLE)]).await, format!("/curation/{STYLE}"));
    for name in ["Peak Time", "Warm-up"] {
        assert_eq!(
            visit.post("add_curation_category", &[("style", STYLE), ("name", name)]).await,
            format!("/curation/{STYLE}")
        );
    }
    let (golden, golden_tracks) = visit.playlist("Techno (Peak Time / Driving) · Peak Time");
    assert!(golden_tracks.is_empty());
    let text = visit.text(&format!("/curation/{STYLE}")).await;
    assert!(
        text.contains("Peak Time") && text.contains("Warm-up") && text.contains(&format!("Start {week_name}")),
        "{text}"
    );

    let board = format!("/curation/{STYLE}/{week_text}");
    assert_eq!(visit.post("start_curation_period", &[("style", STYLE), ("week", &week_text)]).await, board);
    let bronze_name = format!("Techno (Peak Time / Driving) · {week_name} · Bronze");
    let silver_name = format!("Techno (Peak Time / Driving) · {week_name} · Peak Time");
    let (_, bronze) = visit.playlist(&bronze_name);
    let mut sorted_bronze = bronze.clone();
    sorted_bronze.sort();
    let mut expected = tracks.clone();
    expected.sort();
    assert_eq!(sorted_bronze, expected, "the bronze playlist holds the week's releases");
    assert!(visit.playlist(&silver_name).1.is_empty());
    let text = visit.text(&board).await;
    assert!(text.contains("4 of 4 left to sort."), "{text}");

    let peak: i64 = sqlx::query_scalar("SELECT id FROM curation_categories WHERE name = 'Peak Time'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let send = format!("send-{peak}");

    // Sort the first track into Peak Time: added to silver, gone from bronze.
    let first = card(&pool, visit.user_id, &tracks[0]).await;
    assert_eq!(visit.act(week, &first, &send).await, format!("{board}#bronze"));
    assert_eq!(visit.playlist(&silver_name).1, vec![tracks[0].clone()]);
    assert!(!visit.playlist(&bronze_name).1.contains(&tracks[0]));

    // Trash the second: gone from bronze, in no playlist, never shown again.
    let second = card(&pool, visit.user_id, &tracks[1]).await;
    visit.act(week, &second, "trash").await;
    assert!(!visit.playlist(&bronze_name).1.contains(&tracks[1]));
    let never: i64 = sqlx::query_scalar("SELECT count(*) FROM never_show_again WHERE user_id = $1")
        .bind(visit.user_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(never, 1);

    // Promote the first to golden, then undo the promotion.
    visit.act(week, &first, "promote").await;
    assert_eq!(visit.playlist("Techno (Peak Time / Driving) · Peak Time").1, vec![tracks[0].clone()]);
    assert!(visit.playlist(&silver_name).1.is_empty());
    let undone = visit.post("undo_curation", &[("style", STYLE), ("week", &week_text)]).await;
    assert_eq!(undone, format!("{board}#card-{first}"));
    assert!(visit.control().playlist_uris(&golden).unwrap().is_empty(), "undone on Spotify too");
    assert_eq!(visit.playlist(&silver_name).1, vec![tracks[0].clone()]);

    // An action that does not apply (promoting a trashed track) is refused in words beside the board, and changes
    // nothing.
    let body = format!("style={STYLE}&week={week_text}&card={second}&action=promote");
    let referer = format!("{ORIGIN}{board}");
    let mut request = form_post("/api/act_on_card", &body, &[("origin", ORIGIN)]);
    request.headers_mut().insert("referer", referer.parse().unwrap());
    let response = visit.browser.send(&visit.app, request).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[http::header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("{referer}?")) && location.contains("__err="), "{location}");
    let html = page(&visit.app, &mut visit.browser, location.trim_start_matches(ORIGIN)).await;
    assert!(
        html.contains(r#"role="alert""#) && html.contains("a trashed track is brought back before anything else"),
        "{html}"
    );
    assert!(visit.control().playlist_uris(&golden).unwrap().is_empty());

    // Sort the rest: the period becomes sorted when bronze is empty.
    for track in &tracks[2..] {
        let id = card(&pool, visit.user_id, track).await;
        visit.act(week, &id, &send).await;
    }
    assert!(visit.playlist(&bronze_name).1.is_empty());
    let text = visit.text(&board).await;
    assert!(text.contains("Sorted: the bronze playlist is empty."), "{text}");
    let state: String = sqlx::query_scalar("SELECT state FROM curation_periods").fetch_one(&pool).await.unwrap();
    assert_eq!(state, "sorted");

    // Keep the first track for good; next week brings it and the trashed one again (other mixes of the same
    // recordings) and one new track: only the new one reaches next week's bronze playlist.
    visit.act(week, &first, "promote").await;
    let next = week.next();
    releases(&pool, &visit, next.monday(), "Extended Mix", (0, 2)).await;
    let new = releases(&pool, &visit, next.monday(), "Original Mix", (4, 1)).await;
    let next_board = format!("/curation/{STYLE}/{next}");
    assert_eq!(visit.post("start_curation_period", &[("style", STYLE), ("week", &next.to_string())]).await, next_board);
    let (_, next_bronze) = visit.playlist(&format!("Techno (Peak Time / Driving) · {} · Bronze", next.iso_name()));
    assert_eq!(next_bronze, new);

    // Another user sees none of it.
    let (other, _) = common::demo_user(&visit.app, 1);
    let mut stranger = Browser::default();
    stranger.sign_in_as(&visit.app, &other).await;
    let response = stranger.send(&visit.app, common::get(&board)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_move_that_fails_halfway_leaves_spotify_and_the_board_as_they_were(pool: PgPool) {
    let mut visit = Visit::start(&pool).await;
    let week = this_week();
    let tracks = releases(&pool, &visit, week.monday(), "Original Mix", (0, 2)).await;
    let week_text = week.to_string();
    visit.post("curate_style", &[("style", STYLE)]).await;
    visit.post("add_curation_category", &[("style", STYLE), ("name", "Peak Time")]).await;
    visit.post("start_curation_period", &[("style", STYLE), ("week", &week_text)]).await;
    let bronze_name = format!("Techno (Peak Time / Driving) · {} · Bronze", week.iso_name());
    let silver_name = format!("Techno (Peak Time / Driving) · {} · Peak Time", week.iso_name());
    let peak: i64 = sqlx::query_scalar("SELECT id FROM curation_categories").fetch_one(&pool).await.unwrap();
    let first = card(&pool, visit.user_id, &tracks[0]).await;

    // Spotify adds the track to silver, then refuses to take it out of bronze: the add is taken back.
    visit.control().set_faults(crossfade_spotify_sandbox::Faults {
        scheduled: vec![crossfade_spotify_sandbox::ScheduledFault {
            route: Some("DELETE /v1/playlists/{playlist_id}/items".into()),
            status: 403,
            count: 1,
            after_effect: false,
        }],
        ..Default::default()
    });
    let location = visit.act(week, &first, &format!("send-{peak}")).await;
    assert!(location.contains("__err="), "{location}");
    assert!(visit.playlist(&silver_name).1.is_empty(), "the half-made move is taken back");
    assert!(visit.playlist(&bronze_name).1.contains(&tracks[0]));
    let (place, actions): (String, i64) = sqlx::query_as(
        "SELECT c.place, (SELECT count(*) FROM curation_actions) FROM curation_cards c WHERE c.spotify_track_id = $1",
    )
    .bind(&tracks[0])
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((place.as_str(), actions), ("bronze", 0), "the board records nothing");

    // Once Spotify answers again the same move goes through.
    visit.act(week, &first, &format!("send-{peak}")).await;
    assert_eq!(visit.playlist(&silver_name).1, vec![tracks[0].clone()]);
    assert!(!visit.playlist(&bronze_name).1.contains(&tracks[0]));
}
