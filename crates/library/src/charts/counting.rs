//! The daily count of plays at the services that count them without charting (YouTube's views, SoundCloud's
//! plays), as one job for the installation: the recordings on a chart in the last two weeks are searched for once
//! (a bounded number per service and day: a YouTube search costs a hundredth of a key's daily quota), each hit taken
//! only when the chart matching ties it to the recording, and every recording found has its count read and stored
//! for the day. A spent quota ends that service's part of the run with what it read; the job comes back when the
//! service says. A stored chart asks for a count a minute later, so new recordings are counted the day they chart.

use std::time::Duration;

use crossfade_domain::{ChartService, Day, Isrc, KnownRecording, hit_as_entry, hit_is_recording};
use crossfade_enrichment::providers::{Found, ProviderError, SoundCloud, YOUTUBE_IDS_PER_READ, YouTube};
use crossfade_jobs::{Job, JobError, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_store::StoreError;
use crossfade_store::charts::{
    RecordingToFind, link_recording, linked_recordings, record_counts, recordings_to_find, searches_since,
};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::enrichment::RequestCount;
use crate::enrichment::patience::{NoAnswer, patiently};
use crate::{Gate, Library};

/// The job kind of the daily count.
pub const COUNT_PLAYS: &str = "count_plays";

/// Recordings on a chart within this many days are counted.
const COUNTED_DAYS: i64 = 14;
/// A recording a search found nothing for is searched again after this many days.
const SEARCH_AGAIN_DAYS: i32 = 30;

/// The services counted, and how many recordings each may be searched for in a day.
#[derive(Debug, Default)]
pub struct PlayCounters {
    pub youtube: Option<YouTube>,
    /// SoundCloud, with the gate its single reads pass (it publishes no rate).
    pub soundcloud: Option<(SoundCloud, Gate)>,
    pub searches_per_day: usize,
}

impl PlayCounters {
    /// Whether any service is counted.
    pub fn any(&self) -> bool {
        self.youtube.is_some() || self.soundcloud.is_some()
    }
}

const COUNT_KEY: &str = "count-plays";

fn count_job(run_at: RunAt) -> NewJob {
    NewJob {
        run_at,
        ..NewJob::new(COUNT_PLAYS, serde_json::Value::Null).with_dedupe_key(COUNT_KEY).with_exclusive_key(COUNT_KEY)
    }
}

/// How long after a chart is stored its recordings are counted, so the fetches of one round share one count.
const COUNT_AFTER_FETCH: Duration = Duration::from_secs(60);

/// Asks for a count soon after a chart was stored (its new recordings have no counts yet), collapsing into a queued
/// one, which keeps the earlier time.
pub async fn request_play_counts(queue: &Queue) -> Result<(), JobsError> {
    queue.enqueue(count_job(RunAt::After(COUNT_AFTER_FETCH))).await.map(|_| ())
}

/// Puts the daily count on the schedule (at once; a queued one keeps its time), when any service is counted.
pub async fn schedule_play_counts(queue: &Queue, counters: &PlayCounters) -> Result<(), JobsError> {
    if counters.any() {
        queue.enqueue(count_job(RunAt::Now)).await?;
    }
    Ok(())
}

/// What one service's part of a run did.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counted {
    searched: usize,
    found: usize,
    counts: usize,
    /// The service asked to slow down (a spent quota), for this long when it said.
    throttled: Option<Option<Duration>>,
}

/// Runs the count; queues the next `interval` later (sooner when a service asked to slow down for less), also after
/// the last attempt of a run that failed, so the schedule never ends while a service is counted.
pub async fn run_play_counts(
    library: &Library,
    queue: &Queue,
    counters: &PlayCounters,
    interval: Duration,
    job: Job,
) -> JobResult {
    if !counters.any() {
        // Nothing is counted here: the schedule ends (a fetch asks for a count whatever the settings).
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    let today =
        Day::containing(now.unix_timestamp()).ok_or_else(|| JobError::fail("the clock is outside the calendar"))?;
    let since = Day::containing(now.unix_timestamp() - COUNTED_DAYS * 86_400).unwrap_or(today);
    let day_began = OffsetDateTime::from_unix_timestamp(today.unix_start()).unwrap_or(now);
    let mut throttled: Option<Duration> = None;
    let mut failed: Vec<String> = Vec::new();
    let services = [
        (ChartService::YouTube, counters.youtube.as_ref().map(Counter::YouTube)),
        (
            ChartService::SoundCloud,
            counters.soundcloud.as_ref().map(|(client, gate)| Counter::SoundCloud(client, gate)),
        ),
    ];
    for (service, counter) in services {
        let Some(counter) = counter else { continue };
        // Each service goes on whatever became of the other.
        let counted =
            match count(&library.pool, service, &counter, counters.searches_per_day, day_began, since, today).await {
                Ok(counted) => counted,
                Err(error) => {
                    tracing::warn!(service = service.code(), error = %error, "counting plays failed");
                    failed.push(format!("{}: {error}", service.code()));
                    continue;
                }
            };
        tracing::info!(
            service = service.code(),
            searched = counted.searched,
            found = counted.found,
            counts = counted.counts,
            throttled = counted.throttled.is_some(),
            "play counts read"
        );
        if let Some(wait) = counted.throttled {
            let wait = wait.unwrap_or(interval);
            throttled = Some(throttled.map_or(wait, |longest| longest.max(wait)));
        }
    }
    let answer = if failed.is_empty() { Ok(()) } else { Err(JobError::retry(failed.join("; "))) };
    if answer.is_ok() || job.is_last_attempt() {
        // A spent quota resets within the day: the next run is the scheduled one, or sooner when a service said so.
        let next = throttled.map_or(interval, |wait| wait.min(interval));
        queue
            .enqueue(count_job(RunAt::After(next)))
            .await
            .map_err(|error| JobError::retry(format!("scheduling the next play count failed: {error}")))?;
    }
    answer
}

/// One counted service.
enum Counter<'a> {
    YouTube(&'a YouTube),
    SoundCloud(&'a SoundCloud, &'a Gate),
}

impl Counter<'_> {
    async fn search(&self, query: &str) -> Result<Vec<Found>, ProviderError> {
        match self {
            Counter::YouTube(youtube) => youtube.search(query).await,
            Counter::SoundCloud(soundcloud, gate) => gate.pass(soundcloud.search(query)).await,
        }
    }

    /// The counts of `linked` recordings (id at the service), as many as were read before any error, and the error.
    async fn counts(&self, linked: &[(i64, String)]) -> (Vec<(i64, u64)>, Option<ProviderError>) {
        let mut counts = Vec::new();
        match self {
            Counter::YouTube(youtube) => {
                for batch in linked.chunks(YOUTUBE_IDS_PER_READ) {
                    let ids: Vec<String> = batch.iter().map(|(_, id)| id.clone()).collect();
                    match youtube.view_counts(&ids).await {
                        Ok(read) => counts.extend(read.into_iter().filter_map(|(id, count)| {
                            batch.iter().find(|(_, linked)| *linked == id).map(|(recording, _)| (*recording, count))
                        })),
                        Err(error) => return (counts, Some(error)),
                    }
                }
            }
            Counter::SoundCloud(soundcloud, gate) => {
                let counter = RequestCount::new(usize::MAX);
                for (recording, id) in linked {
                    match patiently(gate, &counter, || soundcloud.playback_count(id)).await {
                        Ok(count) => counts.extend(count.map(|count| (*recording, count))),
                        Err(NoAnswer::Provider(error)) => return (counts, Some(error)),
                        Err(NoAnswer::BudgetSpent) => break,
                    }
                }
            }
        }
        (counts, None)
    }
}

/// Searches for the recordings not yet found (what is left of the day's `searches_per_day` since `day_began`), then
/// reads and stores the counts of every recording found.
async fn count(
    pool: &PgPool,
    service: ChartService,
    counter: &Counter<'_>,
    searches_per_day: usize,
    day_began: OffsetDateTime,
    since: Day,
    today: Day,
) -> Result<Counted, StoreError> {
    let mut counted = Counted::default();
    let searched_today = searches_since(pool, service, day_began).await?;
    let limit = i64::try_from(searches_per_day).unwrap_or(i64::MAX).saturating_sub(searched_today).max(0);
    for recording in recordings_to_find(pool, service, since, SEARCH_AGAIN_DAYS, limit).await? {
        match counter.search(&format!("{} {}", recording.artists, recording.title)).await {
            Ok(hits) => {
                counted.searched += 1;
                let found = best_hit(&recording, &hits);
                counted.found += usize::from(found.is_some());
                link_recording(pool, recording.recording_id, service, found).await?;
            }
            Err(error) => {
                counted.throttled = throttle_of(&error);
                tracing::warn!(service = service.code(), error = %error, "searching stopped for this run");
                break;
            }
        }
    }
    let linked = linked_recordings(pool, service, since).await?;
    let (counts, error) = counter.counts(&linked).await;
    if let Some(error) = error {
        counted.throttled = counted.throttled.or(throttle_of(&error));
        tracing::warn!(service = service.code(), error = %error, read = counts.len(), "reading counts stopped");
    }
    counted.counts = counts.len();
    record_counts(pool, service, today, &counts).await?;
    Ok(counted)
}

/// The first hit the chart matching ties to `recording`.
fn best_hit<'h>(recording: &RecordingToFind, hits: &'h [Found]) -> Option<&'h str> {
    let known = KnownRecording {
        recording: (),
        title: recording.title.clone(),
        artists: recording.artists.clone(),
        duration_ms: None,
        isrcs: recording.isrcs.iter().filter_map(|isrc| Isrc::parse(isrc).ok()).collect(),
    };
    hits.iter()
        .find(|hit| {
            let isrc = hit.isrc.as_deref().and_then(|isrc| Isrc::parse(isrc).ok());
            hit_is_recording(&hit_as_entry(&hit.title, &hit.artist), isrc.as_ref(), &known)
        })
        .map(|hit| hit.id.as_str())
}

fn throttle_of(error: &ProviderError) -> Option<Option<Duration>> {
    match error {
        ProviderError::RateLimited { retry_after } => Some(*retry_after),
        _ => None,
    }
}
