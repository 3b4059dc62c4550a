//! A recording's chart history: its positions day by day on one service's chart (peak, time on the chart, entries,
//! exits and each day's move), and the daily play or view counts a service reports for it (the change per day across
//! missing days, and over the week).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::Day;

/// How a recording's place on a published chart compares with the chart published before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Movement {
    /// On the chart for the first time.
    New,
    /// Back after one or more published charts without it.
    ReEntry,
    /// Up this many places.
    Up(u32),
    /// Down this many places.
    Down(u32),
    Same,
    /// Not on this chart; the first such chart after a placing is an exit.
    Off,
}

/// The recording on one published chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PositionPoint {
    pub day: Day,
    /// None when the chart was published without it.
    pub position: Option<u32>,
    pub movement: Movement,
}

/// A recording's history on one service's chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionHistory {
    /// The best position and the first day it was reached; None when the recording was never on the chart.
    pub peak: Option<(u32, Day)>,
    pub days_on_chart: u32,
    /// Weeks, Monday to Sunday, with at least one day on the chart.
    pub weeks_on_chart: u32,
    /// The days it came onto the chart: its first placing and every placing after a published chart without it.
    pub entries: Vec<Day>,
    /// The first published day without it after each stay on the chart.
    pub exits: Vec<Day>,
    /// Every published day in order, with or without it.
    pub points: Vec<PositionPoint>,
}

/// A recording's history on one service's chart, from the days the chart was published and the days and positions
/// it was on it.
///
/// A day the chart was not published is a gap, never an exit, and moves compare with the chart published before. A
/// placing on a day not among `published` counts as a published day, since the chart existed. Both lists may be in
/// any order; a day placed twice keeps the better position, and a position 0 is read as 1.
pub fn position_history(published: &[Day], placed: &[(Day, u32)]) -> PositionHistory {
    let mut positions: BTreeMap<Day, u32> = BTreeMap::new();
    for &(day, position) in placed {
        let position = position.max(1);
        let kept = positions.entry(day).or_insert(position);
        *kept = (*kept).min(position);
    }
    let days: BTreeSet<Day> = published.iter().copied().chain(positions.keys().copied()).collect();
    let weeks: BTreeSet<i64> = positions.keys().map(|day| day.epoch_day() - i64::from(day.weekday())).collect();
    let mut history = PositionHistory {
        peak: None,
        days_on_chart: positions.len() as u32,
        weeks_on_chart: weeks.len() as u32,
        entries: Vec::new(),
        exits: Vec::new(),
        points: Vec::with_capacity(days.len()),
    };
    let mut before: Option<u32> = None;
    for day in days {
        let position = positions.get(&day).copied();
        let movement = match (before, position) {
            (_, None) => Movement::Off,
            // A peak means an earlier placing.
            (None, Some(_)) if history.peak.is_some() => Movement::ReEntry,
            (None, Some(_)) => Movement::New,
            (Some(before), Some(now)) => match now.cmp(&before) {
                Ordering::Less => Movement::Up(before - now),
                Ordering::Greater => Movement::Down(now - before),
                Ordering::Equal => Movement::Same,
            },
        };
        match movement {
            Movement::New | Movement::ReEntry => history.entries.push(day),
            Movement::Off if before.is_some() => history.exits.push(day),
            _ => {}
        }
        if let Some(now) = position
            && history.peak.is_none_or(|(peak, _)| now < peak)
        {
            history.peak = Some((now, day));
        }
        history.points.push(PositionPoint { day, position, movement });
        before = position;
    }
    history
}

/// A play or view count a service reported for a recording on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CountPoint {
    pub day: Day,
    pub count: u64,
}

/// A reported count with how it changed. Changes are signed: a service that corrects a count can lower it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CountChange {
    pub day: Day,
    pub count: u64,
    /// The change since the previous known count divided by the days between them, a rate per day across missing
    /// days; None for the first count.
    pub daily_delta: Option<f64>,
    /// Days since the previous known count; 0 for the first.
    pub gap_days: u32,
    /// The count less the count 7 days earlier, that one read off the line between the known counts around it when
    /// that day has none (rounded to a whole count); None when no count is known on or before that day.
    pub weekly_delta: Option<i64>,
    /// `weekly_delta` as a percentage of the count 7 days earlier; None when that count is 0 or unknown.
    pub weekly_change_percent: Option<f64>,
}

/// The changes of a recording's reported counts on one service, one per day in day order; a day reported twice keeps
/// the count given last.
pub fn count_changes(points: &[CountPoint]) -> Vec<CountChange> {
    let counts: Vec<(Day, u64)> =
        points.iter().map(|point| (point.day, point.count)).collect::<BTreeMap<_, _>>().into_iter().collect();
    let mut previous: Option<(Day, u64)> = None;
    let mut changes = Vec::with_capacity(counts.len());
    for &(day, count) in &counts {
        let gap_days = previous.map_or(0, |(before, _)| day.epoch_day() - before.epoch_day());
        let daily_delta = previous.map(|(_, before)| difference(count, before) as f64 / gap_days as f64);
        let week_ago = count_on(&counts, day.epoch_day() - 7);
        let weekly_delta = week_ago.map(|base| {
            let delta = difference(count, base);
            i64::try_from(delta).unwrap_or(if delta < 0 { i64::MIN } else { i64::MAX })
        });
        let weekly_change_percent = week_ago
            .zip(weekly_delta)
            .filter(|&(base, _)| base > 0)
            .map(|(base, delta)| delta as f64 / base as f64 * 100.0);
        changes.push(CountChange {
            day,
            count,
            daily_delta,
            gap_days: gap_days as u32,
            weekly_delta,
            weekly_change_percent,
        });
        previous = Some((day, count));
    }
    changes
}

fn difference(count: u64, before: u64) -> i128 {
    i128::from(count) - i128::from(before)
}

/// The count on a day: the one known, or read off the line between the known counts around it and rounded to a whole
/// count; None when no count is known on or before it.
fn count_on(counts: &[(Day, u64)], epoch_day: i64) -> Option<u64> {
    let after = counts.partition_point(|(day, _)| day.epoch_day() <= epoch_day);
    let (before_day, before) = counts[..after].last().copied()?;
    if before_day.epoch_day() == epoch_day {
        return Some(before);
    }
    let (after_day, later) = counts.get(after).copied()?;
    let span = i128::from(after_day.epoch_day() - before_day.epoch_day());
    let elapsed = i128::from(epoch_day - before_day.epoch_day());
    // floor(x + ½) of x = rise × elapsed ÷ span, in whole numbers; it lies between the two counts.
    let step = (2 * difference(later, before) * elapsed + span).div_euclid(2 * span);
    u64::try_from(i128::from(before) + step).ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The day `offset` days after Monday 2024-01-01.
    fn day(offset: i64) -> Day {
        Day::from_epoch_day(Day::parse("2024-01-01").unwrap().epoch_day() + offset).unwrap()
    }

    fn days(offsets: &[i64]) -> Vec<Day> {
        offsets.iter().copied().map(day).collect()
    }

    fn counts(rows: &[(i64, u64)]) -> Vec<CountPoint> {
        rows.iter().map(|&(offset, count)| CountPoint { day: day(offset), count }).collect()
    }

    #[test]
    fn moves_compare_with_the_chart_published_before_and_gaps_are_not_exits() {
        let published = days(&[0, 1, 2, 4, 5, 7, 9]);
        let placed = [(day(0), 5), (day(1), 3), (day(2), 3), (day(7), 4), (day(8), 2), (day(9), 6)];
        let history = position_history(&published, &placed);
        let moves: Vec<(Day, Option<u32>, Movement)> =
            history.points.iter().map(|point| (point.day, point.position, point.movement)).collect();
        assert_eq!(
            moves,
            [
                (day(0), Some(5), Movement::New),
                (day(1), Some(3), Movement::Up(2)),
                (day(2), Some(3), Movement::Same),
                (day(4), None, Movement::Off),
                (day(5), None, Movement::Off),
                (day(7), Some(4), Movement::ReEntry),
                (day(8), Some(2), Movement::Up(2)),
                (day(9), Some(6), Movement::Down(4)),
            ],
            "day 3 and day 6 were not published; day 8 was, since it has a placing"
        );
        assert_eq!(history.entries, days(&[0, 7]));
        assert_eq!(history.exits, days(&[4]));
        assert_eq!(history.peak, Some((2, day(8))));
        assert_eq!(history.days_on_chart, 6);
        assert_eq!(history.weeks_on_chart, 2);
    }

    #[test]
    fn published_days_before_the_first_placing_are_off_without_an_exit() {
        let history = position_history(&days(&[0, 1, 2, 3]), &[(day(2), 7)]);
        let moves: Vec<Movement> = history.points.iter().map(|point| point.movement).collect();
        assert_eq!(moves, [Movement::Off, Movement::Off, Movement::New, Movement::Off]);
        assert_eq!((history.entries, history.exits), (days(&[2]), days(&[3])));
    }

    #[test]
    fn unsorted_repeated_placings_keep_the_best_and_the_peak_its_first_day() {
        let placed = [(day(5), 1), (day(3), 4), (day(2), 1), (day(3), 2), (day(2), 9)];
        let history = position_history(&[], &placed);
        let positions: Vec<Option<u32>> = history.points.iter().map(|point| point.position).collect();
        assert_eq!(positions, [Some(1), Some(2), Some(1)]);
        assert_eq!(history.peak, Some((1, day(2))));
        assert_eq!(history.days_on_chart, 3);
        assert_eq!(history.points[1].movement, Movement::Down(1));
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(position_history(&[], &[(day(0), 1), (day(6), 1)]).weeks_on_chart, 1, "Monday to Sunday");
        assert_eq!(position_history(&[], &[(day(6), 1), (day(7), 1)]).weeks_on_chart, 2, "Sunday, then Monday");
    }

    #[test]
    fn a_recording_never_placed_has_no_peak_and_no_runs() {
        let history = position_history(&days(&[0, 1]), &[]);
        assert_eq!(history.peak, None);
        assert_eq!((history.days_on_chart, history.weeks_on_chart), (0, 0));
        assert!(history.entries.is_empty() && history.exits.is_empty());
        assert!(history.points.iter().all(|point| point.movement == Movement::Off));
        assert_eq!(position_history(&[], &[]).points, []);
    }

    #[test]
    fn daily_deltas_are_rates_across_gaps_and_may_fall() {
        let changes = count_changes(&counts(&[(0, 100), (3, 160), (4, 150)]));
        let daily: Vec<(Option<f64>, u32)> =
            changes.iter().map(|change| (change.daily_delta, change.gap_days)).collect();
        assert_eq!(daily, [(None, 0), (Some(20.0), 3), (Some(-10.0), 1)]);
    }

    #[test]
    fn the_count_a_week_ago_is_read_off_the_line_when_that_day_is_missing() {
        let changes = count_changes(&counts(&[(0, 100), (2, 300), (8, 500), (15, 400)]));
        let weekly: Vec<(Option<i64>, Option<f64>)> =
            changes.iter().map(|change| (change.weekly_delta, change.weekly_change_percent)).collect();
        assert_eq!(weekly, [(None, None), (None, None), (Some(300), Some(150.0)), (Some(-100), Some(-20.0))]);
    }

    #[test]
    fn an_interpolated_count_is_rounded_to_a_whole_count() {
        let changes = count_changes(&counts(&[(0, 0), (3, 10), (8, 20)]));
        assert_eq!(changes[2].weekly_delta, Some(17), "day 1 read as 3⅓, so 3");
        let changes = count_changes(&counts(&[(0, 0), (2, 1), (8, 1)]));
        assert_eq!(changes[2].weekly_delta, Some(0), "day 1 read as ½, so 1");
    }

    #[test]
    fn a_zero_count_a_week_ago_has_a_delta_but_no_percentage() {
        let changes = count_changes(&counts(&[(0, 0), (7, 50)]));
        assert_eq!(changes[1].weekly_delta, Some(50));
        assert_eq!(changes[1].weekly_change_percent, None);
    }

    #[test]
    fn a_day_reported_twice_keeps_the_count_given_last_and_the_output_is_in_day_order() {
        let changes = count_changes(&counts(&[(1, 40), (0, 10), (1, 30)]));
        let kept: Vec<(Day, u64)> = changes.iter().map(|change| (change.day, change.count)).collect();
        assert_eq!(kept, [(day(0), 10), (day(1), 30)]);
        assert_eq!(changes[1].daily_delta, Some(20.0));
        assert_eq!(count_changes(&[]), []);
    }

    fn placed() -> impl Strategy<Value = Vec<(Day, u32)>> {
        prop::collection::vec((0_i64..60, 1_u32..30), 0..40)
            .prop_map(|rows| rows.into_iter().map(|(offset, position)| (day(offset), position)).collect())
    }

    fn published() -> impl Strategy<Value = Vec<Day>> {
        prop::collection::vec(0_i64..60, 0..60).prop_map(|offsets| days(&offsets))
    }

    proptest! {
        #[test]
        fn entries_and_exits_alternate(published in published(), placed in placed()) {
            let history = position_history(&published, &placed);
            let (entries, exits) = (&history.entries, &history.exits);
            prop_assert!(entries.len() == exits.len() || entries.len() == exits.len() + 1);
            for (index, entry) in entries.iter().enumerate() {
                if let Some(exit) = exits.get(index) {
                    prop_assert!(entry < exit);
                }
                if let Some(next) = entries.get(index + 1) {
                    prop_assert!(exits[index] < *next);
                }
            }
        }

        #[test]
        fn days_on_chart_and_peak_follow_the_placings(published in published(), placed in placed()) {
            let history = position_history(&published, &placed);
            let placed_days: BTreeSet<Day> = placed.iter().map(|&(day, _)| day).collect();
            prop_assert_eq!(history.days_on_chart as usize, placed_days.len());
            let best = placed.iter().map(|&(_, position)| position).min();
            let first_at_best =
                placed.iter().filter(|&&(_, position)| Some(position) == best).map(|&(day, _)| day).min();
            prop_assert_eq!(history.peak, best.zip(first_at_best));
            prop_assert!(history.points.windows(2).all(|pair| pair[0].day < pair[1].day));
            prop_assert!(history.weeks_on_chart <= history.days_on_chart);
        }

        #[test]
        fn with_every_day_present_the_weekly_delta_is_the_plain_difference(
            values in prop::collection::vec(0_u64..1_000_000_000_000, 1..30),
        ) {
            let rows: Vec<(i64, u64)> = (0..).zip(values.iter().copied()).collect();
            let changes = count_changes(&counts(&rows));
            for (index, change) in changes.iter().enumerate() {
                let expected = index.checked_sub(7).map(|week_ago| values[index] as i64 - values[week_ago] as i64);
                prop_assert_eq!(change.weekly_delta, expected);
            }
        }

        #[test]
        fn daily_deltas_of_a_series_without_gaps_sum_to_its_change(
            values in prop::collection::vec(0_u64..1_000_000_000_000, 1..30),
        ) {
            let rows: Vec<(i64, u64)> = (0..).zip(values.iter().copied()).collect();
            let changes = count_changes(&counts(&rows));
            let sum: f64 = changes.iter().filter_map(|change| change.daily_delta).sum();
            prop_assert_eq!(sum, values[values.len() - 1] as f64 - values[0] as f64);
            prop_assert!(changes.iter().skip(1).all(|change| change.gap_days == 1));
        }
    }
}
