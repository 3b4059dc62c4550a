//! Plays: song and episode plays from history imports and recently played, and the record of each import.
//!
//! A history import reads the uploaded export on a blocking thread, copies its records into a staging table and
//! merges them into `plays` and `episode_plays` in one transaction; recently played adds its plays one poll at a
//! time. A play is known by its end time to the second and its URI, so a play seen twice is stored once.

mod bench;
mod import;
mod imports;
mod merge;
mod recent;
mod staging;

pub use bench::{ImportTiming, TimedImportError, time_generated_import};
pub use import::{INTERNAL_FAILURE, ImportHistoryError, import_history};
pub use imports::{
    HistoryImport, ImportCounts, create_import, fail_import, find_import, finish_import, list_imports, record_progress,
    requeue_interrupted_import, start_import,
};
pub use recent::{RecentPlay, latest_recent_play, record_recent_plays};
