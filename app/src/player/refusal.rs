//! Spotify's answers to the player bar's commands in plain words, each with the HTTP status a hydrated page's request
//! gets (a browser without JavaScript is sent back to its page, where the words show in the bar).

use crossfade_library::playback::{PlayError, Refusal};
use crossfade_spotify::ApiError;
use http::StatusCode;
use http::header::RETRY_AFTER;

use crate::AppError;
use crate::moment::Moment;

/// `error` as the bar's refusal: words and status for what Spotify said, the remembered Free account for a Premium
/// refusal, and a logged reference for anything unexpected.
pub fn refused(error: PlayError, user_id: i64) -> AppError {
    use StatusCode as S;
    let (status, words) = match &error {
        PlayError::NeedsConsent => {
            (S::FORBIDDEN, "Allow Crossfade to control playback first (the button in the player bar).".to_owned())
        }
        PlayError::PremiumRequired => {
            super::free_account::remember(user_id);
            (S::FORBIDDEN, super::PREMIUM_WORDS.to_owned())
        }
        PlayError::NoActiveDevice { .. } => (
            S::CONFLICT,
            "No Spotify device is active: open Spotify on your phone, a computer or a speaker, or pick a device in \
             the player bar."
                .to_owned(),
        ),
        PlayError::Restricted => (
            S::FORBIDDEN,
            "That device takes no commands from other apps: use Spotify on it, or move playback to another device."
                .to_owned(),
        ),
        PlayError::DeviceGone => (
            S::CONFLICT,
            "That device is not available any more: open Spotify on it again, or pick another.".to_owned(),
        ),
        PlayError::Refused(refusal) => (S::CONFLICT, refusal_words(*refusal).to_owned()),
        PlayError::Spotify(ApiError::RateLimited { retry_at, .. }) => {
            let wait = (*retry_at - time::OffsetDateTime::now_utc()).whole_seconds().max(1);
            if !crate::error::plain_form_post()
                && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
            {
                response.insert_header(RETRY_AFTER, wait.into());
            }
            let until = Moment::at(*retry_at).shown;
            (S::TOO_MANY_REQUESTS, format!("Spotify asked Crossfade to wait until {until}; try again then."))
        }
        PlayError::Spotify(ApiError::NeedsSignIn) => {
            (S::FORBIDDEN, "Spotify needs you to sign in again before Crossfade can control your player.".to_owned())
        }
        PlayError::Spotify(ApiError::Unavailable { .. }) => {
            let reference = crate::error_reference();
            tracing::warn!(%reference, error = %crate::error::Chain(&error), "a player command failed at Spotify");
            (S::BAD_GATEWAY, format!("Spotify did not answer; try again in a moment (reference {reference})."))
        }
        _ => return crate::error::internal("controlling the player failed", &error),
    };
    if !crate::error::plain_form_post()
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(status);
    }
    AppError::invalid("player", words)
}

/// A refused command in words.
pub fn refusal_words(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::NoNext => "Nothing comes after this track.",
        Refusal::NoPrevious => "Nothing comes before this track.",
        Refusal::FixedVolume => "This device sets its own volume: other apps cannot change it.",
        Refusal::NotNow => "Spotify does not allow that for what is playing now.",
    }
}
