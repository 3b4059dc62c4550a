//! Session cookies and lifetimes against a real PostgreSQL store.

use crate::common;

use std::time::Duration;

use axum::Router;
use axum::routing::get as route_get;
use common::*;
use crossfade_domain::SiteOrigin;
use crossfade_server::sessions;
use http::header::{COOKIE, SET_COOKIE};
use sqlx::PgPool;
use tower_sessions::Session;
use tower_sessions_sqlx_store::PostgresStore;

const KEY: [u8; 64] = [7; 64];

/// A tiny app with the production session layer: `/begin` starts a signed-in session, `/whoami` reads it back.
fn session_app(pool: &PgPool, origin: &str, lifetime: Duration) -> Router {
    let origin: SiteOrigin = origin.parse().unwrap();
    Router::new()
        .route(
            "/begin",
            route_get(|session: Session| async move {
                sessions::begin(&session).await.unwrap();
                session.insert("who", "ada").await.unwrap();
                "started"
            }),
        )
        .route(
            "/whoami",
            route_get(
                |session: Session| async move { session.get::<String>("who").await.unwrap().unwrap_or_default() },
            ),
        )
        .layer(axum::middleware::from_fn_with_state(lifetime, sessions::enforce_lifetime))
        .layer(sessions::layer_for(&origin, &KEY, Duration::from_secs(3600), PostgresStore::new(pool.clone())))
}

fn cookie_of(response: &http::Response<axum::body::Body>) -> String {
    response.headers()[SET_COOKIE].to_str().unwrap().to_owned()
}

async fn stored_sessions(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session").fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn on_http_the_cookie_is_http_only_and_lax(pool: PgPool) {
    let app = session_app(&pool, "http://127.0.0.1:3000", Duration::from_secs(3600));
    let response = send(&app, get("/begin")).await;
    let cookie = cookie_of(&response);
    assert!(cookie.starts_with("crossfade-session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert_eq!(stored_sessions(&pool).await, 1);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn on_https_the_cookie_is_secure_and_host_prefixed(pool: PgPool) {
    let app = session_app(&pool, "https://music.example.org", Duration::from_secs(3600));
    let cookie = cookie_of(&send(&app, get("/begin")).await);
    assert!(cookie.starts_with("__Host-crossfade-session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
    assert!(!cookie.contains("Domain="), "{cookie}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_session_is_read_back_from_its_signed_cookie_and_a_tampered_one_is_ignored(pool: PgPool) {
    let app = session_app(&pool, "http://127.0.0.1:3000", Duration::from_secs(3600));
    let cookie = cookie_of(&send(&app, get("/begin")).await);
    let pair = cookie.split(';').next().unwrap().to_owned();
    let with_cookie = |value: &str| {
        let mut request = get("/whoami");
        request.headers_mut().insert(COOKIE, value.parse().unwrap());
        request
    };
    assert_eq!(body_text(send(&app, with_cookie(&pair)).await).await, "ada");
    let tampered = format!("{}x", pair);
    assert_eq!(body_text(send(&app, with_cookie(&tampered)).await).await, "");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_session_past_its_absolute_lifetime_ends_however_active(pool: PgPool) {
    let app = session_app(&pool, "http://127.0.0.1:3000", Duration::ZERO);
    let cookie = cookie_of(&send(&app, get("/begin")).await);
    let mut request = get("/whoami");
    request.headers_mut().insert(COOKIE, cookie.split(';').next().unwrap().parse().unwrap());
    assert_eq!(body_text(send(&app, request).await).await, "");
    assert_eq!(stored_sessions(&pool).await, 0, "the expired session's row is deleted");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn expired_sessions_are_deleted_periodically(pool: PgPool) {
    sqlx::query(
        "INSERT INTO tower_sessions.session (id, data, expiry_date)
         VALUES ('gone', '\\x00', now() - interval '1 minute'), ('kept', '\\x00', now() + interval '1 hour')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let cleanup = sessions::spawn_cleanup(pool.clone(), Duration::from_millis(50));
    let mut remaining: Vec<String> = Vec::new();
    for _ in 0..100 {
        remaining = sqlx::query_scalar("SELECT id FROM tower_sessions.session").fetch_all(&pool).await.unwrap();
        if remaining == ["kept"] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    cleanup.abort();
    assert_eq!(remaining, ["kept"]);
}
