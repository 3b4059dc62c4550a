//! Beatport under `/beatport`: each week's new releases per genre, consistent with the Spotify catalog, behind
//! Beatport's client-credentials OAuth, as `https://api.beatport.com/v4/`.
//!
//! Most releases are catalog tracks (same title, artists, album as release, album label, tempo as BPM, key and mode
//! as Camelot key, duration), some without ISRC or with one Spotify does not know; beside them come extra versions
//! Spotify does not have and exclusives by made-up artists (shares in `listings`, ids in `week`, which genres carry
//! which catalog tracks in `genres`, how they spread over the weeks in `shelves`). Control's `beatport_week` tells tests
//! which Spotify track each release is.

mod auth;
mod catalog_api;
mod genres;
mod listings;
mod names;
mod objects;
mod pages;
mod releases;
mod shelves;
mod week;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use time::Date;

pub(crate) use auth::{BeatportTokens, basic_credentials};
pub(crate) use objects::slug;
pub use releases::{BeatportRelease, BeatportReleaseKind};
pub(crate) use shelves::Shelves;

use crate::providers::identity::ProviderIndex;
use crate::state::SharedSandbox;

/// The Beatport routes, relative to `/beatport`: the token endpoint open, the catalog behind a bearer token.
pub(super) fn routes(sandbox: &SharedSandbox) -> Router<SharedSandbox> {
    let catalog = Router::new()
        .route("/v4/catalog/genres", get(catalog_api::genres))
        .route("/v4/catalog/genres/{id}/top/{size}", get(catalog_api::chart))
        .route("/v4/catalog/tracks", get(catalog_api::tracks))
        .route("/v4/catalog/tracks/{id}", get(catalog_api::track))
        .route("/v4/catalog/labels/{id}", get(catalog_api::label))
        .route("/v4/catalog/labels/{id}/tracks", get(catalog_api::label_tracks))
        .route_layer(from_fn_with_state(SharedSandbox::clone(sandbox), auth::require_token));
    Router::new().route("/v4/auth/o/token", post(auth::token)).merge(catalog)
}

/// The Monday of the week the sandbox clock is in: the week whose releases are Beatport's newest.
pub(crate) fn current_week_start(sandbox: &SharedSandbox) -> Date {
    catalog_api::current_week(sandbox).monday()
}

/// The releases of one genre in the week holding `day`, in track-id order, as the store lists them now (none for a
/// week not begun or beyond the two years of history, or for a genre not served).
pub(crate) fn week_of_genre(
    sandbox: &SharedSandbox,
    index: &ProviderIndex,
    genre_id: u32,
    day: Date,
) -> Vec<BeatportRelease> {
    let catalog = &sandbox.catalog;
    let week = week::Week::containing(day);
    if !week.is_listed(catalog_api::current_week(sandbox)) {
        return Vec::new();
    }
    listings::week_listings(index, catalog, week)
        .iter()
        .filter(|listing| genres::GENRES[listing.genre].id == genre_id)
        .map(|listing| listing.truth(catalog))
        .collect()
}
