//! History uploads through the production router: an upload may outlast the request timeout (which every other
//! route keeps) while its bytes keep coming, but is refused when they stop; a refused, abandoned or over-quota
//! upload leaves no file behind; uploads are private on disk; deleting an account deletes its waiting uploads; and
//! the start-up sweep clears what a stopped server left.

use crate::common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use common::{Browser, TestApp, app, app_with, form_post, get, page, send, settings_with, unreachable_pool};
use crossfade_domain::ImportState;
use crossfade_store::plays::{INTERNAL_FAILURE, create_import, find_import, list_imports};
use http::{Request, Response, StatusCode};
use sqlx::PgPool;
use tokio::io::{AsyncWriteExt as _, DuplexStream};
use tokio::task::JoinHandle;
use tower::ServiceExt as _;
use tower_http::services::fs::AsyncReadBody;

const BOUNDARY: &str = "crossfade-test-boundary";
const PLAY: &str = r#"{"ts":"2024-03-01T08:00:00Z","ms_played":201000,"master_metadata_track_name":"Morning Tide","spotify_track_uri":"spotify:track:0aaaaaaaaaaaaaaaaaaaaa"}"#;

/// The multipart form up to the file's first byte.
fn head(file_name: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"export\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/json\r\n\r\n"
    )
}

/// The multipart form after the file's last byte.
fn tail() -> String {
    format!("\r\n--{BOUNDARY}--\r\n")
}

/// A history file of about `bytes` bytes.
fn export_of(bytes: usize) -> String {
    format!("[{}]", vec![PLAY; bytes / (PLAY.len() + 1) + 1].join(","))
}

fn upload_request(body: Body, browser: &Browser) -> Request<Body> {
    let mut request = Request::post("/history/upload")
        .header("host", "127.0.0.1:3000")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("referer", "http://127.0.0.1:3000/history");
    if let Some(cookie) = &browser.cookie {
        request = request.header(http::header::COOKIE, cookie);
    }
    request.body(body).unwrap()
}

/// Uploads `content` as `file_name` in one go; answers where the browser is sent.
async fn upload(app: &TestApp, browser: &mut Browser, file_name: &str, content: &str) -> String {
    let body = format!("{}{content}{}", head(file_name), tail());
    let request = upload_request(Body::from(body), browser);
    let response = browser.send(app, request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()[http::header::LOCATION].to_str().unwrap().to_owned()
}

/// Starts an upload whose body the test writes, through the returned stream, as slowly as it likes.
fn start_upload(app: &TestApp, browser: &Browser) -> (JoinHandle<Response<Body>>, DuplexStream) {
    let (writer, reader) = tokio::io::duplex(64 * 1024);
    let request = upload_request(Body::new(AsyncReadBody::with_capacity(reader, 16 * 1024)), browser);
    let router = app.router.clone();
    let running = tokio::spawn(async move { router.oneshot(request).await.expect("the router is infallible") });
    (running, writer)
}

fn location(response: &Response<Body>) -> &str {
    response.headers()[http::header::LOCATION].to_str().unwrap()
}

/// The names of the files in the upload folder, sorted (none when it does not exist yet).
fn files(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&app.state.library_settings.upload_dir)
        .map(|entries| entries.map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn folder(app: &TestApp) -> PathBuf {
    app.state.library_settings.upload_dir.clone()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

async fn user_id(pool: &PgPool, spotify_user: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE spotify_user_id = $1")
        .bind(spotify_user)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn signed_in(app: &TestApp) -> Browser {
    let mut browser = Browser::default();
    browser.sign_in_as(app, "tessa").await;
    browser
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_upload_may_outlast_the_request_timeout_while_its_bytes_keep_arriving(pool: PgPool) {
    // Signed in where requests have the usual time; the upload goes to a server whose requests get one second.
    let browser = signed_in(&app(pool.clone()).await).await;
    let hurried = settings_with(&[("CROSSFADE_REQUEST_TIMEOUT_SECS", "1"), ("CROSSFADE_UPLOAD_IDLE_SECS", "2")]);
    let app = app_with(pool.clone(), &hurried).await;

    let (running, mut body) = start_upload(&app, &browser);
    body.write_all(head("Streaming_History_Audio_2024.json").as_bytes()).await.unwrap();
    let export = export_of(64 * 1024);
    for piece in export.as_bytes().chunks(export.len() / 6 + 1) {
        body.write_all(piece).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    body.write_all(tail().as_bytes()).await.unwrap();
    drop(body);
    let response = running.await.unwrap();

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/history");
    let imports = list_imports(&pool, user_id(&pool, "tessa").await).await.unwrap();
    assert_eq!(imports.len(), 1);
    assert_eq!((imports[0].state, imports[0].byte_size), (ImportState::Queued, export.len() as i64));
    assert_eq!(files(&app), [format!("history-{}", imports[0].id)]);
}

async fn slow_page() -> &'static str {
    tokio::time::sleep(Duration::from_secs(3)).await;
    "too late"
}

#[tokio::test]
async fn every_other_route_keeps_the_request_timeout() {
    let settings = settings_with(&[("CROSSFADE_REQUEST_TIMEOUT_SECS", "1")]);
    let test_app = app_with(unreachable_pool(), &settings).await;
    let state = test_app.state.clone();
    let slow = axum::Router::new().route("/slow", axum::routing::get(slow_page));
    let app = crossfade_server::router::with_middleware(slow, state, &settings);
    let started = tokio::time::Instant::now();
    let response = send(&app, get("/slow")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_upload_whose_bytes_stop_coming_is_refused_and_leaves_nothing(pool: PgPool) {
    let settings = settings_with(&[("CROSSFADE_REQUEST_TIMEOUT_SECS", "10"), ("CROSSFADE_UPLOAD_IDLE_SECS", "1")]);
    let app = app_with(pool.clone(), &settings).await;
    let mut browser = signed_in(&app).await;

    let (running, mut body) = start_upload(&app, &browser);
    body.write_all(head("Streaming_History_Audio_2024.json").as_bytes()).await.unwrap();
    body.write_all(&export_of(32 * 1024).as_bytes()[..16 * 1024]).await.unwrap();
    let response = tokio::time::timeout(Duration::from_secs(5), running).await.expect("refused in time").unwrap();

    assert_eq!(location(&response), "/history?problem=stalled");
    assert!(files(&app).is_empty(), "{:?}", files(&app));
    assert!(list_imports(&pool, user_id(&pool, "tessa").await).await.unwrap().is_empty());
    let html = page(&app, &mut browser, "/history?problem=stalled").await;
    assert!(html.contains("nothing arrived for a while"), "{html}");
    drop(body);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn an_upload_the_client_abandons_leaves_no_partial_file(pool: PgPool) {
    let app = app(pool.clone()).await;
    let browser = signed_in(&app).await;

    let (running, mut body) = start_upload(&app, &browser);
    body.write_all(head("Streaming_History_Audio_2024.json").as_bytes()).await.unwrap();
    body.write_all(&export_of(32 * 1024).as_bytes()[..16 * 1024]).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !files(&app).iter().any(|name| name.ends_with(".part")) {
        assert!(tokio::time::Instant::now() < deadline, "the upload never reached the disk");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The client goes away: the server drops the request's future, handler and all.
    running.abort();
    assert!(running.await.unwrap_err().is_cancelled());

    assert!(files(&app).is_empty(), "{:?}", files(&app));
    assert!(list_imports(&pool, user_id(&pool, "tessa").await).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn uploads_past_the_quota_are_refused_and_leave_nothing(pool: PgPool) {
    let app = app_with(pool.clone(), &settings_with(&[("CROSSFADE_UPLOAD_QUOTA_MB", "1")])).await;
    let mut browser = signed_in(&app).await;
    let user = user_id(&pool, "tessa").await;
    let export = export_of(600 * 1024);

    assert_eq!(upload(&app, &mut browser, "Streaming_History_Audio_2023.json", &export).await, "/history");
    let first = files(&app);
    assert_eq!(first.len(), 1);
    // With the first still waiting, a second of the same size passes the quota while it is written.
    let refused = upload(&app, &mut browser, "Streaming_History_Audio_2024.json", &export).await;
    assert_eq!(refused, "/history?problem=over-quota");
    assert_eq!(files(&app), first, "the refused upload was removed");
    assert_eq!(list_imports(&pool, user).await.unwrap().len(), 1);
    let html = page(&app, &mut browser, &refused).await;
    assert!(html.contains("CROSSFADE_UPLOAD_QUOTA_MB"), "{html}");

    // Once the first is no longer waiting, its bytes no longer count.
    let import = list_imports(&pool, user).await.unwrap()[0].id;
    crossfade_store::plays::fail_import(&pool, user, import, "done with it").await.unwrap();
    assert_eq!(upload(&app, &mut browser, "Streaming_History_Audio_2024.json", &export).await, "/history");
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn uploads_are_readable_by_the_servers_account_only(pool: PgPool) {
    let app = app(pool.clone()).await;
    let mut browser = signed_in(&app).await;
    std::fs::create_dir_all(folder(&app)).unwrap();
    std::fs::set_permissions(folder(&app), std::fs::Permissions::from_mode(0o755)).unwrap();

    assert_eq!(upload(&app, &mut browser, "Streaming_History_Audio_2024.json", &export_of(1024)).await, "/history");
    assert_eq!(mode(&folder(&app)), 0o700, "the folder's wider permissions were taken back");
    let stored = files(&app);
    assert_eq!(stored.len(), 1);
    assert_eq!(mode(&folder(&app).join(&stored[0])), 0o600);
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn deleting_an_account_deletes_its_uploads_waiting_to_be_imported(pool: PgPool) {
    let app = app(pool.clone()).await;
    let mut browser = signed_in(&app).await;
    assert_eq!(upload(&app, &mut browser, "Streaming_History_Audio_2024.json", &export_of(1024)).await, "/history");
    assert_eq!(files(&app).len(), 1);

    let response = browser.send(&app, form_post("/api/disconnect_account", "confirm=delete", &[])).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&pool).await.unwrap();
    assert_eq!(users, 0);
    assert!(files(&app).is_empty(), "{:?}", files(&app));
}

/// Sets a file's modification time an hour back, as if it had been left there by a server that stopped.
fn age(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(3600)).unwrap();
}

#[sqlx::test(migrator = "crossfade_server::db::MIGRATOR")]
async fn the_start_up_sweep_clears_what_a_stopped_server_left(pool: PgPool) {
    let app = app_with(pool.clone(), &settings_with(&[("CROSSFADE_UPLOAD_IDLE_SECS", "60")])).await;
    let mut browser = signed_in(&app).await;
    let user = user_id(&pool, "tessa").await;
    // An upload waiting for its job, its file long unchanged.
    assert_eq!(upload(&app, &mut browser, "Streaming_History_Audio_2024.json", &export_of(1024)).await, "/history");
    let waiting = list_imports(&pool, user).await.unwrap()[0].id;
    let folder = folder(&app);
    age(&folder.join(format!("history-{waiting}")));
    // An import recorded without a job, as an older version could leave one, with its upload.
    let unqueued = create_import(&pool, user, "Streaming_History_Audio_2023.json", 5).await.unwrap();
    std::fs::write(folder.join(format!("history-{unqueued}")), "[   ]").unwrap();
    // An upload no import waits for, a partial upload nobody writes any more, and one still being written.
    std::fs::write(folder.join("history-999999"), "[]").unwrap();
    age(&folder.join("history-999999"));
    std::fs::write(folder.join("upload-00000000000000aa.part"), "[").unwrap();
    age(&folder.join("upload-00000000000000aa.part"));
    std::fs::write(folder.join("upload-00000000000000bb.part"), "[").unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o750)).unwrap();

    crossfade_server::uploads::sweep(&app.state).await;

    assert_eq!(files(&app), [format!("history-{waiting}"), "upload-00000000000000bb.part".to_owned()]);
    assert_eq!(mode(&folder), 0o700);
    let failed = find_import(&pool, user, unqueued).await.unwrap().unwrap();
    assert_eq!((failed.state, failed.error.as_deref()), (ImportState::Failed, Some(INTERNAL_FAILURE)));
    assert_eq!(find_import(&pool, user, waiting).await.unwrap().unwrap().state, ImportState::Queued);
}
