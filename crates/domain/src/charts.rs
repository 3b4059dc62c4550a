//! Charts: each service's charts as files and answers hold them, read into one shape (`chart_file`); which recording each entry is (`matching`); each genre's
//! charts from several services merged by recording into one ranking (`ranking`); and a recording's history on them
//! (`history`): its positions day by day and the play or view counts the services report.

mod chart_file;
mod counted;
mod history;
mod matching;
mod ranking;
mod recording_search;
mod retie;
mod service;
mod source;
mod standing;

pub use chart_file::{ChartEntry, ChartFileError, ChartFormat, ChartPeriod, ChartProblem, ChartRead, read_chart};
pub use counted::{hit_as_entry, hit_is_recording};
pub use history::{CountChange, CountPoint, Movement, PositionHistory, PositionPoint, count_changes, position_history};
pub use matching::{ChartMatchMethod, EntryMatch, KnownRecording, likeness, match_entry};
pub use ranking::{ChartLength, MergedEntry, Placing, RankingMethod, merge_charts};
pub use recording_search::{MAX_RECORDING_SEARCH_CHARS, RecordingSearch, RecordingSearchProblem};
pub use retie::{Retie, StoredTie, retie};
pub use service::ChartService;
pub use source::{ChartLocator, LocatorProblem, MAX_LOCATOR_CHARS};
pub use standing::{ChartOrder, CountStanding, count_standing, order_rows};
