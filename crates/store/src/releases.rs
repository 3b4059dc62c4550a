//! New releases, stored once for the installation: what an ingest of a release feed writes (artists, labels,
//! releases, tracks, and which tracks each ingest brought), the tracks waiting to be matched to Spotify, each
//! match's method and confidence, and an ingest's report of what it read and how much of it matched.

mod ingest;
mod matches;

pub use ingest::{IngestOrigin, IngestSummary, record_ingest};
pub use matches::{
    IngestReport, MatchOutcome, MethodCount, PendingRelease, ReportedRow, ingest_reports, pending_releases,
    record_match,
};
