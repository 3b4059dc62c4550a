//! Offset pages `{href, limit, next, offset, previous, total, items}` whose links are absolute URLs on the
//! sandbox's own base, as Spotify's are on api.spotify.com.

use serde_json::{Value, json};

/// Where a page lives: the endpoint's absolute URL and the query parameters to repeat in every link.
#[derive(Debug, Clone)]
pub(crate) struct PageLink {
    endpoint: String,
    extra: Vec<(String, String)>,
}

impl PageLink {
    pub(crate) fn new(endpoint: String) -> Self {
        Self { endpoint, extra: Vec::new() }
    }

    /// Adds a parameter repeated in `href`, `next` and `previous`.
    pub(crate) fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.extra.push((name.to_owned(), value.into()));
        self
    }

    fn url(&self, offset: usize, limit: usize) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("offset", &offset.to_string()).append_pair("limit", &limit.to_string());
        for (name, value) in &self.extra {
            query.append_pair(name, value);
        }
        format!("{}?{}", self.endpoint, query.finish())
    }

    /// The page of `items` (already cut to the page) out of `total`.
    pub(crate) fn page(&self, offset: usize, limit: usize, total: usize, items: Vec<Value>) -> Value {
        let next = (offset + limit < total).then(|| self.url(offset + limit, limit));
        let previous = (offset > 0).then(|| self.url(offset.saturating_sub(limit), limit));
        json!({
            "href": self.url(offset, limit),
            "limit": limit,
            "next": next,
            "offset": offset,
            "previous": previous,
            "total": total,
            "items": items,
        })
    }
}

/// The index range of a page over `total` items.
pub(crate) fn window(offset: usize, limit: usize, total: usize) -> std::ops::Range<usize> {
    offset.min(total)..offset.saturating_add(limit).min(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute_and_keep_parameters() {
        let link = PageLink::new("http://127.0.0.1:9/v1/me/top/artists".into()).with("time_range", "short_term");
        let page = link.page(20, 20, 45, vec![]);
        assert_eq!(page["href"], "http://127.0.0.1:9/v1/me/top/artists?offset=20&limit=20&time_range=short_term");
        assert_eq!(page["next"], "http://127.0.0.1:9/v1/me/top/artists?offset=40&limit=20&time_range=short_term");
        assert_eq!(page["previous"], "http://127.0.0.1:9/v1/me/top/artists?offset=0&limit=20&time_range=short_term");
        assert_eq!(link.page(40, 20, 45, vec![])["next"], Value::Null);
        assert_eq!(window(40, 20, 45), 40..45);
        assert_eq!(window(60, 20, 45), 45..45);
    }
}
