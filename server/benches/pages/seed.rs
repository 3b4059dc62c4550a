//! Seeding the benchmark the way a person fills Crossfade: the release server in a process of its own, connected to
//! a Spotify sandbox with one large account, signed in through the consent page, synced, and given a generated
//! streaming history through the History page's upload.

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use crossfade_history::{ExportArchive, PlayDetails, Record, SongPlay};
use crossfade_spotify_sandbox::{DemoUserSpec, RegisteredClient, RunningSandbox, SandboxConfig};
use rand::{Rng, SeedableRng};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::release_server::{Database, Keys, spawn_server, wait_until_ready};

/// The server, its database and its sandbox, seeded with one signed-in account.
pub struct Seeded {
    origin: String,
    cookie: String,
    pool: PgPool,
    user_id: i64,
    server: Child,
    port: u16,
    keys: Keys,
    sandbox: RunningSandbox,
    folder: tempfile::TempDir,
    database: Database,
}

impl Seeded {
    pub async fn start(liked: usize, playlists: usize, plays: usize) -> Seeded {
        let database = Database::create("pages").await;
        let folder = tempfile::tempdir().expect("a temporary folder");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let origin = format!("http://127.0.0.1:{port}");
        let callback = format!("{origin}/auth/callback");
        let config = SandboxConfig {
            users: vec![DemoUserSpec::new("bench", "Bench Listener", liked, playlists)],
            clients: vec![RegisteredClient::public("crossfadebench", &[callback.as_str()])],
            ..SandboxConfig::default()
        };
        let sandbox = crossfade_spotify_sandbox::start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let keys = Keys::new();
        let mut server = spawn_server(port, &database.url, &sandbox, folder.path(), &keys, &[]);
        let started = Instant::now();
        wait_until_ready(&origin, &mut server, &folder.path().join("server.log")).await;
        let cookie = sign_in(&origin).await;
        let pool = PgPool::connect(&database.url).await.unwrap();
        let user_id: i64 =
            sqlx::query_scalar("SELECT id FROM users WHERE spotify_user_id = 'bench'").fetch_one(&pool).await.unwrap();
        let seeded = Seeded { origin, cookie, pool, user_id, server, port, keys, sandbox, folder, database };
        seeded.background_work_done("the first sync and the catalog lookups").await;
        println!("signed in and synced in {:.0} s", started.elapsed().as_secs_f64());
        let imported = Instant::now();
        seeded.upload_history(plays).await;
        seeded.background_work_done("the history import").await;
        println!("{plays} plays generated, uploaded and imported in {:.0} s", imported.elapsed().as_secs_f64());
        // What autovacuum does within a minute of such writes on a running installation.
        sqlx::query("VACUUM ANALYZE").execute(&seeded.pool).await.unwrap();
        seeded
    }

    pub fn origin(&self) -> String {
        self.origin.clone()
    }

    pub fn cookie(&self) -> String {
        self.cookie.clone()
    }

    /// The seeded library in one line.
    pub async fn describe(&self) -> String {
        let (tracks, liked, listed, plays): (i32, i32, i32, i64) =
            sqlx::query_as("SELECT tracks, liked, listed, song_plays FROM library_summary WHERE user_id = $1")
                .bind(self.user_id)
                .fetch_one(&self.pool)
                .await
                .unwrap();
        let playlists: i64 = sqlx::query_scalar("SELECT count(*) FROM playlists WHERE user_id = $1")
            .bind(self.user_id)
            .fetch_one(&self.pool)
            .await
            .unwrap();
        format!("library: {tracks} tracks ({liked} liked, {listed} in playlists), {playlists} playlists, {plays} plays")
    }

    /// The pages measured: the tracks table three ways, the plays, the most played track and the largest playlist.
    pub async fn pages(&self) -> Vec<String> {
        let top_track: String = sqlx::query_scalar(
            "SELECT track_id FROM track_facts WHERE user_id = $1 AND in_catalog ORDER BY plays DESC LIMIT 1",
        )
        .bind(self.user_id)
        .fetch_one(&self.pool)
        .await
        .unwrap();
        let largest_playlist: String =
            sqlx::query_scalar("SELECT spotify_id FROM playlists WHERE user_id = $1 ORDER BY items_total DESC LIMIT 1")
                .bind(self.user_id)
                .fetch_one(&self.pool)
                .await
                .unwrap();
        // A word from the middle of the titles: a search that finds a part of the library.
        let title: String = sqlx::query_scalar(
            "SELECT title FROM track_facts WHERE user_id = $1 ORDER BY title_key OFFSET (
                 SELECT tracks / 2 FROM library_summary WHERE user_id = $1) LIMIT 1",
        )
        .bind(self.user_id)
        .fetch_one(&self.pool)
        .await
        .unwrap();
        let word = title.split_whitespace().max_by_key(|word| word.len()).unwrap_or("a").to_lowercase();
        let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        vec![
            "/library".to_owned(),
            "/library?sort=plays&dir=desc".to_owned(),
            format!("/library?q={word}"),
            "/library/plays".to_owned(),
            format!("/library/tracks/{top_track}"),
            format!("/library/playlists/{largest_playlist}"),
            "/insights".to_owned(),
            format!("/insights?of=playlist:{largest_playlist}"),
            "/insights/history".to_owned(),
            format!("/insights/history?{}", self.last_full_year().await),
        ]
    }

    /// The dashboards: what the insights issue measures one request at a time.
    pub fn dashboards(pages: &[String]) -> Vec<String> {
        pages.iter().filter(|page| page.starts_with("/insights")).cloned().collect()
    }

    /// The range of the last whole year of the seeded history, as query fields.
    async fn last_full_year(&self) -> String {
        let year: i32 = sqlx::query_scalar(
            "SELECT extract(year FROM max(hour))::integer - 1 FROM listening_hours WHERE user_id = $1",
        )
        .bind(self.user_id)
        .fetch_one(&self.pool)
        .await
        .unwrap();
        format!("from={year}-01-01&to={year}-12-31")
    }

    /// Saves what `path` answers now as a file in the server's site folder; answers the file's address.
    pub async fn save_static_copy(&self, path: &str) -> String {
        let body = reqwest::Client::new()
            .get(format!("{}{path}", self.origin))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let folder = self.folder.path().join("site").join("bench");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("library.html"), &body).unwrap();
        println!("static baseline: the {} bytes of {path}", body.len());
        "/bench/library.html".to_owned()
    }

    /// Waits until no job is running or due: what the server still had to do after a sync or an import is done.
    async fn background_work_done(&self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(1800);
        loop {
            let busy: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM jobs WHERE state = 'running' OR (state = 'queued' AND run_at <= now())",
            )
            .fetch_one(&self.pool)
            .await
            .unwrap();
            let importing: i64 =
                sqlx::query_scalar("SELECT count(*) FROM history_imports WHERE state IN ('queued', 'importing')")
                    .fetch_one(&self.pool)
                    .await
                    .unwrap();
            // A sync a rate limit put off is queued for later, not due: it is still to be waited for.
            let syncing: i64 =
                sqlx::query_scalar("SELECT count(*) FROM sync_status WHERE state IN ('running', 'waiting')")
                    .fetch_one(&self.pool)
                    .await
                    .unwrap();
            if busy == 0 && importing == 0 && syncing == 0 {
                return;
            }
            assert!(Instant::now() < deadline, "{what} did not finish within 30 minutes");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Writes a streaming history of `plays` plays of the library's tracks and uploads it on the History page.
    async fn upload_history(&self, plays: usize) {
        let tracks: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT track_id, title, artists, album_name FROM track_facts WHERE user_id = $1 ORDER BY track_id",
        )
        .bind(self.user_id)
        .fetch_all(&self.pool)
        .await
        .unwrap();
        let path = self.folder.path().join("my_spotify_data.zip");
        write_history(&path, &tracks, plays);
        let bytes = std::fs::read(&path).unwrap();
        let boundary = "crossfade-bench-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"export\"; filename=\"my_spotify_data.zip\"\r\n\
             Content-Type: application/zip\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let response = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(format!("{}/history/upload", self.origin))
            .header("cookie", &self.cookie)
            .header("origin", &self.origin)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .unwrap();
        let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default();
        assert_eq!(location, "/history", "the upload was refused");
    }

    /// Starts the server again with `settings` on top (same keys, so the session stays signed in).
    pub async fn restart_with(&mut self, settings: &[(&str, &str)]) {
        self.stop_server();
        self.server =
            spawn_server(self.port, &self.database.url, &self.sandbox, self.folder.path(), &self.keys, settings);
        wait_until_ready(&self.origin, &mut self.server, &self.folder.path().join("server.log")).await;
    }

    fn stop_server(&mut self) {
        let pid = nix::unistd::Pid::from_raw(i32::try_from(self.server.id()).unwrap());
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let _ = self.server.wait();
    }

    /// Stops the server and removes the database.
    pub async fn finish(mut self) {
        self.stop_server();
        self.sandbox.shutdown().await;
        self.pool.close().await;
        self.database.drop().await;
    }
}

/// `plays` plays over three years, most of them of a few favourites (the `n`-th most played track is played about
/// 1/n as often), about one in ten skipped.
fn write_history(path: &Path, tracks: &[(String, String, String, String)], plays: usize) {
    let mut random = rand::rngs::StdRng::seed_from_u64(2026);
    let end = OffsetDateTime::now_utc() - time::Duration::days(2);
    let span = 3 * 365 * 24 * 3600;
    let mut records: Vec<Record> = (0..plays)
        .map(|n| {
            // Zipf-like: exponentially distributed logarithm of the rank.
            let rank = (tracks.len() as f64).powf(random.random::<f64>().powi(2)) as usize - 1;
            let (id, title, artists, album) = &tracks[rank.min(tracks.len() - 1)];
            let skipped = random.random_ratio(1, 10);
            Record::Song(SongPlay {
                details: PlayDetails {
                    played_at: end - time::Duration::seconds(span - (n as i64 * span / plays as i64)),
                    ms_played: if skipped {
                        random.random_range(1_000..30_000)
                    } else {
                        random.random_range(90_000..300_000)
                    },
                    reason_start: Some("trackdone".into()),
                    reason_end: Some(if skipped { "fwdbtn" } else { "trackdone" }.into()),
                    skipped: Some(skipped),
                    shuffle: Some(random.random()),
                },
                track_uri: Some(format!("spotify:track:{id}")),
                track_name: Some(title.clone()),
                artist_name: artists.split(", ").next().map(str::to_owned),
                album_name: Some(album.clone()),
            })
        })
        .collect();
    records.sort_by_key(|record| match record {
        Record::Song(song) => song.details.played_at,
        _ => end,
    });
    let mut archive = ExportArchive::new(std::fs::File::create(path).unwrap());
    archive
        .add_history_file("Spotify Extended Streaming History/Streaming_History_Audio_2023-2026_0.json", &records)
        .unwrap();
    archive.finish().unwrap();
}

/// Signs the sandbox's bench account in, as a browser without JavaScript would; answers the session cookie.
async fn sign_in(origin: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let cookie_of = |response: &reqwest::Response| {
        response
            .headers()
            .get("set-cookie")
            .and_then(|c| c.to_str().ok())
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
    };
    let started = client
        .post(format!("{origin}/auth/sign-in"))
        .header("origin", origin)
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    let attempt = cookie_of(&started).expect("a session for the sign-in attempt");
    let authorize = url::Url::parse(started.headers()["location"].to_str().unwrap()).unwrap();
    let consent = client
        .post(authorize.as_str())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("{}&user_id=bench&decision=approve", authorize.query().unwrap()))
        .send()
        .await
        .unwrap();
    let back = consent.headers()["location"].to_str().unwrap().to_owned();
    let signed_in = client.get(back).header("cookie", attempt).send().await.unwrap();
    assert_eq!(signed_in.headers()["location"], "/", "the sign-in completed");
    cookie_of(&signed_in).expect("the signed-in session")
}
