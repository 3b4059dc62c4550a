//! Rendered library pages kept until the user's library moves: a kept page comes back with a fresh nonce, a change
//! through the writers (which move the summary's version) shows at once, and what else the page depends on (the
//! address, the theme) keys it; pages carrying the live player bar are never kept.

use crate::{common, seed};

use common::*;
use http::StatusCode;
use http::header::CONTENT_SECURITY_POLICY;
use sqlx::PgPool;

/// A signed-in demo user with the seeded library.
async fn visit(pool: &PgPool, settings: &crossfade_server::settings::Settings) -> (TestApp, Browser) {
    let app = app_with(pool.clone(), settings).await;
    let (browser, _) = seed::signed_in(&app, pool, false).await;
    (app, browser)
}

/// The page's HTML and the nonce its CSP header names, which every script of the page must carry.
async fn page_and_nonce(app: &TestApp, browser: &mut Browser, path: &str) -> (String, String) {
    let mut request = get(path);
    request.headers_mut().insert("cookie", browser.cookie.clone().unwrap().parse().unwrap());
    if path.contains("theme=") {
        let cookie = format!("{}; crossfade-theme=dark", browser.cookie.clone().unwrap());
        request.headers_mut().insert("cookie", cookie.parse().unwrap());
    }
    let response = send(app, request).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let policy = response.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    let nonce = policy.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    let html = body_text(response).await;
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the scripts carry this response's nonce");
    (html, nonce)
}

/// Changes a title behind the writers' back: the version does not move.
async fn retitle_quietly(pool: &PgPool, title: &str) {
    sqlx::query("UPDATE track_facts SET title = $1 WHERE track_id = 'trAlpha000000000000000'")
        .bind(title)
        .execute(pool)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_kept_page_is_served_until_the_library_moves(pool: PgPool) {
    let (app, mut browser) = visit(&pool, &settings_with(&[])).await;
    let (first, first_nonce) = page_and_nonce(&app, &mut browser, "/library").await;
    assert!(first.contains("Alpha Song"));
    retitle_quietly(&pool, "Quietly Changed").await;
    let (kept, kept_nonce) = page_and_nonce(&app, &mut browser, "/library").await;
    assert_ne!(first_nonce, kept_nonce, "every response has a nonce of its own");
    assert_eq!(kept.replace(&kept_nonce, "NONCE"), first.replace(&first_nonce, "NONCE"), "the same page, kept");
    // The same query written another way is the same page.
    let (same, _) = page_and_nonce(&app, &mut browser, "/library?sort=added&dir=desc&page=1").await;
    assert!(same.contains("Alpha Song") && !same.contains("Quietly Changed"));

    // A write through the facts moves the version: the page is rendered afresh and shows both changes.
    sqlx::query("SELECT rebuild_track_facts(id) FROM users").execute(&pool).await.unwrap();
    retitle_quietly(&pool, "Quietly Changed").await;
    let (fresh, _) = page_and_nonce(&app, &mut browser, "/library").await;
    assert!(fresh.contains("Quietly Changed"), "rendered from the current facts");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_theme_and_the_address_key_a_kept_page(pool: PgPool) {
    let (app, mut browser) = visit(&pool, &settings_with(&[])).await;
    let (light, _) = page_and_nonce(&app, &mut browser, "/library").await;
    let (dark, _) = page_and_nonce(&app, &mut browser, "/library?theme=dark").await;
    assert!(!light.contains(r#"data-theme="dark""#) && dark.contains(r#"data-theme="dark""#));
    let (plays, _) = page_and_nonce(&app, &mut browser, "/library/plays").await;
    let (episodes, _) = page_and_nonce(&app, &mut browser, "/library/plays?view=episodes").await;
    assert!(plays.contains("Echo From History") && episodes.contains("Talk Episode") && !episodes.contains("Echo"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_switched_off_cache_renders_every_request(pool: PgPool) {
    let (app, mut browser) = visit(&pool, &settings_with(&[("CROSSFADE_PAGE_CACHE_MB", "0")])).await;
    page_and_nonce(&app, &mut browser, "/library").await;
    retitle_quietly(&pool, "Quietly Changed").await;
    assert!(page_and_nonce(&app, &mut browser, "/library").await.0.contains("Quietly Changed"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn pages_that_show_more_than_the_facts_are_always_rendered(pool: PgPool) {
    let (app, mut browser) = visit(&pool, &settings_with(&[])).await;
    page_and_nonce(&app, &mut browser, "/library/tracks/trAlpha000000000000000").await;
    retitle_quietly(&pool, "Changed Again").await;
    let (track, _) = page_and_nonce(&app, &mut browser, "/library/tracks/trAlpha000000000000000").await;
    assert!(track.contains("Changed Again"), "a track page shows catalog details and playlist names too");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn insights_are_kept_until_the_facts_or_the_playlist_names_move(pool: PgPool) {
    let (app, mut browser) = visit(&pool, &settings_with(&[])).await;
    let (first, first_nonce) = page_and_nonce(&app, &mut browser, "/insights?of=liked").await;
    assert!(first.contains("Alpha Song") && first.contains("Road Trip"), "{first}");
    retitle_quietly(&pool, "Quietly Changed").await;
    let (kept, kept_nonce) = page_and_nonce(&app, &mut browser, "/insights?of=liked&x=&y=").await;
    assert_eq!(kept.replace(&kept_nonce, "NONCE"), first.replace(&first_nonce, "NONCE"), "the same figures, kept");

    // The playlist list written again with a new name moves the version: the picker shows the new name.
    let user_id: i64 = sqlx::query_scalar("SELECT user_id FROM playlists WHERE spotify_id = 'plRoadTrip000000000000'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let owner: String = sqlx::query_scalar("SELECT spotify_user_id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let listed: Vec<crossfade_spotify::models::SimplifiedPlaylist> = serde_json::from_value(serde_json::json!([
        {"id": "plRoadTrip000000000000", "name": "Long Drive", "snapshot_id": "s1", "collaborative": false,
         "public": true, "owner": {"id": owner}, "items": {"total": 5}},
        {"id": "plFriends0000000000000", "name": "Friends Mix", "snapshot_id": "s9", "collaborative": false,
         "public": true, "owner": {"id": "friend1", "display_name": "A Friend"}, "items": {"total": 30}}
    ]))
    .unwrap();
    crossfade_store::mirror::playlists::replace_playlist_list(&pool, user_id, &owner, &listed).await.unwrap();
    let (fresh, _) = page_and_nonce(&app, &mut browser, "/insights?of=liked").await;
    assert!(fresh.contains("Long Drive") && fresh.contains("Quietly Changed"), "rendered afresh: {fresh}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn pages_with_the_live_player_bar_are_always_rendered(pool: PgPool) {
    let (app, mut browser) = visit(&pool, &settings_with(&[])).await;
    sqlx::query(
        "UPDATE users SET granted_scopes = granted_scopes
                || ARRAY['user-read-playback-state', 'user-modify-playback-state']",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (first, _) = page_and_nonce(&app, &mut browser, "/library").await;
    assert!(first.contains("Alpha Song") && first.contains(r#"aria-label="Player""#), "{first}");
    retitle_quietly(&pool, "Quietly Changed").await;
    let (again, _) = page_and_nonce(&app, &mut browser, "/library").await;
    assert!(again.contains("Quietly Changed"), "the bar shows what plays now, so the page is rendered afresh");
}
