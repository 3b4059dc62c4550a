//! The embedded cluster: created on first start, data kept across restarts, and recovered after crashes.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crossfade_embedded_postgres::EmbeddedPostgres;
use secrecy::ExposeSecret as _;
use sqlx::{Connection as _, PgConnection};

/// A temporary directory PostgreSQL's service account can reach when the tests run as root.
fn cluster_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

async fn connect(cluster: &EmbeddedPostgres) -> PgConnection {
    PgConnection::connect(cluster.database_url().expose_secret()).await.unwrap()
}

async fn notes(cluster: &EmbeddedPostgres) -> Vec<String> {
    sqlx::query_scalar("SELECT body FROM note ORDER BY id").fetch_all(&mut connect(cluster).await).await.unwrap()
}

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = cluster_dir();
    let root = dir.path().join("postgres");
    let cluster = EmbeddedPostgres::start(&root).await.unwrap();
    let mut db = connect(&cluster).await;
    sqlx::query("CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)").execute(&mut db).await.unwrap();
    sqlx::query("INSERT INTO note (body) VALUES ('kept')").execute(&mut db).await.unwrap();
    drop(db);
    cluster.stop().await.unwrap();
    assert!(!root.join("pgdata/postmaster.pid").exists(), "a clean stop removes the lock");

    let again = EmbeddedPostgres::start(&root).await.unwrap();
    assert_eq!(notes(&again).await, ["kept"]);
    again.stop().await.unwrap();
}

#[tokio::test]
async fn a_second_server_on_the_same_directory_is_refused() {
    let dir = cluster_dir();
    let root = dir.path().join("postgres");
    let cluster = EmbeddedPostgres::start(&root).await.unwrap();
    let error = EmbeddedPostgres::start(&root).await.err().expect("the directory is in use");
    assert!(error.to_string().contains("already using"), "{error}");
    cluster.stop().await.unwrap();
}

#[tokio::test]
async fn a_cluster_left_running_by_a_killed_server_is_recovered() {
    let dir = cluster_dir();
    let root = dir.path().join("postgres");
    // The real binary, killed without warning: its PostgreSQL keeps running and keeps the lock file.
    let mut server = Command::new(env!("CARGO_BIN_EXE_crossfade-embedded-postgres"))
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = read_line(server.stdout.take().unwrap());
    let mut db = PgConnection::connect(&url).await.unwrap();
    sqlx::query("CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)").execute(&mut db).await.unwrap();
    sqlx::query("INSERT INTO note (body) VALUES ('before the crash')").execute(&mut db).await.unwrap();
    drop(db);
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(root.join("pgdata/postmaster.pid").exists());

    let cluster = EmbeddedPostgres::start(&root).await.unwrap();
    assert_eq!(notes(&cluster).await, ["before the crash"]);
    cluster.stop().await.unwrap();
}

#[tokio::test]
async fn a_stale_lock_of_a_dead_postgres_does_not_block_a_start() {
    let dir = cluster_dir();
    let root = dir.path().join("postgres");
    EmbeddedPostgres::start(&root).await.unwrap().stop().await.unwrap();
    // What a power cut leaves: a postmaster.pid naming a process that no longer exists.
    write_lock_naming(&root.join("pgdata/postmaster.pid"), 4_194_304);
    let cluster = EmbeddedPostgres::start(&root).await.unwrap();
    assert_eq!(select_one(&cluster).await, 1);
    cluster.stop().await.unwrap();
}

#[tokio::test]
async fn a_lock_whose_process_id_was_reused_by_another_program_is_cleared() {
    let dir = cluster_dir();
    let root = dir.path().join("postgres");
    EmbeddedPostgres::start(&root).await.unwrap().stop().await.unwrap();
    // After a reboot the old postmaster's id may belong to any program of the account PostgreSQL runs as (it
    // ignores ids it may not signal, and its own parent's, so neither would show the case).
    let mut sleeper = Command::new("sleep");
    sleeper.arg("60");
    if nix::unistd::Uid::effective().is_root() {
        use std::os::unix::process::CommandExt as _;
        let account = nix::unistd::User::from_name("postgres").unwrap().expect("the postgres account exists");
        sleeper.uid(account.uid.as_raw()).gid(account.gid.as_raw());
    }
    let mut other = sleeper.spawn().unwrap();
    write_lock_naming(&root.join("pgdata/postmaster.pid"), other.id());
    let cluster = EmbeddedPostgres::start(&root).await;
    other.kill().unwrap();
    other.wait().unwrap();
    let cluster = cluster.unwrap();
    assert_eq!(select_one(&cluster).await, 1);
    cluster.stop().await.unwrap();
}

async fn select_one(cluster: &EmbeddedPostgres) -> i32 {
    sqlx::query_scalar("SELECT 1").fetch_one(&mut connect(cluster).await).await.unwrap()
}

#[tokio::test]
async fn as_root_a_directory_the_service_account_cannot_enter_is_refused_up_front() {
    if !nix::unistd::Uid::effective().is_root() {
        // Without root the cluster runs as the current user, who can always reach their own directories.
        return;
    }
    let private = tempfile::tempdir().unwrap();
    std::fs::set_permissions(private.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let error = EmbeddedPostgres::start(&private.path().join("data/postgres")).await.err().expect("refused");
    let message = error.to_string();
    assert!(message.contains("cannot enter") && message.contains("CROSSFADE_DATA_DIR"), "{message}");
    assert!(message.contains(&private.path().display().to_string()), "{message}");
}

fn read_line(stdout: std::process::ChildStdout) -> String {
    use std::io::BufRead as _;
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    receiver.recv_timeout(Duration::from_secs(90)).expect("the cluster printed its URL").trim().to_owned()
}

fn write_lock_naming(path: &Path, pid: u32) {
    std::fs::write(path, format!("{pid}\n/tmp/elsewhere\n0\n5432\n\n\n")).unwrap();
}
