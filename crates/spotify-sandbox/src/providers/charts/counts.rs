//! Counts that only grow: plays, views and listeners reported as of a day. A song gathers about the same amount every
//! day of its first year and a quarter of that later, give or take a third of a day's worth, so two days in a row
//! always differ and never go backwards.

use time::Date;

use super::noise::{on_day, unit};

/// The days a song draws its full daily count.
const FIRST_YEAR: f64 = 365.0;
/// The share of its daily count a song draws after its first year.
const LATER: f64 = 0.25;

/// The count on `day` of a song gathering about `per_day` a day from `since` (none before `since`).
pub(crate) fn grown(seed: u64, per_day: f64, since: Date, day: Date) -> u64 {
    let age = i64::from(day.to_julian_day() - since.to_julian_day());
    if age < 0 {
        return 0;
    }
    // The wobble is under one day, so the days counted still grow from one day to the next.
    let days = age as f64 + 1.0 + 0.35 * unit(on_day(seed, i64::from(day.to_julian_day())));
    let counted = if days <= FIRST_YEAR { days } else { FIRST_YEAR + LATER * (days - FIRST_YEAR) };
    (per_day * counted).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::date;

    #[test]
    fn counts_grow_every_day() {
        let since = date!(2026 - 01 - 01);
        let mut day = since;
        let mut last = 0;
        for _ in 0..800 {
            let count = grown(7, 10.0, since, day);
            assert!(count > last, "{count} after {last}");
            last = count;
            day += Duration::days(1);
        }
        assert_eq!(grown(7, 10.0, since, since - Duration::days(1)), 0);
    }
}
