//! Settings: the Spotify connection and deleting one's data. For signed-in users; others are pointed to sign-in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::account::{ConnectionStatus, DisconnectForm, current_account};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let account = Resource::new(|| (), |()| current_account());
    view! {
        <Title text="Settings" />
        <h1>"Settings"</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(_)) => view! {
                        <section aria-labelledby="connection-heading">
                            <h2 id="connection-heading">"Spotify connection"</h2>
                            <ConnectionStatus />
                        </section>
                        <section aria-labelledby="disconnect-heading">
                            <h2 id="disconnect-heading">"Disconnect and delete my data"</h2>
                            <DisconnectForm />
                        </section>
                    }.into_any(),
                    _ => view! {
                        <p>"Settings belong to an account. " <a href="/sign-in">"Sign in with Spotify"</a> " first."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
