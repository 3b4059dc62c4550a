//! `/library/playlists`: the signed-in user's playlists in the order of their Spotify list.

use crossfade_domain::PlaylistRelation;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{LibraryNav, Section};
use super::widgets::{SpotifyKind, SpotifyLink};
use crate::AppError;
use crate::format;
use crate::page_answer::gated_view;

/// A playlist in the user's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaylistCard {
    pub spotify_id: String,
    pub name: String,
    pub description: String,
    pub owner_spotify_id: String,
    /// The owner's display name, or their Spotify id when Spotify gave no name.
    pub owner_name: String,
    pub relation: PlaylistRelation,
    pub collaborative: bool,
    pub public: Option<bool>,
    /// The number of entries Spotify reported.
    pub items_total: i64,
    pub image_url: Option<String>,
    /// Whether the entries are mirrored here.
    pub items_mirrored: bool,
}

impl PlaylistCard {
    /// "Yours", "Yours, collaborative", "Collaborative" or "Followed".
    pub fn relation_text(&self) -> &'static str {
        match (self.relation, self.collaborative) {
            (PlaylistRelation::Owner, false) => "Yours",
            (PlaylistRelation::Owner, true) => "Yours, collaborative",
            (PlaylistRelation::Collaborator, _) => "Collaborative",
            (PlaylistRelation::Follower, _) => "Followed",
        }
    }

    pub fn visibility_text(&self) -> &'static str {
        match self.public {
            Some(true) => "Public",
            Some(false) => "Private",
            None => "Not known",
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crossfade_store::browse::PlaylistSummary> for PlaylistCard {
    fn from(playlist: crossfade_store::browse::PlaylistSummary) -> Self {
        PlaylistCard {
            owner_name: playlist.owner_name.unwrap_or_else(|| playlist.owner_spotify_id.clone()),
            spotify_id: playlist.spotify_id,
            name: playlist.name,
            description: playlist.description,
            owner_spotify_id: playlist.owner_spotify_id,
            relation: playlist.relation,
            collaborative: playlist.collaborative,
            public: playlist.public,
            items_total: i64::from(playlist.items_total),
            image_url: playlist.image_url,
            items_mirrored: playlist.items_mirrored,
        }
    }
}

/// The signed-in user's playlists. Open to everyone: a visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "list_library_playlists")]
pub async fn list_library_playlists() -> Result<Option<Vec<PlaylistCard>>, AppError> {
    crate::account::for_viewer("list_library_playlists", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let playlists = crossfade_store::browse::playlists(&pool, viewer.user_id).await.map_err(super::read_failed)?;
        Ok(playlists.into_iter().map(PlaylistCard::from).collect())
    })
    .await
}

/// `/library/playlists`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryPlaylistsPage() -> AnyView {
    let data = Resource::new(|| (), |()| list_library_playlists());
    view! {
        <Title text="Playlists" />
        <h1>"Playlists"</h1>
        <LibraryNav section=Section::Playlists />
        <Suspense fallback=|| view! { <p>"Loading your playlists…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, |playlists: Vec<PlaylistCard>| {
                    view! { <PlaylistTable playlists /> }
                })
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn PlaylistTable(playlists: Vec<PlaylistCard>) -> impl IntoView {
    if playlists.is_empty() {
        return view! {
            <p class="notice">
                "No playlists here yet: open " <a href="/sync">"Sync"</a> " to copy your playlists from Spotify."
            </p>
        }
        .into_any();
    }
    let count = playlists.len() as i64;
    view! {
        <div class="table-scroll">
            <table class="library-table">
                <caption>
                    "Your " {format::counted(count, "playlist", "playlists")} ", in the order of your Spotify list"
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Relation"</th>
                        <th scope="col" class="number">"Items"</th>
                        <th scope="col">"Visibility"</th>
                        <th scope="col">"Spotify"</th>
                    </tr>
                </thead>
                <tbody>
                    {playlists
                        .into_iter()
                        .map(|playlist| {
                            let href = format!("/library/playlists/{}", playlist.spotify_id);
                            view! {
                                <tr>
                                    <th scope="row"><a href=href>{playlist.name.clone()}</a></th>
                                    <td>{playlist.owner_name.clone()}</td>
                                    <td>{playlist.relation_text()}</td>
                                    <td class="number">{format::count(playlist.items_total)}</td>
                                    <td>{playlist.visibility_text()}</td>
                                    <td>
                                        <SpotifyLink
                                            kind=SpotifyKind::Playlist
                                            id=playlist.spotify_id
                                            what=playlist.name
                                        />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
