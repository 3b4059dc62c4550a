//! Beatport's JSON files: a list from the v4 API (`{"results":[…],"next":…,"count":…}`), a single track object, or a
//! bare array of tracks. Only the outer level is parsed at first; every track object stays a slice of the file, so
//! one that cannot be read is reported at the line where it starts.
//!
//! The API's tracks and the older feeds' ("My Beatport") share this outer shape, so the format is decided by the
//! tracks: a file is the older feed when any of its track objects writes the key as text, lists `genres`, or has a
//! label at the top level; otherwise it is the API's. Both shapes are read by the same reader, so a file that mixes
//! them loses nothing.

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json::value::RawValue;

use super::beatport_track::{has_older_shape, looks_like_track, read_track};
use super::lines::LineCounter;
use super::{Collected, FeedFormat, FeedProblem, FeedRead, FeedRowProblem, values};

/// What a JSON value holds, with its track objects as slices of the file.
pub(super) enum Contents<'a> {
    /// An API list (or a bare array), with the next page's address as written.
    List { tracks: Vec<&'a str>, next: Option<String> },
    /// A single track object.
    One(&'a str),
    /// Anything else: an object without `results` or track fields, a number, text.
    Other,
}

/// A JSON error and the slice of the file it was found in.
pub(super) struct JsonError<'a> {
    pub(super) part: &'a str,
    pub(super) error: serde_json::Error,
}

/// Parses the outer level of `json`, a slice of the file.
pub(super) fn contents<'a>(json: &'a str) -> Result<Contents<'a>, JsonError<'a>> {
    let parse_error = |part| move |error| JsonError { part, error };
    let json = json.trim_start();
    let tracks = |list: &'a str| -> Result<Vec<&'a str>, JsonError<'a>> {
        let tracks: Vec<&RawValue> = serde_json::from_str(list).map_err(parse_error(list))?;
        Ok(tracks.into_iter().map(RawValue::get).collect())
    };
    match json.as_bytes().first() {
        Some(b'[') => Ok(Contents::List { tracks: tracks(json)?, next: None }),
        Some(b'{') => {
            let object: BTreeMap<String, &RawValue> = serde_json::from_str(json).map_err(parse_error(json))?;
            if let Some(results) = object.get("results") {
                let next: Option<String> = match object.get("next") {
                    Some(next) => serde_json::from_str(next.get()).map_err(parse_error(next.get()))?,
                    None => None,
                };
                let next = next.filter(|next| !next.trim().is_empty());
                Ok(Contents::List { tracks: tracks(results.get())?, next })
            } else if looks_like_track(|field| object.contains_key(field)) {
                Ok(Contents::One(json))
            } else {
                Ok(Contents::Other)
            }
        }
        _ => Ok(Contents::Other),
    }
}

/// A track object's fields, or why the value is not one.
pub(super) fn track_object(track: &str) -> Result<serde_json::Map<String, Value>, FeedRowProblem> {
    match serde_json::from_str(track) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(values::invalid("track", "is not a JSON object".to_owned())),
        // The file as a whole parsed, so this is a detail only a full parse finds, such as a lone surrogate escape.
        Err(error) => Err(values::invalid("track", error.to_string())),
    }
}

/// Reads a JSON file; `body` is `text` without its byte order mark.
pub(super) fn read(text: &str, body: &str) -> Result<FeedRead, FeedProblem> {
    let mut lines = LineCounter::new(text);
    let (tracks, next_page) = match contents(body) {
        Ok(Contents::List { tracks, next }) => (tracks, next),
        Ok(Contents::One(track)) => (vec![track], None),
        Ok(Contents::Other) => return Err(FeedProblem::UnknownFormat),
        Err(JsonError { part, error }) => return Err(lines.malformed_json(part, &error)),
    };
    let mut collected = Collected::default();
    let mut older_shape = false;
    for track in tracks {
        let row = track_object(track).and_then(|object| {
            older_shape |= has_older_shape(&object);
            read_track(&object)
        });
        collected.add(lines.line_of(track), row);
    }
    let format = if older_shape { FeedFormat::BeatportFeed } else { FeedFormat::BeatportApi };
    Ok(collected.into_read(format, next_page))
}
