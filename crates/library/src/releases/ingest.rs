//! One feed read into the release tables, and the matching it needs queued.

use crossfade_domain::{FeedProblem, read_feed};
use crossfade_jobs::{JobsError, Queue};
use crossfade_store::StoreError;
use crossfade_store::releases::{IngestOrigin, IngestSummary, record_ingest};

use super::request_matching;
use crate::Library;

/// Why a feed was not read in.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file itself was refused; nothing was stored.
    #[error(transparent)]
    Feed(#[from] FeedProblem),
    #[error("storing the releases failed")]
    Store(#[from] StoreError),
    /// The releases were stored, but their matching could not be queued (the next ingest of the same user queues it).
    #[error("queueing the matching failed")]
    Queue(#[from] JobsError),
}

/// Reads `bytes` as a release feed for `user_id`, stores its tracks (all or nothing) and queues their matching to
/// Spotify. Rows that could not be read are reported in the ingest, not stored.
pub async fn ingest_feed(
    library: &Library,
    queue: &Queue,
    user_id: i64,
    origin: IngestOrigin,
    source: &str,
    bytes: &[u8],
) -> Result<IngestSummary, IngestError> {
    let read = read_feed(bytes)?;
    let summary = record_ingest(&library.pool, user_id, origin, source, &read).await?;
    tracing::info!(
        user_id,
        ingest = summary.ingest_id,
        format = read.format.code(),
        tracks = summary.tracks_read,
        new = summary.tracks_new,
        bad_rows = read.bad_rows_total,
        "release feed ingested"
    );
    request_matching(queue, user_id).await?;
    Ok(summary)
}
