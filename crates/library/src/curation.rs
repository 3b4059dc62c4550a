//! The curation board's service: a user's categories (each a private golden playlist created on Spotify), starting a
//! week's period (the week's matched releases of the style ranked by the user's taste into a new bronze playlist,
//! with an empty silver playlist per category), and moving cards between playlists, on Spotify first and then on
//! the board, with the last actions undone the same way; and what the user changed in those playlists in Spotify,
//! shown and then followed or put back.

mod actions;
mod drift;
mod period;
mod ranking;

pub(crate) use ranking::taste_track;

pub use actions::{Acted, act, undo_last};
pub use drift::{DriftAnswer, DriftReport, settle_drift, spotify_drift};
pub use period::{PeriodStart, add_category, bring_in_late_releases, late_releases, start_period};

use crossfade_domain::BoardProblem;
use crossfade_spotify::ApiError;
use crossfade_store::StoreError;

/// Why a board operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    /// The style has no category yet: a period needs somewhere to sort to.
    #[error("add a category to the style before starting a week")]
    NoCategories,
    #[error("a category of that name exists already")]
    CategoryTaken,
    /// The period or card is not the user's, or no longer there.
    #[error("no such period or card")]
    NotFound,
    /// The action does not apply where the card is.
    #[error(transparent)]
    Action(#[from] BoardProblem),
    /// Nothing left to undo.
    #[error("nothing to undo")]
    NothingToUndo,
    /// The user has not allowed Crossfade to change their playlists yet.
    #[error("Crossfade may not change your playlists yet")]
    NeedsConsent,
    #[error("Spotify refused or failed")]
    Spotify(#[from] ApiError),
    #[error("storing the board failed")]
    Store(#[from] StoreError),
}
