//! Connects Crossfade to Spotify at start-up: a real Spotify app when one is configured, otherwise the built-in
//! sandbox, started on loopback (elsewhere only when allowed) with Crossfade registered as its client (demo mode).

use std::sync::Arc;

use crossfade_app::{DemoUser, SignInMode, SpotifyClient};
use crossfade_domain::{ChartService, Provider};
use crossfade_enrichment::providers::{Beatport, ChartFeeds};
use crossfade_library::charts::PlayCounters;
use crossfade_library::enrichment::ProviderSetup;
use crossfade_spotify::{RetryPolicy, SpotifyConfig};
use crossfade_spotify_sandbox::{Provider as SandboxProvider, RegisteredClient, RunningSandbox, SandboxConfig};
use crossfade_store::PgTokenStore;
use sqlx::PgPool;
use url::Url;

use crate::chart_feeds::{chart_feeds, play_counters};
use crate::enrichment::provider_setups;
use crate::release_feed::release_feed;
use crate::settings::{SandboxSettings, Settings, SpotifySettings};

/// The client id Crossfade registers with the sandbox in demo mode.
const DEMO_CLIENT_ID: &str = "crossfadedemo";

/// Image hosts Spotify serves cover art and profile pictures from.
const SPOTIFY_IMAGE_SOURCES: &str = "https://i.scdn.co https://*.scdn.co https://*.spotifycdn.com";

/// Everything the server needs to talk to Spotify.
pub struct SpotifyConnection {
    pub client: SpotifyClient,
    pub sign_in_mode: SignInMode,
    /// The accounts service's origin: the sign-in form is redirected there.
    pub accounts_origin: String,
    /// Where profile pictures and cover art may be loaded from.
    pub image_sources: String,
    /// The demo sandbox, when Crossfade runs one; stopping it is the caller's job.
    pub sandbox: Option<RunningSandbox>,
    /// The enrichment providers switched on, pointed at the real services or at the sandbox's emulations.
    pub enrichment: Vec<ProviderSetup>,
    /// The release feed the curated styles are pulled from (Beatport or the sandbox's emulation); None: off.
    pub release_feed: Option<Arc<Beatport>>,
    /// The chart services fetched on a schedule (the real ones or the sandbox's emulations).
    pub chart_feeds: Arc<ChartFeeds>,
    /// The services plays are counted at.
    pub play_counters: Arc<PlayCounters>,
}

/// Why Spotify could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SpotifySetupError {
    #[error("starting the Spotify sandbox failed")]
    Sandbox(#[from] crossfade_spotify_sandbox::SandboxError),
    #[error("the Spotify client could not be built")]
    Client(#[from] crossfade_spotify::ConfigError),
    #[error("an enrichment provider's client could not be built")]
    Enrichment(#[from] crossfade_enrichment::providers::ProviderError),
    #[error("the release feed's client could not be built")]
    ReleaseFeed(#[source] crossfade_enrichment::providers::ProviderError),
    #[error("a chart service's client could not be built")]
    ChartFeeds(#[source] crossfade_enrichment::providers::ProviderError),
}

/// Connects to the configured Spotify, starting the sandbox in demo mode.
pub async fn connect(settings: &Settings, pool: &PgPool) -> Result<SpotifyConnection, SpotifySetupError> {
    let store = PgTokenStore::new(pool.clone(), settings.token_keys.clone());
    match &settings.spotify {
        SpotifySettings::Real(app) => {
            let config = SpotifyConfig {
                accounts_base: app.accounts_url.clone(),
                api_base: app.api_url.clone(),
                client_id: app.client_id.clone(),
                client_secret: app.client_secret.clone(),
                redirect_uri: app.redirect_uri.clone(),
                policy: RetryPolicy::default(),
            };
            let release_feed = release_feed(&settings.release_feed, None).map_err(SpotifySetupError::ReleaseFeed)?;
            let chart_feeds = chart_feeds(&settings.chart_fetch, |_| None, release_feed.clone())
                .map_err(SpotifySetupError::ChartFeeds)?;
            let play_counters =
                play_counters(&settings.chart_fetch, |_| None).map_err(SpotifySetupError::ChartFeeds)?;
            Ok(SpotifyConnection {
                client: crossfade_spotify::Spotify::new(config, store)?,
                sign_in_mode: SignInMode::Spotify,
                accounts_origin: origin_of(&app.accounts_url),
                image_sources: SPOTIFY_IMAGE_SOURCES.to_owned(),
                sandbox: None,
                enrichment: provider_setups(&settings.enrichment, |_| None)?,
                release_feed,
                chart_feeds: Arc::new(chart_feeds),
                play_counters: Arc::new(play_counters),
            })
        }
        SpotifySettings::Demo(demo) => demo_connection(demo, settings, store).await,
    }
}

async fn demo_connection(
    demo: &SandboxSettings,
    settings: &Settings,
    store: PgTokenStore,
) -> Result<SpotifyConnection, SpotifySetupError> {
    let config = SandboxConfig {
        seed: demo.seed,
        mode: demo.mode,
        clients: vec![RegisteredClient {
            client_id: DEMO_CLIENT_ID.to_owned(),
            client_secret: None,
            redirect_uris: vec![demo.redirect_uri.to_string()],
        }],
        allow_remote: demo.allow_remote,
        ..SandboxConfig::default()
    };
    let sandbox = crossfade_spotify_sandbox::start(config, demo.addr).await?;
    tracing::info!(url = %sandbox.base_url(), "demo mode: serving the Spotify sandbox");
    let users = sandbox
        .control()
        .demo_users()
        .into_iter()
        .map(|user| DemoUser {
            display_name: user.display_name,
            liked_songs: user.liked_songs,
            playlists: user.playlists,
            premium: user.premium,
        })
        .collect();
    let config = SpotifyConfig {
        accounts_base: sandbox.base_url(),
        api_base: sandbox.api_base_url(),
        client_id: DEMO_CLIENT_ID.to_owned(),
        client_secret: None,
        redirect_uri: demo.redirect_uri.clone(),
        policy: RetryPolicy::default(),
    };
    let origin = origin_of(&sandbox.base_url());
    let enrichment = provider_setups(&settings.enrichment, |provider| {
        let emulated = match provider {
            Provider::ReccoBeats => SandboxProvider::ReccoBeats,
            Provider::Deezer => SandboxProvider::Deezer,
            Provider::MusicBrainz => SandboxProvider::MusicBrainz,
            Provider::Spotify | Provider::File => return None,
        };
        Some(sandbox.provider_base_url(emulated))
    })?;
    let release_feed = release_feed(&settings.release_feed, Some(sandbox.provider_base_url(SandboxProvider::Beatport)))
        .map_err(SpotifySetupError::ReleaseFeed)?;
    let emulation = |service: ChartService| {
        let emulated = match service {
            ChartService::Spotify => SandboxProvider::SpotifyCharts,
            ChartService::AppleMusic => SandboxProvider::AppleMusic,
            ChartService::Billboard => SandboxProvider::Billboard,
            ChartService::Deezer => SandboxProvider::Deezer,
            ChartService::LastFm => SandboxProvider::LastFm,
            ChartService::Shazam => SandboxProvider::Shazam,
            ChartService::YouTube => SandboxProvider::YouTube,
            ChartService::SoundCloud => SandboxProvider::SoundCloud,
            ChartService::Beatport => return None,
        };
        Some(sandbox.provider_base_url(emulated))
    };
    let chart_feeds =
        chart_feeds(&settings.chart_fetch, emulation, release_feed.clone()).map_err(SpotifySetupError::ChartFeeds)?;
    let play_counters = play_counters(&settings.chart_fetch, emulation).map_err(SpotifySetupError::ChartFeeds)?;
    Ok(SpotifyConnection {
        enrichment,
        release_feed,
        chart_feeds: Arc::new(chart_feeds),
        play_counters: Arc::new(play_counters),
        client: crossfade_spotify::Spotify::new(config, store)?,
        sign_in_mode: SignInMode::Demo { users, sandbox_url: sandbox.base_url().to_string() },
        accounts_origin: origin.clone(),
        image_sources: origin,
        sandbox: Some(sandbox),
    })
}

fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}
