//! The release feed this process pulls the curated styles' new releases from, built from the settings: Beatport's
//! API, or the demo sandbox's emulation of it; none when no Beatport application is configured.

use std::sync::Arc;
use std::time::Duration;

use crossfade_enrichment::providers::{Beatport, ProviderError, ProviderHttp};
use url::Url;

use crate::settings::ReleaseFeedSettings;

/// How long one request to the feed may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The feed's client, pointed at the configured base URL or else at `demo_base` (the sandbox's, in demo mode);
/// None, said in the log, when the scheduled pull is off.
pub fn release_feed(
    settings: &ReleaseFeedSettings,
    demo_base: Option<Url>,
) -> Result<Option<Arc<Beatport>>, ProviderError> {
    let Some(app) = &settings.beatport else {
        tracing::info!(
            "release feed: BEATPORT_CLIENT_ID is not set, so new releases are not pulled on a schedule; uploads still work"
        );
        return Ok(None);
    };
    let Some(base) = app.base_url.clone().or(demo_base) else {
        tracing::warn!("release feed: Beatport has no base URL; the scheduled pull is off");
        return Ok(None);
    };
    let http = ProviderHttp::new(base.clone(), &format!("Crossfade/{}", env!("CARGO_PKG_VERSION")), REQUEST_TIMEOUT)?;
    tracing::info!(
        url = %base,
        every_hours = settings.pull_interval.as_secs() / 3600,
        "release feed: pulling the curated styles' new releases from Beatport"
    );
    Ok(Some(Arc::new(Beatport::new(http, app.client_id.clone(), app.client_secret.clone()))))
}
