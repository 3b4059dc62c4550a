//! New releases for the curation board: the tracks a release feed lists (Beatport's API and pages, its older feeds,
//! scraped Top 100 charts, DJs' own CSV files), the styles a user curates (Beatport genres), and how a release is
//! matched to a Spotify track (ISRC first, then a scored comparison of title, mix, artists and duration).

mod feed_track;
mod feeds;
mod matching;
mod style;

pub use feed_track::{FeedArtist, FeedGenre, FeedLabel, FeedRelease, FeedTrack, artist_key};
pub(crate) use feeds::lines::LineCounter;
pub use feeds::{BadFeedRow, FeedFormat, FeedProblem, FeedRead, FeedRowProblem, read_feed};
pub use matching::{
    ACCEPT_AT, ASK_FROM, Described, MatchMethod, MatchScore, MatchVerdict, Proposal, SpotifyCandidate,
    fuzzy_search_terms, likeness_to, match_by_isrc, match_fuzzy, match_score,
};
pub use style::{STYLES, Style, UnknownStyle};
