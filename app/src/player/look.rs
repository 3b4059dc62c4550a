//! One look at the signed-in user's Spotify player, as the bar shows it: what plays and where, the queue, or why
//! there is nothing to show. The page never fails for it: a slow or refusing Spotify becomes a line in the bar.

use crossfade_domain::{PlayerActivity, RepeatMode};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::playback::DeviceView;

/// A track or episode as the bar shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub uri: String,
    pub name: String,
    /// The artists (or an episode's show), comma-separated.
    pub artists: String,
    pub album: Option<String>,
    pub cover_url: Option<String>,
    pub duration_ms: u64,
    pub spotify_url: Option<String>,
}

/// What plays, where and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NowPlayingView {
    /// `None` while an ad plays, or nothing is loaded on the active device.
    pub item: Option<ItemView>,
    pub progress_ms: u64,
    pub is_playing: bool,
    pub shuffle: bool,
    pub repeat: RepeatMode,
    /// Percent; `None` when the device does not let other apps set it.
    pub volume: Option<u8>,
    pub device: DeviceView,
    /// The device takes no commands from other apps.
    pub restricted: bool,
    /// What plays next; `None` when the item is the one the caller already knows, whose queue it keeps.
    pub queue: Option<Vec<ItemView>>,
}

impl NowPlayingView {
    pub fn activity(&self) -> PlayerActivity {
        match &self.item {
            Some(item) if self.is_playing => {
                PlayerActivity::Playing { remaining_ms: item.duration_ms.saturating_sub(self.progress_ms) }
            }
            _ => PlayerActivity::Paused,
        }
    }
}

/// What the bar shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlayerView {
    /// The user has not allowed Crossfade to control their player yet.
    NeedsConsent,
    /// Spotify refused a command because the account has no Premium.
    NeedsPremium,
    /// No device is active, or nothing is loaded: the devices to start on (maybe none).
    Idle {
        devices: Vec<DeviceView>,
    },
    Playing(Box<NowPlayingView>),
    /// The player could not be read just now: why, in words, and when Spotify allows the next look (Unix ms).
    Unreadable {
        words: String,
        retry_at_ms: Option<i64>,
    },
}

impl PlayerView {
    /// What the player is doing, for how often to look again; `None` when looking again changes nothing.
    pub fn activity(&self) -> Option<PlayerActivity> {
        match self {
            PlayerView::NeedsConsent | PlayerView::NeedsPremium => None,
            PlayerView::Idle { .. } | PlayerView::Unreadable { .. } => Some(PlayerActivity::Idle),
            PlayerView::Playing(now) => Some(now.activity()),
        }
    }
}

/// A look and when it was taken (Unix ms, the server's clock).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerLook {
    pub view: PlayerView,
    pub read_at_ms: i64,
}

/// The signed-in user's player. `known` is the URI of the item the caller shows (empty for none): the queue is read
/// only when the item changed, or when `known` is not given. Open to everyone: a visitor gets `None` (signed out);
/// every failure to read the player is a view of its own, never an error.
#[server(prefix = "/api", endpoint = "player_bar")]
pub async fn player_bar(known: Option<String>) -> Result<Option<PlayerLook>, AppError> {
    crate::account::for_viewer("player_bar", |viewer| async move {
        let view = if viewer.needs_sign_in {
            PlayerView::Unreadable {
                words: "Sign in again to see your Spotify player here.".to_owned(),
                retry_at_ms: None,
            }
        } else if super::free_account::remembered(viewer.user_id) {
            PlayerView::NeedsPremium
        } else {
            let library = expect_context::<crossfade_library::Library>();
            server::look(&library, viewer.user_id, known.as_deref()).await
        };
        let read_at_ms = (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
        Ok(PlayerLook { view, read_at_ms })
    })
    .await
}

#[cfg(feature = "ssr")]
mod server {
    use crossfade_library::Library;
    use crossfade_library::playback::{self, PlayError, PlayerItem, PlayerState, patiently};
    use crossfade_spotify::ApiError;

    use super::{ItemView, NowPlayingView, PlayerView};
    use crate::moment::Moment;
    use crate::playback::DeviceView;

    /// How many of the next items the bar lists.
    const QUEUE_SHOWN: usize = 5;

    pub(super) async fn look(library: &Library, user_id: i64, known: Option<&str>) -> PlayerView {
        match patiently(playback::player_state(library, user_id)).await {
            Ok(Some(state)) => {
                let current = state.item.as_ref().map_or("", |item| item.uri.as_str());
                let queue = if known == Some(current) || state.item.is_none() {
                    None
                } else {
                    match patiently(playback::queue(library, user_id)).await {
                        Ok(queue) => Some(queue.iter().take(QUEUE_SHOWN).map(item_view).collect()),
                        Err(error) => {
                            // The bar still shows what plays; the queue waits for the next look.
                            tracing::warn!(error = %crate::error::Chain(&error), "reading the player's queue failed");
                            None
                        }
                    }
                };
                PlayerView::Playing(Box::new(now_playing(state, queue)))
            }
            Ok(None) => match patiently(playback::devices(library, user_id)).await {
                Ok(devices) => PlayerView::Idle { devices: devices.into_iter().map(DeviceView::from).collect() },
                Err(error) => unreadable(error),
            },
            Err(PlayError::NeedsConsent) => PlayerView::NeedsConsent,
            Err(PlayError::PremiumRequired) => PlayerView::NeedsPremium,
            Err(PlayError::NoActiveDevice { devices }) => {
                PlayerView::Idle { devices: devices.into_iter().map(DeviceView::from).collect() }
            }
            Err(error) => unreadable(error),
        }
    }

    fn now_playing(state: PlayerState, queue: Option<Vec<ItemView>>) -> NowPlayingView {
        NowPlayingView {
            item: state.item.as_ref().map(item_view),
            progress_ms: state.progress_ms,
            is_playing: state.is_playing,
            shuffle: state.shuffle,
            repeat: state.repeat,
            volume: state.volume.map(|volume| volume.percent()),
            device: DeviceView::from(state.device),
            restricted: state.restricted,
            queue,
        }
    }

    fn item_view(item: &PlayerItem) -> ItemView {
        ItemView {
            uri: item.uri.clone(),
            name: item.name.clone(),
            artists: item.artists.join(", "),
            album: item.album.clone(),
            cover_url: item.cover_url.clone(),
            duration_ms: item.duration_ms,
            spotify_url: item.spotify_url.clone(),
        }
    }

    /// Why the player could not be read, in words. Failures that are not Spotify's expected answers are logged once
    /// under a reference the words carry; the page's own status is left alone.
    fn unreadable(error: PlayError) -> PlayerView {
        let (words, retry_at_ms) = match error {
            PlayError::Spotify(ApiError::RateLimited { retry_at, .. }) => {
                let until = Moment::at(retry_at).shown;
                let retry_at_ms = (retry_at.unix_timestamp_nanos() / 1_000_000) as i64;
                (
                    format!("Spotify asked Crossfade to wait until {until} before looking at your player again."),
                    Some(retry_at_ms),
                )
            }
            PlayError::Spotify(ApiError::NeedsSignIn) => {
                ("Sign in again to see your Spotify player here.".to_owned(), None)
            }
            PlayError::Spotify(error @ ApiError::Unavailable { .. }) => {
                let reference = crate::error_reference();
                tracing::warn!(%reference, error = %crate::error::Chain(&error), "reading the player failed");
                (format!("Spotify did not answer about your player just now (reference {reference})."), None)
            }
            error => {
                let reference = crate::error_reference();
                tracing::error!(%reference, error = %crate::error::Chain(&error), "reading the player failed");
                (format!("Your player could not be read (reference {reference})."), None)
            }
        };
        PlayerView::Unreadable { words, retry_at_ms }
    }
}
