//! `/library/plays`: the signed-in user's song plays, newest first, with podcast episodes in a view of their own.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::dto::{Moment, PageInfo};
use super::format;
use super::frame::{LibraryNav, Section, gated_view, when_signed_in};
use super::query::{PlaysQuery, PlaysView};
use super::widgets::{Pager, SpotifyKind, SpotifyLink, When};
use crate::AppError;

/// One page of plays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaysPage {
    pub query: PlaysQuery,
    pub info: PageInfo,
    pub plays: PlayRows,
}

/// Song plays or episode plays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlayRows {
    Songs(Vec<SongPlayRow>),
    Episodes(Vec<EpisodePlayRow>),
}

/// One song play.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SongPlayRow {
    pub played: Moment,
    pub ms_played: Option<i64>,
    pub track_id: Option<String>,
    pub in_catalog: bool,
    pub title: Option<String>,
    pub artists: Option<String>,
    pub album: Option<String>,
    pub skipped: bool,
}

/// One podcast episode play.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpisodePlayRow {
    pub played: Moment,
    pub ms_played: i64,
    pub episode_id: Option<String>,
    pub episode: Option<String>,
    pub show: Option<String>,
}

/// `page` of the signed-in user's song or episode plays, newest first. Requires sign-in (404 otherwise).
// JSON, not the default query-string form: a query with every field empty would encode to nothing at all.
#[server(prefix = "/api", endpoint = "list_library_plays", input = leptos::server_fn::codec::Json)]
pub async fn list_library_plays(query: PlaysQuery) -> Result<PlaysPage, AppError> {
    use super::query::{MAX_PAGE, ROWS_PER_PAGE};
    use super::server::{self, id_from_uri};
    let viewer = crate::account::require_viewer()?;
    let query = query.at_page(query.page.clamp(1, MAX_PAGE));
    let page = server::page(query.page, ROWS_PER_PAGE);
    let (plays, total) = match query.view {
        PlaysView::Songs => {
            let found = crossfade_store::browse::song_plays(&server::pool(), viewer.user_id, page)
                .await
                .map_err(server::internal)?;
            let rows = found.rows.into_iter().map(|play| SongPlayRow {
                played: server::moment(play.played_at),
                ms_played: play.ms_played.map(i64::from),
                track_id: play.track_id,
                in_catalog: play.in_catalog,
                title: play.title,
                artists: play.artists,
                album: play.album,
                skipped: play.skipped == Some(true),
            });
            (PlayRows::Songs(rows.collect()), found.total)
        }
        PlaysView::Episodes => {
            let found = crossfade_store::browse::episode_plays(&server::pool(), viewer.user_id, page)
                .await
                .map_err(server::internal)?;
            let rows = found.rows.into_iter().map(|play| EpisodePlayRow {
                played: server::moment(play.played_at),
                ms_played: i64::from(play.ms_played),
                episode_id: play
                    .episode_uri
                    .as_deref()
                    .and_then(|uri| id_from_uri(uri, SpotifyKind::Episode))
                    .map(str::to_owned),
                episode: play.episode_name,
                show: play.show_name,
            });
            (PlayRows::Episodes(rows.collect()), found.total)
        }
    };
    Ok(PlaysPage { query, info: PageInfo { page: query.page, per_page: ROWS_PER_PAGE, total }, plays })
}

/// `/library/plays` (`?view=episodes`, `?page=`), for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryPlaysPage() -> AnyView {
    let query_map = use_query_map();
    // The query map itself is the resource's source: a memo in between sometimes left the server-side render
    // waiting forever (the request timed out) when the page was rendered under load.
    let query = move || PlaysQuery::from_query(&query_map.read());
    let data = Resource::new(query, |query| when_signed_in(move || list_library_plays(query)));
    let current = move |view: PlaysView| (query().view == view).then_some("page");
    view! {
        <Title text="Plays" />
        <h1>"Plays"</h1>
        <LibraryNav section=Section::Plays />
        <nav class="view-switch" aria-label="Kind of plays">
            <ul>
                <li><a href="/library/plays" aria-current=move || current(PlaysView::Songs)>"Songs"</a></li>
                <li>
                    <a href="/library/plays?view=episodes" aria-current=move || current(PlaysView::Episodes)>
                        "Episodes"
                    </a>
                </li>
            </ul>
        </nav>
        <Suspense fallback=|| view! { <p>"Loading your plays…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, |page: PlaysPage| view! { <PlaysResult page /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn PlaysResult(page: PlaysPage) -> impl IntoView {
    let PlaysPage { query, info, plays } = page;
    let noun = match plays {
        PlayRows::Songs(_) => "plays",
        PlayRows::Episodes(_) => "episode plays",
    };
    if info.total == 0 {
        return match plays {
            PlayRows::Songs(_) => view! {
                <p class="notice">"No plays yet: " <a href="/history">"import your history"</a> "."</p>
            }
            .into_any(),
            PlayRows::Episodes(_) => view! {
                <p class="notice">
                    "No podcast episode plays yet: they come from your history, so "
                    <a href="/history">"import your history"</a> "."
                </p>
            }
            .into_any(),
        };
    }
    if info.past_the_end() {
        return view! {
            <p class="notice" role="status">
                "This page is past the end of the list. " <a href=query.at_page(1).href()>"Go to the first page"</a> "."
            </p>
        }
        .into_any();
    }
    let previous = info.has_previous().then(|| query.at_page(query.page - 1).href());
    let next = info.has_next().then(|| query.at_page(query.page + 1).href());
    view! {
        <p class="result-summary" role="status">{info.summary(noun)}</p>
        {match plays {
            PlayRows::Songs(rows) => view! { <SongTable rows /> }.into_any(),
            PlayRows::Episodes(rows) => view! { <EpisodeTable rows /> }.into_any(),
        }}
        <Pager previous next />
    }
    .into_any()
}

#[component]
fn SongTable(rows: Vec<SongPlayRow>) -> AnyView {
    view! {
        <div class="table-scroll">
            <table class="library-table">
                <caption>"Your song plays, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Played"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Artists"</th>
                        <th scope="col">"Album"</th>
                        <th scope="col" class="number">"Listened"</th>
                        <th scope="col">"Spotify"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|play| {
                        let title = play.title.clone().unwrap_or_else(|| "Unknown track".to_owned());
                        let linked = play.track_id.clone().filter(|_| play.in_catalog);
                        view! {
                            <tr>
                                <td><When moment=play.played /></td>
                                <th scope="row">
                                    {match linked {
                                        Some(id) => {
                                            view! { <a href=format!("/library/tracks/{id}")>{title.clone()}</a> }
                                                .into_any()
                                        }
                                        None => title.clone().into_any(),
                                    }}
                                    {play.skipped.then(|| view! { " " <span class="badge">"Skipped"</span> })}
                                </th>
                                <td>{play.artists}</td>
                                <td>{play.album}</td>
                                <td class="number">{play.ms_played.map(format::track_length)}</td>
                                <td>
                                    {play.track_id.map(|id| {
                                        view! { <SpotifyLink kind=SpotifyKind::Track id what=title /> }
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn EpisodeTable(rows: Vec<EpisodePlayRow>) -> AnyView {
    view! {
        <div class="table-scroll">
            <table class="library-table">
                <caption>"Your podcast episode plays, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Played"</th>
                        <th scope="col">"Episode"</th>
                        <th scope="col">"Show"</th>
                        <th scope="col" class="number">"Listened"</th>
                        <th scope="col">"Spotify"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|play| {
                        let episode = play.episode.clone().unwrap_or_else(|| "Unknown episode".to_owned());
                        view! {
                            <tr>
                                <td><When moment=play.played /></td>
                                <th scope="row">{episode.clone()}</th>
                                <td>{play.show}</td>
                                <td class="number">{format::track_length(play.ms_played)}</td>
                                <td>
                                    {play.episode_id.map(|id| {
                                        view! { <SpotifyLink kind=SpotifyKind::Episode id what=episode /> }
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
