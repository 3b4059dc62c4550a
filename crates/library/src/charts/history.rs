//! A recording's chart history as pages and the API show it: what the store holds, followed through the domain's
//! reading of positions (peaks, runs, movements) and counts (daily and weekly changes).

use crossfade_domain::{ChartService, CountChange, PositionHistory, count_changes, position_history};
use crossfade_store::StoreError;
use crossfade_store::charts::recording_history;
use sqlx::PgPool;

/// One chart (a genre's chart of a service) the recording was on, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartRun {
    pub genre_code: String,
    pub service: ChartService,
    pub history: PositionHistory,
}

/// A recording's history on the charts.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordingChartHistory {
    pub recording_id: i64,
    pub title: String,
    pub artists: String,
    pub isrcs: Vec<String>,
    pub runs: Vec<ChartRun>,
    /// Each service's counts with their changes, in day order.
    pub counts: Vec<(ChartService, Vec<CountChange>)>,
}

/// The chart history of recording `recording_id`, if it exists.
pub async fn chart_history(pool: &PgPool, recording_id: i64) -> Result<Option<RecordingChartHistory>, StoreError> {
    let Some(history) = recording_history(pool, recording_id).await? else { return Ok(None) };
    Ok(Some(RecordingChartHistory {
        recording_id,
        runs: history
            .charts
            .iter()
            .map(|chart| ChartRun {
                genre_code: chart.genre_code.clone(),
                service: chart.service,
                history: position_history(&chart.published, &chart.placed),
            })
            .collect(),
        counts: history.counts.iter().map(|(service, points)| (*service, count_changes(points))).collect(),
        title: history.title,
        artists: history.artists,
        isrcs: history.isrcs,
    }))
}
