//! What Beatport carries of the catalog, decided once per world: each genre's shelf of catalog tracks split into
//! release weeks, and the Beatport ids of the catalog's artists and labels and of the exclusives' aliases.
//!
//! A genre with `n` catalog tracks releases them over a cycle of `round(n / 30)` weeks (at least 2, at most 26):
//! each track's slot in the cycle is a hash of its Spotify id, and it comes out again, under a new Beatport id, every
//! cycle. So any `cycle` consecutive weeks release every track of the genre exactly once, about 30 a week.

use std::collections::{BTreeSet, HashMap};

use super::genres::{GENRES, genre_of};
use super::names::aliases;
use crate::catalog::Catalog;
use crate::providers::identity::ProviderIndex;

/// Catalog tracks a genre releases in a week, as near as its cycle allows.
const TRACKS_PER_WEEK: usize = 30;
/// The shortest cycle, so that two consecutive weeks never release the same tracks.
const SHORTEST_CYCLE: usize = 2;
/// The longest cycle, half a year.
const LONGEST_CYCLE: usize = 26;

/// One genre's catalog tracks by slot of its cycle (an empty genre has no slots).
#[derive(Debug, Default)]
pub(crate) struct Shelf {
    pub slots: Vec<Vec<usize>>,
    /// The labels (positions in [`Shelves::labels`]) of the shelf's albums, which its exclusives come out on too.
    pub labels: Vec<usize>,
}

impl Shelf {
    /// Weeks until the genre releases the same catalog tracks again; 0 when it has none.
    pub(crate) fn cycle(&self) -> usize {
        self.slots.len()
    }
}

/// A record label as Beatport lists it.
#[derive(Debug)]
pub(crate) struct Label {
    pub id: u64,
    pub name: String,
}

/// Beatport's view of the catalog.
#[derive(Debug, Default)]
pub(crate) struct Shelves {
    /// One per genre, in [`GENRES`] order.
    pub genres: Vec<Shelf>,
    /// Beatport ids of the catalog's artists, by catalog position.
    pub artist_ids: Vec<u64>,
    /// The exclusives' aliases and their Beatport ids, in [`aliases`] order.
    pub aliases: Vec<(String, u64)>,
    /// Every label, the catalog's in name order.
    pub labels: Vec<Label>,
    label_by_name: HashMap<String, usize>,
    label_by_id: HashMap<u64, usize>,
}

impl Shelves {
    /// Decides, for the world `index` was built for, what Beatport carries of `catalog`.
    pub(crate) fn build(index: &ProviderIndex, catalog: &Catalog) -> Self {
        let mut shelves = Shelves::default();
        let mut taken_artists = BTreeSet::new();
        for artist in &catalog.artists {
            let wanted = index.number("beatport-artist", &artist.id, 10_000, 1_999_999);
            let id = (wanted..).find(|id| !taken_artists.contains(id)).unwrap_or(wanted);
            taken_artists.insert(id);
            shelves.artist_ids.push(id);
        }
        for alias in aliases() {
            let wanted = index.number("beatport-alias", &alias, 10_000, 1_999_999);
            let id = (wanted..).find(|id| !taken_artists.contains(id)).unwrap_or(wanted);
            taken_artists.insert(id);
            shelves.aliases.push((alias, id));
        }
        let names: BTreeSet<&str> = catalog.albums.iter().map(|album| album.label.as_str()).collect();
        for name in names {
            let wanted = index.number("beatport-label", name, 1_000, 99_999);
            let id = (wanted..).find(|id| !shelves.label_by_id.contains_key(id)).unwrap_or(wanted);
            shelves.label_by_id.insert(id, shelves.labels.len());
            shelves.label_by_name.insert(name.to_owned(), shelves.labels.len());
            shelves.labels.push(Label { id, name: name.to_owned() });
        }
        let mut carried: Vec<Vec<usize>> = vec![Vec::new(); GENRES.len()];
        for (position, track) in catalog.tracks.iter().enumerate() {
            let pick = |count: usize| index.number("beatport-genre", &track.id, 0, count as u64 - 1) as usize;
            if let Some(genre) = genre_of(track, pick) {
                carried[genre].push(position);
            }
        }
        for tracks in carried {
            let mut shelf = Shelf::default();
            if !tracks.is_empty() {
                let cycle =
                    ((tracks.len() + TRACKS_PER_WEEK / 2) / TRACKS_PER_WEEK).clamp(SHORTEST_CYCLE, LONGEST_CYCLE);
                shelf.slots = vec![Vec::new(); cycle];
                let mut labels = BTreeSet::new();
                for track in tracks {
                    let slot = index.number("beatport-slot", &catalog.tracks[track].id, 0, cycle as u64 - 1);
                    shelf.slots[slot as usize].push(track);
                    labels.insert(shelves.label_of_album(catalog, catalog.tracks[track].album));
                }
                shelf.labels = labels.into_iter().collect();
            }
            shelves.genres.push(shelf);
        }
        shelves
    }

    /// The label (position in `labels`) of a catalog album.
    pub(crate) fn label_of_album(&self, catalog: &Catalog, album: usize) -> usize {
        self.label_by_name.get(&catalog.albums[album].label).copied().unwrap_or_default()
    }

    /// The label with this Beatport id.
    pub(crate) fn label(&self, id: u64) -> Option<&Label> {
        self.label_by_id.get(&id).map(|position| &self.labels[*position])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::build_catalog;
    use crate::config::CatalogOptions;
    use time::macros::date;

    #[test]
    fn every_carried_track_has_one_slot_and_every_id_is_unique() {
        let options = CatalogOptions { tracks: 5_000, ..CatalogOptions::default() };
        let (catalog, _) = build_catalog(2026, &options, date!(2026 - 12 - 01), 0).unwrap();
        let index = ProviderIndex::build(2026, &catalog);
        let shelves = &index.beatport;
        let mut seen = BTreeSet::new();
        for (genre, shelf) in GENRES.iter().zip(&shelves.genres) {
            let tracks: usize = shelf.slots.iter().map(Vec::len).sum();
            assert!(tracks > 0 && (SHORTEST_CYCLE..=LONGEST_CYCLE).contains(&shelf.cycle()), "{}", genre.name);
            assert!(shelf.slots.iter().flatten().all(|track| seen.insert(*track)));
        }
        let artists: BTreeSet<u64> =
            shelves.artist_ids.iter().chain(shelves.aliases.iter().map(|(_, id)| id)).copied().collect();
        assert_eq!(artists.len(), catalog.artists.len() + shelves.aliases.len());
        for label in &shelves.labels {
            assert_eq!(shelves.label(label.id).map(|l| l.name.as_str()), Some(label.name.as_str()));
        }
    }
}
