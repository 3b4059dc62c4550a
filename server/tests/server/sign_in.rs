//! Sign-in with Spotify end to end through the production router and a real sandbox: the consent page's decision,
//! `state` checks, session-id cycling, tokens at rest, rotation under concurrency, expiry, sign-out and disconnect.

use crate::common;

use std::time::Duration;

use axum::body::Body;
use common::*;
use crossfade_spotify::{RefreshTokenStore as _, RetryPolicy, Spotify, SpotifyConfig};
use crossfade_store::PgTokenStore;
use http::header::LOCATION;
use http::{Request, StatusCode};
use secrecy::ExposeSecret as _;
use sqlx::PgPool;
use url::Url;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_demo_user_signs_in_and_sees_their_name(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, name) = demo_user(&app, 0);
    let mut browser = Browser::default();
    browser.sign_in_as(&app, &user_id).await;
    // Leptos marks text boundaries with `<!>`; a reader sees the text around them as one.
    let home = page(&app, &mut browser, "/").await.replace("<!>", "");
    assert!(home.contains(&format!("Welcome, {name}")), "{home}");
    assert!(home.contains("Sign out"));
    let stored: String = sqlx::query_scalar("SELECT spotify_user_id FROM users").fetch_one(&pool).await.unwrap();
    assert_eq!(stored, user_id);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_session_id_changes_at_sign_in(pool: PgPool) {
    let app = app(pool).await;
    let (user_id, _) = demo_user(&app, 0);
    let mut browser = Browser::default();
    let authorize = browser.start_sign_in(&app).await;
    let before = browser.cookie.clone().expect("the attempt is stored in a session");
    let callback = decide(&authorize, &user_id, "approve").await;
    browser.return_to(&app, &callback).await;
    let after = browser.cookie.clone().unwrap();
    assert_ne!(before, after);
    // The pre-sign-in id is worthless now.
    let mut planted = Browser { cookie: Some(before) };
    assert!(page(&app, &mut planted, "/").await.contains("Sign in"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_wrong_missing_or_replayed_state_is_refused(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);

    let mut browser = Browser::default();
    let authorize = browser.start_sign_in(&app).await;
    let mut callback = decide(&authorize, &user_id, "approve").await;
    let good = callback.clone();
    let code = good.query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    callback.set_query(Some(&format!("code={code}&state=forged")));
    assert_eq!(browser.return_to(&app, &callback).await, "/sign-in?problem=state");
    // The attempt was used up by the forged answer: the genuine one is refused too.
    assert_eq!(browser.return_to(&app, &good).await, "/sign-in?problem=state");

    let mut browser = Browser::default();
    let authorize = browser.start_sign_in(&app).await;
    let mut callback = decide(&authorize, &user_id, "approve").await;
    callback.set_query(Some(&format!("code={code}")));
    assert_eq!(browser.return_to(&app, &callback).await, "/sign-in?problem=state");

    let mut browser = Browser::default();
    browser.sign_in_as(&app, &user_id).await;
    let mut other = Browser::default();
    let authorize = other.start_sign_in(&app).await;
    let callback = decide(&authorize, &user_id, "approve").await;
    assert_eq!(other.return_to(&app, &callback).await, "/");
    assert_eq!(other.return_to(&app, &callback).await, "/sign-in?problem=state", "a replay is refused");
    assert_eq!(count(&pool, "SELECT count(*) FROM users").await, 1);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn denying_consent_explains_and_stores_nothing(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);
    let mut browser = Browser::default();
    let authorize = browser.start_sign_in(&app).await;
    let callback = decide(&authorize, &user_id, "deny").await;
    assert_eq!(browser.return_to(&app, &callback).await, "/sign-in?problem=denied");
    let html = page(&app, &mut browser, "/sign-in?problem=denied").await;
    assert!(html.contains("You chose not to connect Spotify"), "{html}");
    assert_eq!(count(&pool, "SELECT count(*) FROM users").await, 0);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_cross_site_sign_in_post_is_refused(pool: PgPool) {
    let app = app(pool).await;
    let response = send(&app, form_post("/auth/sign-in", "", &[("origin", "https://evil.example")])).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

/// The refresh token Crossfade holds for its only user, opened with the test keyring.
async fn stored_refresh_token(pool: &PgPool) -> String {
    let user: i64 = sqlx::query_scalar("SELECT id FROM users").fetch_one(pool).await.unwrap();
    let store = PgTokenStore::new(pool.clone(), crossfade_store::TokenKeyring::parse(TOKEN_KEYS).unwrap());
    store.load(user).await.unwrap().expect("a token is stored").expose_secret().to_owned()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn no_column_of_any_table_holds_the_refresh_token_in_plain_text(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);
    Browser::default().sign_in_as(&app, &user_id).await;
    let token = stored_refresh_token(&pool).await;
    assert!(token.len() >= 16);
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_schema::text, table_name::text FROM information_schema.tables
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(tables.iter().any(|(_, name)| name == "spotify_refresh_tokens"));
    for (schema, table) in tables {
        // Text columns as text, bytea as hex: look for the token either way.
        let sql = format!(
            r#"SELECT count(*) FROM "{schema}"."{table}" AS t
               WHERE row_to_json(t)::text LIKE '%' || $1 || '%' OR row_to_json(t)::text LIKE '%' || $2 || '%'"#
        );
        let hex: String = token.bytes().map(|b| format!("{b:02x}")).collect();
        let found: i64 = sqlx::query_scalar(&sql).bind(&token).bind(&hex).fetch_one(&pool).await.unwrap();
        assert_eq!(found, 0, "{schema}.{table} holds the refresh token");
    }
}

fn client_for(app: &TestApp, pool: &PgPool) -> Spotify<PgTokenStore> {
    let sandbox = app.sandbox.as_ref().unwrap();
    let config = SpotifyConfig {
        accounts_base: sandbox.base_url(),
        api_base: sandbox.api_base_url(),
        client_id: "crossfadedemo".to_owned(),
        client_secret: None,
        redirect_uri: Url::parse("http://127.0.0.1:3000/auth/callback").unwrap(),
        policy: RetryPolicy::default(),
    };
    let store = PgTokenStore::new(pool.clone(), crossfade_store::TokenKeyring::parse(TOKEN_KEYS).unwrap());
    Spotify::new(config, store).unwrap()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn two_processes_refreshing_at_once_both_keep_working(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);
    Browser::default().sign_in_as(&app, &user_id).await;
    let user: i64 = sqlx::query_scalar("SELECT id FROM users").fetch_one(&pool).await.unwrap();
    let before = stored_refresh_token(&pool).await;
    // Two fresh clients hold no access token, so both must refresh with the same stored token at the same time.
    let (one, two) = (client_for(&app, &pool), client_for(&app, &pool));
    let (a, b) = tokio::join!(one.current_user(user), two.current_user(user));
    assert_eq!(a.unwrap().id, user_id);
    assert_eq!(b.unwrap().id, user_id);
    assert_ne!(stored_refresh_token(&pool).await, before, "the rotated token was stored");
    let flagged: bool =
        sqlx::query_scalar("SELECT needs_sign_in_since IS NOT NULL FROM users").fetch_one(&pool).await.unwrap();
    assert!(!flagged);
    // The stored token is the live one: a third process can still refresh with it.
    assert_eq!(client_for(&app, &pool).current_user(user).await.unwrap().id, user_id);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_expired_refresh_token_asks_the_user_to_sign_in_again(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);
    let mut browser = Browser::default();
    browser.sign_in_as(&app, &user_id).await;
    // Six months and a day later both the access token and the refresh token have expired.
    app.sandbox.as_ref().unwrap().control().advance_clock(Duration::from_secs(184 * 24 * 3600));
    let settings = page(&app, &mut browser, "/settings").await;
    assert!(settings.contains("Spotify no longer accepts"), "{settings}");
    assert!(settings.contains("Sign in again"));
    let home = page(&app, &mut browser, "/").await;
    assert!(home.contains("Sign in again"), "{home}");
    assert_eq!(count(&pool, "SELECT count(*) FROM spotify_refresh_tokens").await, 0);
    // Signing in again clears the prompt.
    browser.sign_in_as(&app, &user_id).await;
    assert!(!page(&app, &mut browser, "/").await.contains("Sign in again"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn signing_out_ends_the_session(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);
    let mut browser = Browser::default();
    browser.sign_in_as(&app, &user_id).await;
    let cookie = browser.cookie.clone();
    let response = browser.send(&app, form_post("/auth/sign-out", "", &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&pool, "SELECT count(*) FROM tower_sessions.session").await, 0);
    let mut replay = Browser { cookie };
    assert!(!page(&app, &mut replay, "/").await.contains("Sign out"));
    assert_eq!(count(&pool, "SELECT count(*) FROM users").await, 1, "signing out keeps the data");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn disconnecting_deletes_every_row_and_every_session(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);
    let (other_id, _) = demo_user(&app, 1);
    let mut laptop = Browser::default();
    laptop.sign_in_as(&app, &user_id).await;
    let mut phone = Browser::default();
    phone.sign_in_as(&app, &user_id).await;
    let mut someone_else = Browser::default();
    someone_else.sign_in_as(&app, &other_id).await;

    let refused = laptop.send(&app, form_post("/api/disconnect_account", "", &[])).await;
    assert_eq!(refused.status(), StatusCode::FOUND, "without JavaScript the refusal goes back to the form");
    assert_eq!(count(&pool, "SELECT count(*) FROM users").await, 2);

    let response = laptop.send(&app, form_post("/api/disconnect_account", "confirm=delete", &[])).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(count(&pool, "SELECT count(*) FROM users").await, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM spotify_refresh_tokens").await, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM user_sessions").await, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM tower_sessions.session").await, 1, "only the other user's");
    assert!(!page(&app, &mut phone, "/").await.contains("Sign out"), "the phone was signed out too");
    assert!(page(&app, &mut someone_else, "/").await.contains("Sign out"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn without_javascript_an_unconfirmed_disconnect_shows_why_beside_the_form(pool: PgPool) {
    let app = app(pool.clone()).await;
    let (user_id, _) = demo_user(&app, 0);
    let mut browser = Browser::default();
    browser.sign_in_as(&app, &user_id).await;
    let request = Request::post("/api/disconnect_account")
        .header("host", "127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", format!("{ORIGIN}/settings"))
        .body(Body::empty())
        .unwrap();
    let response = browser.send(&app, request).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let back = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(back.starts_with("/settings") || back.starts_with(&format!("{ORIGIN}/settings")), "{back}");
    let path = back.trim_start_matches(ORIGIN).to_owned();
    let html = page(&app, &mut browser, &path).await;
    assert!(html.contains("tick the box to confirm"), "{html}");
    assert_eq!(count(&pool, "SELECT count(*) FROM users").await, 1, "nothing was deleted");
}
