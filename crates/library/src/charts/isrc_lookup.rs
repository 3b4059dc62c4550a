//! ISRCs of a Spotify chart's tracks the catalog does not know, read after the chart is stored: a chart of 200 tracks
//! could cost 200 track reads, which Spotify's rolling rate limit spreads over minutes, so the upload or fetch stores
//! the chart at once (those entries tied by title and artists) and queues this job. It reads each track once
//! (`GET /tracks/{id}`, remembered, so a rate-limited run resumes where it stopped) through the background lane of the
//! installation's Spotify gate, with the token of the person who brought the chart or, for a fetched one, of any
//! connected user (a catalog read needs no scope). A run reads at most `READS_PER_RUN` tracks and the next run comes
//! `PAUSE` later, so a first sync or a history's lookups starting meanwhile are not kept waiting behind the charts.
//! After each run every stored entry of the tracks read, on any day's chart, is tied again by its ISRC.

use crossfade_domain::{ChartService, Isrc};
use std::time::Duration;

use crossfade_jobs::{Job, JobError, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_spotify::ApiError;
use crossfade_store::charts::{ids_to_look_up, remember_service_isrc, retie_by_isrc};
use crossfade_store::users::connected;
use serde::{Deserialize, Serialize};

use crate::Library;

/// The job kind of one chart's ISRC reads.
pub const LOOK_UP_CHART_ISRCS: &str = "look_up_chart_isrcs";

/// Track reads in one run.
pub const READS_PER_RUN: usize = 20;
/// Time between two runs of one chart's reads.
pub const PAUSE: Duration = Duration::from_secs(30);

#[derive(Debug, Serialize, Deserialize)]
struct LookupPayload {
    chart: i64,
    /// Whose token to read with, when that person is still connected.
    user: Option<i64>,
}

/// Queues the ISRC reads of chart `chart_id` (a Spotify chart just stored), preferring `user`'s token. Charts of
/// other services carry their ISRCs or had them read before they were stored.
pub async fn request_isrc_lookups(
    queue: &Queue,
    service: ChartService,
    chart_id: i64,
    user: Option<i64>,
) -> Result<(), JobsError> {
    if service != ChartService::Spotify {
        return Ok(());
    }
    queue.enqueue(lookup_job(&LookupPayload { chart: chart_id, user }, RunAt::Now)).await?;
    Ok(())
}

fn lookup_job(payload: &LookupPayload, run_at: RunAt) -> NewJob {
    let key = format!("chart-isrcs:{}", payload.chart);
    let job = NewJob::new(LOOK_UP_CHART_ISRCS, serde_json::to_value(payload).unwrap_or_default())
        .with_dedupe_key(&key)
        .with_exclusive_key(key);
    NewJob { run_at, ..job }
}

/// Runs `job`: reads up to `READS_PER_RUN` of the chart's unread tracks, ties their entries again, and queues the next
/// run while tracks are left. A rate limit or a failure stops the reads; what was read is tied at once and the job is
/// tried again for the rest.
pub async fn run_isrc_lookups(library: &Library, queue: &Queue, job: Job) -> JobResult {
    let payload: LookupPayload = serde_json::from_value(job.payload.clone())
        .map_err(|error| JobError::fail(format!("a chart ISRC lookup's payload is not understood: {error}")))?;
    let ids = ids_to_look_up(&library.pool, payload.chart)
        .await
        .map_err(|error| JobError::retry(format!("reading the chart's tracks failed: {error}")))?;
    let (unread, all): (Vec<&String>, Vec<String>) = (
        ids.iter().filter(|(_, read)| !read).map(|(id, _)| id).collect(),
        ids.iter().map(|(id, _)| id.clone()).collect(),
    );
    let mut stopped = None;
    if !unread.is_empty() {
        let connected = connected(&library.pool)
            .await
            .map_err(|error| JobError::retry(format!("reading the connected users failed: {error}")))?;
        let reader = payload.user.filter(|user| connected.contains(user)).or_else(|| connected.first().copied());
        let Some(user) = reader else {
            // Nobody can read Spotify's catalog: the entries stay tied by title until a later chart's job reads them.
            tracing::info!(chart = payload.chart, "no connected user to read a chart's tracks with");
            return Ok(());
        };
        for id in unread.iter().take(READS_PER_RUN) {
            match library.gate.pass_background(library.spotify.track(user, id)).await {
                Ok(track) => remember(library, id, track.isrc().and_then(|isrc| Isrc::parse(isrc).ok())).await?,
                // A track Spotify no longer has: asked, and it has no ISRC to give.
                Err(ApiError::NotFound { .. }) => remember(library, id, None).await?,
                Err(error) => {
                    stopped = Some(error);
                    break;
                }
            }
        }
    }
    let retied = retie_by_isrc(&library.pool, ChartService::Spotify, &all)
        .await
        .map_err(|error| JobError::retry(format!("tying the chart's entries again failed: {error}")))?;
    tracing::info!(
        chart = payload.chart,
        entries = retied.entries,
        folded = retied.folded,
        "chart entries tied again by their ISRCs"
    );
    match stopped {
        None if unread.len() > READS_PER_RUN => queue
            .enqueue(lookup_job(&payload, RunAt::After(PAUSE)))
            .await
            .map(|_| ())
            .map_err(|error| JobError::retry(format!("queueing a chart's next ISRC reads failed: {error}"))),
        None => Ok(()),
        Some(ApiError::RateLimited { retry_at, .. }) => {
            Err(JobError::retry_at(retry_at, "Spotify rate limit while reading a chart's tracks"))
        }
        // Another connected user's token may read on next time.
        Some(error) => Err(JobError::retry(format!("reading a chart's tracks from Spotify failed: {error}"))),
    }
}

async fn remember(library: &Library, id: &str, isrc: Option<Isrc>) -> JobResult {
    remember_service_isrc(&library.pool, ChartService::Spotify, id, isrc.as_ref())
        .await
        .map_err(|error| JobError::retry(format!("keeping a track's ISRC failed: {error}")))
}
