//! Helpers shared by the server's integration tests: settings, state and request plumbing.

#![allow(dead_code)] // each test binary uses its own subset

use axum::Router;
use axum::body::Body;
use crossfade_server::settings::Settings;
use crossfade_server::startup::app_state;
use crossfade_server::state::AppState;
use crossfade_spotify_sandbox::RunningSandbox;
use http::{Request, Response};
use http_body_util::BodyExt as _;
use sqlx::PgPool;
use tower::ServiceExt as _;

pub const ORIGIN: &str = "http://127.0.0.1:3000";
pub const TOKEN_KEYS: &str = "test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const SESSION_KEY: &str = "dGVzdC1vbmx5LXNlc3Npb24ta2V5LXRlc3Qtb25seS1zZXNzaW9uLWtleS10ZXN0LW9ubHktc2Vzc2lvbi1rZXk=";

/// Settings as the server would read them, with `extra` variables on top of a test session key.
pub fn settings_with(extra: &[(&str, &str)]) -> Settings {
    Settings::from_lookup(|name| {
        extra.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string()).or_else(|| match name {
            "CROSSFADE_SESSION_KEY" => Some(SESSION_KEY.to_owned()),
            "CROSSFADE_TOKEN_KEYS" => Some(TOKEN_KEYS.to_owned()),
            // Each test's sandbox on a port of its own.
            "CROSSFADE_SANDBOX_ADDR" => Some("127.0.0.1:0".to_owned()),
            _ => None,
        })
    })
    .expect("test settings are valid")
}

/// The production router with what it runs on: its state and, in demo mode, its Spotify sandbox.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub sandbox: Option<RunningSandbox>,
}

impl std::ops::Deref for TestApp {
    type Target = Router;

    fn deref(&self) -> &Router {
        &self.router
    }
}

/// The production router over `pool` with `settings`, connected to its own sandbox in demo mode.
pub async fn app_with(pool: PgPool, settings: &Settings) -> TestApp {
    let mut spotify = crossfade_server::spotify::connect(settings, &pool).await.expect("Spotify is set up");
    let sandbox = spotify.sandbox.take();
    let state = app_state(settings, pool, spotify);
    TestApp { router: crossfade_server::router(state.clone(), settings), state, sandbox }
}

/// The production router over `pool` with the default test settings.
pub async fn app(pool: PgPool) -> TestApp {
    app_with(pool, &settings_with(&[])).await
}

/// A pool whose database never answers (nothing listens on port 1).
pub fn unreachable_pool() -> PgPool {
    crossfade_server::db::pool_options(1)
        .acquire_timeout(std::time::Duration::from_millis(500))
        .connect_lazy("postgres://nobody:nothing@127.0.0.1:1/none")
        .expect("a lazy pool only parses the URL")
}

pub async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone().oneshot(request).await.expect("the router is infallible")
}

pub async fn body_text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.expect("body is readable").to_bytes();
    String::from_utf8(bytes.to_vec()).expect("body is UTF-8")
}

pub fn get(path: &str) -> Request<Body> {
    Request::get(path).header("host", "127.0.0.1:3000").body(Body::empty()).unwrap()
}

/// A plain HTML form post (what a browser without JavaScript sends), with the given extra headers.
pub fn form_post(path: &str, form: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::post(path)
        .header("host", "127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{ORIGIN}/about"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::from(form.to_owned())).unwrap()
}
