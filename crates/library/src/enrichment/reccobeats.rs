//! ReccoBeats rounds: 40 tracks per request, several requests at once through the provider's gate; a track missing
//! from the answer is one ReccoBeats does not know.

use crossfade_domain::{Provider, SpotifyId};
use crossfade_enrichment::providers::{ProviderError, ReccoBeats, ReccoBeatsTrack};
use crossfade_store::enrichment::pending::PendingTrack;
use crossfade_store::enrichment::values::{Round, TrackEnrichment};
use tokio::task::JoinSet;

use super::RequestCount;
use super::patience::{note, patiently};
use crate::Gate;

pub(super) async fn ask(
    client: &ReccoBeats,
    gate: &Gate,
    tracks: &[PendingTrack],
    counter: &RequestCount,
) -> (Round, Option<ProviderError>) {
    let mut round = Round::default();
    // Ids the catalog holds are Spotify's, but a track id of another shape would make ReccoBeats refuse the batch.
    let (ids, malformed): (Vec<_>, Vec<_>) =
        tracks.iter().map(|track| (SpotifyId::parse(&track.track_id), &track.track_id)).partition(|(id, _)| id.is_ok());
    round.missing.extend(malformed.into_iter().map(|(_, id)| id.clone()));
    let ids: Vec<SpotifyId> = ids.into_iter().filter_map(|(id, _)| id.ok()).collect();

    let mut requests = JoinSet::new();
    for chunk in ids.chunks(crossfade_enrichment::providers::RECCOBEATS_BATCH) {
        let (client, gate, counter, chunk) = (client.clone(), gate.clone(), counter.clone(), chunk.to_vec());
        requests.spawn(async move {
            let answer = patiently(&gate, &counter, || client.audio_features(&chunk)).await;
            (chunk, answer)
        });
    }
    let mut stop = None;
    while let Some(joined) = requests.join_next().await {
        let Ok((asked, answer)) = joined else { continue };
        match answer {
            Ok(found) => {
                for id in &asked {
                    match found.iter().find(|track| &track.spotify_id == id) {
                        Some(track) => round.found.push(enrichment(track)),
                        None => round.missing.push(id.to_string()),
                    }
                }
            }
            Err(no_answer) => note(&mut stop, no_answer),
        }
    }
    debug_assert!(Provider::ReccoBeats.code() == "reccobeats");
    (round, stop)
}

fn enrichment(track: &ReccoBeatsTrack) -> TrackEnrichment {
    TrackEnrichment {
        track_id: track.spotify_id.to_string(),
        features: track.features.clone(),
        external_id: Some((track.reccobeats_id.clone(), None)),
        ..TrackEnrichment::default()
    }
}
