//! Helpers shared by the server's integration tests: settings, state and request plumbing.

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
            // Each test's uploads in a folder of their own.
            "CROSSFADE_UPLOAD_DIR" => Some(
                std::env::temp_dir()
                    .join(format!("crossfade-test-uploads-{}", rand::random::<u64>()))
                    .display()
                    .to_string(),
            ),
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
    /// The test's own upload folder, removed with the app so test runs leave nothing behind.
    upload_dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Missing when the test uploaded nothing.
        let _ = std::fs::remove_dir_all(&self.upload_dir);
    }
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
    let upload_dir = settings.library.upload_dir.clone();
    TestApp { router: crossfade_server::router(state.clone(), settings), state, sandbox, upload_dir }
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

/// One browser: its session cookie, carried from response to request.
#[derive(Default)]
pub struct Browser {
    pub cookie: Option<String>,
}

impl Browser {
    pub async fn send(&mut self, app: &TestApp, mut request: Request<Body>) -> Response<Body> {
        if let Some(cookie) = &self.cookie {
            request.headers_mut().insert(http::header::COOKIE, cookie.parse().unwrap());
        }
        let response = send(app, request).await;
        if let Some(set) = response.headers().get(http::header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap().to_owned();
            // An expired cookie (sign-out) clears it.
            self.cookie = (!set.to_str().unwrap().contains("Max-Age=0")).then_some(pair);
        }
        response
    }

    /// Presses "Sign in with Spotify": returns the sandbox's consent page URL.
    pub async fn start_sign_in(&mut self, app: &TestApp) -> url::Url {
        let response = self.send(app, form_post("/auth/sign-in", "", &[])).await;
        assert_eq!(response.status(), http::StatusCode::SEE_OTHER);
        url::Url::parse(response.headers()[http::header::LOCATION].to_str().unwrap()).unwrap()
    }

    /// Follows the sandbox's redirect back to Crossfade; returns where Crossfade sent the browser next.
    pub async fn return_to(&mut self, app: &TestApp, callback: &url::Url) -> String {
        let target = format!("{}?{}", callback.path(), callback.query().unwrap_or(""));
        let response = self.send(app, get(&target)).await;
        assert_eq!(response.status(), http::StatusCode::SEE_OTHER, "{target}");
        response.headers()[http::header::LOCATION].to_str().unwrap().to_owned()
    }

    /// The whole sign-in as `user_id`: consent approved, back at Crossfade's home page.
    pub async fn sign_in_as(&mut self, app: &TestApp, user_id: &str) {
        let authorize = self.start_sign_in(app).await;
        let callback = decide(&authorize, user_id, "approve").await;
        assert_eq!(self.return_to(app, &callback).await, "/");
    }
}

/// Answers the sandbox's consent form as a person would, returning the redirect back to Crossfade.
pub async fn decide(authorize: &url::Url, user_id: &str, decision: &str) -> url::Url {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let form = format!("{}&user_id={user_id}&decision={decision}", authorize.query().unwrap());
    let response = client
        .post(authorize.as_str())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap()
}

/// The Spotify user id and display name of the sandbox's demo user number `index`.
pub fn demo_user(app: &TestApp, index: usize) -> (String, String) {
    let users = app.sandbox.as_ref().unwrap().control().demo_users();
    (users[index].id.clone(), users[index].display_name.clone())
}

/// The HTML `browser` gets for `path`.
pub async fn page(app: &TestApp, browser: &mut Browser, path: &str) -> String {
    body_text(browser.send(app, get(path)).await).await
}
