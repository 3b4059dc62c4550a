//! The curation board as stored: the styles a user curates and their categories (golden playlists), the weekly
//! periods with their bronze and silver playlists, the cards of each period in their places, the action log an
//! undo reads, the tracks a user never wants to see again, and when each style's releases were last pulled. Every
//! query is scoped by the user, but start-up's list of whose pulls to schedule.

mod board;
mod cards;
mod labels;
mod pulls;
mod styles;

pub use board::{Board, BoardCard, BoardPeriod, PeriodSummary, WeekReleases, board, period_of, periods, week_releases};
pub use cards::{
    LoggedAction, NewCard, TasteRow, WeekCandidate, add_late_cards, golden_tracks, last_action, move_card, new_period,
    week_candidates,
};
pub use labels::{follow_label, followed_labels};
pub use pulls::{Curator, StylePull, curators, mark_pulled, styles_to_pull};
pub use styles::{Category, StyleSummary, add_category, categories, curate_style, curated_styles};
