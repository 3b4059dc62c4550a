//! Crossfade's Spotify Web API client: typed models for the 2026 and legacy shapes, paging, OAuth token handling,
//! retries and rate-limit awareness.
//!
//! [`Spotify`] signs users in (authorization code with PKCE), keeps access tokens in memory, refreshes them one
//! at a time per user (saving each rotated refresh token through a [`RefreshTokenStore`] before use), and calls
//! the Development-Mode Web API with `Retry-After`, backoff and ambiguous-write handling.

mod auth;
mod client;
mod config;
mod error;
pub mod models;
mod ops;
mod paging;
mod scope;
mod store;
mod transport;

pub use auth::{AuthorizationRequest, TokenGrant};
pub use client::Spotify;
pub use config::{ConfigError, RetryPolicy, SpotifyConfig};
pub use error::{ApiError, TokenError};
pub use models::CurrentUser;
pub use ops::personal::{PlayedCursor, TimeRange};
pub use ops::player::{PlayOffset, PlayTarget};
pub use ops::playlist_edits::Reorder;
pub use ops::playlists::{NewPlaylist, PlaylistDetails};
pub use ops::search::{SEARCH_MAX_LIMIT, SEARCH_MAX_OFFSET, SearchQuery};
pub use paging::{CursorPage, Cursors, Page};
pub use scope::Scope;
pub use store::{RefreshTokenStore, StoreError};
