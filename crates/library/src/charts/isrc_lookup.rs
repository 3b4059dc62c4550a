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

/// Queues the ISRC reads of chart `chart_id` (a Spotify chart just stored), preferring `user`'s token. Only Spotify
/// charts are read this way: Deezer's tracks are read before their chart is stored, and the other services' charts
/// carry their ISRCs or name no track a service could be asked about.
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

/// Runs `job`: reads up to `READS_PER_RUN` of the chart's unread tracks, ties the entries of every track read so far
/// again, and queues the next run while tracks are left. A rate limit or a failure stops the reads; what was read is
/// tied all the same and the job is tried again for the rest.
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
    let stopped = if unread.is_empty() { None } else { read_tracks(library, payload.user, &unread).await };
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
        Some(Stopped::NoReader) => {
            // Nobody can read Spotify's catalog: the entries stay tied by title until a later chart's job reads them.
            tracing::info!(chart = payload.chart, "no connected user to read a chart's tracks with");
            Ok(())
        }
        Some(Stopped::Spotify(ApiError::RateLimited { retry_at, .. })) => {
            Err(JobError::retry_at(retry_at, "Spotify rate limit while reading a chart's tracks"))
        }
        Some(Stopped::Spotify(error)) => {
            Err(JobError::retry(format!("reading a chart's tracks from Spotify failed: {error}")))
        }
        Some(Stopped::Store(error)) => Err(JobError::retry(format!("keeping a track's ISRC failed: {error}"))),
    }
}

/// Why the reads of a run stopped short.
enum Stopped {
    NoReader,
    Spotify(ApiError),
    Store(crossfade_store::StoreError),
}

/// Reads up to `READS_PER_RUN` of `unread`, keeping each answer as it comes, with `user`'s token when they are still
/// connected, else any connected user's.
async fn read_tracks(library: &Library, user: Option<i64>, unread: &[&String]) -> Option<Stopped> {
    let connected = match connected(&library.pool).await {
        Ok(connected) => connected,
        Err(error) => return Some(Stopped::Store(error)),
    };
    let Some(reader) = user.filter(|user| connected.contains(user)).or_else(|| connected.first().copied()) else {
        return Some(Stopped::NoReader);
    };
    for id in unread.iter().take(READS_PER_RUN) {
        let isrc = match library.gate.pass_background(library.spotify.track(reader, id)).await {
            Ok(track) => track.isrc().and_then(|isrc| Isrc::parse(isrc).ok()),
            // A track Spotify no longer has: asked, and it has no ISRC to give.
            Err(ApiError::NotFound { .. }) => None,
            Err(error) => return Some(Stopped::Spotify(error)),
        };
        if let Err(error) = remember_service_isrc(&library.pool, ChartService::Spotify, id, isrc.as_ref()).await {
            return Some(Stopped::Store(error));
        }
    }
    None
}
