//! The Web API under `/v1`: every endpoint of the 2026 Development-Mode surface, the removed ones answering as
//! Spotify does, and the Extended-mode extras.

mod auth;
mod extended;
mod following;
mod items;
mod legacy;
mod library;
mod me;
mod params;
mod player;
mod player_commands;
mod playlist_edit;
mod playlists;
mod recent;
mod removed;
pub(crate) mod render;
mod search;
mod search_query;
mod top;
mod uris;

use axum::Router;
use axum::routing::{get, post, put};

use crate::errors::ApiError;
use crate::state::{SharedSandbox, State, UserLibrary};

/// The Web API routes, relative to `/v1`.
pub(crate) fn routes() -> Router<SharedSandbox> {
    Router::new()
        .route("/me", get(me::profile))
        .route("/me/tracks", get(library::saved_tracks).put(legacy::save_tracks).delete(legacy::remove_tracks))
        .route("/me/tracks/contains", get(legacy::tracks_contain))
        .route("/me/albums", get(library::saved_albums).put(legacy::save_albums).delete(legacy::remove_albums))
        .route("/me/albums/contains", get(legacy::albums_contain))
        .route("/me/library", put(library::save).delete(library::remove))
        .route("/me/library/contains", get(library::contains))
        .route("/me/playlists", get(playlists::mine).post(playlist_edit::create))
        .route("/playlists/{playlist_id}", get(playlists::one).put(playlist_edit::change_details))
        .route(
            "/playlists/{playlist_id}/items",
            get(playlists::items).post(playlist_edit::add).put(playlist_edit::update).delete(playlist_edit::remove),
        )
        .route(
            "/playlists/{playlist_id}/tracks",
            get(playlists::legacy_items)
                .post(playlist_edit::legacy_add)
                .put(playlist_edit::legacy_update)
                .delete(playlist_edit::legacy_remove),
        )
        .route("/playlists/{playlist_id}/followers", put(legacy::follow_playlist).delete(legacy::unfollow_playlist))
        .route("/me/following", get(following::artists).put(legacy::follow).delete(legacy::unfollow))
        .route("/me/following/contains", get(legacy::following_contains))
        .route("/me/top/artists", get(top::artists))
        .route("/me/top/tracks", get(top::tracks))
        .route("/me/player/recently-played", get(recent::recently_played))
        .route("/tracks/{id}", get(items::track))
        .route("/artists/{id}", get(items::artist))
        .route("/albums/{id}", get(items::album))
        .route("/albums/{id}/tracks", get(items::album_tracks))
        .route("/artists/{id}/albums", get(items::artist_albums))
        .route("/tracks", get(extended::several_tracks))
        .route("/artists", get(extended::several_artists))
        .route("/albums", get(extended::several_albums))
        .route("/search", get(search::search))
        .route("/me/player", get(player::playback_state).put(player_commands::transfer))
        .route("/me/player/devices", get(player::devices))
        .route("/me/player/currently-playing", get(player::currently_playing))
        .route("/me/player/play", put(player_commands::play))
        .route("/me/player/pause", put(player_commands::pause))
        .route("/me/player/next", post(player_commands::next))
        .route("/me/player/previous", post(player_commands::previous))
        .route("/me/player/seek", put(player_commands::seek))
        .route("/me/player/volume", put(player_commands::volume))
        .route("/me/player/shuffle", put(player_commands::shuffle))
        .route("/me/player/repeat", put(player_commands::repeat))
        .route("/me/player/queue", get(player::queue).post(player_commands::add_to_queue))
        .route("/audio-features", get(extended::several_audio_features))
        .route("/audio-features/{id}", get(extended::audio_features))
        .route("/audio-analysis/{id}", get(removed::forbidden))
        .route("/recommendations", get(removed::not_found))
        .route("/recommendations/available-genre-seeds", get(removed::not_found))
        .route("/artists/{id}/related-artists", get(removed::not_found))
        .route("/browse/featured-playlists", get(removed::not_found))
        .route("/browse/categories/{category_id}/playlists", get(removed::not_found))
        .route("/artists/{id}/top-tracks", get(extended::artist_top_tracks))
        .route("/browse/new-releases", get(extended::new_releases))
        .route("/markets", get(extended::markets))
        .route("/users/{user_id}", get(extended::user_profile))
        .route("/users/{user_id}/playlists", get(extended::user_playlists).post(extended::create_user_playlist))
}

/// The caller's library. A token always names an existing demo user; a missing one means the user vanished,
/// which Spotify reports like a revoked token.
pub(crate) fn library_of<'s>(state: &'s State, user_id: &str) -> Result<&'s UserLibrary, ApiError> {
    state.users.get(user_id).ok_or_else(|| ApiError::unauthorized("Invalid access token"))
}

/// Mutable access to the caller's library.
pub(crate) fn library_of_mut<'s>(state: &'s mut State, user_id: &str) -> Result<&'s mut UserLibrary, ApiError> {
    state.users.get_mut(user_id).ok_or_else(|| ApiError::unauthorized("Invalid access token"))
}

/// `403 Forbidden` unless the sandbox runs in Extended mode.
pub(crate) fn require_extended(sandbox: &SharedSandbox) -> Result<(), ApiError> {
    if sandbox.mode.is_extended() { Ok(()) } else { Err(ApiError::forbidden("Forbidden")) }
}
