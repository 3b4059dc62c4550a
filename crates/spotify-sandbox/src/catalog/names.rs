//! Invented names for generated artists, releases, labels, playlists and podcasts.

use rand::Rng;
use rand::seq::IndexedRandom;

const ADJECTIVES: &[&str] = &[
    "Amber", "Silver", "Velvet", "Hollow", "Golden", "Quiet", "Electric", "Paper", "Neon", "Wild", "Distant",
    "Crimson", "Lucid", "Northern", "Broken", "Gentle", "Midnight", "Restless", "Glass", "Faded", "Bright", "Secret",
    "Lonely", "Endless", "Hidden", "Burning", "Frozen", "Little", "Static", "Tidal", "Violet", "Copper", "Blue",
    "Salt",
];

const NOUNS: &[&str] = &[
    "Harbor",
    "Lanterns",
    "Rivers",
    "Echo",
    "Meadow",
    "Orchard",
    "Signals",
    "Tides",
    "Satellites",
    "Canyon",
    "Foxes",
    "Horizon",
    "Parade",
    "Mirrors",
    "Engines",
    "Gardens",
    "Sparrows",
    "Thunder",
    "Avenue",
    "Compass",
    "Embers",
    "Islands",
    "Voyage",
    "Circuits",
    "Pines",
    "Motel",
    "Choir",
    "Season",
    "Wolves",
    "Ferris",
    "Lighthouse",
    "Dunes",
];

const FIRST_NAMES: &[&str] = &[
    "Mira", "Jonah", "Ines", "Tobias", "Ayla", "Rafael", "Noor", "Felix", "Lenka", "Dario", "Sade", "Kofi", "Yuki",
    "Anouk", "Elio", "Zara", "Matteo", "Ilse", "Teo", "Amara", "Caspian", "Lior", "Odette", "Rune", "Selin", "Vito",
];

const LAST_NAMES: &[&str] = &[
    "Solenne",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Hale",
    "Castell",
    "Varga",
    "Nakamura",
    "Brandt",
    "Oyelaran",
    "Pike",
    "Romero",
    "Adair",
    "Kovac",
    "Delacroix",
    "Sato",
    "Ferreira",
    "Quill",
    "Marlowe",
    "Novak",
    "Arden",
    "Bellamy",
];

const TRACK_WORDS: &[&str] = &[
    "Heartbeat",
    "Slow Burn",
    "Afterglow",
    "Run",
    "Daylight",
    "Gravity",
    "Falling",
    "Paper Planes",
    "Home",
    "Static",
    "Over You",
    "Wildfire",
    "Summer Rain",
    "Ghosts",
    "Tonight",
    "Skyline",
    "Undertow",
    "Cold Water",
    "Sugar",
    "Orbit",
    "Polaroid",
    "Low Tide",
    "Stay",
    "Bloom",
    "Runaway",
    "Echoes",
    "Kaleidoscope",
    "Letters",
    "Shiver",
    "Nightdrive",
];

const TRACK_SUFFIXES: &[&str] =
    &["", "", "", "", "", "", " (Acoustic)", " - Remastered", " (Live)", " (feat. Friends)", " - Radio Edit", " Pt. 2"];

const LABEL_WORDS: &[&str] =
    &["Records", "Music", "Recordings", "Sound", "Audio", "Collective", "Label Group", "Tapes", "Editions"];

const PLAYLIST_NAMES: &[&str] = &[
    "Road Trip",
    "Late Night Drive",
    "Focus Flow",
    "Sunday Morning",
    "Workout Mix",
    "Rainy Days",
    "Party Starters",
    "Chill Vibes",
    "Dinner Jazz",
    "Throwbacks",
    "Deep Focus",
    "Summer Hits",
    "Heartbreak Hotel",
    "Running Pace",
    "Cooking Soundtrack",
    "Old Favourites",
    "New Finds",
    "Coffee Shop",
    "Study Session",
    "Wedding Songs",
    "Gym",
    "Sleep",
    "Discoveries",
    "Karaoke Night",
    "Commute",
    "Garden Party",
    "Indie Picks",
    "Feel Good",
    "Melancholy",
];

const CURATOR_NAMES: &[&str] = &[
    "Vinyl Attic",
    "Night Owl Radio",
    "Crate Diggers",
    "The Listening Room",
    "Slow Sundays",
    "Tape Deck Club",
    "Basement Sessions",
    "Velvet Couch",
    "Backroad Radio",
    "Blue Hour",
    "Record Store Day",
    "Morning Pages",
];

const SHOW_NAMES: &[&str] = &[
    "Liner Notes",
    "The B-Side Hour",
    "Studio Stories",
    "Sound Check",
    "Deep Cuts Weekly",
    "Producer's Chair",
    "On the Record",
    "Frequency",
    "Track by Track",
    "Mixdown",
];

fn pick<'a>(rng: &mut impl Rng, words: &[&'a str]) -> &'a str {
    words.choose(rng).copied().unwrap_or_default()
}

/// A band name or a person's name.
pub(crate) fn artist_name(rng: &mut impl Rng) -> String {
    match rng.random_range(0..4) {
        0 => format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)),
        1 => format!("The {} {}", pick(rng, ADJECTIVES), pick(rng, NOUNS)),
        2 => format!("{} {}", pick(rng, ADJECTIVES), pick(rng, NOUNS)),
        _ => format!("{} & the {}", pick(rng, FIRST_NAMES), pick(rng, NOUNS)),
    }
}

/// An album title.
pub(crate) fn album_name(rng: &mut impl Rng) -> String {
    match rng.random_range(0..3) {
        0 => format!("{} {}", pick(rng, ADJECTIVES), pick(rng, NOUNS)),
        1 => pick(rng, TRACK_WORDS).to_owned(),
        _ => format!("Songs for {}", pick(rng, NOUNS)),
    }
}

/// A track title.
pub(crate) fn track_name(rng: &mut impl Rng) -> String {
    let base = if rng.random_bool(0.5) {
        pick(rng, TRACK_WORDS).to_owned()
    } else {
        format!("{} {}", pick(rng, ADJECTIVES), pick(rng, TRACK_WORDS))
    };
    format!("{base}{}", pick(rng, TRACK_SUFFIXES))
}

/// A record label.
pub(crate) fn label_name(rng: &mut impl Rng) -> String {
    format!("{} {}", pick(rng, NOUNS), pick(rng, LABEL_WORDS))
}

/// A playlist title.
pub(crate) fn playlist_name(rng: &mut impl Rng) -> String {
    let base = pick(rng, PLAYLIST_NAMES);
    match rng.random_range(0..4) {
        0 => format!("{base} {}", rng.random_range(2012..2027)),
        1 => format!("{base} vol. {}", rng.random_range(2..6)),
        _ => base.to_owned(),
    }
}

/// A display name for a playlist curator who is not a demo user.
pub(crate) fn curator_name(index: usize) -> String {
    let base = CURATOR_NAMES[index % CURATOR_NAMES.len()];
    match index / CURATOR_NAMES.len() {
        0 => base.to_owned(),
        round => format!("{base} {}", round + 1),
    }
}

/// A podcast title and its publisher.
pub(crate) fn show_name(index: usize, rng: &mut impl Rng) -> (String, String) {
    let name = SHOW_NAMES[index % SHOW_NAMES.len()].to_owned();
    (name, format!("{} {}", pick(rng, NOUNS), pick(rng, LABEL_WORDS)))
}

/// An episode title.
pub(crate) fn episode_name(number: usize, rng: &mut impl Rng) -> String {
    format!("Ep. {number}: {} and {}", pick(rng, TRACK_WORDS), pick(rng, NOUNS))
}
