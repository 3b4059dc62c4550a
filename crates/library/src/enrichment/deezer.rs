//! Deezer rounds: one request per ISRC for BPM and replay gain, then one per album not described before for its
//! genres and label (albums are kept, so a library's many tracks of one album cost one album request).

use std::collections::BTreeSet;

use crossfade_domain::Provider;
use crossfade_domain::{AudioFeature, FeatureValues, Isrc};
use crossfade_enrichment::providers::{Deezer, DeezerTrack, ProviderError};
use crossfade_store::enrichment::pending::PendingTrack;
use crossfade_store::enrichment::values::{ProviderAlbum, Round, TrackEnrichment, known_albums, remember_albums};
use sqlx::PgPool;
use tokio::task::JoinSet;

use super::patience::{note, patiently};
use super::{EnrichError, RequestCount, vocabulary};
use crate::Gate;

pub(super) async fn ask(
    pool: &PgPool,
    client: &Deezer,
    gate: &Gate,
    tracks: &[PendingTrack],
    counter: &RequestCount,
) -> Result<(Round, Option<ProviderError>), EnrichError> {
    let mut round = Round::default();
    let mut stop = None;

    let mut requests = JoinSet::new();
    for track in tracks {
        let Some(isrc) = track.isrc.as_deref().and_then(|isrc| Isrc::parse(isrc).ok()) else {
            round.missing.push(track.track_id.clone());
            continue;
        };
        let (client, gate, counter, id) = (client.clone(), gate.clone(), counter.clone(), track.track_id.clone());
        requests.spawn(async move {
            let answer = patiently(&gate, &counter, || client.track_by_isrc(&isrc)).await;
            (id, answer)
        });
    }
    let mut found: Vec<(String, DeezerTrack)> = Vec::new();
    while let Some(joined) = requests.join_next().await {
        let (id, answer) = joined?;
        match answer {
            Ok(Some(track)) => found.push((id, track)),
            Ok(None) => round.missing.push(id),
            Err(no_answer) => note(&mut stop, no_answer),
        }
    }

    let album_ids: BTreeSet<String> =
        found.iter().filter_map(|(_, track)| track.album_id).map(|album| album.to_string()).collect();
    let album_ids: Vec<String> = album_ids.into_iter().collect();
    let mut albums = known_albums(pool, Provider::Deezer, &album_ids).await?;
    let mut requests = JoinSet::new();
    for album_id in album_ids.iter().filter(|id| !albums.iter().any(|album| &album.external_id == *id)) {
        let Ok(number) = album_id.parse::<u64>() else { continue };
        let (client, gate, counter, album_id) = (client.clone(), gate.clone(), counter.clone(), album_id.clone());
        requests.spawn(async move {
            let answer = patiently(&gate, &counter, || client.album(number)).await;
            (album_id, answer)
        });
    }
    let mut described = Vec::new();
    while let Some(joined) = requests.join_next().await {
        let (album_id, answer) = joined?;
        match answer {
            Ok(Some(album)) => {
                described.push(ProviderAlbum { external_id: album_id, genres: album.genres, label: album.label })
            }
            // An album Deezer no longer serves is described as empty, so it is not asked for again.
            Ok(None) => described.push(ProviderAlbum { external_id: album_id, genres: Vec::new(), label: None }),
            Err(no_answer) => note(&mut stop, no_answer),
        }
    }
    remember_albums(pool, Provider::Deezer, &described).await?;
    albums.extend(described);

    for (id, track) in found {
        let album_id = track.album_id.map(|album| album.to_string());
        let album = album_id.as_ref().and_then(|album_id| albums.iter().find(|album| &album.external_id == album_id));
        if album.is_none() && album_id.is_some() {
            // Its album could not be read this round (a wait, or the budget spent): the track is asked again.
            continue;
        }
        round.found.push(enrichment(id, &track, album));
    }
    Ok((round, stop))
}

fn enrichment(track_id: String, track: &DeezerTrack, album: Option<&ProviderAlbum>) -> TrackEnrichment {
    let mut features = FeatureValues::default();
    if let Some(bpm) = track.bpm {
        // Deezer's BPM is already checked by the client; a value outside the feature's range is simply not kept.
        let _ = features.set(AudioFeature::Tempo, bpm);
    }
    if let Some(gain) = track.gain {
        let _ = features.set(AudioFeature::Gain, gain);
    }
    let words: Vec<(String, u32)> =
        album.map(|album| album.genres.iter().map(|genre| (genre.clone(), 1)).collect()).unwrap_or_default();
    let (genres, tags) = vocabulary::genres_and_tags(&words);
    TrackEnrichment {
        track_id,
        features,
        genres,
        tags,
        label: album.and_then(|album| vocabulary::label(album.label.as_deref())),
        external_id: Some((track.id.to_string(), track.album_id.map(|album| album.to_string()))),
    }
}
