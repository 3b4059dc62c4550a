//! `/library/tracks/:id`: one track and where it appears in the signed-in user's library: liked, in which
//! playlists, and how often the history says it was played; its sound, genres and label with the source of each
//! value; and the user's own tags on it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::dto::Named;
use super::frame::{LibraryNav, Section};
use super::sound::{GenresSection, OwnTagsSection, SoundSection, SoundView};
use super::tags::ChangeTags;
use super::widgets::{ArtistLinks, Cover, SpotifyKind, SpotifyLink, When};
use crate::AppError;
use crate::format;
use crate::moment::Moment;
use crate::page_answer::gated_view;

/// A track as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackView {
    pub spotify_id: String,
    /// False when only the history names the track: the names are the history's and catalog details are missing.
    pub in_catalog: bool,
    pub name: String,
    pub artists: Vec<Named>,
    pub history_artists: Option<String>,
    pub album: Option<Named>,
    /// The album name the history gave, for a track not in the catalog.
    pub history_album: Option<String>,
    pub album_image_url: Option<String>,
    pub duration_ms: Option<i64>,
    pub explicit: bool,
    pub isrc: Option<String>,
    /// The track's chart history, when a chart brought its recording (by its ISRC).
    pub chart_history: Option<String>,
    pub liked: Option<Moment>,
    pub playlists: Vec<Placement>,
    /// How many of the user's playlists hold this recording (any release of its ISRC), and as how many releases.
    pub spread: (i64, i64),
    pub plays: PlaySummary,
    pub sound: SoundView,
}

/// A playlist holding the track and its positions there (1 = first entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub playlist: Named,
    pub positions: Vec<i64>,
}

/// The track's plays in the user's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaySummary {
    pub count: i64,
    pub skips: i64,
    /// None when no play reported its length.
    pub ms_played: Option<i64>,
    pub first: Option<Moment>,
    pub last: Option<Moment>,
}

/// The track `id` (a Spotify id) as it appears in the signed-in user's library. Open to everyone: a visitor gets
/// `None` (signed out); a track that is nowhere in the user's library answers 404.
#[server(prefix = "/api", endpoint = "get_library_track")]
pub async fn get_library_track(id: String) -> Result<Option<TrackView>, AppError> {
    crate::account::for_viewer("get_library_track", |viewer| async move {
        let id = super::id_in_path(&id)?;
        let pool = expect_context::<sqlx::PgPool>();
        let track = crossfade_store::browse::track(&pool, viewer.user_id, id.as_str())
            .await
            .map_err(super::read_failed)?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let provenance = crossfade_store::enrichment::provenance::track_provenance(&pool, viewer.user_id, id.as_str())
            .await
            .map_err(super::read_failed)?
            .unwrap_or_default();
        let calibrations =
            crossfade_store::enrichment::calibration::calibrations(&pool).await.map_err(super::read_failed)?;
        let spread = crossfade_store::duplicates::spread(&pool, viewer.user_id, id.as_str())
            .await
            .map_err(super::read_failed)?;
        let chart_history = match &track.isrc {
            Some(isrc) => crossfade_store::charts::recording_of_isrc(&pool, isrc)
                .await
                .map_err(super::read_failed)?
                .map(crate::charts::recording_path),
            None => None,
        };
        let album = match (track.album_id, track.album_name.clone()) {
            (Some(spotify_id), Some(name)) => Some(Named { spotify_id, name }),
            _ => None,
        };
        Ok(TrackView {
            history_album: if track.in_catalog { None } else { track.album_name },
            spotify_id: track.spotify_id,
            in_catalog: track.in_catalog,
            name: track.name,
            artists: super::dto::named(track.artists),
            history_artists: track.history_artists,
            album,
            album_image_url: track.album_image_url,
            duration_ms: track.duration_ms.map(i64::from),
            explicit: track.explicit,
            isrc: track.isrc,
            chart_history,
            liked: track.liked_at.map(Moment::day_of),
            playlists: track
                .playlists
                .into_iter()
                .map(|placement| Placement {
                    playlist: Named { spotify_id: placement.spotify_id, name: placement.name },
                    positions: placement.positions.into_iter().map(|position| i64::from(position) + 1).collect(),
                })
                .collect(),
            spread,
            plays: PlaySummary {
                count: track.plays.count,
                skips: track.plays.skips,
                ms_played: track.plays.ms_played,
                first: track.plays.first_played_at.map(Moment::at),
                last: track.plays.last_played_at.map(Moment::at),
            },
            sound: SoundView::from_provenance(provenance, &calibrations),
        })
    })
    .await
}

/// `/library/tracks/:id`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryTrackPage() -> AnyView {
    let params = use_params_map();
    let change_tags = ServerAction::<ChangeTags>::new();
    // A tag change (with JavaScript) reads the track again; without it the form post comes back to this page.
    let data = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), change_tags.version().get()),
        |(id, _)| get_library_track(id),
    );
    view! {
        <LibraryNav section=Section::Tracks within=true />
        <Suspense fallback=|| view! { <p>"Loading the track…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, move |track: TrackView| view! { <TrackDetail track change_tags /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn TrackDetail(track: TrackView, change_tags: ServerAction<ChangeTags>) -> AnyView {
    let TrackView { spotify_id, in_catalog, name, artists, history_artists, album, history_album, .. } = track.clone();
    let cover_alt = format!("Cover of {}", album.as_ref().map_or(name.as_str(), |album| album.name.as_str()));
    let album_line = match (album, history_album) {
        (Some(album), _) => {
            Some(view! { "From " <a href=format!("/library/albums/{}", album.spotify_id)>{album.name}</a> }.into_any())
        }
        (None, Some(album)) => Some(view! { "From " {album} }.into_any()),
        (None, None) => None,
    };
    view! {
        <Title text=name.clone() />
        <article class="library-detail">
            <header class="detail-header">
                <Cover url=track.album_image_url.clone() alt=cover_alt />
                <div>
                    <p class="kind">"Track"</p>
                    <h1>{name.clone()}</h1>
                    <p class="byline">
                        {if artists.is_empty() {
                            history_artists.into_any()
                        } else {
                            view! { <ArtistLinks artists /> }.into_any()
                        }}
                    </p>
                    {album_line.map(|line| view! { <p>{line}</p> })}
                    {(!in_catalog).then(|| view! {
                        <p class="notice">
                            "Only your listening history names this track so far: its details arrive with the "
                            "next sync."
                        </p>
                    })}
                    <dl class="facts">
                        {track.duration_ms.map(|ms| view! { <dt>"Duration"</dt><dd>{format::track_length(ms)}</dd> })}
                        {track.isrc.clone().map(|isrc| view! { <dt>"ISRC"</dt><dd>{isrc}</dd> })}
                        {track.explicit.then(|| view! { <dt>"Explicit"</dt><dd>"Yes"</dd> })}
                    </dl>
                    <p class="detail-links">
                        <SpotifyLink kind=SpotifyKind::Track id=spotify_id.clone() />
                        " " <a href=crate::discover::SeedAddress::Track(spotify_id).path()>"More like this"</a>
                        {track.chart_history.clone().map(|href| view! { " " <a href=href>"Chart history"</a> })}
                    </p>
                </div>
            </header>
            <SoundSection sound=track.sound.clone() />
            <GenresSection sound=track.sound.clone() />
            <OwnTagsSection track=track.spotify_id.clone() tags=track.sound.tags.clone() action=change_tags />
            <Appearances track />
        </article>
    }
    .into_any()
}

#[component]
fn Appearances(track: TrackView) -> AnyView {
    let TrackView { liked, playlists, plays, spread, .. } = track;
    let (in_playlists, releases) = spread;
    let recording = (in_playlists > 0).then(|| {
        let mut line = format!("This recording is in {} of your playlists", crate::format::count(in_playlists));
        if releases > 1 {
            line.push_str(&format!(", as {releases} different releases"));
            return view! {
                <p>{line}". " <a href="/library/duplicates">"See your duplicates"</a>"."</p>
            }
            .into_any();
        }
        line.push('.');
        view! { <p>{line}</p> }.into_any()
    });
    view! {
        <section aria-labelledby="track-liked">
            <h2 id="track-liked">"Liked songs"</h2>
            {match liked {
                Some(moment) => view! { <p>"Liked since " <When moment /> "."</p> }.into_any(),
                None => view! { <p>"Not in your liked songs."</p> }.into_any(),
            }}
        </section>
        <section aria-labelledby="track-playlists">
            <h2 id="track-playlists">"Playlists"</h2>
            {recording}
            {if playlists.is_empty() {
                view! { <p>"In none of your playlists."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {playlists.into_iter().map(|placement| view! { <PlacementLine placement /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        <section aria-labelledby="track-plays">
            <h2 id="track-plays">"Plays"</h2>
            <PlaysFacts plays />
        </section>
    }
    .into_any()
}

#[component]
fn PlacementLine(placement: Placement) -> AnyView {
    let positions = placement.positions.iter().map(|position| format::count(*position)).collect::<Vec<_>>().join(", ");
    let noun = if placement.positions.len() == 1 { "position" } else { "positions" };
    view! {
        <li>
            <a href=format!("/library/playlists/{}", placement.playlist.spotify_id)>{placement.playlist.name}</a>
            ", " {noun} " " {positions}
        </li>
    }
    .into_any()
}

#[component]
fn PlaysFacts(plays: PlaySummary) -> impl IntoView {
    if plays.count == 0 {
        return view! {
            <p>
                "No plays of this track in your history. " <a href="/history">"Import your history"</a>
                " to see them."
            </p>
        }
        .into_any();
    }
    view! {
        <dl class="facts">
            <dt>"Plays"</dt><dd>{format::count(plays.count)}</dd>
            {(plays.skips > 0).then(|| view! { <dt>"Skipped"</dt><dd>{format::counted(plays.skips, "time", "times")}</dd> })}
            {plays.ms_played.map(|ms| view! { <dt>"Listening time"</dt><dd>{format::listening_time(ms)}</dd> })}
            {plays.first.map(|moment| view! { <dt>"First played"</dt><dd><When moment /></dd> })}
            {plays.last.map(|moment| view! { <dt>"Last played"</dt><dd><When moment /></dd> })}
        </dl>
    }
    .into_any()
}
