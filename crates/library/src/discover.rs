//! Discover: recommendations from the installation's catalog for a seed (a track, a playlist, the user's taste or a
//! golden category of the board), each explained, and what a user does with one (play, queue, save to Liked Songs,
//! add to a playlist). The scoring is the domain's (`crossfade_domain::discover`); this module feeds it the
//! candidates this process holds (`candidates`) and the user's side from their read model (`lists`), and writes
//! through Spotify and the mirror (`actions`).

mod actions;
mod candidates;
mod gathering;
mod lists;

pub use actions::{DiscoverActionError, SAVE_SCOPES, may_change_library, save_to_liked};
pub use candidates::{CandidateIndex, Candidates};
pub use gathering::{
    GATHER_ARTIST_ALBUMS, GatherReport, GatherRun, gather_artist_albums, request_gathering, run_gathering,
};
pub use lists::{DiscoverError, DiscoverList, DiscoverSeed, Pick, discover_for};
