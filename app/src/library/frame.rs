//! What every library page has around its content: the section navigation, the pointer to sign-in for visitors,
//! and the answer (with its HTTP status) when something could not be shown.

use std::future::Future;

use leptos::prelude::*;

use crate::AppError;
use crate::account::current_account;
use crate::pages::NotFoundPage;

/// A library page's data: `None` when nobody is signed in, so the page points to sign-in instead.
pub type Gated<T> = Result<Option<T>, AppError>;

/// Runs `fetch` for a signed-in visitor only. One resource per page does both steps, so the server renders and the
/// browser hydrates the same single answer.
pub async fn when_signed_in<T, Fetch, Answer>(fetch: Fetch) -> Gated<T>
where
    Fetch: FnOnce() -> Answer,
    Answer: Future<Output = Result<T, AppError>>,
{
    match current_account().await? {
        Some(_) => fetch().await.map(Some),
        None => Ok(None),
    }
}

/// The library's sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Tracks,
    Playlists,
    Plays,
}

/// Tracks · Playlists · Plays, with the current section marked: as the current page on a section's own page, as
/// the current section on a page `within` it (an album, a playlist).
#[component]
pub fn LibraryNav(section: Section, #[prop(optional)] within: bool) -> AnyView {
    let current = move |this: Section| (this == section).then_some(if within { "true" } else { "page" });
    view! {
        <nav class="library-nav" aria-label="Library">
            <ul>
                <li><a href="/library" aria-current=current(Section::Tracks)>"Tracks"</a></li>
                <li><a href="/library/playlists" aria-current=current(Section::Playlists)>"Playlists"</a></li>
                <li><a href="/library/plays" aria-current=current(Section::Plays)>"Plays"</a></li>
            </ul>
        </nav>
    }
    .into_any()
}

/// What a visitor who is not signed in sees instead of a library page.
#[component]
pub fn SignInPointer() -> impl IntoView {
    view! {
        <p class="notice">
            "Sign in with Spotify to browse your library. " <a class="button" href="/sign-in">"Sign in"</a>
        </p>
    }
}

/// The answer to a failed page: the not-found page for anything unknown or someone else's, otherwise the message,
/// each with its HTTP status.
#[component]
pub fn Problem(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFoundPage /> }.into_any();
    }
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }
    let message = match error {
        AppError::InvalidInput { message, .. } => message,
        other => other.to_string(),
    };
    view! { <p class="form-error" role="alert">{message}</p> }.into_any()
}

/// A library page's content once its data has arrived: the sign-in pointer, the problem, or `show(data)`.
pub fn gated_view<T, V>(data: Gated<T>, show: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match data {
        Ok(Some(data)) => show(data).into_any(),
        Ok(None) => view! { <SignInPointer /> }.into_any(),
        Err(error) => view! { <Problem error /> }.into_any(),
    }
}
