//! The recordings a person may say a chart entry is, when matching could not say: those whose title and artists hold
//! every word searched for (the entry's own title to begin with), the likeliest first.

use crossfade_domain::{RecordingSearch, likeness};
use crossfade_store::StoreError;
use crossfade_store::charts::{FoundRecording, StoredChartEntry, chart_entry, find_recordings};
use sqlx::PgPool;

/// Recordings read for a search before they are weighed; a search this wide is too loose to be useful beyond them.
const SEARCHED: i64 = 200;
/// Recordings shown, the likeliest.
pub const CANDIDATES_SHOWN: usize = 20;

/// An entry with the recordings it may be.
#[derive(Clone, Debug)]
pub struct EntryCandidates {
    pub entry: StoredChartEntry,
    /// What was searched for; None for an entry without a word to search by.
    pub search: Option<RecordingSearch>,
    /// Each found recording with its likeness to the entry (0 to 1), the likeliest first.
    pub found: Vec<(FoundRecording, f64)>,
}

/// Entry `position` of chart `chart_id` with the recordings `search` finds (by default, the entry's title's), or
/// None when there is no such entry.
pub async fn entry_candidates(
    pool: &PgPool,
    chart_id: i64,
    position: i32,
    search: Option<RecordingSearch>,
) -> Result<Option<EntryCandidates>, StoreError> {
    let Some(entry) = chart_entry(pool, chart_id, position).await? else { return Ok(None) };
    let search = search.or_else(|| RecordingSearch::for_entry(&entry.entry));
    let found = match &search {
        Some(search) => find_recordings(pool, search.words(), SEARCHED).await?,
        None => Vec::new(),
    };
    let mut found: Vec<(FoundRecording, f64)> = found
        .into_iter()
        .map(|found| {
            let score = likeness(&entry.entry, &found.recording);
            (found, score)
        })
        .collect();
    found.sort_by(|(a, a_score), (b, b_score)| b_score.total_cmp(a_score).then(b.entries.cmp(&a.entries)));
    found.truncate(CANDIDATES_SHOWN);
    Ok(Some(EntryCandidates { entry, search, found }))
}
