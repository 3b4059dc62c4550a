//! Single-item catalogue reads, the only kind Dev Mode allows: a track, an artist, an album, an album's tracks
//! and an artist's albums (at most 10 per page).

use tracing::instrument;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::{Album, AlbumGroup, Artist, SimplifiedAlbum, SimplifiedTrack, Track};
use crate::ops::{MAX_PAGE, comma_list};
use crate::paging::Page;
use crate::store::RefreshTokenStore;
use crate::transport::with_query;

/// The largest page of an artist's albums in 2026.
const ARTIST_ALBUMS_PAGE: u32 = 10;

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /tracks/{id}`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn track(&self, user: i64, id: &str) -> Result<Track, ApiError> {
        self.get(user, self.inner.transport.endpoint(&["tracks", id])).await
    }

    /// `GET /artists/{id}`.
    #[instrument(skip_all, fields(user = user))]
    pub async fn artist(&self, user: i64, id: &str) -> Result<Artist, ApiError> {
        self.get(user, self.inner.transport.endpoint(&["artists", id])).await
    }

    /// `GET /albums/{id}`, with the first page of its tracks.
    #[instrument(skip_all, fields(user = user))]
    pub async fn album(&self, user: i64, id: &str) -> Result<Album, ApiError> {
        self.get(user, self.inner.transport.endpoint(&["albums", id])).await
    }

    /// `GET /albums/{id}/tracks`: the first page (50); follow with [`next_page`](Spotify::next_page).
    #[instrument(skip_all, fields(user = user))]
    pub async fn album_tracks(&self, user: i64, id: &str) -> Result<Page<SimplifiedTrack>, ApiError> {
        let url = self.inner.transport.endpoint(&["albums", id, "tracks"]);
        self.get(user, with_query(url, &[("limit", MAX_PAGE.to_string())])).await
    }

    /// `GET /artists/{id}/albums`: the first page (10), optionally only the given groups.
    #[instrument(skip_all, fields(user = user))]
    pub async fn artist_albums(
        &self,
        user: i64,
        id: &str,
        groups: &[AlbumGroup],
    ) -> Result<Page<SimplifiedAlbum>, ApiError> {
        let mut query = vec![("limit", ARTIST_ALBUMS_PAGE.to_string())];
        if !groups.is_empty() {
            query.push(("include_groups", comma_list(&groups.iter().map(AlbumGroup::as_str).collect::<Vec<_>>())));
        }
        let url = self.inner.transport.endpoint(&["artists", id, "albums"]);
        self.get(user, with_query(url, &query)).await
    }
}
