//! Start-up and shutdown: from settings to a serving, draining, cleanly stopping server.

use std::future::IntoFuture as _;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt as _;
use leptos::config::{Env, LeptosOptions};
use secrecy::SecretString;
use sqlx::PgPool;
use tokio::net::TcpListener;

use crate::security::ContentPolicy;
use crate::settings::{Settings, SpotifySettings};
use crate::spotify::SpotifyConnection;
use crate::state::AppState;
use crate::{db, sessions, telemetry, workers};
use crossfade_embedded_postgres::EmbeddedPostgres;
use crossfade_jobs::Queue;
use crossfade_library::{ApiAccess, Gate, Library, Pacing};
use crossfade_spotify_sandbox::Mode;

/// Name of the generated browser bundle (`pkg/crossfade.js`, `pkg/crossfade_bg.wasm`, `pkg/crossfade.css`).
pub const SITE_OUTPUT_NAME: &str = "crossfade";

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("starting the embedded PostgreSQL failed")]
    Cluster(#[from] crossfade_embedded_postgres::ClusterError),
    #[error("connecting to the database failed")]
    Connect(#[source] sqlx::Error),
    #[error("applying database migrations failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("giving tracks the Spotify labels of albums read earlier failed")]
    LabelBackfill(#[source] crossfade_store::StoreError),
    #[error("listening on {addr} failed")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("serving HTTP failed")]
    Serve(#[source] std::io::Error),
    #[error("connecting to Spotify failed")]
    Spotify(#[from] crate::spotify::SpotifySetupError),
}

/// Leptos' view of the site: where the bundle lives and what it is called.
pub fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(SITE_OUTPUT_NAME)
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        .env(Env::PROD)
        .build()
}

/// Opens the pool and brings the schema, and data a migration cannot compute, up to date.
pub async fn prepare_database(url: &SecretString, settings: &Settings) -> Result<PgPool, StartupError> {
    let pool = db::connect(url, settings.db_max_connections, settings.db_statement_timeout)
        .await
        .map_err(StartupError::Connect)?;
    db::MIGRATOR.run(&pool).await?;
    // Label normalisation is Rust (the domain's `RecordLabel`), so this backfill runs here rather than in SQL.
    let relabelled =
        crossfade_store::mirror::backfill_spotify_labels(&pool).await.map_err(StartupError::LabelBackfill)?;
    if relabelled > 0 {
        tracing::info!(tracks = relabelled, "tracks took the Spotify label of albums read earlier");
    }
    Ok(pool)
}

/// The state every handler shares, from the settings, the pool and the Spotify connection.
pub fn app_state(settings: &Settings, pool: PgPool, spotify: SpotifyConnection) -> AppState {
    let library_settings = settings.library.clone();
    let access = match &settings.spotify {
        SpotifySettings::Demo(sandbox) if sandbox.mode == Mode::Extended => ApiAccess::Extended,
        SpotifySettings::Demo(_) => ApiAccess::Development,
        SpotifySettings::Real(_) if library_settings.extended_access => ApiAccess::Extended,
        SpotifySettings::Real(_) => ApiAccess::Development,
    };
    let gate = Gate::new(Pacing {
        concurrency: library_settings.spotify_concurrency,
        per_window: library_settings.spotify_requests_per_30s,
        window: Duration::from_secs(30),
    });
    let library = Library { pool: pool.clone(), spotify: spotify.client.clone(), gate, access };
    AppState {
        library,
        queue: Queue::new(pool.clone()),
        library_settings,
        enrichment: spotify.enrichment.into(),
        release_feed: spotify.release_feed,
        release_pull_interval: settings.release_feed.pull_interval,
        chart_feeds: spotify.chart_feeds,
        play_counters: spotify.play_counters,
        chart_fetch_interval: settings.chart_fetch.interval,
        release_folder: settings.release_feed.folder.clone(),
        page_cache: crate::page_cache::PageCache::new(settings.page_cache_bytes),
        discover: crossfade_library::discover::CandidateIndex::default(),
        charts_cache: crate::charts_api::ChartsCache::new(settings.charts_api_cache),
        leptos_options: leptos_options(settings),
        pool,
        origin: settings.origin.clone(),
        metrics: telemetry::metrics_handle(),
        spotify: spotify.client,
        token_keys: settings.token_keys.clone(),
        sign_in_mode: spotify.sign_in_mode,
        content_policy: Arc::new(ContentPolicy {
            origin: settings.origin.clone(),
            sign_in_origin: spotify.accounts_origin,
            image_sources: spotify.image_sources,
        }),
    }
}

/// Runs Crossfade until Ctrl-C or SIGTERM, then drains requests and stops everything it started.
pub async fn run(settings: Settings) -> Result<(), StartupError> {
    // Listen for Ctrl-C / SIGTERM from the start: a signal during start-up (initdb, migrations) is honoured as soon
    // as start-up ends, so the embedded cluster is always stopped by us rather than orphaned.
    let (request_stop, stop_requested) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = request_stop.send(true);
    });
    let (cluster, url) = match &settings.database_url {
        Some(url) => (None, url.clone()),
        None => {
            let cluster = EmbeddedPostgres::start(&settings.data_dir.join("postgres")).await?;
            let url = cluster.database_url();
            (Some(cluster), url)
        }
    };
    let outcome = serve(&settings, &url, stop_requested).await;
    if let Some(cluster) = cluster {
        cluster.stop().await?;
    }
    outcome
}

async fn serve(
    settings: &Settings,
    url: &SecretString,
    mut stop_requested: tokio::sync::watch::Receiver<bool>,
) -> Result<(), StartupError> {
    let pool = prepare_database(url, settings).await?;
    let mut spotify = crate::spotify::connect(settings, &pool).await?;
    let sandbox = spotify.sandbox.take();
    let cleanup = sessions::spawn_cleanup(pool.clone(), Duration::from_secs(15 * 60));
    let state = app_state(settings, pool.clone(), spotify);
    workers::schedule_syncs(&state).await;
    workers::schedule_enrichment(&state, &settings.enrichment.source_orders).await;
    workers::schedule_smart_playlists(&state).await;
    workers::schedule_release_pulls(&state).await;
    workers::schedule_release_work(&state).await;
    workers::schedule_chart_fetches(&state).await;
    crate::uploads::sweep(&state).await;
    let mut workers_stop = stop_requested.clone();
    let workers = workers::spawn(&state, async move {
        let _ = workers_stop.wait_for(|stop| *stop).await;
    });
    let app = crate::router(state, settings);
    let listener =
        TcpListener::bind(settings.addr).await.map_err(|source| StartupError::Bind { addr: settings.addr, source })?;
    // Without TCP_NODELAY a response written in two parts (headers, then a streamed body: every static file) waits
    // for the browser's delayed acknowledgement, about 40 ms, before its second part leaves.
    let listener = listener.tap_io(|connection| {
        if let Err(error) = connection.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY on a connection");
        }
    });
    tracing::info!(origin = %settings.origin, addr = %settings.addr, "Crossfade is serving");

    let mut drain_started = stop_requested.clone();
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = drain_started.wait_for(|stop| *stop).await;
            tracing::info!("shutting down: finishing requests in flight");
        })
        .into_future();
    let grace = settings.shutdown_grace;
    let outcome = tokio::select! {
        served = server => served.map_err(StartupError::Serve),
        _ = async {
            let _ = stop_requested.wait_for(|stop| *stop).await;
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!("requests still running after {} s; closing them", grace.as_secs());
            Ok(())
        }
    };
    cleanup.abort();
    // The workers hand their unfinished jobs back within their own grace period.
    if tokio::time::timeout(grace, workers).await.is_err() {
        tracing::warn!("background jobs still stopping after {} s; leaving them to their leases", grace.as_secs());
    }
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    // Connections still held by requests cut off after the grace period must not hold the shutdown up.
    if tokio::time::timeout(Duration::from_secs(5), pool.close()).await.is_err() {
        tracing::warn!("database connections still busy at shutdown; leaving them");
    }
    outcome
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
