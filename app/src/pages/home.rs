//! The landing page: what Crossfade is, in a few sentences.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="hero">
            <h1>"Crossfade"</h1>
            <p class="lead">
                "A companion to Spotify that runs on your own machine. Crossfade keeps a copy of your library in "
                "your own database and builds on it: dashboards over your listening, smart playlists from rules, a "
                "weekly board for sorting new releases, recommendations with reasons, and charts merged across services."
            </p>
            <p>
                "Your library, your listening history and your playlists stay with you: nothing leaves this "
                "machine except the calls Crossfade makes to Spotify on your behalf."
            </p>
            <p class="actions">
                <a class="button" href="/sign-in">
                    "Sign in with Spotify"
                </a>
                <a href="/about">"What Crossfade does"</a>
            </p>
        </section>
    }
}
