//! The most played tracks, artists, albums, genres (a parent counting its subgenres' plays) and labels of a range,
//! and the most skipped tracks and artists.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{ListenedTrack, MIN_PLAYS_FOR_SKIP_RATE};
use crate::genres::{GenreId, GenreTree};
use crate::insights::TOP_ENTRIES;

/// A track, artist, album, genre or label with its plays in the range, and its first and last play ever (for a
/// track or an artist).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listened {
    /// A track's, album's or artist's Spotify id (empty where only the history named it), a genre's slug, a label's
    /// key.
    pub key: String,
    pub name: String,
    /// A track's artists, a genre's parent.
    pub detail: Option<String>,
    pub plays: u64,
    pub ms: u64,
    pub skips: u64,
    /// Seconds since 1970.
    pub first_played: Option<i64>,
    pub last_played: Option<i64>,
}

impl Listened {
    pub fn skip_rate(&self) -> Option<f64> {
        (self.plays > 0).then(|| self.skips as f64 / self.plays as f64)
    }

    fn add(&mut self, track: &ListenedTrack) {
        self.plays += u64::from(track.plays);
        self.ms += track.ms;
        self.skips += u64::from(track.skips);
        self.first_played = earliest(self.first_played, track.first_played);
        self.last_played = self.last_played.max(track.last_played);
    }
}

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => a.or(b),
    }
}

/// Most plays first, then most time, then by name and key.
pub(super) fn top(mut entries: Vec<Listened>) -> Vec<Listened> {
    entries.sort_by(|a, b| {
        b.plays.cmp(&a.plays).then(b.ms.cmp(&a.ms)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.key.cmp(&b.key))
    });
    entries.truncate(TOP_ENTRIES);
    entries
}

/// Most skips first among entries played often enough, then the higher rate, then by name and key.
pub(super) fn most_skipped(mut entries: Vec<Listened>) -> Vec<Listened> {
    entries.retain(|entry| entry.skips > 0 && entry.plays >= MIN_PLAYS_FOR_SKIP_RATE);
    // Rates compared as cross-products: exact, without floating point.
    entries.sort_by(|a, b| {
        b.skips
            .cmp(&a.skips)
            .then((u128::from(b.skips) * u128::from(a.plays)).cmp(&(u128::from(a.skips) * u128::from(b.plays))))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    entries.truncate(TOP_ENTRIES);
    entries
}

pub(super) fn tracks(tracks: &[&ListenedTrack]) -> Vec<Listened> {
    tracks
        .iter()
        .map(|track| {
            let artists: Vec<&str> = track.artists.iter().map(|artist| artist.name.as_str()).collect();
            let mut entry = Listened {
                key: track.track_id.clone(),
                name: track.title.clone(),
                detail: (!artists.is_empty()).then(|| artists.join(", ")),
                ..Listened::default()
            };
            entry.add(track);
            entry
        })
        .collect()
}

/// Every credited artist (by id where the catalog knows it, else by name), each track counting once per artist.
pub(super) fn artists(tracks: &[&ListenedTrack]) -> Vec<Listened> {
    let mut artists: HashMap<(&str, &str), Listened> = HashMap::new();
    for track in tracks {
        let credited: BTreeSet<(&str, &str)> =
            track.artists.iter().map(|artist| (artist.id.as_deref().unwrap_or(""), artist.name.as_str())).collect();
        for (key, name) in credited {
            artists
                .entry((key, name))
                .or_insert_with(|| Listened { key: key.to_owned(), name: name.to_owned(), ..Listened::default() })
                .add(track);
        }
    }
    artists.into_values().collect()
}

pub(super) fn albums(tracks: &[&ListenedTrack]) -> Vec<Listened> {
    let mut albums: HashMap<(&str, &str), Listened> = HashMap::new();
    for track in tracks {
        let Some((id, name)) = &track.album else { continue };
        if name.is_empty() {
            continue;
        }
        let key = id.as_deref().unwrap_or("");
        albums
            .entry((key, name.as_str()))
            .or_insert_with(|| Listened { key: key.to_owned(), name: name.clone(), ..Listened::default() })
            .add(track);
    }
    let mut albums: Vec<Listened> = albums.into_values().collect();
    // First and last plays are a track's or an artist's; an album's would mislead (only its played tracks count).
    for album in &mut albums {
        album.first_played = None;
        album.last_played = None;
    }
    albums
}

/// Plays per genre, a track's plays counting once for each of its genres and every genre above them.
pub(super) fn genres(tracks: &[&ListenedTrack], tree: &GenreTree) -> Vec<Listened> {
    let mut genres: HashMap<GenreId, Listened> = HashMap::new();
    for track in tracks {
        let mut within: BTreeSet<GenreId> = BTreeSet::new();
        for genre in &track.genres {
            within.insert(*genre);
            within.extend(tree.ancestors(*genre).map(|ancestor| ancestor.id));
        }
        for id in within {
            let entry = genres.entry(id).or_insert_with(|| Listened {
                key: id.as_str().to_owned(),
                name: tree.genre(id).name.to_owned(),
                detail: tree.parent(id).map(|parent| parent.name.to_owned()),
                ..Listened::default()
            });
            entry.plays += u64::from(track.plays);
            entry.ms += track.ms;
            entry.skips += u64::from(track.skips);
        }
    }
    genres.into_values().collect()
}

/// Plays per label (all spellings together), named by the spelling with the most plays.
pub(super) fn labels(tracks: &[&ListenedTrack]) -> Vec<Listened> {
    let mut labels: HashMap<&str, (Listened, HashMap<&str, u64>)> = HashMap::new();
    for track in tracks {
        let Some((name, key)) = &track.label else { continue };
        let (entry, spellings) = labels
            .entry(key.as_str())
            .or_insert_with(|| (Listened { key: key.clone(), ..Listened::default() }, HashMap::new()));
        entry.plays += u64::from(track.plays);
        entry.ms += track.ms;
        entry.skips += u64::from(track.skips);
        *spellings.entry(name.as_str()).or_default() += u64::from(track.plays);
    }
    labels
        .into_values()
        .map(|(mut entry, spellings)| {
            entry.name = spellings
                .into_iter()
                .max_by(|(a, x), (b, y)| x.cmp(y).then_with(|| b.cmp(a)))
                .map(|(name, _)| name.to_owned())
                .unwrap_or_default();
            entry
        })
        .collect()
}
