//! ReccoBeats: audio features by Spotify track id, keyless. At most 40 ids per request; ids it does not know are
//! left out of the answer, whose rows carry ReccoBeats' own ids, so each row is matched back to the Spotify id
//! through its `href` (a Spotify track link). No time signature.

use crossfade_domain::{AudioFeature, FeatureValues, Isrc, Key, SpotifyId};
use serde::Deserialize;

use super::http::{ProviderError, ProviderHttp};

/// The most ids one request may carry.
pub const RECCOBEATS_BATCH: usize = 40;

/// The ReccoBeats client.
#[derive(Clone, Debug)]
pub struct ReccoBeats {
    http: ProviderHttp,
}

/// What ReccoBeats knows of one track.
#[derive(Clone, Debug, PartialEq)]
pub struct ReccoBeatsTrack {
    pub spotify_id: SpotifyId,
    /// ReccoBeats' own id (a UUID).
    pub reccobeats_id: String,
    pub isrc: Option<Isrc>,
    pub features: FeatureValues,
}

#[derive(Deserialize)]
struct Page {
    content: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    href: String,
    isrc: Option<String>,
    acousticness: Option<f64>,
    danceability: Option<f64>,
    energy: Option<f64>,
    instrumentalness: Option<f64>,
    key: Option<i64>,
    liveness: Option<f64>,
    loudness: Option<f64>,
    mode: Option<i64>,
    speechiness: Option<f64>,
    tempo: Option<f64>,
    valence: Option<f64>,
}

impl ReccoBeats {
    pub fn new(http: ProviderHttp) -> Self {
        ReccoBeats { http }
    }

    /// The audio features of `ids` (at most 40): one entry per id ReccoBeats knows, in no particular order.
    pub async fn audio_features(&self, ids: &[SpotifyId]) -> Result<Vec<ReccoBeatsTrack>, ProviderError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        assert!(ids.len() <= RECCOBEATS_BATCH, "ReccoBeats takes at most {RECCOBEATS_BATCH} ids per request");
        let joined = ids.iter().map(SpotifyId::as_str).collect::<Vec<_>>().join(",");
        let answer = self.http.get("v1/audio-features", &[("ids", joined)]).await?;
        if !answer.status.is_success() {
            return Err(answer.unexpected());
        }
        let page: Page = answer.json()?;
        Ok(page
            .content
            .into_iter()
            .filter_map(|row| {
                let spotify_id = spotify_id_of(&row.href)?;
                ids.contains(&spotify_id).then(|| row.into_track(spotify_id))
            })
            .collect())
    }
}

/// The Spotify id in a track link (`https://open.spotify.com/track/{id}`, perhaps with a query).
fn spotify_id_of(href: &str) -> Option<SpotifyId> {
    let path = href.split(['?', '#']).next()?;
    let id = path.strip_prefix("https://open.spotify.com/track/")?;
    SpotifyId::parse(id.trim_end_matches('/')).ok()
}

impl Row {
    /// The row's values, each checked: a value out of its range is dropped (and logged) rather than failing the
    /// other values or the other tracks of the batch. A tempo of 0 means the tempo is unknown.
    fn into_track(self, spotify_id: SpotifyId) -> ReccoBeatsTrack {
        let mut features = FeatureValues::default();
        for (feature, value) in [
            (AudioFeature::Acousticness, self.acousticness),
            (AudioFeature::Danceability, self.danceability),
            (AudioFeature::Energy, self.energy),
            (AudioFeature::Instrumentalness, self.instrumentalness),
            (AudioFeature::Liveness, self.liveness),
            (AudioFeature::Loudness, self.loudness),
            (AudioFeature::Speechiness, self.speechiness),
            (AudioFeature::Tempo, self.tempo.filter(|tempo| *tempo != 0.0)),
            (AudioFeature::Valence, self.valence),
        ] {
            if let Some(value) = value
                && let Err(problem) = features.set(feature, value)
            {
                tracing::warn!(track = %spotify_id, %problem, "ReccoBeats sent a value out of range; it is left out");
            }
        }
        if let (Some(key), Some(mode)) = (self.key, self.mode) {
            match Key::from_numbers(key, mode) {
                Ok(key) => features.key = key,
                Err(problem) => tracing::warn!(track = %spotify_id, %problem, "ReccoBeats sent an impossible key"),
            }
        }
        ReccoBeatsTrack {
            spotify_id,
            reccobeats_id: self.id,
            isrc: self.isrc.and_then(|isrc| Isrc::parse(&isrc).ok()),
            features,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_matched_back_through_their_link() {
        assert_eq!(
            spotify_id_of("https://open.spotify.com/track/01K4zKU104LyJ8gMb7227B").unwrap().as_str(),
            "01K4zKU104LyJ8gMb7227B"
        );
        assert!(spotify_id_of("https://open.spotify.com/track/01K4zKU104LyJ8gMb7227B?si=x").is_some());
        assert!(spotify_id_of("https://open.spotify.com/album/01K4zKU104LyJ8gMb7227B").is_none());
        assert!(spotify_id_of("70b85474-5c5e-4430-a309-f1d71ee5cb23").is_none());
    }
}
