//! Charts: each genre's charts of several services merged into one (`/charts/:genre`, a day and a ranking method
//! to choose), a recording's history on them (`/charts/recordings/:recording`), which recording an unmatched entry is
//! (`/charts/entries/:entry`), which chart of each service stands for each genre (`/charts/sources`), the genres
//! (`/charts`), and bringing
//! in a chart file (`/charts/import`, a plain multipart post to the
//! server's route, `server/src/chart_upload.rs`).

mod entry_page;
mod genre_page;
mod import_page;
mod index_page;
mod lines;
mod recording_page;
mod settle;
mod sources_page;

use serde::{Deserialize, Serialize};

pub use entry_page::{ChartEntryPage, chart_entry_candidates};
pub use genre_page::{GenreChartPage, genre_chart};
pub use import_page::{ChartImportPage, chart_imports};
pub use index_page::{ChartsPage, chart_genres};
pub use recording_page::{RecordingHistoryPage, recording_chart_history};
pub use sources_page::{CHART_SOURCES_PATH, ChartSourcesPage, chart_sources, save_chart_source};

/// Where the genres are listed.
pub const CHARTS_PATH: &str = "/charts";
/// Where chart files are brought in (the form posts here too).
pub const CHART_IMPORT_PATH: &str = "/charts/import";

/// A genre as the pages name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenreView {
    pub code: String,
    pub name: String,
}

/// The address of a recording's chart history.
pub fn recording_path(recording: i64) -> String {
    format!("{CHARTS_PATH}/recordings/{recording}")
}

/// The address of `genre`'s merged chart.
pub fn genre_path(genre: &str) -> String {
    format!("{CHARTS_PATH}/{genre}")
}
