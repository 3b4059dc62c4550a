//! The person using Crossfade: who is signed in, what the sign-in page offers, the state of their Spotify
//! connection, and deleting everything Crossfade keeps about them.

mod disconnect;
mod status;

pub use disconnect::DisconnectForm;
pub use status::{ConnectionStatus, SignInAgain, check_spotify_connection};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// The signed-in user of one request, put into the request's extensions by the server's session middleware.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: i64,
    pub spotify_user_id: String,
    pub display_name: String,
    pub avatar_url: Option<String>,
    /// Spotify refused the stored refresh token: the user must sign in again.
    pub needs_sign_in: bool,
    /// The version of the user's library read model when the request began.
    pub library_version: i64,
    /// The scopes the user granted at their latest consent, by Spotify's names.
    pub granted_scopes: Vec<String>,
}

/// The Spotify client the server functions use, with refresh tokens kept in PostgreSQL.
#[cfg(feature = "ssr")]
pub type SpotifyClient = crossfade_spotify::Spotify<crossfade_store::PgTokenStore>;

/// The signed-in user as the header and pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub display_name: String,
    pub avatar_url: Option<String>,
    pub needs_sign_in: bool,
}

/// The viewer of the current request, if signed in.
#[cfg(feature = "ssr")]
pub fn viewer() -> Option<Viewer> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Viewer>().cloned())
}

/// The viewer of the current request, or `NotFound` for a server function that changes a signed-in user's data.
#[cfg(feature = "ssr")]
pub fn require_viewer() -> Result<Viewer, AppError> {
    viewer().ok_or_else(|| AppError::NotFound.answer())
}

/// What the server function of a page that belongs to an account is built on: runs `read` for the signed-in viewer
/// inside a span naming the function and the user (never a token), and answers `None` for a visitor, so the page
/// learns "signed out" from the same single request.
#[cfg(feature = "ssr")]
pub async fn for_viewer<T, Read, Answer>(function: &'static str, read: Read) -> Result<Option<T>, AppError>
where
    Read: FnOnce(Viewer) -> Answer,
    Answer: Future<Output = Result<T, AppError>>,
{
    use tracing::Instrument as _;
    let Some(viewer) = viewer() else { return Ok(None) };
    let span = tracing::info_span!("server_fn", function, user_id = viewer.user_id);
    read(viewer).instrument(span).await.map(Some)
}

/// Who is signed in on this browser. Open to everyone; answers `None` when nobody is.
#[server(prefix = "/api", endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    Ok(viewer().map(|viewer| Account {
        display_name: viewer.display_name,
        avatar_url: viewer.avatar_url,
        needs_sign_in: viewer.needs_sign_in,
    }))
}

/// A sandbox user one can sign in as in demo mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoUser {
    pub display_name: String,
    pub liked_songs: usize,
    pub playlists: usize,
    pub premium: bool,
}

/// How sign-in works on this installation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInMode {
    /// Against the built-in Spotify sandbox (at `sandbox_url`, as the browser reaches it), as one of these demo
    /// users.
    Demo { users: Vec<DemoUser>, sandbox_url: String },
    /// Against Spotify itself.
    Spotify,
}

/// How sign-in works here (provided by the server at start-up). Open to everyone.
#[server(prefix = "/api", endpoint = "describe_sign_in")]
pub async fn describe_sign_in() -> Result<SignInMode, AppError> {
    use_context::<SignInMode>().ok_or_else(|| {
        let reference = crate::error_reference();
        tracing::error!(%reference, "the server provided no sign-in mode");
        AppError::Internal { reference }
    })
}

/// The header's account area: the signed-in user with a sign-out button, or the way in.
#[component]
pub fn AccountArea() -> impl IntoView {
    let account = Resource::new(|| (), |()| current_account());
    view! {
        <div class="account">
            <Suspense>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(account)) => view! { <SignedIn account /> }.into_any(),
                        _ => view! { <a class="button" href="/sign-in">"Sign in"</a> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SignedIn(account: Account) -> impl IntoView {
    let Account { display_name, avatar_url, needs_sign_in } = account;
    view! {
        <Avatar url=avatar_url />
        <a class="account-name" href="/settings">{display_name}</a>
        {needs_sign_in.then(|| view! { <a class="button" href="/sign-in">"Sign in again"</a> })}
        // A full-page form post: signing out changes state, so it is never a link.
        <form method="post" action="/auth/sign-out" class="sign-out">
            <button type="submit" class="link-button">"Sign out"</button>
        </form>
    }
}

/// A profile picture from Spotify, or nothing when the user has none.
#[component]
pub fn Avatar(url: Option<String>) -> impl IntoView {
    url.map(|url| view! { <img class="avatar" src=url alt="" width="32" height="32" /> })
}
