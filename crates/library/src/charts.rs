//! Charts: a chart file or a service's answer read into the installation's chart tables for a genre, every entry tied
//! to its recording (by its ISRC, an ISRC the catalog knows or Spotify gave for its Spotify track, or its title,
//! artists and length) and the genre's merged charts written again, all in one transaction; a Spotify chart's unknown
//! tracks read for their ISRCs afterwards and its entries tied again; the scheduled fetch of each genre's chart from
//! its services and the daily play counts; the recordings a person may say an entry is; and a recording's history.

mod counting;
mod entry_candidates;
mod fetch;
mod history;
mod import;
mod isrc_lookup;

pub use counting::{COUNT_PLAYS, PlayCounters, run_play_counts, schedule_play_counts};
pub use entry_candidates::{CANDIDATES_SHOWN, EntryCandidates, entry_candidates};
pub use fetch::{
    FETCH_CHART, FetchedServices, SavedSource, ScheduleError, fetch_chart_key, run_chart_fetch, save_chart_source,
    schedule_chart_fetches,
};
pub use history::{ChartRun, RecordingChartHistory, chart_history};
pub use import::{ChartImport, ImportError, ImportedChart, import_chart};
pub use isrc_lookup::{LOOK_UP_CHART_ISRCS, request_isrc_lookups, run_isrc_lookups};
