//! Discover through the production router as a browser without JavaScript: a catalog of two sounds (twenty club
//! tracks at 124–127 BPM with high energy, twenty slow quiet ones at 90–94 BPM), a signed-in user who plays, likes
//! and lists club tracks, and another user who plays only the slow ones. Each seed's page lists the right sound with
//! its reason, leaves out what the user knows unless asked, caps each artist, refuses a bad option in words, answers
//! 404 for another user's playlist, and never lets the other user's plays into the first user's lists.

use http::StatusCode;
use sqlx::PgPool;

use crate::common::*;
use crate::text::visible_text;

/// The catalog, with tracks `tr…01`–`tr…20` (club) and `tr…21`–`tr…40` (slow) by ten artists, each with its
/// installation values; `tr…41` has nothing known of its sound.
const CATALOG: &str = r#"
INSERT INTO artists (spotify_id, name, genres)
SELECT 'ar' || lpad(n::text, 20, '0'), 'Artist ' || n, '{}' FROM generate_series(1, 10) AS n;
INSERT INTO albums (spotify_id, name, album_type, release_date, release_date_precision, total_tracks)
SELECT 'al' || lpad(n::text, 20, '0'), 'Album ' || n, 'album', '2024', 'year', 5 FROM generate_series(1, 10) AS n;
INSERT INTO tracks (spotify_id, name, album_id, duration_ms)
SELECT 'tr' || lpad(n::text, 20, '0'), 'Track ' || n, 'al' || lpad(((n - 1) % 10 + 1)::text, 20, '0'), 200000
FROM generate_series(1, 41) AS n;
INSERT INTO track_artists (track_id, position, artist_id)
SELECT 'tr' || lpad(n::text, 20, '0'), 0, 'ar' || lpad(((n - 1) % 10 + 1)::text, 20, '0') FROM generate_series(1, 41) AS n;
INSERT INTO track_features (track_id, provider, tempo, energy, danceability, valence, acousticness, key, mode, fetched_at)
SELECT 'tr' || lpad(n::text, 20, '0'), 'reccobeats',
       CASE WHEN n <= 20 THEN 124 + n % 4 ELSE 90 + n % 5 END,
       CASE WHEN n <= 20 THEN 0.85 ELSE 0.2 END, CASE WHEN n <= 20 THEN 0.8 ELSE 0.3 END, 0.5,
       CASE WHEN n <= 20 THEN 0.05 ELSE 0.9 END, 9, 0, now()
FROM generate_series(1, 40) AS n;
"#;

/// Plays of `tracks` by `user_id`, `times` each, the last ones `days_ago`.
fn plays(user_id: i64, tracks: std::ops::RangeInclusive<u32>, times: u32, days_ago: u32) -> String {
    format!(
        "INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, artist_name, skipped, source)
         SELECT {user_id}, now() - interval '{days_ago} days' - k * interval '1 hour', 200000,
                'spotify:track:tr' || lpad(n::text, 20, '0'), 'tr' || lpad(n::text, 20, '0'), 'Track ' || n,
                'Artist', false, 'history'
         FROM generate_series({}, {}) AS n, generate_series(1, {times}) AS k;",
        tracks.start(),
        tracks.end()
    )
}

fn track(n: u32) -> String {
    format!("tr{n:020}")
}

struct Discovering {
    app: TestApp,
    browser: Browser,
    user_id: i64,
    other_id: i64,
    pool: PgPool,
}

impl Discovering {
    /// The signed-in demo user plays tracks 1–3, likes 7 and lists 4–6 in "Peak"; the other user plays 30–35.
    async fn start(pool: &PgPool) -> Discovering {
        let app = app(pool.clone()).await;
        let (spotify_id, _) = demo_user(&app, 0);
        let mut browser = Browser::default();
        browser.sign_in_as(&app, &spotify_id).await;
        let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE spotify_user_id = $1")
            .bind(&spotify_id)
            .fetch_one(pool)
            .await
            .unwrap();
        let other_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (spotify_account_key, spotify_user_id, display_name)
             VALUES ('someone-else', 'someone-else', 'Someone Else') RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let rows = format!(
            "{CATALOG}
             {}
             INSERT INTO liked_tracks (user_id, track_id, added_at) VALUES ({user_id}, '{}', now());
             INSERT INTO playlists (user_id, spotify_id, list_position, name, owner_spotify_id, relation, public,
                                    collaborative, snapshot_id, items_total, items_snapshot_id)
             VALUES ({user_id}, 'plPeak0000000000000000', 0, 'Peak', '{spotify_id}', 'owner', false, false, 's1', 3, 's1'),
                    ({other_id}, 'plSlow0000000000000000', 0, 'Slow', 'someone-else', 'owner', false, false, 's1', 2, 's1');
             INSERT INTO playlist_items (playlist_id, position, kind, track_id, added_at)
             SELECT p.id, v.position, 'track', v.track_id, now()
             FROM playlists p, (VALUES (0, '{}'), (1, '{}'), (2, '{}')) AS v (position, track_id)
             WHERE p.spotify_id = 'plPeak0000000000000000';
             SELECT rebuild_track_facts(id) FROM users;",
            plays(user_id, 1..=3, 4, 2),
            track(7),
            track(4),
            track(5),
            track(6),
        );
        sqlx::raw_sql(&rows).execute(pool).await.unwrap();
        Discovering { app, browser, user_id, other_id, pool: pool.clone() }
    }

    async fn get(&mut self, path: &str) -> (StatusCode, String) {
        let response = self.browser.send(&self.app, get(path)).await;
        let status = response.status();
        (status, body_text(response).await)
    }

    async fn html(&mut self, path: &str) -> String {
        let (status, html) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        html
    }

    /// The picks of `path`, by track number, in the page's order.
    async fn picks(&mut self, path: &str) -> Vec<u32> {
        let html = self.html(path).await;
        html.split(r#"name="track" value="tr"#).skip(1).filter_map(|rest| rest.get(..20)?.parse::<u32>().ok()).fold(
            Vec::new(),
            |mut picks, n| {
                if picks.last() != Some(&n) {
                    picks.push(n);
                }
                picks
            },
        )
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_mix_from_listening_follows_the_users_own_plays(pool: PgPool) {
    let mut visit = Discovering::start(&pool).await;
    let text = visible_text(&visit.html("/discover").await);
    assert!(text.contains("A mix from your listening"), "{text}");
    assert!(text.contains("like what you play"), "every pick says why: {text}");
    let mix = visit.picks("/discover").await;
    assert!(!mix.is_empty());
    assert!(mix.iter().take(10).all(|n| (8..=20).contains(n)), "club tracks the user does not know yet: {mix:?}");
    assert!(mix.iter().all(|n| !(1..=7).contains(n) && *n != 41), "{mix:?}");

    // The other user's plays of slow tracks, however many, change nothing for this user.
    sqlx::raw_sql(&format!(
        "{} SELECT rebuild_track_facts({});",
        plays(visit.other_id, 21..=40, 30, 0),
        visit.other_id
    ))
    .execute(&visit.pool)
    .await
    .unwrap();
    assert_eq!(visit.picks("/discover").await, mix);
    // Nor is the other user's playlist offered to continue.
    let html = visit.html("/discover").await;
    assert!(html.contains("plPeak0000000000000000") && !html.contains("plSlow0000000000000000"), "{html}");

    // Asked to, the list keeps what the user knows, marked.
    let with_known = visit.picks("/discover?known=show&per_artist=10").await;
    assert!(with_known.iter().any(|n| (1..=7).contains(n)), "{with_known:?}");
    assert!(visible_text(&visit.html("/discover?known=show").await).contains("you know this"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn more_like_a_track_and_continuing_a_playlist(pool: PgPool) {
    let mut visit = Discovering::start(&pool).await;
    let slow = format!("/discover/tracks/{}", track(25));
    let text = visible_text(&visit.html(&slow).await);
    assert!(text.contains("More like “Track 25”") && text.contains("like this track"), "{text}");
    let picks = visit.picks(&slow).await;
    assert!(picks.iter().take(10).all(|n| (21..=40).contains(n) && *n != 25), "slow like the seed: {picks:?}");

    // Each artist at most once when asked; a bad cap is refused in words.
    let capped = visible_text(&visit.html(&format!("{slow}?per_artist=1")).await);
    let artists: Vec<&str> =
        capped.split("— Artist ").skip(1).filter_map(|rest| rest.split([' ', ',']).next()).collect();
    assert!(artists.len() >= 5, "{capped}");
    let mut unique = artists.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), artists.len(), "{artists:?}");
    let (status, html) = visit.get(&format!("{slow}?per_artist=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(visible_text(&html).contains("a number from 1 to 10"), "{html}");

    // The track page links here.
    let track_page = visit.html(&format!("/library/tracks/{}", track(7))).await;
    assert!(track_page.contains(&format!(r#"href="/discover/tracks/{}""#, track(7))), "{track_page}");

    let peak = visit.html("/discover/playlists/plPeak0000000000000000").await;
    let text = visible_text(&peak);
    assert!(text.contains("Continue “Peak”") && text.contains("like this playlist's end"), "{text}");
    let picks = visit.picks("/discover/playlists/plPeak0000000000000000").await;
    assert!(picks.iter().take(10).all(|n| (8..=20).contains(n)), "{picks:?}");

    // Nothing of another user's playlist, nor of a track nothing is known of.
    assert_eq!(visit.get("/discover/playlists/plSlow0000000000000000").await.0, StatusCode::NOT_FOUND);
    let text = visible_text(&visit.html(&format!("/discover/tracks/{}", track(41))).await);
    assert!(text.contains("Nothing is known of this track's sound yet"), "{text}");
    assert_eq!(visit.get("/discover/tracks/nonsense").await.0, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_board_category_seeds_more_of_its_kind(pool: PgPool) {
    let mut visit = Discovering::start(&pool).await;
    let user_id = visit.user_id;
    sqlx::raw_sql(&format!(
        "INSERT INTO curated_styles (user_id, style) VALUES ({user_id}, 'techno-peak-time-driving');
         INSERT INTO curation_categories (user_id, style, name, position, playlist_id)
         VALUES ({user_id}, 'techno-peak-time-driving', 'Peak Time', 0, 'plPeak0000000000000000');"
    ))
    .execute(&pool)
    .await
    .unwrap();
    let path = "/discover/categories/techno-peak-time-driving/Peak%20Time";
    let text = visible_text(&visit.html(path).await);
    assert!(text.contains("More for “Peak Time”") && text.contains("like Peak Time"), "{text}");
    let picks = visit.picks(path).await;
    assert!(picks.iter().take(10).all(|n| (8..=20).contains(n)), "{picks:?}");
    let html = visit.html("/discover").await;
    assert!(html.contains(r#"href="/discover/categories/techno-peak-time-driving/Peak%20Time""#), "{html}");
    assert_eq!(visit.get("/discover/categories/techno-peak-time-driving/Warm-up").await.0, StatusCode::NOT_FOUND);
    assert_eq!(visit.get("/discover/categories/polka/Peak%20Time").await.0, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn visitors_are_pointed_to_sign_in(pool: PgPool) {
    let app = app(pool).await;
    let text = visible_text(&body_text(send(&app.router, get("/discover")).await).await);
    assert!(text.contains("Sign in") && text.contains("to discover tracks like the ones you play"), "{text}");
}

impl Discovering {
    /// Posts a server function's form as a browser without JavaScript does; answers where it sends the browser.
    async fn post(&mut self, endpoint: &str, fields: &[(&str, &str)]) -> String {
        let response = self.browser.send(&self.app, self.form(endpoint, fields, "text/html")).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{endpoint}");
        response.headers()[http::header::LOCATION].to_str().unwrap().to_owned()
    }

    /// Posts as the page does with JavaScript; answers the status and the body (the refusal's words).
    async fn post_js(&mut self, endpoint: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self.browser.send(&self.app, self.form(endpoint, fields, "application/json")).await;
        (response.status(), body_text(response).await)
    }

    fn form(&self, endpoint: &str, fields: &[(&str, &str)], accept: &str) -> http::Request<axum::body::Body> {
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields {
            body.append_pair(name, value);
        }
        let mut request = form_post(&format!("/api/{endpoint}"), &body.finish(), &[("origin", ORIGIN)]);
        request.headers_mut().insert(http::header::ACCEPT, accept.parse().unwrap());
        request
    }

    /// Grants the permissions Discover's buttons need through the page's consent form.
    async fn allow(&mut self, spotify_user: &str, want: &str) {
        let body = format!("return_to=%2Fdiscover&want={want}");
        let response = self.browser.send(&self.app, form_post("/auth/consent", &body, &[("origin", ORIGIN)])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let authorize = url::Url::parse(response.headers()[http::header::LOCATION].to_str().unwrap()).unwrap();
        let callback = decide(&authorize, spotify_user, "approve").await;
        assert_eq!(self.browser.return_to(&self.app, &callback).await, "/discover");
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_pick_is_queued_saved_and_added_to_a_playlist_then_undone(pool: PgPool) {
    let mut visit = Discovering::start(&pool).await;
    let control = visit.app.sandbox.as_ref().unwrap().control();
    let spotify_user = demo_user(&visit.app, 0).0;
    assert!(control.demo_users().iter().any(|user| user.id == spotify_user && user.premium));
    // A track of Spotify's catalog in Crossfade's, not liked yet.
    let catalog = control.catalog();
    let picked = &catalog.tracks[0];
    let (album, artist) = (&catalog.albums[picked.album], &catalog.artists[picked.artists[0]]);
    sqlx::query("INSERT INTO artists (spotify_id, name, genres) VALUES ($1, $2, '{}') ON CONFLICT DO NOTHING;")
        .bind(&artist.id)
        .bind(&artist.name)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO albums (spotify_id, name, album_type, release_date, release_date_precision, total_tracks)
         VALUES ($1, $2, 'album', '2024', 'year', 1) ON CONFLICT DO NOTHING",
    )
    .bind(&album.id)
    .bind(&album.name)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO tracks (spotify_id, name, album_id, duration_ms) VALUES ($1, $2, $3, 200000)")
        .bind(&picked.id)
        .bind(&picked.name)
        .bind(&album.id)
        .execute(&pool)
        .await
        .unwrap();
    control.unlike_track(&spotify_user, &picked.id).unwrap();
    let track = picked.id.as_str();

    // Before the permissions: the page offers them and the buttons say what is missing.
    let text = visible_text(&visit.html("/discover").await);
    assert!(text.contains("Allow Crossfade to change my playlists and Liked Songs"), "{text}");
    assert!(text.contains("Allow Crossfade to play on my Spotify devices"), "{text}");
    let (status, body) = visit.post_js("save_recommendation", &[("track", track), ("back", "/discover")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Allow Crossfade to change your library first"), "{body}");
    let (status, body) = visit.post_js("queue_recommendation", &[("track", track), ("back", "/discover")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Allow Crossfade to control your Spotify player first"), "{body}");

    visit.allow(&spotify_user, "playback").await;
    let text = visible_text(&visit.html("/discover").await);
    assert!(!text.contains("Allow Crossfade"), "{text}");

    // Saved: in Spotify's Liked Songs and in the library at once.
    let back = visit.post("save_recommendation", &[("track", track), ("back", "/discover?per_artist=3")]).await;
    assert_eq!(back, "/discover?per_artist=3&done=saved");
    let text = visible_text(&visit.html(&back).await);
    assert!(text.contains("Saved to your Liked Songs."), "{text}");
    let liked: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM track_facts WHERE user_id = $1 AND track_id = $2 AND liked_at IS NOT NULL)",
    )
    .bind(visit.user_id)
    .bind(track)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(liked);
    assert!(control.unlike_track(&spotify_user, track).unwrap(), "Spotify has it liked");
    assert_eq!(
        visit.post("save_recommendation", &[("track", track), ("back", "//evil.example/")]).await,
        "/discover?done=saved"
    );

    // Queued: no device plays, so the user is told to open Spotify; with one active, it is queued.
    let (status, body) = visit.post_js("queue_recommendation", &[("track", track), ("back", "/discover")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("No Spotify device is playing"), "{body}");
    control.activate_device(&spotify_user, None).unwrap();
    let playing = catalog.tracks[1].id.clone();
    assert_eq!(visit.post("play_track", &[("track", &playing), ("back", "/discover")]).await, "/discover");
    assert_eq!(
        visit.post("queue_recommendation", &[("track", track), ("back", "/discover")]).await,
        "/discover?done=queued"
    );
    assert_eq!(control.now_playing(&spotify_user).unwrap().map(|(_, track)| track), Some(playing));

    // Added to a playlist of the user's, then undone from the page.
    let playlist = control.create_playlist(&spotify_user, "Finds", false, false).unwrap();
    sqlx::query(
        "INSERT INTO playlists (user_id, spotify_id, list_position, name, owner_spotify_id, relation, public,
                                collaborative, snapshot_id, items_total)
         VALUES ($1, $2, 5, 'Finds', $3, 'owner', false, false, 's0', 0)",
    )
    .bind(visit.user_id)
    .bind(&playlist)
    .bind(&spotify_user)
    .execute(&pool)
    .await
    .unwrap();
    let html = visit.html("/discover").await;
    assert!(html.contains(&format!(r#"<option value="{playlist}">Finds</option>"#)), "{html}");
    let added =
        visit.post("add_recommendation", &[("track", track), ("playlist", &playlist), ("back", "/discover")]).await;
    assert_eq!(added, "/discover?done=added");
    assert_eq!(control.playlist_uris(&playlist).unwrap(), [format!("spotify:track:{track}")]);
    let html = visit.html("/discover").await;
    assert!(visible_text(&html).contains("A track added to “Finds”"), "{html}");
    let run = html.split(r#"name="run" value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    visit.post("undo_duplicates_removal", &[("run", &run)]).await;
    assert!(control.playlist_uris(&playlist).unwrap().is_empty(), "undone on Spotify");
    assert!(visible_text(&visit.html("/discover").await).contains("(undone)"));

    // Another user's playlist is nothing to add to.
    let (status, _) = visit
        .post_js(
            "add_recommendation",
            &[("track", track), ("playlist", "plSlow0000000000000000"), ("back", "/discover")],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_read_model_weighs_plays_as_the_domain_does(pool: PgPool) {
    use crossfade_domain::{RecentPlays, SeedPlay, TASTE_HALF_LIFE_DAYS};
    let visit = Discovering::start(&pool).await;
    let user_id = visit.user_id;
    // Plays of track 9 at several ages, two of them skipped.
    let ages = [(0.5, false), (3.0, true), (45.0, false), (200.0, false), (800.0, true)];
    for (days_ago, skipped) in ages {
        sqlx::query(
            "INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, artist_name, skipped, source)
             VALUES ($1, now() - make_interval(secs => $2 * 86400), 200000, $3, $4, 'Track 9', 'Artist 9', $5, 'history')",
        )
        .bind(user_id)
        .bind(days_ago)
        .bind(format!("spotify:track:{}", track(9)))
        .bind(track(9))
        .bind(skipped)
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query("SELECT rebuild_track_facts($1)").bind(user_id).execute(&pool).await.unwrap();
    let (played, skipped, days_since_2020): (f64, f64, f64) = sqlx::query_as(
        "SELECT played_recency, skipped_recency,
                extract(epoch FROM now() - timestamptz '2020-01-01 00:00:00+00')::double precision / 86400
         FROM track_facts WHERE user_id = $1 AND track_id = $2",
    )
    .bind(user_id)
    .bind(track(9))
    .fetch_one(&pool)
    .await
    .unwrap();
    let plays: Vec<SeedPlay> =
        ages.iter().map(|(days_ago, skipped)| SeedPlay { track: 0, days_ago: *days_ago, skipped: *skipped }).collect();
    let expected = RecentPlays::of_plays(&plays)[0];
    let now_weight = 0.5f64.powf(days_since_2020 / TASTE_HALF_LIFE_DAYS);
    assert!((played * now_weight - expected.played).abs() < 1e-6, "{} vs {}", played * now_weight, expected.played);
    assert!((skipped * now_weight - expected.skipped).abs() < 1e-6, "{} vs {}", skipped * now_weight, expected.skipped);
}
