//! Saving a recommendation to Liked Songs.
//! Playing and queueing are the player's (`crate::playback`); adding to a playlist is a smart playlists' run
//! (`crate::smart_playlists::append_track`), so it can be undone. The save goes to Spotify first and then into the
//! mirror, so the library shows it at once.

use crossfade_domain::{SpotifyId, SpotifyKind};
use crossfade_spotify::{ApiError, Scope};
use crossfade_store::StoreError;
use crossfade_store::mirror::collections::record_liked_track;
use time::OffsetDateTime;

use crate::Library;

/// The scope saving to Liked Songs needs, asked for with the playlists' on the consent page.
pub const SAVE_SCOPES: [Scope; 1] = [Scope::UserLibraryModify];

/// Why a recommendation was not saved or added.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverActionError {
    #[error("Crossfade may not change your library yet")]
    NeedsPermission,
    #[error("the catalog has no such track")]
    NoSuchTrack,
    #[error("Spotify refused or failed")]
    Spotify(#[from] ApiError),
    #[error("storing the change failed")]
    Store(#[from] StoreError),
}

/// Whether `user_id` granted what Discover's writes need: changing their playlists and their Liked Songs.
pub async fn may_change_library(pool: &sqlx::PgPool, user_id: i64) -> Result<bool, StoreError> {
    let scopes: Vec<Scope> = crate::smart_playlists::WRITE_SCOPES.iter().chain(&SAVE_SCOPES).copied().collect();
    crate::scopes::granted_all(pool, user_id, &scopes).await
}

/// Saves `track` to `user_id`'s Liked Songs.
pub async fn save_to_liked(
    library: &Library,
    user_id: i64,
    track: &SpotifyId,
    now: OffsetDateTime,
) -> Result<(), DiscoverActionError> {
    if !crate::scopes::granted_all(&library.pool, user_id, &SAVE_SCOPES).await? {
        return Err(DiscoverActionError::NeedsPermission);
    }
    if crossfade_store::discover::shown_tracks(&library.pool, std::slice::from_ref(&track.as_str().to_owned()))
        .await?
        .is_empty()
    {
        return Err(DiscoverActionError::NoSuchTrack);
    }
    let uri = SpotifyKind::Track.uri(track);
    library.gate.pass(library.spotify.save_to_library(user_id, &[uri])).await?;
    record_liked_track(&library.pool, user_id, track.as_str(), now).await?;
    Ok(())
}
