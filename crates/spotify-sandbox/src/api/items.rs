//! Single catalog reads: a track, an artist, an album, an album's tracks, an artist's albums (at most 10 a page).

use axum::Json;
use axum::extract::{Path, State};
use serde_json::Value;

use super::auth::Caller;
use super::params::Params;
use super::render::Render;
use super::uris::path_id;
use crate::catalog::AlbumType;
use crate::errors::ApiError;
use crate::paging::{PageLink, window};
use crate::state::SharedSandbox;

/// `GET /tracks/{id}`.
pub(super) async fn track(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let index = path_id(&id, |id| sandbox.catalog.track_index(id))?;
    Ok(Json(Render::new(&sandbox).track(index)))
}

/// `GET /artists/{id}`.
pub(super) async fn artist(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let index = path_id(&id, |id| sandbox.catalog.artist_index(id))?;
    Ok(Json(Render::new(&sandbox).artist(index)))
}

/// `GET /albums/{id}`.
pub(super) async fn album(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let index = path_id(&id, |id| sandbox.catalog.album_index(id))?;
    Ok(Json(Render::new(&sandbox).album(index)))
}

/// `GET /albums/{id}/tracks`.
pub(super) async fn album_tracks(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let index = path_id(&id, |id| sandbox.catalog.album_index(id))?;
    let (limit, offset) = (params.limit(20, 50)?, params.offset(None)?);
    let tracks = &sandbox.catalog.albums[index].tracks;
    let render = Render::new(&sandbox);
    let items = tracks[window(offset, limit, tracks.len())].iter().map(|t| render.track_simple(*t)).collect();
    Ok(Json(PageLink::new(render.api_url(&format!("albums/{id}/tracks"))).page(offset, limit, tracks.len(), items)))
}

/// The order Spotify lists an artist's releases in.
fn group_rank(group: &str) -> usize {
    ["album", "single", "compilation", "appears_on"].iter().position(|g| *g == group).unwrap_or(4)
}

/// `GET /artists/{id}/albums`: the artist's releases by group (album, single, compilation, appears_on), newest
/// first within a group; `include_groups` filters; at most 10 a page (default 5).
pub(super) async fn artist_albums(
    State(sandbox): State<SharedSandbox>,
    _caller: Caller,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let artist = path_id(&id, |id| sandbox.catalog.artist_index(id))?;
    let (limit, offset) = (params.limit(5, 10)?, params.offset(None)?);
    let groups = params.list("include_groups");
    if let Some(bad) = groups.iter().find(|g| group_rank(g) == 4) {
        return Err(ApiError::bad_request(format!("Invalid include_groups value: {bad}")));
    }
    let catalog = &sandbox.catalog;
    let mut releases: Vec<(usize, &'static str)> = catalog.artists[artist]
        .albums
        .iter()
        .map(|album| {
            let group = match catalog.albums[*album].album_type {
                AlbumType::Album => "album",
                AlbumType::Single => "single",
                AlbumType::Compilation => "compilation",
            };
            (*album, group)
        })
        .collect();
    let mut appears_on: Vec<usize> = catalog
        .tracks
        .iter()
        .filter(|t| t.artists.contains(&artist) && !catalog.albums[t.album].artists.contains(&artist))
        .map(|t| t.album)
        .collect();
    appears_on.dedup();
    releases.extend(appears_on.into_iter().map(|album| (album, "appears_on")));
    releases.retain(|(_, group)| groups.is_empty() || groups.iter().any(|g| g == group));
    releases.sort_by(|a, b| {
        group_rank(a.1)
            .cmp(&group_rank(b.1))
            .then(catalog.albums[b.0].release.date.cmp(&catalog.albums[a.0].release.date))
    });
    let render = Render::new(&sandbox);
    let items = releases[window(offset, limit, releases.len())]
        .iter()
        .map(|(album, _)| render.discography_album(*album, artist))
        .collect();
    let mut link = PageLink::new(render.api_url(&format!("artists/{id}/albums")));
    if !groups.is_empty() {
        link = link.with("include_groups", groups.join(","));
    }
    Ok(Json(link.page(offset, limit, releases.len(), items)))
}
