//! `/curation/matches/:release`: finding one release on Spotify by hand. The page searches with the words matching
//! used (or the user's, from the search form: a plain GET) and lists the results with how alike each is; a button
//! picks one, or the user pastes a track's link. Both are plain forms.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::matches::{ReleaseSummary, SpotifyTrackView};
use crate::AppError;
use crate::page_answer::gated_view;

/// The longest search the form sends.
const MAX_WORDS: usize = 200;

/// A search result with how alike matching finds it, in percent: in all, and by title, artists and length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundTrack {
    pub track: SpotifyTrackView,
    pub alike: u8,
    pub title: u8,
    pub artists: u8,
    pub length: u8,
}

/// What the search page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindView {
    pub release: ReleaseSummary,
    pub words: String,
    pub found: Vec<FoundTrack>,
}

/// Searches Spotify for the signed-in user's release `release` with `words` (or matching's words when empty).
/// 404 for a release that is not theirs or is matched already. A visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "find_release_match")]
pub async fn find_release_match(release: i64, words: String) -> Result<Option<FindView>, AppError> {
    use crossfade_library::releases::search_release;
    use crossfade_store::releases::release_to_review;
    crate::account::for_viewer("find_release_match", |viewer| async move {
        if words.chars().count() > MAX_WORDS {
            return Err(AppError::invalid("words", format!("search with at most {MAX_WORDS} characters")).answer());
        }
        let library = expect_context::<crossfade_library::Library>();
        let waiting = release_to_review(&library.pool, viewer.user_id, release)
            .await
            .map_err(|error| crate::error::internal("reading a release to find failed", &error))?
            .ok_or_else(|| AppError::NotFound.answer())?;
        let search = search_release(&library, viewer.user_id, release, Some(&words))
            .await
            .map_err(|error| super::matches::review_failed("searching Spotify for a release failed", error))?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let percent = |value: f64| (value.clamp(0.0, 1.0) * 100.0).round() as u8;
        let found = search
            .candidates
            .into_iter()
            .filter_map(|candidate| {
                let track = candidate.track;
                let details = super::matches::spotify_details(
                    i64::try_from(track.duration_ms).unwrap_or(i64::MAX),
                    track.external_ids.isrc.as_deref(),
                    track.album.as_ref().map(|album| album.name.as_str()),
                );
                Some(FoundTrack {
                    track: SpotifyTrackView {
                        spotify_id: track.id?,
                        name: track.name,
                        artists: track.artists.iter().map(|artist| artist.name.as_str()).collect::<Vec<_>>().join(", "),
                        details,
                    },
                    alike: percent(candidate.score.total),
                    title: percent(candidate.score.title),
                    artists: percent(candidate.score.artists),
                    length: percent(candidate.score.duration),
                })
            })
            .collect();
        Ok(FindView { release: super::matches::release_summary(waiting), words: search.words, found })
    })
    .await
}

/// Matches release `release` to the Spotify track `track` (a link, a URI or an id), then returns to the review
/// page. Requires sign-in.
#[server(prefix = "/api", endpoint = "pick_release_match")]
pub async fn pick_release_match(release: i64, track: String) -> Result<(), AppError> {
    let viewer = crate::account::require_viewer()?;
    let library = expect_context::<crossfade_library::Library>();
    crossfade_library::releases::pick_release_match(&library, viewer.user_id, release, &track)
        .await
        .map_err(|error| super::matches::review_failed("picking a release's match failed", error))?;
    leptos_axum::redirect("/curation/matches");
    Ok(())
}

#[component]
pub fn FindMatchPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let pick = ServerAction::<PickReleaseMatch>::new();
    let data = Resource::new(
        move || {
            let release = params.read().get("release").and_then(|id| id.parse::<i64>().ok()).unwrap_or(-1);
            (release, query.read().get("words").unwrap_or_default())
        },
        |(release, words)| find_release_match(release, words),
    );
    view! {
        <Title text="Find on Spotify" />
        <p class="kind"><a href="/curation">"Curation"</a> " · " <a href="/curation/matches">"Matches to check"</a></p>
        <h1>"Find on Spotify"</h1>
        <Suspense fallback=|| view! { <p>"Searching Spotify…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to check matches", move |view: FindView| view! { <Find view pick /> })
            })}
        </Suspense>
    }
}

#[component]
fn Find(view: FindView, pick: ServerAction<PickReleaseMatch>) -> impl IntoView {
    let problem = move || {
        pick.value().get().and_then(|outcome| outcome.err()).map(|error| match error {
            AppError::InvalidInput { message, .. } => message,
            other => other.to_string(),
        })
    };
    let release = view.release.id.to_string();
    let here = format!("/curation/matches/{release}");
    let results = if view.found.is_empty() {
        view! { <p>"Spotify found nothing for these words. Try fewer, or other spellings."</p> }.into_any()
    } else {
        view! {
            <ol class="cards">
                {view.found.into_iter().map(|found| {
                    let release = release.clone();
                    let track = found.track;
                    let scores = format!(
                        "{} % alike (title {} %, artists {} %, length {} %)",
                        found.alike, found.title, found.artists, found.length
                    );
                    view! {
                        <li class="card">
                            <p class="card-title"><strong>{track.name.clone()}</strong></p>
                            <p>{track.artists.clone()}</p>
                            <p class="muted">{track.details.clone()} " · " {scores}</p>
                            <p><a href=format!("https://open.spotify.com/track/{}", track.spotify_id) rel="noopener" target="_blank">"Open in Spotify"</a></p>
                            <ActionForm action=pick attr:class="card-action">
                                <input type="hidden" name="release" value=release />
                                <input type="hidden" name="track" value=track.spotify_id.clone() />
                                <button type="submit" class="button">"This is the release"</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }.into_any()
    };
    view! {
        <section aria-labelledby="release-heading">
            <h2 id="release-heading">{view.release.title.clone()}</h2>
            <p>{view.release.artists.clone()}</p>
            <p class="muted">{view.release.details.clone()}</p>
        </section>
        {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        <form method="get" action=here class="filters" role="search" aria-label="Search Spotify">
            <label for="words">"Search Spotify for"</label>
            <input id="words" name="words" value=view.words.clone() maxlength=MAX_WORDS.to_string() />
            <button type="submit" class="button">"Search"</button>
        </form>
        <section aria-labelledby="results-heading">
            <h2 id="results-heading">"Spotify's results"</h2>
            {results}
        </section>
        <section aria-labelledby="paste-heading">
            <h2 id="paste-heading">"Or paste the track's link"</h2>
            <ActionForm action=pick attr:class="filters">
                <input type="hidden" name="release" value=release.clone() />
                <label for="track-link">"Spotify link, URI or id"</label>
                <input id="track-link" name="track" required maxlength="300" placeholder="https://open.spotify.com/track/…" />
                <button type="submit" class="button">"Match to this track"</button>
            </ActionForm>
        </section>
    }
}
