//! `/library`: the signed-in user's tracks as a table, with a GET form for search, filters and optional columns,
//! sortable column headers, page links, and a checkbox per row that joins the form tagging the chosen tracks. All
//! of it is links and plain forms, so it works the same without JavaScript; with it, the table is read again after
//! a tag change and one checkbox chooses every track on the page.

use crossfade_domain::{
    ExtraColumn, PageRequest, SortDirection, TRACKS_PER_PAGE, TrackColumn, TracksParams, TracksQuery,
};
use leptos::html::Input;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::frame::{LibraryNav, Section};
use super::tags::{ChangeTags, TagForm};
use super::track_filters::TrackFilters;
use super::tracks::{Linked, NarrowedTo, TrackRow, TracksOutcome, TracksView, list_library_tracks};
use super::widgets::{ArtistLinks, Pager, SpotifyKind, SpotifyLink, When};
use crate::AppError;
use crate::format;
use crate::page_answer::{Problem, gated_view};

/// The id of the form tagging the chosen tracks, which the rows' checkboxes name in their `form` attribute.
const TAG_FORM_ID: &str = "tag-tracks";

/// `/library` with the query string `TracksQuery` reads, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryTracksPage() -> AnyView {
    let query = use_query_map();
    // The query map itself is the resource's source: a memo in between sometimes left the server-side render
    // waiting forever (the request timed out) when the page was rendered under load.
    let params = move || TracksParams::read(|key| query.read().get(key));
    let change_tags = ServerAction::<ChangeTags>::new();
    // Counts successful tag changes: the table is read again after one (its rows show the tags), but not after a
    // refused one, which would clear the ticked rows and the typed tags the person is about to correct.
    let tag_changes = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if matches!(change_tags.value().get(), Some(Ok(_))) {
            tag_changes.update(|changes| *changes += 1);
        }
    });
    let data = Resource::new(move || (params(), tag_changes.get()), |(params, _)| list_library_tracks(params));
    view! {
        <Title text="Library" />
        <h1>"Library"</h1>
        <LibraryNav section=Section::Tracks />
        <Suspense fallback=|| view! { <p>"Loading your tracks…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, move |TracksView { query, narrowed_to, outcome }| match outcome {
                    // A refused typed value: the form again, as understood, with what was wrong beside it.
                    TracksOutcome::Refused(problem) => {
                        let error = AppError::invalid(&problem.field, problem.message);
                        view! {
                            <TrackFilters query filtered=true />
                            <NarrowedToList narrowed_to />
                            <Problem error />
                        }
                            .into_any()
                    }
                    TracksOutcome::EmptyLibrary => view! { <EmptyLibrary /> }.into_any(),
                    TracksOutcome::Listed { tracks, total } => {
                        let filtered = query.is_filtered();
                        view! {
                            <TrackFilters query=query.clone() filtered />
                            <NarrowedToList narrowed_to />
                            <TracksResult query tracks total change_tags />
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

/// The tag, label and genre the table is narrowed to, each with a link to the same view without it.
#[component]
fn NarrowedToList(narrowed_to: Vec<NarrowedTo>) -> impl IntoView {
    (!narrowed_to.is_empty()).then(|| {
        view! {
            <ul class="narrowed-to" aria-label="Narrowed to">
                {narrowed_to
                    .into_iter()
                    .map(|narrowed| {
                        let clear_words = format!(" the {} filter", narrowed.what.to_lowercase());
                        view! {
                            <li>
                                {narrowed.what} ": " <strong>{narrowed.value}</strong>
                                {narrowed.note.map(|note| format!(" ({note})"))} " "
                                <a href=narrowed.clear>
                                    "Clear" <span class="visually-hidden">{clear_words}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
fn TracksResult(
    query: TracksQuery,
    tracks: Vec<TrackRow>,
    total: i64,
    change_tags: ServerAction<ChangeTags>,
) -> impl IntoView {
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
    // The rows' checkboxes join this form through their `form` attribute, so the table needs no form around it and
    // the filter form above stays a separate GET form. Without JavaScript the post comes back to this address.
    view! {
        <p class="result-summary" role="status">{format::page_summary(info, "tracks")}</p>
        <section class="bulk-tags" aria-label="Tag the chosen tracks">
            <p class="bulk-tags-hint">"Tick tracks in the table to add or remove tags on all of them at once."</p>
            <TagForm action=change_tags id=TAG_FORM_ID />
        </section>
        <TracksTable query tracks />
        <Pager previous next />
    }
    .into_any()
}

/// How the table is ordered, in words: "Added, newest first".
fn order_in_words(column: TrackColumn, direction: SortDirection) -> String {
    use SortDirection::{Ascending as Up, Descending as Down};
    let words = match (column, direction) {
        _ if column.is_text() => {
            if direction == Up {
                "A to Z"
            } else {
                "Z to A"
            }
        }
        (TrackColumn::Duration, Up) => "shortest first",
        (TrackColumn::Duration, Down) => "longest first",
        (TrackColumn::Added, Up) => "oldest first",
        (TrackColumn::Added, Down) => "newest first",
        (TrackColumn::Bpm, Up) => "slowest first",
        (TrackColumn::Bpm, Down) => "fastest first",
        (TrackColumn::Energy | TrackColumn::Danceability | TrackColumn::Valence, Up) => "lowest first",
        (TrackColumn::Energy | TrackColumn::Danceability | TrackColumn::Valence, Down) => "highest first",
        (_, Up) => "fewest first",
        (_, Down) => "most first",
    };
    format!("{}, {words}", column.label())
}

/// A header that sorts by its column, and shows which way the table is sorted by it.
fn sort_header(query: &TracksQuery, column: TrackColumn) -> impl IntoView + use<> {
    let sorted = (query.sort == column).then_some(query.direction);
    let href = query.sorted_by(column).href();
    let arrow = sorted.map(|direction| match direction {
        SortDirection::Ascending => " ▲",
        SortDirection::Descending => " ▼",
    });
    view! {
        <th scope="col" aria-sort=sorted.map(SortDirection::aria)>
            <a href=href>
                {column.label()} {arrow.map(|arrow| view! { <span aria-hidden="true">{arrow}</span> })}
            </a>
        </th>
    }
}

#[component]
fn TracksTable(query: TracksQuery, tracks: Vec<TrackRow>) -> AnyView {
    let headers = TrackColumn::ALWAYS.into_iter().map(|column| sort_header(&query, column)).collect_view();
    let extra_headers = query
        .columns
        .iter()
        .map(|column| match column.sort() {
            Some(sort) => sort_header(&query, sort).into_any(),
            None => view! { <th scope="col">{column.label()}</th> }.into_any(),
        })
        .collect_view();
    // "Choose every track on this page" needs JavaScript: it is rendered hidden and shown once the page is hydrated
    // (effects run only in the browser), so without JavaScript no control is offered that would do nothing.
    let enhanced = RwSignal::new(false);
    Effect::new(move |_| enhanced.set(true));
    let boxes = StoredValue::new(tracks.iter().map(|_| NodeRef::<Input>::new()).collect::<Vec<_>>());
    let every_box_ticked = RwSignal::new(false);
    let tick_every_box = move |event: leptos::ev::Event| {
        let ticked = event_target_checked(&event);
        boxes.with_value(|boxes| {
            boxes.iter().filter_map(|node| node.get_untracked()).for_each(|b| b.set_checked(ticked))
        });
        every_box_ticked.set(ticked);
    };
    let recount = move || {
        let all = boxes.with_value(|boxes| boxes.iter().all(|node| node.get_untracked().is_some_and(|b| b.checked())));
        every_box_ticked.set(all);
    };
    let columns = query.columns.clone();
    let rows = tracks
        .into_iter()
        .enumerate()
        .map(|(index, track)| {
            let choice = boxes.with_value(|boxes| boxes[index]);
            view! { <TrackLine track index choice columns=columns.clone() on_choose=recount /> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="library-table">
                <caption>"Your tracks, sorted by " {order_in_words(query.sort, query.direction)}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="choose">
                            <span class="visually-hidden">"Chosen"</span>
                            <label hidden=move || !enhanced.get()>
                                <input type="checkbox" prop:checked=every_box_ticked on:change=tick_every_box />
                                <span class="visually-hidden">"Choose every track on this page"</span>
                            </label>
                        </th>
                        {headers}
                        {extra_headers}
                        <th scope="col">"Spotify"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn TrackLine(
    track: TrackRow,
    /// The row's place on the page: its checkbox's index in the tag form's list of tracks.
    index: usize,
    choice: NodeRef<Input>,
    columns: Vec<ExtraColumn>,
    on_choose: impl Fn() + Send + Sync + 'static,
) -> AnyView {
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
    let tags = (!track.tags.is_empty()).then(|| {
        view! {
            <ul class="row-tags" aria-label="Your tags">
                {track.tags.iter().cloned().map(|tag| view! { <li><LinkedText linked=tag /></li> }).collect_view()}
            </ul>
        }
    });
    let extras = columns
        .into_iter()
        .map(|column| match column {
            ExtraColumn::Bpm => view! { <td class="number">{track.bpm.clone()}</td> }.into_any(),
            ExtraColumn::Key => view! { <td class="key">{track.key.clone()}</td> }.into_any(),
            ExtraColumn::Energy => view! { <td class="number">{track.energy.clone()}</td> }.into_any(),
            ExtraColumn::Danceability => view! { <td class="number">{track.danceability.clone()}</td> }.into_any(),
            ExtraColumn::Valence => view! { <td class="number">{track.valence.clone()}</td> }.into_any(),
            ExtraColumn::Genre => {
                view! { <td>{track.genre.clone().map(|linked| view! { <LinkedText linked /> })}</td> }.into_any()
            }
            ExtraColumn::Label => {
                view! { <td>{track.label.clone().map(|linked| view! { <LinkedText linked /> })}</td> }.into_any()
            }
        })
        .collect_view();
    view! {
        <tr>
            <td class="choose">
                <label>
                    <input
                        type="checkbox"
                        name=format!("tracks[{index}]")
                        value=track.spotify_id.clone()
                        form=TAG_FORM_ID
                        node_ref=choice
                        on:change=move |_| on_choose()
                    />
                    <span class="visually-hidden">"Choose " {track.title.clone()}</span>
                </label>
            </td>
            <th scope="row">
                <span class="titled">
                    {track.cover.clone().map(|url| view! {
                        <img class="thumb" src=url alt="" width="40" height="40" loading="lazy" />
                    })}
                    <span>{title} {tags}</span>
                </span>
            </th>
            <td>{artists}</td>
            <td>{album}</td>
            <td class="number">{track.duration_ms.map(format::track_length)}</td>
            <td>{track.added.clone().map(|moment| view! { <When moment /> })}</td>
            <td class="number">{format::count(track.plays)}</td>
            <td><Sources liked=track.liked playlists=track.playlists /></td>
            {extras}
            <td><SpotifyLink kind=SpotifyKind::Track id=track.spotify_id.clone() what=track.title.clone() /></td>
        </tr>
    }
    .into_any()
}

/// A cell's text, as a link when it has an address.
#[component]
fn LinkedText(linked: Linked) -> impl IntoView {
    match linked.href {
        Some(href) => view! { <a href=href>{linked.text}</a> }.into_any(),
        None => view! { {linked.text} }.into_any(),
    }
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
