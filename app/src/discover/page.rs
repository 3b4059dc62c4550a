//! The Discover page: the seed's list with each pick's reason and buttons, the options (keep what I know, tracks per
//! artist) as a GET form, the other seeds to start from, and the latest additions to undo.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::actions::{AddRecommendation, QueueRecommendation, SaveRecommendation};
use super::{DiscoverView, Done, PURPOSE, PickView, SeedAddress, discover_list};
use crate::AppError;
use crate::library::duplicates::UndoDuplicatesRemoval;
use crate::page_answer::gated_view;
use crate::playback::{PlayButton, PlayTrack, PlaybackConsent};

/// Every Discover address: `/discover`, `/discover/tracks/:track`, `/discover/playlists/:playlist`,
/// `/discover/categories/:style/:name`.
#[component]
pub fn DiscoverPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let actions = Actions {
        play: ServerAction::<PlayTrack>::new(),
        queue: ServerAction::<QueueRecommendation>::new(),
        save: ServerAction::<SaveRecommendation>::new(),
        add: ServerAction::<AddRecommendation>::new(),
        undo: ServerAction::<UndoDuplicatesRemoval>::new(),
    };
    crate::player::look_again_after(move || actions.play.version().get() + actions.queue.version().get());
    let seed = move || {
        let params = params.read();
        match (params.get("track"), params.get("playlist"), params.get("style"), params.get("name")) {
            (Some(track), ..) => SeedAddress::Track(track),
            (_, Some(playlist), ..) => SeedAddress::Playlist(playlist),
            (_, _, Some(style), Some(name)) => SeedAddress::Category { style, name },
            _ => SeedAddress::Taste,
        }
    };
    let data = Resource::new(
        move || {
            let query = query.read();
            (
                seed(),
                query.get("known"),
                query.get("per_artist"),
                actions.add.version().get(),
                actions.undo.version().get(),
            )
        },
        |(seed, known, per_artist, ..)| discover_list(seed, known, per_artist),
    );
    view! {
        <Title text="Discover" />
        <article class="discover">
            <Suspense fallback=|| view! { <p>"Finding tracks…"</p> }>
                {move || Suspend::new(async move {
                    gated_view(data.await, PURPOSE, move |view: DiscoverView| view! { <Discover view actions /> })
                })}
            </Suspense>
        </article>
    }
    .into_any()
}

/// The page's buttons.
#[derive(Clone, Copy)]
struct Actions {
    play: ServerAction<PlayTrack>,
    queue: ServerAction<QueueRecommendation>,
    save: ServerAction<SaveRecommendation>,
    add: ServerAction<AddRecommendation>,
    undo: ServerAction<UndoDuplicatesRemoval>,
}

/// The latest answer of any of the buttons, as a notice or an error.
fn latest_answer(actions: Actions) -> Option<(&'static str, String)> {
    fn words<T>(answer: Option<Result<T, AppError>>, said: impl Fn(T) -> String) -> Option<(&'static str, String)> {
        answer.map(|answer| match answer {
            Ok(done) => ("notice", said(done)),
            Err(AppError::InvalidInput { message, .. }) => ("form-error", message),
            Err(other) => ("form-error", other.to_string()),
        })
    }
    let done = |done: Done| done.words().to_owned();
    words(actions.queue.value().get(), done)
        .or_else(|| words(actions.save.value().get(), done))
        .or_else(|| words(actions.add.value().get(), done))
        .or_else(|| words(actions.undo.value().get(), |message| message))
        .or_else(|| words(actions.play.value().get(), |()| "Playing.".to_owned()))
}

#[component]
fn Discover(view: DiscoverView, actions: Actions) -> AnyView {
    let query = use_query_map();
    // What a button did, when it came back here as a plain form.
    let came_back = query.read_untracked().get("done").and_then(|code| Done::parse(&code));
    let location = use_location();
    // The page the buttons come back to: this one with its options, without what the last button did.
    let search = location.search.get_untracked();
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("done="))
        .collect();
    let here = if kept.is_empty() {
        location.pathname.get_untracked()
    } else {
        format!("{}?{}", location.pathname.get_untracked(), kept.join("&"))
    };
    let here_path = location.pathname.get_untracked();
    let summary = match &view.empty_because {
        Some(_) => String::new(),
        None => format!(
            "{} tracks from a catalog of {}, alike to {} of yours{}.",
            view.picks.len(),
            crate::format::count(i64::try_from(view.candidates).unwrap_or(i64::MAX)),
            crate::format::counted(i64::try_from(view.seed_tracks).unwrap_or(i64::MAX), "track", "tracks"),
            if view.show_known { "" } else { ", leaving out what you know" }
        ),
    };
    let consent = (!view.may_write || !view.may_play).then(|| {
        let here = here.clone();
        view! {
            <div class="permissions">
                {(!view.may_write).then(|| view! {
                    <form method="post" action="/auth/consent">
                        <input type="hidden" name="return_to" value=here.clone() />
                        <button type="submit" class="button secondary small">
                            "Allow Crossfade to change my playlists and Liked Songs"
                        </button>
                    </form>
                })}
                {(!view.may_play).then(|| view! { <PlaybackConsent here=here.clone() /> })}
            </div>
        }
    });
    let picks = view
        .picks
        .into_iter()
        .map(|pick| view! { <Pick pick here=here.clone() writable=view.writable.clone() actions /> })
        .collect_view();
    view! {
        <h1>{view.title}</h1>
        <Options here_path show_known=view.show_known per_artist=view.per_artist />
        {consent}
        {move || {
            latest_answer(actions)
                .or_else(|| came_back.map(|done| ("notice", done.words().to_owned())))
                .map(|(class, message)| view! { <p class=class role="status">{message}</p> })
        }}
        {match view.empty_because {
            Some(reason) => view! { <p class="empty" role="status">{reason}</p> }.into_any(),
            None => view! {
                <p class="muted">{summary}</p>
                <ol class="picks">{picks}</ol>
            }
            .into_any(),
        }}
        <Added added=view.added actions />
        <Seeds playlists=view.playlists categories=view.categories />
    }
    .into_any()
}

/// The options, as a GET form so the address holds them.
#[component]
fn Options(here_path: String, show_known: bool, per_artist: usize) -> impl IntoView {
    view! {
        <form method="get" action=here_path class="discover-options">
            <label class="check">
                <input type="checkbox" name="known" value="show" checked=show_known />
                " Include tracks I know"
            </label>
            <label>
                "At most "
                <input type="number" name="per_artist" min="1" max=super::MAX_PER_ARTIST.to_string() value=per_artist.to_string() />
                " per artist"
            </label>
            <button type="submit" class="button secondary small">"Show"</button>
        </form>
    }
}

#[component]
fn Pick(pick: PickView, here: String, writable: Vec<(String, String)>, actions: Actions) -> impl IntoView {
    let PickView { spotify_id, name, artists, album, image_url, duration_ms, reason, known } = pick;
    let open = format!("https://open.spotify.com/track/{spotify_id}");
    let more = SeedAddress::Track(spotify_id.clone()).path();
    let cover =
        image_url.map(|url| view! { <img class="cover" src=url alt="" width="64" height="64" loading="lazy" /> });
    let add = (!writable.is_empty()).then(|| {
        let (id, here, name) = (spotify_id.clone(), here.clone(), name.clone());
        view! {
            <ActionForm action=actions.add attr:class="add-to-playlist">
                <input type="hidden" name="track" value=id />
                <input type="hidden" name="back" value=here />
                <label>
                    <span class="visually-hidden">{format!("Playlist to add “{name}” to")}</span>
                    <select name="playlist">
                        {writable.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="button secondary small">"Add"</button>
            </ActionForm>
        }
    });
    // Each form takes its own copy: an ActionForm's children are a closure that keeps what it holds.
    let (queue_id, queue_back) = (spotify_id.clone(), here.clone());
    view! {
        <li class="pick">
            {cover}
            <div class="pick-text">
                <p class="pick-name">
                    <strong>{name.clone()}</strong>
                    " — "
                    {artists}
                    {known.then(|| view! { " " <span class="badge">"you know this"</span> })}
                </p>
                <p class="muted">{album} " · " {crate::format::track_length(duration_ms)}</p>
                <p class="reason">{reason}</p>
            </div>
            <div class="pick-actions">
                <PlayButton spotify_id=spotify_id.clone() back=here.clone() action=actions.play />
                <ActionForm action=actions.queue attr:class="queue">
                    <input type="hidden" name="track" value=queue_id />
                    <input type="hidden" name="back" value=queue_back />
                    <button type="submit" class="button secondary small">"Queue"</button>
                </ActionForm>
                <ActionForm action=actions.save attr:class="save">
                    <input type="hidden" name="track" value=spotify_id />
                    <input type="hidden" name="back" value=here />
                    <button type="submit" class="button secondary small">"Save to Liked Songs"</button>
                </ActionForm>
                {add}
                <a href=more>"More like this"</a>
                " · "
                <a href=open rel="noopener" target="_blank">"Open in Spotify"</a>
            </div>
        </li>
    }
}

/// The latest tracks added to playlists from here, each with Undo.
#[component]
fn Added(added: Vec<super::AddedView>, actions: Actions) -> AnyView {
    if added.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="added">
            <h2>"Added from Discover"</h2>
            <ul>
                {added.into_iter().map(|added| view! {
                    <li>
                        {added.summary}
                        {if added.undone {
                            view! { " (undone)" }.into_any()
                        } else {
                            view! {
                                <ActionForm action=actions.undo attr:class="inline">
                                    <input type="hidden" name="run" value=added.run.to_string() />
                                    <button type="submit" class="button secondary small">"Undo"</button>
                                </ActionForm>
                            }
                            .into_any()
                        }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// Where else to start from.
#[component]
fn Seeds(playlists: Vec<super::SeedChoice>, categories: Vec<super::SeedChoice>) -> impl IntoView {
    let links = |choices: Vec<super::SeedChoice>| {
        choices.into_iter().map(|choice| view! { <li><a href=choice.path>{choice.name}</a></li> }).collect_view()
    };
    view! {
        <section class="seeds">
            <h2>"Start from"</h2>
            <p><a href="/discover">"A mix from your listening"</a></p>
            {(!categories.is_empty()).then(|| view! {
                <h3>"A category of your board"</h3>
                <ul>{links(categories)}</ul>
            })}
            {(!playlists.is_empty()).then(|| view! {
                <h3>"Continue a playlist"</h3>
                <ul class="columns">{links(playlists)}</ul>
            })}
        </section>
    }
}
