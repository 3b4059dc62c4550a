//! Playing on the user's Spotify devices: a track, the player's state and queue, the player bar's commands and moving
//! playback to another device. Spotify plays only for Premium accounts, only on a device that is open somewhere (the
//! active one, or one named), and only with the playback scopes, which sign-in does not ask for; each of these
//! answers is turned into a reason the page can explain, and "no active device" comes with the devices Spotify
//! lists, so the user can pick one.

use std::time::Duration;

use crossfade_domain::{PlayerCommand, RepeatMode, Seek, SpotifyId, SpotifyKind, Volume};
use crossfade_spotify::models::{Image, Playable, PlaybackState, RepeatState};
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

/// Whether the scopes `granted` (by Spotify's names, as the request's viewer carries them) allow the playback
/// controls: the player bar then shows the live player, not the consent it asks for.
pub fn playback_granted(granted: &[String]) -> bool {
    crate::scopes::includes_all(granted, &PLAYBACK_SCOPES)
}

/// `NeedsConsent` unless the user granted the playback scopes: every call to the player checks this first, so the
/// page can ask for consent instead of showing Spotify's 403.
async fn consented(library: &Library, user_id: i64) -> Result<(), PlayError> {
    if may_control_playback(&library.pool, user_id).await? { Ok(()) } else { Err(PlayError::NeedsConsent) }
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
    /// The player turned the command down for what is playing now.
    #[error("the player refused: {0:?}")]
    Refused(Refusal),
    #[error("Spotify refused or failed")]
    Spotify(#[from] ApiError),
    #[error("reading the permissions failed")]
    Store(#[from] StoreError),
}

/// A command the player turned down, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing comes after this item (and repeat is off).
    NoNext,
    /// Nothing comes before this item.
    NoPrevious,
    /// The device does not let other apps set its volume.
    FixedVolume,
    /// Not possible for what is playing now (an ad, a context that allows no skipping…).
    NotNow,
}

/// Plays `track` for `user_id` on `device`, or on the active device when none is named.
pub async fn play_track(
    library: &Library,
    user_id: i64,
    track: &SpotifyId,
    device: Option<&str>,
) -> Result<(), PlayError> {
    consented(library, user_id).await?;
    let target = PlayTarget::Uris { uris: vec![SpotifyKind::Track.uri(track)], offset: None };
    let played = library.gate.pass(library.spotify.play(user_id, &target, None, device)).await;
    explain(library, user_id, played, device).await
}

/// Puts `track` next in `user_id`'s queue on `device`, or on the active device when none is named.
pub async fn queue_track(
    library: &Library,
    user_id: i64,
    track: &SpotifyId,
    device: Option<&str>,
) -> Result<(), PlayError> {
    consented(library, user_id).await?;
    let uri = SpotifyKind::Track.uri(track);
    let queued = library.gate.pass(library.spotify.add_to_queue(user_id, &uri, device)).await;
    explain(library, user_id, queued, device).await
}

/// A player call's answer, its failure as a reason the page can explain.
async fn explain<T>(
    library: &Library,
    user_id: i64,
    answer: Result<T, ApiError>,
    device: Option<&str>,
) -> Result<T, PlayError> {
    match answer {
        Ok(value) => Ok(value),
        Err(ApiError::Forbidden { reason: Some(reason), .. }) => Err(refusal(&reason)),
        // Spotify's grant lost the playback scopes (a sign-in elsewhere asked for less): ask again.
        Err(ApiError::Forbidden { reason: None, message }) if message.to_ascii_lowercase().contains("scope") => {
            Err(PlayError::NeedsConsent)
        }
        Err(ApiError::NotFound { .. }) if device.is_some() => Err(PlayError::DeviceGone),
        Err(ApiError::NotFound { .. }) => Err(PlayError::NoActiveDevice { devices: devices(library, user_id).await? }),
        Err(error) => Err(error.into()),
    }
}

/// What the player's `reason` for a 403 means (Spotify's player error reasons).
fn refusal(reason: &str) -> PlayError {
    match reason {
        "PREMIUM_REQUIRED" => PlayError::PremiumRequired,
        "DEVICE_NOT_CONTROLLABLE" | "REMOTE_CONTROL_DISALLOW" => PlayError::Restricted,
        "NO_NEXT_TRACK" => PlayError::Refused(Refusal::NoNext),
        "NO_PREV_TRACK" => PlayError::Refused(Refusal::NoPrevious),
        "VOLUME_CONTROL_DISALLOW" => PlayError::Refused(Refusal::FixedVolume),
        _ => PlayError::Refused(Refusal::NotNow),
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

/// How long the player bar waits for an answer about the player, so a page never waits long on a slow Spotify.
pub const READ_PATIENCE: Duration = Duration::from_secs(2);

/// The answer of `read`, or Spotify counted as unavailable when it gave none within [`READ_PATIENCE`]. Only for
/// reads: a command given up on might still happen.
pub async fn patiently<T>(read: impl Future<Output = Result<T, PlayError>>) -> Result<T, PlayError> {
    tokio::time::timeout(READ_PATIENCE, read).await.unwrap_or_else(|_| {
        let detail = format!("no answer about the player within {} s", READ_PATIENCE.as_secs());
        Err(PlayError::Spotify(ApiError::Unavailable { status: None, detail }))
    })
}

/// What plays on the user's active device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayerState {
    /// `None` for what Spotify does not describe (an ad), or when nothing is loaded.
    pub item: Option<PlayerItem>,
    pub progress_ms: u64,
    pub is_playing: bool,
    pub shuffle: bool,
    pub repeat: RepeatMode,
    /// The active device (its id is empty when Spotify gives none).
    pub device: PlayerDevice,
    /// The device takes no commands from other apps.
    pub restricted: bool,
    /// `None` when the device does not let other apps set its volume, or does not say.
    pub volume: Option<Volume>,
}

/// A track or episode as the player shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayerItem {
    pub uri: String,
    pub name: String,
    /// A track's artists, or an episode's show.
    pub artists: Vec<String>,
    /// A track's album.
    pub album: Option<String>,
    pub cover_url: Option<String>,
    pub duration_ms: u64,
    /// The item's page on Spotify.
    pub spotify_url: Option<String>,
}

/// The cover shown beside the item: the smallest of Spotify's images that is at least this wide.
const COVER_WIDTH: u32 = 64;

impl PlayerState {
    /// The state Spotify reported, if it names the device it plays on.
    fn of(state: PlaybackState) -> Option<PlayerState> {
        let device = state.device?;
        let volume = device.volume_percent.filter(|_| device.supports_volume != Some(false)).and_then(Volume::new);
        Some(PlayerState {
            item: state.item.as_ref().and_then(PlayerItem::of),
            progress_ms: state.progress_ms.unwrap_or(0),
            is_playing: state.is_playing,
            shuffle: state.shuffle_state.unwrap_or(false),
            repeat: state.repeat_state.and_then(|repeat| repeat.as_str().parse().ok()).unwrap_or_default(),
            restricted: device.is_restricted,
            volume,
            device: PlayerDevice {
                id: device.id.unwrap_or_default(),
                name: device.name,
                kind: device.kind,
                active: device.is_active,
            },
        })
    }
}

impl PlayerItem {
    fn of(playable: &Playable) -> Option<PlayerItem> {
        match playable {
            Playable::Track(track) => Some(PlayerItem {
                uri: track.uri.clone(),
                name: track.name.clone(),
                artists: track.artists.iter().map(|artist| artist.name.clone()).collect(),
                album: track.album.as_ref().map(|album| album.name.clone()),
                cover_url: track.album.as_ref().and_then(|album| cover(&album.images)),
                duration_ms: track.duration_ms,
                spotify_url: track.external_urls.spotify.clone(),
            }),
            Playable::Episode(episode) => Some(PlayerItem {
                uri: episode.uri.clone(),
                name: episode.name.clone(),
                artists: episode.show.iter().map(|show| show.name.clone()).collect(),
                album: None,
                cover_url: cover(&episode.images)
                    .or_else(|| episode.show.as_ref().and_then(|show| cover(&show.images))),
                duration_ms: episode.duration_ms,
                spotify_url: episode.external_urls.spotify.clone(),
            }),
            Playable::Unsupported { .. } => None,
        }
    }
}

fn cover(images: &[Image]) -> Option<String> {
    let wide_enough = images.iter().filter(|image| image.width.is_none_or(|width| width >= COVER_WIDTH));
    wide_enough.min_by_key(|image| image.width.unwrap_or(u32::MAX)).or(images.first()).map(|image| image.url.clone())
}

/// What plays for `user_id`, or `None` when no device is active or nothing is loaded.
pub async fn player_state(library: &Library, user_id: i64) -> Result<Option<PlayerState>, PlayError> {
    consented(library, user_id).await?;
    let read = library.gate.pass(library.spotify.playback_state(user_id)).await;
    Ok(explain(library, user_id, read, None).await?.and_then(PlayerState::of))
}

/// What plays after the current item for `user_id`: the queued items first, then the rest of the album or playlist.
pub async fn queue(library: &Library, user_id: i64) -> Result<Vec<PlayerItem>, PlayError> {
    consented(library, user_id).await?;
    let read = library.gate.pass(library.spotify.queue(user_id)).await;
    Ok(explain(library, user_id, read, None).await?.queue.iter().filter_map(PlayerItem::of).collect())
}

/// Gives `user_id`'s player `command`, on `device` or the active one. Pausing what is paused and resuming what plays
/// succeed: the player is as asked. A seek reads the position first, so it lands within the track.
pub async fn command(
    library: &Library,
    user_id: i64,
    command: PlayerCommand,
    device: Option<&str>,
) -> Result<(), PlayError> {
    consented(library, user_id).await?;
    let spotify = &library.spotify;
    let answer = match command {
        PlayerCommand::Pause => already(library.gate.pass(spotify.pause(user_id, device)).await, "ALREADY_PAUSED"),
        PlayerCommand::Resume => {
            let resumed = library.gate.pass(spotify.play(user_id, &PlayTarget::Resume, None, device)).await;
            already(resumed, "NOT_PAUSED")
        }
        PlayerCommand::Next => library.gate.pass(spotify.skip_to_next(user_id, device)).await,
        PlayerCommand::Previous => library.gate.pass(spotify.skip_to_previous(user_id, device)).await,
        PlayerCommand::Seek(seek) => {
            let position = seek_position(library, user_id, seek, device).await?;
            library.gate.pass(spotify.seek(user_id, position, device)).await
        }
        PlayerCommand::Volume(volume) => library.gate.pass(spotify.set_volume(user_id, volume.percent(), device)).await,
        PlayerCommand::Shuffle(on) => library.gate.pass(spotify.set_shuffle(user_id, on, device)).await,
        PlayerCommand::Repeat(mode) => {
            let repeat = RepeatState::from(mode.as_str().to_owned());
            library.gate.pass(spotify.set_repeat(user_id, &repeat, device)).await
        }
    };
    explain(library, user_id, answer, device).await
}

/// Success when the player refused only because it already is as asked (`reason`).
fn already(answer: Result<(), ApiError>, reason: &str) -> Result<(), ApiError> {
    match answer {
        Err(ApiError::Forbidden { reason: Some(given), .. }) if given == reason => Ok(()),
        other => other,
    }
}

/// Where `seek` lands in what plays now.
async fn seek_position(library: &Library, user_id: i64, seek: Seek, device: Option<&str>) -> Result<u64, PlayError> {
    let read = library.gate.pass(library.spotify.playback_state(user_id)).await;
    let state = explain(library, user_id, read, device).await?.and_then(PlayerState::of);
    match state {
        Some(PlayerState { item: Some(item), progress_ms, .. }) => Ok(seek.target(progress_ms, item.duration_ms)),
        _ => Err(PlayError::NoActiveDevice { devices: devices(library, user_id).await? }),
    }
}

/// Moves `user_id`'s playback to `device_id`, playing there if `play` (else it keeps playing or stays paused).
pub async fn transfer(library: &Library, user_id: i64, device_id: &str, play: bool) -> Result<(), PlayError> {
    consented(library, user_id).await?;
    let moved = library.gate.pass(library.spotify.transfer_playback(user_id, device_id, play)).await;
    explain(library, user_id, moved, Some(device_id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_player_reason_has_its_meaning() {
        assert!(matches!(refusal("PREMIUM_REQUIRED"), PlayError::PremiumRequired));
        assert!(matches!(refusal("DEVICE_NOT_CONTROLLABLE"), PlayError::Restricted));
        assert!(matches!(refusal("REMOTE_CONTROL_DISALLOW"), PlayError::Restricted));
        assert!(matches!(refusal("NO_NEXT_TRACK"), PlayError::Refused(Refusal::NoNext)));
        assert!(matches!(refusal("NO_PREV_TRACK"), PlayError::Refused(Refusal::NoPrevious)));
        assert!(matches!(refusal("VOLUME_CONTROL_DISALLOW"), PlayError::Refused(Refusal::FixedVolume)));
        assert!(matches!(refusal("ENDLESS_CONTEXT"), PlayError::Refused(Refusal::NotNow)));
    }

    #[test]
    fn being_as_asked_already_is_success() {
        let refused = |reason: &str| Err(ApiError::Forbidden { message: "no".into(), reason: Some(reason.into()) });
        assert!(already(refused("ALREADY_PAUSED"), "ALREADY_PAUSED").is_ok());
        assert!(already(refused("NO_NEXT_TRACK"), "ALREADY_PAUSED").is_err());
    }

    #[test]
    fn spotify_state_reads_as_the_player_shows_it() {
        let state: PlaybackState = serde_json::from_value(serde_json::json!({
            "device": { "id": "d1", "is_active": true, "is_restricted": false, "name": "Kitchen", "type": "Speaker",
                        "volume_percent": 40, "supports_volume": false },
            "repeat_state": "context",
            "shuffle_state": true,
            "progress_ms": 5000,
            "is_playing": true,
            "item": { "type": "track", "id": "t1", "name": "Song", "uri": "spotify:track:t1", "duration_ms": 200000,
                      "artists": [{ "name": "A" }, { "name": "B" }],
                      "album": { "name": "Album", "images": [
                          { "url": "https://i/640", "width": 640, "height": 640 },
                          { "url": "https://i/300", "width": 300, "height": 300 },
                          { "url": "https://i/64", "width": 64, "height": 64 } ] },
                      "external_urls": { "spotify": "https://open.spotify.com/track/t1" } }
        }))
        .unwrap();
        let state = PlayerState::of(state).unwrap();
        assert_eq!(state.repeat, RepeatMode::Context);
        assert!(state.shuffle && state.is_playing && !state.restricted);
        assert_eq!(state.volume, None, "the device sets its own volume");
        assert_eq!(state.device.name, "Kitchen");
        let item = state.item.unwrap();
        assert_eq!(item.artists, ["A", "B"]);
        assert_eq!(item.cover_url.as_deref(), Some("https://i/64"));
        assert_eq!(item.duration_ms, 200_000);
    }

    #[test]
    fn the_cover_is_the_smallest_image_wide_enough() {
        let image = |width: Option<u32>| Image { url: format!("{width:?}"), width, height: width };
        assert_eq!(cover(&[image(Some(640)), image(Some(32))]), Some("Some(640)".to_owned()));
        assert_eq!(cover(&[image(Some(32))]), Some("Some(32)".to_owned()));
        assert_eq!(cover(&[image(None)]), Some("None".to_owned()));
        assert_eq!(cover(&[]), None);
    }
}
