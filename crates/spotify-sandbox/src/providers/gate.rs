//! The gate in front of each provider: injected failures, the provider's rate budget per caller address, the
//! slow-answer delay, and each provider's own way of saying "too many requests".

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use time::OffsetDateTime;

use super::BeatportTokens;
use super::identity::ProviderIndex;
use super::settings::{Provider, ProviderSettings};
use super::soundcloud::SoundCloudTokens;
use super::youtube::YouTubeQuota;
use crate::faults::RateWindows;
use crate::state::SharedSandbox;

/// The providers' share of the sandbox's mutable state.
#[derive(Debug)]
pub(crate) struct ProviderState {
    index: Arc<ProviderIndex>,
    settings: ProviderSettings,
    windows: BTreeMap<Provider, RateWindows>,
    failures: BTreeMap<Provider, u32>,
    beatport_tokens: BeatportTokens,
    soundcloud_tokens: SoundCloudTokens,
    youtube_quota: YouTubeQuota,
}

/// What the gate decided for one request.
enum Admission {
    Pass,
    /// Refused, with the whole seconds after which the caller may try again.
    Refused(u64),
}

impl ProviderState {
    pub(crate) fn new(index: ProviderIndex, settings: ProviderSettings) -> Self {
        Self {
            index: Arc::new(index),
            settings,
            windows: BTreeMap::new(),
            failures: BTreeMap::new(),
            beatport_tokens: BeatportTokens::default(),
            soundcloud_tokens: SoundCloudTokens::default(),
            youtube_quota: YouTubeQuota::default(),
        }
    }

    /// The providers' views of the catalog.
    pub(crate) fn index(&self) -> Arc<ProviderIndex> {
        Arc::clone(&self.index)
    }

    /// The access tokens Beatport's emulation has issued.
    pub(crate) fn beatport_tokens(&mut self) -> &mut BeatportTokens {
        &mut self.beatport_tokens
    }

    /// The access tokens SoundCloud's emulation has issued.
    pub(crate) fn soundcloud_tokens(&mut self) -> &mut SoundCloudTokens {
        &mut self.soundcloud_tokens
    }

    /// Spends `cost` units of a YouTube API key's quota for `day`, if the day's quota leaves room.
    pub(crate) fn spend_youtube_quota(&mut self, key: &str, day: time::Date, cost: u32) -> bool {
        self.youtube_quota.spend(key, day, cost, self.settings.youtube_daily_quota)
    }

    pub(crate) fn settings(&self) -> ProviderSettings {
        self.settings
    }

    /// Replaces the knobs; every rate window starts afresh.
    pub(crate) fn set_settings(&mut self, settings: ProviderSettings) {
        self.settings = settings;
        self.windows.clear();
    }

    /// The next `count` requests to `provider` get its characteristic refusal.
    pub(crate) fn fail_next(&mut self, provider: Provider, count: u32) {
        self.failures.insert(provider, count);
    }

    /// How many injected refusals of `provider` are still pending.
    pub(crate) fn pending_failures(&self, provider: Provider) -> u32 {
        self.failures.get(&provider).copied().unwrap_or(0)
    }

    fn admit(&mut self, provider: Provider, caller: &str, now: OffsetDateTime) -> Admission {
        if let Some(left) = self.failures.get_mut(&provider).filter(|left| **left > 0) {
            *left -= 1;
            return Admission::Refused(1);
        }
        let Some(budget) = self.settings.knobs(provider).rate_budget else {
            return Admission::Pass;
        };
        let window = Duration::from_secs(budget.per_secs.max(1));
        let windows = self.windows.entry(provider).or_insert_with(|| RateWindows::with_window(window));
        match windows.admit(caller, now, budget.requests) {
            Ok(()) => Admission::Pass,
            Err(wait) => Admission::Refused(wait),
        }
    }
}

/// Applies `provider`'s failures, rate budget and delay, then hands the handler the provider's view of the
/// catalog as a request extension.
pub(crate) async fn provider_gate(
    State((sandbox, provider)): State<(SharedSandbox, Provider)>,
    mut request: Request,
    next: Next,
) -> Response {
    // The real services limit per IP address; the port changes with every connection.
    let caller = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ConnectInfo(peer)| peer.ip().to_canonical().to_string());
    let now = sandbox.clock.now();
    let (index, delay_ms, admission) = {
        let mut state = sandbox.lock();
        let providers = &mut state.providers;
        let admission = providers.admit(provider, &caller, now);
        (Arc::clone(&providers.index), providers.settings.knobs(provider).delay_ms, admission)
    };
    if delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    }
    match admission {
        Admission::Pass => {
            request.extensions_mut().insert(index);
            next.run(request).await
        }
        Admission::Refused(retry_after) => {
            tracing::info!(%provider, %caller, retry_after, "provider request refused");
            refusal(provider, retry_after)
        }
    }
}

/// How each service answers a caller over its limit.
fn refusal(provider: Provider, retry_after: u64) -> Response {
    let with_retry_after = |mut response: Response| {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        response
    };
    match provider {
        Provider::ReccoBeats => {
            let body = json!({ "status": 429, "errors": [{ "message": "Too many requests" }] });
            with_retry_after((StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response())
        }
        // Deezer reports its quota inside a successful answer, without Retry-After.
        Provider::Deezer => {
            Json(json!({ "error": { "type": "Exception", "message": "Quota limit exceeded", "code": 4 } }))
                .into_response()
        }
        Provider::MusicBrainz => {
            let body = json!({ "error": "Your requests are exceeding the allowable rate limit. Please see \
                                          https://wiki.musicbrainz.org/XMLWebService for more information." });
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
        // Django REST framework's throttling answer.
        Provider::Beatport => {
            let unit = if retry_after == 1 { "second" } else { "seconds" };
            let body =
                json!({ "detail": format!("Request was throttled. Expected available in {retry_after} {unit}.") });
            with_retry_after((StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response())
        }
        // The chart sites and the file host answer in plain text.
        Provider::SpotifyCharts | Provider::AppleMusic | Provider::Shazam => {
            with_retry_after((StatusCode::TOO_MANY_REQUESTS, "Too Many Requests").into_response())
        }
        Provider::Billboard => {
            with_retry_after((StatusCode::TOO_MANY_REQUESTS, "429: Too Many Requests").into_response())
        }
        Provider::LastFm => {
            let body = json!({ "error": 29, "message": "Rate Limit Exceeded" });
            (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response()
        }
        // Google's per-user rate limit, told apart from the daily quota by its reason.
        Provider::YouTube => {
            let message = "The request cannot be completed because you have exceeded your rate limit.";
            let body = json!({ "error": { "code": 403, "message": message, "errors": [
                { "message": message, "domain": "usageLimits", "reason": "rateLimitExceeded" }
            ] } });
            (StatusCode::FORBIDDEN, Json(body)).into_response()
        }
        Provider::SoundCloud => with_retry_after(super::soundcloud::error(StatusCode::TOO_MANY_REQUESTS)),
    }
}
