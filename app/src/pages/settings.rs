//! Settings: the Spotify connection and deleting one's data. For signed-in users; others are pointed to sign-in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::{ConnectionStatus, DisconnectForm, check_spotify_connection};
use crate::page_answer::gated_view;

#[component]
pub fn SettingsPage() -> impl IntoView {
    // One request: the connection check answers "signed out" too.
    let connection = Resource::new(|| (), |()| check_spotify_connection());
    view! {
        <Title text="Settings" />
        <h1>"Settings"</h1>
        <Suspense fallback=|| view! { <p>"Checking your Spotify connection…"</p> }>
            {move || Suspend::new(async move {
                gated_view(connection.await, "to see your settings", |connection| view! {
                    <section aria-labelledby="connection-heading">
                        <h2 id="connection-heading">"Spotify connection"</h2>
                        <ConnectionStatus connection />
                    </section>
                    <section aria-labelledby="disconnect-heading">
                        <h2 id="disconnect-heading">"Disconnect and delete my data"</h2>
                        <DisconnectForm />
                    </section>
                })
            })}
        </Suspense>
    }
}
