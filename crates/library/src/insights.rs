//! Insights over a collection of the user's tracks: the collection's tracks read from the read model, and the
//! figures computed from them off the async workers (a library of a hundred thousand tracks is some CPU work).

use crossfade_domain::{AudioFeature, CollectionInsights, GenreTree, Scatter, TrackCollection};
use crossfade_store::StoreError;
use crossfade_store::insights::{CollectionTracks, collection_tracks};
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
    #[error("reading the collection's tracks failed")]
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
