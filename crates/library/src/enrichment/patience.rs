//! How a run answers a provider that asks it to slow down: a short wait (a few seconds, as Deezer's quota window
//! and MusicBrainz's one-per-second rule ask) is waited out in place and the request sent again; a longer one ends
//! the run, and the job comes back when it has passed.

use std::future::Future;
use std::time::Duration;

use crossfade_enrichment::providers::ProviderError;

use super::RequestCount;
use crate::Gate;

/// The longest wait a run sits out in place.
const WAIT_IN_PLACE: Duration = Duration::from_secs(10);
/// How often one request is sent again after short waits before the run gives up on it.
const TRIES: usize = 4;
/// The wait when a provider asks for one without saying how long.
pub(crate) const LONG_WAIT: Duration = Duration::from_secs(60);

/// Why a request brought no answer.
#[derive(Debug)]
pub(crate) enum NoAnswer {
    /// The provider failed or asked for a longer wait: the round stops with this.
    Provider(ProviderError),
    /// The run's request budget is spent: what was not asked stays pending for the next run.
    BudgetSpent,
}

/// Sends `request` through `gate`, counting each attempt against the run's budget, and sits out short rate limits.
pub(crate) async fn patiently<T, F, Fut>(gate: &Gate, counter: &RequestCount, request: F) -> Result<T, NoAnswer>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        if !counter.take() {
            return Err(NoAnswer::BudgetSpent);
        }
        match gate.pass(request()).await {
            Err(ProviderError::RateLimited { retry_after: Some(wait) }) if wait <= WAIT_IN_PLACE && tries < TRIES => {
                tokio::time::sleep(wait).await;
            }
            other => return other.map_err(NoAnswer::Provider),
        }
    }
}

/// Keeps the first provider error of a round; a spent budget is no error.
pub(crate) fn note(stop: &mut Option<ProviderError>, no_answer: NoAnswer) {
    if let NoAnswer::Provider(error) = no_answer {
        stop.get_or_insert(error);
    }
}
