//! Each week's new releases on Beatport and what they are on Spotify: the kinds of release, the ground truth tests
//! match against, and what a request reaches (the current cycle of every genre, a date range, one track id).

use time::Date;

use super::listings::{Listing, week_listings};
use super::week::Week;
use crate::catalog::Catalog;
use crate::providers::identity::ProviderIndex;

/// How a Beatport release relates to the Spotify catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BeatportReleaseKind {
    /// A catalog track with its real ISRC, which Spotify's `isrc:` search finds (about 75 % of a week).
    KnownIsrc,
    /// A catalog track listed without ISRC (about 8 %).
    MissingIsrc,
    /// A catalog track listed with a well-formed ISRC that Spotify does not know (about 7 %).
    UnknownIsrc,
    /// An Extended or Dub Mix of a catalog track released the same week: same title and artists, no ISRC, 60–120 s
    /// longer or shorter. Spotify has only the original, so a matcher must not accept it (about 5 %).
    ExtraVersion,
    /// A release Spotify does not have at all, by artists it does not know (about 5 %).
    Exclusive,
}

/// One track of a week's Beatport releases and what it is on Spotify: the ground truth of matching tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeatportRelease {
    /// Beatport's track id.
    pub track_id: u64,
    /// How it relates to the Spotify catalog.
    pub kind: BeatportReleaseKind,
    /// The Spotify track it is, for the three catalog kinds; `None` for extra versions and exclusives.
    pub spotify_track_id: Option<String>,
    /// Beatport's genre id.
    pub genre_id: u32,
    /// Its `publish_date` (and `new_release_date`).
    pub publish_date: Date,
}

/// What the store lists without a date filter when `now` is the current week: each genre's releases of its last
/// cycle, so every carried catalog track once.
pub(crate) fn current_listings(index: &ProviderIndex, catalog: &Catalog, now: Week) -> Vec<Listing> {
    let shelves = &index.beatport;
    let longest = shelves.genres.iter().map(|shelf| shelf.cycle()).max().unwrap_or(0);
    (0..longest as i64)
        .flat_map(|back| {
            week_listings(index, catalog, now.plus(-back))
                .into_iter()
                .filter(move |listing| back < shelves.genres[listing.genre].cycle() as i64)
        })
        .collect()
}

/// The listings published from `from` to `to` (inclusive) that the store lists when `now` is the current week.
pub(crate) fn listings_between(
    index: &ProviderIndex,
    catalog: &Catalog,
    (from, to): (Date, Date),
    now: Week,
) -> Vec<Listing> {
    let first = Week::containing(from).max(now.oldest_listed());
    let last = Week::containing(to).min(now);
    (0..=last.number() - first.number())
        .flat_map(|offset| week_listings(index, catalog, first.plus(offset)))
        .filter(|listing| (from..=to).contains(&listing.date))
        .collect()
}

/// The listing with this track id, if the store lists it when `now` is the current week.
pub(crate) fn listing(index: &ProviderIndex, catalog: &Catalog, id: u64, now: Week) -> Option<Listing> {
    let week = Week::of_track(id);
    if !week.is_listed(now) {
        return None;
    }
    week_listings(index, catalog, week).into_iter().find(|listing| listing.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::build_catalog;
    use crate::config::CatalogOptions;
    use time::macros::date;

    fn world() -> (Catalog, ProviderIndex) {
        let options = CatalogOptions { tracks: 2_500, ..CatalogOptions::default() };
        let (catalog, _) = build_catalog(2026, &options, date!(2026 - 12 - 01), 0).unwrap();
        let index = ProviderIndex::build(2026, &catalog);
        (catalog, index)
    }

    #[test]
    fn the_current_listing_carries_every_shelved_track_once() {
        let (catalog, index) = world();
        let now = Week::containing(date!(2026 - 12 - 02));
        let current = current_listings(&index, &catalog, now);
        let mut tracks: Vec<usize> = current
            .iter()
            .filter(|listing| listing.kind != BeatportReleaseKind::ExtraVersion)
            .filter_map(|listing| listing.spotify_track)
            .collect();
        tracks.sort_unstable();
        let mut shelved: Vec<usize> =
            index.beatport.genres.iter().flat_map(|shelf| shelf.slots.iter().flatten().copied()).collect();
        shelved.sort_unstable();
        assert_eq!(tracks, shelved);
    }

    #[test]
    fn a_track_id_is_found_once_its_week_has_begun() {
        let (catalog, index) = world();
        let week = Week::containing(date!(2026 - 12 - 02));
        let listed = &week_listings(&index, &catalog, week)[3];
        assert_eq!(listing(&index, &catalog, listed.id, week).map(|l| l.name), Some(listed.name.clone()));
        assert!(listing(&index, &catalog, listed.id, week.plus(-1)).is_none(), "not yet out");
        let week_of_it =
            listings_between(&index, &catalog, (week.monday(), week.monday() + time::Duration::days(6)), week);
        assert!(week_of_it.iter().any(|l| l.id == listed.id));
    }
}
