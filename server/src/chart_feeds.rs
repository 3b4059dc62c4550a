//! The chart services this process fetches from and the services it counts plays at, built from the settings: each
//! pointed at its configured URL, or in demo mode at the sandbox's emulation; Beatport's chart is read with the
//! release feed's client.

use std::sync::Arc;
use std::time::Duration;

use crossfade_domain::ChartService;
use crossfade_enrichment::providers::{Beatport, ChartFeeds, Deezer, ProviderError, ProviderHttp, SoundCloud, YouTube};
use crossfade_library::charts::PlayCounters;
use crossfade_library::{Gate, Pacing};
use url::Url;

use crate::settings::ChartFetchSettings;

/// How long one chart download may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// SoundCloud publishes no rate for its API: one request at a time, at most 50 a minute, keeps well clear of
/// throttling (a day's counts of a thousand charted recordings take about twenty minutes, in the background).
const SOUNDCLOUD_PACING: Pacing = Pacing { concurrency: 1, per_window: Some(50), window: Duration::from_secs(60) };

/// The clients of the services `settings` names: at the configured URL, else at `demo_base` of the service (the
/// sandbox's, in demo mode); a service with neither is left off, as Beatport is without the release feed.
pub fn chart_feeds(
    settings: &ChartFetchSettings,
    demo_base: impl Fn(ChartService) -> Option<Url>,
    release_feed: Option<Arc<Beatport>>,
) -> Result<ChartFeeds, ProviderError> {
    let user_agent = format!("Crossfade/{}", env!("CARGO_PKG_VERSION"));
    let mut feeds = ChartFeeds::default();
    for service in &settings.services {
        let base = settings.urls.iter().find(|(configured, _)| configured == service).map(|(_, url)| url.clone());
        let http = match base.or_else(|| demo_base(*service)) {
            Some(base) => Some(ProviderHttp::new(base, &user_agent, REQUEST_TIMEOUT)?),
            None => None,
        };
        match (service, http) {
            (ChartService::Spotify, http) => feeds.spotify = http,
            (ChartService::AppleMusic, http) => feeds.apple_music = http,
            (ChartService::Billboard, http) => feeds.billboard = http,
            (ChartService::Deezer, http) => feeds.deezer = http.map(Deezer::new),
            (ChartService::Shazam, http) => feeds.shazam = http,
            (ChartService::LastFm, http) => {
                feeds.lastfm = http.zip(settings.lastfm_key.clone());
            }
            (ChartService::Beatport, _) => feeds.beatport = release_feed.clone(),
            (ChartService::YouTube | ChartService::SoundCloud, _) => {}
        }
    }
    let fetched: Vec<&str> = feeds.services().into_iter().map(ChartService::code).collect();
    if fetched.is_empty() {
        tracing::info!("charts: no service is fetched on a schedule; charts come in by upload");
    } else {
        tracing::info!(
            services = fetched.join(", "),
            every_hours = settings.interval.as_secs() / 3600,
            "charts: fetching each genre's charts on a schedule"
        );
    }
    Ok(feeds)
}

/// The services plays are counted at: YouTube with its key, SoundCloud with its application; each at its configured
/// URL, else at `demo_base` of the service.
pub fn play_counters(
    settings: &ChartFetchSettings,
    demo_base: impl Fn(ChartService) -> Option<Url>,
) -> Result<PlayCounters, ProviderError> {
    let user_agent = format!("Crossfade/{}", env!("CARGO_PKG_VERSION"));
    let http = |service: ChartService| -> Result<Option<ProviderHttp>, ProviderError> {
        let base = settings.urls.iter().find(|(configured, _)| *configured == service).map(|(_, url)| url.clone());
        base.or_else(|| demo_base(service))
            .map(|base| ProviderHttp::new(base, &user_agent, REQUEST_TIMEOUT))
            .transpose()
    };
    let youtube = match &settings.youtube_key {
        Some(key) => http(ChartService::YouTube)?.map(|http| YouTube::new(http, key.clone())),
        None => None,
    };
    let soundcloud = match &settings.soundcloud {
        Some((id, secret)) => http(ChartService::SoundCloud)?
            .map(|http| (SoundCloud::new(http, id.clone(), secret.clone()), Gate::new(SOUNDCLOUD_PACING))),
        None => None,
    };
    let counters = PlayCounters { youtube, soundcloud, searches_per_day: settings.searches_per_day };
    if counters.any() {
        tracing::info!(
            youtube = counters.youtube.is_some(),
            soundcloud = counters.soundcloud.is_some(),
            searches_per_day = counters.searches_per_day,
            "charts: counting the plays of charted recordings daily"
        );
    }
    Ok(counters)
}
