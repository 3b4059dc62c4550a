//! The days charts are dated by: today by the sandbox clock (UTC), days as URLs write them, and the weekday a weekly
//! chart is dated on.

use time::macros::format_description;
use time::{Date, Duration, Weekday};

use crate::state::SharedSandbox;

/// Today by the sandbox clock, in UTC.
pub(crate) fn today(sandbox: &SharedSandbox) -> Date {
    sandbox.clock.now().to_offset(time::UtcOffset::UTC).date()
}

/// `YYYY-MM-DD`.
pub(crate) fn parse_day(text: &str) -> Option<Date> {
    Date::parse(text, &format_description!("[year]-[month]-[day]")).ok()
}

/// The last `weekday` on or before `day`.
pub(crate) fn last_on_or_before(day: Date, weekday: Weekday) -> Date {
    let back = (7 + day.weekday().number_days_from_monday() - weekday.number_days_from_monday()) % 7;
    day - Duration::days(i64::from(back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weekly_charts_fall_on_their_weekday() {
        assert_eq!(last_on_or_before(date!(2026 - 12 - 07), Weekday::Thursday), date!(2026 - 12 - 03));
        assert_eq!(last_on_or_before(date!(2026 - 12 - 03), Weekday::Thursday), date!(2026 - 12 - 03));
        assert_eq!(last_on_or_before(date!(2026 - 12 - 07), Weekday::Saturday), date!(2026 - 12 - 05));
        assert_eq!(parse_day("2026-12-05"), Some(date!(2026 - 12 - 05)));
        assert_eq!(parse_day("2026-12-5"), None);
        assert_eq!(parse_day("latest"), None);
    }
}
