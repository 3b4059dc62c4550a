//! The curation board's pages: `/curation/releases`, where new releases come in from files DJs have and where each
//! ingest reports how much of it matched Spotify.

mod releases;

pub use releases::ReleasesPage;
