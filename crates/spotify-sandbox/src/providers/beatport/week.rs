//! Beatport's release weeks, Monday to Sunday (UTC), counted from Monday 1970-01-05, and the ids each week owns:
//! track ids `week·10 000 + rank` and release ids `week·2 000 + rank`, so ids grow with time as Beatport's do and
//! name their week. The store lists a week from its Monday on and keeps two years of history.

use time::macros::date;
use time::{Date, Duration};

/// The Monday weeks are counted from.
const FIRST_MONDAY: Date = date!(1970 - 01 - 05);
/// Track ids each week owns.
const TRACK_IDS_PER_WEEK: u64 = 10_000;
/// Release ids each week owns.
const RELEASE_IDS_PER_WEEK: u64 = 2_000;
/// How far back the emulated store's history reaches.
const HISTORY_WEEKS: i64 = 104;

/// A Monday-to-Sunday week (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Week(i64);

impl Week {
    /// The most tracks a week lists, so that each could be on a release of its own.
    pub(super) const MOST_LISTINGS: usize = RELEASE_IDS_PER_WEEK as usize;

    /// The week `date` falls in.
    pub(crate) fn containing(date: Date) -> Self {
        Week(i64::from(date.to_julian_day() - FIRST_MONDAY.to_julian_day()).div_euclid(7))
    }

    /// The week a track id belongs to.
    pub(super) fn of_track(id: u64) -> Self {
        Week(i64::try_from(id / TRACK_IDS_PER_WEEK).unwrap_or(i64::MAX))
    }

    /// The week's number, counted from the week of 1970-01-05.
    pub(super) fn number(self) -> i64 {
        self.0
    }

    /// The week's Monday.
    pub(crate) fn monday(self) -> Date {
        FIRST_MONDAY + Duration::weeks(self.0)
    }

    /// The week `weeks` later (earlier when negative).
    pub(super) fn plus(self, weeks: i64) -> Self {
        Week(self.0 + weeks)
    }

    /// The oldest week the store lists when this is the current week.
    pub(super) fn oldest_listed(self) -> Self {
        self.plus(1 - HISTORY_WEEKS)
    }

    /// Whether the store lists this week's releases when `now` is the current week: not before it has begun, and
    /// not beyond the emulated history.
    pub(crate) fn is_listed(self, now: Week) -> bool {
        self <= now && self >= now.oldest_listed()
    }

    /// The week's first track id.
    pub(super) fn first_track_id(self) -> u64 {
        u64::try_from(self.0).unwrap_or_default() * TRACK_IDS_PER_WEEK
    }

    /// The week's first release id.
    pub(super) fn first_release_id(self) -> u64 {
        u64::try_from(self.0).unwrap_or_default() * RELEASE_IDS_PER_WEEK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_run_monday_to_sunday() {
        let week = Week::containing(date!(2026 - 12 - 02));
        assert_eq!(week.monday(), date!(2026 - 11 - 30));
        assert_eq!(Week::containing(date!(2026 - 12 - 06)), week);
        assert_eq!(Week::containing(date!(2026 - 12 - 07)), week.plus(1));
        assert_eq!(Week::containing(FIRST_MONDAY), Week(0));
        assert!(week.is_listed(week) && !week.plus(1).is_listed(week) && !week.plus(-HISTORY_WEEKS).is_listed(week));
    }

    #[test]
    fn ids_name_their_week() {
        let week = Week::containing(date!(2026 - 12 - 02));
        assert_eq!(Week::of_track(week.first_track_id() + 1_999), week);
        assert!((10_000_000..100_000_000).contains(&week.first_track_id()));
        assert!((1_000_000..10_000_000).contains(&week.first_release_id()));
    }
}
