//! The enrichment providers this process runs, built from the settings: each with its client (pointed at the real
//! service, or at the demo sandbox's emulation), its own gate and its limits.

use std::time::Duration;

use crossfade_domain::Provider;
use crossfade_enrichment::providers::{Deezer, MusicBrainz, ProviderError, ProviderHttp, ReccoBeats};
use crossfade_library::Gate;
use crossfade_library::enrichment::{ProviderClient, ProviderSetup, provider_pacing};
use url::Url;

use crate::settings::{EnrichmentSettings, ProviderSettings};

/// How long one provider request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The demo's contact for MusicBrainz's `User-Agent`: the emulation checks one is named, and nothing leaves the
/// machine in demo mode.
const DEMO_CONTACT: &str = "demo@crossfade.invalid";

/// The providers switched on, in order. `demo_base` gives the sandbox's base URL of a provider in demo mode.
pub fn provider_setups(
    settings: &EnrichmentSettings,
    demo_base: impl Fn(Provider) -> Option<Url>,
) -> Result<Vec<ProviderSetup>, ProviderError> {
    let contact = settings.musicbrainz_contact.as_deref().unwrap_or(DEMO_CONTACT);
    let user_agent = format!("Crossfade/{} ( {contact} )", env!("CARGO_PKG_VERSION"));
    let mut setups = Vec::new();
    for provider in &settings.providers {
        let http = |provider: &ProviderSettings| -> Result<Option<ProviderHttp>, ProviderError> {
            let Some(base) = provider.base_url.clone().or_else(|| demo_base(provider.provider)) else {
                return Ok(None);
            };
            ProviderHttp::new(base, &user_agent, REQUEST_TIMEOUT).map(Some)
        };
        let client = match provider.provider {
            Provider::Spotify => Some(ProviderClient::Spotify),
            Provider::ReccoBeats => http(provider)?.map(|http| ProviderClient::ReccoBeats(ReccoBeats::new(http))),
            Provider::Deezer => http(provider)?.map(|http| ProviderClient::Deezer(Deezer::new(http))),
            Provider::MusicBrainz => http(provider)?.map(|http| ProviderClient::MusicBrainz(MusicBrainz::new(http))),
            Provider::File => None,
        };
        let Some(client) = client else {
            tracing::warn!(provider = provider.provider.code(), "enrichment provider has no base URL; left off");
            continue;
        };
        setups.push(ProviderSetup {
            provider: provider.provider,
            client,
            gate: Gate::new(provider_pacing(provider.concurrency, provider.requests, provider.window)),
            requests_per_run: settings.requests_per_run,
            recheck_after_days: settings.recheck_after_days,
        });
    }
    Ok(setups)
}
