//! Made-up titles and artist aliases of Beatport exclusives. Their words appear nowhere in the catalog's name
//! generator, so a Spotify search for an exclusive's title or artist finds nothing.

use rand::Rng;
use rand::seq::IndexedRandom;

const TITLE_FIRST: [&str; 16] = [
    "Acid",
    "Warehouse",
    "Basement",
    "Strobe",
    "Vinyl",
    "Analog",
    "Subsonic",
    "Hypnotic",
    "Rave",
    "Ritual",
    "Kinetic",
    "Modular",
    "Concrete",
    "Tribal",
    "Peaktime",
    "Dubplate",
];

const TITLE_SECOND: [&str; 16] = [
    "Pressure",
    "Machine",
    "Tension",
    "Pulse",
    "Theory",
    "Motion",
    "Science",
    "Function",
    "Dialect",
    "Syndrome",
    "Protocol",
    "Sequence",
    "Mechanism",
    "Groove",
    "Transit",
    "Drill",
];

const ALIAS_STEMS: [&str; 8] = ["Kor", "Vel", "Nyx", "Tam", "Zeb", "Oru", "Lux", "Dax"];
const ALIAS_ENDINGS: [&str; 5] = ["ion", "ara", "ek", "umo", "ix"];

/// Every alias an exclusive can be credited to, in a fixed order.
pub(crate) fn aliases() -> Vec<String> {
    ALIAS_STEMS.iter().flat_map(|stem| ALIAS_ENDINGS.iter().map(move |ending| format!("{stem}{ending}"))).collect()
}

/// An exclusive's title.
pub(crate) fn exclusive_title(rng: &mut impl Rng) -> String {
    let first = TITLE_FIRST.choose(rng).copied().unwrap_or_default();
    let second = TITLE_SECOND.choose(rng).copied().unwrap_or_default();
    format!("{first} {second}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::build_catalog;
    use crate::config::CatalogOptions;
    use time::macros::date;

    #[test]
    fn no_made_up_word_occurs_in_a_generated_catalog() {
        let options = CatalogOptions { tracks: 5_000, ..CatalogOptions::default() };
        let (catalog, _) = build_catalog(11, &options, date!(2026 - 06 - 01), 0).unwrap();
        let words: Vec<String> = TITLE_FIRST.iter().chain(&TITLE_SECOND).map(|w| w.to_lowercase()).collect();
        for track in &catalog.tracks {
            let title = track.name.to_lowercase();
            assert!(words.iter().all(|word| !title.contains(word.as_str())), "{title}");
        }
        let aliases: Vec<String> = aliases().iter().map(|a| a.to_lowercase()).collect();
        assert_eq!(aliases.len(), 40);
        for artist in &catalog.artists {
            let name = artist.name.to_lowercase();
            assert!(aliases.iter().all(|alias| !name.contains(alias.as_str())), "{name}");
        }
    }
}
