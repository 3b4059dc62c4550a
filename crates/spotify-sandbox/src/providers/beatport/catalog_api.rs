//! The `/v4/catalog/` endpoints: genres, tracks with their filters, a track, a genre's Top 100, labels and their
//! tracks.
//!
//! Without a date filter the tracks list holds what the store carries now: each genre's releases of its last cycle,
//! every carried catalog track once. `publish_date` and `new_release_date` (`FROM:TO` or one day, inclusive) reach
//! back up to two years; a week is listed from its Monday on, pre-orders of its later days included. Other filters:
//! `genre_id` and `label_id` (comma-separated ids), `name` and `artist_name` (parts of the text, any case).
//! `order_by` takes `publish_date`, `new_release_date` or `id`, each with `-` for descending; the default is
//! `-publish_date`. A chart ranks the genre's current releases by popularity.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};
use serde_json::Value;
use time::Date;
use time::macros::format_description;

use super::genres::{GENRES, position_of};
use super::listings::Listing;
use super::objects;
use super::pages::{Refusal, page};
use super::releases::{current_listings, listing, listings_between};
use super::week::Week;
use crate::providers::QueryPairs;
use crate::providers::identity::ProviderIndex;
use crate::state::SharedSandbox;

/// The week the sandbox clock is in.
pub(super) fn current_week(sandbox: &SharedSandbox) -> Week {
    Week::containing(sandbox.clock.now().to_offset(time::UtcOffset::UTC).date())
}

/// `GET /v4/catalog/genres/`.
pub(super) async fn genres(query: QueryPairs) -> Result<Json<Value>, Refusal> {
    let genres = GENRES.iter().map(objects::genre).collect();
    Ok(Json(page(genres, "/v4/catalog/genres/", &query)?))
}

/// `GET /v4/catalog/tracks/{id}/`.
pub(super) async fn track(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let id: u64 = id.parse().map_err(|_| Refusal::NotFound)?;
    let found = listing(&index, &sandbox.catalog, id, current_week(&sandbox)).ok_or(Refusal::NotFound)?;
    Ok(Json(objects::track(&found, &index.beatport)))
}

/// `GET /v4/catalog/tracks/`.
pub(super) async fn tracks(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    query: QueryPairs,
) -> Result<Json<Value>, Refusal> {
    let found = TrackFilter::parse(&query, None)?.apply(&sandbox, &index);
    Ok(Json(page(rendered(&found, &index), "/v4/catalog/tracks/", &query)?))
}

/// `GET /v4/catalog/genres/{id}/top/{10|100}/`.
pub(super) async fn chart(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path((id, size)): Path<(String, String)>,
    query: QueryPairs,
) -> Result<Json<Value>, Refusal> {
    let genre = id.parse().ok().and_then(position_of).ok_or(Refusal::NotFound)?;
    let size: usize = match size.as_str() {
        "10" => 10,
        "100" => 100,
        _ => return Err(Refusal::NotFound),
    };
    let mut ranked: Vec<Listing> = current_listings(&index, &sandbox.catalog, current_week(&sandbox))
        .into_iter()
        .filter(|listing| listing.genre == genre)
        .collect();
    ranked.sort_by_key(|listing| (std::cmp::Reverse(listing.popularity), listing.id));
    ranked.truncate(size);
    let path = format!("/v4/catalog/genres/{id}/top/{size}/");
    Ok(Json(page(rendered(&ranked, &index), &path, &query)?))
}

/// `GET /v4/catalog/labels/{id}/`.
pub(super) async fn label(
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Refusal> {
    let label = id.parse().ok().and_then(|id| index.beatport.label(id)).ok_or(Refusal::NotFound)?;
    Ok(Json(objects::label(label)))
}

/// `GET /v4/catalog/labels/{id}/tracks/`: the tracks list of one label, with the same filters.
pub(super) async fn label_tracks(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(id): Path<String>,
    query: QueryPairs,
) -> Result<Json<Value>, Refusal> {
    let label = id.parse().ok().and_then(|id| index.beatport.label(id)).ok_or(Refusal::NotFound)?;
    let found = TrackFilter::parse(&query, Some(label.id))?.apply(&sandbox, &index);
    let path = format!("/v4/catalog/labels/{}/tracks/", label.id);
    Ok(Json(page(rendered(&found, &index), &path, &query)?))
}

fn rendered(listings: &[Listing], index: &ProviderIndex) -> Vec<Value> {
    listings.iter().map(|listing| objects::track(listing, &index.beatport)).collect()
}

/// What a tracks list asks for.
#[derive(Debug, Default)]
struct TrackFilter {
    genres: Option<Vec<u32>>,
    labels: Option<Vec<u64>>,
    dates: Option<(Date, Date)>,
    name: Option<String>,
    artist_name: Option<String>,
    by_id: bool,
    descending: bool,
}

impl TrackFilter {
    fn parse(query: &QueryPairs, label: Option<u64>) -> Result<Self, Refusal> {
        let mut filter = TrackFilter {
            genres: ids(query, "genre_id")?,
            labels: match label {
                Some(label) => Some(vec![label]),
                None => ids(query, "label_id")?,
            },
            name: text(query, "name"),
            artist_name: text(query, "artist_name"),
            descending: true,
            ..TrackFilter::default()
        };
        for name in ["publish_date", "new_release_date"] {
            if let Some(value) = query.first(name) {
                let (from, to) = date_range(value).ok_or(Refusal::BadFilter(name, "Enter a valid date range."))?;
                filter.dates = Some(match filter.dates {
                    Some((earliest, latest)) => (earliest.max(from), latest.min(to)),
                    None => (from, to),
                });
            }
        }
        let order = query.first("order_by").and_then(|value| value.split(',').next()).unwrap_or("-publish_date");
        let (descending, field) = match order.trim().strip_prefix('-') {
            Some(field) => (true, field),
            None => (false, order.trim()),
        };
        match field {
            "id" => (filter.by_id, filter.descending) = (true, descending),
            "publish_date" | "new_release_date" => filter.descending = descending,
            _ => {}
        }
        Ok(filter)
    }

    fn apply(&self, sandbox: &SharedSandbox, index: &ProviderIndex) -> Vec<Listing> {
        let now = current_week(sandbox);
        let catalog = &sandbox.catalog;
        let candidates = match self.dates {
            Some(range) => listings_between(index, catalog, range, now),
            None => current_listings(index, catalog, now),
        };
        let shelves = &index.beatport;
        let contains =
            |text: &str, part: &Option<String>| part.as_ref().is_none_or(|p| text.to_lowercase().contains(p));
        let mut found: Vec<Listing> = candidates
            .into_iter()
            .filter(|l| self.genres.as_ref().is_none_or(|ids| ids.contains(&GENRES[l.genre].id)))
            .filter(|l| self.labels.as_ref().is_none_or(|ids| ids.contains(&shelves.labels[l.release.label].id)))
            .filter(|l| contains(&l.name, &self.name))
            .filter(|l| {
                self.artist_name.is_none() || l.artists.iter().any(|(_, name)| contains(name, &self.artist_name))
            })
            .collect();
        if self.by_id {
            found.sort_by_key(|listing| listing.id);
        } else {
            found.sort_by_key(|listing| (listing.date, listing.id));
        }
        if self.descending {
            found.reverse();
        }
        found
    }
}

/// The comma-separated ids of a filter, if given.
fn ids<T: std::str::FromStr>(query: &QueryPairs, name: &'static str) -> Result<Option<Vec<T>>, Refusal> {
    query
        .first(name)
        .map(|value| {
            value
                .split(',')
                .map(|id| id.trim().parse().map_err(|_| Refusal::BadFilter(name, "Enter a whole number.")))
                .collect()
        })
        .transpose()
}

/// A text filter in lower case, if given and not blank.
fn text(query: &QueryPairs, name: &str) -> Option<String> {
    query.first(name).map(|value| value.trim().to_lowercase()).filter(|value| !value.is_empty())
}

/// `FROM:TO` or a single day.
fn date_range(value: &str) -> Option<(Date, Date)> {
    let format = format_description!("[year]-[month]-[day]");
    let day = |text: &str| Date::parse(text.trim(), &format).ok();
    match value.split_once(':') {
        Some((from, to)) => Some((day(from)?, day(to)?)),
        None => day(value).map(|date| (date, date)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn date_filters_take_a_range_or_a_day() {
        assert_eq!(date_range("2026-11-30:2026-12-06"), Some((date!(2026 - 11 - 30), date!(2026 - 12 - 06))));
        assert_eq!(date_range("2026-12-01"), Some((date!(2026 - 12 - 01), date!(2026 - 12 - 01))));
        assert_eq!(date_range("last week"), None);
        assert_eq!(date_range("2026-11-30:"), None);
    }

    #[test]
    fn filters_combine_dates_and_read_the_order() {
        let query = QueryPairs::parse(
            "publish_date=2026-11-01:2026-12-06&new_release_date=2026-11-30:2026-12-31&genre_id=6,5&order_by=id",
        );
        let filter = TrackFilter::parse(&query, None).unwrap();
        assert_eq!(filter.dates, Some((date!(2026 - 11 - 30), date!(2026 - 12 - 06))));
        assert_eq!(filter.genres, Some(vec![6, 5]));
        assert!(filter.by_id && !filter.descending);
        assert!(matches!(
            TrackFilter::parse(&QueryPairs::parse("label_id=abc"), None),
            Err(Refusal::BadFilter("label_id", _))
        ));
        assert!(TrackFilter::parse(&QueryPairs::parse(""), None).unwrap().descending);
    }
}
