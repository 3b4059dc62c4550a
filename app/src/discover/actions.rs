//! What a recommendation's buttons do besides Play: queue it on the user's player, save it to Liked Songs, add it
//! to one of their playlists. Each is a plain form that comes back to the page it was sent from; with JavaScript the
//! page shows the answer in place.

use super::Done;
use crate::AppError;

/// The page to return to after a plain form post: a path on this site, else Discover.
#[cfg(feature = "ssr")]
fn return_path(back: &str) -> String {
    if crate::is_local_path(back) { back.to_owned() } else { "/discover".to_owned() }
}

#[cfg(feature = "ssr")]
fn track_id(track: &str) -> Result<crossfade_domain::SpotifyId, AppError> {
    crossfade_domain::SpotifyKind::Track
        .id_in_reference(track)
        .ok_or_else(|| AppError::invalid("track", "not a Spotify track").answer())
}

/// Comes back to `back` after a plain form post, saying what was done in its address; with JavaScript, answers
/// `done`.
#[cfg(feature = "ssr")]
fn done(back: &str, done: Done) -> Result<Done, AppError> {
    if crate::error::plain_form_post() {
        let back = return_path(back);
        let joint = if back.contains('?') { '&' } else { '?' };
        leptos_axum::redirect(&format!("{back}{joint}done={}", done.code()));
    }
    Ok(done)
}

/// Puts Spotify track `track` next in the signed-in user's queue on their active device.
#[leptos::server(prefix = "/api", endpoint = "queue_recommendation")]
pub async fn queue_recommendation(track: String, back: String) -> Result<Done, AppError> {
    use crossfade_library::playback::{PlayError, queue_track};
    use crossfade_spotify::ApiError;
    let viewer = crate::account::require_viewer()?;
    let track = track_id(&track)?;
    let library = leptos::prelude::expect_context::<crossfade_library::Library>();
    let player = |message: &str| Err(AppError::invalid("player", message).answer());
    match queue_track(&library, viewer.user_id, &track, None).await {
        Ok(()) => done(&back, Done::Queued),
        Err(PlayError::NeedsConsent) => {
            player("Allow Crossfade to control your Spotify player first (the button above).")
        }
        Err(PlayError::NoActiveDevice { .. }) => player(
            "No Spotify device is playing: open Spotify on your phone, a computer or a speaker, start anything, and \
             queue again.",
        ),
        Err(PlayError::PremiumRequired) => {
            player("Spotify takes commands only for Premium accounts. Use “Open in Spotify” to listen there.")
        }
        Err(PlayError::Restricted) => player("The device playing takes no commands from other apps."),
        Err(PlayError::DeviceGone) => player("That device is not available any more."),
        Err(PlayError::Spotify(ApiError::RateLimited { .. })) => {
            player("Spotify asks Crossfade to slow down; try again in a minute.")
        }
        Err(PlayError::Spotify(ApiError::NeedsSignIn)) => player("Spotify needs you to sign in again."),
        Err(error) => Err(crate::error::internal("queueing a track failed", &error)),
    }
}

/// Saves Spotify track `track` to the signed-in user's Liked Songs.
#[leptos::server(prefix = "/api", endpoint = "save_recommendation")]
pub async fn save_recommendation(track: String, back: String) -> Result<Done, AppError> {
    use crossfade_library::discover::{DiscoverActionError, save_to_liked};
    use crossfade_spotify::ApiError;
    let viewer = crate::account::require_viewer()?;
    let track = track_id(&track)?;
    let library = leptos::prelude::expect_context::<crossfade_library::Library>();
    let refused = |message: &str| Err(AppError::invalid("save", message).answer());
    match save_to_liked(&library, viewer.user_id, &track, time::OffsetDateTime::now_utc()).await {
        Ok(()) => done(&back, Done::Saved),
        Err(DiscoverActionError::NeedsPermission) => {
            refused("Allow Crossfade to change your library first (the button above).")
        }
        Err(DiscoverActionError::NoSuchTrack) => refused("Crossfade's catalog has no such track."),
        Err(DiscoverActionError::Spotify(ApiError::RateLimited { .. })) => {
            refused("Spotify asks Crossfade to slow down; try again in a minute.")
        }
        Err(DiscoverActionError::Spotify(ApiError::NeedsSignIn)) => refused("Spotify needs you to sign in again."),
        Err(error) => Err(crate::error::internal("saving a track failed", &error)),
    }
}

/// Adds Spotify track `track` at the end of the signed-in user's playlist `playlist`, as a run that can be undone.
#[leptos::server(prefix = "/api", endpoint = "add_recommendation")]
pub async fn add_recommendation(track: String, playlist: String, back: String) -> Result<Done, AppError> {
    let viewer = crate::account::require_viewer()?;
    let track = track_id(&track)?;
    let playlist = crossfade_domain::SpotifyKind::Playlist
        .id_in_reference(&playlist)
        .ok_or_else(|| AppError::invalid("playlist", "pick one of your playlists").answer())?;
    let library = leptos::prelude::expect_context::<crossfade_library::Library>();
    let outcome = crossfade_library::smart_playlists::append_track(
        &library,
        viewer.user_id,
        playlist.as_str(),
        track.as_str(),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|error| crate::smart::smart_failed("adding a track to a playlist failed", error))?;
    match outcome.problem {
        Some(problem) => Err(AppError::invalid("playlist", problem).answer()),
        None if outcome.state == crossfade_store::smart_playlists::RunState::Unchanged => {
            done(&back, Done::AlreadyThere)
        }
        None => done(&back, Done::Added),
    }
}
