//! `/library`: the signed-in user's tracks as a table, with a GET form for search and filters, sortable column
//! headers and page links. All of it is links and plain forms, so it works the same without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::day::Day;
use super::dto::PageInfo;
use super::format;
use super::frame::{LibraryNav, Problem, Section, gated_view, when_signed_in};
use super::query::{
    MAX_SEARCH_CHARS, ROWS_PER_PAGE, SortDirection, SourceFilter, TrackColumn, TracksParams, TracksQuery,
};
use super::tracks::{TrackRow, TracksPage, list_library_tracks};
use super::widgets::{ArtistLinks, Pager, SpotifyKind, SpotifyLink, When};
use crate::AppError;

/// `/library` with the query string `TracksQuery` reads, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryTracksPage() -> AnyView {
    let query = use_query_map();
    // The query map itself is the resource's source: a memo in between sometimes left the server-side render
    // waiting forever (the request timed out) when the page was rendered under load.
    let params = move || TracksParams::from_query(&query.read());
    let data = Resource::new(params, |params| when_signed_in(move || list_library_tracks(params)));
    view! {
        <Title text="Library" />
        <h1>"Library"</h1>
        <LibraryNav section=Section::Tracks />
        <Suspense fallback=|| view! { <p>"Loading your tracks…"</p> }>
            {move || Suspend::new(async move {
                let params = TracksParams::from_query(&query.read_untracked());
                match data.await {
                    // A refused search or date: the form again, with what was wrong beside it.
                    Err(error @ AppError::InvalidInput { .. }) => {
                        view! {
                            <TrackFilters params filtered=true />
                            <Problem error />
                        }
                            .into_any()
                    }
                    other => gated_view(other, move |page: TracksPage| {
                        if page.library_is_empty {
                            return view! { <EmptyLibrary /> }.into_any();
                        }
                        let filtered = page.query.is_filtered();
                        view! {
                            <TrackFilters params filtered />
                            <TracksResult page />
                        }
                            .into_any()
                    }),
                }
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

/// The search and filter form: a GET form, so its result has an address of its own.
#[component]
fn TrackFilters(params: TracksParams, filtered: bool) -> AnyView {
    let TracksParams { q, source, added_from, added_to, sort, dir, .. } = params;
    let chosen = SourceFilter::ALL.into_iter().find(|option| Some(option.key()) == source.as_deref());
    let sort = sort.filter(|key| TrackColumn::ALL.iter().any(|column| column.key() == key));
    let dir = dir.filter(|key| key == "asc" || key == "desc");
    // A date input cannot hold anything but a date; a refused value is named in the message instead.
    let valid_day = |text: Option<String>| text.filter(|text| Day::parse(text.trim()).is_some());
    let (added_from, added_to) = (valid_day(added_from), valid_day(added_to));
    let clear = TracksQuery::parse(&TracksParams { sort: sort.clone(), dir: dir.clone(), ..TracksParams::default() })
        .unwrap_or_default()
        .without_filters()
        .href();
    view! {
        <form class="track-filters" method="get" action="/library" role="search" aria-label="Your tracks">
            <label>
                "Search titles, artists and albums"
                <input type="search" name="q" value=q maxlength=MAX_SEARCH_CHARS.to_string() />
            </label>
            <label>
                "Source"
                <select name="source">
                    {SourceFilter::ALL
                        .into_iter()
                        .map(|option| {
                            let selected = chosen == Some(option);
                            view! { <option value=option.key() selected=selected>{option.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>"Added from" <input type="date" name="added_from" value=added_from /></label>
            <label>"Added to" <input type="date" name="added_to" value=added_to /></label>
            {sort.map(|sort| view! { <input type="hidden" name="sort" value=sort /> })}
            {dir.map(|dir| view! { <input type="hidden" name="dir" value=dir /> })}
            <button type="submit">"Show tracks"</button>
            {filtered.then(|| view! { <a href=clear>"Clear filters"</a> })}
        </form>
    }
    .into_any()
}

#[component]
fn TracksResult(page: TracksPage) -> impl IntoView {
    let TracksPage { query, tracks, total, .. } = page;
    let info = PageInfo { page: query.page, per_page: ROWS_PER_PAGE, total };
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
        <p class="result-summary" role="status">{info.summary("tracks")}</p>
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
