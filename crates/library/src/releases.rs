//! New releases for the curation board: reading a feed a user brought (an upload, a file in the watched folder, a
//! week pulled from the release feed's API) into the installation's release tables, and matching every new track
//! to Spotify in a resumable background job that reports its match rate per ingest.

mod ingest;
mod matching;

pub use ingest::{IngestError, ingest_feed};
pub use matching::{MATCH_RELEASES, match_releases_key, request_matching, run_matching};
