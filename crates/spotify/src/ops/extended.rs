//! The extended-mode surface: batch reads and audio features. Development-Mode apps get 403 for all of these,
//! which arrives as [`ApiError::Forbidden`] so callers can fall back to single reads and other sources.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use tracing::instrument;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::{Album, Artist, AudioFeatures, Track};
use crate::ops::{comma_list, require_some};
use crate::store::RefreshTokenStore;
use crate::transport::with_query;

#[derive(Deserialize)]
struct Tracks {
    tracks: Vec<Option<Track>>,
}

#[derive(Deserialize)]
struct Artists {
    artists: Vec<Option<Artist>>,
}

#[derive(Deserialize)]
struct Albums {
    albums: Vec<Option<Album>>,
}

#[derive(Deserialize)]
struct ManyAudioFeatures {
    audio_features: Vec<Option<AudioFeatures>>,
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /tracks?ids=…` (50 per request): one entry per id, `None` for unknown ids. 403 in Dev Mode.
    #[instrument(skip_all, fields(user = user, count = ids.len()))]
    pub async fn tracks_batch<I: AsRef<str>>(&self, user: i64, ids: &[I]) -> Result<Vec<Option<Track>>, ApiError> {
        self.batch(user, "tracks", ids, 50, |page: Tracks| page.tracks).await
    }

    /// `GET /artists?ids=…` (50 per request). 403 in Dev Mode.
    #[instrument(skip_all, fields(user = user, count = ids.len()))]
    pub async fn artists_batch<I: AsRef<str>>(&self, user: i64, ids: &[I]) -> Result<Vec<Option<Artist>>, ApiError> {
        self.batch(user, "artists", ids, 50, |page: Artists| page.artists).await
    }

    /// `GET /albums?ids=…` (20 per request). 403 in Dev Mode.
    #[instrument(skip_all, fields(user = user, count = ids.len()))]
    pub async fn albums_batch<I: AsRef<str>>(&self, user: i64, ids: &[I]) -> Result<Vec<Option<Album>>, ApiError> {
        self.batch(user, "albums", ids, 20, |page: Albums| page.albums).await
    }

    /// `GET /audio-features?ids=…` (100 per request). 403 for Dev-Mode apps and apps created after Nov 2024.
    #[instrument(skip_all, fields(user = user, count = ids.len()))]
    pub async fn audio_features<I: AsRef<str>>(
        &self,
        user: i64,
        ids: &[I],
    ) -> Result<Vec<Option<AudioFeatures>>, ApiError> {
        self.batch(user, "audio-features", ids, 100, |page: ManyAudioFeatures| page.audio_features).await
    }

    async fn batch<I, P, T>(
        &self,
        user: i64,
        path: &str,
        ids: &[I],
        chunk_size: usize,
        entries: impl Fn(P) -> Vec<Option<T>>,
    ) -> Result<Vec<Option<T>>, ApiError>
    where
        I: AsRef<str>,
        P: DeserializeOwned,
    {
        require_some(ids, "ids")?;
        let mut all = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(chunk_size) {
            let url = with_query(self.inner.transport.endpoint(&[path]), &[("ids", comma_list(chunk))]);
            all.extend(entries(self.get(user, url).await?));
        }
        Ok(all)
    }
}
