//! A collection's top genres (a parent genre counting the tracks of its subgenres), labels and artists.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{InsightTrack, TOP_ENTRIES};
use crate::genres::{GenreId, GenreTree};

/// A genre, label or artist with the number of the collection's tracks it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// What it is addressed by: a genre's slug, a label's key, an artist's Spotify id (empty for an artist only a
    /// listening history named).
    pub key: String,
    pub name: String,
    pub tracks: u64,
    /// For a genre, the name of its parent genre.
    pub within: Option<String>,
}

/// The largest counts first, then by name and key.
fn ranked(mut ranked: Vec<Ranked>) -> Vec<Ranked> {
    ranked.sort_by(|a, b| b.tracks.cmp(&a.tracks).then_with(|| a.name.cmp(&b.name)).then_with(|| a.key.cmp(&b.key)));
    ranked
}

/// The first [`TOP_ENTRIES`] of [`ranked`]: labels and artists can run to thousands.
fn top(mut entries: Vec<Ranked>) -> Vec<Ranked> {
    entries = ranked(entries);
    entries.truncate(TOP_ENTRIES);
    entries
}

/// Tracks per genre, each track counting once for each of its genres and every genre above them; every genre the
/// collection has (the hierarchy holds a few hundred), so comparisons can set any two collections' shares side by
/// side.
pub(super) fn genres(tracks: &[InsightTrack], tree: &GenreTree) -> Vec<Ranked> {
    let mut counts: HashMap<GenreId, u64> = HashMap::new();
    for track in tracks {
        let mut within: BTreeSet<GenreId> = BTreeSet::new();
        for genre in &track.genres {
            within.insert(*genre);
            within.extend(tree.ancestors(*genre).map(|ancestor| ancestor.id));
        }
        for genre in within {
            *counts.entry(genre).or_default() += 1;
        }
    }
    ranked(
        counts
            .into_iter()
            .map(|(id, tracks)| Ranked {
                key: id.as_str().to_owned(),
                name: tree.genre(id).name.to_owned(),
                tracks,
                within: tree.parent(id).map(|parent| parent.name.to_owned()),
            })
            .collect(),
    )
}

/// Tracks per label (all spellings of a label together), named by its most frequent spelling.
pub(super) fn labels(tracks: &[InsightTrack]) -> Vec<Ranked> {
    let mut spellings: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
    for (name, key) in tracks.iter().filter_map(|track| track.label.as_ref()) {
        *spellings.entry(key.as_str()).or_default().entry(name.as_str()).or_default() += 1;
    }
    top(spellings
        .into_iter()
        .map(|(key, names)| {
            let tracks = names.values().sum();
            let name = names
                .into_iter()
                .max_by(|(a, x), (b, y)| x.cmp(y).then_with(|| b.cmp(a)))
                .map(|(name, _)| name.to_owned())
                .unwrap_or_default();
            Ranked { key: key.to_owned(), name, tracks, within: None }
        })
        .collect())
}

/// Tracks per credited artist (by id where the catalog knows it, else by name).
pub(super) fn artists(tracks: &[InsightTrack]) -> Vec<Ranked> {
    let mut counts: HashMap<(&str, &str), u64> = HashMap::new();
    for track in tracks {
        let credited: BTreeSet<(&str, &str)> =
            track.artists.iter().map(|artist| (artist.id.as_deref().unwrap_or(""), artist.name.as_str())).collect();
        for artist in credited {
            *counts.entry(artist).or_default() += 1;
        }
    }
    top(counts
        .into_iter()
        .map(|((key, name), tracks)| Ranked { key: key.to_owned(), name: name.to_owned(), tracks, within: None })
        .collect())
}
