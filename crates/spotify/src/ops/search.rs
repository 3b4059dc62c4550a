//! Catalogue search with Spotify's field filters (`track:`, `artist:`, `album:`, `year:`, `isrc:`, `genre:`,
//! `upc:`, `tag:new`); at most 10 results per type and page, offsets up to 1000.

use tracing::instrument;

use crate::client::Spotify;
use crate::error::ApiError;
use crate::models::{SearchResults, SearchType};
use crate::ops::require_some;
use crate::store::RefreshTokenStore;
use crate::transport::with_query;

/// The most results per type Spotify returns in 2026.
pub const SEARCH_MAX_LIMIT: u32 = 10;
/// The deepest offset Spotify serves.
pub const SEARCH_MAX_OFFSET: u32 = 1000;

/// A search query: free text plus field filters, rendered into Spotify's `q` syntax.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<String>,
}

impl SearchQuery {
    /// A query for free text (may be empty when filters say it all).
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let terms = if text.trim().is_empty() { Vec::new() } else { vec![text.trim().to_owned()] };
        Self { terms }
    }

    fn filter(mut self, field: &str, value: &str) -> Self {
        let value = value.trim().replace('"', "");
        if value.chars().any(char::is_whitespace) {
            self.terms.push(format!("{field}:\"{value}\""));
        } else {
            self.terms.push(format!("{field}:{value}"));
        }
        self
    }

    /// Only tracks with this name.
    pub fn track(self, name: &str) -> Self {
        self.filter("track", name)
    }

    /// Only items by this artist.
    pub fn artist(self, name: &str) -> Self {
        self.filter("artist", name)
    }

    /// Only items on this album.
    pub fn album(self, name: &str) -> Self {
        self.filter("album", name)
    }

    /// Only items released in `year`.
    pub fn year(self, year: u16) -> Self {
        self.filter("year", &year.to_string())
    }

    /// Only items released from `first` to `last`.
    pub fn years(self, first: u16, last: u16) -> Self {
        self.filter("year", &format!("{first}-{last}"))
    }

    /// The track with this ISRC.
    pub fn isrc(self, isrc: &str) -> Self {
        self.filter("isrc", isrc)
    }

    /// Only artists and tracks in this genre.
    pub fn genre(self, genre: &str) -> Self {
        self.filter("genre", genre)
    }

    /// The album with this UPC.
    pub fn upc(self, upc: &str) -> Self {
        self.filter("upc", upc)
    }

    /// Only albums released in the past two weeks.
    pub fn new_releases(mut self) -> Self {
        self.terms.push("tag:new".to_owned());
        self
    }

    /// The `q` parameter.
    pub fn to_q(&self) -> String {
        self.terms.join(" ")
    }
}

impl<S: RefreshTokenStore> Spotify<S> {
    /// `GET /search`: `limit` (1–10) results per type from `offset` (at most 1000). Out-of-range arguments are
    /// refused before anything is sent.
    #[instrument(skip_all, fields(user = user))]
    pub async fn search(
        &self,
        user: i64,
        query: &SearchQuery,
        types: &[SearchType],
        limit: u32,
        offset: u32,
    ) -> Result<SearchResults, ApiError> {
        require_some(types, "search types")?;
        if !(1..=SEARCH_MAX_LIMIT).contains(&limit) {
            return Err(ApiError::BadRequest { message: format!("search limit must be 1 to {SEARCH_MAX_LIMIT}") });
        }
        if offset > SEARCH_MAX_OFFSET {
            return Err(ApiError::BadRequest { message: format!("search offset must be at most {SEARCH_MAX_OFFSET}") });
        }
        let q = query.to_q();
        if q.is_empty() {
            return Err(ApiError::BadRequest { message: "empty search query".into() });
        }
        let kinds = types.iter().map(|kind| kind.as_str()).collect::<Vec<_>>().join(",");
        let url = self.inner.transport.endpoint(&["search"]);
        let query = [("q", q), ("type", kinds), ("limit", limit.to_string()), ("offset", offset.to_string())];
        self.get(user, with_query(url, &query)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_field_filters_quoting_phrases() {
        let query = SearchQuery::new("remaster").track("Doxy").artist("Miles Davis").years(1955, 1960);
        assert_eq!(query.to_q(), "remaster track:Doxy artist:\"Miles Davis\" year:1955-1960");
        assert_eq!(SearchQuery::new("").isrc("USUM71703861").to_q(), "isrc:USUM71703861");
        assert_eq!(SearchQuery::new(" ").new_releases().genre("jazz").to_q(), "tag:new genre:jazz");
    }
}
