//! The landing page: for visitors, what Crossfade is; for a signed-in user, a welcome with their Spotify profile.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::account::{Account, Avatar, SignInAgain, current_account};

#[component]
pub fn HomePage() -> impl IntoView {
    let account = Resource::new(|| (), |()| current_account());
    let query = use_query_map();
    let disconnected = move || query.read().get("disconnected").is_some();
    view! {
        <Title text="" />
        {move || disconnected().then(|| view! {
            <p class="notice" role="status">
                "Your Crossfade data was deleted and you were signed out everywhere."
            </p>
        })}
        <Suspense>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(account)) => view! { <Welcome account /> }.into_any(),
                    _ => view! { <Introduction /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Welcome(account: Account) -> impl IntoView {
    let Account { display_name, avatar_url, needs_sign_in } = account;
    view! {
        <section class="welcome">
            <Avatar url=avatar_url />
            <h1>"Welcome, " {display_name}</h1>
        </section>
        {needs_sign_in.then(|| view! { <SignInAgain /> })}
        <p>
            "You are signed in with Spotify. " <a href="/settings">"Settings"</a>
            " shows your Spotify connection and lets you delete everything Crossfade keeps about you."
        </p>
    }
}

#[component]
fn Introduction() -> impl IntoView {
    view! {
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
