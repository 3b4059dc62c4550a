//! Endpoints Spotify removed: they still authenticate, then answer 403 or 404 as Spotify does in 2026.

use super::auth::Caller;
use crate::errors::ApiError;

/// Removed for Development-Mode apps (and, for audio analysis, for every app created after November 2024).
pub(super) async fn forbidden(_caller: Caller) -> ApiError {
    ApiError::forbidden("Forbidden")
}

/// Removed altogether (recommendations, related artists, browse playlists).
pub(super) async fn not_found(_caller: Caller) -> ApiError {
    ApiError::not_found("Service not found")
}
