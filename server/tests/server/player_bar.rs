//! The player bar on every page, through the production router as a browser without JavaScript uses it (its forms
//! posted, the page read again), against the sandbox's player: the consent it asks for first, the devices it offers
//! when nothing plays, the state at load, every control changing the sandbox's player, moving playback to another
//! device, and each of Spotify's refusals in words, with the statuses a hydrated page's requests get.

use crate::common;
use crate::text::visible_text;

use common::{Browser, ORIGIN, TestApp, body_text, decide, form_post, get};
use crossfade_spotify_sandbox::{Control, Faults, RateLimit, RateLimitBody};
use http::StatusCode;
use serde_json::Value;

/// A browser signed in as a demo user, on an app of its own.
struct Listener {
    app: TestApp,
    browser: Browser,
    spotify_user: String,
}

impl Listener {
    async fn sign_in(pool: &sqlx::PgPool, spotify_user: &str) -> Listener {
        let app = common::app(pool.clone()).await;
        let mut browser = Browser::default();
        browser.sign_in_as(&app, spotify_user).await;
        Listener { app, browser, spotify_user: spotify_user.to_owned() }
    }

    fn control(&self) -> Control {
        self.app.sandbox.as_ref().unwrap().control()
    }

    /// Presses the bar's "Allow Crossfade to control playback" on `here` and approves on Spotify's consent page.
    async fn allow_playback(&mut self, here: &str) {
        let html = self.page(here).await;
        let bar = bar_of(&html);
        assert!(bar.contains("Allow Crossfade to control playback"), "{bar}");
        let return_to = field(bar, "return_to");
        assert_eq!(return_to, here);
        let body = format!("return_to={}&want=playback", encode(&return_to));
        let response = self.browser.send(&self.app, form_post("/auth/consent", &body, &[("origin", ORIGIN)])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let authorize = url::Url::parse(response.headers()[http::header::LOCATION].to_str().unwrap()).unwrap();
        let callback = decide(&authorize, &self.spotify_user, "approve").await;
        assert_eq!(self.browser.return_to(&self.app, &callback).await, here);
    }

    async fn page(&mut self, path: &str) -> String {
        let response = self.browser.send(&self.app, get(path)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        body_text(response).await
    }

    /// The bar's text on `path`.
    async fn bar(&mut self, path: &str) -> String {
        let html = self.page(path).await;
        text_of(bar_of(&html))
    }

    /// Posts one of the bar's forms as a browser without JavaScript does, from `/about`; answers where it sends the
    /// browser.
    async fn press(&mut self, endpoint: &str, fields: &[(&str, &str)]) -> String {
        let request = form_post(&format!("/api/{endpoint}"), &encoded(fields), &[("origin", ORIGIN)]);
        let response = self.browser.send(&self.app, request).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{endpoint} {fields:?}");
        response.headers()[http::header::LOCATION].to_str().unwrap().to_owned()
    }

    /// A command as the bar sends it, coming back to `/about`.
    async fn command(&mut self, command: &str, value: Option<&str>) -> String {
        let mut fields = vec![("command", command), ("back", "/about")];
        fields.extend(value.map(|value| ("value", value)));
        self.press("control_player", &fields).await
    }

    /// Posts one of the bar's forms as a hydrated page does; answers the status and the body.
    async fn fetch(&mut self, endpoint: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut request = form_post(&format!("/api/{endpoint}"), &encoded(fields), &[("origin", ORIGIN)]);
        request.headers_mut().insert(http::header::ACCEPT, "application/json".parse().unwrap());
        let response = self.browser.send(&self.app, request).await;
        (response.status(), body_text(response).await)
    }

    /// The player as Spotify (the sandbox) has it, read with a grant of its own: `Null` when idle.
    async fn spotify_player(&self) -> Value {
        self.read_spotify("me/player").await
    }

    /// The devices Spotify lists, by name.
    async fn device(&self, name: &str) -> String {
        let devices = self.read_spotify("me/player/devices").await;
        let found = devices["devices"].as_array().unwrap().iter().find(|device| device["name"] == name);
        found.unwrap_or_else(|| panic!("{name} in {devices}"))["id"].as_str().unwrap().to_owned()
    }

    async fn read_spotify(&self, path: &str) -> Value {
        let scopes = ["user-read-playback-state", "user-library-read"];
        let grant = self.control().grant(&self.spotify_user, "player-bar-test", &scopes).unwrap();
        let url = self.app.sandbox.as_ref().unwrap().api_base_url().join(path).unwrap();
        let response = reqwest::Client::new().get(url).bearer_auth(grant.access_token).send().await.unwrap();
        if response.status() == reqwest::StatusCode::NO_CONTENT {
            return Value::Null;
        }
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }

    /// The names of the user's liked songs, newest first (the order Spotify resumes them in).
    async fn liked_names(&self) -> Vec<String> {
        let liked = self.read_spotify("me/tracks?limit=50").await;
        liked["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|saved| saved["track"]["name"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// What a reader sees of the bar.
fn text_of(bar: &str) -> String {
    visible_text(&format!("<main>{bar}</main>")).trim_start_matches('>').trim().to_owned()
}

fn bar_of(html: &str) -> &str {
    let class = html.find(r#"class="player-bar""#).unwrap_or_else(|| panic!("no player bar in {html}"));
    let start = html[..class].rfind("<section").unwrap();
    let end = html[start..].find("</section>").unwrap();
    &html[start..start + end]
}

/// The value of the first field named `name` in `html`.
fn field(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let value = html.split(&marker).nth(1).unwrap_or_else(|| panic!("no {name} in {html}"));
    value.split('"').next().unwrap().replace("&amp;", "&")
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn encoded(fields: &[(&str, &str)]) -> String {
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        body.append_pair(name, value);
    }
    body.finish()
}

fn progress(player: &Value) -> u64 {
    player["progress_ms"].as_u64().unwrap()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_visitor_has_no_player_bar_and_no_controls(pool: sqlx::PgPool) {
    let app = common::app(pool).await;
    let html = body_text(common::send(&app, get("/about")).await).await;
    assert!(!html.contains("player-bar"), "{html}");
    let mut request = form_post("/api/control_player", "command=pause&back=%2F", &[("origin", ORIGIN)]);
    request.headers_mut().insert(http::header::ACCEPT, "application/json".parse().unwrap());
    assert_eq!(common::send(&app, request).await.status(), StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_bar_asks_for_consent_then_offers_the_devices_to_start_on(pool: sqlx::PgPool) {
    let mut listener = Listener::sign_in(&pool, "tessa").await;
    // Before the permission: the consent, and Spotify is not asked anything.
    listener.control().reset_counters();
    let text = listener.bar("/about").await;
    assert!(text.contains("See and control what plays on Spotify from every page."), "{text}");
    assert!(listener.control().counters().keys().all(|route| !route.contains("/me/player")));
    let (status, body) = listener.fetch("control_player", &[("command", "pause"), ("back", "/")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("Allow Crossfade to control playback first"), "{body}");

    listener.allow_playback("/about").await;
    let text = listener.bar("/about").await;
    assert!(text.contains("No Spotify device is playing. Open Spotify somewhere, or start on one of these:"), "{text}");
    for device in ["Web Player (Firefox)", "Pocket Phone", "Kitchen Radio"] {
        assert!(text.contains(&format!("Listen on {device}")), "{text}");
    }
    assert!(!text.contains("Allow Crossfade"), "{text}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn every_control_changes_the_spotify_player(pool: sqlx::PgPool) {
    let mut listener = Listener::sign_in(&pool, "tessa").await;
    listener.allow_playback("/about").await;
    let liked = listener.liked_names().await;
    let phone = listener.device("Pocket Phone").await;

    // Starting on a device plays the liked songs there, and the bar comes back to its page.
    let back = "/library?sort=title";
    let landed = listener.press("transfer_playback", &[("device_id", &phone), ("play", "true"), ("back", back)]).await;
    assert_eq!(landed, back);
    let player = listener.spotify_player().await;
    assert_eq!(player["device"]["id"], phone.as_str());
    assert_eq!(player["is_playing"], true);
    assert_eq!(player["item"]["name"], liked[0].as_str());

    // The state at load: the track, where, the controls, the time, and what comes next.
    let html = listener.page("/about").await;
    let bar = bar_of(&html);
    let text = text_of(bar);
    assert!(text.contains(&liked[0]) && text.contains("On Pocket Phone"), "{text}");
    for control in
        ["Previous", "Back 15 s", "Pause", "Ahead 15 s", "Next", "Shuffle", "Repeat off", "Up next", "Update"]
    {
        assert!(text.contains(control), "{control} in {text}");
    }
    assert!(text.contains(" / "), "the position and length: {text}");
    assert!(text.contains(&liked[1]), "the queue lists the next liked song: {text}");
    assert!(bar.contains(r#"class="player-cover""#), "{bar}");
    assert!(bar.contains(r#"href="/player/devices?back=%2Fabout""#), "{bar}");
    assert_eq!(field(bar, "back"), "/about");

    // Pause and play.
    assert_eq!(listener.command("pause", None).await, "/about");
    assert_eq!(listener.spotify_player().await["is_playing"], false);
    let text = listener.bar("/about").await;
    assert!(text.contains("Play") && !text.contains("Pause"), "{text}");
    listener.command("resume", None).await;
    assert_eq!(listener.spotify_player().await["is_playing"], true);

    // Next and previous.
    listener.command("next", None).await;
    assert_eq!(listener.spotify_player().await["item"]["name"], liked[1].as_str());
    assert!(listener.bar("/about").await.contains(&liked[1]));
    listener.command("previous", None).await;
    assert_eq!(listener.spotify_player().await["item"]["name"], liked[0].as_str());

    // Seeking, paused so the position holds still: ahead, back, to a position, and never past the end.
    listener.command("pause", None).await;
    let start = progress(&listener.spotify_player().await);
    listener.command("ahead", None).await;
    assert_eq!(progress(&listener.spotify_player().await), start + 15_000);
    listener.command("back", None).await;
    assert_eq!(progress(&listener.spotify_player().await), start);
    listener.command("seek", Some("60")).await;
    let player = listener.spotify_player().await;
    assert_eq!(progress(&player), 60_000);
    assert!(listener.bar("/about").await.contains("1:00 / "));
    listener.command("seek", Some("86400")).await;
    let player = listener.spotify_player().await;
    assert_eq!(progress(&player), player["item"]["duration_ms"].as_u64().unwrap() - 1_000);

    // Volume, shuffle and each repeat mode in turn.
    listener.command("volume", Some("30")).await;
    assert_eq!(listener.spotify_player().await["device"]["volume_percent"], 30);
    listener.command("shuffle", Some("on")).await;
    assert_eq!(listener.spotify_player().await["shuffle_state"], true);
    let html = listener.page("/about").await;
    assert!(bar_of(&html).contains(r#"aria-pressed="true""#), "shuffle shows as on");
    for (value, label) in [("context", "Repeat all"), ("track", "Repeat one"), ("off", "Repeat off")] {
        listener.command("repeat", Some(value)).await;
        assert_eq!(listener.spotify_player().await["repeat_state"], value);
        assert!(listener.bar("/about").await.contains(label), "{label}");
    }

    // Moving playback to another device, from the device page the bar links to.
    let computer = listener.device("Web Player (Firefox)").await;
    let text = visible_text(&listener.page("/player/devices?back=%2Fabout").await);
    assert!(text.contains("Move playback to which device?"), "{text}");
    assert!(text.contains("Move playback to Web Player (Firefox) (Computer)"), "{text}");
    assert!(text.contains("Keep playing on Pocket Phone (Smartphone)"), "{text}");
    let landed =
        listener.press("transfer_playback", &[("device_id", &computer), ("play", "true"), ("back", "/about")]).await;
    assert_eq!(landed, "/about");
    let player = listener.spotify_player().await;
    assert_eq!(player["device"]["id"], computer.as_str());
    assert_eq!(player["is_playing"], true);
    assert!(listener.bar("/about").await.contains("On Web Player (Firefox)"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn spotify_refusals_are_explained_in_the_bar(pool: sqlx::PgPool) {
    let mut listener = Listener::sign_in(&pool, "tessa").await;
    listener.allow_playback("/about").await;

    // No device is active: the plain form comes back to its page with the reason in the bar.
    let refused = listener.command("pause", None).await;
    assert!(refused.starts_with(&format!("{ORIGIN}/about?")) && refused.contains("__err="), "{refused}");
    let path = refused.trim_start_matches(ORIGIN).to_owned();
    let text = listener.bar(&path).await;
    assert!(text.contains("No Spotify device is active: open Spotify on your phone"), "{text}");
    assert_eq!(field(bar_of(&listener.page(&path).await), "back"), "/about", "the refusal is not returned to");
    let (status, body) = listener.fetch("control_player", &[("command", "next"), ("back", "/about")]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // A device that is gone.
    let (status, body) =
        listener.fetch("transfer_playback", &[("device_id", "0000gone"), ("play", "true"), ("back", "/about")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("That device is not available any more"), "{body}");

    // A device that sets its own volume: the bar offers no volume there, and a stale page's form is refused.
    let radio = listener.device("Kitchen Radio").await;
    listener.press("transfer_playback", &[("device_id", &radio), ("play", "true"), ("back", "/about")]).await;
    let text = listener.bar("/about").await;
    assert!(text.contains("On Kitchen Radio") && !text.contains("Volume"), "{text}");
    let (status, body) =
        listener.fetch("control_player", &[("command", "volume"), ("value", "40"), ("back", "/")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("This device sets its own volume"), "{body}");

    // Nothing before the first song.
    let (status, body) = listener.fetch("control_player", &[("command", "previous"), ("back", "/")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Nothing comes before this track."), "{body}");

    // A value out of range names the field.
    let (status, body) =
        listener.fetch("control_player", &[("command", "volume"), ("value", "140"), ("back", "/")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("the volume must be a whole number from 0 to 100"), "{body}");

    // A cross-site post changes nothing.
    let request = form_post("/api/control_player", "command=pause&back=%2F", &[("origin", "https://evil.example")]);
    assert_eq!(listener.browser.send(&listener.app, request).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(listener.spotify_player().await["is_playing"], true);

    // Spotify asks to wait a day: the page still renders, and the bar says until when.
    listener.control().set_faults(Faults {
        rate_limit: Some(RateLimit {
            requests_per_window: 0,
            retry_after_override_secs: Some(86_400),
            body: RateLimitBody::PlainText,
        }),
        ..Faults::default()
    });
    let text = listener.bar("/about").await;
    assert!(text.contains("Spotify asked Crossfade to wait until"), "{text}");
    let request = {
        let mut request = form_post("/api/control_player", "command=pause&back=%2F", &[("origin", ORIGIN)]);
        request.headers_mut().insert(http::header::ACCEPT, "application/json".parse().unwrap());
        request
    };
    let response = listener.browser.send(&listener.app, request).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = response.headers()[http::header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((86_000..=86_400).contains(&retry_after), "{retry_after}");
    let body = body_text(response).await;
    assert!(body.contains("Spotify asked Crossfade to wait until"), "{body}");

    // Spotify too slow: the page does not wait for it.
    listener.control().set_faults(Faults { latency_ms: 5_000, ..Faults::default() });
    let started = std::time::Instant::now();
    let text = listener.bar("/about").await;
    assert!(started.elapsed() < std::time::Duration::from_millis(4_000), "{:?}", started.elapsed());
    assert!(text.contains("Spotify did not answer about your player just now (reference E"), "{text}");
    listener.control().set_faults(Faults::default());
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_free_account_sees_that_playing_needs_premium(pool: sqlx::PgPool) {
    let app = common::app(pool).await;
    let free = app.sandbox.as_ref().unwrap().control().demo_users().into_iter().find(|user| !user.premium).unwrap();
    let mut listener = Listener { browser: Browser::default(), spotify_user: free.id.clone(), app };
    listener.browser.sign_in_as(&listener.app, &free.id).await;
    listener.allow_playback("/about").await;
    let phone = listener.device("Pocket Phone").await;

    // Sent by hand: the test browser keeps one cookie, and the answer sets a second one beside the session's.
    let session = listener.browser.cookie.clone().unwrap();
    let post = |accept: &str| {
        let fields = encoded(&[("device_id", &phone), ("play", "true"), ("back", "/about")]);
        let mut request = form_post("/api/transfer_playback", &fields, &[("origin", ORIGIN)]);
        request.headers_mut().insert(http::header::ACCEPT, accept.parse().unwrap());
        request.headers_mut().insert(http::header::COOKIE, session.parse().unwrap());
        request
    };
    let response = common::send(&listener.app, post("application/json")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let remembered = response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .map(|cookie| cookie.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|cookie| cookie.starts_with("crossfade-free-account="))
        .expect("the refusal is remembered");
    let body = body_text(response).await;
    assert!(body.contains("Playing from Crossfade needs Spotify Premium"), "{body}");
    let response = common::send(&listener.app, post("text/html")).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert!(response.headers()[http::header::LOCATION].to_str().unwrap().contains("__err="));

    // From then on the bar is one line, and Spotify is not asked about the player.
    listener.control().reset_counters();
    let mut page = get("/about");
    page.headers_mut().insert(http::header::COOKIE, format!("{session}; {remembered}").parse().unwrap());
    let html = body_text(common::send(&listener.app, page).await).await;
    let text = text_of(bar_of(&html));
    assert_eq!(
        text,
        "Playing from Crossfade needs Spotify Premium; the “Open in Spotify” links take you to Spotify to listen there."
    );
    assert!(listener.control().counters().keys().all(|route| !route.contains("/me/player")));
}
