//! Charts, stored once for the installation: the genres and which chart of each service stands for each, every
//! chart imported or fetched with its entries and the recording each entry was tied to, the recordings and their
//! ISRCs, and the read model of each genre's merged chart per day and ranking method, written again whenever one of
//! the charts it merges changes. A version moves with every change, so each process's cached chart answers know when
//! they are stale.

mod attempts;
mod counting;
mod fetches;
mod genres;
mod history;
mod import;
mod merged;
mod mine;
mod retie;
mod settle;

pub use attempts::{AttemptOutcome, ImportAttempt, import_attempts, record_attempt};
pub use counting::{
    RecordingToFind, link_recording, linked_recordings, record_counts, recordings_to_find, searches_since,
};
pub use fetches::{
    FetchOutcome, FetchedSource, LatestFetch, fetched_locator, fetched_sources, latest_fetches, record_fetch,
    remember_service_isrc, service_isrcs,
};
pub use genres::{ChartGenre, ChartSource, genre, genres, save_source};
pub use history::{RecordingHistory, RecordingPlacing, recording_history, recording_of_isrc};
pub use import::{
    ChartToStore, EntryToStore, ImportOrigin, StoredChart, catalog_isrcs, known_recordings, record_chart,
    take_chart_writes,
};
pub use merged::{
    MergedChart, MergedRow, Placed, SourceChart, charts_freshness, charts_version, merged_chart, move_charts_version,
    rebuild_merged,
};
pub use mine::{TrackOnChart, tracks_on_charts};
pub use retie::{Retied, ids_to_look_up, retie_by_isrc};
pub use settle::{FoundRecording, Settlement, StoredChartEntry, chart_entry, find_recordings, settle_entry};

use crossfade_domain::{ChartService, Day};

/// The service of a stored code; the tables' checks allow only the codes the domain writes.
fn service_of(code: &str) -> ChartService {
    ChartService::parse(code).unwrap_or(ChartService::Spotify)
}

/// A stored date as a domain day.
fn day_from(date: time::Date) -> Day {
    Day::parse(&date.to_string()).unwrap_or_else(|| Day::parse("1970-01-01").expect("a day"))
}
