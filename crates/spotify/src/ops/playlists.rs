//! Reading playlists and their entries, creating playlists (`POST /me/playlists`) and changing their details.

use reqwest::Method;
use serde::Serialize;
use tracing::instrument;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::{Playlist, PlaylistEntry, SimplifiedPlaylist};
use crate::ops::{MAX_PAGE, json_body};
use crate::paging::Page;
use crate::store::RefreshTokenStore;
use crate::transport::{ApiCall, Replay, with_query};

/// Ask for episodes as episodes (without it, Spotify may turn them into `null` tracks).
const ADDITIONAL_TYPES: (&str, &str) = ("additional_types", "track,episode");

/// A playlist to create.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NewPlaylist {
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Public (Spotify's default) or private (needs `playlist-modify-private`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// Collaborative (must be private).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collaborative: Option<bool>,
}

/// Details to change on a playlist the user owns; `None` leaves a detail as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PlaylistDetails {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Public or private.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// Collaborative or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collaborative: Option<bool>,
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /me/playlists`: the first page (50) of playlists the user owns or follows.
    #[instrument(skip_all, fields(user = user))]
    pub async fn my_playlists(&self, user: i64) -> Result<Page<SimplifiedPlaylist>, ApiError> {
        let url = self.inner.transport.endpoint(&["me", "playlists"]);
        self.get(user, with_query(url, &[("limit", MAX_PAGE.to_string())])).await
    }

    /// `GET /playlists/{id}`. Its `items` are present only if the user owns or collaborates on it; editorial
    /// playlists answer 404.
    #[instrument(skip_all, fields(user = user))]
    pub async fn playlist(&self, user: i64, id: &str) -> Result<Playlist, ApiError> {
        let url = self.inner.transport.endpoint(&["playlists", id]);
        self.get(user, with_query(url, &[ADDITIONAL_TYPES])).await
    }

    /// `GET /playlists/{id}/items`: the first page (50) of entries; 403 unless the user owns or collaborates.
    #[instrument(skip_all, fields(user = user))]
    pub async fn playlist_items(&self, user: i64, id: &str) -> Result<Page<PlaylistEntry>, ApiError> {
        let url = self.inner.transport.endpoint(&["playlists", id, "items"]);
        let limit = MAX_PAGE.to_string();
        self.get(user, with_query(url, &[("limit", limit.as_str()), ADDITIONAL_TYPES])).await
    }

    /// `POST /me/playlists`: creates a playlist for the user. Not re-sent after an ambiguous failure (a second
    /// request would create a second playlist): that is reported as `Unavailable`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn create_playlist(&self, user: i64, playlist: &NewPlaylist) -> Result<Playlist, ApiError> {
        let url = self.inner.transport.endpoint(&["me", "playlists"]);
        let body = json_body(playlist)?;
        self.send_json(user, &ApiCall::new(Method::POST, url, Some(body), Replay::Unsafe)).await
    }

    /// `PUT /playlists/{id}`: renames or re-describes a playlist the user owns.
    #[instrument(skip_all, fields(user = user))]
    pub async fn change_playlist_details(
        &self,
        user: i64,
        id: &str,
        details: &PlaylistDetails,
    ) -> Result<(), ApiError> {
        let url = self.inner.transport.endpoint(&["playlists", id]);
        let body = json_body(details)?;
        self.send(user, &ApiCall::new(Method::PUT, url, Some(body), Replay::Safe)).await.map(drop)
    }
}
