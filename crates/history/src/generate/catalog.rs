//! The made-up catalog generated exports draw from: artists with albums of songs, and podcast shows with episodes.
//! It is the same for every seed, so URIs repeat across plays and across exports as in real listening.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const ADJECTIVES: &[&str] = &[
    "Velvet", "Electric", "Quiet", "Golden", "Broken", "Neon", "Silver", "Hollow", "Wild", "Paper", "Midnight",
    "Crystal", "Lonely", "Northern", "Burning", "Gentle", "Frozen", "Restless", "Crimson", "Distant", "Sudden", "Blå",
    "Dunkle", "Fenêtre", "Ruhige",
];
const NOUNS: &[&str] = &[
    "Lantern",
    "River",
    "Harbor",
    "Machine",
    "Garden",
    "Signal",
    "Orchard",
    "Mirror",
    "Tide",
    "Comet",
    "Highway",
    "Window",
    "Echo",
    "Lighthouse",
    "Meadow",
    "Engine",
    "Satellite",
    "Forest",
    "Ocean",
    "Canyon",
    "Ember",
    "Atlas",
    "Café",
    "Sjö",
    "Nacht",
];
const FIRST_NAMES: &[&str] =
    &["Ada", "Jonas", "Mina", "Theo", "Luz", "Kenji", "Aino", "Marta", "Olu", "Saoirse", "Björn", "Zoë", "Amaru"];
const LAST_NAMES: &[&str] =
    &["Reyes", "Lindqvist", "Okafor", "Tanaka", "Moreau", "Novak", "Ó Briain", "Haddad", "Kowalski", "Brandt"];
const TITLE_TAILS: &[&str] = &[
    "",
    "",
    "",
    "",
    " (Remastered 2011)",
    " - Live",
    " (feat. Mina Reyes)",
    " - Radio Edit",
    " (Acoustic)",
    " \"Unplugged\"",
    " (Side A\\B)",
];
const SHOW_KINDS: &[&str] = &["Podcast", "Hour", "Show", "Radio", "Talks", "Weekly"];

/// A song in the catalog.
pub(crate) struct Song {
    pub(crate) uri: String,
    pub(crate) name: String,
    pub(crate) artist: String,
    pub(crate) album: String,
    pub(crate) duration_ms: u32,
}

/// A podcast episode in the catalog.
pub(crate) struct Episode {
    pub(crate) uri: String,
    pub(crate) name: String,
    pub(crate) show: String,
    pub(crate) duration_ms: u32,
}

pub(crate) struct Catalog {
    pub(crate) songs: Vec<Song>,
    pub(crate) episodes: Vec<Episode>,
}

const ARTISTS: usize = 400;
const SHOWS: usize = 40;
const EPISODES_PER_SHOW: usize = 30;
/// Fixed, so the catalog is the same whatever seed an export is generated with.
const CATALOG_SEED: u64 = 0x5eed_ca7a_1090;

impl Catalog {
    pub(crate) fn new() -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(CATALOG_SEED);
        let mut songs = Vec::new();
        for _ in 0..ARTISTS {
            let artist = artist_name(&mut rng);
            for _ in 0..rng.random_range(1..=4) {
                let album = format!("{} {}", pick(&mut rng, ADJECTIVES), pick(&mut rng, NOUNS));
                for _ in 0..rng.random_range(8..=14) {
                    songs.push(Song {
                        uri: format!("spotify:track:{}", spotify_id(&mut rng)),
                        name: song_name(&mut rng),
                        artist: artist.clone(),
                        album: album.clone(),
                        duration_ms: rng.random_range(95_000..=420_000),
                    });
                }
            }
        }
        let mut episodes = Vec::new();
        for _ in 0..SHOWS {
            let show = format!("The {} {}", pick(&mut rng, NOUNS), pick(&mut rng, SHOW_KINDS));
            for number in 1..=EPISODES_PER_SHOW {
                episodes.push(Episode {
                    uri: format!("spotify:episode:{}", spotify_id(&mut rng)),
                    name: format!("#{number}: {} {}", pick(&mut rng, ADJECTIVES), pick(&mut rng, NOUNS)),
                    show: show.clone(),
                    duration_ms: rng.random_range(900_000..=5_400_000),
                });
            }
        }
        Catalog { songs, episodes }
    }
}

fn pick<'a>(rng: &mut ChaCha8Rng, words: &[&'a str]) -> &'a str {
    // Every list above is non-empty.
    words.choose(rng).copied().unwrap_or_default()
}

fn artist_name(rng: &mut ChaCha8Rng) -> String {
    match rng.random_range(0..3) {
        0 => format!("The {} {}s", pick(rng, ADJECTIVES), pick(rng, NOUNS)),
        1 => format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)),
        _ => format!("{} & the {}s", pick(rng, FIRST_NAMES), pick(rng, NOUNS)),
    }
}

fn song_name(rng: &mut ChaCha8Rng) -> String {
    let core = match rng.random_range(0..4) {
        0 => format!("{} {}", pick(rng, ADJECTIVES), pick(rng, NOUNS)),
        1 => format!("{} of the {}", pick(rng, NOUNS), pick(rng, NOUNS)),
        2 => format!("Don't Leave the {}", pick(rng, NOUNS)),
        _ => pick(rng, NOUNS).to_owned(),
    };
    format!("{core}{}", pick(rng, TITLE_TAILS))
}

/// A Spotify-shaped id: 22 characters of base 62.
fn spotify_id(rng: &mut ChaCha8Rng) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..22).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect()
}
