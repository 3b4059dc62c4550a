//! The scheduled pull of new releases, as a job per user: for every style the user curates, the current week's
//! releases read from the release feed (Beatport's catalog API), and the week before too until a pull after its
//! Sunday ended has read it whole (so Monday's pull completes last week); each week stored as one ingest, then
//! matched to Spotify. A week is stored whole or not at all, and a style is marked pulled only when all its weeks
//! are, so a run cut short by a rate limit or a failure leaves nothing half and its retry reads again what it
//! needs. A user's pull is asked for when they start curating a style, queues its successor after the configured
//! interval, and is put back on the schedule at start-up.

use std::time::Duration;

use crossfade_domain::{Day, Week};
use crossfade_enrichment::providers::{Beatport, ProviderError};
use crossfade_jobs::{Job, JobError, JobId, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_store::StoreError;
use crossfade_store::curation::{StylePull, mark_pulled, styles_to_pull};
use crossfade_store::releases::{IngestOrigin, record_ingest};
use time::OffsetDateTime;

use super::request_matching;
use crate::Library;

/// The job kind of a user's pull of new releases.
pub const PULL_RELEASES: &str = "pull_releases";

/// How long a pull waits when the feed throttles it without saying for how long.
const THROTTLED_WAIT: Duration = Duration::from_secs(60);

/// The key `user_id`'s queued pull collapses under, and that keeps two of their pulls from running at once.
pub fn pull_releases_key(user_id: i64) -> String {
    format!("pull-releases:user:{user_id}")
}

fn pull_job(user_id: i64, run_at: RunAt) -> NewJob {
    let key = pull_releases_key(user_id);
    let job = NewJob::new(PULL_RELEASES, serde_json::Value::Null)
        .with_user(user_id)
        .with_dedupe_key(&key)
        .with_exclusive_key(key);
    NewJob { run_at, ..job }
}

/// Asks for `user_id`'s pull now (they started curating a style), collapsing into a queued one, which it makes
/// due at once.
pub async fn request_pull(queue: &Queue, user_id: i64) -> Result<JobId, JobsError> {
    queue.enqueue(pull_job(user_id, RunAt::Now)).await
}

/// Schedules `user_id`'s pull `interval` after `oldest_pull` (their styles' oldest last pull; at once when a style
/// was never pulled), unless an earlier one is queued. Called at start-up for every user who curates a style, so a
/// schedule whose successor could not be queued, or that never began while the feed was off, comes back.
pub async fn schedule_pull(
    queue: &Queue,
    user_id: i64,
    oldest_pull: Option<OffsetDateTime>,
    interval: Duration,
) -> Result<JobId, JobsError> {
    let run_at = oldest_pull.map_or(RunAt::Now, |pulled| RunAt::At(pulled + interval));
    queue.enqueue(pull_job(user_id, run_at)).await
}

/// Why a pull stopped.
#[derive(Debug, thiserror::Error)]
enum PullError {
    #[error("reading the release feed failed: {0}")]
    Feed(#[from] ProviderError),
    #[error("storing the releases failed: {0}")]
    Store(#[from] StoreError),
}

/// Runs `job`'s pull with `feed`; queues the next `interval` later when it is done.
pub async fn run_pull(library: &Library, queue: &Queue, feed: &Beatport, interval: Duration, job: Job) -> JobResult {
    let user_id = job.user_id.ok_or_else(|| JobError::fail("a release pull names no user"))?;
    let started = OffsetDateTime::now_utc();
    let today =
        Day::containing(started.unix_timestamp()).ok_or_else(|| JobError::fail("the clock is outside the calendar"))?;
    let styles = styles_to_pull(&library.pool, user_id)
        .await
        .map_err(|error| JobError::retry(format!("reading the curated styles failed: {error}")))?;
    if styles.is_empty() {
        // Nothing to pull, and no schedule to keep: curating a style asks for a pull again.
        return Ok(());
    }
    let mut stored = 0;
    let outcome = pull(library, feed, user_id, &styles, Week::containing(today), started, &mut stored).await;
    if stored > 0
        && let Err(error) = request_matching(queue, user_id).await
    {
        tracing::warn!(user_id, error = %error, "matching could not be queued; the next pull queues it");
    }
    let answer = match outcome {
        Ok(()) => Ok(()),
        Err(PullError::Feed(ProviderError::RateLimited { retry_after })) => Err(JobError::retry_after(
            retry_after.unwrap_or(THROTTLED_WAIT),
            "Beatport rate limit while pulling new releases",
        )),
        Err(error) => {
            tracing::warn!(job = %job.id, attempt = job.attempt, error = ?error, "release pull attempt failed");
            Err(JobError::retry(error.to_string()))
        }
    };
    // As with syncs: the schedule goes on after success and after a final failure; a throttled or retried pull is
    // still queued, and its successor would collapse into it.
    let schedule_next = match &answer {
        Ok(()) => true,
        Err(JobError::Retry { .. }) => job.is_last_attempt(),
        Err(_) => false,
    };
    if schedule_next {
        queue
            .enqueue(pull_job(user_id, RunAt::After(interval)))
            .await
            .map_err(|error| JobError::retry(format!("scheduling the next release pull failed: {error}")))?;
    }
    answer
}

/// Pulls each style's due weeks, counting the ingests stored in `stored`.
async fn pull(
    library: &Library,
    feed: &Beatport,
    user_id: i64,
    styles: &[StylePull],
    this_week: Week,
    started: OffsetDateTime,
    stored: &mut usize,
) -> Result<(), PullError> {
    for StylePull { style, pulled_at } in styles {
        for week in weeks_due(this_week, *pulled_at) {
            let read = feed.releases(style.beatport_genre_id, week.monday(), week.sunday()).await?;
            let source = format!("{} {}", style.name, week.iso_name());
            let summary = record_ingest(&library.pool, user_id, IngestOrigin::Feed, &source, &read).await?;
            *stored += 1;
            tracing::info!(
                user_id,
                style = style.slug,
                week = %week,
                ingest = summary.ingest_id,
                tracks = summary.tracks_read,
                new = summary.tracks_new,
                bad_rows = read.bad_rows_total,
                "release feed week pulled"
            );
        }
        mark_pulled(&library.pool, user_id, *style, started).await?;
    }
    Ok(())
}

/// The weeks a style last pulled at `pulled_at` needs, oldest first: the current week always (it fills up as its
/// days pass), the week before until a pull begun after its Sunday ended has read it.
fn weeks_due(this_week: Week, pulled_at: Option<OffsetDateTime>) -> Vec<Week> {
    let week_began = this_week.monday().unix_start();
    match pulled_at {
        Some(pulled) if pulled.unix_timestamp() >= week_began => vec![this_week],
        _ => vec![this_week.previous(), this_week],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `seconds` into `day` (UTC).
    fn at(day: &str, seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(Day::parse(day).unwrap().unix_start() + seconds).unwrap()
    }

    #[test]
    fn last_week_is_pulled_until_a_pull_after_its_sunday_read_it() {
        // Monday 2026-12-07 to Sunday 2026-12-13 (2026-W50).
        let this_week = Week::parse("2026-12-07").unwrap();
        let last_week = Week::parse("2026-11-30").unwrap();
        assert_eq!(weeks_due(this_week, None), [last_week, this_week], "never pulled");
        assert_eq!(weeks_due(this_week, Some(at("2026-12-06", 86_399))), [last_week, this_week], "pulled on Sunday");
        assert_eq!(weeks_due(this_week, Some(at("2026-12-07", 0))), [this_week], "pulled after Sunday ended");
        assert_eq!(weeks_due(this_week, Some(at("2026-12-10", 8 * 3600))), [this_week]);
        assert_eq!(weeks_due(this_week, Some(at("2026-11-20", 8 * 3600))), [last_week, this_week], "weeks ago");
    }
}
