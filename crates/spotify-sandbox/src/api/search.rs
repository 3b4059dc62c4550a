//! `GET /search`: tracks, artists, albums, playlists, shows, episodes (and always-empty audiobooks) matching the
//! query's words and field filters; at most 10 a page (default 5), offset at most 1000.

use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value};
use time::Duration;

use super::auth::Caller;
use super::params::Params;
use super::render::Render;
use super::search_query::SearchQuery;
use crate::catalog::Catalog;
use crate::errors::ApiError;
use crate::paging::{PageLink, window};
use crate::state::{Playlist, SharedSandbox};

const TYPES: [&str; 7] = ["album", "artist", "playlist", "track", "show", "episode", "audiobook"];

fn contains(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

fn words_match(query: &SearchQuery, texts: &[&str]) -> bool {
    query.words.iter().all(|word| texts.iter().any(|text| contains(text, word)))
}

fn year_matches(query: &SearchQuery, year: i32) -> bool {
    query.year.is_none_or(|(from, to)| (from..=to).contains(&year))
}

fn matching_tracks(query: &SearchQuery, catalog: &Catalog) -> Vec<usize> {
    if query.upc.is_some() || query.tag_new || query.tag_hipster {
        return Vec::new();
    }
    let mut found: Vec<usize> = catalog
        .tracks
        .iter()
        .enumerate()
        .filter(|(_, track)| {
            let album = &catalog.albums[track.album];
            let artist_names: Vec<&str> = track.artists.iter().map(|a| catalog.artists[*a].name.as_str()).collect();
            let mut texts = vec![track.name.as_str(), album.name.as_str()];
            texts.extend(&artist_names);
            words_match(query, &texts)
                && query.track.as_deref().is_none_or(|t| contains(&track.name, t))
                && query.album.as_deref().is_none_or(|a| contains(&album.name, a))
                && query.artist.as_deref().is_none_or(|a| artist_names.iter().any(|name| contains(name, a)))
                && query.isrc.as_deref().is_none_or(|i| track.isrc.eq_ignore_ascii_case(i))
                && query.genre.as_deref().is_none_or(|g| {
                    track.genre.eq_ignore_ascii_case(g)
                        || track
                            .artists
                            .iter()
                            .any(|a| catalog.artists[*a].genres.iter().any(|ag| ag.eq_ignore_ascii_case(g)))
                })
                && year_matches(query, album.release.date.year())
        })
        .map(|(index, _)| index)
        .collect();
    found.sort_by_key(|index| std::cmp::Reverse(catalog.tracks[*index].popularity));
    found
}

fn matching_albums(query: &SearchQuery, catalog: &Catalog, today: time::Date) -> Vec<usize> {
    if query.track.is_some() || query.isrc.is_some() || query.genre.is_some() {
        return Vec::new();
    }
    let mut found: Vec<usize> = catalog
        .albums
        .iter()
        .enumerate()
        .filter(|(_, album)| {
            let artist_names: Vec<&str> = album.artists.iter().map(|a| catalog.artists[*a].name.as_str()).collect();
            let mut texts = vec![album.name.as_str()];
            texts.extend(&artist_names);
            words_match(query, &texts)
                && query.album.as_deref().is_none_or(|a| contains(&album.name, a))
                && query.artist.as_deref().is_none_or(|a| artist_names.iter().any(|name| contains(name, a)))
                && query.upc.as_deref().is_none_or(|u| album.upc == u)
                && (!query.tag_new || (album.release.date > today - Duration::days(14) && album.release.date <= today))
                && (!query.tag_hipster || album.popularity <= 10)
                && year_matches(query, album.release.date.year())
        })
        .map(|(index, _)| index)
        .collect();
    found.sort_by_key(|index| std::cmp::Reverse(catalog.albums[*index].popularity));
    found
}

fn matching_artists(query: &SearchQuery, catalog: &Catalog) -> Vec<usize> {
    if query.track.is_some()
        || query.album.is_some()
        || query.isrc.is_some()
        || query.upc.is_some()
        || query.tag_new
        || query.tag_hipster
    {
        return Vec::new();
    }
    let mut found: Vec<usize> = catalog
        .artists
        .iter()
        .enumerate()
        .filter(|(_, artist)| {
            words_match(query, &[artist.name.as_str()])
                && query.artist.as_deref().is_none_or(|a| contains(&artist.name, a))
                && query.genre.as_deref().is_none_or(|g| artist.genres.iter().any(|ag| ag.eq_ignore_ascii_case(g)))
                && (query.year.is_none()
                    || artist.albums.iter().any(|a| year_matches(query, catalog.albums[*a].release.date.year())))
        })
        .map(|(index, _)| index)
        .collect();
    found.sort_by_key(|index| std::cmp::Reverse(catalog.artists[*index].popularity));
    found
}

/// The search endpoint.
pub(super) async fn search(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let q = params.get("q").ok_or_else(|| ApiError::bad_request("No search query"))?;
    let query = SearchQuery::parse(q);
    if query.is_empty() {
        return Err(ApiError::bad_request("No search query"));
    }
    let types = params.list("type");
    if types.is_empty() {
        return Err(ApiError::bad_request("Missing parameter type"));
    }
    if let Some(bad) = types.iter().find(|t| !TYPES.contains(&t.as_str())) {
        return Err(ApiError::bad_request(format!("Bad search type field {bad}")));
    }
    let (limit, offset) = (params.limit(5, 10)?, params.offset(Some(1000))?);
    let render = Render::new(&sandbox);
    let catalog = &sandbox.catalog;
    let link = PageLink::new(render.api_url("search")).with("query", q).with("type", types.join(","));
    let mut answer = Map::new();
    for kind in &types {
        let (key, page) = match kind.as_str() {
            "track" => {
                ("tracks", page_of(&matching_tracks(&query, catalog), offset, limit, |i| render.track(i), &link))
            }
            "album" => {
                let found = matching_albums(&query, catalog, sandbox.clock.now().date());
                ("albums", page_of(&found, offset, limit, |i| render.album_simple(i), &link))
            }
            "artist" => {
                ("artists", page_of(&matching_artists(&query, catalog), offset, limit, |i| render.artist(i), &link))
            }
            "playlist" => ("playlists", playlist_page(&sandbox, &render, &query, offset, limit, &link)),
            "show" => {
                let found: Vec<usize> = if query.has_filters() {
                    Vec::new()
                } else {
                    let shows = &catalog.shows;
                    (0..shows.len()).filter(|i| words_match(&query, &[&shows[*i].name, &shows[*i].publisher])).collect()
                };
                ("shows", page_of(&found, offset, limit, |i| render.show_simple(i), &link))
            }
            "episode" => {
                let found: Vec<usize> = if query.has_filters() {
                    Vec::new()
                } else {
                    (0..catalog.episodes.len()).filter(|i| words_match(&query, &[&catalog.episodes[*i].name])).collect()
                };
                ("episodes", page_of(&found, offset, limit, |i| render.episode_simple(i), &link))
            }
            _ => ("audiobooks", page_of(&[], offset, limit, |_| Value::Null, &link)),
        };
        answer.insert(key.into(), page);
    }
    Ok(Json(Value::Object(answer)))
}

/// The page of `found` rendered with `render`.
fn page_of(found: &[usize], offset: usize, limit: usize, render: impl Fn(usize) -> Value, link: &PageLink) -> Value {
    let items = found[window(offset, limit, found.len())].iter().map(|i| render(*i)).collect();
    link.page(offset, limit, found.len(), items)
}

/// Public playlists whose name or description matches; field filters do not apply to playlists.
fn playlist_page(
    sandbox: &SharedSandbox,
    render: &Render<'_>,
    query: &SearchQuery,
    offset: usize,
    limit: usize,
    link: &PageLink,
) -> Value {
    let state = sandbox.lock();
    let mut found: Vec<&Playlist> = if query.has_filters() {
        Vec::new()
    } else {
        state.playlists.values().filter(|p| p.public && words_match(query, &[&p.name, &p.description])).collect()
    };
    found.sort_by(|a, b| b.followers.cmp(&a.followers).then(a.id.cmp(&b.id)));
    // Editorial playlists show up as null entries for Development-Mode apps, as on Spotify.
    let items =
        found[window(offset, limit, found.len())]
            .iter()
            .map(|p| {
                if p.editorial && !sandbox.mode.is_extended() { Value::Null } else { render.playlist_simple(p, &state) }
            })
            .collect();
    link.page(offset, limit, found.len(), items)
}
