//! `/library/playlists/:id`: one of the signed-in user's playlists with its mirrored entries in position order.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crossfade_domain::{Link, PageInfo, PlaylistRelation, page_number};

use super::dto::Named;
use super::frame::{LibraryNav, Section};
use super::playlists::PlaylistCard;
use super::widgets::{ArtistLinks, Cover, InsightsLink, Pager, SpotifyKind, SpotifyLink, When};
use crate::AppError;
use crate::format;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// Entries on one page of a playlist.
#[cfg(feature = "ssr")]
const ENTRIES_PER_PAGE: u32 = 100;

/// A playlist and one page of its entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaylistView {
    pub playlist: PlaylistCard,
    pub entries: Vec<EntryRow>,
    /// Counts the mirrored entries.
    pub info: PageInfo,
}

/// One entry of the playlist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    /// 0 for the first entry.
    pub position: i64,
    pub added: Option<Moment>,
    /// Who added it: a Spotify user id, or the owner's name when the owner did.
    pub added_by: Option<String>,
    pub item: EntryItem,
}

/// What sits at a position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryItem {
    Track { track: Named, artists: Vec<Named>, album: Named, duration_ms: i64 },
    Episode { episode: Named, duration_ms: i64 },
    Local { name: Option<String>, artist: Option<String>, album: Option<String>, duration_ms: Option<i64> },
    Unavailable,
}

/// The signed-in user's playlist `id` (a Spotify id) with `page` of its entries. Open to everyone: a visitor gets
/// `None` (signed out); another user's or an unknown playlist answers 404.
#[server(prefix = "/api", endpoint = "get_library_playlist")]
pub async fn get_library_playlist(id: String, page: u32) -> Result<Option<PlaylistView>, AppError> {
    crate::account::for_viewer("get_library_playlist", |viewer| async move {
        let id = super::id_in_path(&id)?;
        let page =
            crossfade_domain::PageRequest { number: page.clamp(1, crossfade_domain::MAX_PAGE), size: ENTRIES_PER_PAGE };
        let pool = expect_context::<sqlx::PgPool>();
        let found = crossfade_store::browse::playlist(&pool, viewer.user_id, id.as_str(), page)
            .await
            .map_err(super::read_failed)?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let owner = (found.playlist.owner_spotify_id.clone(), found.playlist.owner_name.clone());
        let entries = found.entries.rows.into_iter().map(|entry| entry_row(entry, &owner)).collect();
        Ok(PlaylistView { playlist: found.playlist.into(), entries, info: page.within(found.entries.total) })
    })
    .await
}

#[cfg(feature = "ssr")]
fn entry_row(entry: crossfade_store::browse::PlaylistEntry, owner: &(String, Option<String>)) -> EntryRow {
    use crossfade_store::browse::PlaylistItem;
    let item = match entry.item {
        PlaylistItem::Track { spotify_id, name, artists, album_id, album_name, duration_ms } => EntryItem::Track {
            track: Named { spotify_id, name },
            artists: super::dto::named(artists),
            album: Named { spotify_id: album_id, name: album_name },
            duration_ms: i64::from(duration_ms),
        },
        PlaylistItem::Episode { spotify_id, name, duration_ms } => {
            EntryItem::Episode { episode: Named { spotify_id, name }, duration_ms: i64::from(duration_ms) }
        }
        PlaylistItem::Local { name, artist, album, duration_ms } => {
            EntryItem::Local { name, artist, album, duration_ms: duration_ms.map(i64::from) }
        }
        PlaylistItem::Unavailable => EntryItem::Unavailable,
    };
    let added_by = entry.added_by.map(|id| match owner {
        (owner_id, Some(name)) if *owner_id == id => name.clone(),
        _ => id,
    });
    EntryRow { position: i64::from(entry.position), added: entry.added_at.map(Moment::day_of), added_by, item }
}

/// `/library/playlists/:id` (`?page=`), for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryPlaylistPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let source =
        move || (params.read().get("id").unwrap_or_default(), page_number(query.read().get("page").as_deref()));
    let data = Resource::new(source, |(id, page)| get_library_playlist(id, page));
    view! {
        <LibraryNav section=Section::Playlists within=true />
        <Suspense fallback=|| view! { <p>"Loading the playlist…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, |view: PlaylistView| view! { <PlaylistDetail view /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn PlaylistDetail(view: PlaylistView) -> AnyView {
    let PlaylistView { playlist, entries, info } = view;
    let base = format!("/library/playlists/{}", playlist.spotify_id);
    let page_href = |page: u32| {
        let mut link = Link::new(&base);
        link.push("page", (page > 1).then(|| page.to_string()).as_deref());
        link.finish()
    };
    let previous = info.has_previous().then(|| page_href(info.page - 1));
    let next = info.has_next().then(|| page_href(info.page + 1));
    let name = playlist.name.clone();
    view! {
        <Title text=name.clone() />
        <article class="library-detail">
            <header class="detail-header">
                <Cover url=playlist.image_url.clone() alt=format!("Cover of {name}") />
                <div>
                    <p class="kind">"Playlist"</p>
                    <h1>{name.clone()}</h1>
                    {(!playlist.description.is_empty()).then(|| view! { <p>{playlist.description.clone()}</p> })}
                    <dl class="facts">
                        <dt>"Owner"</dt><dd>{playlist.owner_name.clone()}</dd>
                        <dt>"Relation"</dt><dd>{playlist.relation_text()}</dd>
                        <dt>"Visibility"</dt><dd>{playlist.visibility_text()}</dd>
                        <dt>"Items"</dt><dd>{format::count(playlist.items_total)}</dd>
                    </dl>
                    <p class="detail-links">
                        <SpotifyLink kind=SpotifyKind::Playlist id=playlist.spotify_id.clone() />
                        " " <InsightsLink of=format!("playlist:{}", playlist.spotify_id) />
                        " " <a href=crate::discover::SeedAddress::Playlist(playlist.spotify_id.clone()).path()>
                            "Continue this playlist"
                        </a>
                    </p>
                </div>
            </header>
            <Entries playlist entries info />
            <Pager previous next />
        </article>
    }
    .into_any()
}

#[component]
fn Entries(playlist: PlaylistCard, entries: Vec<EntryRow>, info: PageInfo) -> impl IntoView {
    if !playlist.items_mirrored {
        return match playlist.relation {
            PlaylistRelation::Follower => view! {
                <p class="notice">
                    "Spotify shares a playlist's contents only with its owner and collaborators, so the entries of "
                    "a playlist you follow are not copied to Crossfade. Open it in Spotify to see them."
                </p>
            }
            .into_any(),
            PlaylistRelation::Owner | PlaylistRelation::Collaborator => view! {
                <p class="notice">
                    "The entries of this playlist have not been synced yet: open " <a href="/sync">"Sync"</a> "."
                </p>
            }
            .into_any(),
        };
    }
    if info.total == 0 {
        return view! { <p class="notice">"This playlist is empty."</p> }.into_any();
    }
    if entries.is_empty() {
        return view! {
            <p class="notice" role="status">
                "This page is past the end of the playlist. "
                <a href=format!("/library/playlists/{}", playlist.spotify_id)>"Go to its first page"</a> "."
            </p>
        }
        .into_any();
    }
    view! {
        <p class="result-summary" role="status">{format::page_summary(info, "entries")}</p>
        <div class="table-scroll">
            <table class="library-table">
                <caption>"Entries of " {playlist.name} ", in playlist order"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="number">"#"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Artists"</th>
                        <th scope="col">"Album"</th>
                        <th scope="col" class="number">"Duration"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col">"Added by"</th>
                        <th scope="col">"Spotify"</th>
                    </tr>
                </thead>
                <tbody>{entries.into_iter().map(|entry| view! { <EntryLine entry /> }).collect_view()}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn EntryLine(entry: EntryRow) -> AnyView {
    let EntryRow { position, added, added_by, item } = entry;
    let (title, artists, album, duration, spotify) = match item {
        EntryItem::Track { track, artists, album, duration_ms } => (
            view! { <a href=format!("/library/tracks/{}", track.spotify_id)>{track.name.clone()}</a> }.into_any(),
            view! { <ArtistLinks artists /> }.into_any(),
            view! { <a href=format!("/library/albums/{}", album.spotify_id)>{album.name}</a> }.into_any(),
            Some(duration_ms),
            view! { <SpotifyLink kind=SpotifyKind::Track id=track.spotify_id what=track.name /> }.into_any(),
        ),
        EntryItem::Episode { episode, duration_ms } => (
            view! { {episode.name.clone()} " " <span class="badge">"Podcast episode"</span> }.into_any(),
            ().into_any(),
            ().into_any(),
            Some(duration_ms),
            view! { <SpotifyLink kind=SpotifyKind::Episode id=episode.spotify_id what=episode.name /> }.into_any(),
        ),
        EntryItem::Local { name, artist, album, duration_ms } => (
            view! {
                {name.unwrap_or_else(|| "Unnamed file".to_owned())} " " <span class="badge">"Local file"</span>
            }
            .into_any(),
            artist.into_any(),
            album.into_any(),
            duration_ms,
            ().into_any(),
        ),
        EntryItem::Unavailable => (
            view! { <span class="badge">"Unavailable"</span> " No longer available on Spotify" }.into_any(),
            ().into_any(),
            ().into_any(),
            None,
            ().into_any(),
        ),
    };
    view! {
        <tr>
            <td class="number">{position + 1}</td>
            <th scope="row">{title}</th>
            <td>{artists}</td>
            <td>{album}</td>
            <td class="number">{duration.map(format::track_length)}</td>
            <td>{added.map(|moment| view! { <When moment /> })}</td>
            <td>{added_by}</td>
            <td>{spotify}</td>
        </tr>
    }
    .into_any()
}
