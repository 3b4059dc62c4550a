//! New releases, stored once for the installation: what an ingest of a release feed writes (artists, labels,
//! releases, tracks, and which tracks each ingest brought), the tracks waiting to be matched to Spotify, each
//! match's method and confidence, an ingest's report of what it read and how much of it matched, and the matches
//! left to the user.

mod ingest;
mod matches;
mod review;

pub use ingest::{IngestOrigin, IngestSummary, record_ingest};
pub use matches::{
    IngestReport, MatchOutcome, MethodCount, PendingRelease, ReportedRow, ingest_reports, pending_releases,
    record_match, release_of_user, users_with_pending_releases,
};
pub use review::{
    ProposalAnswer, ProposedTrack, ReleaseToReview, ReviewCounts, answer_proposal, pick_match, release_to_review,
    releases_to_review, review_counts,
};
