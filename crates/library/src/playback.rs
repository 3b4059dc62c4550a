//! Playing a track on the user's Spotify devices. Spotify plays only for Premium accounts, only on a device that is
//! open somewhere (the active one, or one named), and only with the playback scopes, which sign-in does not ask
//! for; each of these answers is turned into a reason the page can explain, and "no active device" comes with the
//! devices Spotify lists, so the user can pick one.

use crossfade_domain::{SpotifyId, SpotifyKind};
use crossfade_spotify::{ApiError, PlayTarget, Scope};
use crossfade_store::StoreError;
use sqlx::PgPool;

use crate::Library;

/// The scopes playing on the user's devices needs: the devices and player state, and the commands.
pub const PLAYBACK_SCOPES: [Scope; 2] = [Scope::UserReadPlaybackState, Scope::UserModifyPlaybackState];

/// Whether the user granted the playback scopes.
pub async fn may_control_playback(pool: &PgPool, user_id: i64) -> Result<bool, StoreError> {
    crate::scopes::granted_all(pool, user_id, &PLAYBACK_SCOPES).await
}

/// A device Spotify lists for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayerDevice {
    pub id: String,
    pub name: String,
    /// Spotify's word: "Computer", "Smartphone", "Speaker"…
    pub kind: String,
    pub active: bool,
}

/// Why a track did not start.
#[derive(Debug, thiserror::Error)]
pub enum PlayError {
    #[error("Crossfade may not control your Spotify player yet")]
    NeedsConsent,
    /// Nothing is playing anywhere and no device was named; these are the devices Spotify knows of (maybe none).
    #[error("no Spotify device is active")]
    NoActiveDevice { devices: Vec<PlayerDevice> },
    #[error("playing from Crossfade needs Spotify Premium")]
    PremiumRequired,
    /// The device takes no commands from other apps (some speakers and TVs).
    #[error("that device does not take commands from other apps")]
    Restricted,
    /// The device named went away (closed, or its id changed).
    #[error("that device is not available any more")]
    DeviceGone,
    #[error("Spotify refused or failed")]
    Spotify(#[from] ApiError),
    #[error("reading the permissions failed")]
    Store(#[from] StoreError),
}

/// Plays `track` for `user_id` on `device`, or on the active device when none is named.
pub async fn play_track(
    library: &Library,
    user_id: i64,
    track: &SpotifyId,
    device: Option<&str>,
) -> Result<(), PlayError> {
    if !may_control_playback(&library.pool, user_id).await? {
        return Err(PlayError::NeedsConsent);
    }
    let target = PlayTarget::Uris { uris: vec![SpotifyKind::Track.uri(track)], offset: None };
    let played = library.gate.pass(library.spotify.play(user_id, &target, None, device)).await;
    match played {
        Ok(()) => Ok(()),
        Err(ApiError::Forbidden { reason: Some(reason), .. }) if reason == "PREMIUM_REQUIRED" => {
            Err(PlayError::PremiumRequired)
        }
        Err(ApiError::Forbidden { reason: Some(reason), .. }) if reason.contains("RESTRICT") => {
            Err(PlayError::Restricted)
        }
        Err(ApiError::NotFound { .. }) if device.is_some() => Err(PlayError::DeviceGone),
        Err(ApiError::NotFound { .. }) => Err(PlayError::NoActiveDevice { devices: devices(library, user_id).await? }),
        Err(error) => Err(error.into()),
    }
}

/// The devices Spotify lists for `user_id` that take commands, the active one first.
pub async fn devices(library: &Library, user_id: i64) -> Result<Vec<PlayerDevice>, PlayError> {
    let listed = library.gate.pass(library.spotify.devices(user_id)).await?;
    let mut devices: Vec<PlayerDevice> = listed
        .into_iter()
        .filter(|device| !device.is_restricted)
        .filter_map(|device| {
            Some(PlayerDevice { id: device.id?, name: device.name, kind: device.kind, active: device.is_active })
        })
        .collect();
    devices.sort_by_key(|device| !device.active);
    Ok(devices)
}
