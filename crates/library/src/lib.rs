//! The library mirror, the domain service behind the Sync, Library and History pages and the background workers:
//! syncing a user's Spotify library into PostgreSQL with as few requests as Spotify allows, importing listening
//! history exports, and filling in catalog details and tracks the history named. Server functions and job
//! handlers call these functions; the Spotify client and the store do the talking.

pub mod charts;
mod contention;
pub mod curation;
pub mod discover;
pub mod enrichment;
mod error;
mod gate;
pub mod insights;
pub mod jobs;
pub mod lookups;
pub mod playback;
pub mod releases;
mod scopes;
pub mod smart_playlists;
pub mod sync;

use crossfade_spotify::Spotify;
use crossfade_store::PgTokenStore;
use sqlx::PgPool;

pub use error::SyncError;
pub use gate::{Gate, Pacing};

/// The Spotify client the library uses, with refresh tokens in PostgreSQL.
pub type SpotifyClient = Spotify<PgTokenStore>;

/// Which Web API surface the Spotify app has: Development Mode (single-item reads) or the older extended one
/// (batch reads).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApiAccess {
    #[default]
    Development,
    Extended,
}

/// What the library's functions run on: the database, the Spotify client and the gate its requests pass.
#[derive(Clone, Debug)]
pub struct Library {
    pub pool: PgPool,
    pub spotify: SpotifyClient,
    pub gate: Gate,
    pub access: ApiAccess,
}
