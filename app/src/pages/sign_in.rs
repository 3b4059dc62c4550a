//! The sign-in page: what connecting Spotify means, why a previous attempt did not complete, and in demo mode the
//! sandbox's users one can sign in as.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::account::{DemoUser, SignInMode, describe_sign_in};

/// What a `problem` code from the sign-in callback means for the person who tried.
fn problem_message(code: &str) -> &'static str {
    match code {
        "denied" => "You chose not to connect Spotify, so nothing was stored. You can sign in whenever you like.",
        "state" => "That sign-in link was already used or was not started in this browser. Please start again.",
        "expired" => "The sign-in took longer than ten minutes. Please start again.",
        "busy" => "Spotify is busy and asked us to wait. Please try again in a few minutes.",
        _ => "Spotify did not complete the sign-in. Please try again in a moment.",
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let problem = move || query.read().get("problem").map(|code| problem_message(&code));
    let mode = Resource::new(|| (), |()| describe_sign_in());
    view! {
        <Title text="Sign in" />
        <h1>"Sign in with Spotify"</h1>
        {move || problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        <p>
            "Crossfade reads your library through your own Spotify account, with the permissions you grant on "
            "Spotify's consent page: your saved songs and albums, playlists, followed artists, top items and recently "
            "played tracks. Your refresh token is stored encrypted, and disconnecting deletes everything Crossfade "
            "keeps about you."
        </p>
        <Suspense>
            {move || Suspend::new(async move {
                let demo_users = match mode.await {
                    Ok(SignInMode::Demo { users, .. }) => Some(users),
                    _ => None,
                };
                view! { {demo_users.map(|users| view! { <DemoNotice users /> })} }
            })}
        </Suspense>
        // A plain form post: the server starts the attempt and sends the browser on to Spotify.
        <form method="post" action="/auth/sign-in">
            <button type="submit" class="button">"Sign in with Spotify"</button>
        </form>
    }
}

#[component]
fn DemoNotice(users: Vec<DemoUser>) -> impl IntoView {
    view! {
        <section class="notice" aria-labelledby="demo-heading">
            <h2 id="demo-heading">"This is a demo"</h2>
            <p>
                "No Spotify app is configured, so Crossfade signs in against its built-in Spotify sandbox. Pick one "
                "of these demo users on the sandbox's consent page; no Spotify account is needed."
            </p>
            <ul class="demo-users">
                {users
                    .into_iter()
                    .map(|user| {
                        view! {
                            <li>
                                <strong>{user.display_name}</strong>
                                {format!(
                                    ": {} liked songs, {} playlists{}",
                                    user.liked_songs,
                                    user.playlists,
                                    if user.premium { "" } else { ", no Premium" },
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
