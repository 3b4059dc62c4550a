//! Playing a board card on the user's Spotify devices, through the production router as a browser without JavaScript
//! posts its forms, against the sandbox's player: the board asks for the playback permission first; with no device
//! active, Play leads to the devices Spotify lists and plays on the one picked; then Play uses the active device.
//! A Free account is told that Spotify plays on command only for Premium.

use crate::common;
use crate::curation_board::{STYLE, Visit, card, releases, this_week};

use common::{Browser, ORIGIN, TestApp, decide, form_post, page};
use http::StatusCode;

/// Grants `spotify_user`'s playback permission through the board's consent form, coming back to `here`.
async fn allow_playback(app: &TestApp, browser: &mut Browser, spotify_user: &str, here: &str) {
    let body = format!(
        "return_to={}&want=playback",
        url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>()
    );
    let response = browser.send(app, form_post("/auth/consent", &body, &[("origin", ORIGIN)])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let authorize = url::Url::parse(response.headers()[http::header::LOCATION].to_str().unwrap()).unwrap();
    let scopes = authorize.query_pairs().find(|(name, _)| name == "scope").unwrap().1.into_owned();
    for scope in ["user-modify-playback-state", "user-read-playback-state", "playlist-modify-private"] {
        assert!(scopes.split(' ').any(|granted| granted == scope), "{scope} asked for in {scopes}");
    }
    let callback = decide(&authorize, spotify_user, "approve").await;
    assert_eq!(browser.return_to(app, &callback).await, here);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_card_plays_on_the_device_picked_then_on_the_active_one(pool: sqlx::PgPool) {
    let mut visit = Visit::start(&pool).await;
    let week = this_week();
    let week_text = week.to_string();
    let tracks = releases(&pool, &visit, week.monday(), "Original Mix", (0, 2)).await;
    visit.post("curate_style", &[("style", STYLE)]).await;
    visit.post("add_curation_category", &[("style", STYLE), ("name", "Peak Time")]).await;
    let board = visit.post("start_curation_period", &[("style", STYLE), ("week", &week_text)]).await;

    let text = visit.text(&board).await;
    assert!(text.contains("Allow Crossfade to play on my Spotify devices"), "{text}");
    let html = page(&visit.app, &mut visit.browser, &board).await;
    assert!(!html.contains(r#"action="/api/play_track""#), "no Play button before the permission");
    let spotify_user = common::demo_user(&visit.app, 0).0;
    allow_playback(&visit.app, &mut visit.browser, &spotify_user, &board).await;
    let html = page(&visit.app, &mut visit.browser, &board).await;
    assert!(html.contains(r#"action="/api/play_track""#), "{html}");

    // Nothing is active: Play leads to the devices, and the one picked plays the card.
    let first = card(&pool, visit.user_id, &tracks[0]).await;
    let back = format!("{board}#card-{first}");
    let devices = visit.post("play_track", &[("track", &tracks[0]), ("back", &back)]).await;
    assert!(devices.starts_with("/player/devices?track="), "{devices}");
    let text = visit.text(&devices).await;
    assert!(text.contains("Play on which device?") && text.contains("Play on "), "{text}");
    // The address is anyone's to write: a Back link off this site is not made.
    let crafted = format!("/player/devices?track={}&back=javascript%3Aalert(1)", tracks[0]);
    let html = page(&visit.app, &mut visit.browser, &crafted).await;
    assert!(!html.contains("javascript:") && html.contains(r#"name="back" value="/""#), "{html}");
    let control = visit.control();
    assert_eq!(control.now_playing(&spotify_user).unwrap(), None);
    let html = page(&visit.app, &mut visit.browser, &devices).await;
    let device = html.split(r#"name="device" value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let played = visit.post("play_track", &[("track", &tracks[0]), ("back", &back), ("device", &device)]).await;
    assert_eq!(played, back, "back to the card");
    assert_eq!(control.now_playing(&spotify_user).unwrap(), Some((device.clone(), tracks[0].clone())));

    // Now a device is active: Play plays there at once.
    let second = card(&pool, visit.user_id, &tracks[1]).await;
    let back = format!("{board}#card-{second}");
    assert_eq!(visit.post("play_track", &[("track", &tracks[1]), ("back", &back)]).await, back);
    assert_eq!(control.now_playing(&spotify_user).unwrap(), Some((device, tracks[1].clone())));

    // A return path off this site is not followed.
    let home = visit.post("play_track", &[("track", &tracks[1]), ("back", "//evil.example/")]).await;
    assert_eq!(home, "/");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_free_account_is_told_playing_needs_premium(pool: sqlx::PgPool) {
    let app = common::app(pool.clone()).await;
    let free = app.sandbox.as_ref().unwrap().control().demo_users().into_iter().find(|user| !user.premium).unwrap();
    let juniper = free.id;
    let mut browser = Browser::default();
    browser.sign_in_as(&app, &juniper).await;
    allow_playback(&app, &mut browser, &juniper, "/curation").await;
    app.sandbox.as_ref().unwrap().control().activate_device(&juniper, None).unwrap();
    let track = app.sandbox.as_ref().unwrap().control().catalog().tracks[0].id.clone();

    let referer = format!("{ORIGIN}/curation");
    let mut request = form_post("/api/play_track", &format!("track={track}&back=%2Fcuration"), &[("origin", ORIGIN)]);
    request.headers_mut().insert("referer", referer.parse().unwrap());
    let response = browser.send(&app, request).await;
    let location = response.headers()[http::header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
    let mut request = form_post("/api/play_track", &format!("track={track}&back=%2Fcuration"), &[("origin", ORIGIN)]);
    request.headers_mut().insert(http::header::ACCEPT, "application/json".parse().unwrap());
    let response = browser.send(&app, request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = common::body_text(response).await;
    assert!(body.contains("Spotify plays on command only for Premium accounts"), "{body}");
}
