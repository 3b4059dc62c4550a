//! Changing a playlist's entries: add, replace, reorder, remove. At most 100 URIs go in one request (longer lists
//! are sent in chunks, in order). An append that fails ambiguously (5xx or timeout) is never re-sent blindly: the
//! playlist's version is re-read first, so nothing is added twice.

use reqwest::Method;
use serde::Serialize;
use serde_json::json;
use tracing::{info, instrument, warn};

use super::playlist_version::PlaylistVersion;
use crate::client::Spotify;
use crate::client::call::{Auth, CallError};
use crate::error::ApiError;
use crate::models::PlaylistSnapshot;
use crate::ops::{json_body, require_some};
use crate::store::RefreshTokenStore;
use crate::transport::backoff::backoff_delay;
use crate::transport::decode::decode;
use crate::transport::{ApiCall, Replay};

/// The most URIs one playlist-items request takes.
pub(crate) const PLAYLIST_CHUNK: usize = 100;

/// Moves `range_length` entries starting at `range_start` to before position `insert_before`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reorder {
    /// The first entry to move.
    pub range_start: u32,
    /// Where to put them (the position before which they land; the entry count moves them to the end).
    pub insert_before: u32,
    /// How many entries to move.
    pub range_length: u32,
    /// The version the positions refer to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_id: Option<String>,
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// `POST /playlists/{id}/items`: adds `uris` at `position` (appends when `None`), 100 per request, and returns
    /// the final snapshot id. Reads the playlist's version first, to settle any ambiguous failure later.
    #[instrument(skip_all, fields(user = user, count = uris.len()))]
    pub async fn add_items<U: AsRef<str>>(
        &self,
        user: i64,
        id: &str,
        uris: &[U],
        position: Option<u32>,
    ) -> Result<String, ApiError> {
        require_some(uris, "URIs")?;
        let before = self.playlist_version(user, id).await?;
        self.add_in_chunks(user, id, uris, position, before).await
    }

    /// `PUT /playlists/{id}/items` with `uris`: replaces every entry (an empty list clears the playlist). The first
    /// 100 replace, the rest are appended.
    #[instrument(skip_all, fields(user = user, count = uris.len()))]
    pub async fn replace_items<U: AsRef<str>>(&self, user: i64, id: &str, uris: &[U]) -> Result<String, ApiError> {
        let (first, rest) = uris.split_at(uris.len().min(PLAYLIST_CHUNK));
        let url = self.inner.transport.endpoint(&["playlists", id, "items"]);
        let body = json!({ "uris": first.iter().map(AsRef::as_ref).collect::<Vec<_>>() });
        let replaced: PlaylistSnapshot =
            self.send_json(user, &ApiCall::new(Method::PUT, url, Some(body), Replay::Safe)).await?;
        if rest.is_empty() {
            return Ok(replaced.snapshot_id);
        }
        let version = PlaylistVersion { snapshot_id: replaced.snapshot_id, total: first.len() as u32 };
        self.add_in_chunks(user, id, rest, None, version).await
    }

    /// `PUT /playlists/{id}/items` with a range move. Not re-sent after an ambiguous failure (a second move would
    /// move other entries).
    #[instrument(skip_all, fields(user = user))]
    pub async fn reorder_items(&self, user: i64, id: &str, reorder: &Reorder) -> Result<String, ApiError> {
        let url = self.inner.transport.endpoint(&["playlists", id, "items"]);
        let body = json_body(reorder)?;
        let moved: PlaylistSnapshot =
            self.send_json(user, &ApiCall::new(Method::PUT, url, Some(body), Replay::Unsafe)).await?;
        Ok(moved.snapshot_id)
    }

    /// `DELETE /playlists/{id}/items`: removes every occurrence of each URI, 100 per request; `snapshot_id` (if
    /// given) applies to the first request. Returns the final snapshot id.
    #[instrument(skip_all, fields(user = user, count = uris.len()))]
    pub async fn remove_items<U: AsRef<str>>(
        &self,
        user: i64,
        id: &str,
        uris: &[U],
        snapshot_id: Option<&str>,
    ) -> Result<String, ApiError> {
        require_some(uris, "URIs")?;
        let mut snapshot = snapshot_id.map(str::to_owned);
        let mut last = None;
        for chunk in uris.chunks(PLAYLIST_CHUNK) {
            let items: Vec<_> = chunk.iter().map(|uri| json!({ "uri": uri.as_ref() })).collect();
            let mut body = json!({ "items": items });
            if let Some(snapshot_id) = snapshot.take() {
                body["snapshot_id"] = json!(snapshot_id);
            }
            let url = self.inner.transport.endpoint(&["playlists", id, "items"]);
            // Removing every occurrence of a URI twice removes no more than once: safe to replay.
            let removed: PlaylistSnapshot =
                self.send_json(user, &ApiCall::new(Method::DELETE, url, Some(body), Replay::Safe)).await?;
            last = Some(removed.snapshot_id);
        }
        last.ok_or_else(|| ApiError::BadRequest { message: "no URIs given".into() })
    }

    async fn add_in_chunks<U: AsRef<str>>(
        &self,
        user: i64,
        id: &str,
        uris: &[U],
        position: Option<u32>,
        mut version: PlaylistVersion,
    ) -> Result<String, ApiError> {
        let mut added = 0;
        for chunk in uris.chunks(PLAYLIST_CHUNK) {
            let at = position.map(|position| position + added);
            version = self.add_chunk(user, id, chunk, at, version).await?;
            added += chunk.len() as u32;
        }
        Ok(version.snapshot_id)
    }

    /// Adds one chunk. After an ambiguous failure the playlist is re-read: a new snapshot with exactly this
    /// chunk's worth of new entries means it was applied; an unchanged snapshot means it was not, and it is sent
    /// again after a backoff; anything else means someone else changed the playlist meanwhile, and nothing is
    /// re-sent.
    async fn add_chunk<U: AsRef<str>>(
        &self,
        user: i64,
        id: &str,
        chunk: &[U],
        position: Option<u32>,
        before: PlaylistVersion,
    ) -> Result<PlaylistVersion, ApiError> {
        let count = chunk.len() as u32;
        let mut body = json!({ "uris": chunk.iter().map(AsRef::as_ref).collect::<Vec<_>>() });
        if let Some(position) = position {
            body["position"] = json!(position);
        }
        let url = self.inner.transport.endpoint(&["playlists", id, "items"]);
        let call = ApiCall::new(Method::POST, url, Some(body), Replay::Unsafe);
        let policy = &self.inner.transport.policy;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (status, detail) = match self.call(Auth::User(user), &call).await {
                Ok(reply) => {
                    let added: PlaylistSnapshot = decode(&reply.body)?;
                    return Ok(PlaylistVersion { snapshot_id: added.snapshot_id, total: before.total + count });
                }
                Err(CallError::Api(error)) => return Err(error),
                Err(CallError::Ambiguous { status, detail }) => (status, detail),
            };
            let now = self.playlist_version(user, id).await?;
            if now.snapshot_id != before.snapshot_id && now.total == before.total + count {
                info!(?status, "the add failed ambiguously but was applied; not re-sending");
                return Ok(now);
            }
            if now.snapshot_id != before.snapshot_id {
                return Err(ApiError::Unavailable {
                    status,
                    detail: format!("{detail}; the playlist changed meanwhile, so the add was not re-sent"),
                });
            }
            if attempt >= policy.max_attempts {
                return Err(ApiError::Unavailable { status, detail });
            }
            warn!(attempt, ?status, "the add failed and was not applied; sending it again");
            tokio::time::sleep(backoff_delay(policy, attempt)).await;
        }
    }
}
