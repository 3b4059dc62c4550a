//! Beatport's v4 JSON objects: tracks, genres, labels, keys in Camelot notation, slugs.

use serde_json::{Value, json};

use super::genres::{GENRES, Genre};
use super::listings::Listing;
use super::shelves::{Label, Shelves};

/// Note names by pitch class, as Beatport spells major and minor keys.
const MAJOR_NOTES: [&str; 12] = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
const MINOR_NOTES: [&str; 12] = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"];

/// Lower case, every run of other characters than letters and digits one hyphen.
pub(crate) fn slug(text: &str) -> String {
    let lowered = text.to_lowercase();
    let words: Vec<&str> = lowered.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect();
    words.join("-")
}

/// The Camelot number and letter of a key: C major is 8B, A minor 8A, a fifth up one number more.
pub(crate) fn camelot(pitch: u8, major: bool) -> (u8, char) {
    let relative_major = if major { pitch } else { (pitch + 3) % 12 };
    ((relative_major * 7 + 7) % 12 + 1, if major { 'B' } else { 'A' })
}

fn key(pitch: u8, major: bool) -> Value {
    let (number, letter) = camelot(pitch, major);
    let name = if major {
        format!("{} Major", MAJOR_NOTES[usize::from(pitch % 12)])
    } else {
        format!("{} Minor", MINOR_NOTES[usize::from(pitch % 12)])
    };
    json!({ "name": name, "camelot_number": number, "camelot_letter": letter.to_string() })
}

/// A genre.
pub(crate) fn genre(genre: &Genre) -> Value {
    json!({ "id": genre.id, "name": genre.name, "slug": genre.slug })
}

/// A label.
pub(crate) fn label(label: &Label) -> Value {
    json!({ "id": label.id, "name": label.name, "slug": slug(&label.name) })
}

/// A track in the v4 catalog shape.
pub(crate) fn track(listing: &Listing, shelves: &Shelves) -> Value {
    let artists: Vec<Value> =
        listing.artists.iter().map(|(id, name)| json!({ "id": id, "name": name, "slug": slug(name) })).collect();
    let release = &listing.release;
    let label = &shelves.labels[release.label];
    let date = listing.date.to_string();
    json!({
        "id": listing.id,
        "name": listing.name,
        "mix_name": listing.mix_name,
        "isrc": listing.isrc,
        "bpm": listing.bpm,
        "key": listing.key.map(|(pitch, major)| key(pitch, major)),
        "genre": genre(&GENRES[listing.genre]),
        "sub_genre": null,
        "artists": artists,
        "remixers": [],
        "release": { "id": release.id, "name": release.name, "label": { "id": label.id, "name": label.name } },
        "catalog_number": release.catalog_number,
        "new_release_date": date,
        "publish_date": date,
        "length_ms": listing.length_ms,
        "slug": slug(&listing.name),
        "is_hype": release.is_hype,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_camelot_wheel() {
        assert_eq!(camelot(0, true), (8, 'B'));
        assert_eq!(camelot(9, false), (8, 'A'));
        assert_eq!(camelot(7, true), (9, 'B'));
        assert_eq!(camelot(11, true), (1, 'B'));
        assert_eq!(camelot(8, false), (1, 'A'));
        assert_eq!(camelot(1, false), (12, 'A'));
        assert_eq!(key(7, true)["name"], "G Major");
        assert_eq!(key(9, false)["name"], "A Minor");
        assert_eq!(key(6, false)["name"], "F# Minor");
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(slug("Techno (Peak Time / Driving)"), "techno-peak-time-driving");
        assert_eq!(slug("Slow Burn - Radio Edit"), "slow-burn-radio-edit");
        assert_eq!(slug("Mira & the Foxes"), "mira-the-foxes");
    }
}
