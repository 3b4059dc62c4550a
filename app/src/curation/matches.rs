//! `/curation/matches`: the releases matching left to the user. A proposal (a Spotify track that scored in the
//! middle band) is confirmed or turned down with a button; a release no search found links to its search page
//! (`/curation/matches/:release`), where the user searches Spotify and picks, or pastes a link.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::page_answer::gated_view;

/// How many releases the page lists.
#[cfg(feature = "ssr")]
const LISTED: i64 = 200;

/// A release as the review pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSummary {
    pub id: i64,
    /// Title with its mix: "Strobe (Extended Mix)".
    pub title: String,
    pub artists: String,
    /// Label, ISRC, length, release day and style, those known.
    pub details: String,
}

/// A Spotify track as the review pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpotifyTrackView {
    pub spotify_id: String,
    pub name: String,
    pub artists: String,
    /// Length, ISRC and album, those known.
    pub details: String,
}

/// A release waiting for the user: with the proposed track, or none found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub release: ReleaseSummary,
    /// The proposal and how sure matching was, in percent.
    pub proposed: Option<(SpotifyTrackView, u8)>,
}

/// What the review page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub proposed: i64,
    pub not_found: i64,
    pub items: Vec<ReviewItem>,
}

/// The signed-in user's releases waiting for them. A visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "release_review")]
pub async fn release_review() -> Result<Option<ReviewView>, AppError> {
    use crossfade_store::releases::{releases_to_review, review_counts};
    crate::account::for_viewer("release_review", |viewer| async move {
        let pool = expect_context::<sqlx::PgPool>();
        let failed =
            |error: crossfade_store::StoreError| crate::error::internal("reading releases to review failed", &error);
        let counts = review_counts(&pool, viewer.user_id).await.map_err(failed)?;
        let releases = releases_to_review(&pool, viewer.user_id, LISTED).await.map_err(failed)?;
        let items = releases
            .into_iter()
            .map(|release| {
                let proposed = release.proposed.clone().map(|track| {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let percent = (track.confidence.clamp(0.0, 1.0) * 100.0).round() as u8;
                    let details = spotify_details(i64::from(track.duration_ms), track.isrc.as_deref(), None);
                    let view = SpotifyTrackView {
                        spotify_id: track.spotify_id,
                        name: track.name,
                        artists: track.artists.join(", "),
                        details,
                    };
                    (view, percent)
                });
                ReviewItem { release: release_summary(release), proposed }
            })
            .collect();
        Ok(ReviewView { proposed: counts.proposed, not_found: counts.not_found, items })
    })
    .await
}

#[cfg(feature = "ssr")]
pub(super) fn release_summary(release: crossfade_store::releases::ReleaseToReview) -> ReleaseSummary {
    let title = match release.mix.as_deref() {
        Some(mix) if !mix.is_empty() => format!("{} ({mix})", release.title),
        _ => release.title,
    };
    let details = [
        release.label,
        release.isrc.map(|isrc| format!("ISRC {isrc}")),
        release.length_ms.map(|ms| crate::format::track_length(ms.into())),
        release.release_date.map(|day| format!("released {day}")),
        release
            .style
            .as_deref()
            .and_then(|slug| crossfade_domain::Style::parse(slug).ok())
            .map(|style| style.name.to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    ReleaseSummary { id: release.id, title, artists: release.artists.join(", "), details }
}

/// A Spotify track's length, ISRC and album, those known, as one line.
#[cfg(feature = "ssr")]
pub(super) fn spotify_details(duration_ms: i64, isrc: Option<&str>, album: Option<&str>) -> String {
    [
        Some(crate::format::track_length(duration_ms)),
        isrc.map(|isrc| format!("ISRC {isrc}")),
        album.map(|album| format!("on {album}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// Confirms (`confirm`) or turns down (`turn-down`) the proposed match of release `release`, then returns to the
/// review page. Requires sign-in.
#[server(prefix = "/api", endpoint = "answer_match")]
pub async fn answer_match(release: i64, answer: String) -> Result<(), AppError> {
    use crossfade_store::releases::ProposalAnswer;
    let viewer = crate::account::require_viewer()?;
    let answer = match answer.as_str() {
        "confirm" => ProposalAnswer::Confirm,
        "turn-down" => ProposalAnswer::TurnDown,
        _ => return Err(AppError::invalid("answer", "the answer is `confirm` or `turn-down`").answer()),
    };
    let library = expect_context::<crossfade_library::Library>();
    crossfade_library::releases::answer_release_proposal(&library, viewer.user_id, release, answer)
        .await
        .map_err(|error| review_failed("answering a proposed match failed", error))?;
    leptos_axum::redirect("/curation/matches");
    Ok(())
}

/// A review step's failure as the page shows it: what the user can act on in words, the rest logged.
#[cfg(feature = "ssr")]
pub(super) fn review_failed(what: &str, error: crossfade_library::releases::ReviewError) -> AppError {
    use crossfade_library::releases::ReviewError;
    use crossfade_spotify::ApiError;
    match error {
        ReviewError::Spotify(ApiError::RateLimited { .. }) => {
            AppError::invalid("spotify", "Spotify asks Crossfade to slow down; try again in a minute").answer()
        }
        ReviewError::Spotify(ApiError::NeedsSignIn) => {
            AppError::invalid("spotify", "Spotify needs you to sign in again").answer()
        }
        error @ (ReviewError::Spotify(_) | ReviewError::Store(_)) => crate::error::internal(what, &error),
        ReviewError::NotFound => {
            AppError::invalid("release", "that release is not waiting for you (settled already?)").answer()
        }
        expected @ (ReviewError::NotATrack | ReviewError::UnknownTrack) => {
            AppError::invalid("track", expected).answer()
        }
    }
}

#[component]
pub fn MatchReviewPage() -> impl IntoView {
    let answer = ServerAction::<AnswerMatch>::new();
    let data = Resource::new(move || answer.version().get(), |_| release_review());
    view! {
        <Title text="Matches to check" />
        <p class="kind"><a href="/curation">"Curation"</a> " · " <a href="/curation/releases">"New releases"</a></p>
        <h1>"Matches to check"</h1>
        <p>
            "Crossfade matches new releases to Spotify by ISRC, or by title, mix, artists and length. When a "
            "Spotify track looks alike but not alike enough, it waits here for you; so does every release no "
            "search found. Only matched releases go on your board."
        </p>
        <Transition fallback=|| view! { <p>"Reading your releases…"</p> }>
            {move || Suspend::new(async move {
                gated_view(data.await, "to check matches", move |view: ReviewView| view! { <Review view answer /> })
            })}
        </Transition>
    }
}

#[component]
fn Review(view: ReviewView, answer: ServerAction<AnswerMatch>) -> impl IntoView {
    let problem = move || {
        answer.value().get().and_then(|outcome| outcome.err()).map(|error| match error {
            AppError::InvalidInput { message, .. } => message,
            other => other.to_string(),
        })
    };
    let status = format!(
        "{} to confirm, {} not found.",
        crate::format::counted(view.proposed, "proposal", "proposals"),
        crate::format::counted(view.not_found, "release", "releases"),
    );
    let shown = view.items.len() as i64;
    let (proposals, missing): (Vec<ReviewItem>, Vec<ReviewItem>) =
        view.items.into_iter().partition(|item| item.proposed.is_some());
    view! {
        <p role="status">{status}</p>
        {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        {(shown < view.proposed + view.not_found).then(|| view! {
            <p class="muted">{format!("The newest {shown} are listed; settle them to see the rest.")}</p>
        })}
        <section aria-labelledby="proposals-heading">
            <h2 id="proposals-heading">"Is this the release?"</h2>
            {if proposals.is_empty() {
                view! { <p class="muted">"Nothing to confirm."</p> }.into_any()
            } else {
                view! {
                    <ol class="cards">
                        {proposals.into_iter().map(|item| view! { <Proposal item answer /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="missing-heading">
            <h2 id="missing-heading">"Not found on Spotify"</h2>
            {if missing.is_empty() {
                view! { <p class="muted">"None."</p> }.into_any()
            } else {
                view! {
                    <p class="muted">
                        "Some releases are not on Spotify (exclusives, or not out there yet); others are written "
                        "differently. Search for them yourself, or paste the track's link."
                    </p>
                    <ul class="missing-releases">
                        {missing.into_iter().map(|item| view! {
                            <li id=format!("release-{}", item.release.id)>
                                <strong>{item.release.title.clone()}</strong> " · " {item.release.artists.clone()}
                                <span class="muted">" · " {item.release.details.clone()}</span>
                                " · " <a href=format!("/curation/matches/{}", item.release.id)>"Find on Spotify"</a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Proposal(item: ReviewItem, answer: ServerAction<AnswerMatch>) -> impl IntoView {
    let Some((track, percent)) = item.proposed else { return ().into_any() };
    let release = item.release;
    let id = release.id.to_string();
    let search = format!("/curation/matches/{id}");
    let (confirm_id, turn_down_id) = (id.clone(), id);
    view! {
        <li class="card" id=format!("release-{}", release.id)>
            <p class="card-title"><strong>{release.title}</strong></p>
            <p>{release.artists}</p>
            <p class="muted">{release.details}</p>
            <p>
                "Spotify: " <strong>{track.name}</strong> " · " {track.artists}
                <span class="muted">" · " {track.details} {format!(" · {percent} % alike")}</span>
                " · " <a href=format!("https://open.spotify.com/track/{}", track.spotify_id) rel="noopener" target="_blank">"Open in Spotify"</a>
            </p>
            <div class="card-actions">
                <ActionForm action=answer attr:class="card-action">
                    <input type="hidden" name="release" value=confirm_id.clone() />
                    <input type="hidden" name="answer" value="confirm" />
                    <button type="submit" class="button">"Yes, that is it"</button>
                </ActionForm>
                <ActionForm action=answer attr:class="card-action">
                    <input type="hidden" name="release" value=turn_down_id.clone() />
                    <input type="hidden" name="answer" value="turn-down" />
                    <button type="submit" class="button">"No"</button>
                </ActionForm>
                <a class="button" href=search>"Search for another"</a>
            </div>
        </li>
    }
    .into_any()
}
