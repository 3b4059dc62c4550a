//! Spotify's own audio features, for apps with extended access: 100 tracks per request through the library's
//! gate, `null` entries for tracks Spotify has no features of.

use crossfade_domain::{AudioFeature, FeatureValues, Key, check_time_signature};
use crossfade_spotify::models::AudioFeatures;
use crossfade_store::enrichment::pending::PendingTrack;
use crossfade_store::enrichment::values::{Round, TrackEnrichment};

use super::{EnrichError, RequestCount};
use crate::Library;

/// Tracks per audio-features request.
pub(super) const SPOTIFY_BATCH: usize = 100;

pub(super) async fn ask(
    library: &Library,
    user_id: i64,
    tracks: &[PendingTrack],
    counter: &RequestCount,
) -> Result<Round, EnrichError> {
    let mut round = Round::default();
    for chunk in tracks.chunks(SPOTIFY_BATCH) {
        let ids: Vec<&str> = chunk.iter().map(|track| track.track_id.as_str()).collect();
        if !counter.take() {
            break;
        }
        let answers = library.gate.pass_background(library.spotify.audio_features(user_id, &ids)).await?;
        for (track, answer) in chunk.iter().zip(answers.iter().map(Option::as_ref).chain(std::iter::repeat(None))) {
            match answer.map(features).filter(|features| !features.is_empty()) {
                Some(features) => round.found.push(TrackEnrichment {
                    track_id: track.track_id.clone(),
                    features,
                    ..TrackEnrichment::default()
                }),
                None => round.missing.push(track.track_id.clone()),
            }
        }
    }
    Ok(round)
}

/// Spotify's answer as checked values; a value out of its range is dropped rather than stored.
fn features(answer: &AudioFeatures) -> FeatureValues {
    let mut values = FeatureValues::default();
    let measured = [
        (AudioFeature::Danceability, answer.danceability),
        (AudioFeature::Energy, answer.energy),
        (AudioFeature::Valence, answer.valence),
        (AudioFeature::Acousticness, answer.acousticness),
        (AudioFeature::Instrumentalness, answer.instrumentalness),
        (AudioFeature::Speechiness, answer.speechiness),
        (AudioFeature::Liveness, answer.liveness),
        (AudioFeature::Loudness, answer.loudness),
        (AudioFeature::Tempo, answer.tempo),
    ];
    for (feature, value) in measured {
        if let Some(value) = value {
            let _ = values.set(feature, value);
        }
    }
    if let (Some(key), Some(mode)) = (answer.key, answer.mode) {
        values.key = Key::from_numbers(i64::from(key), i64::from(mode)).ok().flatten();
    }
    values.time_signature = answer.time_signature.and_then(|beats| check_time_signature(i64::from(beats)).ok());
    values
}
