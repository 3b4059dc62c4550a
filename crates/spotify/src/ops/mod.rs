//! The Web API operations, one module per area, each adding methods to [`Spotify`](crate::Spotify).

pub(crate) mod catalog;
pub(crate) mod extended;
pub(crate) mod library;
pub(crate) mod personal;
pub(crate) mod player;
pub(crate) mod playlist_edits;
pub(crate) mod playlist_version;
pub(crate) mod playlists;
pub(crate) mod search;

use serde::Serialize;

use crate::error::ApiError;

/// Spotify's largest page for most lists.
pub(crate) const MAX_PAGE: u32 = 50;

/// Refuses an empty list of URIs or ids before anything is sent.
pub(crate) fn require_some<T>(items: &[T], what: &str) -> Result<(), ApiError> {
    if items.is_empty() {
        return Err(ApiError::BadRequest { message: format!("no {what} given") });
    }
    Ok(())
}

/// Joins ids or URIs for a comma-separated query parameter.
pub(crate) fn comma_list<T: AsRef<str>>(items: &[T]) -> String {
    items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(",")
}

/// A request's JSON body; a value that cannot be written as JSON is the caller's mistake, refused before sending.
pub(crate) fn json_body<T: Serialize>(body: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(body).map_err(|error| ApiError::BadRequest { message: error.to_string() })
}
