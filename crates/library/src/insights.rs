//! Insights over a collection of the user's tracks and over their listening history: the rows read from the read
//! models, and the figures computed from them off the async workers (a library of a hundred thousand tracks is
//! some CPU work).

use crossfade_domain::{
    AudioFeature, CollectionInsights, GenreTree, HistoryRange, ListeningReport, Scatter, TrackCollection,
};
use crossfade_store::StoreError;
use crossfade_store::insights::{CollectionTracks, collection_tracks};
use crossfade_store::listening::{history_rows, history_span};
use sqlx::PgPool;

/// A collection's figures and what the catalog calls it.
#[derive(Debug)]
pub struct CollectionReport {
    /// A playlist's, album's or artist's name, where the catalog has it.
    pub name: Option<String>,
    pub insights: CollectionInsights,
    pub scatter: Scatter,
}

#[derive(Debug, thiserror::Error)]
pub enum InsightsError {
    #[error("reading the collection's tracks or the listening history failed")]
    Store(#[from] StoreError),
    #[error("computing the collection's figures stopped")]
    Task(#[from] tokio::task::JoinError),
}

/// The insights of `user_id`'s `collection`, with a scatter of the measures `axes` (x, y); None when the collection
/// is not theirs (see [`collection_tracks`]).
pub async fn collection_report(
    pool: &PgPool,
    user_id: i64,
    collection: &TrackCollection,
    axes: (AudioFeature, AudioFeature),
) -> Result<Option<CollectionReport>, InsightsError> {
    let Some(CollectionTracks { name, tracks }) = collection_tracks(pool, user_id, collection).await? else {
        return Ok(None);
    };
    let (insights, scatter) = tokio::task::spawn_blocking(move || {
        (CollectionInsights::of(&tracks, GenreTree::get()), Scatter::of(&tracks, axes.0, axes.1))
    })
    .await?;
    Ok(Some(CollectionReport { name, insights, scatter }))
}

/// The listening history's figures over a range, and the years the whole history spans (for choosing a year).
#[derive(Debug)]
pub struct HistoryReport {
    pub report: ListeningReport,
    /// The first and the last year with plays; None for an empty history.
    pub years: Option<(i32, i32)>,
}

/// The figures of `user_id`'s listening history in `range`, from the history's read model.
pub async fn history_report(pool: &PgPool, user_id: i64, range: HistoryRange) -> Result<HistoryReport, InsightsError> {
    let span = history_span(pool, user_id).await?;
    let rows = history_rows(pool, user_id, range).await?;
    let report = tokio::task::spawn_blocking(move || ListeningReport::of(&rows, range, GenreTree::get())).await?;
    Ok(HistoryReport { report, years: span.map(|(first, last)| (first.year(), last.year())) })
}
