//! Enrichment runs: asking each provider switched on about the library's tracks it was not asked about yet, in
//! bounded, resumable runs like the catalog lookups. A run sends requests in rounds through the provider's own gate
//! (its rate budget and concurrency), writes each round (values, misses and the read model of every user holding
//! the tracks) in one transaction before the next, and stops at its request budget, when nothing is left, or when
//! the provider asks for a long wait. What is left is always read from the database, so a killed or rate-limited
//! run resumes where it stopped. Tracks a provider did not know are asked again after the re-check period.

mod deezer;
mod musicbrainz;
pub(crate) mod patience;
mod reccobeats;
mod spotify;
mod vocabulary;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossfade_domain::Provider;
use crossfade_enrichment::providers::{Deezer, MusicBrainz, ProviderError, ReccoBeats};
use crossfade_store::StoreError;
use crossfade_store::enrichment::pending::{PendingTrack, pending_tracks};
use crossfade_store::enrichment::values::{Round, write_round};

use crate::contention::retrying;
use crate::{ApiAccess, Gate, Library, Pacing};

/// A provider's client.
#[derive(Clone, Debug)]
pub enum ProviderClient {
    /// Spotify's own audio features, through the library's Spotify client (extended access only).
    Spotify,
    ReccoBeats(ReccoBeats),
    Deezer(Deezer),
    MusicBrainz(MusicBrainz),
}

/// One provider switched on, with its client, gate and limits.
#[derive(Clone, Debug)]
pub struct ProviderSetup {
    pub provider: Provider,
    pub client: ProviderClient,
    /// The provider's own rate budget and concurrency.
    pub gate: Gate,
    /// Requests one run may send before it queues the next run (so other providers and syncs get their turn).
    pub requests_per_run: usize,
    /// Days after which a track the provider did not know is asked about again.
    pub recheck_after_days: i32,
}

impl ProviderSetup {
    /// Whether the provider finds tracks by ISRC (tracks without one cannot be asked about).
    pub fn needs_isrc(&self) -> bool {
        matches!(self.client, ProviderClient::Deezer(_) | ProviderClient::MusicBrainz(_))
    }

    /// How many tracks a round may take when `left` requests are left: batch providers ask up to a batch per
    /// request; the others spend several requests on a track (MusicBrainz three, Deezer one plus its album's at
    /// most), so a round takes only the tracks the budget can finish.
    fn tracks_for(&self, left: usize) -> usize {
        let (per_request, requests_per_track) = match self.client {
            ProviderClient::Spotify => (spotify::SPOTIFY_BATCH, 1),
            ProviderClient::ReccoBeats(_) => (crossfade_enrichment::providers::RECCOBEATS_BATCH, 1),
            ProviderClient::Deezer(_) => (1, 2),
            ProviderClient::MusicBrainz(_) => (1, 3),
        };
        ROUND_REQUESTS.min(left / requests_per_track) * per_request
    }
}

/// The pacing of a provider that allows `requests` per `window`: a window a tenth longer, because the service
/// counts requests as they arrive, a little after the gate lets them go, and refuses those at its window's edge (the
/// benchmark measured 0.4 % of Deezer's and 2.7 % of MusicBrainz's requests refused with the window exact, each
/// costing a wait).
pub fn provider_pacing(concurrency: usize, requests: usize, window: Duration) -> Pacing {
    Pacing { concurrency, per_window: (requests > 0).then_some(requests), window: window.mul_f64(1.1) }
}

/// The fewest requests a run may be given: enough to finish one track of any provider.
pub const MIN_REQUESTS_PER_RUN: usize = 3;

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnrichReport {
    pub requests: usize,
    pub found: usize,
    pub missing: usize,
    /// Nothing is left to ask about.
    pub finished: bool,
    /// The provider asked for a wait longer than a run waits in place: the next run is due after it.
    pub wait: Option<Duration>,
}

/// Why a run stopped early.
#[derive(Debug, thiserror::Error)]
pub enum EnrichError {
    #[error("the provider failed")]
    Provider(#[from] ProviderError),
    #[error("Spotify failed")]
    Spotify(#[from] crossfade_spotify::ApiError),
    #[error("the enrichment could not be written")]
    Store(#[from] StoreError),
    #[error("an enrichment task stopped unexpectedly")]
    Task(#[from] tokio::task::JoinError),
    #[error("Spotify's audio features need an app with extended access and a signed-in user")]
    NoSpotifyAccess,
}

impl From<sqlx::Error> for EnrichError {
    fn from(error: sqlx::Error) -> Self {
        EnrichError::Store(StoreError::Database(error))
    }
}

/// Counts the requests of a run, retries included, across its concurrent tasks, and keeps them within the run's
/// budget: a track may cost several requests (MusicBrainz three, Deezer one plus its album's), so the budget is
/// checked per request, not per track.
#[derive(Clone, Debug)]
pub(crate) struct RequestCount {
    sent: Arc<AtomicUsize>,
    budget: usize,
}

impl RequestCount {
    pub(crate) fn new(budget: usize) -> Self {
        RequestCount { sent: Arc::new(AtomicUsize::new(0)), budget }
    }

    /// Counts one more request; false (and nothing counted) when the budget is spent.
    pub(crate) fn take(&self) -> bool {
        self.sent
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |sent| (sent < self.budget).then_some(sent + 1))
            .is_ok()
    }

    fn get(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }
}

/// Rounds of this many requests are sent together, then written.
const ROUND_REQUESTS: usize = 8;

/// Asks `setup`'s provider about what it was not asked yet, spending at most its `requests_per_run`. Spotify's
/// audio features are read with `user_id`'s grant.
pub async fn enrich(
    library: &Library,
    setup: &ProviderSetup,
    user_id: Option<i64>,
) -> Result<EnrichReport, EnrichError> {
    if matches!(setup.client, ProviderClient::Spotify) && (library.access != ApiAccess::Extended || user_id.is_none()) {
        return Err(EnrichError::NoSpotifyAccess);
    }
    let counter = RequestCount::new(setup.requests_per_run);
    let mut report = EnrichReport::default();
    // A track answered in this run is not asked again in it, even when its re-check is already due.
    let started: time::OffsetDateTime =
        sqlx::query_scalar!(r#"SELECT now() AS "now!""#).fetch_one(&library.pool).await?;
    loop {
        let left = setup.requests_per_run.saturating_sub(counter.get());
        if left == 0 {
            break;
        }
        let wanted = setup.tracks_for(left);
        if wanted == 0 {
            break;
        }
        let pending = pending_tracks(
            &library.pool,
            setup.provider,
            setup.needs_isrc(),
            setup.recheck_after_days,
            started,
            i64::try_from(wanted).unwrap_or(i64::MAX),
        )
        .await?;
        let last_round = pending.len() < wanted;
        if pending.is_empty() {
            report.finished = true;
            break;
        }
        let (round, stop) = ask(library, setup, user_id, &pending, &counter).await?;
        report.found += round.found.len();
        report.missing += round.missing.len();
        retrying(|| write_round(&library.pool, setup.provider, &round)).await?;
        match stop {
            Some(ProviderError::RateLimited { retry_after }) => {
                report.wait = Some(retry_after.unwrap_or(patience::LONG_WAIT));
                break;
            }
            Some(error) => return Err(error.into()),
            None => {}
        }
        if last_round {
            // What the round asked about is written; another look finds nothing unless tracks came in meanwhile.
            report.finished =
                pending_tracks(&library.pool, setup.provider, setup.needs_isrc(), setup.recheck_after_days, started, 1)
                    .await?
                    .is_empty();
            break;
        }
    }
    report.requests = counter.get();
    Ok(report)
}

/// Asks the provider about `tracks` and answers what it found and did not know, with the error that stopped the
/// round early (what was answered before it is still written).
async fn ask(
    library: &Library,
    setup: &ProviderSetup,
    user_id: Option<i64>,
    tracks: &[PendingTrack],
    counter: &RequestCount,
) -> Result<(Round, Option<ProviderError>), EnrichError> {
    match &setup.client {
        ProviderClient::Spotify => {
            let user_id = user_id.ok_or(EnrichError::NoSpotifyAccess)?;
            Ok((spotify::ask(library, user_id, tracks, counter).await?, None))
        }
        ProviderClient::ReccoBeats(client) => Ok(reccobeats::ask(client, &setup.gate, tracks, counter).await),
        ProviderClient::Deezer(client) => deezer::ask(&library.pool, client, &setup.gate, tracks, counter).await,
        ProviderClient::MusicBrainz(client) => Ok(musicbrainz::ask(client, &setup.gate, tracks, counter).await),
    }
}
