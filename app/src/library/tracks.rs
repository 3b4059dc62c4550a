//! The tracks table's data: the server function that reads the query of `/library` and one page of the signed-in
//! user's tracks.

use crossfade_domain::{QueryProblem, TracksParams, TracksQuery};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::dto::Named;
use crate::AppError;
use crate::moment::Moment;

/// What `/library` shows: the query as the server understood it (the form, headers and links are built from it),
/// and what it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracksView {
    pub query: TracksQuery,
    pub outcome: TracksOutcome,
}

/// What the query found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TracksOutcome {
    /// A search or a date that cannot be used, named; the query holds every other value as asked.
    Refused(QueryProblem),
    /// The user has no track at all: nothing was synced or imported yet.
    EmptyLibrary,
    /// One page of the tracks matching the query, and how many match over all pages.
    Listed { tracks: Vec<TrackRow>, total: i64 },
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

#[cfg(feature = "ssr")]
impl From<crossfade_store::browse::LibraryTrack> for TrackRow {
    fn from(track: crossfade_store::browse::LibraryTrack) -> Self {
        TrackRow {
            spotify_id: track.spotify_id,
            in_catalog: track.in_catalog,
            title: track.title,
            artists: super::dto::named(track.artists),
            history_artists: track.history_artists,
            album_id: track.album_id,
            album_name: track.album_name,
            duration_ms: track.duration_ms.map(i64::from),
            added: track.added_at.map(Moment::day_of),
            liked: track.liked_at.is_some(),
            playlists: i64::from(track.playlists),
            plays: i64::from(track.plays),
        }
    }
}

/// The signed-in user's tracks as the query string `params` of `/library` asks: one page, filtered and sorted.
/// Open to everyone: a visitor gets `None` (signed out). A search or date that cannot be used is answered as a
/// refusal naming the field, with the rest of the query as understood.
// JSON, not the default query-string form: a query with every field empty would encode to nothing at all.
#[server(prefix = "/api", endpoint = "list_library_tracks", input = leptos::server_fn::codec::Json)]
pub async fn list_library_tracks(params: TracksParams) -> Result<Option<TracksView>, AppError> {
    crate::account::for_viewer("list_library_tracks", |viewer| async move {
        let (query, problem) = TracksQuery::understood(&params);
        if let Some(problem) = problem {
            return Ok(TracksView { query, outcome: TracksOutcome::Refused(problem) });
        }
        let pool = expect_context::<sqlx::PgPool>();
        let page =
            crossfade_store::browse::library_tracks(&pool, viewer.user_id, &query).await.map_err(super::read_failed)?;
        let outcome = if page.library_is_empty {
            TracksOutcome::EmptyLibrary
        } else {
            TracksOutcome::Listed { tracks: page.tracks.into_iter().map(TrackRow::from).collect(), total: page.total }
        };
        Ok(TracksView { query, outcome })
    })
    .await
}
