//! Filling in the catalog in the background: first the tracks a user's listening history names (an import makes no
//! Spotify call), then the full details of albums and artists known only by the short form a track carries (genres,
//! label, popularity). A Development-Mode app reads one item per request; an app with extended access reads 50
//! tracks or artists, or 20 albums, per request.
//!
//! A run spends at most a given number of requests, in rounds, and writes each round before the next starts: an
//! interrupted run loses at most one round, and the next run carries on from what the database still lacks. Ids
//! Spotify does not know are remembered and never asked for again.

use std::collections::VecDeque;

use crossfade_domain::SpotifyId;
use crossfade_spotify::ApiError;
use crossfade_spotify::models::{Album, Artist, Track};
use crossfade_store::mirror::catalog::CatalogBatch;
use crossfade_store::mirror::lookups::{self, CatalogKind};
use tokio::task::JoinSet;

use crate::contention::retrying;
use crate::{ApiAccess, Library, SyncError};

/// Requests sent together before their answers are written.
const ROUND: usize = 16;

/// What a run of lookups did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LookupReport {
    /// Requests sent to Spotify.
    pub requests: usize,
    /// Catalog objects written.
    pub found: usize,
    /// Ids Spotify did not know (or that are no Spotify id at all).
    pub missing: usize,
    /// Nothing is left to look up: the run ended before its request budget did.
    pub finished: bool,
}

/// Looks up what the catalog lacks for `user_id`, spending at most `budget` requests.
pub async fn look_up_catalog(library: &Library, user_id: i64, budget: usize) -> Result<LookupReport, SyncError> {
    let mut report = LookupReport::default();
    let mut batched = library.access == ApiAccess::Extended;
    for kind in [CatalogKind::Track, CatalogKind::Album, CatalogKind::Artist] {
        let left = budget - report.requests;
        let limit = left * if batched { batch_size(kind) } else { 1 };
        if limit == 0 {
            return Ok(report);
        }
        let wanted = i64::try_from(limit).unwrap_or(i64::MAX);
        let ids = match kind {
            CatalogKind::Track => lookups::unknown_played_tracks(&library.pool, user_id, wanted).await?,
            CatalogKind::Album => lookups::albums_without_details(&library.pool, wanted).await?,
            CatalogKind::Artist => lookups::artists_without_details(&library.pool, wanted).await?,
        };
        let all_pending_read = ids.len() < limit;
        // History exports are user files: an id of another shape would make Spotify refuse a whole batch.
        let (ids, malformed): (Vec<String>, Vec<String>) = ids.into_iter().partition(|id| SpotifyId::is_valid(id));
        let mut pending = VecDeque::from(ids);
        let mut misses: Vec<(CatalogKind, String)> = malformed.into_iter().map(|id| (kind, id)).collect();
        while !pending.is_empty() && report.requests < budget {
            let per_request = if batched { batch_size(kind) } else { 1 };
            let take = pending.len().min(ROUND.min(budget - report.requests) * per_request);
            let asked: Vec<String> = pending.drain(..take).collect();
            let round = Round::run(library, user_id, kind, &asked, per_request).await?;
            report.requests += round.requests;
            report.found += round.found.len();
            misses.extend(round.misses);
            report.missing += misses.len();
            retrying(|| lookups::write_lookups(&library.pool, &round.found.batch, &misses)).await?;
            misses.clear();
            if !round.refused.is_empty() {
                tracing::warn!("Spotify refuses batch reads: this app has no extended access; reading one at a time");
                batched = false;
                for id in round.refused.into_iter().rev() {
                    pending.push_front(id);
                }
            }
            if let Some(error) = round.error {
                return Err(error.into());
            }
        }
        if !misses.is_empty() {
            report.missing += misses.len();
            let nothing_found = CatalogBatch::default();
            retrying(|| lookups::write_lookups(&library.pool, &nothing_found, &misses)).await?;
        }
        if !all_pending_read || !pending.is_empty() {
            return Ok(report);
        }
    }
    report.finished = true;
    Ok(report)
}

/// How many ids one batch request of `kind` takes.
fn batch_size(kind: CatalogKind) -> usize {
    match kind {
        CatalogKind::Album => 20,
        CatalogKind::Track | CatalogKind::Artist => 50,
    }
}

/// The catalog objects a round found, ready to be written.
#[derive(Default)]
struct Found {
    batch: CatalogBatch,
    count: usize,
}

impl Found {
    fn len(&self) -> usize {
        self.count
    }

    /// Adds what Spotify answered for `asked`; false when it answered with another id (a relinked track), which
    /// would leave `asked` unknown for ever.
    fn add(&mut self, asked: &str, object: Object) -> bool {
        let id = match &object {
            Object::Track(track) => self.batch.add_track(track),
            Object::Album(album) => Some(self.batch.add_album(album)),
            Object::Artist(artist) => Some(self.batch.add_artist(artist)),
        };
        let matches = id.as_deref() == Some(asked);
        self.count += usize::from(matches);
        matches
    }
}

/// A catalog object as Spotify answers it.
enum Object {
    Track(Box<Track>),
    Album(Box<Album>),
    Artist(Box<Artist>),
}

/// One round of requests sent together.
#[derive(Default)]
struct Round {
    requests: usize,
    found: Found,
    misses: Vec<(CatalogKind, String)>,
    /// The ids of batch requests refused with 403 (the app has no extended access): asked again one at a time.
    refused: Vec<String>,
    /// The first other failure; what the round found is written before it is reported.
    error: Option<ApiError>,
}

impl Round {
    async fn run(
        library: &Library,
        user_id: i64,
        kind: CatalogKind,
        ids: &[String],
        per_request: usize,
    ) -> Result<Round, SyncError> {
        let mut requests = JoinSet::new();
        for chunk in ids.chunks(per_request) {
            let (library, chunk) = (library.clone(), chunk.to_vec());
            requests.spawn(async move {
                let answer = library.gate.pass_background(fetch(&library, user_id, kind, &chunk)).await;
                (chunk, answer)
            });
        }
        let mut round = Round { requests: requests.len(), ..Round::default() };
        while let Some(joined) = requests.join_next().await {
            let (asked, answer) = joined?;
            match answer {
                Ok(objects) => {
                    for (id, object) in asked.into_iter().zip(objects) {
                        if !object.is_some_and(|object| round.found.add(&id, object)) {
                            round.misses.push((kind, id));
                        }
                    }
                }
                Err(ApiError::Forbidden { .. }) if per_request > 1 => {
                    round.refused.extend(asked);
                }
                Err(error) => {
                    round.error.get_or_insert(error);
                }
            }
        }
        Ok(round)
    }
}

/// Reads `ids` of `kind`: one single read, or one batch read. Answers one entry per id, `None` for an id Spotify does
/// not know.
async fn fetch(
    library: &Library,
    user_id: i64,
    kind: CatalogKind,
    ids: &[String],
) -> Result<Vec<Option<Object>>, ApiError> {
    let spotify = &library.spotify;
    if let [id] = ids {
        let object = match kind {
            CatalogKind::Track => spotify.track(user_id, id).await.map(|t| Object::Track(Box::new(t))),
            CatalogKind::Album => spotify.album(user_id, id).await.map(|a| Object::Album(Box::new(a))),
            CatalogKind::Artist => spotify.artist(user_id, id).await.map(|a| Object::Artist(Box::new(a))),
        };
        return match object {
            Ok(object) => Ok(vec![Some(object)]),
            Err(ApiError::NotFound { .. } | ApiError::BadRequest { .. }) => Ok(vec![None]),
            Err(error) => Err(error),
        };
    }
    Ok(match kind {
        CatalogKind::Track => wrap(spotify.tracks_batch(user_id, ids).await?, |t| Object::Track(Box::new(t))),
        CatalogKind::Album => wrap(spotify.albums_batch(user_id, ids).await?, |a| Object::Album(Box::new(a))),
        CatalogKind::Artist => wrap(spotify.artists_batch(user_id, ids).await?, |a| Object::Artist(Box::new(a))),
    })
}

fn wrap<T>(objects: Vec<Option<T>>, into: fn(T) -> Object) -> Vec<Option<Object>> {
    objects.into_iter().map(|object| object.map(into)).collect()
}
