//! The real `crossfade-server` binary: start-up on its own PostgreSQL, readiness, clean shutdown, bad settings.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const SESSION_KEY: &str = "YmluYXJ5LXRlc3Qtb25seS1rZXktYmluYXJ5LXRlc3Qtb25seS1rZXktYmluYXJ5LXRlc3Qtb25seS1rZXktb2sh";

fn server(data_dir: &Path, addr: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crossfade-server"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("CROSSFADE_ADDR", addr)
        .env("CROSSFADE_DATA_DIR", data_dir)
        .env("CROSSFADE_SITE_ROOT", data_dir.join("site"))
        .env("CROSSFADE_SESSION_KEY", SESSION_KEY)
        .env("CROSSFADE_TOKEN_KEYS", "bin:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
        .env("CROSSFADE_SANDBOX_ADDR", "127.0.0.1:0")
        .current_dir(data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// The status code of `GET path`, or None while nothing answers.
fn status_of(addr: &str, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_whitespace().nth(1)?.parse().ok()
}

fn wait_for_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not exit within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn without_a_database_url_it_serves_on_its_own_postgres_and_stops_it_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let addr = free_addr();
    let mut child = server(dir.path(), &addr).spawn().unwrap();

    let deadline = Instant::now() + Duration::from_secs(120);
    while status_of(&addr, "/readyz") != Some(200) {
        assert!(child.try_wait().unwrap().is_none(), "the server exited during start-up");
        assert!(Instant::now() < deadline, "the server did not become ready");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(status_of(&addr, "/about"), Some(200));
    let pgdata = dir.path().join("postgres/pgdata");
    assert!(pgdata.join("PG_VERSION").exists(), "the cluster lives under the data directory");
    assert!(pgdata.join("postmaster.pid").exists());

    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let status = wait_for_exit(&mut child, Duration::from_secs(60));
    assert!(status.success(), "{status}");
    assert!(!pgdata.join("postmaster.pid").exists(), "the embedded cluster was shut down cleanly");
    assert!(status_of(&addr, "/healthz").is_none(), "nothing listens any more");
}

#[test]
fn an_invalid_setting_stops_the_start_with_a_message_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = server(dir.path(), "127.0.0.1:0").env("CROSSFADE_REQUEST_TIMEOUT_SECS", "soon").output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("CROSSFADE_REQUEST_TIMEOUT_SECS") && stderr.contains("soon"), "{stderr}");
    assert!(!dir.path().join("postgres").exists(), "nothing is started before the settings are valid");
}
