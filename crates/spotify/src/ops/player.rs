//! The player: state (204 when idle → `None`), devices, transfer, play/pause, skip, seek, volume, shuffle, repeat
//! and the queue. Commands answer 204; failures carry Spotify's `reason` (`PREMIUM_REQUIRED`, …) in
//! `Forbidden`, and "no active device" arrives as `NotFound`.

use reqwest::Method;
use serde_json::{Value, json};
use tracing::instrument;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::{Device, Devices, PlaybackState, Queue, RepeatState};
use crate::store::RefreshTokenStore;
use crate::transport::decode::decode;
use crate::transport::{ApiCall, Replay, with_query};

/// What to start playing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlayTarget {
    /// Resume whatever was playing.
    Resume,
    /// An album, artist or playlist, optionally starting at an entry.
    Context {
        /// `spotify:album:…`, `spotify:playlist:…`, `spotify:artist:…`.
        uri: String,
        /// Where in the context to start.
        offset: Option<PlayOffset>,
    },
    /// These tracks, in order.
    Uris {
        /// Track or episode URIs.
        uris: Vec<String>,
        /// Which of them to start with.
        offset: Option<PlayOffset>,
    },
}

/// Where in a context or list playback starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlayOffset {
    /// The zero-based position.
    Position(u32),
    /// The item with this URI.
    Uri(String),
}

impl PlayOffset {
    fn to_json(&self) -> Value {
        match self {
            PlayOffset::Position(position) => json!({ "position": position }),
            PlayOffset::Uri(uri) => json!({ "uri": uri }),
        }
    }
}

impl PlayTarget {
    fn to_json(&self, position_ms: Option<u64>) -> Option<Value> {
        let mut body = match self {
            PlayTarget::Resume => return position_ms.map(|ms| json!({ "position_ms": ms })),
            PlayTarget::Context { uri, offset } => {
                let mut body = json!({ "context_uri": uri });
                if let Some(offset) = offset {
                    body["offset"] = offset.to_json();
                }
                body
            }
            PlayTarget::Uris { uris, offset } => {
                let mut body = json!({ "uris": uris });
                if let Some(offset) = offset {
                    body["offset"] = offset.to_json();
                }
                body
            }
        };
        if let Some(ms) = position_ms {
            body["position_ms"] = json!(ms);
        }
        Some(body)
    }
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /me/player`: the playback state, or `None` when nothing is active (204).
    #[instrument(skip_all, fields(user = user))]
    pub async fn playback_state(&self, user: i64) -> Result<Option<PlaybackState>, ApiError> {
        self.optional_state(user, &["me", "player"]).await
    }

    /// `GET /me/player/currently-playing`: the playing item, or `None` when nothing plays (204).
    #[instrument(skip_all, fields(user = user))]
    pub async fn currently_playing(&self, user: i64) -> Result<Option<PlaybackState>, ApiError> {
        self.optional_state(user, &["me", "player", "currently-playing"]).await
    }

    /// `GET /me/player/devices`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn devices(&self, user: i64) -> Result<Vec<Device>, ApiError> {
        let devices: Devices = self.get(user, self.inner.transport.endpoint(&["me", "player", "devices"])).await?;
        Ok(devices.devices)
    }

    /// `PUT /me/player`: moves playback to `device_id`, playing there if `play`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn transfer_playback(&self, user: i64, device_id: &str, play: bool) -> Result<(), ApiError> {
        let body = json!({ "device_ids": [device_id], "play": play });
        self.player_command(user, Method::PUT, &[], &[], Some(body), Replay::Safe).await
    }

    /// `PUT /me/player/play`: starts `target` (from `position_ms`) on `device_id` or the active device.
    #[instrument(skip_all, fields(user = user))]
    pub async fn play(
        &self,
        user: i64,
        target: &PlayTarget,
        position_ms: Option<u64>,
        device_id: Option<&str>,
    ) -> Result<(), ApiError> {
        let query = device(device_id);
        self.player_command(user, Method::PUT, &["play"], &query, target.to_json(position_ms), Replay::Safe).await
    }

    /// `PUT /me/player/pause`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn pause(&self, user: i64, device_id: Option<&str>) -> Result<(), ApiError> {
        self.player_command(user, Method::PUT, &["pause"], &device(device_id), None, Replay::Safe).await
    }

    /// `POST /me/player/next`. Not re-sent after an ambiguous failure (it would skip twice).
    #[instrument(skip_all, fields(user = user))]
    pub async fn skip_to_next(&self, user: i64, device_id: Option<&str>) -> Result<(), ApiError> {
        self.player_command(user, Method::POST, &["next"], &device(device_id), None, Replay::Unsafe).await
    }

    /// `POST /me/player/previous`. Not re-sent after an ambiguous failure.
    #[instrument(skip_all, fields(user = user))]
    pub async fn skip_to_previous(&self, user: i64, device_id: Option<&str>) -> Result<(), ApiError> {
        self.player_command(user, Method::POST, &["previous"], &device(device_id), None, Replay::Unsafe).await
    }

    /// `PUT /me/player/seek?position_ms=…`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn seek(&self, user: i64, position_ms: u64, device_id: Option<&str>) -> Result<(), ApiError> {
        let mut query = vec![("position_ms", position_ms.to_string())];
        query.extend(device(device_id));
        self.player_command(user, Method::PUT, &["seek"], &query, None, Replay::Safe).await
    }

    /// `PUT /me/player/volume?volume_percent=…` (0–100; larger values are refused before sending).
    #[instrument(skip_all, fields(user = user))]
    pub async fn set_volume(&self, user: i64, percent: u8, device_id: Option<&str>) -> Result<(), ApiError> {
        if percent > 100 {
            return Err(ApiError::BadRequest { message: "volume must be 0 to 100 percent".into() });
        }
        let mut query = vec![("volume_percent", percent.to_string())];
        query.extend(device(device_id));
        self.player_command(user, Method::PUT, &["volume"], &query, None, Replay::Safe).await
    }

    /// `PUT /me/player/shuffle?state=…`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn set_shuffle(&self, user: i64, on: bool, device_id: Option<&str>) -> Result<(), ApiError> {
        let mut query = vec![("state", on.to_string())];
        query.extend(device(device_id));
        self.player_command(user, Method::PUT, &["shuffle"], &query, None, Replay::Safe).await
    }

    /// `PUT /me/player/repeat?state=off|track|context`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn set_repeat(&self, user: i64, state: &RepeatState, device_id: Option<&str>) -> Result<(), ApiError> {
        let mut query = vec![("state", state.as_str().to_owned())];
        query.extend(device(device_id));
        self.player_command(user, Method::PUT, &["repeat"], &query, None, Replay::Safe).await
    }

    /// `GET /me/player/queue`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn queue(&self, user: i64) -> Result<Queue, ApiError> {
        self.get(user, self.inner.transport.endpoint(&["me", "player", "queue"])).await
    }

    /// `POST /me/player/queue?uri=…`: plays `uri` next. Not re-sent after an ambiguous failure (it would queue
    /// twice).
    #[instrument(skip_all, fields(user = user))]
    pub async fn add_to_queue(&self, user: i64, uri: &str, device_id: Option<&str>) -> Result<(), ApiError> {
        let mut query = vec![("uri", uri.to_owned())];
        query.extend(device(device_id));
        self.player_command(user, Method::POST, &["queue"], &query, None, Replay::Unsafe).await
    }

    async fn optional_state(&self, user: i64, segments: &[&str]) -> Result<Option<PlaybackState>, ApiError> {
        let url = with_query(self.inner.transport.endpoint(segments), &[("additional_types", "episode")]);
        let reply = self.send(user, &ApiCall::get(url)).await?;
        if reply.status.as_u16() == 204 || reply.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        decode(&reply.body).map(Some)
    }

    async fn player_command(
        &self,
        user: i64,
        method: Method,
        path: &[&str],
        query: &[(&str, String)],
        body: Option<Value>,
        replay: Replay,
    ) -> Result<(), ApiError> {
        let mut segments = vec!["me", "player"];
        segments.extend_from_slice(path);
        let url = with_query(self.inner.transport.endpoint(&segments), query);
        self.send(user, &ApiCall::new(method, url, body, replay)).await.map(drop)
    }
}

fn device(device_id: Option<&str>) -> Vec<(&'static str, String)> {
    device_id.map(|id| ("device_id", id.to_owned())).into_iter().collect()
}
