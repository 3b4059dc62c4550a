//! Deezer: BPM and replay gain of a track found by ISRC, and genres and label of its album, keyless. Errors come
//! in the body: a quota error ("code 4") arrives with HTTP 200 and no `Retry-After`; "no data" (code 800) with 200
//! on older paths and 404 on newer ones. A BPM of 0 means Deezer does not know it.

use std::time::Duration;

use crossfade_domain::Isrc;
use serde::Deserialize;

use super::http::{Answer, ProviderError, ProviderHttp};

/// Deezer's quota window: about 50 requests per 5 seconds. A quota error names no wait, so the caller waits this.
pub const DEEZER_QUOTA_WAIT: Duration = Duration::from_secs(5);

/// The Deezer client.
#[derive(Clone, Debug)]
pub struct Deezer {
    http: ProviderHttp,
}

/// What Deezer knows of a track.
#[derive(Clone, Debug, PartialEq)]
pub struct DeezerTrack {
    pub id: u64,
    /// Beats per minute; `None` when Deezer does not know (it answers 0).
    pub bpm: Option<f64>,
    /// Replay gain in dB.
    pub gain: Option<f64>,
    pub album_id: Option<u64>,
}

/// What Deezer knows of an album.
#[derive(Clone, Debug, PartialEq)]
pub struct DeezerAlbum {
    pub id: u64,
    /// Genre names as Deezer spells them ("Rap/Hip Hop", "Electro").
    pub genres: Vec<String>,
    pub label: Option<String>,
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<i64>,
    message: Option<String>,
}

#[derive(Deserialize)]
struct TrackBody {
    id: u64,
    bpm: Option<f64>,
    gain: Option<f64>,
    album: Option<AlbumRef>,
}

#[derive(Deserialize)]
struct TrackIsrc {
    isrc: Option<String>,
}

#[derive(Deserialize)]
struct AlbumRef {
    id: u64,
}

#[derive(Deserialize)]
struct AlbumBody {
    id: u64,
    genres: Option<GenreList>,
    label: Option<String>,
}

#[derive(Deserialize)]
struct GenreList {
    data: Vec<GenreBody>,
}

#[derive(Deserialize)]
struct GenreBody {
    name: String,
}

/// Deezer's error code for "no data".
const NOT_FOUND: i64 = 800;
/// Deezer's error code for "quota limit exceeded".
const QUOTA: i64 = 4;

impl Deezer {
    pub fn new(http: ProviderHttp) -> Self {
        Deezer { http }
    }

    /// The track with this ISRC; `None` when Deezer has none.
    pub async fn track_by_isrc(&self, isrc: &Isrc) -> Result<Option<DeezerTrack>, ProviderError> {
        let answer = self.http.get(&format!("track/isrc:{isrc}"), &[]).await?;
        let Some(body) = read::<TrackBody>(&answer)? else {
            return Ok(None);
        };
        Ok(Some(DeezerTrack {
            id: body.id,
            bpm: body.bpm.filter(|bpm| *bpm > 0.0 && *bpm <= 300.0),
            gain: body.gain.filter(|gain| gain.is_finite() && gain.abs() <= 60.0),
            album_id: body.album.map(|album| album.id),
        }))
    }

    /// The ISRC of the track with this id; `None` when Deezer has no such track or writes no valid ISRC for it.
    pub async fn isrc_of_track(&self, id: &str) -> Result<Option<Isrc>, ProviderError> {
        if id.is_empty() || !id.bytes().all(|byte| byte.is_ascii_digit()) {
            return Ok(None);
        }
        let answer = self.http.get(&format!("track/{id}"), &[]).await?;
        let Some(body) = read::<TrackIsrc>(&answer)? else {
            return Ok(None);
        };
        Ok(body.isrc.and_then(|isrc| Isrc::parse(&isrc).ok()))
    }

    /// Genre `genre_id`'s chart (its first 100 tracks) as Deezer writes it, for the chart readers; a quota error or
    /// an error about the request comes back as the error it is, not as a file.
    pub async fn chart(&self, genre_id: &str) -> Result<bytes::Bytes, ProviderError> {
        let answer = self.http.get(&format!("chart/{genre_id}/tracks"), &[("limit", "100".to_owned())]).await?;
        read::<serde_json::Value>(&answer)?.ok_or_else(|| ProviderError::Refused {
            status: 404,
            message: format!("Deezer has no chart {genre_id}"),
        })?;
        Ok(answer.body)
    }

    /// The album with this id; `None` when Deezer has none.
    pub async fn album(&self, id: u64) -> Result<Option<DeezerAlbum>, ProviderError> {
        let answer = self.http.get(&format!("album/{id}"), &[]).await?;
        let Some(body) = read::<AlbumBody>(&answer)? else {
            return Ok(None);
        };
        Ok(Some(DeezerAlbum {
            id: body.id,
            genres: body.genres.map(|list| list.data.into_iter().map(|genre| genre.name).collect()).unwrap_or_default(),
            label: body.label.map(|label| label.trim().to_owned()).filter(|label| !label.is_empty()),
        }))
    }
}

/// Reads an answer that is either `T` or Deezer's error envelope, whatever the HTTP status says.
fn read<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<Option<T>, ProviderError> {
    if let Ok(ErrorEnvelope { error }) = answer.json::<ErrorEnvelope>() {
        return match error.code {
            Some(NOT_FOUND) => Ok(None),
            Some(QUOTA) => Err(ProviderError::RateLimited { retry_after: Some(DEEZER_QUOTA_WAIT) }),
            code => Err(ProviderError::Refused {
                status: answer.status.as_u16(),
                message: format!(
                    "error {}: {}",
                    code.map_or_else(|| "without a code".to_owned(), |code| code.to_string()),
                    error.message.unwrap_or_default()
                ),
            }),
        };
    }
    if answer.status.as_u16() == 404 {
        return Ok(None);
    }
    if !answer.status.is_success() {
        return Err(answer.unexpected());
    }
    answer.json().map(Some)
}
