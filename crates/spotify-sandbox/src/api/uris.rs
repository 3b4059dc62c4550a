//! Parsing Spotify URIs (`spotify:track:…`) and ids against the catalog.

use crossfade_domain::SpotifyId;

use crate::catalog::Catalog;
use crate::errors::ApiError;
use crate::state::Item;

/// A catalog item or user named by a Spotify URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Track(usize),
    Album(usize),
    Artist(usize),
    Episode(usize),
    Show(usize),
    Playlist(String),
    User(String),
}

/// Splits `spotify:kind:id`.
fn split(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("spotify:")?;
    let (kind, id) = rest.split_once(':')?;
    (!id.is_empty() && !id.contains(':')).then_some((kind, id))
}

/// Parses a URI for the library endpoints. Malformed or unsupported URIs are `400`; well-formed ids that name
/// nothing are `404 Non existing id`, unless `lenient` (for `contains`), which yields `None`.
pub(crate) fn library_target(uri: &str, catalog: &Catalog, lenient: bool) -> Result<Option<Target>, ApiError> {
    let (kind, id) = split(uri).ok_or_else(|| ApiError::bad_request(format!("Invalid URI: {uri}")))?;
    let missing = || if lenient { Ok(None) } else { Err(ApiError::non_existing_id()) };
    let catalog_id = |lookup: Option<usize>, make: fn(usize) -> Target| -> Result<Option<Target>, ApiError> {
        if !SpotifyId::is_valid(id) {
            return Err(ApiError::bad_request(format!("Invalid base62 id: {id}")));
        }
        match lookup {
            Some(index) => Ok(Some(make(index))),
            None => missing(),
        }
    };
    match kind {
        "track" => catalog_id(catalog.track_index(id), Target::Track),
        "album" => catalog_id(catalog.album_index(id), Target::Album),
        "artist" => catalog_id(catalog.artist_index(id), Target::Artist),
        "episode" => catalog_id(catalog.episode_index(id), Target::Episode),
        "show" => catalog_id(catalog.show_index(id), Target::Show),
        "audiobook" => catalog_id(None, Target::Show),
        "playlist" => Ok(Some(Target::Playlist(id.to_owned()))),
        "user" => Ok(Some(Target::User(id.to_owned()))),
        _ => Err(ApiError::bad_request(format!("Unsupported URI type: {kind}"))),
    }
}

/// Parses a track or episode URI for playlist edits and the queue.
pub(crate) fn playable_item(uri: &str, catalog: &Catalog) -> Result<Item, ApiError> {
    let invalid = || ApiError::bad_request(format!("Invalid track uri: {uri}"));
    let (kind, id) = split(uri).ok_or_else(invalid)?;
    match kind {
        "track" => catalog.track_index(id).map(Item::Track).ok_or_else(invalid),
        "episode" => catalog.episode_index(id).map(Item::Episode).ok_or_else(invalid),
        _ => Err(invalid()),
    }
}

/// Resolves a path id: malformed is `400 Invalid base62 id`, unknown is `404 Non existing id`.
pub(crate) fn path_id(id: &str, lookup: impl Fn(&str) -> Option<usize>) -> Result<usize, ApiError> {
    if !SpotifyId::is_valid(id) {
        return Err(ApiError::bad_request("Invalid base62 id"));
    }
    lookup(id).ok_or_else(ApiError::non_existing_id)
}
