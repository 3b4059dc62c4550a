//! The user's library: saved tracks and albums (newest first), and the 2026 `/me/library` endpoints that save,
//! remove and check any kind of item by URI (at most 40 per request; longer lists are sent in chunks).

use reqwest::Method;
use tracing::instrument;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::{SavedAlbum, SavedTrack};
use crate::ops::{MAX_PAGE, comma_list, require_some};
use crate::paging::Page;
use crate::store::RefreshTokenStore;
use crate::transport::{ApiCall, Replay, with_query};

/// The most URIs `/me/library` accepts per request.
pub(crate) const LIBRARY_CHUNK: usize = 40;

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /me/tracks`: the first page (50) of saved tracks, newest first.
    #[instrument(skip_all, fields(user = user))]
    pub async fn saved_tracks(&self, user: i64) -> Result<Page<SavedTrack>, ApiError> {
        let url = self.inner.transport.endpoint(&["me", "tracks"]);
        self.get(user, with_query(url, &[("limit", MAX_PAGE.to_string())])).await
    }

    /// `GET /me/albums`: the first page (50) of saved albums, newest first.
    #[instrument(skip_all, fields(user = user))]
    pub async fn saved_albums(&self, user: i64) -> Result<Page<SavedAlbum>, ApiError> {
        let url = self.inner.transport.endpoint(&["me", "albums"]);
        self.get(user, with_query(url, &[("limit", MAX_PAGE.to_string())])).await
    }

    /// `PUT /me/library?uris=…`: saves tracks, albums, playlists, shows… to the user's library.
    #[instrument(skip_all, fields(user = user, count = uris.len()))]
    pub async fn save_to_library<U: AsRef<str>>(&self, user: i64, uris: &[U]) -> Result<(), ApiError> {
        self.library_change(user, Method::PUT, uris).await
    }

    /// `DELETE /me/library?uris=…`: removes items from the user's library.
    #[instrument(skip_all, fields(user = user, count = uris.len()))]
    pub async fn remove_from_library<U: AsRef<str>>(&self, user: i64, uris: &[U]) -> Result<(), ApiError> {
        self.library_change(user, Method::DELETE, uris).await
    }

    /// `GET /me/library/contains?uris=…`: whether each URI is in the library, in the order given.
    #[instrument(skip_all, fields(user = user, count = uris.len()))]
    pub async fn library_contains<U: AsRef<str>>(&self, user: i64, uris: &[U]) -> Result<Vec<bool>, ApiError> {
        require_some(uris, "URIs")?;
        let mut contained = Vec::with_capacity(uris.len());
        for chunk in uris.chunks(LIBRARY_CHUNK) {
            let url = self.inner.transport.endpoint(&["me", "library", "contains"]);
            let answer: Vec<bool> = self.get(user, with_query(url, &[("uris", comma_list(chunk))])).await?;
            if answer.len() != chunk.len() {
                return Err(ApiError::Model {
                    path: String::new(),
                    message: format!("{} answers for {} URIs", answer.len(), chunk.len()),
                });
            }
            contained.extend(answer);
        }
        Ok(contained)
    }

    async fn library_change<U: AsRef<str>>(&self, user: i64, method: Method, uris: &[U]) -> Result<(), ApiError> {
        require_some(uris, "URIs")?;
        for chunk in uris.chunks(LIBRARY_CHUNK) {
            let url = with_query(self.inner.transport.endpoint(&["me", "library"]), &[("uris", comma_list(chunk))]);
            // Saving or removing the same URIs twice leaves the library the same: safe to replay.
            self.send(user, &ApiCall::new(method.clone(), url, None, Replay::Safe)).await?;
        }
        Ok(())
    }
}
