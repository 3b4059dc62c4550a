//! Calendar days as date inputs send them (`YYYY-MM-DD`): the tracks table's "added" range, and any other filter by
//! day. A day is read strictly and turned into the instants it spans (UTC) without a clock or a calendar library.

use std::fmt;

use serde::{Deserialize, Serialize};

const SECONDS_PER_DAY: i64 = 86_400;

/// A valid day of the Gregorian calendar between the years 1000 and 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day {
    year: u16,
    month: u8,
    day: u8,
}

/// Text that is not a day written `YYYY-MM-DD`, or a day the calendar does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a date written as YYYY-MM-DD")]
pub struct NotADay;

impl Day {
    /// Reads exactly `YYYY-MM-DD`; anything else, or a day the calendar does not have, is None.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            // Bytes 4 and 7 are ASCII, so every range here starts and ends on a character boundary.
            let digits = &text[range];
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        };
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        let valid = year >= 1000 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Day { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Seconds from 1970-01-01T00:00Z to this day's midnight (UTC).
    pub fn unix_start(self) -> i64 {
        days_since_epoch(i64::from(self.year), i64::from(self.month), i64::from(self.day)) * SECONDS_PER_DAY
    }

    /// Seconds from 1970-01-01T00:00Z to the midnight after this day (UTC): the end of a range that includes it.
    pub fn unix_end(self) -> i64 {
        self.unix_start() + SECONDS_PER_DAY
    }

    /// The UTC day an instant (seconds from 1970-01-01T00:00Z) falls on; None outside the years 1000 to 9999.
    pub fn containing(unix_seconds: i64) -> Option<Day> {
        Day::from_epoch_day(unix_seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Days from 1970-01-01 to this day.
    pub fn epoch_day(self) -> i64 {
        days_since_epoch(i64::from(self.year), i64::from(self.month), i64::from(self.day))
    }

    /// The day `days` after 1970-01-01; None outside the years 1000 to 9999.
    pub fn from_epoch_day(days: i64) -> Option<Day> {
        // The inverse of `days_since_epoch`, in the same 400-year cycles that start on 1 March.
        let shifted = days + 719_468;
        let cycle = shifted.div_euclid(146_097);
        let day_of_cycle = shifted - cycle * 146_097;
        let year_of_cycle = (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524 - day_of_cycle / 146_096) / 365;
        let day_of_year = day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
        let year = year_of_cycle + cycle * 400 + i64::from(month <= 2);
        let year = u16::try_from(year).ok().filter(|year| (1000..=9999).contains(year))?;
        Some(Day { year, month: month as u8, day: day as u8 })
    }

    /// The day before; None before the year 1000.
    pub fn previous(self) -> Option<Day> {
        Day::from_epoch_day(self.epoch_day() - 1)
    }

    /// The same day of the month `months` months earlier, or the last day of that month when it is shorter (31 March
    /// less one month is 28 or 29 February), as calendars and PostgreSQL's intervals count; None before the year 1000.
    pub fn months_earlier(self, months: u32) -> Option<Day> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 - i64::from(months);
        let year = u16::try_from(index.div_euclid(12)).ok().filter(|year| *year >= 1000)?;
        let month = index.rem_euclid(12) as u8 + 1;
        Some(Day { year, month, day: self.day.min(days_in_month(year, month)) })
    }

    /// 0 for Monday to 6 for Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        (self.epoch_day() + 3).rem_euclid(7) as u8
    }
}

impl TryFrom<String> for Day {
    type Error = NotADay;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Day::parse(&text).ok_or(NotADay)
    }
}

impl From<Day> for String {
    fn from(day: Day) -> Self {
        day.to_string()
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date, counting in 400-year cycles of 146,097 days that start on 1 March (so
/// the leap day falls at the end of each counted year).
fn days_since_epoch(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let cycle = year.div_euclid(400);
    let year_of_cycle = year - cycle * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    // 719,468 days lie between 0000-03-01 and 1970-01-01.
    cycle * 146_097 + day_of_cycle - 719_468
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn months_earlier_keeps_the_day_or_takes_the_months_last() {
        let day = |text| Day::parse(text).unwrap();
        assert_eq!(day("2024-03-31").months_earlier(1), Some(day("2024-02-29")));
        assert_eq!(day("2023-03-31").months_earlier(1), Some(day("2023-02-28")));
        assert_eq!(day("2024-01-15").months_earlier(1), Some(day("2023-12-15")));
        assert_eq!(day("2024-05-20").months_earlier(24), Some(day("2022-05-20")));
        assert_eq!(day("2024-02-29").months_earlier(12), Some(day("2023-02-28")));
        assert_eq!(day("1000-01-01").months_earlier(1), None);
    }

    #[test]
    fn reads_days_written_as_date_inputs_send_them() {
        let day = Day::parse("2024-02-29").expect("a leap day");
        assert_eq!((day.year(), day.month(), day.day()), (2024, 2, 29));
        assert_eq!(day.to_string(), "2024-02-29");
        assert_eq!(Day::parse("1999-12-31").map(|d| d.to_string()).as_deref(), Some("1999-12-31"));
    }

    #[test]
    fn knows_the_weekday_and_the_day_of_an_instant() {
        let saturday = Day::parse("2026-12-05").expect("a day");
        assert_eq!(saturday.weekday(), 5);
        assert_eq!(Day::parse("2024-01-01").map(Day::weekday), Some(0), "a Monday");
        assert_eq!(Day::containing(0).map(|day| day.to_string()).as_deref(), Some("1970-01-01"));
        assert_eq!(Day::containing(-1).map(|day| day.to_string()).as_deref(), Some("1969-12-31"));
        assert_eq!(Day::containing(saturday.unix_end() - 1), Some(saturday));
        assert_eq!(
            Day::from_epoch_day(Day::parse("2000-03-01").expect("a day").epoch_day() - 1)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2000-02-29")
        );
    }

    #[test]
    fn refuses_days_the_calendar_does_not_have() {
        for text in ["2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00"] {
            assert_eq!(Day::parse(text), None, "{text}");
        }
        assert!(Day::parse("2000-02-29").is_some(), "2000 is a leap year");
    }

    #[test]
    fn refuses_other_spellings() {
        for text in [
            "",
            "2024-3-01",
            "24-03-01",
            "2024/03/01",
            "2024-03-01T00:00",
            " 2024-03-01",
            "+024-03-01",
            "２０２４-03-01",
        ] {
            assert_eq!(Day::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_day_spans_from_its_midnight_to_the_next() {
        assert_eq!(Day::parse("1970-01-01").unwrap().unix_start(), 0);
        let leap_day = Day::parse("2024-02-29").unwrap();
        assert_eq!(leap_day.unix_start(), 1_709_164_800);
        assert_eq!(leap_day.unix_end(), 1_709_164_800 + 86_400);
        assert_eq!(Day::parse("1969-12-31").unwrap().unix_start(), -86_400);
        assert_eq!(Day::parse("9999-12-31").unwrap().unix_end(), 253_402_300_800);
    }

    /// The calendar day after `day`, counted by hand.
    fn successor(day: Day) -> Option<Day> {
        let Day { year, month, day } = day;
        let next = if day < days_in_month(year, month) {
            Day { year, month, day: day + 1 }
        } else if month < 12 {
            Day { year, month: month + 1, day: 1 }
        } else {
            Day { year: year + 1, month: 1, day: 1 }
        };
        (next.year <= 9999).then_some(next)
    }

    fn any_day() -> impl Strategy<Value = Day> {
        (1000_u16..=9999, 1_u8..=12, 1_u8..=31).prop_map(|(year, month, day)| Day {
            year,
            month,
            day: day.min(days_in_month(year, month)),
        })
    }

    proptest! {
        #[test]
        fn days_round_trip_through_their_text_and_serde(day in any_day()) {
            prop_assert_eq!(Day::parse(&day.to_string()), Some(day));
            let json = serde_json::to_string(&day).unwrap();
            prop_assert_eq!(serde_json::from_str::<Day>(&json).unwrap(), day);
        }

        #[test]
        fn instants_order_like_the_calendar_and_days_are_contiguous(a in any_day(), b in any_day()) {
            prop_assert_eq!(a.cmp(&b), a.unix_start().cmp(&b.unix_start()));
            if let Some(next) = successor(a) {
                prop_assert_eq!(next.unix_start(), a.unix_end());
            }
        }

        #[test]
        fn epoch_days_and_instants_lead_back_to_their_day(day in any_day(), second in 0..SECONDS_PER_DAY) {
            prop_assert_eq!(Day::from_epoch_day(day.epoch_day()), Some(day));
            prop_assert_eq!(Day::containing(day.unix_start() + second), Some(day));
            prop_assert_eq!(Day::from_epoch_day(day.epoch_day() + 7).map(Day::weekday), Some(day.weekday()));
        }

        #[test]
        fn parsing_never_panics(text in ".{0,12}") {
            let _ = Day::parse(&text);
        }
    }
}
