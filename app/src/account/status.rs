//! The live state of the signed-in user's Spotify connection, checked with one `/me` request.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// What a fresh look at Spotify found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpotifyConnection {
    /// Spotify answered for this account.
    Connected { display_name: String },
    /// Spotify refused the refresh token for good (expired after six months, or access was removed).
    NeedsSignIn,
    /// Spotify asked Crossfade to wait until this time (RFC 3339, UTC).
    RateLimited { until: String },
    /// Spotify did not answer properly; nothing is wrong with the account.
    Unavailable,
}

/// Checks the signed-in user's connection with Spotify and refreshes their name and avatar. Open to everyone: a
/// visitor gets `None` (signed out).
#[server(prefix = "/api", endpoint = "check_spotify_connection")]
pub async fn check_spotify_connection() -> Result<Option<SpotifyConnection>, AppError> {
    use crossfade_spotify::ApiError;
    super::for_viewer("check_spotify_connection", |viewer| async move {
        let spotify = expect_context::<super::SpotifyClient>();
        let pool = expect_context::<sqlx::PgPool>();
        Ok(match spotify.current_user(viewer.user_id).await {
            Ok(me) => {
                let profile = crossfade_store::SpotifyProfile::of(&me);
                if let Err(error) = crossfade_store::users::update_profile(&pool, viewer.user_id, &profile).await {
                    let error = crate::error::Chain(&error);
                    tracing::warn!(%error, "could not refresh the stored profile");
                }
                SpotifyConnection::Connected { display_name: me.display_name.unwrap_or(me.id) }
            }
            Err(ApiError::NeedsSignIn) => SpotifyConnection::NeedsSignIn,
            Err(ApiError::RateLimited { retry_at, .. }) => SpotifyConnection::RateLimited {
                until: retry_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            },
            Err(error) => {
                let error = crate::error::Chain(&error);
                tracing::warn!(%error, "checking the Spotify connection failed");
                SpotifyConnection::Unavailable
            }
        })
    })
    .await
}

/// The Settings page's connection section.
#[component]
pub fn ConnectionStatus(connection: SpotifyConnection) -> impl IntoView {
    match connection {
        SpotifyConnection::Connected { display_name } => view! {
            <p role="status">"Connected to Spotify as " <strong>{display_name}</strong> "."</p>
        }
        .into_any(),
        SpotifyConnection::NeedsSignIn => view! { <SignInAgain /> }.into_any(),
        SpotifyConnection::RateLimited { until } => view! {
            <p role="status">
                "Spotify asked Crossfade to wait until " <time datetime=until.clone()>{until.clone()}</time>
                " before asking again. Nothing is wrong with your account."
            </p>
        }
        .into_any(),
        SpotifyConnection::Unavailable => view! {
            <p role="status">"Spotify did not answer just now. Your account is fine; try again later."</p>
        }
        .into_any(),
    }
}

/// The prompt shown when Spotify no longer accepts Crossfade's access.
#[component]
pub fn SignInAgain() -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>
                "Spotify no longer accepts Crossfade's access to your account: access ends six months after you "
                "approve it, or when you remove it in your Spotify account. Your data here is kept."
            </p>
            <form method="post" action="/auth/sign-in">
                <button type="submit" class="button">"Sign in again"</button>
            </form>
        </div>
    }
}
