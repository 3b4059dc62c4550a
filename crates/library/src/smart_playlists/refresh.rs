//! Smart playlists refresh on their schedules with nobody watching: a sweep every minute finds the users with a
//! smart playlist due and queues one refresh job per user; that job applies the user's due smart playlists in
//! dependency order (a smart playlist after those it reads), and moves each one's next run on. A run Spotify asks
//! to wait is due again when Spotify allows.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crossfade_domain::{RefreshOrder, refresh_order};
use crossfade_jobs::{Job, JobError, JobId, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_store::smart_playlists::{self, RunState, RunTrigger};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::SmartError;
use super::apply::apply;
use crate::Library;

/// The job kind of refreshing one user's due smart playlists (and, without a user, of the sweep that finds them).
pub const REFRESH_SMART_PLAYLISTS: &str = "refresh_smart_playlists";

/// How often the sweep looks for due smart playlists.
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

/// Queues the sweep (collapsing into a queued one): at start-up, and by each sweep for the next.
pub async fn request_due_refreshes(queue: &Queue, after: Duration) -> Result<JobId, JobsError> {
    let key = "smart-playlists:sweep";
    let job =
        NewJob::new(REFRESH_SMART_PLAYLISTS, serde_json::Value::Null).with_dedupe_key(key).with_exclusive_key(key);
    queue.enqueue(NewJob { run_at: RunAt::After(after), ..job }).await
}

/// Queues a refresh of `user_id`'s due smart playlists, collapsing into a queued one.
async fn request_user_refresh(queue: &Queue, user_id: i64) -> Result<JobId, JobsError> {
    let key = format!("smart-playlists:user:{user_id}");
    queue
        .enqueue(
            NewJob::new(REFRESH_SMART_PLAYLISTS, serde_json::Value::Null)
                .with_user(user_id)
                .with_dedupe_key(&key)
                .with_exclusive_key(key),
        )
        .await
}

/// The job: the sweep (no user) or one user's refresh.
pub async fn run_refresh(library: &Library, queue: &Queue, job: Job) -> JobResult {
    let now = OffsetDateTime::now_utc();
    match job.user_id {
        None => {
            let users = smart_playlists::users_due(&library.pool, now)
                .await
                .map_err(|error| JobError::retry(error.to_string()))?;
            for user_id in users {
                request_user_refresh(queue, user_id).await.map_err(|error| JobError::retry(error.to_string()))?;
            }
            request_due_refreshes(queue, SWEEP_INTERVAL).await.map_err(|error| JobError::retry(error.to_string()))?;
            Ok(())
        }
        Some(user_id) => {
            let refreshed =
                refresh_due(library, user_id, now).await.map_err(|error| JobError::retry(error.to_string()))?;
            tracing::info!(user_id, refreshed, "due smart playlists refreshed");
            Ok(())
        }
    }
}

/// Applies `user_id`'s smart playlists due at `now`, each after the smart playlists it reads; returns how many ran.
/// Each one's next run moves on by its schedule, or to when Spotify allows if it asked to wait.
pub async fn refresh_due(library: &Library, user_id: i64, now: OffsetDateTime) -> Result<usize, SmartError> {
    let due: BTreeSet<i64> = smart_playlists::due(&library.pool, user_id, now).await?.into_iter().collect();
    if due.is_empty() {
        return Ok(0);
    }
    let order = due_order(&library.pool, user_id, &due).await?;
    for id in &order {
        let seed = rand::random::<u64>();
        let next_at = match apply(library, user_id, *id, RunTrigger::Schedule, seed, now).await {
            Ok(outcome) if outcome.state == RunState::Waiting => outcome.retry_at,
            Ok(_) => None,
            Err(SmartError::NeedsPermission) => {
                smart_playlists::record_stopped_run(
                    &library.pool,
                    user_id,
                    *id,
                    seed,
                    "Crossfade may not change your playlists yet: open this smart playlist and allow it.",
                    now,
                )
                .await?;
                None
            }
            Err(SmartError::NotFound) => continue,
            Err(other) => return Err(other),
        };
        match next_at {
            Some(retry_at) => smart_playlists::set_next_run(&library.pool, user_id, *id, retry_at).await?,
            None => smart_playlists::schedule_next(&library.pool, user_id, *id, now).await?,
        }
    }
    Ok(order.len())
}

/// The due smart playlists in refresh order. Saving refuses loops, so a loop here comes from rules saved before
/// that check; its playlists run by id rather than not at all.
async fn due_order(pool: &PgPool, user_id: i64, due: &BTreeSet<i64>) -> Result<Vec<i64>, SmartError> {
    let reads = smart_playlists::references(pool, user_id).await?;
    let due_reads: BTreeMap<i64, BTreeSet<i64>> = reads
        .into_iter()
        .filter(|(id, _)| due.contains(id))
        .map(|(id, needs)| (id, needs.into_iter().filter(|need| due.contains(need)).collect()))
        .collect();
    Ok(match refresh_order(&due_reads) {
        RefreshOrder::Ordered(order) => order,
        RefreshOrder::Cycle(_) => due.iter().copied().collect(),
    })
}
