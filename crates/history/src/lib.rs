//! Spotify's "Extended streaming history" exports: reading them as a stream (a zip as Spotify sends it, or single
//! history files) into song, episode and other records that keep only what describes the play, within limits that
//! stop a crafted upload early, and writing realistic ones for tests and benchmarks. No database, no network:
//! callers decide where the records go.

mod error;
mod export;
pub mod generate;
mod limits;
mod meter;
mod raw;
mod record;
mod stream;
mod writer;

pub use error::{ImportError, Thousands};
pub use export::{Progress, Summary, read_export, read_export_from};
pub use generate::{GeneratedExport, GeneratedPlays, generate_plays, write_export_zip};
pub use limits::Limits;
pub use raw::{MAX_MS_PLAYED, RecordProblem};
pub use record::{EPISODE_URI_PREFIX, EpisodePlay, PlayDetails, Record, SongPlay, TRACK_URI_PREFIX};
pub use stream::MAX_RECORD_BYTES;
pub use writer::{ExportArchive, HistoryFileWriter};
