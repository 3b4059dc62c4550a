//! `/library/artists/:id`: an artist the signed-in user follows or has tracks or saved albums by.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crossfade_domain::Link;

use super::dto::Named;
use super::frame::{LibraryNav, Section};
use super::widgets::{Cover, InsightsLink, SpotifyKind, SpotifyLink, When};
use crate::AppError;
use crate::format;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// An artist as their page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtistView {
    pub spotify_id: String,
    pub name: String,
    pub genres: Vec<String>,
    pub image_url: Option<String>,
    /// Whether the full artist object was read: only then does an empty genre list mean Spotify sent none.
    pub details_fetched: bool,
    pub followed: bool,
    pub tracks: Vec<ArtistTrackRow>,
    pub tracks_total: i64,
    pub saved_albums: Vec<SavedAlbumRow>,
    /// The genres of the user's tracks by the artist as (slug, name, whole percent), heaviest first.
    pub track_genres: Vec<(String, String, u32)>,
}

/// One of the user's tracks by the artist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtistTrackRow {
    pub track: Named,
    pub album: Named,
    pub duration_ms: i64,
    pub liked: bool,
    pub plays: i64,
}

/// One of the user's saved albums by the artist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAlbumRow {
    pub album: Named,
    pub release_date: Option<String>,
    pub saved: Moment,
}

/// The artist `id` (a Spotify id) as the signed-in user knows them. Open to everyone: a visitor gets `None`
/// (signed out); an artist the user has nothing of answers 404.
#[server(prefix = "/api", endpoint = "get_library_artist")]
pub async fn get_library_artist(id: String) -> Result<Option<ArtistView>, AppError> {
    crate::account::for_viewer("get_library_artist", |viewer| async move {
        let id = super::id_in_path(&id)?;
        let pool = expect_context::<sqlx::PgPool>();
        let artist = crossfade_store::browse::artist(&pool, viewer.user_id, id.as_str())
            .await
            .map_err(super::read_failed)?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let tracks = artist
            .tracks
            .into_iter()
            .map(|track| ArtistTrackRow {
                track: Named { spotify_id: track.spotify_id, name: track.name },
                album: Named { spotify_id: track.album_id, name: track.album_name },
                duration_ms: i64::from(track.duration_ms),
                liked: track.liked_at.is_some(),
                plays: track.plays,
            })
            .collect();
        let saved_albums = artist
            .saved_albums
            .into_iter()
            .map(|album| SavedAlbumRow {
                album: Named { spotify_id: album.spotify_id, name: album.name },
                release_date: album.release_date,
                saved: Moment::day_of(album.saved_at),
            })
            .collect();
        Ok(ArtistView {
            spotify_id: artist.spotify_id,
            name: artist.name,
            genres: artist.genres,
            image_url: artist.image_url,
            details_fetched: artist.details_fetched,
            followed: artist.followed,
            tracks,
            tracks_total: artist.tracks_total,
            saved_albums,
            track_genres: artist
                .track_genres
                .into_iter()
                .map(|(genre, share)| {
                    let name = crossfade_domain::GenreTree::get().genre(genre).name.to_owned();
                    (genre.as_str().to_owned(), name, (share * 100.0).round() as u32)
                })
                .collect(),
        })
    })
    .await
}

/// `/library/artists/:id`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryArtistPage() -> AnyView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), get_library_artist);
    view! {
        <LibraryNav section=Section::Tracks within=true />
        <Suspense fallback=|| view! { <p>"Loading the artist…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, |artist: ArtistView| view! { <ArtistDetail artist /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ArtistDetail(artist: ArtistView) -> AnyView {
    let ArtistView {
        spotify_id,
        name,
        genres,
        image_url,
        details_fetched,
        followed,
        tracks,
        tracks_total,
        saved_albums,
        track_genres,
    } = artist;
    let genres = match (genres.is_empty(), details_fetched) {
        (false, _) => Some(genres.join(", ")),
        (true, true) => Some("Spotify does not share genres with this app".to_owned()),
        // Not read yet: saying nothing is more honest than "none".
        (true, false) => None,
    };
    let search = {
        let mut link = Link::new("/library");
        link.push("q", Some(&name));
        link.finish()
    };
    view! {
        <Title text=name.clone() />
        <article class="library-detail">
            <header class="detail-header">
                <Cover url=image_url alt=format!("Picture of {name}") />
                <div>
                    <p class="kind">"Artist"</p>
                    <h1>{name.clone()}</h1>
                    <dl class="facts">
                        {genres.map(|genres| view! { <dt>"Genres"</dt><dd>{genres}</dd> })}
                        {(!track_genres.is_empty()).then(|| view! {
                            <dt>"Genres of your tracks"</dt>
                            <dd><TrackGenres genres=track_genres /></dd>
                        })}
                        <dt>"Following"</dt>
                        <dd>{if followed { "You follow this artist" } else { "You do not follow this artist" }}</dd>
                    </dl>
                    <p class="detail-links">
                        <InsightsLink of=format!("artist:{spotify_id}") />
                        " " <SpotifyLink kind=SpotifyKind::Artist id=spotify_id />
                    </p>
                </div>
            </header>
            <section aria-labelledby="artist-tracks">
                <h2 id="artist-tracks">"Your tracks"</h2>
                {(tracks_total > tracks.len() as i64).then(|| view! {
                    <p>
                        "The " {format::count(tracks.len() as i64)} " most played of "
                        {format::counted(tracks_total, "track", "tracks")} ". "
                        <a href=search.clone()>"Search your library"</a> " for all of them."
                    </p>
                })}
                <ArtistTracks name=name.clone() tracks />
            </section>
            <section aria-labelledby="artist-albums">
                <h2 id="artist-albums">"Your saved albums"</h2>
                <SavedAlbums saved_albums />
            </section>
        </article>
    }
    .into_any()
}

#[component]
fn ArtistTracks(name: String, tracks: Vec<ArtistTrackRow>) -> impl IntoView {
    if tracks.is_empty() {
        return view! { <p>"None of your tracks are by this artist."</p> }.into_any();
    }
    view! {
        <table class="library-table">
            <caption>"Your tracks by " {name} ", most played first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Title"</th>
                    <th scope="col">"Album"</th>
                    <th scope="col" class="number">"Duration"</th>
                    <th scope="col">"Liked"</th>
                    <th scope="col" class="number">"Plays"</th>
                    <th scope="col">"Spotify"</th>
                </tr>
            </thead>
            <tbody>
                {tracks
                    .into_iter()
                    .map(|row| {
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=format!("/library/tracks/{}", row.track.spotify_id)>
                                        {row.track.name.clone()}
                                    </a>
                                </th>
                                <td>
                                    <a href=format!("/library/albums/{}", row.album.spotify_id)>{row.album.name}</a>
                                </td>
                                <td class="number">{format::track_length(row.duration_ms)}</td>
                                <td>{row.liked.then_some("Liked")}</td>
                                <td class="number">{format::count(row.plays)}</td>
                                <td>
                                    <SpotifyLink kind=SpotifyKind::Track id=row.track.spotify_id what=row.track.name />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn SavedAlbums(saved_albums: Vec<SavedAlbumRow>) -> impl IntoView {
    if saved_albums.is_empty() {
        return view! { <p>"You have saved no album by this artist."</p> }.into_any();
    }
    view! {
        <ul class="album-list">
            {saved_albums
                .into_iter()
                .map(|row| {
                    view! {
                        <li>
                            <a href=format!("/library/albums/{}", row.album.spotify_id)>{row.album.name.clone()}</a>
                            {row.release_date.map(|date| view! { " (" {date} ")" })}
                            " · saved " <When moment=row.saved /> " · "
                            <SpotifyLink kind=SpotifyKind::Album id=row.album.spotify_id what=row.album.name />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// "Deep house 60 %, House 40 %", each genre a link to the library filtered by it (subgenres included).
// Type-erased: inside the artist page's header its static view type grows past what the compiler lays out.
#[component]
fn TrackGenres(genres: Vec<(String, String, u32)>) -> AnyView {
    let count = genres.len();
    genres
        .into_iter()
        .enumerate()
        .map(|(position, (slug, name, percent))| {
            let mut href = Link::new("/library");
            href.push("genre", Some(&slug));
            view! {
                <a href=href.finish()>{name}</a>
                " " {percent} " %" {(position + 1 < count).then_some(", ")}
            }
        })
        .collect_view()
        .into_any()
}
