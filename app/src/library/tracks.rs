//! The tracks table's data: the server function that reads one page of the signed-in user's tracks.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::dto::{Moment, Named};
use super::query::{TracksParams, TracksQuery};
use crate::AppError;

/// One page of the tracks table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracksPage {
    /// The query as understood: what the table, its headers and its page links are built from.
    pub query: TracksQuery,
    pub tracks: Vec<TrackRow>,
    /// Tracks matching the filters, over all pages.
    pub total: i64,
    /// The user has no track at all: nothing was synced or imported yet.
    pub library_is_empty: bool,
}

/// One track of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackRow {
    pub spotify_id: String,
    /// False for a track only the history names: no page here, names from the history.
    pub in_catalog: bool,
    pub title: String,
    pub artists: Vec<Named>,
    /// The history's artist names, for a track not in the catalog.
    pub history_artists: Option<String>,
    pub album_id: Option<String>,
    pub album_name: String,
    pub duration_ms: Option<i64>,
    pub added: Option<Moment>,
    pub liked: bool,
    pub playlists: i64,
    pub plays: i64,
}

/// One page of the signed-in user's tracks, filtered and sorted as `params` asks. Requires sign-in (404 otherwise);
/// a search or date that cannot be used is refused with a message naming the field.
// JSON, not the default query-string form: a query with every field empty would encode to nothing at all.
#[server(prefix = "/api", endpoint = "list_library_tracks", input = leptos::server_fn::codec::Json)]
pub async fn list_library_tracks(params: TracksParams) -> Result<TracksPage, AppError> {
    use super::server;
    let viewer = crate::account::require_viewer()?;
    let query = TracksQuery::parse(&params).map_err(AppError::answer)?;
    let filter = store_filter(&query);
    let page = crossfade_store::browse::library_tracks(&server::pool(), viewer.user_id, &filter)
        .await
        .map_err(server::internal)?;
    let tracks = page
        .tracks
        .into_iter()
        .map(|track| TrackRow {
            spotify_id: track.spotify_id,
            in_catalog: track.in_catalog,
            title: track.title,
            artists: server::named(track.artists),
            history_artists: track.history_artists,
            album_id: track.album_id,
            album_name: track.album_name,
            duration_ms: track.duration_ms.map(i64::from),
            added: track.added_at.map(server::day_of),
            liked: track.liked_at.is_some(),
            playlists: track.playlists,
            plays: track.plays,
        })
        .collect();
    Ok(TracksPage { query, tracks, total: page.total, library_is_empty: page.library_is_empty })
}

/// The store's filter for `query`: the same choices, with days turned into UTC instants.
#[cfg(feature = "ssr")]
fn store_filter(query: &TracksQuery) -> crossfade_store::browse::TrackFilter {
    use super::query::{ROWS_PER_PAGE, SortDirection, SourceFilter, TrackColumn};
    use crossfade_store::browse::{SourceFilter as Source, TrackSort};
    crossfade_store::browse::TrackFilter {
        search: query.search.clone(),
        source: match query.source {
            SourceFilter::All => Source::All,
            SourceFilter::Liked => Source::Liked,
            SourceFilter::Playlist => Source::Playlist,
            SourceFilter::History => Source::History,
        },
        added_since: query.added_from.and_then(super::server::start_of),
        added_before: query.added_to.and_then(super::server::end_of),
        sort: match query.sort {
            TrackColumn::Title => TrackSort::Title,
            TrackColumn::Artists => TrackSort::Artists,
            TrackColumn::Album => TrackSort::Album,
            TrackColumn::Duration => TrackSort::Duration,
            TrackColumn::Added => TrackSort::Added,
            TrackColumn::Plays => TrackSort::Plays,
            TrackColumn::Sources => TrackSort::Sources,
        },
        ascending: query.direction == SortDirection::Ascending,
        page: super::server::page(query.page, ROWS_PER_PAGE),
    }
}
