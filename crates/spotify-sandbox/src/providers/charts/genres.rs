//! The genres the chart sources chart, and which catalog genres count toward each. Every service names them its own
//! way (Deezer's ids, Last.fm's tags, Shazam's chart slugs, Apple's genre ids), next to its routes.

/// A genre with charts of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ChartGenre {
    Pop,
    HipHop,
    Dance,
    Electronic,
    Country,
    Rock,
    RnB,
    Latin,
}

impl ChartGenre {
    pub(crate) const ALL: [ChartGenre; 8] = [
        ChartGenre::Pop,
        ChartGenre::HipHop,
        ChartGenre::Dance,
        ChartGenre::Electronic,
        ChartGenre::Country,
        ChartGenre::Rock,
        ChartGenre::RnB,
        ChartGenre::Latin,
    ];

    /// The generated catalog's name of the genre.
    pub(crate) fn catalog_name(self) -> &'static str {
        match self {
            ChartGenre::Pop => "pop",
            ChartGenre::HipHop => "hip-hop",
            ChartGenre::Dance => "dance",
            ChartGenre::Electronic => "electronic",
            ChartGenre::Country => "country",
            ChartGenre::Rock => "rock",
            ChartGenre::RnB => "r&b",
            ChartGenre::Latin => "latin",
        }
    }

    /// The chart genre a catalog genre counts toward: the generated catalog's names, then the words of the "Spotify
    /// tracks dataset" genres (`k-pop`, `r-n-b`, `reggaeton`, …). Alternative and punk chart as rock; genres without
    /// charts of their own (jazz, ambient, …) count toward none.
    pub(crate) fn of(genre: &str) -> Option<ChartGenre> {
        const KEYWORDS: [(&str, ChartGenre); 22] = [
            ("r&b", ChartGenre::RnB),
            ("r-n-b", ChartGenre::RnB),
            ("hip-hop", ChartGenre::HipHop),
            ("rap", ChartGenre::HipHop),
            ("latin", ChartGenre::Latin),
            ("reggaeton", ChartGenre::Latin),
            ("salsa", ChartGenre::Latin),
            ("brazil", ChartGenre::Latin),
            ("country", ChartGenre::Country),
            ("honky-tonk", ChartGenre::Country),
            ("edm", ChartGenre::Dance),
            ("dance", ChartGenre::Dance),
            ("electro", ChartGenre::Electronic),
            ("house", ChartGenre::Electronic),
            ("techno", ChartGenre::Electronic),
            ("trance", ChartGenre::Electronic),
            ("pop", ChartGenre::Pop),
            ("rock", ChartGenre::Rock),
            ("alternative", ChartGenre::Rock),
            ("punk", ChartGenre::Rock),
            ("indie", ChartGenre::Rock),
            ("metal", ChartGenre::Rock),
        ];
        let genre = genre.trim().to_ascii_lowercase();
        // Dancehall is reggae, not dance.
        if genre.contains("dancehall") {
            return None;
        }
        KEYWORDS.iter().find(|(word, _)| genre.contains(word)).map(|(_, chart)| *chart)
    }

    /// The genre's bit in a [`GenreSet`].
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The chart genres a track counts toward.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct GenreSet(u8);

impl GenreSet {
    pub(crate) fn insert(&mut self, genre: ChartGenre) {
        self.0 |= genre.bit();
    }

    pub(crate) fn contains(self, genre: ChartGenre) -> bool {
        self.0 & genre.bit() != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_genres_count_toward_their_chart_genre() {
        for genre in ChartGenre::ALL {
            assert_eq!(ChartGenre::of(genre.catalog_name()), Some(genre));
        }
        assert_eq!(ChartGenre::of("k-pop"), Some(ChartGenre::Pop));
        assert_eq!(ChartGenre::of("r-n-b"), Some(ChartGenre::RnB));
        assert_eq!(ChartGenre::of("deep-house"), Some(ChartGenre::Electronic));
        assert_eq!(ChartGenre::of("alternative"), Some(ChartGenre::Rock));
        assert_eq!(ChartGenre::of("dancehall"), None);
        assert_eq!(ChartGenre::of("jazz"), None);
        let mut set = GenreSet::default();
        set.insert(ChartGenre::Latin);
        assert!(set.contains(ChartGenre::Latin) && !set.contains(ChartGenre::Pop));
    }
}
