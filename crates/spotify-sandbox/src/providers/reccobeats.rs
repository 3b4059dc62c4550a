//! ReccoBeats under `/reccobeats`: audio features and track objects by Spotify id or ReccoBeats id.
//!
//! ReccoBeats analyses audio itself, so its features follow Spotify's with noise and a house style: danceability
//! stretched upwards, valence pulled towards the middle, some tempos read at half or double time, now and then
//! a key a fifth away or the other mode. Unknown ids are left out of `content`; rows carry their own UUID and name
//! the Spotify track only through `href`.

use std::sync::Arc;

use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rand::Rng;
use rand_distr::StandardNormal;
use serde_json::{Value, json};

use super::QueryPairs;
use super::identity::{ProviderIndex, is_uuid, round};
use crate::catalog::{Catalog, Track};
use crate::state::SharedSandbox;

/// Most ids one request may name.
const MAX_IDS: usize = 40;

/// The ReccoBeats routes, relative to `/reccobeats`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/v1/audio-features", get(audio_features)).route("/v1/track", get(tracks))
}

/// ReccoBeats' answer to too many or no ids (HTTP 400; the body carries its own status code 4004).
#[derive(Debug)]
struct SizeRefusal;

impl IntoResponse for SizeRefusal {
    fn into_response(self) -> Response {
        let body = json!({ "status": 4004, "errors": [{ "message": "size must be between 1 and 40" }] });
        (StatusCode::BAD_REQUEST, Json(body)).into_response()
    }
}

/// The distinct catalog tracks named by `ids` (given comma-separated, repeated, or both) that ReccoBeats knows,
/// in request order; more than 40 ids or none is ReccoBeats' validation error, answered with HTTP 400.
fn requested_tracks(catalog: &Catalog, index: &ProviderIndex, query: &QueryPairs) -> Result<Vec<usize>, SizeRefusal> {
    let ids: Vec<&str> =
        query.all("ids").flat_map(|value| value.split(',')).map(str::trim).filter(|id| !id.is_empty()).collect();
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(SizeRefusal);
    }
    let mut tracks = Vec::new();
    for id in ids {
        let track = if is_uuid(id) { index.reccobeats_track(id) } else { index.reccobeats_knows(catalog, id) };
        if let Some(track) = track.filter(|track| !tracks.contains(track)) {
            tracks.push(track);
        }
    }
    Ok(tracks)
}

/// `GET /v1/audio-features?ids=`: ReccoBeats' reading of each known track.
async fn audio_features(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Result<Json<Value>, SizeRefusal> {
    let catalog = &sandbox.catalog;
    let tracks = requested_tracks(catalog, &index, &query)?;
    let content: Vec<Value> = tracks.into_iter().map(|t| features_row(&index, &catalog.tracks[t])).collect();
    Ok(Json(json!({ "content": content })))
}

/// `GET /v1/track?ids=`: ReccoBeats' track objects.
async fn tracks(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Result<Json<Value>, SizeRefusal> {
    let catalog = &sandbox.catalog;
    let tracks = requested_tracks(catalog, &index, &query)?;
    let content: Vec<Value> = tracks.into_iter().map(|t| track_object(catalog, &index, t)).collect();
    Ok(Json(json!({ "content": content })))
}

/// The features ReccoBeats reports for `track`, with Spotify's decimals.
fn features_row(index: &ProviderIndex, track: &Track) -> Value {
    let f = &track.features;
    let mut rng = index.rng("reccobeats-features", &track.id);
    let unit = |value: f64, decimals| round(value.clamp(0.0, 1.0), decimals);
    // Every draw happens whatever the branches decide, so one feature's value never shifts another's.
    let draws: [f64; 9] = std::array::from_fn(|_| rng.sample(StandardNormal));
    let (tempo_roll, key_roll, mode_roll, instrumental_scale) =
        (rng.random::<f64>(), rng.random::<f64>(), rng.random::<f64>(), rng.random_range(0.5..1.5));
    let danceability = 1.0 - (1.0 - f.danceability).powf(1.3) + 0.03 * draws[0];
    let valence = 0.5 + 0.72 * (f.valence - 0.5) + 0.03 * draws[1];
    let energy = f.energy + 0.03 * draws[2];
    let acousticness = f.acousticness + 0.03 * draws[3];
    let instrumentalness = if f.instrumentalness < 0.01 {
        f.instrumentalness * instrumental_scale
    } else {
        f.instrumentalness + 0.04 * draws[4]
    };
    let speechiness = f.speechiness + 0.01 * draws[5];
    let liveness = f.liveness + 0.04 * draws[6];
    let loudness = (f.loudness + 0.6 * draws[7]).clamp(-60.0, 0.0);
    let tempo = match f.tempo {
        fast if fast > 125.0 && tempo_roll < 0.08 => fast / 2.0,
        slow if slow < 90.0 && tempo_roll < 0.06 => slow * 2.0,
        tempo => tempo,
    };
    let tempo = (tempo + 0.4 * draws[8]).clamp(0.0, 250.0);
    let key = if f.key >= 0 && key_roll < 0.06 { (f.key + 7) % 12 } else { f.key };
    let mode = if mode_roll < 0.05 { 1 - f.mode.min(1) } else { f.mode };
    json!({
        "id": index.uuid("reccobeats-track", &track.id),
        "href": format!("https://open.spotify.com/track/{}", track.id),
        "isrc": track.isrc,
        "acousticness": unit(acousticness, 6),
        "danceability": unit(danceability, 3),
        "energy": unit(energy, 3),
        "instrumentalness": unit(instrumentalness, 6),
        "key": key,
        "liveness": unit(liveness, 4),
        "loudness": round(loudness, 3),
        "mode": mode,
        "speechiness": unit(speechiness, 4),
        "tempo": round(tempo, 3),
        "valence": unit(valence, 3),
    })
}

/// ReccoBeats' track object for catalog track `position`.
fn track_object(catalog: &Catalog, index: &ProviderIndex, position: usize) -> Value {
    let track = &catalog.tracks[position];
    let album = &catalog.albums[track.album];
    let artists: Vec<Value> = track
        .artists
        .iter()
        .map(|a| {
            let artist = &catalog.artists[*a];
            json!({
                "id": index.uuid("reccobeats-artist", &artist.id),
                "name": artist.name,
                "href": format!("https://open.spotify.com/artist/{}", artist.id),
            })
        })
        .collect();
    json!({
        "id": index.uuid("reccobeats-track", &track.id),
        "trackTitle": track.name,
        "artists": artists,
        "durationMs": track.duration_ms,
        "isrc": track.isrc,
        // A UPC-A written as an EAN-13 gains a leading zero.
        "ean": format!("0{}", album.upc),
        "upc": album.upc,
        "href": format!("https://open.spotify.com/track/{}", track.id),
        "availableCountries": "BR,CA,DE,FR,GB,JP,SE,US",
        "popularity": track.popularity,
    })
}
