//! The tracks table's data: the server function that reads the query of `/library` and one page of the signed-in
//! user's tracks. Values are worded on the server (key names, rounded BPM, genre names), so the browser bundle
//! carries no genre tree and shows exactly what the ranges count.

use crossfade_domain::{QueryProblem, TracksParams, TracksQuery};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::dto::Named;
use crate::AppError;
use crate::moment::Moment;

/// What `/library` shows: the query as the server understood it (the form, headers and links are built from it),
/// the tag, label and genre it narrows to in words, and what it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracksView {
    pub query: TracksQuery,
    pub narrowed_to: Vec<NarrowedTo>,
    pub outcome: TracksOutcome,
}

/// A tag, label or genre the table is narrowed to, and the address of the same view without it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NarrowedTo {
    /// "Tag", "Label", "Genre".
    pub what: String,
    /// "warm-up", "Ninja Tune", "House".
    pub value: String,
    /// "with its subgenres".
    pub note: Option<String>,
    pub clear: String,
}

/// A cell's text and, when it has one, the address it links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Linked {
    pub text: String,
    pub href: Option<String>,
}

/// What the query found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TracksOutcome {
    /// A typed value that cannot be used (a search, a date, a tag, label, genre or range), named; the query holds
    /// every other value as asked.
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
    /// The album's cover, shown small beside the title.
    pub cover: Option<String>,
    pub duration_ms: Option<i64>,
    pub added: Option<Moment>,
    pub liked: bool,
    pub playlists: i64,
    pub plays: i64,
    /// Beats per minute, whole: "128".
    pub bpm: Option<String>,
    /// "8A · A minor".
    pub key: Option<String>,
    /// "0.65", as the ranges count it; likewise danceability and valence.
    pub energy: Option<String>,
    pub danceability: Option<String>,
    pub valence: Option<String>,
    /// The heaviest genre, linking to the table narrowed to it.
    pub genre: Option<Linked>,
    /// The record label, linking to its page.
    pub label: Option<Linked>,
    /// The user's own tags, each linking to the table narrowed to it.
    pub tags: Vec<Linked>,
}

#[cfg(feature = "ssr")]
impl TrackRow {
    /// `track` as a row of the table `query` shows: the genre and tag links keep its columns and order.
    fn of(track: crossfade_store::browse::LibraryTrack, query: &TracksQuery) -> Self {
        use crossfade_domain::{GenreTree, LabelKey, RangeFilter, Tag};
        let shown = |filter: RangeFilter, value: Option<f32>| value.map(|value| filter.shown(f64::from(value)));
        let tree = GenreTree::get();
        // A genre no longer in the tree (its slug read before a change of the file) is shown by slug, unlinked.
        let genre = track.genre.map(|slug| match tree.parse_id(&slug) {
            Ok(id) => Linked {
                text: tree.genre(id).name.to_owned(),
                href: Some(TracksQuery { genre: Some(id), ..query.without_filters() }.href()),
            },
            Err(_) => Linked { text: slug, href: None },
        });
        let label = track.label.map(|(name, key)| Linked {
            text: name,
            href: LabelKey::from_slug(&key).ok().map(|key| format!("/library/labels/{}", key.slug())),
        });
        let tags = track
            .tags
            .into_iter()
            .map(|text| Linked {
                href: Tag::parse(&text)
                    .ok()
                    .map(|tag| TracksQuery { tag: Some(tag), ..query.without_filters() }.href()),
                text,
            })
            .collect();
        TrackRow {
            spotify_id: track.spotify_id,
            in_catalog: track.in_catalog,
            title: track.title,
            artists: super::dto::named(track.artists),
            history_artists: track.history_artists,
            album_id: track.album_id,
            album_name: track.album_name,
            cover: track.album_image_url,
            duration_ms: track.duration_ms.map(i64::from),
            added: track.added_at.map(Moment::short_day_of),
            liked: track.liked_at.is_some(),
            playlists: i64::from(track.playlists),
            plays: i64::from(track.plays),
            bpm: shown(RangeFilter::Bpm, track.tempo),
            key: track.key.map(|key| format!("{} · {}", key.camelot(), key.name())),
            energy: shown(RangeFilter::Energy, track.energy),
            danceability: shown(RangeFilter::Danceability, track.danceability),
            valence: shown(RangeFilter::Valence, track.valence),
            genre,
            label,
            tags,
        }
    }
}

/// The tag, label and genre `query` narrows to, in words. The label is named as `tracks` write it (they are all on
/// it), or by its key when none is listed.
#[cfg(feature = "ssr")]
fn narrowed_to(query: &TracksQuery, tracks: &[crossfade_store::browse::LibraryTrack]) -> Vec<NarrowedTo> {
    let mut narrowed = Vec::new();
    if let Some(tag) = &query.tag {
        narrowed.push(NarrowedTo {
            what: "Tag".to_owned(),
            value: tag.as_str().to_owned(),
            note: None,
            clear: TracksQuery { tag: None, page: 1, ..query.clone() }.href(),
        });
    }
    if let Some(key) = &query.label {
        let name = tracks.iter().find_map(|track| track.label.as_ref().map(|(name, _)| name.clone()));
        narrowed.push(NarrowedTo {
            what: "Label".to_owned(),
            value: name.unwrap_or_else(|| key.as_str().to_owned()),
            note: None,
            clear: TracksQuery { label: None, page: 1, ..query.clone() }.href(),
        });
    }
    if let Some(genre) = query.genre {
        let tree = crossfade_domain::GenreTree::get();
        let below = !tree.descendants(genre).is_empty();
        narrowed.push(NarrowedTo {
            what: "Genre".to_owned(),
            value: tree.genre(genre).name.to_owned(),
            note: below.then(|| "with its subgenres".to_owned()),
            clear: TracksQuery { genre: None, page: 1, ..query.clone() }.href(),
        });
    }
    narrowed
}

/// The signed-in user's tracks as the query string `params` of `/library` asks: one page, filtered and sorted.
/// Open to everyone: a visitor gets `None` (signed out). A typed value that cannot be used is answered as a
/// refusal naming the field, with the rest of the query as understood.
// JSON, not the default query-string form: a query with every field empty would encode to nothing at all.
#[server(prefix = "/api", endpoint = "list_library_tracks", input = leptos::server_fn::codec::Json)]
pub async fn list_library_tracks(params: TracksParams) -> Result<Option<TracksView>, AppError> {
    crate::account::for_viewer("list_library_tracks", |viewer| async move {
        let (query, problem) = TracksQuery::understood(&params);
        if let Some(problem) = problem {
            let narrowed_to = narrowed_to(&query, &[]);
            return Ok(TracksView { query, narrowed_to, outcome: TracksOutcome::Refused(problem) });
        }
        let pool = expect_context::<sqlx::PgPool>();
        let page =
            crossfade_store::browse::library_tracks(&pool, viewer.user_id, &query).await.map_err(super::read_failed)?;
        let narrowed_to = narrowed_to(&query, &page.tracks);
        let outcome = if page.library_is_empty {
            TracksOutcome::EmptyLibrary
        } else {
            let tracks = page.tracks.into_iter().map(|track| TrackRow::of(track, &query)).collect();
            TracksOutcome::Listed { tracks, total: page.total }
        };
        Ok(TracksView { query, narrowed_to, outcome })
    })
    .await
}
