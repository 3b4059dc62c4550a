//! One track object of Beatport's v4 API (as files and saved pages hold it) or of its older feeds, read into a
//! [`FeedTrack`]. One reader takes both shapes: the key as an object with Camelot fields or as text ("F♯ min"), the
//! genre as an object or the first of a `genres` list, the label inside the release or at the top level, the mix as
//! `mix_name` or `mix`. Fields it does not know (prices, formats, images, hype flags) are ignored.

use serde_json::{Map, Value};

use super::FeedRowProblem;
use super::values::{self, invalid, present};
use crate::Key;
use crate::releases::{FeedArtist, FeedGenre, FeedLabel, FeedRelease, FeedTrack};

type Object = Map<String, Value>;

/// Fields only a track has: releases, artists, labels and genres (which a page's other queries list) have none of
/// them.
const TRACK_FIELDS: [&str; 5] = ["mix_name", "mix", "isrc", "bpm", "length_ms"];

/// Whether an object is a track rather than a release, genre or label, given whether it has a field.
pub(super) fn looks_like_track(has_field: impl Fn(&str) -> bool) -> bool {
    TRACK_FIELDS.into_iter().any(has_field)
}

/// Whether a track object has the older feeds' shape: the key as text, a `genres` list or a top-level label.
pub(super) fn has_older_shape(track: &Object) -> bool {
    matches!(track.get("key"), Some(Value::String(_)))
        || matches!(track.get("genres"), Some(Value::Array(_)))
        || matches!(track.get("label"), Some(Value::Object(_)))
}

pub(super) fn read_track(track: &Object) -> Result<FeedTrack, FeedRowProblem> {
    let title = text(track, "name", "title")?.ok_or(FeedRowProblem::Missing("title"))?;
    let artists = credits(track, "artists", "artist")?;
    if artists.is_empty() {
        return Err(FeedRowProblem::Missing("artist"));
    }
    let mix = match text(track, "mix_name", "mix")? {
        Some(mix) => Some(mix),
        None => text(track, "mix", "mix")?,
    };
    let release = object(track, "release", "release")?;
    let label = match object(track, "label", "label")? {
        Some(label) => read_label(label)?,
        None => match release {
            Some(release) => object(release, "label", "label")?.map(read_label).transpose()?.flatten(),
            None => None,
        },
    };
    let release = match release {
        Some(release) => read_release(release, track)?,
        None => None,
    };
    let release_date = match text(track, "new_release_date", "release date")? {
        Some(day) => Some(day),
        None => text(track, "publish_date", "release date")?,
    };
    Ok(FeedTrack {
        beatport_id: id(track, "track")?,
        title: title.to_owned(),
        mix: mix.map(str::to_owned),
        artists,
        remixers: credits(track, "remixers", "remixer")?,
        label,
        release,
        isrc: text(track, "isrc", "ISRC")?.map(values::isrc).transpose()?,
        bpm: bpm(track)?,
        key: key(track)?,
        genre: genre(track)?,
        release_date: release_date.map(values::release_date).transpose()?,
        length_ms: length_ms(track)?,
        chart_rank: None,
    })
}

/// A field's value; `null` is no value.
fn field<'a>(object: &'a Object, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|value| !value.is_null())
}

/// A text field, trimmed; empty text is no value.
fn text<'a>(object: &'a Object, name: &str, field_name: &'static str) -> Result<Option<&'a str>, FeedRowProblem> {
    match field(object, name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(present(text)),
        Some(_) => Err(invalid(field_name, "is not text".to_owned())),
    }
}

fn object<'a>(object: &'a Object, name: &str, field_name: &'static str) -> Result<Option<&'a Object>, FeedRowProblem> {
    match field(object, name) {
        None => Ok(None),
        Some(Value::Object(inner)) => Ok(Some(inner)),
        Some(_) => Err(invalid(field_name, "is not an object".to_owned())),
    }
}

/// Beatport's id of a track, artist, label or release: a whole number, perhaps written as text.
fn id(object: &Object, field_name: &'static str) -> Result<Option<u64>, FeedRowProblem> {
    let not_an_id = || invalid(field_name, "the id must be a whole number of 0 or more".to_owned());
    match field(object, "id") {
        None => Ok(None),
        Some(Value::Number(number)) => number.as_u64().map(Some).ok_or_else(not_an_id),
        Some(Value::String(text)) => match present(text) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| not_an_id()),
        },
        Some(_) => Err(not_an_id()),
    }
}

/// The artists or remixers: objects with a name (and an id), or bare names.
fn credits(track: &Object, name: &str, field_name: &'static str) -> Result<Vec<FeedArtist>, FeedRowProblem> {
    let credits = match field(track, name) {
        None => return Ok(Vec::new()),
        Some(Value::Array(credits)) => credits,
        Some(_) => return Err(invalid(field_name, "is not a list".to_owned())),
    };
    let mut artists = Vec::with_capacity(credits.len());
    for credit in credits {
        match credit {
            Value::Object(artist) => {
                if let Some(name) = text(artist, "name", field_name)? {
                    artists.push(FeedArtist { beatport_id: id(artist, field_name)?, name: name.to_owned() });
                }
            }
            Value::String(name) => {
                if let Some(name) = present(name) {
                    artists.push(FeedArtist { beatport_id: None, name: name.to_owned() });
                }
            }
            Value::Null => {}
            _ => return Err(invalid(field_name, "is neither an artist object nor a name".to_owned())),
        }
    }
    Ok(artists)
}

fn read_label(label: &Object) -> Result<Option<FeedLabel>, FeedRowProblem> {
    let Some(name) = text(label, "name", "label")? else { return Ok(None) };
    Ok(Some(FeedLabel { beatport_id: id(label, "label")?, name: name.to_owned() }))
}

/// The release, with the catalogue number the API writes on the track.
fn read_release(release: &Object, track: &Object) -> Result<Option<FeedRelease>, FeedRowProblem> {
    let Some(name) = text(release, "name", "release")? else { return Ok(None) };
    Ok(Some(FeedRelease {
        beatport_id: id(release, "release")?,
        name: name.to_owned(),
        catalog_number: text(track, "catalog_number", "catalogue number")?.map(str::to_owned),
    }))
}

fn bpm(track: &Object) -> Result<Option<f64>, FeedRowProblem> {
    match field(track, "bpm") {
        None => Ok(None),
        Some(Value::Number(number)) => match number.as_f64() {
            Some(bpm) => values::bpm_number(bpm).map(Some),
            None => Err(invalid("BPM", "is not a number".to_owned())),
        },
        Some(Value::String(text)) => present(text).map(values::bpm_text).transpose(),
        Some(_) => Err(invalid("BPM", "is neither a number nor text".to_owned())),
    }
}

/// The API's key object (Camelot number and letter, else its name) or the older feeds' text.
fn key(track: &Object) -> Result<Option<Key>, FeedRowProblem> {
    let key = match field(track, "key") {
        None => return Ok(None),
        Some(Value::String(text)) => return present(text).map(values::key).transpose(),
        Some(Value::Object(key)) => key,
        Some(_) => return Err(invalid("key", "is neither a key object nor text".to_owned())),
    };
    let number = match field(key, "camelot_number") {
        None => None,
        Some(Value::Number(number)) => Some(number.to_string()),
        Some(Value::String(text)) => present(text).map(str::to_owned),
        Some(_) => return Err(invalid("key", "camelot_number is not a number".to_owned())),
    };
    match (number, text(key, "camelot_letter", "key")?) {
        (Some(number), Some(letter)) => values::key(&format!("{number}{letter}")).map(Some),
        _ => text(key, "name", "key")?.map(values::key).transpose(),
    }
}

/// The API's `genre` object, else the first of the older feeds' `genres`.
fn genre(track: &Object) -> Result<Option<FeedGenre>, FeedRowProblem> {
    let genre = match object(track, "genre", "genre")? {
        Some(genre) => genre,
        None => match field(track, "genres") {
            None => return Ok(None),
            Some(Value::Array(genres)) => match genres.first() {
                None | Some(Value::Null) => return Ok(None),
                Some(Value::Object(genre)) => genre,
                Some(_) => return Err(invalid("genre", "is not a genre object".to_owned())),
            },
            Some(_) => return Err(invalid("genre", "genres is not a list".to_owned())),
        },
    };
    let (name, slug) = match (text(genre, "name", "genre")?, text(genre, "slug", "genre")?) {
        (None, None) => return Ok(None),
        (Some(name), slug) => (name.to_owned(), slug.map_or_else(|| values::slug(name), str::to_owned)),
        (None, Some(slug)) => (slug.to_owned(), slug.to_owned()),
    };
    let beatport_id = match id(genre, "genre")? {
        None => None,
        Some(id) => Some(u32::try_from(id).map_err(|_| invalid("genre", format!("id {id} is too large")))?),
    };
    Ok(Some(FeedGenre { beatport_id, name, slug }))
}

fn length_ms(track: &Object) -> Result<Option<u32>, FeedRowProblem> {
    match field(track, "length_ms") {
        None => Ok(None),
        Some(Value::Number(number)) => number
            .as_u64()
            .and_then(|length| u32::try_from(length).ok())
            .map(Some)
            .ok_or_else(|| invalid("length", format!("{number} is not a whole number of milliseconds"))),
        Some(_) => Err(invalid("length", "is not a number of milliseconds".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(track: Value) -> Result<FeedTrack, FeedRowProblem> {
        let Value::Object(track) = track else { panic!("not an object") };
        read_track(&track)
    }

    fn base() -> Value {
        json!({"name": "Elevate", "artists": [{"id": 665473, "name": "Kashpitzky"}], "mix_name": "Original Mix"})
    }

    fn with(field: &str, value: Value) -> Value {
        let mut track = base();
        track[field] = value;
        track
    }

    #[test]
    fn the_key_from_camelot_fields_else_its_name_else_text() {
        let key = |value| read(with("key", value)).map(|track| track.key);
        let camelot = json!({"name": "A Minor", "camelot_number": 9, "camelot_letter": "B"});
        assert_eq!(key(camelot), Ok(Key::parse("9B")));
        assert_eq!(key(json!({"name": "A♭ Minor", "camelot_number": null})), Ok(Key::parse("1A")));
        assert_eq!(key(json!({"camelot_number": "8", "camelot_letter": "A"})), Ok(Key::parse("8A")));
        assert_eq!(key(json!("F♯ min")), Ok(Key::parse("11A")));
        assert_eq!(key(json!({})), Ok(None));
        assert_eq!(key(json!("")), Ok(None));
        for broken in [json!({"camelot_number": 13, "camelot_letter": "A"}), json!({"name": "Z Major"}), json!(7)] {
            assert!(matches!(key(broken.clone()), Err(FeedRowProblem::Invalid { field: "key", .. })), "{broken}");
        }
    }

    #[test]
    fn genres_from_the_object_or_the_first_of_the_list() {
        let genre = |field, value| read(with(field, value)).map(|track| track.genre);
        let tech_house = FeedGenre { beatport_id: Some(11), name: "Tech House".into(), slug: "tech-house".into() };
        assert_eq!(
            genre("genre", json!({"id": 11, "name": "Tech House", "slug": "tech-house"})),
            Ok(Some(tech_house.clone()))
        );
        assert_eq!(
            genre("genres", json!([{"id": "11", "name": "Tech House"}, {"id": 5, "name": "House"}])),
            Ok(Some(tech_house))
        );
        let slug_only = FeedGenre { beatport_id: None, name: "afro-house".into(), slug: "afro-house".into() };
        assert_eq!(genre("genre", json!({"slug": "afro-house"})), Ok(Some(slug_only)));
        assert_eq!(genre("genres", json!([])), Ok(None));
        assert!(matches!(
            genre("genre", json!({"id": 5_000_000_000u64, "name": "X"})),
            Err(FeedRowProblem::Invalid { field: "genre", .. })
        ));
    }

    #[test]
    fn labels_at_the_top_level_win_over_the_release_s() {
        let track = with("release", json!({"id": 1, "name": "Elevate", "label": {"id": 2, "name": "Be As One"}}));
        assert_eq!(
            read(track.clone()).unwrap().label,
            Some(FeedLabel { beatport_id: Some(2), name: "Be As One".into() })
        );
        let mut older = track;
        older["label"] = json!({"id": "3", "name": "Afterlife"});
        assert_eq!(read(older).unwrap().label, Some(FeedLabel { beatport_id: Some(3), name: "Afterlife".into() }));
    }

    #[test]
    fn missing_and_unreadable_fields_name_themselves() {
        assert_eq!(read(with("name", json!(""))), Err(FeedRowProblem::Missing("title")));
        assert_eq!(read(with("artists", json!([{"name": " "}, null]))), Err(FeedRowProblem::Missing("artist")));
        let field = |track| match read(track) {
            Err(FeedRowProblem::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(with("id", json!(-4))), "track");
        assert_eq!(field(with("name", json!(42))), "title");
        assert_eq!(field(with("isrc", json!("GB-DUW-00"))), "ISRC");
        assert_eq!(field(with("bpm", json!(true))), "BPM");
        assert_eq!(field(with("publish_date", json!("20.03.2025"))), "release date");
        assert_eq!(field(with("length_ms", json!(326.6))), "length");
        assert_eq!(field(with("remixers", json!([3]))), "remixer");
    }

    #[test]
    fn tracks_are_told_from_releases_and_the_older_shape_from_the_api_s() {
        let object = |value| match value {
            Value::Object(object) => object,
            _ => unreachable!(),
        };
        let release = object(json!({"id": 1, "name": "Elevate", "artists": [], "bpm_range": {"min": 142, "max": 142}}));
        assert!(!looks_like_track(|field| release.contains_key(field)));
        let track = object(base());
        assert!(looks_like_track(|field| track.contains_key(field)));
        assert!(!has_older_shape(&object(with("key", json!({"name": "A Minor"})))));
        assert!(has_older_shape(&object(with("key", json!("A min")))));
        assert!(has_older_shape(&object(with("genres", json!([])))));
        assert!(has_older_shape(&object(with("label", json!({"name": "Afterlife"})))));
    }
}
