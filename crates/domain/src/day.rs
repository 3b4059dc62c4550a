//! Calendar days as date inputs send them (`YYYY-MM-DD`), for the tracks table's "added" range.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A valid day of the Gregorian calendar between the years 1000 and 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day {
    year: u16,
    month: u8,
    day: u8,
}

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
}

/// The calendar fields, which the server reads to turn a day into instants.
#[cfg(any(test, feature = "ssr"))]
impl Day {
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
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_days_written_as_date_inputs_send_them() {
        let day = Day::parse("2024-02-29").expect("a leap day");
        assert_eq!((day.year(), day.month(), day.day()), (2024, 2, 29));
        assert_eq!(day.to_string(), "2024-02-29");
        assert_eq!(Day::parse("1999-12-31").map(|d| d.to_string()).as_deref(), Some("1999-12-31"));
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
    fn days_order_like_the_calendar() {
        assert!(Day::parse("2024-01-31") < Day::parse("2024-02-01"));
        assert!(Day::parse("2023-12-31") < Day::parse("2024-01-01"));
    }
}
