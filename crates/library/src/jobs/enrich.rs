//! Enrichment as jobs: one queue entry per provider (runs of one provider never overlap; different providers run
//! side by side, each within its own rate budget). A bounded run that left work queues the next at once, or after
//! the wait the provider asked for; a finished one comes back a day later for the tracks due a re-check. Syncs,
//! imports and catalog lookups ask for a run when they bring new tracks; start-up asks for one of each provider.

use std::time::Duration;

use crossfade_domain::Provider;
use crossfade_enrichment::providers::ProviderError;
use crossfade_jobs::{Job, JobError, JobId, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_store::enrichment::runs::{RunEnd, RunState, run_ended, run_started};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Library;
use crate::enrichment::{EnrichError, EnrichReport, ProviderSetup, enrich};

/// The job kind of an enrichment run.
pub const ENRICH: &str = "enrich";

/// How long a provider with nothing left to ask rests before it looks for re-checks and new tracks.
const RESTING: Duration = Duration::from_secs(24 * 60 * 60);

/// The job kind that learns every provider's distributions and calibrations again.
pub const LEARN_CALIBRATIONS: &str = "learn_calibrations";

/// Runs that find values ask for a new calibration; those asked within this long collapse into one, so a long
/// enrichment relearns about once a minute rather than after every bounded run.
const CALIBRATION_DELAY: Duration = Duration::from_secs(60);

/// Asks for the calibrations to be learned again shortly (collapsing into one already queued).
pub async fn request_calibration(queue: &Queue) -> Result<JobId, JobsError> {
    let job = NewJob::new(LEARN_CALIBRATIONS, serde_json::Value::Null)
        .with_dedupe_key(LEARN_CALIBRATIONS)
        .with_exclusive_key(LEARN_CALIBRATIONS);
    queue.enqueue(NewJob { run_at: RunAt::After(CALIBRATION_DELAY), ..job }).await
}

pub(crate) async fn run_calibration(library: &Library) -> JobResult {
    let learned = crossfade_store::enrichment::calibration::learn_calibrations(&library.pool)
        .await
        .map_err(|error| JobError::retry(format!("learning the calibrations failed: {error}")))?;
    let calibrated = learned.iter().filter(|stored| stored.calibration.mapping().is_some()).count();
    tracing::info!(features = learned.len(), calibrated, "calibrations learned");
    Ok(())
}

#[derive(Debug, Serialize, Deserialize)]
struct EnrichPayload {
    provider: Provider,
}

/// The key a provider's queued run is found by (the Sources page shows when it is due).
pub fn enrich_key(provider: Provider) -> String {
    format!("enrich:{}", provider.code())
}

fn enrich_job(provider: Provider, user_id: Option<i64>, run_at: RunAt) -> NewJob {
    let payload = serde_json::to_value(EnrichPayload { provider }).unwrap_or_default();
    let key = enrich_key(provider);
    let job = NewJob { run_at, ..NewJob::new(ENRICH, payload).with_dedupe_key(&key).with_exclusive_key(key) };
    // Spotify's own features are read with a user's grant; the other providers need none.
    match user_id {
        Some(user_id) if provider == Provider::Spotify => job.with_user(user_id),
        _ => job,
    }
}

/// Asks every provider switched on for a run now (collapsing into queued runs, which become due at once).
/// `user_id` is whose grant Spotify's features are read with, when that provider is on.
pub async fn request_enrichment(
    queue: &Queue,
    setups: &[ProviderSetup],
    user_id: Option<i64>,
) -> Result<(), JobsError> {
    for setup in setups {
        if setup.provider == Provider::Spotify && user_id.is_none() {
            continue;
        }
        queue.enqueue(enrich_job(setup.provider, user_id, RunAt::Now)).await?;
    }
    Ok(())
}

/// Queues runs after a sync, import or lookups that brought tracks. Failing to queue fails none of those: the
/// next one, or the daily run, queues them anyway.
pub(crate) async fn follow_with_enrichment(queue: &Queue, setups: &[ProviderSetup], user_id: i64) {
    if let Err(error) = request_enrichment(queue, setups, Some(user_id)).await {
        tracing::warn!(user_id, error = %error, "enrichment could not be queued; the next sync queues it");
    }
}

pub(crate) async fn run_enrichment(library: &Library, queue: &Queue, setups: &[ProviderSetup], job: Job) -> JobResult {
    let EnrichPayload { provider } = job.payload_as()?;
    let Some(setup) = setups.iter().find(|setup| setup.provider == provider) else {
        // Switched off since the job was queued.
        return Ok(());
    };
    run_started(&library.pool, provider).await.map_err(|error| JobError::retry(error.to_string()))?;
    let outcome = enrich(library, setup, job.user_id).await;
    let (end, next, answer) = settle(&outcome, &job);
    if let Some(run_at) = next {
        queue
            .enqueue(enrich_job(provider, job.user_id, run_at))
            .await
            .map_err(|error| JobError::retry(format!("queueing the next enrichment run failed: {error}")))?;
    }
    if let Ok(report) = &outcome {
        // Deezer's BPM and gain, ReccoBeats' and Spotify's features: new values move the distributions.
        if report.found > 0
            && provider != Provider::MusicBrainz
            && let Err(error) = request_calibration(queue).await
        {
            tracing::warn!(error = %error, "calibration could not be queued; the next run queues it");
        }
        if report.found > 0 {
            // New values move the facts of every user holding those tracks, and Discover's candidates.
            super::follow_with_insights(queue, None).await;
            super::catalog_moved(library).await;
        }
        tracing::info!(
            provider = provider.code(),
            requests = report.requests,
            found = report.found,
            missing = report.missing,
            finished = report.finished,
            "enrichment ran"
        );
    }
    run_ended(&library.pool, provider, &end).await.map_err(|error| JobError::retry(error.to_string()))?;
    answer
}

/// How a run's outcome is recorded for the Sources page, when the next run is due, and the queue's answer.
fn settle(outcome: &Result<EnrichReport, EnrichError>, job: &Job) -> (RunEnd, Option<RunAt>, JobResult) {
    let now = OffsetDateTime::now_utc();
    let ended = |state, report: &EnrichReport, next: Option<Duration>, detail: Option<String>| RunEnd {
        state,
        requests: report.requests as i64,
        found: report.found as i64,
        missing: report.missing as i64,
        next_run_at: next.map(|wait| now + wait),
        detail,
    };
    match outcome {
        Ok(report) if report.finished => {
            (ended(RunState::Done, report, Some(RESTING), None), Some(RunAt::After(RESTING)), Ok(()))
        }
        Ok(report) => match report.wait {
            Some(wait) => (
                ended(
                    RunState::Waiting,
                    report,
                    Some(wait),
                    Some(format!("The service asked to slow down; carrying on in {}.", in_words(wait))),
                ),
                Some(RunAt::After(wait)),
                Ok(()),
            ),
            None => (ended(RunState::Waiting, report, Some(Duration::ZERO), None), Some(RunAt::Now), Ok(())),
        },
        Err(EnrichError::NoSpotifyAccess) => (
            ended(RunState::Failed, &EnrichReport::default(), None, Some(EnrichError::NoSpotifyAccess.to_string())),
            None,
            Err(JobError::fail("Spotify's audio features need extended access")),
        ),
        Err(error) => {
            tracing::warn!(job = %job.id, attempt = job.attempt, error = ?error, "enrichment attempt failed");
            let detail = match error {
                EnrichError::Provider(ProviderError::Unavailable { .. } | ProviderError::Transport(_)) => {
                    "The service could not be reached; trying again shortly."
                }
                EnrichError::Provider(ProviderError::Refused { .. } | ProviderError::Malformed(_)) => {
                    "The service refused a request or answered something unreadable; trying again later."
                }
                _ => "The run stopped on an internal error; trying again shortly.",
            };
            (
                ended(RunState::Failed, &EnrichReport::default(), None, Some(detail.to_owned())),
                None,
                Err(JobError::retry(error.to_string())),
            )
        }
    }
}

/// "2 minutes", "45 seconds", "3 hours".
fn in_words(wait: Duration) -> String {
    let seconds = wait.as_secs().max(1);
    let (count, unit) = match seconds {
        0..120 => (seconds, "second"),
        120..7200 => (seconds.div_ceil(60), "minute"),
        _ => (seconds.div_ceil(3600), "hour"),
    };
    format!("{count} {unit}{}", if count == 1 { "" } else { "s" })
}

/// Queues the first run of each provider at start-up (runs already queued keep their time).
pub async fn schedule_enrichment(queue: &Queue, setups: &[ProviderSetup]) -> Result<Vec<JobId>, JobsError> {
    let mut ids = Vec::new();
    for setup in setups.iter().filter(|setup| setup.provider != Provider::Spotify) {
        ids.push(queue.enqueue(enrich_job(setup.provider, None, RunAt::After(Duration::ZERO))).await?);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_said_in_words() {
        assert_eq!(in_words(Duration::from_secs(1)), "1 second");
        assert_eq!(in_words(Duration::from_secs(45)), "45 seconds");
        assert_eq!(in_words(Duration::from_secs(600)), "10 minutes");
        assert_eq!(in_words(Duration::from_secs(3 * 3600)), "3 hours");
    }
}
