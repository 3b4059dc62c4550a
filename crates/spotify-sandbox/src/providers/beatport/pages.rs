//! Beatport's paged lists `{results, next, previous, count, page: "1/3", per_page}` and its refusals.
//!
//! `per_page` defaults to 25; above 100 it is cut to 100 and an unreadable or zero value means the default, as
//! Django REST framework's page-number pagination does. A page past the last is 404 `Invalid page.`. `next` and
//! `previous` name Beatport's internal host without a scheme, with the query parameters sorted by name and `page`
//! replaced (dropped when going back to the first page), so a client must take their path and query and apply them
//! to its own base URL.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::providers::QueryPairs;

/// The host Beatport's page links name, without a scheme.
const INTERNAL_HOST: &str = "api-internal.beatportprod.com";
const DEFAULT_PER_PAGE: usize = 25;
const MOST_PER_PAGE: usize = 100;

/// A Beatport refusal.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// 404 `Not found.`
    NotFound,
    /// 404 `Invalid page.`
    InvalidPage,
    /// 400 with the filter's name and what is wrong with it.
    BadFilter(&'static str, &'static str),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::NotFound => (StatusCode::NOT_FOUND, Json(json!({ "detail": "Not found." }))).into_response(),
            Refusal::InvalidPage => (StatusCode::NOT_FOUND, Json(json!({ "detail": "Invalid page." }))).into_response(),
            Refusal::BadFilter(name, message) => {
                (StatusCode::BAD_REQUEST, Json(json!({ name: [message] }))).into_response()
            }
        }
    }
}

/// `items` paged as the request asks; `path` is the endpoint's path on Beatport (`/v4/catalog/tracks/`).
pub(crate) fn page(items: Vec<Value>, path: &str, query: &QueryPairs) -> Result<Value, Refusal> {
    let per_page = query
        .first("per_page")
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|per_page| *per_page > 0)
        .map_or(DEFAULT_PER_PAGE, |per_page| per_page.min(MOST_PER_PAGE));
    let page: usize = match query.first("page") {
        Some(value) => value.trim().parse().ok().filter(|page| *page > 0).ok_or(Refusal::InvalidPage)?,
        None => 1,
    };
    let count = items.len();
    let pages = count.div_ceil(per_page).max(1);
    if page > pages {
        return Err(Refusal::InvalidPage);
    }
    let results: Vec<Value> = items.into_iter().skip((page - 1) * per_page).take(per_page).collect();
    let next = (page < pages).then(|| link(path, query, Some(page + 1)));
    let previous = (page > 1).then(|| link(path, query, (page > 2).then_some(page - 1)));
    Ok(json!({
        "results": results,
        "next": next,
        "previous": previous,
        "count": count,
        "page": format!("{page}/{pages}"),
        "per_page": per_page,
    }))
}

/// The link to `page` (`None`: the first page, without a `page` parameter).
fn link(path: &str, query: &QueryPairs, page: Option<usize>) -> String {
    let mut pairs: Vec<(&str, String)> =
        query.pairs().filter(|(name, _)| *name != "page").map(|(name, value)| (name, value.to_owned())).collect();
    if let Some(page) = page {
        pairs.push(("page", page.to_string()));
    }
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        serializer.append_pair(name, value);
    }
    let encoded = serializer.finish();
    if encoded.is_empty() { format!("{INTERNAL_HOST}{path}") } else { format!("{INTERNAL_HOST}{path}?{encoded}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> QueryPairs {
        QueryPairs::parse(text)
    }

    #[test]
    fn links_lack_a_scheme_and_sort_their_parameters() {
        let items: Vec<Value> = (0..60).map(|n| json!(n)).collect();
        let first = page(items.clone(), "/v4/catalog/tracks/", &query("publish_date=2026-11-30:2026-12-06&genre_id=6"))
            .unwrap();
        assert_eq!(first["page"], "1/3");
        assert_eq!(first["per_page"], 25);
        assert_eq!(first["previous"], Value::Null);
        assert_eq!(
            first["next"],
            "api-internal.beatportprod.com/v4/catalog/tracks/?genre_id=6&page=2&publish_date=2026-11-30%3A2026-12-06"
        );
        let second = page(items.clone(), "/v4/catalog/tracks/", &query("genre_id=6&page=2")).unwrap();
        assert_eq!(second["previous"], "api-internal.beatportprod.com/v4/catalog/tracks/?genre_id=6");
        let last = page(items.clone(), "/v4/catalog/tracks/", &query("page=3")).unwrap();
        assert_eq!((last["next"].clone(), last["results"].as_array().map(Vec::len)), (Value::Null, Some(10)));
        assert_eq!(last["previous"], "api-internal.beatportprod.com/v4/catalog/tracks/?page=2");
    }

    #[test]
    fn page_sizes_are_cut_and_pages_past_the_end_refused() {
        let items: Vec<Value> = (0..150).map(|n| json!(n)).collect();
        assert_eq!(page(items.clone(), "/x/", &query("per_page=500")).unwrap()["per_page"], 100);
        assert_eq!(page(items.clone(), "/x/", &query("per_page=zero")).unwrap()["per_page"], 25);
        assert!(matches!(page(items.clone(), "/x/", &query("page=7")), Err(Refusal::InvalidPage)));
        assert!(matches!(page(items, "/x/", &query("page=0")), Err(Refusal::InvalidPage)));
        assert_eq!(page(Vec::new(), "/x/", &query("")).unwrap()["page"], "1/1");
    }
}
