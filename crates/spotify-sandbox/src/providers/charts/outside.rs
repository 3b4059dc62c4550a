//! Songs on the charts that the sandbox's catalog does not have: a fixed set per genre with made-up titles and
//! artists, the same for every service charting that genre, so that a client can still merge them by title and
//! artist. Their words appear nowhere in the catalog's name generator, so a Spotify search for one finds nothing.

use std::collections::HashSet;

use rand::Rng;
use rand::seq::IndexedRandom;
use time::{Date, Duration};

use super::genres::ChartGenre;
use super::songs::written as written_key;
use crate::providers::identity::ProviderIndex;

/// Outside songs per genre: enough for 5–10 % of a 200-song chart drawing from every genre.
pub(crate) const PER_GENRE: usize = 12;
/// Deezer ids of outside songs start here, above every id the catalog's tracks get.
const FIRST_DEEZER_ID: u64 = 4_100_000_000;

const TITLE_WORDS: [&str; 24] = [
    "Marigold",
    "Porcelain",
    "Wanderlust",
    "Velocity",
    "Honeycomb",
    "Lullaby",
    "Mirage",
    "Gasoline",
    "Cherry Wine",
    "Monsoon",
    "Carousel",
    "Riptide",
    "Stardust",
    "Hurricane",
    "Vertigo",
    "Firefly",
    "Sunflower",
    "Chandelier",
    "Tequila",
    "Kerosene",
    "Lemonade",
    "Quicksand",
    "Jukebox",
    "Rodeo",
];

const TITLE_ENDINGS: [&str; 8] = ["", "", "", " Tonight", " Forever", " Again", " in July", " on Repeat"];

const GIVEN_NAMES: [&str; 14] = [
    "Juno", "Remy", "Kaia", "Luca", "Nova", "Ezra", "Milo", "Tallulah", "Otis", "Wren", "Cass", "Bexley", "Indigo",
    "Soraya",
];

const FAMILY_NAMES: [&str; 12] = [
    "Blackwood",
    "Sterling",
    "Monroe",
    "Castillo",
    "Okoro",
    "Lindgren",
    "Hollis",
    "Quintero",
    "Ashby",
    "Fairweather",
    "Devereux",
    "Kimura",
];

/// A song no catalog track is.
#[derive(Debug, Clone)]
pub(crate) struct OutsideSong {
    /// What every draw about the song hashes (`outside:{genre}:{n}`).
    pub key: String,
    pub genre: ChartGenre,
    pub title: String,
    pub artists: Vec<String>,
    pub album: String,
    pub duration_ms: u32,
    pub explicit: bool,
    /// Made up with the registrant country `QZ`, which no catalog ISRC uses.
    pub isrc: String,
    pub released: Date,
    /// Popularity on Spotify's 0–100 scale, had Spotify the song.
    pub popularity: u8,
    /// Its Deezer id (Deezer has every outside song).
    pub deezer_id: u64,
}

/// The outside songs of every genre, genre by genre; `newest` is the catalog's latest release date, which the songs
/// are dated back from.
pub(crate) fn outside_songs(index: &ProviderIndex, newest: Date) -> Vec<OutsideSong> {
    let mut songs = Vec::with_capacity(ChartGenre::ALL.len() * PER_GENRE);
    let mut written = HashSet::new();
    for genre in ChartGenre::ALL {
        for n in 0..PER_GENRE {
            let key = format!("outside:{}:{n}", genre.catalog_name());
            let mut rng = index.rng("chart-outside", &key);
            let artist = artist_name(&mut rng, genre);
            let mut artists = vec![artist];
            if rng.random_bool(0.25) {
                artists.push(artist_name(&mut rng, genre));
            }
            // Two outside songs written alike would be one song to whoever reads the charts.
            let title = loop {
                let title = format!(
                    "{}{}",
                    TITLE_WORDS.choose(&mut rng).copied().unwrap_or_default(),
                    TITLE_ENDINGS.choose(&mut rng).copied().unwrap_or_default()
                );
                if written.insert(written_key(&title, &artists[0])) {
                    break title;
                }
            };
            let album = if rng.random_bool(0.6) { title.clone() } else { format!("{} Sessions", artists[0]) };
            let explicit_share = if genre == ChartGenre::HipHop { 0.5 } else { 0.1 };
            songs.push(OutsideSong {
                genre,
                duration_ms: rng.random_range(140_000..260_000),
                explicit: rng.random_bool(explicit_share),
                isrc: format!(
                    "QZ{}{:02}{:05}",
                    registrant(&mut rng),
                    newest.year().rem_euclid(100),
                    rng.random_range(0..100_000)
                ),
                released: newest - Duration::days(rng.random_range(0..540)),
                popularity: rng.random_range(55..=95),
                deezer_id: FIRST_DEEZER_ID + (songs.len() as u64) * 7_919 + rng.random_range(0..7_919),
                key,
                title,
                artists,
                album,
            });
        }
    }
    songs
}

fn artist_name(rng: &mut impl Rng, genre: ChartGenre) -> String {
    let given = GIVEN_NAMES.choose(rng).copied().unwrap_or_default();
    let family = FAMILY_NAMES.choose(rng).copied().unwrap_or_default();
    match (genre, rng.random_range(0..3)) {
        (ChartGenre::HipHop, 0) => format!("Lil {given}"),
        (ChartGenre::Dance | ChartGenre::Electronic, 0) => given.to_uppercase(),
        (ChartGenre::Latin, 0) => format!("{given} {family} y Los {family}s"),
        _ => format!("{given} {family}"),
    }
}

fn registrant(rng: &mut impl Rng) -> String {
    (0..3).map(|_| char::from(b'A' + rng.random_range(0..26u8))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::build_catalog;
    use crate::config::CatalogOptions;
    use time::macros::date;

    #[test]
    fn outside_songs_share_no_words_or_isrcs_with_the_catalog() {
        let options = CatalogOptions { tracks: 5_000, ..CatalogOptions::default() };
        let (catalog, _) = build_catalog(3, &options, date!(2026 - 06 - 01), 0).unwrap();
        let index = ProviderIndex::build(3, &catalog);
        let songs = outside_songs(&index, date!(2026 - 06 - 01));
        assert_eq!(songs.len(), ChartGenre::ALL.len() * PER_GENRE);
        let words: Vec<String> = TITLE_WORDS.iter().chain(&FAMILY_NAMES).map(|word| word.to_lowercase()).collect();
        for track in &catalog.tracks {
            let title = track.name.to_lowercase();
            assert!(words.iter().all(|word| !title.contains(word.as_str())), "{title}");
        }
        for artist in &catalog.artists {
            let name = artist.name.to_lowercase();
            assert!(words.iter().all(|word| !name.contains(word.as_str())), "{name}");
        }
        let written: HashSet<u64> = songs.iter().map(|song| written_key(&song.title, &song.artists[0])).collect();
        assert_eq!(written.len(), songs.len(), "no two written alike");
        let mut deezer_ids: Vec<u64> = songs.iter().map(|song| song.deezer_id).collect();
        deezer_ids.dedup();
        assert_eq!(deezer_ids.len(), songs.len());
        assert!(songs.iter().all(|song| index.track_by_isrc(&song.isrc).is_none() && song.isrc.len() == 12));
    }
}
