//! A playlist's version (snapshot id and entry count): the cheap read that settles whether an ambiguous append
//! was applied before anything is re-sent.

use serde::Deserialize;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::serde_util::whole_number;
use crate::store::RefreshTokenStore;
use crate::transport::with_query;

/// Where a playlist stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlaylistVersion {
    pub(crate) snapshot_id: String,
    pub(crate) total: u32,
}

#[derive(Deserialize)]
struct VersionWire {
    snapshot_id: String,
    #[serde(default)]
    items: Option<Count>,
    #[serde(default)]
    tracks: Option<Count>,
}

#[derive(Deserialize)]
struct Count {
    #[serde(deserialize_with = "whole_number")]
    total: u32,
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /playlists/{id}?fields=snapshot_id,items.total,tracks.total`.
    pub(crate) async fn playlist_version(&self, user: i64, id: &str) -> Result<PlaylistVersion, ApiError> {
        let url = self.inner.transport.endpoint(&["playlists", id]);
        let wire: VersionWire =
            self.get(user, with_query(url, &[("fields", "snapshot_id,items.total,tracks.total")])).await?;
        let total = wire.items.or(wire.tracks).map(|count| count.total).ok_or_else(|| ApiError::Model {
            path: "items.total".into(),
            message: "the playlist's entry count is missing (not the owner or a collaborator?)".into(),
        })?;
        Ok(PlaylistVersion { snapshot_id: wire.snapshot_id, total })
    }
}
