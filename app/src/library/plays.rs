//! `/library/plays`: the signed-in user's song plays, newest first, with podcast episodes in a view of their own.

use crossfade_domain::{PageInfo, PlaysQuery, PlaysView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::frame::{LibraryNav, Section};
use super::widgets::{Pager, SpotifyKind, SpotifyLink, When};
use crate::AppError;
use crate::format;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// One page of plays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaysPage {
    pub query: PlaysQuery,
    pub info: PageInfo,
    pub plays: PlayRows,
    /// The pages before and after this one, each continuing from the play at this page's edge.
    pub previous: Option<PlaysQuery>,
    pub next: Option<PlaysQuery>,
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

/// The page of the signed-in user's song or episode plays `query` asks for, newest first. Open to everyone: a
/// visitor gets `None` (signed out).
// JSON, not the default query-string form: a query with every field empty would encode to nothing at all.
#[server(prefix = "/api", endpoint = "list_library_plays", input = leptos::server_fn::codec::Json)]
pub async fn list_library_plays(query: PlaysQuery) -> Result<Option<PlaysPage>, AppError> {
    use crossfade_store::browse;
    crate::account::for_viewer("list_library_plays", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let query = query.bounded();
        let (plays, ids, total) = match query.view {
            PlaysView::Songs => {
                let found = browse::song_plays(&pool, viewer.user_id, &query).await.map_err(super::read_failed)?;
                let ids: Vec<i64> = found.rows.iter().map(|play| play.id).collect();
                let rows = found.rows.into_iter().map(|play| SongPlayRow {
                    played: Moment::at(play.played_at),
                    ms_played: play.ms_played.map(i64::from),
                    track_id: play.track_id,
                    in_catalog: play.in_catalog,
                    title: play.title,
                    artists: play.artists,
                    album: play.album,
                    skipped: play.skipped == Some(true),
                });
                (PlayRows::Songs(rows.collect()), ids, found.total)
            }
            PlaysView::Episodes => {
                let found = browse::episode_plays(&pool, viewer.user_id, &query).await.map_err(super::read_failed)?;
                let ids: Vec<i64> = found.rows.iter().map(|play| play.id).collect();
                let rows = found.rows.into_iter().map(|play| EpisodePlayRow {
                    played: Moment::at(play.played_at),
                    ms_played: i64::from(play.ms_played),
                    episode_id: play
                        .episode_uri
                        .as_deref()
                        .and_then(|uri| SpotifyKind::Episode.id_in_uri(uri))
                        .map(|id| id.into_string()),
                    episode: play.episode_name,
                    show: play.show_name,
                });
                (PlayRows::Episodes(rows.collect()), ids, found.total)
            }
        };
        let info = query.page_request().within(total);
        let previous = (info.has_previous() && !info.past_the_end())
            .then(|| ids.first().map(|first| query.previous(*first)))
            .flatten();
        let next = info.has_next().then(|| ids.last().map(|last| query.next(*last))).flatten();
        Ok(PlaysPage { query, info, plays, previous, next })
    })
    .await
}

/// `/library/plays` (`?view=episodes`, `?page=`, and the play a page continues from), for signed-in users; others
/// are pointed to sign-in.
#[component]
pub fn LibraryPlaysPage() -> AnyView {
    let query_map = use_query_map();
    // The query map itself is the resource's source: a memo in between sometimes left the server-side render
    // waiting forever (the request timed out) when the page was rendered under load.
    let query = move || PlaysQuery::read(|key| query_map.read().get(key));
    let data = Resource::new(query, list_library_plays);
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
                gated_view(data.await, super::PURPOSE, |page: PlaysPage| view! { <PlaysResult page /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn PlaysResult(page: PlaysPage) -> impl IntoView {
    let PlaysPage { query, info, plays, previous, next } = page;
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
    let previous = previous.map(|page| page.href());
    let next = next.map(|page| page.href());
    view! {
        <p class="result-summary" role="status">{format::page_summary(info, noun)}</p>
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
