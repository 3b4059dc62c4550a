//! The curation board's pages: `/curation` (the styles a DJ curates), `/curation/:style` (its categories and weeks),
//! `/curation/:style/:week` (the board), `/curation/releases`, where new releases come in from files and where
//! each ingest reports how much of it matched Spotify, and `/curation/matches`, where the user settles the matches
//! matching could not.

mod board;
mod find_match;
mod keys;
mod labels;
mod matches;
mod releases;
mod style_page;
mod styles;

pub use board::CurationBoardPage;
pub use find_match::FindMatchPage;
pub use labels::{FollowLabel, FollowLabelButton};
pub use matches::MatchReviewPage;
pub use releases::ReleasesPage;
pub use style_page::CurationStylePage;
pub use styles::CurationPage;

#[cfg(feature = "ssr")]
use crossfade_domain::{Style, Week};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::AppError;

/// A curated style's page.
#[cfg(feature = "ssr")]
fn style_path(style: Style) -> String {
    format!("/curation/{}", style.slug)
}

/// A period's board.
#[cfg(feature = "ssr")]
fn board_path(style: Style, week: Week) -> String {
    format!("/curation/{}/{week}", style.slug)
}

/// The week the server's clock is in.
#[cfg(feature = "ssr")]
fn this_week() -> Week {
    let today = time::OffsetDateTime::now_utc().date();
    let day = crossfade_domain::Day::parse(&today.to_string()).expect("the clock's date is a day");
    Week::containing(day)
}

/// A board operation's failure as the page shows it: what the user can act on in words, the rest logged.
#[cfg(feature = "ssr")]
fn board_failed(what: &str, error: crossfade_library::curation::BoardError) -> AppError {
    use crossfade_library::curation::BoardError;
    use crossfade_spotify::ApiError;
    match error {
        BoardError::NotFound => AppError::NotFound.answer(),
        BoardError::Spotify(ApiError::RateLimited { .. }) => {
            AppError::invalid("spotify", "Spotify asks Crossfade to slow down; try again in a minute").answer()
        }
        BoardError::Spotify(ApiError::NeedsSignIn) => {
            AppError::invalid("spotify", "Spotify needs you to sign in again").answer()
        }
        error @ (BoardError::Spotify(_) | BoardError::Store(_)) => crate::error::internal(what, &error),
        expected => AppError::invalid("board", expected).answer(),
    }
}

/// Asks for the permission to change playlists, coming back to `here`.
#[component]
fn ConsentNotice(here: String) -> impl IntoView {
    view! {
        <div class="notice">
            <p>
                "The board creates and changes playlists on Spotify. Spotify asks you once to allow it; you come back "
                "here afterwards."
            </p>
            <form method="post" action="/auth/consent">
                <input type="hidden" name="return_to" value=here />
                <button type="submit" class="button">"Allow Crossfade to change my playlists"</button>
            </form>
        </div>
    }
}
