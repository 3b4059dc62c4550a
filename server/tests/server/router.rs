//! Router tests: the production router answering requests in-process, without JavaScript's help.

use crate::common;

use axum::Router;
use axum::routing::get as route_get;
use common::*;
use http::StatusCode;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, REFERRER_POLICY, SET_COOKIE, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS,
};

fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("the policy carries a nonce") + "'nonce-".len();
    policy[start..].split('\'').next().unwrap().to_owned()
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_form_post_with_a_foreign_origin_is_refused(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let response = send(&app, form_post("/api/set_theme", "theme=dark", &[("origin", "https://evil.example")])).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(SET_COOKIE).is_none());
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_form_post_marked_cross_site_is_refused(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let response = send(&app, form_post("/api/set_theme", "theme=dark", &[("sec-fetch-site", "cross-site")])).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(body_text(response).await.contains("another site"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_same_origin_form_post_is_served_and_redirects_back(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let headers = [("origin", ORIGIN), ("sec-fetch-site", "same-origin")];
    let response = send(&app, form_post("/api/set_theme", "theme=dark", &headers)).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    // Back to the page the form was on (the framework may leave an empty query string).
    let location = response.headers()[LOCATION].to_str().unwrap();
    assert_eq!(location.trim_end_matches('?'), format!("{ORIGIN}/about"));
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("crossfade-theme=dark;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn on_an_https_site_the_theme_cookie_is_secure(pool: sqlx::PgPool) {
    let secure = settings_with(&[("CROSSFADE_ORIGIN", "https://music.example.org")]);
    let app = app_with(pool, &secure).await;
    let headers = [("origin", "https://music.example.org"), ("sec-fetch-site", "same-origin")];
    let response = send(&app, form_post("/api/set_theme", "theme=light", &headers)).await;
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("crossfade-theme=light;") && cookie.contains("; Secure"), "{cookie}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_invalid_theme_from_script_is_a_400_that_names_the_field(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let mut request = form_post("/api/set_theme", "theme=sepia", &[("origin", ORIGIN)]);
    request.headers_mut().insert("accept", "application/json".parse().unwrap());
    let response = send(&app, request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get(SET_COOKIE).is_none());
    let body = body_text(response).await;
    assert!(body.contains("theme") && body.contains("sepia"), "{body}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_invalid_theme_from_a_plain_form_goes_back_to_the_page_with_the_error(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let response = send(&app, form_post("/api/set_theme", "theme=sepia", &[("origin", ORIGIN)])).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert!(response.headers().get(SET_COOKIE).is_none());
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("{ORIGIN}/about?")) && location.contains("__err="), "{location}");
    // The page it lands on shows the error beside the form.
    let path = location.trim_start_matches(ORIGIN);
    let html = body_text(send(&app, get(path)).await).await;
    assert!(html.contains(r#"role="alert""#) && html.contains("unknown theme `sepia`"), "{html}");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn pages_carry_the_security_headers(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let response = send(&app, get("/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    let policy = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "'wasm-unsafe-eval'"] {
        assert!(policy.contains(directive), "{directive} missing from {policy}");
    }
    assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[REFERRER_POLICY], "strict-origin-when-cross-origin");
    assert_eq!(headers[CACHE_CONTROL], "private, no-store");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn https_sites_add_strict_transport_security_and_plain_http_does_not(pool: sqlx::PgPool) {
    let secure = settings_with(&[("CROSSFADE_ORIGIN", "https://music.example.org")]);
    let app = app_with(pool.clone(), &secure).await;
    let response = send(&app, get("/about")).await;
    assert_eq!(response.headers()[STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    let response = send(&common::app(pool).await.router, get("/about")).await;
    assert!(response.headers().get(STRICT_TRANSPORT_SECURITY).is_none());
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn every_response_gets_its_own_nonce_and_the_scripts_carry_it(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let first = send(&app, get("/")).await;
    let second = send(&app, get("/")).await;
    let first_nonce = nonce_of(first.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap());
    let second_nonce = nonce_of(second.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap());
    assert_ne!(first_nonce, second_nonce);
    let html = body_text(first).await;
    assert!(html.contains(&format!(r#"<script type="module" nonce="{first_nonce}">"#)), "{html}");
    assert!(!html.contains(&second_nonce));
}

#[tokio::test]
async fn readiness_fails_with_503_when_the_database_is_down() {
    let app = app(unreachable_pool()).await;
    let response = send(&app, get("/readyz")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body_text(response).await, "database unreachable");
    // Liveness does not depend on the database.
    assert_eq!(send(&app, get("/healthz")).await.status(), StatusCode::OK);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn readiness_succeeds_when_the_database_answers(pool: sqlx::PgPool) {
    let response = send(&app(pool).await.router, get("/readyz")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_unknown_route_is_a_404_page(pool: sqlx::PgPool) {
    let response = send(&app(pool).await.router, get("/no/such/page")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(body_text(response).await.contains("Page not found"));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn metrics_count_requests_by_route_and_status(pool: sqlx::PgPool) {
    let app = app(pool).await;
    send(&app, get("/about")).await;
    let response = send(&app, get("/metrics")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = body_text(response).await;
    assert!(text.contains(r#"http_requests_total{method="GET",route="/about",status="200"}"#), "{text}");
    assert!(text.contains("http_request_duration_seconds_bucket"), "{text}");
    for gauge in ["db_pool_connections ", "db_pool_idle_connections ", "db_pool_max_connections "] {
        assert!(text.lines().any(|line| line.starts_with(gauge)), "{gauge} missing from {text}");
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_body_over_the_limit_is_refused_with_413(pool: sqlx::PgPool) {
    let settings = settings_with(&[("CROSSFADE_BODY_LIMIT_BYTES", "1024")]);
    let app = app_with(pool, &settings).await;
    let form = format!("theme={}", "x".repeat(4096));
    let length = form.len().to_string();
    let response =
        send(&app, form_post("/api/set_theme", &form, &[("origin", ORIGIN), ("content-length", &length)])).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

/// Building a router lists the app's pages, which Leptos does with data loading paused for the whole process. Tests
/// build routers while other tests render pages; those pages must still finish. (The hang detector's limit is far
/// above any render: it only tells a page that never finishes from one that does.)
#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn pages_finish_while_other_routers_are_being_built(pool: sqlx::PgPool) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = app(pool).await;
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let builder = {
        let (state, done) = (app.state.clone(), done.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let _entered = runtime.enter();
            let settings = settings_with(&[]);
            let mut built = 0;
            while !done.load(Ordering::Relaxed) {
                drop(crossfade_server::router(state.clone(), &settings));
                built += 1;
            }
            built
        })
    };
    for _ in 0..50 {
        // A page whose data comes from a server function (a visitor's import page).
        let response = tokio::time::timeout(std::time::Duration::from_secs(20), send(&app, get("/sources/import")))
            .await
            .expect("the page finished while routers were being built");
        assert_eq!(response.status(), StatusCode::OK);
        assert!(body_text(response).await.contains("to import values from a file"));
    }
    done.store(true, Ordering::Relaxed);
    assert!(builder.join().unwrap() > 0, "routers were built meanwhile");
}

async fn fails() -> &'static str {
    panic!("connection string with hunter2")
}

#[tokio::test]
async fn a_panic_becomes_a_500_page_with_a_reference_and_no_internals() {
    let settings = settings_with(&[]);
    let test_app = app_with(unreachable_pool(), &settings).await;
    let state = test_app.state.clone();
    let failing = Router::new().route("/fails", route_get(fails));
    let app = crossfade_server::router::with_middleware(failing, state, &settings);
    let response = send(&app, get("/fails")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.headers().get(CONTENT_SECURITY_POLICY).is_some());
    let html = body_text(response).await;
    assert!(html.contains("Something went wrong"));
    assert!(!html.contains("hunter2"), "{html}");
    let reference = html.split(r#"<code class="reference">"#).nth(1).and_then(|rest| rest.split('<').next()).unwrap();
    assert!(reference.starts_with('E') && reference.len() == 11, "{reference}");
}

/// The server functions that change or read behind a POST, from the framework's registry: a function added later is
/// covered without touching these tests.
fn posted_server_functions() -> Vec<&'static str> {
    let posted: Vec<&'static str> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(_, method)| *method == http::Method::POST)
        .map(|(path, _)| path)
        .collect();
    assert!(posted.contains(&"/api/disconnect_account") && posted.contains(&"/api/sync_now"), "{posted:?}");
    posted
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn every_mutating_route_refuses_a_cross_site_request(pool: sqlx::PgPool) {
    let app = app(pool).await;
    let mut routes = posted_server_functions();
    // The plain form routes, and a path nothing serves: the check stands in front of routing, so a route added
    // later is refused the same way before it is even found.
    routes.extend(["/auth/sign-in", "/auth/sign-out", "/history/upload", "/a/route/added/later"]);
    for route in routes {
        for foreign in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")] {
            for method in [http::Method::POST, http::Method::PUT, http::Method::DELETE, http::Method::PATCH] {
                let mut request = form_post(route, "", &[foreign]);
                *request.method_mut() = method.clone();
                let response = send(&app, request).await;
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {route} with {foreign:?}");
            }
        }
    }
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn a_get_to_a_posted_server_function_is_405(pool: sqlx::PgPool) {
    let app = app(pool).await;
    for route in posted_server_functions() {
        let response = send(&app, get(&format!("{route}?confirm=delete"))).await;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "GET {route}");
    }
}
