//! Discover: tracks from the installation's catalog that are like a seed (one track for "more like this", a
//! playlist to continue, the user's listening, or a golden category of the curation board), each with the reason it
//! was picked ("124 BPM, 5A like this playlist's end; same label as 3 tracks you play often").
//!
//! Two stages, so the whole catalog is scanned once per request and nothing but a few hundred candidates is looked
//! at closely: every track is a short dense vector (`vector`) and the seed's vector's nearest ones are found by an
//! exact scan (`knn`); those are scored again with what a vector cannot hold, genres, labels and artists (`score`),
//! and the list is spread over artists and sounds (`diversity`) before each pick is explained (`reason`).

mod discover;
mod diversity;
mod knn;
mod reason;
mod score;
mod seed;
mod vector;

pub use discover::{DiscoverCatalog, DiscoverOptions, Familiarity, Recommendation, discover};
pub use knn::VectorIndex;
pub use reason::DiscoverReason;
pub use seed::{RecentPlays, Seed, SeedKind, SeedPlay, TASTE_HALF_LIFE_DAYS, recency};
pub use vector::{DIM, DiscoverTrack, FeatureScale, TrackVector};
