//! `/library/duplicates`: recordings the signed-in user has more than once (the same ISRC, perhaps as different
//! releases, or the same track) in one playlist or in liked songs, or in several playlists. Ticking entries of the
//! user's own playlists and pressing "Remove" writes those playlists through the smart playlists' path (read from
//! Spotify first, the fewest requests, the playlist's "before" kept), so each removal can be undone below.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::frame::{LibraryNav, Section};
use crate::AppError;
use crate::page_answer::gated_view;
use crate::smart::runs::RunView;

/// One recording and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    pub title: String,
    pub artists: String,
    pub isrc: Option<String>,
    /// Different Spotify tracks (releases) among its entries.
    pub releases: usize,
    pub entries: Vec<DuplicateEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateEntry {
    pub track_id: String,
    /// "Liked songs", or the playlist's name and the entry's position (1 = first).
    pub place: String,
    pub playlist_id: Option<String>,
    /// The form value that picks it for removal: `{playlist}:{position}:{track}`; None when it cannot be removed here.
    pub pick: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatesView {
    pub groups: Vec<DuplicateGroup>,
    pub removals: Vec<RunView>,
}

/// The signed-in user's duplicates. A visitor gets `None`.
#[server(prefix = "/api", endpoint = "get_duplicates")]
pub async fn get_duplicates() -> Result<Option<DuplicatesView>, AppError> {
    crate::account::for_viewer("get_duplicates", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let found = crossfade_store::duplicates::duplicates(&pool, viewer.user_id).await.map_err(super::read_failed)?;
        let mut groups: Vec<DuplicateGroup> = Vec::new();
        let mut last_recording = None;
        for occurrence in found {
            if last_recording.as_ref() != Some(&occurrence.recording) {
                groups.push(DuplicateGroup {
                    title: occurrence.title.clone(),
                    artists: occurrence.artists.clone(),
                    isrc: occurrence.isrc.clone(),
                    releases: 0,
                    entries: Vec::new(),
                });
                last_recording = Some(occurrence.recording.clone());
            }
            let group = groups.last_mut().expect("a group was just pushed");
            let (place, playlist_id, pick) = match (&occurrence.playlist, occurrence.position) {
                (Some((id, name)), Some(position)) => (
                    format!("{name}, #{}", position + 1),
                    Some(id.clone()),
                    occurrence.writable.then(|| format!("{id}:{position}:{}", occurrence.track_id)),
                ),
                _ => ("Liked songs".to_owned(), None, None),
            };
            group.entries.push(DuplicateEntry { track_id: occurrence.track_id, place, playlist_id, pick });
        }
        for group in &mut groups {
            let mut releases: Vec<&str> = group.entries.iter().map(|entry| entry.track_id.as_str()).collect();
            releases.sort();
            releases.dedup();
            group.releases = releases.len();
        }
        let removals = crossfade_store::smart_playlists::duplicate_runs(&pool, viewer.user_id, 10)
            .await
            .map_err(super::read_failed)?;
        Ok(DuplicatesView { groups, removals: removals.into_iter().map(RunView::from).collect() })
    })
    .await
}

/// Removes the picked entries (`{playlist}:{position}:{track}` each), one write per playlist.
#[server(prefix = "/api", endpoint = "remove_duplicates")]
pub async fn remove_duplicates(picks: Option<Vec<String>>) -> Result<String, AppError> {
    let viewer = crate::account::require_viewer()?;
    let picks = picks.unwrap_or_default();
    let mut by_playlist: std::collections::BTreeMap<String, Vec<(u32, String)>> = Default::default();
    for pick in &picks {
        let mut parts = pick.splitn(3, ':');
        let (Some(playlist), Some(position), Some(track)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(AppError::invalid("picks", "not an entry of a playlist").answer());
        };
        let position =
            position.parse::<u32>().map_err(|_| AppError::invalid("picks", "not an entry of a playlist").answer())?;
        by_playlist.entry(playlist.to_owned()).or_default().push((position, track.to_owned()));
    }
    if by_playlist.is_empty() {
        return Err(AppError::invalid("picks", "Tick the entries to remove first.").answer());
    }
    let library = expect_context::<crossfade_library::Library>();
    let now = time::OffsetDateTime::now_utc();
    let mut done = Vec::new();
    for (playlist, entries) in by_playlist {
        let outcome =
            crossfade_library::smart_playlists::remove_entries(&library, viewer.user_id, &playlist, &entries, now)
                .await
                .map_err(|error| crate::smart::smart_failed("removing duplicates failed", error))?;
        done.push(match outcome.problem {
            Some(problem) => problem,
            None => format!("one playlist {}", outcome.summary),
        });
    }
    Ok(format!("Done: {}.", done.join("; ")))
}

/// Undoes removal `run`; `anyway` goes ahead though the playlist changed on Spotify since.
#[server(prefix = "/api", endpoint = "undo_duplicates_removal")]
pub async fn undo_duplicates_removal(run: i64, anyway: Option<String>) -> Result<String, AppError> {
    let viewer = crate::account::require_viewer()?;
    let library = expect_context::<crossfade_library::Library>();
    let anyway = anyway.is_some_and(|value| value == "1");
    let outcome = crossfade_library::smart_playlists::undo(
        &library,
        viewer.user_id,
        None,
        run,
        anyway,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|error| match crate::smart::smart_failed("undoing the removal failed", error) {
        AppError::InvalidInput { field, message } if field == "undo" => {
            AppError::invalid(&format!("undo:{run}"), message)
        }
        other => other,
    })?;
    Ok(match outcome.problem {
        Some(problem) => problem,
        None => format!("Undone: the playlist {}.", outcome.summary),
    })
}

/// `/library/duplicates`, for signed-in users; others are pointed to sign-in.
#[component]
pub fn LibraryDuplicatesPage() -> AnyView {
    let remove = ServerAction::<RemoveDuplicates>::new();
    let undo = ServerAction::<UndoDuplicatesRemoval>::new();
    let data = Resource::new(move || (remove.version().get(), undo.version().get()), |_| get_duplicates());
    view! {
        <Title text="Duplicates" />
        <LibraryNav section=Section::Duplicates />
        <article class="duplicates">
            <h1>"Duplicates"</h1>
            <p>
                "Recordings you have more than once: twice in one playlist or in liked songs (perhaps as different "
                "releases of the same recording, found by ISRC), or in several playlists. Tick the entries to take "
                "out of your own playlists; every removal can be undone below."
            </p>
            <Suspense fallback=|| view! { <p>"Looking for duplicates…"</p> }>
                {move || Suspend::new(async move {
                    gated_view(data.await, "to find duplicates in your library", move |view: DuplicatesView| {
                        view! { <Duplicates view remove undo /> }
                    })
                })}
            </Suspense>
        </article>
    }
    .into_any()
}

#[component]
fn Duplicates(
    view: DuplicatesView,
    remove: ServerAction<RemoveDuplicates>,
    undo: ServerAction<UndoDuplicatesRemoval>,
) -> AnyView {
    let outcome = move || match remove.value().get() {
        Some(Ok(message)) => Some(("notice", message)),
        Some(Err(AppError::InvalidInput { message, .. })) => Some(("form-error", message)),
        Some(Err(other)) => Some(("form-error", other.to_string())),
        None => None,
    };
    let mut pick_index = 0usize;
    let groups = view
        .groups
        .into_iter()
        .map(|group| {
            let heading = format!(
                "{} — {}{}",
                group.title,
                group.artists,
                if group.releases > 1 {
                    format!(" ({} releases of one recording)", group.releases)
                } else {
                    String::new()
                }
            );
            let entries = group
                .entries
                .into_iter()
                .map(|entry| {
                    let place = entry.place.clone();
                    let pick = entry.pick.map(|value| {
                        let name = format!("picks[{pick_index}]");
                        pick_index += 1;
                        view! {
                            <input type="checkbox" name=name value=value aria-label=format!("Remove {place}") />
                        }
                    });
                    let link = entry.playlist_id.map(|id| format!("/library/playlists/{id}"));
                    view! {
                        <li>
                            <label class="check">
                                {pick}
                                {match link {
                                    Some(link) => view! { <a href=link>{entry.place}</a> }.into_any(),
                                    None => view! { <span>{entry.place}</span> }.into_any(),
                                }}
                            </label>
                            " "
                            <a href=format!("/library/tracks/{}", entry.track_id) class="muted">"the track"</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="duplicate">
                    <p>{heading}{group.isrc.map(|isrc| view! { " " <code>{isrc}</code> })}</p>
                    <ul>{entries}</ul>
                </li>
            }
        })
        .collect_view();
    let empty = pick_index == 0;
    view! {
        <ActionForm action=remove attr:class="duplicates-form">
            <ol class="duplicate-list">{groups}</ol>
            {if empty {
                view! { <p>"Nothing to remove: no duplicates in playlists you may change."</p> }.into_any()
            } else {
                view! { <button type="submit" class="button">"Remove ticked entries"</button> }.into_any()
            }}
        </ActionForm>
        {move || outcome().map(|(class, message)| view! { <p class=class role="status">{message}</p> })}
        <Removals runs=view.removals undo />
    }
    .into_any()
}

#[component]
fn Removals(runs: Vec<RunView>, undo: ServerAction<UndoDuplicatesRemoval>) -> AnyView {
    let outcome = move || match undo.value().get() {
        Some(Ok(message)) => Some(("notice", message, None)),
        Some(Err(AppError::InvalidInput { field, message })) => {
            Some(("form-error", message, field.strip_prefix("undo:").and_then(|run| run.parse::<i64>().ok())))
        }
        Some(Err(other)) => Some(("form-error", other.to_string(), None)),
        None => None,
    };
    if runs.is_empty() {
        return view! { <span></span> }.into_any();
    }
    view! {
        <section aria-labelledby="removals">
            <h2 id="removals">"Recent removals"</h2>
            {move || outcome().map(|(class, message, changed)| view! {
                <div class=class role="status">
                    <p>{message}</p>
                    {changed.map(|run| view! {
                        <ActionForm action=undo>
                            <input type="hidden" name="run" value=run.to_string() />
                            <input type="hidden" name="anyway" value="1" />
                            <button type="submit" class="button">"Undo anyway"</button>
                        </ActionForm>
                    })}
                </div>
            })}
            <ul>
                {runs
                    .into_iter()
                    .map(|run| view! {
                        <li>
                            <time datetime=run.started.iso.clone()>{run.started.shown.clone()}</time>
                            {format!(": {} — {}", run.state, run.summary)}
                            {run.undoable.then(|| view! {
                                <ActionForm action=undo attr:class="inline">
                                    <input type="hidden" name="run" value=run.id.to_string() />
                                    <button type="submit" class="button secondary small">"Undo"</button>
                                </ActionForm>
                            })}
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
