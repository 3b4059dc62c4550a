//! The scheduled fetch of charts, as one job per genre and service: the service's latest chart read as the file it
//! serves and imported as an uploaded one would be (one transaction, the merged charts written again), with the
//! ISRCs of a Deezer chart's tracks read first (its chart items carry none; each track is read once and remembered),
//! every Deezer request through the gate enrichment's Deezer requests pass, so both keep to its one quota.
//! Every fetch is kept with what it stored or why it stored nothing, and a stored chart asks for its recordings' play
//! counts a minute later. A source is asked for at start-up and each fetch queues its successor an interval later; a
//! rate limit waits as long as the service says; a failure or an answer the readers refuse (a half-sent file) is
//! retried with backoff, and after the last attempt, like a refusal of the request, waits for the next interval.

use std::collections::HashMap;
use std::time::Duration;

use crossfade_domain::{ChartLocator, ChartService, Day, Isrc, read_chart};
use crossfade_enrichment::providers::{ChartFeeds, ProviderError};
use crossfade_jobs::{Job, JobError, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_store::StoreError;
use crossfade_store::charts::{
    FetchOutcome, ImportOrigin, fetched_locator, fetched_sources, record_fetch, remember_service_isrc, save_source,
    service_isrcs,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::counting::request_play_counts;
use super::isrc_lookup::request_isrc_lookups;
use super::{ChartImport, ImportError, import_chart};
use crate::enrichment::RequestCount;
use crate::enrichment::patience::{LONG_WAIT, patiently};
use crate::{Gate, Library};

/// The job kind of one source's fetch.
pub const FETCH_CHART: &str = "fetch_chart";

#[derive(Debug, Serialize, Deserialize)]
struct FetchPayload {
    genre: String,
    service: String,
}

/// The key a source's queued fetch collapses under, and that keeps two of its fetches from running at once.
pub fn fetch_chart_key(genre_code: &str, service: ChartService) -> String {
    format!("fetch-chart:{genre_code}:{}", service.code())
}

fn fetch_job(genre_code: &str, service: ChartService, run_at: RunAt) -> NewJob {
    let payload = FetchPayload { genre: genre_code.to_owned(), service: service.code().to_owned() };
    let key = fetch_chart_key(genre_code, service);
    let job = NewJob::new(FETCH_CHART, serde_json::to_value(payload).unwrap_or_default())
        .with_dedupe_key(&key)
        .with_exclusive_key(key);
    NewJob { run_at, ..job }
}

/// Why the fetches could not be scheduled.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("reading the chart sources failed")]
    Store(#[from] StoreError),
    #[error("queueing a chart fetch failed")]
    Jobs(#[from] JobsError),
}

/// Puts every fetched source of a service in `feeds` on the schedule: due `interval` after its last fetch, at once
/// when never fetched; a queued fetch keeps its time. Returns how many sources are on the schedule.
pub async fn schedule_chart_fetches(
    pool: &PgPool,
    queue: &Queue,
    feeds: &ChartFeeds,
    interval: Duration,
) -> Result<usize, ScheduleError> {
    let mut scheduled = 0;
    for source in fetched_sources(pool).await? {
        if !feeds.fetches(source.service) {
            continue;
        }
        let run_at = source.last_fetched.map_or(RunAt::Now, |fetched| RunAt::At(fetched + interval));
        queue.enqueue(fetch_job(&source.genre_code, source.service, run_at)).await?;
        scheduled += 1;
    }
    Ok(scheduled)
}

/// The chart services this installation fetches (those whose feeds are set), for the pages that set sources.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FetchedServices(pub Vec<ChartService>);

impl FetchedServices {
    pub fn fetches(&self, service: ChartService) -> bool {
        self.0.contains(&service)
    }
}

/// What saving a source came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavedSource {
    /// Saved, and its fetch is queued now (a queued one brought forward).
    Fetching,
    /// Saved; the schedule does not fetch it.
    NotFetched,
    /// Saved; this installation does not fetch the service's charts.
    ServiceOff,
    /// There is no such genre: nothing saved.
    UnknownGenre,
}

/// Makes `locator` its service's chart for `genre_code`, fetched on the schedule or not; a fetched source of a
/// service this installation fetches is fetched at once, and from then on every interval.
pub async fn save_chart_source(
    pool: &PgPool,
    queue: &Queue,
    fetched_here: &FetchedServices,
    genre_code: &str,
    locator: &ChartLocator,
    fetched: bool,
) -> Result<SavedSource, ScheduleError> {
    if !save_source(pool, genre_code, locator, fetched).await? {
        return Ok(SavedSource::UnknownGenre);
    }
    let service = locator.service();
    Ok(match (fetched, fetched_here.fetches(service)) {
        (false, _) => SavedSource::NotFetched,
        (true, false) => SavedSource::ServiceOff,
        (true, true) => {
            queue.enqueue(fetch_job(genre_code, service, RunAt::Now)).await?;
            SavedSource::Fetching
        }
    })
}

/// Runs `job`'s fetch with `feeds` (Deezer's requests through `deezer_gate`); queues the next `interval` later unless
/// it is to be tried again.
pub async fn run_chart_fetch(
    library: &Library,
    queue: &Queue,
    feeds: &ChartFeeds,
    deezer_gate: &Gate,
    interval: Duration,
    job: Job,
) -> JobResult {
    let payload: FetchPayload = serde_json::from_value(job.payload.clone())
        .map_err(|error| JobError::fail(format!("a chart fetch's payload is not understood: {error}")))?;
    let service = ChartService::parse(&payload.service)
        .ok_or_else(|| JobError::fail(format!("there is no chart service {:?}", payload.service)))?;
    let genre = payload.genre.as_str();
    let locator = fetched_locator(&library.pool, genre, service)
        .await
        .map_err(|error| JobError::retry(format!("reading the chart source failed: {error}")))?;
    let (Some(locator), true) = (locator, feeds.fetches(service)) else {
        // The source was removed, is no longer fetched, or its service is off here: its schedule ends.
        return Ok(());
    };
    let answer = match fetch(&library.pool, feeds, deezer_gate, genre, service, &locator).await {
        Ok(outcome) => {
            keep(&library.pool, genre, service, &outcome).await;
            if let FetchOutcome::Stored { chart_id, .. } = outcome
                && let Err(error) = request_isrc_lookups(queue, service, chart_id, None).await
            {
                tracing::warn!(error = %error, chart = chart_id, "the chart's ISRC reads could not be queued");
            }
            if let Err(error) = request_play_counts(queue).await {
                tracing::warn!(error = %error, "the play count could not be asked for; the daily one counts them");
            }
            Ok(())
        }
        Err(failure) => {
            keep(&library.pool, genre, service, &FetchOutcome::Failed(failure.to_string())).await;
            // In words, not debug: a request's address (with Last.fm's key in it) stays out of the log.
            tracing::warn!(job = %job.id, attempt = job.attempt, genre, service = service.code(), error = %failure,
                "chart fetch failed");
            Err(failure.into_job_error())
        }
    };
    let schedule_next = match &answer {
        Ok(()) | Err(JobError::Fail { .. }) => true,
        Err(JobError::Retry { .. }) => job.is_last_attempt(),
        Err(_) => false,
    };
    if schedule_next {
        queue
            .enqueue(fetch_job(genre, service, RunAt::After(interval)))
            .await
            .map_err(|error| JobError::retry(format!("scheduling the next chart fetch failed: {error}")))?;
    }
    answer
}

/// Why a fetch stored nothing.
#[derive(Debug, thiserror::Error)]
enum FetchError {
    #[error("{service}: {source}")]
    Service { service: &'static str, source: ProviderError },
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("reading the ISRCs already known failed: {0}")]
    Store(#[from] StoreError),
}

impl FetchError {
    fn into_job_error(self) -> JobError {
        match self {
            FetchError::Service { source: ProviderError::RateLimited { retry_after }, service } => {
                JobError::retry_after(retry_after.unwrap_or(LONG_WAIT), format!("{service} asks to slow down"))
            }
            // The service refused what was asked (an unknown chart, a bad key): asking again changes nothing.
            FetchError::Service { source: ProviderError::Refused { .. }, .. } => JobError::fail(self.to_string()),
            FetchError::Import(ImportError::UnknownGenre(_) | ImportError::Undated(_)) => {
                JobError::fail(self.to_string())
            }
            // A failure, a broken or half-sent answer, a database hiccup: tried again with backoff.
            other => JobError::retry(other.to_string()),
        }
    }
}

/// Fetches and imports one source's latest chart.
async fn fetch(
    pool: &PgPool,
    feeds: &ChartFeeds,
    deezer_gate: &Gate,
    genre_code: &str,
    service: ChartService,
    locator: &str,
) -> Result<FetchOutcome, FetchError> {
    let served = match service {
        ChartService::Deezer => deezer_gate.pass(feeds.latest(service, locator)).await,
        _ => feeds.latest(service, locator).await,
    };
    let served = served.map_err(|source| FetchError::Service { service: service.code(), source })?;
    let looked_up = match service {
        ChartService::Deezer => deezer_isrcs(pool, feeds, deezer_gate, &served.file_name, &served.bytes).await?,
        _ => HashMap::new(),
    };
    let today = Day::containing(OffsetDateTime::now_utc().unix_timestamp());
    let import = ChartImport {
        genre_code,
        file_name: &served.file_name,
        bytes: &served.bytes,
        // Feeds that name no day (Deezer's, Last.fm's) are today's chart.
        day: today,
        origin: ImportOrigin::Fetch,
        imported_by: None,
        looked_up,
    };
    let stored = import_chart(pool, &import).await?;
    let count = |value: usize| i32::try_from(value).unwrap_or(i32::MAX);
    Ok(FetchOutcome::Stored {
        chart_id: stored.chart_id,
        entries: count(stored.entries),
        matched: count(stored.matched),
        new_recordings: count(stored.new_recordings),
        unmatched: count(stored.unmatched),
    })
}

/// The ISRCs of a Deezer chart's tracks: those read before from the store, the others read from Deezer now through
/// its gate, each remembered as it is read. A short quota wait is sat out; a longer one, or a failure, ends the reads
/// and the chart is imported with the ISRCs it has (the others match by title and artists; the next fetch reads on).
async fn deezer_isrcs(
    pool: &PgPool,
    feeds: &ChartFeeds,
    gate: &Gate,
    file_name: &str,
    bytes: &[u8],
) -> Result<HashMap<String, Isrc>, FetchError> {
    // A chart the readers refuse is refused by the import with its line; there is nothing to look up.
    let Ok(read) = read_chart(file_name, bytes) else { return Ok(HashMap::new()) };
    let ids: Vec<String> = read.entries.iter().filter_map(|entry| entry.service_id.clone()).collect();
    let known = service_isrcs(pool, ChartService::Deezer, &ids).await?;
    let mut isrcs: HashMap<String, Isrc> =
        known.iter().filter_map(|(id, isrc)| Some((id.clone(), isrc.clone()?))).collect();
    let unread: Vec<String> = ids.into_iter().filter(|id| !known.contains_key(id)).collect();
    let counter = RequestCount::new(usize::MAX);
    for (read_so_far, id) in unread.iter().enumerate() {
        match patiently(gate, &counter, || feeds.deezer_isrc(id)).await {
            Ok(isrc) => {
                remember_service_isrc(pool, ChartService::Deezer, id, isrc.as_ref()).await?;
                if let Some(isrc) = isrc {
                    isrcs.insert(id.clone(), isrc);
                }
            }
            Err(no_answer) => {
                let left = unread.len() - read_so_far;
                tracing::warn!(error = ?no_answer, left, "Deezer's track reads stopped; the chart is imported with the ISRCs read");
                break;
            }
        }
    }
    Ok(isrcs)
}

/// Keeps what came of a fetch; a fetch that cannot be kept is said in the log and changes nothing else.
async fn keep(pool: &PgPool, genre_code: &str, service: ChartService, outcome: &FetchOutcome) {
    if let Err(error) = record_fetch(pool, genre_code, service, outcome).await {
        tracing::error!(genre = genre_code, service = service.code(), error = ?error,
            "a chart fetch's outcome could not be kept");
    }
}
