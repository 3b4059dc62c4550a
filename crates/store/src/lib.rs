//! Crossfade's PostgreSQL persistence: the users who signed in with Spotify, their refresh tokens sealed with
//! AES-256-GCM, which browser sessions belong to whom, the mirror of each user's library with its read model (the
//! track facts, kept exact by every writer), plays and history imports. Server functions and background workers
//! call these functions with domain types; every query that touches a user's data is scoped by that user's id.

pub mod browse;
pub mod charts;
pub mod cipher;
pub mod curation;
pub mod discover;
pub mod duplicates;
pub mod enrichment;
mod error;
mod facts;
pub mod gathering;
pub mod insights;
pub mod listening;
pub mod mirror;
pub mod plays;
pub mod releases;
pub mod rules;
pub mod smart_playlists;
pub mod tokens;
pub mod users;

pub use cipher::{KeyringError, TokenKeyring};
pub use error::StoreError;
pub use tokens::PgTokenStore;
pub use users::{SignedInUser, SpotifyProfile, User, Visit};
