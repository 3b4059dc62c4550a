//! `/library/albums/:id`: an album the signed-in user saved or has tracks from, with those tracks.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::dto::Named;
use super::frame::{LibraryNav, Section};
use super::widgets::{ArtistLinks, Cover, InsightsLink, SpotifyKind, SpotifyLink, When};
use crate::AppError;
use crate::format;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// An album as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlbumView {
    pub spotify_id: String,
    pub name: String,
    /// `album`, `single` or `compilation`.
    pub album_type: Option<String>,
    pub release_date: Option<String>,
    pub total_tracks: Option<i64>,
    pub image_url: Option<String>,
    pub label: Option<String>,
    pub artists: Vec<Named>,
    pub saved: Option<Moment>,
    pub tracks: Vec<AlbumTrackRow>,
}

/// A track of the album in the user's library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlbumTrackRow {
    pub spotify_id: String,
    pub name: String,
    pub track_number: Option<i64>,
    pub duration_ms: i64,
    pub liked: Option<Moment>,
    pub plays: i64,
}

/// The album `id` (a Spotify id) as the signed-in user has it. Open to everyone: a visitor gets `None` (signed
/// out); an album the user neither saved nor has tracks from answers 404.
#[server(prefix = "/api", endpoint = "get_library_album")]
pub async fn get_library_album(id: String) -> Result<Option<AlbumView>, AppError> {
    crate::account::for_viewer("get_library_album", |viewer| async move {
        let id = super::id_in_path(&id)?;
        let pool = expect_context::<sqlx::PgPool>();
        let album = crossfade_store::browse::album(&pool, viewer.user_id, id.as_str())
            .await
            .map_err(super::read_failed)?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let tracks = album
            .tracks
            .into_iter()
            .map(|track| AlbumTrackRow {
                spotify_id: track.spotify_id,
                name: track.name,
                track_number: track.track_number.map(i64::from),
                duration_ms: i64::from(track.duration_ms),
                liked: track.liked_at.map(Moment::day_of),
                plays: track.plays,
            })
            .collect();
        Ok(AlbumView {
            spotify_id: album.spotify_id,
            name: album.name,
            album_type: album.album_type,
            release_date: album.release_date,
            total_tracks: album.total_tracks.map(i64::from),
            image_url: album.image_url,
            label: album.label.filter(|label| !label.is_empty()),
            artists: super::dto::named(album.artists),
            saved: album.saved_at.map(Moment::day_of),
            tracks,
        })
    })
    .await
}

/// `/library/albums/:id`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryAlbumPage() -> AnyView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), get_library_album);
    view! {
        <LibraryNav section=Section::Tracks within=true />
        <Suspense fallback=|| view! { <p>"Loading the album…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, |album: AlbumView| view! { <AlbumDetail album /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn AlbumDetail(album: AlbumView) -> AnyView {
    let AlbumView {
        spotify_id,
        name,
        album_type,
        release_date,
        total_tracks,
        image_url,
        label,
        artists,
        saved,
        tracks,
    } = album;
    let kind = match album_type.as_deref() {
        Some("single") => "Single",
        Some("compilation") => "Compilation",
        _ => "Album",
    };
    view! {
        <Title text=name.clone() />
        <article class="library-detail">
            <header class="detail-header">
                <Cover url=image_url alt=format!("Cover of {name}") />
                <div>
                    <p class="kind">{kind}</p>
                    <h1>{name.clone()}</h1>
                    <p class="byline"><ArtistLinks artists /></p>
                    <dl class="facts">
                        {release_date.map(|date| view! { <dt>"Released"</dt><dd>{date}</dd> })}
                        {label.map(|label| view! { <dt>"Label"</dt><dd>{label}</dd> })}
                        {total_tracks.map(|total| view! { <dt>"Tracks"</dt><dd>{format::count(total)}</dd> })}
                        {saved.map(|moment| view! { <dt>"Saved"</dt><dd><When moment /></dd> })}
                    </dl>
                    <p class="detail-links">
                        <InsightsLink of=format!("album:{spotify_id}") />
                        " " <SpotifyLink kind=SpotifyKind::Album id=spotify_id />
                    </p>
                </div>
            </header>
            <AlbumTracks name tracks />
        </article>
    }
    .into_any()
}

#[component]
fn AlbumTracks(name: String, tracks: Vec<AlbumTrackRow>) -> impl IntoView {
    if tracks.is_empty() {
        return view! { <p class="notice">"None of this album's tracks are in your library yet."</p> }.into_any();
    }
    view! {
        <table class="library-table">
            <caption>"Your tracks from " {name}</caption>
            <thead>
                <tr>
                    <th scope="col" class="number">"#"</th>
                    <th scope="col">"Title"</th>
                    <th scope="col" class="number">"Duration"</th>
                    <th scope="col">"Liked"</th>
                    <th scope="col" class="number">"Plays"</th>
                    <th scope="col">"Spotify"</th>
                </tr>
            </thead>
            <tbody>
                {tracks
                    .into_iter()
                    .map(|track| {
                        view! {
                            <tr>
                                <td class="number">{track.track_number}</td>
                                <th scope="row">
                                    <a href=format!("/library/tracks/{}", track.spotify_id)>{track.name.clone()}</a>
                                </th>
                                <td class="number">{format::track_length(track.duration_ms)}</td>
                                <td>{track.liked.map(|moment| view! { "Liked " <When moment /> })}</td>
                                <td class="number">{format::count(track.plays)}</td>
                                <td><SpotifyLink kind=SpotifyKind::Track id=track.spotify_id what=track.name /></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
