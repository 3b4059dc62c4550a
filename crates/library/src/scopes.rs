//! Which of Spotify's permissions a user granted: features that ask for more than sign-in (changing playlists,
//! controlling the player) check here before they call Spotify, so the page can ask for consent instead of showing
//! Spotify's 403. Users who signed in before scopes were recorded granted only the sign-in scopes.

use crossfade_spotify::Scope;
use crossfade_store::{StoreError, users};
use sqlx::PgPool;

/// Whether `user_id` granted every scope of `wanted`.
pub async fn granted_all(pool: &PgPool, user_id: i64, wanted: &[Scope]) -> Result<bool, StoreError> {
    let granted = users::granted_scopes(pool, user_id).await?.unwrap_or_default();
    Ok(includes_all(&granted, wanted))
}

/// Whether the scopes `granted` (by Spotify's names) include every scope of `wanted`.
pub fn includes_all(granted: &[String], wanted: &[Scope]) -> bool {
    wanted.iter().all(|scope| granted.iter().any(|name| name == scope.as_str()))
}
