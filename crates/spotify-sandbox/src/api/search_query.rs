//! Parsing Spotify's search query: free words plus field filters (`track:`, `artist:`, `album:`, `year:` with
//! ranges, `isrc:`, `genre:`, `upc:`, `tag:new`, `tag:hipster`), values optionally in double quotes.

/// A parsed `q`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SearchQuery {
    /// Free words, lower-cased.
    pub words: Vec<String>,
    pub track: Option<String>,
    pub artist: Option<String>,
    pub album: Option<String>,
    /// Inclusive year range; `Some((1, 0))` (empty) for an unreadable year, which matches nothing.
    pub year: Option<(i32, i32)>,
    pub isrc: Option<String>,
    pub genre: Option<String>,
    pub upc: Option<String>,
    pub tag_new: bool,
    pub tag_hipster: bool,
}

impl SearchQuery {
    pub(crate) fn parse(q: &str) -> Self {
        let mut query = SearchQuery::default();
        for token in tokens(q) {
            let Some((field, value)) = token.split_once(':') else {
                query.words.push(token.to_lowercase());
                continue;
            };
            let value = value.trim_matches('"').to_lowercase();
            match field.to_lowercase().as_str() {
                "track" => query.track = Some(value),
                "artist" => query.artist = Some(value),
                "album" => query.album = Some(value),
                "year" => query.year = Some(parse_years(&value).unwrap_or((1, 0))),
                "isrc" => query.isrc = Some(value),
                "genre" => query.genre = Some(value),
                "upc" => query.upc = Some(value),
                "tag" if value == "new" => query.tag_new = true,
                "tag" if value == "hipster" => query.tag_hipster = true,
                _ => query.words.push(token.to_lowercase()),
            }
        }
        query
    }

    /// Whether any field filter is present.
    pub(crate) fn has_filters(&self) -> bool {
        self.track.is_some()
            || self.artist.is_some()
            || self.album.is_some()
            || self.year.is_some()
            || self.isrc.is_some()
            || self.genre.is_some()
            || self.upc.is_some()
            || self.tag_new
            || self.tag_hipster
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty() && !self.has_filters()
    }
}

/// Splits on whitespace, keeping double-quoted runs (also after `field:`) together.
fn tokens(q: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in q.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
        .into_iter()
        .map(|t| if t.contains(':') { t } else { t.trim_matches('"').to_owned() })
        .filter(|t| !t.is_empty())
        .collect()
}

fn parse_years(value: &str) -> Option<(i32, i32)> {
    match value.split_once('-') {
        Some((from, to)) => Some((from.trim().parse().ok()?, to.trim().parse().ok()?)),
        None => value.trim().parse().ok().map(|year| (year, year)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_filters() {
        let q =
            SearchQuery::parse("remaster track:Doxy artist:\"Miles Davis\" year:1955-1960 tag:new isrc:USRC17607839");
        assert_eq!(q.words, vec!["remaster"]);
        assert_eq!(q.track.as_deref(), Some("doxy"));
        assert_eq!(q.artist.as_deref(), Some("miles davis"));
        assert_eq!(q.year, Some((1955, 1960)));
        assert!(q.tag_new && !q.tag_hipster);
        assert_eq!(q.isrc.as_deref(), Some("usrc17607839"));
        assert_eq!(SearchQuery::parse("year:nineteen").year, Some((1, 0)));
        assert!(SearchQuery::parse("   ").is_empty());
        assert_eq!(SearchQuery::parse("\"two words\" more").words, vec!["two words", "more"]);
    }
}
