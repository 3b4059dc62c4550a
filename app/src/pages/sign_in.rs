//! The sign-in page: what connecting a Spotify account means.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <Title text="Sign in" />
        <h1>"Sign in with Spotify"</h1>
        <p>
            "Crossfade reads your library through your own Spotify account, with the permissions you grant on "
            "Spotify's consent page. Your refresh token is stored encrypted, and disconnecting deletes everything "
            "Crossfade keeps about you."
        </p>
        <p class="notice" role="status">
            "Connecting a Spotify account is not available in this version of Crossfade yet."
        </p>
    }
}
