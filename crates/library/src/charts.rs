//! Charts: a chart file or a service's answer read into the installation's chart tables for a genre, every entry tied
//! to its recording (by its ISRC, an ISRC the catalog knows for its Spotify track, or its title, artists and length)
//! and the genre's merged charts written again, all in one transaction; and a recording's history on the charts.

mod history;
mod import;

pub use history::{ChartRun, RecordingChartHistory, chart_history};
pub use import::{ChartImport, ImportError, ImportedChart, import_chart};
