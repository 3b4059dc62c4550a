//! Your own tags: adding and removing them on one track (its page) or on many (the library table's checkboxes),
//! and `/library/tags`, every tag with how many tracks carry it. Tags are facts of the read model like any other,
//! so the table filters by them the moment they are set.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{LibraryNav, Section};
use super::widgets::InsightsLink;
use crate::AppError;
use crate::format;
use crate::page_answer::gated_view;

/// Adds (`change` = `add`) or removes (`remove`) the comma-separated `tags` on the chosen `tracks` of the signed-in
/// user's library. A plain form post without JavaScript is sent back to the page it came from.
#[server(prefix = "/api", endpoint = "change_tags")]
pub async fn change_tags(tracks: Option<Vec<String>>, tags: String, change: String) -> Result<u64, AppError> {
    use crossfade_domain::{SpotifyId, Tag};
    let viewer = crate::account::require_viewer()?;
    let tracks = tracks.unwrap_or_default();
    if tracks.is_empty() {
        return Err(AppError::invalid("tracks", "choose at least one track").answer());
    }
    let tracks: Vec<String> = tracks
        .iter()
        .map(|id| SpotifyId::parse(id).map(|id| id.as_str().to_owned()))
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::invalid("tracks", "a chosen track is not a Spotify track").answer())?;
    let tags = Tag::parse_list(&tags).map_err(|problem| AppError::invalid("tags", problem).answer())?;
    if tags.is_empty() {
        return Err(AppError::invalid("tags", "write at least one tag").answer());
    }
    let pool = expect_context::<sqlx::PgPool>();
    let outcome = match change.as_str() {
        "add" => crossfade_store::enrichment::tags::add_tags(&pool, viewer.user_id, &tracks, &tags).await,
        "remove" => crossfade_store::enrichment::tags::remove_tags(&pool, viewer.user_id, &tracks, &tags).await,
        _ => return Err(AppError::invalid("change", "is neither add nor remove").answer()),
    };
    outcome.map_err(|error| crate::error::internal("changing tags failed; nothing was changed", &error))
}

/// The form that changes tags, for one track (its page) or around the library table's checkboxes.
#[component]
pub fn TagForm(
    action: ServerAction<ChangeTags>,
    /// The track this form is about; `None` when checkboxes elsewhere in the form choose the tracks.
    #[prop(optional)]
    track: Option<String>,
    /// The form's id, for checkboxes outside it that join it with the HTML `form` attribute.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let problem = move || match action.value().get() {
        Some(Err(AppError::InvalidInput { message, .. })) => Some(message),
        Some(Err(other)) => Some(other.to_string()),
        _ => None,
    };
    let done = move || match action.value().get() {
        Some(Ok(count)) => Some(format!("Tags changed on {}.", format::counted(count as i64, "track", "tracks"))),
        _ => None,
    };
    let chooses = track.is_none();
    view! {
        <ActionForm action attr:class="tag-form" attr:id=id>
            {track.map(|id| view! { <input type="hidden" name="tracks[0]" value=id /> })}
            <label>
                {if chooses { "Tags for the chosen tracks" } else { "Tags" }}
                <input type="text" name="tags" placeholder="warm-up, sunday" maxlength="400" required />
            </label>
            <button type="submit" name="change" value="add">"Add tags"</button>
            <button type="submit" name="change" value="remove">"Remove tags"</button>
            <p role="status" class="form-done">{done}</p>
            {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </ActionForm>
    }
}

/// A tag with how many of the user's tracks carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagLine {
    pub tag: String,
    pub tracks: i64,
}

/// Every tag of the signed-in user, most used first. Open to everyone: a visitor gets `None`.
#[server(prefix = "/api", endpoint = "list_tags")]
pub async fn list_tags() -> Result<Option<Vec<TagLine>>, AppError> {
    crate::account::for_viewer("list_tags", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let counts =
            crossfade_store::enrichment::tags::tag_counts(&pool, viewer.user_id).await.map_err(super::read_failed)?;
        Ok(counts.into_iter().map(|count| TagLine { tag: count.tag, tracks: count.tracks }).collect())
    })
    .await
}

/// `/library/tags`.
#[component]
pub fn LibraryTagsPage() -> AnyView {
    let data = Resource::new(|| (), |_| list_tags());
    view! {
        <Title text="Tags" />
        <h1>"Tags"</h1>
        <LibraryNav section=Section::Tags />
        <Suspense fallback=|| view! { <p>"Loading your tags…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, super::PURPOSE, |tags: Vec<TagLine>| {
                    if tags.is_empty() {
                        return view! {
                            <p class="notice">
                                "You have not tagged any track yet. Tag one on its page, or many at once by ticking "
                                "them in " <a href="/library">"the library table"</a> "."
                            </p>
                        }
                            .into_any();
                    }
                    view! {
                        <ul class="tag-list">
                            {tags
                                .into_iter()
                                .map(|line| {
                                    let mut href = crossfade_domain::Link::new("/library");
                                    href.push("tag", Some(&line.tag));
                                    let href = href.finish();
                                    let insights = format!("tag:{}", line.tag);
                                    view! {
                                        <li>
                                            <a class="tag" href=href>{line.tag}</a>
                                            " " {format::counted(line.tracks, "track", "tracks")} " · "
                                            <InsightsLink of=insights />
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                })
            })}
        </Suspense>
    }
    .into_any()
}
