//! The weeks curation periods cover (Monday to Sunday, named by ISO week), the names of a style's categories, and
//! the names the board gives the Spotify playlists it creates, the same for every user and week so they sort
//! together in Spotify.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Day, Style};

/// A week from Monday to Sunday, by its Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Week(Day);

impl Week {
    /// The week `day` falls in.
    pub fn containing(day: Day) -> Week {
        Week(Day::from_epoch_day(day.epoch_day() - i64::from(day.weekday())).unwrap_or(day))
    }

    /// The week starting on `monday` (`YYYY-MM-DD`, as URLs carry it); None for another weekday or no day.
    pub fn parse(monday: &str) -> Option<Week> {
        let day = Day::parse(monday)?;
        (day.weekday() == 0).then_some(Week(day))
    }

    pub fn monday(self) -> Day {
        self.0
    }

    pub fn sunday(self) -> Day {
        self.offset(6)
    }

    /// The week before.
    pub fn previous(self) -> Week {
        Week(self.offset(-7))
    }

    /// The week after.
    pub fn next(self) -> Week {
        Week(self.offset(7))
    }

    fn offset(self, days: i64) -> Day {
        Day::from_epoch_day(self.0.epoch_day() + days).unwrap_or(self.0)
    }

    /// The ISO 8601 year and week number: the week belongs to the year of its Thursday.
    pub fn iso(self) -> (u16, u8) {
        let thursday = self.offset(3);
        let january_first = Day::parse(&format!("{:04}-01-01", thursday.year())).unwrap_or(thursday);
        let ordinal = thursday.epoch_day() - january_first.epoch_day();
        (thursday.year(), u8::try_from(ordinal / 7 + 1).unwrap_or(53))
    }

    /// "2026-W49".
    pub fn iso_name(self) -> String {
        let (year, week) = self.iso();
        format!("{year}-W{week:02}")
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_string())
    }
}

/// The longest category name, in characters.
const MAX_CATEGORY_CHARS: usize = 50;

/// The name of a category of a style ("Peak Time", "Warm-up"): what its golden playlist is called after.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CategoryName(String);

/// A category name that cannot be one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CategoryNameProblem {
    #[error("a category needs a name")]
    Empty,
    #[error("a category name has at most 50 characters")]
    TooLong,
    #[error("a category name cannot hold line breaks or control characters")]
    ControlCharacters,
    #[error("\"Trash\" is the board's own; choose another name")]
    Reserved,
}

impl CategoryName {
    /// Reads a name, trimmed and with runs of spaces made one.
    pub fn parse(text: &str) -> Result<CategoryName, CategoryNameProblem> {
        if text.chars().any(char::is_control) {
            return Err(CategoryNameProblem::ControlCharacters);
        }
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match name.chars().count() {
            0 => Err(CategoryNameProblem::Empty),
            count if count > MAX_CATEGORY_CHARS => Err(CategoryNameProblem::TooLong),
            _ if name.eq_ignore_ascii_case("trash") => Err(CategoryNameProblem::Reserved),
            _ => Ok(CategoryName(name)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CategoryName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a board playlist on Spotify: a category's golden playlist "Tech House · Peak Time", a week's bronze
/// playlist "Tech House · 2026-W49 · Bronze", a week's silver playlist "Tech House · 2026-W49 · Peak Time".
pub fn playlist_name(style: Style, week: Option<Week>, category: Option<&CategoryName>) -> String {
    match (week, category) {
        (None, Some(category)) => format!("{} · {category}", style.name),
        (Some(week), Some(category)) => format!("{} · {} · {category}", style.name, week.iso_name()),
        (Some(week), None) => format!("{} · {} · Bronze", style.name, week.iso_name()),
        (None, None) => style.name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn weeks_start_on_monday_and_carry_their_iso_numbers() {
        let week = Week::containing(day("2026-12-06"));
        assert_eq!(week.monday(), day("2026-11-30"));
        assert_eq!(week.sunday(), day("2026-12-06"));
        assert_eq!(week.iso_name(), "2026-W49");
        // 2027-01-01 is a Friday: its week is the last of 2026.
        assert_eq!(Week::containing(day("2027-01-01")).iso_name(), "2026-W53");
        // 2024-12-30 is a Monday whose Thursday is in 2025.
        assert_eq!(Week::containing(day("2024-12-31")).iso_name(), "2025-W01");
        assert_eq!(Week::parse("2026-11-30"), Some(week));
        assert_eq!(Week::parse("2026-12-01"), None, "a Tuesday");
        assert_eq!(week.previous().next(), week);
    }

    #[test]
    fn category_names_are_tidied_and_checked() {
        assert_eq!(CategoryName::parse("  Peak   Time ").unwrap().as_str(), "Peak Time");
        assert_eq!(CategoryName::parse(" "), Err(CategoryNameProblem::Empty));
        assert_eq!(CategoryName::parse("TRASH"), Err(CategoryNameProblem::Reserved));
        assert_eq!(CategoryName::parse("a\nb"), Err(CategoryNameProblem::ControlCharacters));
        assert_eq!(CategoryName::parse(&"x".repeat(51)), Err(CategoryNameProblem::TooLong));
    }

    #[test]
    fn playlists_are_named_by_style_week_and_category() {
        let style = Style::parse("tech-house").unwrap();
        let week = Week::parse("2026-11-30");
        let peak = CategoryName::parse("Peak Time").unwrap();
        assert_eq!(playlist_name(style, None, Some(&peak)), "Tech House · Peak Time");
        assert_eq!(playlist_name(style, week, Some(&peak)), "Tech House · 2026-W49 · Peak Time");
        assert_eq!(playlist_name(style, week, None), "Tech House · 2026-W49 · Bronze");
    }

    proptest! {
        #[test]
        fn every_day_of_a_week_finds_its_monday(days in 0i64..40_000, offset in 0i64..7) {
            let monday = Week::containing(Day::from_epoch_day(days).unwrap()).monday();
            prop_assert_eq!(monday.weekday(), 0);
            let later = Day::from_epoch_day(monday.epoch_day() + offset).unwrap();
            prop_assert_eq!(Week::containing(later).monday(), monday);
            let (_, number) = Week::containing(later).iso();
            prop_assert!((1..=53).contains(&number));
        }
    }
}
