//! The Sync page: how far the mirror of the user's Spotify library is, what went wrong in plain words, when the
//! next sync runs, and a "Sync now" button. Without JavaScript the page shows the state at load with a refresh
//! link; with it, the page polls while a sync is starting or running.

#[cfg(feature = "ssr")]
mod server;
mod status;

use leptos::prelude::*;
use leptos_meta::Title;

use status::{CatalogLookups, CollectionProgress, Phase, SyncNow, SyncView, sync_status};

use crate::account::SignInAgain;
use crate::page_answer::{Problem, SignInPointer};

/// How often the page looks for news while a sync is active.
const POLL_MS: u64 = 1500;

#[component]
pub fn SyncPage() -> impl IntoView {
    let sync = ServerAction::<SyncNow>::new();
    let tick = RwSignal::new(0_u32);
    // Set when the state arrives (inside the Transition), read by the poll: the resource itself is only read there.
    let active = RwSignal::new(false);
    // One resource for the page: its one request answers "signed out" or the state, so the server renders and the
    // browser hydrates the same answer.
    let status = Resource::new(move || (tick.get(), sync.version().get()), |_| sync_status());
    // Polling runs in the browser only: effects never run during server rendering.
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                if active.get_untracked() {
                    tick.update(|n| *n += 1);
                }
            },
            std::time::Duration::from_millis(POLL_MS),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    let refused = move || match sync.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    view! {
        <Title text="Sync" />
        <h1>"Sync"</h1>
        <Transition fallback=|| view! { <p>"Reading the sync state…"</p> }>
            {move || Suspend::new(async move {
                let state = status.await;
                active.set(matches!(&state, Ok(Some(view)) if view.phase.is_active()));
                match state {
                    Ok(Some(view)) => view! {
                        <SyncState view />
                        <ActionForm action=sync attr:class="sync-now">
                            <button type="submit" class="button">"Sync now"</button>
                            <a href="/sync" class="refresh">"Refresh"</a>
                        </ActionForm>
                        {move || refused().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                    }.into_any(),
                    Ok(None) => view! { <SignInPointer purpose="to mirror your library" /> }.into_any(),
                    Err(error) => view! { <Problem error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SyncState(view: SyncView) -> impl IntoView {
    let SyncView { phase, step, collections, last_success, next_run, problem, lookups } = view;
    let headline = match phase {
        Phase::NeverSynced => "Your library has not been synced yet.".to_owned(),
        Phase::Starting => "A sync is starting…".to_owned(),
        Phase::Running => match &step {
            Some(step) => format!("Syncing: {step}…"),
            None => "Syncing…".to_owned(),
        },
        Phase::Waiting => "Waiting for Spotify.".to_owned(),
        Phase::Failed => "The last sync did not finish.".to_owned(),
        Phase::NeedsSignIn => "Syncing is paused.".to_owned(),
        Phase::Idle => "Your library is up to date.".to_owned(),
    };
    view! {
        <section class="sync-state" aria-live="polite" data-phase=format!("{phase:?}")>
            <p class="sync-headline" role="status">{headline}</p>
            {problem.map(|problem| view! { <p class="sync-problem">{problem}</p> })}
            {(phase == Phase::NeedsSignIn).then(|| view! { <SignInAgain /> })}
            <dl class="sync-times">
                <dt>"Last successful sync"</dt>
                <dd>{match last_success {
                    Some(at) => view! { <time datetime=at.iso>{at.shown}</time> }.into_any(),
                    None => "never".into_any(),
                }}</dd>
                <dt>"Next sync"</dt>
                <dd>{match next_run {
                    Some(at) => view! { <time datetime=at.iso>{at.shown}</time> }.into_any(),
                    None if phase == Phase::Running => "after this one".into_any(),
                    None => "not scheduled".into_any(),
                }}</dd>
            </dl>
            {(!collections.is_empty()).then(|| view! { <Collections collections /> })}
            <Lookups lookups />
        </section>
    }
}

/// What the background lookups are still filling in, or that the catalog is complete.
#[component]
fn Lookups(lookups: CatalogLookups) -> impl IntoView {
    let CatalogLookups { tracks, albums, artists } = lookups;
    let parts: Vec<String> = [
        (tracks, "track from your listening history", "tracks from your listening history"),
        (albums, "album", "albums"),
        (artists, "artist", "artists"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| crate::format::counted(count, one, many))
    .collect();
    let words = match parts.as_slice() {
        [] => "Every track, album and artist in your library has its Spotify details.".to_owned(),
        [only] => format!("Looking up {only} on Spotify in the background."),
        [first @ .., last] => format!("Looking up {} and {last} on Spotify in the background.", first.join(", ")),
    };
    view! { <p class="sync-lookups">{words}</p> }
}

#[component]
fn Collections(collections: Vec<CollectionProgress>) -> impl IntoView {
    view! {
        <ul class="sync-collections">
            {collections
                .into_iter()
                .map(|c| {
                    let counted = if c.finished {
                        format!("{} of {}", c.total, c.total)
                    } else if c.total == 0 {
                        "waiting".to_owned()
                    } else {
                        format!("{} of {}", c.done, c.total)
                    };
                    let (max, value) = (c.total.max(1), if c.finished { c.total.max(1) } else { c.done });
                    view! {
                        <li>
                            <span class="collection">{c.label.clone()}</span>
                            <progress max=max value=value aria-label=c.label></progress>
                            <span class="count">{counted}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
