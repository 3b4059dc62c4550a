//! The catalog's genre as each provider names it: Deezer's coarse album genres (with their numeric ids) and
//! MusicBrainz's lower-case genre names with a few subgenres each.

/// A Deezer genre: its id and its name.
pub(crate) type DeezerGenre = (u32, &'static str);

const POP: DeezerGenre = (132, "Pop");
const RAP: DeezerGenre = (116, "Rap/Hip Hop");
const ROCK: DeezerGenre = (152, "Rock");
const DANCE: DeezerGenre = (113, "Dance");
const ELECTRO: DeezerGenre = (106, "Electro");
const RNB: DeezerGenre = (165, "R&B");
const ALTERNATIVE: DeezerGenre = (85, "Alternative");
const JAZZ: DeezerGenre = (129, "Jazz");
const CLASSICAL: DeezerGenre = (98, "Classical");
const REGGAE: DeezerGenre = (144, "Reggae");
const LATIN: DeezerGenre = (197, "Latin Music");
const SOUL_FUNK: DeezerGenre = (169, "Soul & Funk");
const METAL: DeezerGenre = (464, "Metal");
const FOLK: DeezerGenre = (466, "Folk");
const COUNTRY: DeezerGenre = (84, "Country");
const FILMS_GAMES: DeezerGenre = (173, "Films/Games");
const AFRICAN: DeezerGenre = (2, "African Music");
const BRAZILIAN: DeezerGenre = (75, "Brazilian Music");
const BLUES: DeezerGenre = (153, "Blues");
// Deezer's id for its catch-all world genre is not confirmed; 12 stands in for it.
const WORLD: DeezerGenre = (12, "World");

/// Deezer's main genre for a catalog genre, and the second genre it sometimes adds.
pub(crate) fn deezer_genres(genre: &str) -> (DeezerGenre, Option<DeezerGenre>) {
    let genre = genre.to_ascii_lowercase();
    match genre.as_str() {
        "a capella" | "pop" => (POP, Some(DANCE)),
        "afrobeats" => (AFRICAN, Some(POP)),
        "alternative" => (ALTERNATIVE, Some(ROCK)),
        "ambient" | "wellness" => (ELECTRO, None),
        "arabic" | "turkish" | "world" => (WORLD, None),
        "blues" => (BLUES, Some(SOUL_FUNK)),
        "brazilian" => (BRAZILIAN, Some(LATIN)),
        "classical" => (CLASSICAL, None),
        "country" => (COUNTRY, Some(FOLK)),
        "dance" => (DANCE, Some(ELECTRO)),
        "electronic" => (ELECTRO, Some(DANCE)),
        "folk" => (FOLK, Some(ALTERNATIVE)),
        "gaming" | "movie" => (FILMS_GAMES, None),
        "hip-hop" | "lofi" => (RAP, None),
        "jazz" => (JAZZ, Some(SOUL_FUNK)),
        "latin" => (LATIN, Some(POP)),
        "punk" => (ROCK, Some(ALTERNATIVE)),
        "r&b" => (RNB, Some(SOUL_FUNK)),
        "rock" => (ROCK, None),
        other => (deezer_genre_by_keyword(other), None),
    }
}

/// Genres of CSV catalogs outside the generated vocabulary, by the words in their names.
fn deezer_genre_by_keyword(genre: &str) -> DeezerGenre {
    const KEYWORDS: [(&str, DeezerGenre); 16] = [
        ("metal", METAL),
        ("grind", METAL),
        ("reggae", REGGAE),
        ("dancehall", REGGAE),
        ("soul", SOUL_FUNK),
        ("funk", SOUL_FUNK),
        ("hip", RAP),
        ("rap", RAP),
        ("r-n-b", RNB),
        ("house", ELECTRO),
        ("techno", ELECTRO),
        ("edm", DANCE),
        ("salsa", LATIN),
        ("reggaeton", LATIN),
        ("rock", ROCK),
        ("jazz", JAZZ),
    ];
    KEYWORDS.iter().find(|(word, _)| genre.contains(word)).map_or(POP, |(_, deezer)| *deezer)
}

/// MusicBrainz's genre name for a catalog genre and the subgenres voters add to some recordings.
pub(crate) fn musicbrainz_genres(genre: &str) -> (String, &'static [&'static str]) {
    let (name, subgenres): (&str, &'static [&'static str]) = match genre.to_ascii_lowercase().as_str() {
        "a capella" => ("a cappella", &["vocal jazz"]),
        "afrobeats" => ("afrobeats", &["afropop", "afroswing"]),
        "alternative" => ("alternative rock", &["indie rock", "post-punk"]),
        "ambient" => ("ambient", &["drone", "dark ambient"]),
        "arabic" => ("arabic pop", &["khaleeji"]),
        "blues" => ("blues", &["electric blues", "blues rock"]),
        "brazilian" => ("mpb", &["samba", "bossa nova"]),
        "classical" => ("classical", &["romanticism", "baroque", "modern classical"]),
        "country" => ("country", &["country pop", "americana"]),
        "dance" => ("dance-pop", &["house", "eurodance"]),
        "electronic" => ("electronic", &["house", "techno", "big beat"]),
        "folk" => ("folk", &["indie folk", "contemporary folk"]),
        "gaming" => ("video game music", &["chiptune"]),
        "hip-hop" => ("hip hop", &["boom bap", "trap", "conscious hip hop"]),
        "jazz" => ("jazz", &["bebop", "jazz fusion", "cool jazz"]),
        "latin" => ("latin pop", &["reggaeton", "salsa"]),
        "lofi" => ("lo-fi hip hop", &["chillhop"]),
        "movie" => ("film score", &["soundtrack"]),
        "pop" => ("pop", &["synth-pop", "indie pop", "dance-pop"]),
        "punk" => ("punk rock", &["pop punk", "hardcore punk"]),
        "r&b" => ("contemporary r&b", &["neo soul", "soul"]),
        "rock" => ("rock", &["indie rock", "hard rock", "alternative rock"]),
        "turkish" => ("turkish pop", &["arabesk"]),
        "wellness" => ("new age", &["ambient"]),
        "world" => ("world music", &["worldbeat"]),
        other => return (other.replace(['-', '_'], " "), &[]),
    };
    (name.to_owned(), subgenres)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_genres_map_to_each_vocabulary() {
        assert_eq!(deezer_genres("hip-hop").0, RAP);
        assert_eq!(deezer_genres("electronic"), (ELECTRO, Some(DANCE)));
        assert_eq!(deezer_genres("death-metal").0, METAL);
        assert_eq!(deezer_genres("j-idol").0, POP);
        assert_eq!(musicbrainz_genres("hip-hop").0, "hip hop");
        assert!(musicbrainz_genres("hip-hop").1.contains(&"boom bap"));
        assert_eq!(musicbrainz_genres("indie-pop").0, "indie pop");
    }
}
