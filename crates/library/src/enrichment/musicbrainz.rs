//! MusicBrainz rounds: per track the recordings its ISRC names, the first recording's genres and tags with their
//! votes, and the labels of its releases: three requests, paced at the provider's one per second by the gate.

use crossfade_domain::Isrc;
use crossfade_enrichment::providers::{MusicBrainz, ProviderError, Recording};
use crossfade_store::enrichment::pending::PendingTrack;
use crossfade_store::enrichment::values::{Round, TrackEnrichment};
use tokio::task::JoinSet;

use super::patience::{NoAnswer, note, patiently};
use super::{RequestCount, vocabulary};
use crate::Gate;

pub(super) async fn ask(
    client: &MusicBrainz,
    gate: &Gate,
    tracks: &[PendingTrack],
    counter: &RequestCount,
) -> (Round, Option<ProviderError>) {
    let mut round = Round::default();
    let mut requests = JoinSet::new();
    for track in tracks {
        let Some(isrc) = track.isrc.as_deref().and_then(|isrc| Isrc::parse(isrc).ok()) else {
            round.missing.push(track.track_id.clone());
            continue;
        };
        let (client, gate, counter, id) = (client.clone(), gate.clone(), counter.clone(), track.track_id.clone());
        requests.spawn(async move {
            let answer = one_track(&client, &gate, &counter, &isrc).await;
            (id, answer)
        });
    }
    let mut stop = None;
    while let Some(joined) = requests.join_next().await {
        let Ok((id, answer)) = joined else { continue };
        match answer {
            Ok(Some((recording_id, recording, labels))) => {
                round.found.push(enrichment(id, recording_id, &recording, &labels))
            }
            Ok(None) => round.missing.push(id),
            Err(no_answer) => note(&mut stop, no_answer),
        }
    }
    (round, stop)
}

type Found = (String, Recording, Vec<String>);

async fn one_track(
    client: &MusicBrainz,
    gate: &Gate,
    counter: &RequestCount,
    isrc: &Isrc,
) -> Result<Option<Found>, NoAnswer> {
    let recordings = patiently(gate, counter, || client.recordings_by_isrc(isrc)).await?;
    let Some(first) = recordings.into_iter().next() else {
        return Ok(None);
    };
    let recording = patiently(gate, counter, || client.recording(&first.id)).await?.unwrap_or_default();
    let labels = patiently(gate, counter, || client.release_labels(&first.id)).await?;
    Ok(Some((first.id, recording, labels)))
}

fn enrichment(track_id: String, recording_id: String, recording: &Recording, labels: &[String]) -> TrackEnrichment {
    // Curated genres and free tags are weighed together: a tag that names a genre ("deep house") counts for it.
    let words: Vec<(String, u32)> = recording.genres.iter().chain(&recording.tags).cloned().collect();
    let (genres, tags) = vocabulary::genres_and_tags(&words);
    TrackEnrichment {
        track_id,
        genres,
        tags,
        label: vocabulary::label(labels.iter().map(String::as_str)),
        external_id: Some((recording_id, None)),
        ..TrackEnrichment::default()
    }
}
