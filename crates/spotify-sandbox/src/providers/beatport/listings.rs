//! How one week's new releases are listed: which catalog tracks come out as which kind, the extra versions and
//! exclusives beside them, and every listing's ids, release, label, date, BPM, key and length. A week is a pure
//! function of the world and the week, so answers are the same on every run and in any request order.
//!
//! Of the `n` catalog tracks a genre releases in a week, `round(n·8/90)` are listed without ISRC, `round(n·7/90)`
//! with an ISRC Spotify does not know and the rest with their real one; `round(n·5/90)` of them also get an extra
//! version, and `round(n·5/90)` exclusives come out beside them: about 75 % real ISRC, 8 % none, 7 % unknown, 5 %
//! extra versions and 5 % exclusives. Releases come out mostly on Fridays.

use std::collections::HashMap;

use rand::Rng;
use rand::seq::IndexedRandom;
use time::{Date, Duration};

use super::genres::GENRES;
use super::names::exclusive_title;
use super::releases::{BeatportRelease, BeatportReleaseKind};
use super::shelves::Shelves;
use super::week::Week;
use crate::catalog::Catalog;
use crate::providers::identity::ProviderIndex;

/// Share of catalog listings whose length is off by up to a second.
const LENGTH_JITTER: f64 = 0.3;
/// Share of releases in the Hype section (smaller labels' picks).
const HYPE: f64 = 0.12;
/// Countries of made-up ISRCs.
const ISRC_COUNTRIES: [&str; 8] = ["GB", "DE", "NL", "BE", "FR", "IT", "ES", "US"];

/// A track as the store lists it.
#[derive(Debug, Clone)]
pub(crate) struct Listing {
    pub id: u64,
    /// Position in [`GENRES`].
    pub genre: usize,
    pub kind: BeatportReleaseKind,
    /// The catalog track, for the three catalog kinds.
    pub spotify_track: Option<usize>,
    pub name: String,
    pub mix_name: &'static str,
    pub isrc: Option<String>,
    pub bpm: u32,
    /// Pitch class 0–11 and whether the key is major.
    pub key: Option<(u8, bool)>,
    /// Beatport artist ids and names.
    pub artists: Vec<(u64, String)>,
    pub release: Release,
    pub date: Date,
    pub length_ms: u32,
    /// Spotify's popularity of the track (made up for exclusives), which orders the charts.
    pub popularity: u8,
}

/// The release (EP, album or single) a listing is on.
#[derive(Debug, Clone)]
pub(crate) struct Release {
    pub id: u64,
    pub name: String,
    /// Position in [`Shelves::labels`].
    pub label: usize,
    pub catalog_number: String,
    pub is_hype: bool,
}

impl Listing {
    /// The ground-truth view of this listing.
    pub(crate) fn truth(&self, catalog: &Catalog) -> BeatportRelease {
        BeatportRelease {
            track_id: self.id,
            kind: self.kind,
            spotify_track_id: self.spotify_track.map(|track| catalog.tracks[track].id.clone()),
            genre_id: GENRES[self.genre].id,
            publish_date: self.date,
        }
    }
}

/// What a listing is made from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// A catalog track as itself.
    Catalog(usize, BeatportReleaseKind),
    /// An extra version of a catalog track.
    Version(usize),
    /// An exclusive.
    Exclusive,
}

#[derive(Debug)]
struct Draft {
    genre: usize,
    source: Source,
    /// What every draw about this listing hashes.
    key: String,
}

/// `parts` ninetieths of `n`, rounded.
fn ninetieths(n: usize, parts: usize) -> usize {
    (n * parts + 45) / 90
}

/// The week's releases as the store lists them, in id order.
pub(crate) fn week_listings(index: &ProviderIndex, catalog: &Catalog, week: Week) -> Vec<Listing> {
    WeekBuilder { index, catalog, shelves: &index.beatport, week }.listings()
}

struct WeekBuilder<'a> {
    index: &'a ProviderIndex,
    catalog: &'a Catalog,
    shelves: &'a Shelves,
    week: Week,
}

impl WeekBuilder<'_> {
    fn edition(&self, track: usize) -> String {
        format!("{}@{}", self.catalog.tracks[track].id, self.week.number())
    }

    fn drafts(&self) -> Vec<Draft> {
        let mut drafts = Vec::new();
        for (genre, shelf) in self.shelves.genres.iter().enumerate() {
            if shelf.cycle() == 0 {
                continue;
            }
            let slot = &shelf.slots[self.week.number().rem_euclid(shelf.cycle() as i64) as usize];
            let mut tracks: Vec<(f64, usize)> =
                slot.iter().map(|track| (self.index.share("beatport-kind", &self.edition(*track)), *track)).collect();
            tracks.sort_by(|a, b| a.0.total_cmp(&b.0));
            let n = tracks.len();
            let (missing, unknown) = (ninetieths(n, 8), ninetieths(n, 7));
            for (rank, (_, track)) in tracks.iter().enumerate() {
                let kind = match rank {
                    rank if rank < missing => BeatportReleaseKind::MissingIsrc,
                    rank if rank < missing + unknown => BeatportReleaseKind::UnknownIsrc,
                    _ => BeatportReleaseKind::KnownIsrc,
                };
                drafts.push(Draft { genre, source: Source::Catalog(*track, kind), key: self.edition(*track) });
            }
            for (_, track) in tracks.iter().rev().take(ninetieths(n, 5)) {
                let key = format!("{}+version", self.edition(*track));
                drafts.push(Draft { genre, source: Source::Version(*track), key });
            }
            for number in 0..ninetieths(n, 5) {
                let key = format!("{}#{number}@{}", GENRES[genre].slug, self.week.number());
                drafts.push(Draft { genre, source: Source::Exclusive, key });
            }
        }
        drafts
    }

    fn listings(&self) -> Vec<Listing> {
        // The listing order, and so the ids, mixes genres and kinds.
        let mut drafts: Vec<(f64, Draft)> =
            self.drafts().into_iter().map(|draft| (self.index.share("beatport-order", &draft.key), draft)).collect();
        drafts.sort_by(|a, b| a.0.total_cmp(&b.0));
        drafts.truncate(Week::MOST_LISTINGS);
        let first_track_id = self.week.first_track_id();
        let first_release_id = self.week.first_release_id();
        let mut album_releases: HashMap<usize, Release> = HashMap::new();
        let mut releases = 0;
        let mut next_release = || {
            releases += 1;
            first_release_id + releases - 1
        };
        let mut listings = Vec::with_capacity(drafts.len());
        for (rank, (_, draft)) in drafts.into_iter().enumerate() {
            let id = first_track_id + rank as u64;
            let listing = match draft.source {
                Source::Catalog(track, _) | Source::Version(track) => {
                    let album = self.catalog.tracks[track].album;
                    let release = album_releases
                        .entry(album)
                        .or_insert_with(|| self.album_release(album, next_release()))
                        .clone();
                    match draft.source {
                        Source::Catalog(_, kind) => self.catalog_listing(&draft, id, track, kind, release),
                        _ => self.extra_version(&draft, id, track, release),
                    }
                }
                Source::Exclusive => self.exclusive(&draft, id, next_release()),
            };
            listings.push(listing);
        }
        listings
    }

    fn album_release(&self, album: usize, id: u64) -> Release {
        let key = format!("{}@{}", self.catalog.albums[album].id, self.week.number());
        self.release(
            self.catalog.albums[album].name.clone(),
            self.shelves.label_of_album(self.catalog, album),
            &key,
            id,
        )
    }

    fn release(&self, name: String, label: usize, key: &str, id: u64) -> Release {
        let prefix: String = self.shelves.labels[label]
            .name
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .take(3)
            .collect::<String>()
            .to_uppercase();
        let number = self.index.number("beatport-catalog-number", key, 1, 999);
        Release {
            id,
            name,
            label,
            catalog_number: format!("{prefix}{number:03}"),
            is_hype: self.index.share("beatport-hype", key) < HYPE,
        }
    }

    /// The day of the week a listing comes out: mostly Friday, some Monday, few at the weekend.
    fn day(&self, key: &str) -> Date {
        let offset = match self.index.share("beatport-day", key) {
            roll if roll < 0.15 => 0,
            roll if roll < 0.25 => 1,
            roll if roll < 0.35 => 2,
            roll if roll < 0.45 => 3,
            roll if roll < 0.9 => 4,
            roll if roll < 0.95 => 5,
            _ => 6,
        };
        self.week.monday() + Duration::days(offset)
    }

    fn catalog_listing(
        &self,
        draft: &Draft,
        id: u64,
        position: usize,
        kind: BeatportReleaseKind,
        release: Release,
    ) -> Listing {
        let track = &self.catalog.tracks[position];
        let isrc = match kind {
            BeatportReleaseKind::KnownIsrc => Some(track.isrc.clone()),
            BeatportReleaseKind::UnknownIsrc => Some(self.made_up_isrc(&draft.key)),
            _ => None,
        };
        let jitter = if self.index.share("beatport-length", &draft.key) < LENGTH_JITTER {
            self.index.number("beatport-jitter", &draft.key, 0, 2_000) as i64 - 1_000
        } else {
            0
        };
        Listing {
            id,
            genre: draft.genre,
            kind,
            spotify_track: Some(position),
            name: track.name.clone(),
            mix_name: "Original Mix",
            isrc,
            bpm: track.features.tempo.round() as u32,
            key: u8::try_from(track.features.key).ok().map(|pitch| (pitch, track.features.mode == 1)),
            artists: track
                .artists
                .iter()
                .map(|artist| (self.shelves.artist_ids[*artist], self.catalog.artists[*artist].name.clone()))
                .collect(),
            release,
            date: self.day(&draft.key),
            length_ms: (i64::from(track.duration_ms) + jitter).max(1_000) as u32,
            popularity: track.popularity,
        }
    }

    fn extra_version(&self, draft: &Draft, id: u64, position: usize, release: Release) -> Listing {
        let original = self.edition(position);
        let mut listing = self.catalog_listing(draft, id, position, BeatportReleaseKind::MissingIsrc, release);
        let extended = self.index.share("beatport-mix", &draft.key) < 0.6;
        let difference = self.index.number("beatport-version-length", &draft.key, 60_000, 120_000) as u32;
        let original_ms = self.catalog.tracks[position].duration_ms;
        listing.kind = BeatportReleaseKind::ExtraVersion;
        listing.spotify_track = None;
        listing.mix_name = if extended { "Extended Mix" } else { "Dub Mix" };
        // An extended mix is longer; a dub may be either, but never shorter than a minute.
        listing.length_ms =
            if extended || original_ms < difference + 60_000 || self.index.share("beatport-dub", &draft.key) < 0.5 {
                original_ms + difference
            } else {
                original_ms - difference
            };
        listing.date = self.day(&original);
        listing.popularity = listing.popularity / 3 * 2;
        listing
    }

    fn exclusive(&self, draft: &Draft, id: u64, release_id: u64) -> Listing {
        let mut rng = self.index.rng("beatport-exclusive", &draft.key);
        let genre = &GENRES[draft.genre];
        let shelf = &self.shelves.genres[draft.genre];
        let name = exclusive_title(&mut rng);
        let credited = if rng.random_bool(0.2) { 2 } else { 1 };
        let artists =
            self.shelves.aliases.choose_multiple(&mut rng, credited).map(|(alias, id)| (*id, alias.clone())).collect();
        let label = shelf.labels.choose(&mut rng).copied().unwrap_or_default();
        // The tempo of a track of the genre, so that exclusives sit where the genre's releases do.
        let slot = shelf.slots.choose(&mut rng).map_or(&[][..], Vec::as_slice);
        let bpm = slot
            .choose(&mut rng)
            .map_or(genre.bpm.0, |track| self.catalog.tracks[*track].features.tempo.round() as u32);
        let key = Some((rng.random_range(0..12), rng.random_bool(0.5)));
        let length_ms = rng.random_range(300_000..480_000);
        let popularity = rng.random_range(5..=60);
        Listing {
            id,
            genre: draft.genre,
            kind: BeatportReleaseKind::Exclusive,
            spotify_track: None,
            release: self.release(name.clone(), label, &draft.key, release_id),
            name,
            mix_name: "Original Mix",
            isrc: None,
            bpm,
            key,
            artists,
            date: self.day(&draft.key),
            length_ms,
            popularity,
        }
    }

    /// A well-formed ISRC that no catalog track has.
    fn made_up_isrc(&self, key: &str) -> String {
        let mut rng = self.index.rng("beatport-isrc", key);
        let year = self.week.monday().year().rem_euclid(100);
        loop {
            let country = ISRC_COUNTRIES.choose(&mut rng).copied().unwrap_or("GB");
            let registrant: String = (0..3).map(|_| char::from(b'A' + rng.random_range(0..26u8))).collect();
            let code = format!("{country}{registrant}{year:02}{:05}", rng.random_range(0..100_000));
            if self.index.track_by_isrc(&code).is_none() {
                return code;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::build_catalog;
    use crate::config::CatalogOptions;
    use time::macros::date;

    #[test]
    fn a_week_mixes_the_kinds_in_their_shares_with_ids_of_its_own() {
        let options = CatalogOptions { tracks: 5_000, ..CatalogOptions::default() };
        let (catalog, _) = build_catalog(2026, &options, date!(2026 - 12 - 01), 0).unwrap();
        let index = ProviderIndex::build(2026, &catalog);
        let week = Week::containing(date!(2026 - 12 - 02));
        let listings = week_listings(&index, &catalog, week);
        let share = |kind| listings.iter().filter(|l| l.kind == kind).count() as f64 / listings.len() as f64;
        assert!(
            (0.70..0.80).contains(&share(BeatportReleaseKind::KnownIsrc)),
            "{}",
            share(BeatportReleaseKind::KnownIsrc)
        );
        for kind in [BeatportReleaseKind::MissingIsrc, BeatportReleaseKind::UnknownIsrc] {
            assert!((0.05..0.11).contains(&share(kind)), "{kind:?} {}", share(kind));
        }
        for kind in [BeatportReleaseKind::ExtraVersion, BeatportReleaseKind::Exclusive] {
            assert!((0.03..0.08).contains(&share(kind)), "{kind:?} {}", share(kind));
        }
        for (rank, listing) in listings.iter().enumerate() {
            assert_eq!(listing.id, week.first_track_id() + rank as u64);
            assert_eq!(Week::containing(listing.date), week);
            if listing.kind == BeatportReleaseKind::UnknownIsrc {
                let isrc = listing.isrc.as_deref().unwrap_or_default();
                assert!(isrc.len() == 12 && index.track_by_isrc(isrc).is_none(), "{isrc}");
            }
        }
    }
}
