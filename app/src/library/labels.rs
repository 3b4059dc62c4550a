//! `/library/labels/:key`: a record label and the signed-in user's tracks on it, whichever provider named it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::dto::Named;
use super::frame::{LibraryNav, Section};
use super::widgets::{ArtistLinks, InsightsLink};
use crate::AppError;
use crate::curation::{FollowLabel, FollowLabelButton};
use crate::format;
use crate::page_answer::gated_view;

/// A label as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelView {
    pub name: String,
    /// The label's address segment (its key).
    pub slug: String,
    pub tracks: Vec<LabelTrackRow>,
    /// The user follows the label: its new releases are flagged on the curation board.
    pub followed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelTrackRow {
    pub spotify_id: String,
    pub title: String,
    pub artists: Vec<Named>,
    pub album: Option<Named>,
    pub liked: bool,
    pub plays: i64,
}

/// The label `key` (its address segment) in the signed-in user's library. Open to everyone: a visitor gets
/// `None`; a label none of the user's tracks is on answers 404.
#[server(prefix = "/api", endpoint = "get_library_label")]
pub async fn get_library_label(key: String) -> Result<Option<LabelView>, AppError> {
    crate::account::for_viewer("get_library_label", |viewer| async move {
        let key = crossfade_domain::LabelKey::from_slug(&key).map_err(|_| AppError::NotFound.answer())?;
        let pool = expect_context::<sqlx::PgPool>();
        let label = crossfade_store::browse::label(&pool, viewer.user_id, &key)
            .await
            .map_err(super::read_failed)?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let followed = crossfade_store::curation::followed_labels(&pool, viewer.user_id)
            .await
            .map_err(super::read_failed)?
            .contains(&key.as_str().to_owned());
        Ok(LabelView {
            followed,
            name: label.name,
            slug: key.slug(),
            tracks: label
                .tracks
                .into_iter()
                .map(|track| LabelTrackRow {
                    spotify_id: track.spotify_id,
                    title: track.title,
                    artists: super::dto::named(track.artists),
                    album: track.album_id.map(|spotify_id| Named { spotify_id, name: track.album_name }),
                    liked: track.liked,
                    plays: i64::from(track.plays),
                })
                .collect(),
        })
    })
    .await
}

/// `/library/labels/:key`.
#[component]
pub fn LibraryLabelPage() -> AnyView {
    let params = use_params_map();
    let follow = ServerAction::<FollowLabel>::new();
    let data = Resource::new(
        move || (params.read().get("key").unwrap_or_default(), follow.version().get()),
        |(key, _)| get_library_label(key),
    );
    view! {
        <LibraryNav section=Section::Tracks within=true />
        <Suspense fallback=|| view! { <p>"Loading the label…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, move |label: LabelView| view! { <LabelDetail label follow /> })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn LabelDetail(label: LabelView, follow: ServerAction<FollowLabel>) -> impl IntoView {
    let LabelView { name, slug, tracks, followed } = label;
    let back = format!("/library/labels/{slug}");
    let summary = format!("{} of yours on this label.", format::counted(tracks.len() as i64, "track", "tracks"));
    view! {
        <Title text=name.clone() />
        <article class="library-detail">
            <p class="kind">"Record label"</p>
            <h1>{name.clone()}</h1>
            <p>{summary} " " <InsightsLink of=format!("label:{slug}") /></p>
            <FollowLabelButton name=name.clone() followed back action=follow />
            <div class="table-scroll">
                <table class="library-table">
                    <thead>
                        <tr>
                            <th scope="col">"Title"</th>
                            <th scope="col">"Artists"</th>
                            <th scope="col">"Album"</th>
                            <th scope="col">"Liked"</th>
                            <th scope="col">"Plays"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {tracks
                            .into_iter()
                            .map(|track| view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/library/tracks/{}", track.spotify_id)>{track.title}</a>
                                    </th>
                                    <td><ArtistLinks artists=track.artists /></td>
                                    <td>{track.album.map(|album| view! {
                                        <a href=format!("/library/albums/{}", album.spotify_id)>{album.name}</a>
                                    })}</td>
                                    <td>{if track.liked { "Yes" } else { "" }}</td>
                                    <td class="number">{format::count(track.plays)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </article>
    }
}
