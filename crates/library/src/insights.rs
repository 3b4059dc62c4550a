//! Insights over a collection of the user's tracks and over their listening history: the rows read from the read
//! models, and the figures computed from them off the async workers (a library of a hundred thousand tracks is
//! some CPU work).

use crossfade_domain::{
    AudioFeature, CollectionInsights, GenreTree, HistoryRange, ListeningReport, SCATTER_AXES, Scatter, TrackCollection,
};
use crossfade_store::StoreError;
use crossfade_store::insights::cache::{fresh_report, keep_report, read_model_version, stale_reports};
use crossfade_store::insights::{CollectionTracks, collection_tracks};
use crossfade_store::listening::{history_rows, history_span};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use time::OffsetDateTime;

/// A collection's figures and what the catalog calls it.
#[derive(Debug, Serialize, Deserialize)]
pub struct CollectionReport {
    /// A playlist's, album's or artist's name, where the catalog has it.
    pub name: Option<String>,
    pub insights: CollectionInsights,
    pub scatter: Scatter,
    /// When the figures were computed from the read model (they are kept until it moves).
    #[serde(skip, default = "OffsetDateTime::now_utc")]
    pub computed_at: OffsetDateTime,
}

#[derive(Debug, thiserror::Error)]
pub enum InsightsError {
    #[error("reading the collection's tracks or the listening history failed")]
    Store(#[from] StoreError),
    #[error("computing the collection's figures stopped")]
    Task(#[from] tokio::task::JoinError),
}

/// The insights of `user_id`'s `collection`, with a scatter of the measures `axes` (x, y); None when the collection
/// is not theirs (see [`collection_tracks`]). With the default axes, figures computed since the read model last
/// moved are served as kept; otherwise they are computed (and kept).
pub async fn collection_report(
    pool: &PgPool,
    user_id: i64,
    collection: &TrackCollection,
    axes: (AudioFeature, AudioFeature),
) -> Result<Option<CollectionReport>, InsightsError> {
    let code = collection.code();
    if axes == SCATTER_AXES
        && let Some((computed_at, kept)) = fresh_report(pool, user_id, &code).await?
    {
        // A report an older version kept in another shape is computed again.
        if let Ok(report) = serde_json::from_value::<CollectionReport>(kept) {
            return Ok(Some(CollectionReport { computed_at, ..report }));
        }
    }
    computed_report(pool, user_id, collection, axes, Keeping::Behind).await
}

/// Whether a computed report is kept before it is answered (a refresh, whose point is keeping) or behind it (a page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keeping {
    Before,
    Behind,
}

/// Computes a collection's report from the read model; with the default axes it is kept, marked with the version of
/// the read model read before the rows (so a write in between leaves it stale, never wrongly fresh).
async fn computed_report(
    pool: &PgPool,
    user_id: i64,
    collection: &TrackCollection,
    axes: (AudioFeature, AudioFeature),
    keeping: Keeping,
) -> Result<Option<CollectionReport>, InsightsError> {
    let version = read_model_version(pool, user_id).await?;
    let computed_at = OffsetDateTime::now_utc();
    let Some(CollectionTracks { name, tracks }) = collection_tracks(pool, user_id, collection).await? else {
        crossfade_store::insights::cache::forget_report(pool, user_id, &collection.code()).await?;
        return Ok(None);
    };
    let (insights, scatter) = tokio::task::spawn_blocking(move || {
        (CollectionInsights::of(&tracks, GenreTree::get()), Scatter::of(&tracks, axes.0, axes.1))
    })
    .await?;
    let report = CollectionReport { name, insights, scatter, computed_at };
    if axes == SCATTER_AXES {
        let kept = serde_json::to_value(&report);
        let (pool, code) = (pool.clone(), collection.code());
        let keep = async move {
            let outcome = match kept {
                Ok(kept) => {
                    keep_report(&pool, user_id, &code, version, computed_at, &kept).await.map_err(|e| e.to_string())
                }
                Err(error) => Err(error.to_string()),
            };
            if let Err(error) = outcome {
                tracing::warn!(user_id, collection = %code, %error, "a collection's insights could not be kept");
            }
        };
        match keeping {
            // Off the answer's path: writing a large report takes a while, and one that could not be kept is only
            // computed again next time.
            Keeping::Behind => drop(tokio::spawn(keep)),
            Keeping::Before => keep.await,
        }
    }
    Ok(Some(report))
}

/// Recomputes the kept reports of `user_id`'s collections that the read model has moved past (the ones viewed most
/// recently), so their dashboards open without computing. Returns how many were recomputed.
pub async fn refresh_kept_reports(pool: &PgPool, user_id: i64) -> Result<usize, InsightsError> {
    let stale = stale_reports(pool, user_id).await?;
    for code in &stale {
        match TrackCollection::parse(code) {
            Ok(collection) => {
                computed_report(pool, user_id, &collection, SCATTER_AXES, Keeping::Before).await?;
            }
            // An address an older version wrote and this one cannot read: computed again when it is opened.
            Err(_) => crossfade_store::insights::cache::forget_report(pool, user_id, code).await?,
        }
    }
    Ok(stale.len())
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
