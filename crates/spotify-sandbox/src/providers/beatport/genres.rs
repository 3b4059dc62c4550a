//! The Beatport genres the emulation lists, and which catalog tracks each one carries.
//!
//! | Beatport genre (id)                | catalog genres                                                          |
//! |------------------------------------|-------------------------------------------------------------------------|
//! | Tech House (11)                    | tech-house, club; electronic and dance at 115–134 BPM                   |
//! | House (5)                          | house, deep-house, chicago-house; electronic and dance at 108–129 BPM   |
//! | Techno (Peak Time / Driving) (6)   | techno, minimal-techno, detroit-techno; electronic and dance at 125–159 |
//! | Melodic House & Techno (90)        | melodic-house, melodic-techno, trance; electronic and dance at 95–124   |
//! | Drum & Bass (1)                    | drum-and-bass, jungle; electronic and dance at 160–184 BPM              |
//! | Afro House (89)                    | afro-house, afrobeat; afrobeats, world and world-music at 100–134 BPM   |
//! | Mainstage (96)                     | edm, progressive-house, electro, big-room; dance at 125–159 BPM         |
//! | Dance / Pop (39)                   | dance-pop; dance and pop at 80–124 BPM                                  |
//!
//! A named subgenre (the "Spotify tracks dataset" vocabulary) goes straight to its Beatport genre. A broad genre
//! (the generated catalog's `electronic`, `dance`, `pop`, `afrobeats`, `world`) feeds the Beatport genres whose BPM
//! range holds the track's rounded tempo, one of them picked by a hash of the track; outside every range the track
//! is not on Beatport. Every other catalog genre (rock, jazz, …) is not on Beatport either.

use crate::catalog::Track;

/// A Beatport genre.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Genre {
    pub id: u32,
    pub name: &'static str,
    pub slug: &'static str,
    /// The BPM a track of a broad catalog genre needs to land here, start inclusive, end exclusive.
    pub bpm: (u32, u32),
}

/// The genres served, in the order the genre list gives them.
pub(crate) const GENRES: [Genre; 8] = [
    Genre { id: 11, name: "Tech House", slug: "tech-house", bpm: (115, 135) },
    Genre { id: 5, name: "House", slug: "house", bpm: (108, 130) },
    Genre { id: 6, name: "Techno (Peak Time / Driving)", slug: "techno-peak-time-driving", bpm: (125, 160) },
    Genre { id: 90, name: "Melodic House & Techno", slug: "melodic-house-techno", bpm: (95, 125) },
    Genre { id: 1, name: "Drum & Bass", slug: "drum-bass", bpm: (160, 185) },
    Genre { id: 89, name: "Afro House", slug: "afro-house", bpm: (100, 135) },
    Genre { id: 96, name: "Mainstage", slug: "mainstage", bpm: (125, 160) },
    Genre { id: 39, name: "Dance / Pop", slug: "dance-pop", bpm: (80, 125) },
];

/// Where the tracks of one catalog genre go.
enum Route {
    /// All to this Beatport genre.
    Straight(u32),
    /// To one of these Beatport genres whose BPM range holds the track's tempo.
    ByBpm(&'static [u32]),
}

const ROUTES: [(&str, Route); 26] = [
    ("tech-house", Route::Straight(11)),
    ("club", Route::Straight(11)),
    ("house", Route::Straight(5)),
    ("deep-house", Route::Straight(5)),
    ("chicago-house", Route::Straight(5)),
    ("techno", Route::Straight(6)),
    ("minimal-techno", Route::Straight(6)),
    ("detroit-techno", Route::Straight(6)),
    ("melodic-house", Route::Straight(90)),
    ("melodic-techno", Route::Straight(90)),
    ("trance", Route::Straight(90)),
    ("drum-and-bass", Route::Straight(1)),
    ("jungle", Route::Straight(1)),
    ("afro-house", Route::Straight(89)),
    ("afrobeat", Route::Straight(89)),
    ("edm", Route::Straight(96)),
    ("progressive-house", Route::Straight(96)),
    ("electro", Route::Straight(96)),
    ("big-room", Route::Straight(96)),
    ("dance-pop", Route::Straight(39)),
    ("electronic", Route::ByBpm(&[11, 5, 6, 90, 1])),
    ("dance", Route::ByBpm(&[11, 5, 6, 90, 1, 96, 39])),
    ("pop", Route::ByBpm(&[39])),
    ("afrobeats", Route::ByBpm(&[89])),
    ("world", Route::ByBpm(&[89])),
    ("world-music", Route::ByBpm(&[89])),
];

/// The position in [`GENRES`] of the genre with this id.
pub(crate) fn position_of(id: u32) -> Option<usize> {
    GENRES.iter().position(|genre| genre.id == id)
}

/// The genres (positions in [`GENRES`]) that could carry `track`; `pick` chooses among several, given how many.
pub(crate) fn genre_of(track: &Track, pick: impl FnOnce(usize) -> usize) -> Option<usize> {
    let catalog_genre = track.genre.to_ascii_lowercase();
    let (_, route) = ROUTES.iter().find(|(name, _)| *name == catalog_genre)?;
    match route {
        Route::Straight(id) => position_of(*id),
        Route::ByBpm(ids) => {
            let bpm = track.features.tempo.round() as u32;
            let fitting: Vec<usize> = ids
                .iter()
                .filter_map(|id| position_of(*id))
                .filter(|position| (GENRES[*position].bpm.0..GENRES[*position].bpm.1).contains(&bpm))
                .collect();
            match fitting.len() {
                0 => None,
                count => fitting.get(pick(count)).copied(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, build_catalog};
    use crate::config::CatalogOptions;
    use time::macros::date;

    fn catalog() -> Catalog {
        let options = CatalogOptions { tracks: 300, ..CatalogOptions::default() };
        build_catalog(3, &options, date!(2026 - 06 - 01), 0).unwrap().0
    }

    #[test]
    fn every_route_names_a_served_genre() {
        for (name, route) in &ROUTES {
            let ids: &[u32] = match route {
                Route::Straight(id) => std::slice::from_ref(id),
                Route::ByBpm(ids) => ids,
            };
            assert!(ids.iter().all(|id| position_of(*id).is_some()), "{name}");
        }
    }

    #[test]
    fn broad_genres_go_where_the_tempo_fits() {
        let mut track = catalog().tracks[0].clone();
        track.genre = "electronic".into();
        track.features.tempo = 174.2;
        assert_eq!(genre_of(&track, |_| 0).map(|g| GENRES[g].id), Some(1));
        track.features.tempo = 140.0;
        assert_eq!(genre_of(&track, |_| 0).map(|g| GENRES[g].id), Some(6));
        track.features.tempo = 121.0;
        let choices: Vec<u32> = (0..3).filter_map(|n| genre_of(&track, |_| n)).map(|g| GENRES[g].id).collect();
        assert_eq!(choices, vec![11, 5, 90]);
        track.genre = "dance".into();
        assert_eq!(genre_of(&track, |count| count - 1).map(|g| GENRES[g].id), Some(39));
        track.genre = "electronic".into();
        track.features.tempo = 80.0;
        assert_eq!(genre_of(&track, |_| 0), None, "too slow for any genre served");
        track.genre = "Techno".into();
        assert_eq!(genre_of(&track, |_| 0).map(|g| GENRES[g].id), Some(6), "a subgenre goes straight");
        track.genre = "rock".into();
        assert_eq!(genre_of(&track, |_| 0), None);
    }
}
