//! A sandbox with demo users and a library over a real database, for the library's tests and benchmark.

#![allow(dead_code)] // each test binary uses its own subset

use std::time::Duration;

use crossfade_library::{ApiAccess, Gate, Library, Pacing};
use crossfade_spotify::{RetryPolicy, Scope, Spotify, SpotifyConfig, TokenGrant};
use crossfade_spotify_sandbox::{Control, DemoUserSpec, Mode, RegisteredClient, RunningSandbox, SandboxConfig};
use crossfade_store::{PgTokenStore, SpotifyProfile, TokenKeyring, users};
use secrecy::SecretString;
use sqlx::PgPool;
use url::Url;

const CLIENT_ID: &str = "librarytests";
const REDIRECT_URI: &str = "http://127.0.0.1:9/callback";
const TOKEN_KEYS: &str = "test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// A retry policy that keeps tests quick.
pub fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_retry_after: Duration::from_secs(2),
        max_attempts: 4,
        backoff_base: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        request_timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
    }
}

/// A running sandbox and a library connected to it.
pub struct World {
    pub sandbox: RunningSandbox,
    pub control: Control,
    pub library: Library,
    keyring: TokenKeyring,
}

/// Starts a sandbox with `users` in `mode` and a library over `pool` with `pacing`.
pub async fn world(pool: PgPool, users: Vec<DemoUserSpec>, mode: Mode, pacing: Pacing) -> World {
    world_at(pool, users, mode, pacing, None).await
}

/// [`world`] with the sandbox clock starting at `start_time` (the wall clock when None), for tests whose answers
/// depend on the date (Beatport's week of releases).
pub async fn world_at(
    pool: PgPool,
    users: Vec<DemoUserSpec>,
    mode: Mode,
    pacing: Pacing,
    start_time: Option<time::OffsetDateTime>,
) -> World {
    let config = SandboxConfig {
        mode,
        users,
        clients: vec![RegisteredClient {
            client_id: CLIENT_ID.into(),
            client_secret: None,
            redirect_uris: vec![REDIRECT_URI.into()],
        }],
        start_time,
        ..SandboxConfig::default()
    };
    let sandbox = crossfade_spotify_sandbox::start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let keyring = TokenKeyring::parse(TOKEN_KEYS).unwrap();
    let spotify_config = SpotifyConfig {
        accounts_base: sandbox.base_url(),
        api_base: sandbox.api_base_url(),
        client_id: CLIENT_ID.into(),
        client_secret: None,
        redirect_uri: Url::parse(REDIRECT_URI).unwrap(),
        policy: quick_policy(),
    };
    let spotify = Spotify::new(spotify_config, PgTokenStore::new(pool.clone(), keyring.clone())).unwrap();
    let access = if mode == Mode::Extended { ApiAccess::Extended } else { ApiAccess::Development };
    let library = Library { pool, spotify, gate: Gate::new(pacing), access };
    World { control: sandbox.control(), sandbox, library, keyring }
}

impl World {
    /// Signs `demo_user` in as a Crossfade user (stored with their sealed refresh token); answers the user id.
    pub async fn sign_in(&self, demo_user: &str) -> i64 {
        self.sign_in_with(demo_user, &Scope::ALL).await
    }

    /// Signs `demo_user` in having granted only `scopes`.
    pub async fn sign_in_with(&self, demo_user: &str, scopes: &[Scope]) -> i64 {
        let names: Vec<&str> = scopes.iter().map(|scope| scope.as_str()).collect();
        let grant = self.control.grant(demo_user, CLIENT_ID, &names).unwrap();
        let refresh = SecretString::from(grant.refresh_token.clone());
        let grant = TokenGrant {
            access_token: SecretString::from(grant.access_token),
            refresh_token: Some(refresh.clone()),
            expires_in: Duration::from_secs(grant.expires_in),
            scopes: names.iter().map(|s| (*s).to_owned()).collect(),
        };
        let me = self.library.spotify.current_user_with(&grant).await.unwrap();
        let now = time::OffsetDateTime::now_utc();
        let signed_in =
            users::sign_in(&self.library.pool, &self.keyring, &SpotifyProfile::of(&me), &refresh, &grant.scopes, now)
                .await
                .unwrap();
        self.library.spotify.remember(signed_in.user.id, &grant);
        signed_in.user.id
    }

    /// Requests the sandbox counted since the last reset, all routes together.
    pub fn requests(&self) -> u64 {
        self.control.counters().values().sum()
    }
}

/// A demo user with `liked` songs, `playlists` playlists and the rest scaled as the sandbox scales them.
pub fn demo_user(id: &str, liked: usize, playlists: usize) -> DemoUserSpec {
    DemoUserSpec::new(id, id, liked, playlists)
}

/// Unlimited pacing: requests are bounded by concurrency only.
pub fn unpaced(concurrency: usize) -> Pacing {
    Pacing { concurrency, per_window: None, window: Duration::from_secs(30) }
}

/// Every row of the user's mirror as text, with the transaction that last wrote it (`xmin`) when `with_versions`:
/// equal dumps with versions mean not a single row was rewritten.
pub async fn mirror_dump(pool: &PgPool, user_id: i64, with_versions: bool) -> Vec<String> {
    let version = if with_versions { "|| ' @' || xmin::text" } else { "" };
    let sql = format!(
        "SELECT line FROM (
           SELECT 'liked ' || track_id || ' ' || added_at::text {version} AS line FROM liked_tracks WHERE user_id = $1
           UNION ALL SELECT 'album ' || album_id || ' ' || added_at::text {version} FROM saved_albums WHERE user_id = $1
           UNION ALL SELECT 'follows ' || artist_id {version} FROM followed_artists WHERE user_id = $1
           UNION ALL SELECT 'playlist ' || concat_ws(' ', spotify_id, list_position, name, relation, snapshot_id,
                items_total, items_snapshot_id, withheld_snapshot_id) {version} FROM playlists WHERE user_id = $1
           UNION ALL SELECT 'entry ' || concat_ws(' ', p.spotify_id, i.position, i.kind, i.track_id, i.episode_id,
                i.local_uri, i.added_at, i.added_by) || CASE WHEN $2 THEN ' @' || i.xmin::text ELSE '' END
                FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id WHERE p.user_id = $1
           UNION ALL SELECT 'top ' || concat_ws(' ', time_range, rank, track_id) {version} FROM top_tracks WHERE user_id = $1
           UNION ALL SELECT 'top-artist ' || concat_ws(' ', time_range, rank, artist_id) {version} FROM top_artists
                WHERE user_id = $1
           UNION ALL SELECT 'play ' || concat_ws(' ', played_at, track_uri, source) {version} FROM plays WHERE user_id = $1
           UNION ALL SELECT 'track ' || concat_ws(' ', spotify_id, name, album_id, isrc) {version} FROM tracks
           UNION ALL SELECT 'artist ' || concat_ws(' ', spotify_id, name) {version} FROM artists
           UNION ALL SELECT 'release ' || concat_ws(' ', spotify_id, name) {version} FROM albums
         ) AS mirror ORDER BY line"
    );
    sqlx::query_scalar(&sql).bind(user_id).bind(with_versions).fetch_all(pool).await.unwrap()
}

/// A scratch database for a benchmark: on `DATABASE_URL`'s server if set, else on a private embedded cluster in a
/// temporary folder (kept alive by the returned guard). Migrated, empty.
pub async fn bench_database() -> (PgPool, BenchCluster) {
    use secrecy::ExposeSecret;
    let (server_url, cluster) = match std::env::var("DATABASE_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let cluster =
                crossfade_embedded_postgres::EmbeddedPostgres::start(dir.path()).await.expect("the embedded cluster");
            (cluster.database_url().expose_secret().to_owned(), Some((cluster, dir)))
        }
    };
    let admin = PgPool::connect(&server_url).await.expect("the database server answers");
    let name = format!("crossfade_bench_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    let mut url = Url::parse(&server_url).expect("DATABASE_URL is a URL");
    url.set_path(&name);
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(12).connect(url.as_str()).await.unwrap();
    sqlx::migrate!("../../migrations").run(&pool).await.expect("migrations apply");
    (pool, BenchCluster { admin, name, url: url.to_string(), cluster })
}

/// Drops the benchmark's database (and stops its cluster) when done.
pub struct BenchCluster {
    admin: PgPool,
    name: String,
    /// The scratch database's URL, for tools beside the benchmark.
    pub url: String,
    cluster: Option<(crossfade_embedded_postgres::EmbeddedPostgres, tempfile::TempDir)>,
}

impl BenchCluster {
    pub async fn finish(self, pool: PgPool) {
        pool.close().await;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&self.admin).await.unwrap();
        self.admin.close().await;
        if let Some((cluster, _dir)) = self.cluster {
            cluster.stop().await.expect("the embedded cluster stops");
        }
    }
}

/// The process's peak resident memory so far, in MiB (Linux `VmHWM`).
pub fn peak_memory_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Pages of 50 (Spotify's page size) for `items` entries.
pub fn pages(items: usize) -> u64 {
    items.div_ceil(50) as u64
}

/// The least a full sync of `spotify_user` (Crossfade user `user_id`, synced) can cost, from the sandbox's own view
/// of the library: one request per page of every collection, one per page of each playlist with entries that the
/// user owns or that is collaborative (a collaborative playlist the user only follows costs the one request that
/// finds that out), six top lists and recently played.
pub async fn minimum_full_sync(world: &World, user_id: i64, spotify_user: &str) -> u64 {
    let summary = world.control.demo_users().into_iter().find(|u| u.id == spotify_user).unwrap();
    let playlists = world.control.playlists(spotify_user).unwrap();
    let count = |table: &str| {
        let sql = format!("SELECT count(*) FROM {table} WHERE user_id = $1");
        let pool = world.library.pool.clone();
        async move { sqlx::query_scalar::<_, i64>(&sql).bind(user_id).fetch_one(&pool).await.unwrap() as usize }
    };
    let entries: u64 = playlists
        .iter()
        .filter(|p| p.total > 0 && (p.owner_id == spotify_user || p.collaborative))
        .map(|p| pages(p.total))
        .sum();
    let (profile, top, recently_played) = (1, 6, 1);
    profile
        + recently_played
        + pages(summary.liked_songs).max(1)
        + pages(count("saved_albums").await).max(1)
        + pages(playlists.len()).max(1)
        + entries
        + pages(count("followed_artists").await).max(1)
        + top
}

/// The User-Agent the enrichment tests and benchmark send: MusicBrainz's emulation refuses one without a contact.
pub const PROVIDER_USER_AGENT: &str = "Crossfade-tests/0.1 ( tests@crossfade.invalid )";

/// The sandbox's emulation of an enrichment provider; Spotify's own features and files have none.
pub fn emulation_of(provider: crossfade_domain::Provider) -> crossfade_spotify_sandbox::Provider {
    use crossfade_domain::Provider;
    match provider {
        Provider::ReccoBeats => crossfade_spotify_sandbox::Provider::ReccoBeats,
        Provider::Deezer => crossfade_spotify_sandbox::Provider::Deezer,
        Provider::MusicBrainz => crossfade_spotify_sandbox::Provider::MusicBrainz,
        other => panic!("{other} has no emulation"),
    }
}

/// `provider` pointed at this world's emulation of it, behind a gate of its own with `pacing`.
pub fn provider_setup(
    world: &World,
    provider: crossfade_domain::Provider,
    pacing: Pacing,
    requests_per_run: usize,
    recheck_after_days: i32,
) -> crossfade_library::enrichment::ProviderSetup {
    use crossfade_domain::Provider;
    use crossfade_enrichment::providers::{Deezer, MusicBrainz, ProviderHttp, ReccoBeats};
    use crossfade_library::enrichment::{ProviderClient, ProviderSetup};
    let base = world.sandbox.provider_base_url(emulation_of(provider));
    let http = ProviderHttp::new(base, PROVIDER_USER_AGENT, Duration::from_secs(30)).unwrap();
    let client = match provider {
        Provider::ReccoBeats => ProviderClient::ReccoBeats(ReccoBeats::new(http)),
        Provider::Deezer => ProviderClient::Deezer(Deezer::new(http)),
        Provider::MusicBrainz => ProviderClient::MusicBrainz(MusicBrainz::new(http)),
        other => panic!("{other} has no emulation"),
    };
    ProviderSetup { provider, client, gate: Gate::new(pacing), requests_per_run, recheck_after_days }
}

/// Requests the sandbox counted on `provider`'s emulation since the last reset, all its routes together.
pub fn provider_requests(world: &World, provider: crossfade_domain::Provider) -> u64 {
    let prefix = format!("GET /{}/", emulation_of(provider).path_prefix());
    world.control.counters().iter().filter(|(route, _)| route.starts_with(&prefix)).map(|(_, count)| count).sum()
}
