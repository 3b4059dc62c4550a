//! What applying would change on Spotify, read from the playlist itself before any write ("adds 12, removes 3,
//! moves 5"), and the button that applies it with the preview's seed. Writing playlists needs Spotify's permission
//! to change them, asked for through a new consent the first time.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// Tracks each list of changes shows.
#[cfg(feature = "ssr")]
const LISTED: usize = 50;

/// The changes a write would make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesView {
    /// The playlist written to, or the one a run would create.
    pub playlist: String,
    pub creates: bool,
    /// The chosen playlist is gone from Spotify.
    pub gone: bool,
    pub summary: String,
    pub requests: usize,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub moved: Vec<String>,
}

#[cfg(feature = "ssr")]
pub async fn view_of(
    pool: &sqlx::PgPool,
    user_id: i64,
    changes: &crossfade_library::smart_playlists::Changes,
) -> Result<ChangesView, AppError> {
    let diff = &changes.diff;
    let ids: Vec<String> = diff
        .added
        .iter()
        .chain(&diff.removed)
        .chain(&diff.moved)
        .filter_map(|uri| uri.strip_prefix("spotify:track:"))
        .map(str::to_owned)
        .collect();
    let facts = crossfade_store::rules::rule_tracks(pool, user_id, &ids)
        .await
        .map_err(|error| crate::error::internal("reading the changed tracks failed", &error))?;
    let named = |uri: &String| -> String {
        uri.strip_prefix("spotify:track:")
            .and_then(|id| facts.iter().find(|track| track.id == id))
            .map(|track| format!("{} — {}", track.title, track.artists.join(", ")))
            .unwrap_or_else(|| match uri.strip_prefix("spotify:local:") {
                Some(_) => "a local file (an app cannot add it back)".to_owned(),
                None if uri.starts_with("spotify:unavailable:") => "an entry Spotify no longer has".to_owned(),
                None => uri.clone(),
            })
    };
    let list = |uris: &[String]| uris.iter().take(LISTED).map(named).collect();
    Ok(ChangesView {
        playlist: match (&changes.playlist, &changes.creates) {
            (Some(target), _) => target.playlist.name.clone(),
            (None, Some(name)) => name.clone(),
            (None, None) => String::new(),
        },
        creates: changes.playlist.is_none(),
        gone: changes.playlist_gone,
        summary: diff.summary(),
        requests: diff.plan.requests() + usize::from(changes.playlist.is_none()),
        added: list(&diff.added),
        removed: list(&diff.removed),
        moved: list(&diff.moved),
    })
}

/// How an apply went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub state: String,
    pub summary: String,
    pub problem: Option<String>,
}

/// Applies smart playlist `id` with `seed` (the preview's, so the same random order is written).
#[server(prefix = "/api", endpoint = "apply_smart_playlist")]
pub async fn apply_smart_playlist(id: i64, seed: String) -> Result<Applied, AppError> {
    use crossfade_store::smart_playlists::RunTrigger;
    let (viewer, _) = super::owned(id).await?;
    let library = expect_context::<crossfade_library::Library>();
    let seed = seed.parse::<u64>().map_err(|_| AppError::invalid("seed", "not a seed").answer())?;
    let outcome = crossfade_library::smart_playlists::apply(
        &library,
        viewer.user_id,
        id,
        RunTrigger::Apply,
        seed,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|error| super::smart_failed("applying the smart playlist failed", error))?;
    Ok(Applied {
        state: super::runs::state_words(outcome.state.code()).to_owned(),
        summary: outcome.summary,
        problem: outcome.problem,
    })
}

#[component]
pub fn ChangesSection(
    id: i64,
    may_write: bool,
    changes: Option<ChangesView>,
    seed: String,
    unsaved: bool,
    action: ServerAction<ApplySmartPlaylist>,
) -> impl IntoView {
    let outcome = move || match action.value().get() {
        Some(Ok(applied)) => Some(match applied.problem {
            Some(problem) => ("form-error", format!("{}: {problem}", applied.state)),
            None => ("notice", format!("{}: {}.", applied.state, applied.summary)),
        }),
        Some(Err(AppError::InvalidInput { message, .. })) => Some(("form-error", message)),
        Some(Err(other)) => Some(("form-error", other.to_string())),
        None => None,
    };
    let here = format!("/smart/{id}");
    let permission = (!may_write).then(|| {
        view! {
            <div class="notice">
                <p>
                    "Crossfade may read your playlists but not change them yet. Spotify asks you once to allow it; "
                    "you come back here afterwards."
                </p>
                <form method="post" action="/auth/consent">
                    <input type="hidden" name="return_to" value=here.clone() />
                    <button type="submit" class="button">"Allow Crossfade to change my playlists"</button>
                </form>
            </div>
        }
    });
    let shown = changes.map(|changes| {
        let list = |title: &'static str, items: Vec<String>| {
            (!items.is_empty()).then(|| view! {
                <details>
                    <summary>{format!("{title} ({})", items.len())}</summary>
                    <ol>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ol>
                </details>
            })
        };
        let headline = if changes.creates {
            format!("Applying creates the playlist “{}”, which then {}.", changes.playlist, changes.summary)
        } else {
            format!("Applying to “{}” {}.", changes.playlist, changes.summary)
        };
        view! {
            <div class="changes">
                {changes.gone.then(|| view! {
                    <p class="notice">"The chosen playlist is gone from Spotify; applying creates a new one."</p>
                })}
                <p class="changes-summary">{headline}</p>
                <p>{format!("It takes {} to Spotify.", crate::format::counted(changes.requests as i64, "write request", "write requests"))}</p>
                {list("Added", changes.added)}
                {list("Removed", changes.removed)}
                {list("Moved", changes.moved)}
            </div>
        }
    });
    view! {
        <section aria-labelledby="changes-heading" class="smart-changes">
            <h2 id="changes-heading">"On Spotify"</h2>
            {unsaved.then(|| view! {
                <p class="notice">"Applying writes the saved rule; save your changes first to write them."</p>
            })}
            {permission}
            {match shown {
                Some(shown) => shown.into_any(),
                None => view! {
                    <p>
                        <a href=format!("{here}?changes=1&seed={seed}") class="button secondary">"Show what applying changes"</a>
                    </p>
                }
                .into_any(),
            }}
            <ActionForm action attr:class="apply-form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="seed" value=seed.clone() />
                <button type="submit" class="button" disabled=!may_write>"Apply now"</button>
            </ActionForm>
            {move || outcome().map(|(class, message)| view! { <p class=class role="status">{message}</p> })}
        </section>
    }
}
