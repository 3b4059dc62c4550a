//! The release build of `crossfade-server` in a process of its own for the benchmarks: its database (on
//! `DATABASE_URL`'s server or a private cluster), its keys, started against a Spotify sandbox and waited for.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use crossfade_spotify_sandbox::RunningSandbox;
use secrecy::ExposeSecret as _;
use sqlx::PgPool;

/// The server's session and token keys, kept across restarts.
pub struct Keys {
    session: String,
    tokens: String,
}

impl Keys {
    pub fn new() -> Keys {
        let key = |bytes: usize| {
            let random: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
            base64::engine::general_purpose::STANDARD.encode(random)
        };
        Keys { session: key(64), tokens: format!("bench:{}", key(32)) }
    }
}

/// Starts the release build of `crossfade-server` on `port`, against `database`, with `sandbox` as its Spotify and
/// `settings` on top of the defaults.
pub fn spawn_server(
    port: u16,
    database: &str,
    sandbox: &RunningSandbox,
    folder: &Path,
    keys: &Keys,
    settings: &[(&str, &str)],
) -> Child {
    let site: PathBuf = folder.join("site");
    std::fs::create_dir_all(&site).unwrap();
    let log = std::fs::File::create(folder.join("server.log")).unwrap();
    Command::new(env!("CARGO_BIN_EXE_crossfade-server"))
        .env_clear()
        .env("CROSSFADE_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database)
        .env("CROSSFADE_SITE_ROOT", &site)
        .env("CROSSFADE_DATA_DIR", folder.join("data"))
        .env("CROSSFADE_UPLOAD_DIR", folder.join("uploads"))
        .env("CROSSFADE_SESSION_KEY", &keys.session)
        .env("CROSSFADE_TOKEN_KEYS", &keys.tokens)
        .env("SPOTIFY_CLIENT_ID", "crossfadebench")
        .env("SPOTIFY_ACCOUNTS_URL", sandbox.base_url().as_str())
        .env("SPOTIFY_API_URL", sandbox.api_base_url().as_str())
        .env("CROSSFADE_SPOTIFY_REQUESTS_PER_30S", "0")
        .env("CROSSFADE_SPOTIFY_CONCURRENCY", "8")
        // The enrichment services' real addresses are out of reach here, and their jobs would keep the seeding
        // waiting for background work to end: this benchmark measures serving pages, so they stay off.
        .env("CROSSFADE_ENRICHMENT", "none")
        .env("RUST_LOG", "warn")
        .envs(settings.iter().copied())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the release server starts")
}

/// Waits for `/readyz`; a server that stops or does not answer in two minutes ends the benchmark with its log.
pub async fn wait_until_ready(origin: &str, server: &mut Child, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while reqwest::get(format!("{origin}/readyz")).await.map(|r| r.status().is_success()).ok() != Some(true) {
        let stopped = server.try_wait().ok().flatten();
        if stopped.is_some() || Instant::now() > deadline {
            panic!("the server did not become ready: {}", std::fs::read_to_string(log).unwrap_or_default());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A database of the benchmark's own, on `DATABASE_URL`'s server or on a private cluster.
pub struct Database {
    pub url: String,
    admin: PgPool,
    name: String,
    cluster: Option<(crossfade_embedded_postgres::EmbeddedPostgres, tempfile::TempDir)>,
}

impl Database {
    /// A database named for the benchmark `bench`.
    pub async fn create(bench: &str) -> Database {
        let (server, cluster) = match std::env::var("DATABASE_URL") {
            Ok(url) => (url, None),
            Err(_) => {
                let folder = tempfile::tempdir().unwrap();
                let cluster = crossfade_embedded_postgres::EmbeddedPostgres::start(folder.path()).await.unwrap();
                (cluster.database_url().expose_secret().to_owned(), Some((cluster, folder)))
            }
        };
        let admin = PgPool::connect(&server).await.expect("the database server answers");
        let name = format!("crossfade_bench_{bench}_{}", std::process::id());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
        let mut url = url::Url::parse(&server).unwrap();
        url.set_path(&name);
        Database { url: url.to_string(), admin, name, cluster }
    }

    pub async fn drop(self) {
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&self.admin).await.unwrap();
        self.admin.close().await;
        if let Some((cluster, _folder)) = self.cluster {
            cluster.stop().await.unwrap();
        }
    }
}
