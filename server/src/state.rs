//! What every request handler can reach: the pool, the Spotify client, the site's origin and the Leptos options.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use crossfade_app::{SignInMode, SpotifyClient};
use crossfade_domain::SiteOrigin;
use crossfade_enrichment::providers::{Beatport, ChartFeeds};
use crossfade_jobs::Queue;
use crossfade_library::Library;
use crossfade_library::charts::PlayCounters;
use crossfade_library::enrichment::ProviderSetup;
use crossfade_store::TokenKeyring;
use leptos::config::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;
use sqlx::PgPool;

use crate::page_cache::PageCache;
use crate::security::ContentPolicy;
use crate::settings::LibrarySettings;

/// Shared, cheaply cloned application state.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub origin: SiteOrigin,
    pub metrics: PrometheusHandle,
    pub spotify: SpotifyClient,
    pub token_keys: TokenKeyring,
    pub sign_in_mode: SignInMode,
    pub content_policy: Arc<ContentPolicy>,
    /// The library mirror's services (sync, imports) and the job queue they run on.
    pub library: Library,
    pub queue: Queue,
    pub library_settings: LibrarySettings,
    /// The enrichment providers switched on.
    pub enrichment: Arc<[ProviderSetup]>,
    /// The release feed the curated styles are pulled from (None: the scheduled pull is off), and the time between
    /// a user's pulls.
    pub release_feed: Option<Arc<Beatport>>,
    pub release_pull_interval: Duration,
    /// The chart services fetched on a schedule, and how often each genre's chart is fetched.
    pub chart_feeds: Arc<ChartFeeds>,
    pub play_counters: Arc<PlayCounters>,
    pub chart_fetch_interval: Duration,
    /// The watched folder of release files (None: uploads only).
    pub release_folder: Option<crossfade_library::releases::ReleaseFolder>,
    /// Rendered library pages kept until the user's library moves.
    pub page_cache: Arc<PageCache>,
    /// Discover's candidate tracks, held by this process.
    pub discover: crossfade_library::discover::CandidateIndex,
    /// The charts API's answers, kept until the charts' version moves.
    pub charts_cache: Arc<crate::charts_api::ChartsCache>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
