//! What a page does with the one answer its server function gives: the page itself, the pointer to sign-in for a
//! visitor ("signed out" is part of the answer, not a second request), or the problem with its HTTP status.

use leptos::prelude::*;

use crate::AppError;
use crate::pages::NotFoundPage;

/// A page's data: `None` when nobody is signed in, so the page points to sign-in instead.
pub type Gated<T> = Result<Option<T>, AppError>;

/// What a visitor who is not signed in sees instead of a page that belongs to an account; `purpose` completes
/// "Sign in with Spotify …", e.g. "to browse your library".
#[component]
pub fn SignInPointer(purpose: &'static str) -> impl IntoView {
    view! {
        <p class="notice">
            "Sign in with Spotify " {purpose} ". " <a class="button" href="/sign-in">"Sign in"</a>
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

/// A page's content once its answer has arrived: the sign-in pointer, the problem, or `show(data)`.
pub fn gated_view<T, V>(data: Gated<T>, purpose: &'static str, show: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match data {
        Ok(Some(data)) => show(data).into_any(),
        Ok(None) => view! { <SignInPointer purpose /> }.into_any(),
        Err(error) => view! { <Problem error /> }.into_any(),
    }
}
