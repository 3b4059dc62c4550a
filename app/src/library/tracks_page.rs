//! `/library`: the signed-in user's tracks as a table, with a GET form for search and filters, sortable column
//! headers and page links. All of it is links and plain forms, so it works the same without JavaScript.

use crossfade_domain::{
    MAX_SEARCH_CHARS, PageRequest, SortDirection, SourceFilter, TRACKS_PER_PAGE, TrackColumn, TracksParams, TracksQuery,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::frame::{LibraryNav, Section};
use super::tracks::{TrackRow, TracksOutcome, TracksView, list_library_tracks};
use super::widgets::{ArtistLinks, Pager, SpotifyKind, SpotifyLink, When};
use crate::AppError;
use crate::format;
use crate::page_answer::{Problem, gated_view};

/// `/library` with the query string `TracksQuery` reads, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryTracksPage() -> AnyView {
    let query = use_query_map();
    // The query map itself is the resource's source: a memo in between sometimes left the server-side render
    // waiting forever (the request timed out) when the page was rendered under load.
    let params = move || TracksParams::read(|key| query.read().get(key));
    let data = Resource::new(params, list_library_tracks);
    view! {
        <Title text="Library" />
        <h1>"Library"</h1>
        <LibraryNav section=Section::Tracks />
        <Suspense fallback=|| view! { <p>"Loading your tracks…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, |TracksView { query, outcome }| match outcome {
                    // A refused search or date: the form again, as understood, with what was wrong beside it.
                    TracksOutcome::Refused(problem) => {
                        let error = AppError::invalid(&problem.field, problem.message);
                        view! {
                            <TrackFilters query filtered=true />
                            <Problem error />
                        }
                            .into_any()
                    }
                    TracksOutcome::EmptyLibrary => view! { <EmptyLibrary /> }.into_any(),
                    TracksOutcome::Listed { tracks, total } => {
                        let filtered = query.is_filtered();
                        view! {
                            <TrackFilters query=query.clone() filtered />
                            <TracksResult query tracks total />
                        }
                            .into_any()
                    }
                })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn EmptyLibrary() -> impl IntoView {
    view! {
        <p class="notice">
            "Your library has not been synced yet: open " <a href="/sync">"Sync"</a>
            " to copy your liked songs and playlists from Spotify, or "
            <a href="/history">"import your listening history"</a> "."
        </p>
    }
}

/// The search and filter form: a GET form, so its result has an address of its own. Its values are the query as
/// the server understood it.
#[component]
fn TrackFilters(query: TracksQuery, filtered: bool) -> AnyView {
    let default = TracksQuery::default();
    let order = ((query.sort, query.direction) != (default.sort, default.direction))
        .then_some((query.sort.key(), query.direction.key()));
    let clear = query.without_filters().href();
    let day = |day: Option<crossfade_domain::Day>| day.map(|day| day.to_string());
    view! {
        <form class="track-filters" method="get" action="/library" role="search" aria-label="Your tracks">
            <label>
                "Search titles, artists and albums"
                <input type="search" name="q" value=query.search.clone() maxlength=MAX_SEARCH_CHARS.to_string() />
            </label>
            <label>
                "Source"
                <select name="source">
                    {SourceFilter::ALL
                        .into_iter()
                        .map(|option| {
                            let selected = query.source == option;
                            view! { <option value=option.key() selected=selected>{option.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>"Added from" <input type="date" name="added_from" value=day(query.added_from) /></label>
            <label>"Added to" <input type="date" name="added_to" value=day(query.added_to) /></label>
            {order.map(|(sort, dir)| view! {
                <input type="hidden" name="sort" value=sort />
                <input type="hidden" name="dir" value=dir />
            })}
            <button type="submit">"Show tracks"</button>
            {filtered.then(|| view! { <a href=clear>"Clear filters"</a> })}
        </form>
    }
    .into_any()
}

#[component]
fn TracksResult(query: TracksQuery, tracks: Vec<TrackRow>, total: i64) -> impl IntoView {
    let info = PageRequest { number: query.page, size: TRACKS_PER_PAGE }.within(total);
    if total == 0 {
        return view! {
            <p class="notice" role="status">
                "No tracks match these filters. " <a href=query.without_filters().href()>"Clear filters"</a>
                " to see all of your tracks."
            </p>
        }
        .into_any();
    }
    if tracks.is_empty() {
        return view! {
            <p class="notice" role="status">
                "Page " {query.page} " is past the end of this list. "
                <a href=query.at_page(info.last_page()).href()>"Go to the last page"</a> "."
            </p>
        }
        .into_any();
    }
    let previous = info.has_previous().then(|| query.at_page(query.page - 1).href());
    let next = info.has_next().then(|| query.at_page(query.page + 1).href());
    view! {
        <p class="result-summary" role="status">{format::page_summary(info, "tracks")}</p>
        <TracksTable query tracks />
        <Pager previous next />
    }
    .into_any()
}

/// How the table is ordered, in words: "Added, newest first".
fn order_in_words(column: TrackColumn, direction: SortDirection) -> String {
    let words = match (column, direction) {
        (TrackColumn::Title | TrackColumn::Artists | TrackColumn::Album, SortDirection::Ascending) => "A to Z",
        (TrackColumn::Title | TrackColumn::Artists | TrackColumn::Album, SortDirection::Descending) => "Z to A",
        (TrackColumn::Duration, SortDirection::Ascending) => "shortest first",
        (TrackColumn::Duration, SortDirection::Descending) => "longest first",
        (TrackColumn::Added, SortDirection::Ascending) => "oldest first",
        (TrackColumn::Added, SortDirection::Descending) => "newest first",
        (_, SortDirection::Ascending) => "fewest first",
        (_, SortDirection::Descending) => "most first",
    };
    format!("{}, {words}", column.label())
}

#[component]
fn TracksTable(query: TracksQuery, tracks: Vec<TrackRow>) -> AnyView {
    let headers = TrackColumn::ALL
        .into_iter()
        .map(|column| {
            let sorted = (query.sort == column).then_some(query.direction);
            let href = query.sorted_by(column).href();
            let arrow = sorted.map(|direction| match direction {
                SortDirection::Ascending => " ▲",
                SortDirection::Descending => " ▼",
            });
            view! {
                <th scope="col" aria-sort=sorted.map(SortDirection::aria)>
                    <a href=href>
                        {column.label()}
                        {arrow.map(|arrow| view! { <span aria-hidden="true">{arrow}</span> })}
                    </a>
                </th>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="library-table">
                <caption>"Your tracks, sorted by " {order_in_words(query.sort, query.direction)}</caption>
                <thead>
                    <tr>
                        {headers}
                        <th scope="col">"Spotify"</th>
                    </tr>
                </thead>
                <tbody>{tracks.into_iter().map(|track| view! { <TrackLine track /> }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn TrackLine(track: TrackRow) -> AnyView {
    let title = if track.in_catalog {
        view! { <a href=format!("/library/tracks/{}", track.spotify_id)>{track.title.clone()}</a> }.into_any()
    } else {
        view! { {track.title.clone()} }.into_any()
    };
    let artists = if track.artists.is_empty() {
        view! { {track.history_artists.clone()} }.into_any()
    } else {
        view! { <ArtistLinks artists=track.artists.clone() /> }.into_any()
    };
    let album = match track.album_id.clone() {
        Some(id) => view! { <a href=format!("/library/albums/{id}")>{track.album_name.clone()}</a> }.into_any(),
        None => view! { {track.album_name.clone()} }.into_any(),
    };
    view! {
        <tr>
            <th scope="row">{title}</th>
            <td>{artists}</td>
            <td>{album}</td>
            <td class="number">{track.duration_ms.map(format::track_length)}</td>
            <td>{track.added.clone().map(|moment| view! { <When moment /> })}</td>
            <td class="number">{format::count(track.plays)}</td>
            <td><Sources liked=track.liked playlists=track.playlists /></td>
            <td><SpotifyLink kind=SpotifyKind::Track id=track.spotify_id.clone() what=track.title.clone() /></td>
        </tr>
    }
    .into_any()
}

/// Where a track is: liked, in how many playlists, or only in the history.
#[component]
fn Sources(liked: bool, playlists: i64) -> AnyView {
    let history_only = !liked && playlists == 0;
    view! {
        <ul class="sources">
            {liked.then(|| view! { <li class="source liked">"Liked"</li> })}
            {(playlists > 0).then(|| view! {
                <li class="source playlist">"In " {format::counted(playlists, "playlist", "playlists")}</li>
            })}
            {history_only.then(|| view! { <li class="source history">"History only"</li> })}
        </ul>
    }
    .into_any()
}
