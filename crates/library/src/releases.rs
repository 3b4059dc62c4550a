//! New releases for the curation board: reading a feed a user brought (an upload, a file in the watched folder, a
//! week pulled from the release feed's API) into the installation's release tables, and matching every new track
//! to Spotify in a resumable background job that reports its match rate per ingest, with what it could not settle
//! left to the user (confirm a proposal, or search and pick); and the scheduled job that
//! pulls each week's releases of the styles a user curates from the release feed.

mod folder;
mod ingest;
mod matching;
mod pull;
mod review;

pub use folder::{
    FOLDER_FILE_LIMIT_BYTES, FolderLook, READ_DIR, REFUSED_DIR, ReleaseFolder, WATCH_RELEASE_FOLDER, look,
    run_folder_watch, schedule_folder_watch,
};
pub use ingest::{IngestError, ingest_feed};
pub use matching::{MATCH_RELEASES, match_releases_key, request_matching, run_matching};
pub use pull::{PULL_RELEASES, pull_releases_key, request_pull, run_pull, schedule_pull};
pub use review::{Candidate, ReviewError, Search, answer_release_proposal, pick_release_match, search_release};

/// Whether the installation watches a folder of release files, so the releases page tells users where theirs go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReleaseFolderOn(pub bool);

/// Whether a release feed is configured, so the scheduled pull of curated styles runs: pages ask for a pull only
/// then (without a feed nothing would run it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReleaseFeedOn(pub bool);
