//! A merged chart's other orders, by the plays and views the counting services report rather than by chart
//! positions: trending (the weekly change in per cent, fastest growing first) and total plays (most first).

use std::cmp::Ordering;

use super::{ChartService, CountPoint, count_changes};
use crate::Day;

/// How a merged chart's rows are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChartOrder {
    /// By the ranking method's score.
    #[default]
    Ranking,
    /// By the weekly change of plays and views in per cent, fastest growing first.
    Trending,
    /// By plays and views counted up to the day, most first.
    TotalPlays,
}

impl ChartOrder {
    pub const ALL: [ChartOrder; 3] = [ChartOrder::Ranking, ChartOrder::Trending, ChartOrder::TotalPlays];

    /// The code used in addresses.
    pub fn code(self) -> &'static str {
        match self {
            ChartOrder::Ranking => "ranking",
            ChartOrder::Trending => "trending",
            ChartOrder::TotalPlays => "plays",
        }
    }

    pub fn parse(code: &str) -> Option<ChartOrder> {
        ChartOrder::ALL.into_iter().find(|order| order.code() == code)
    }

    /// The order a page or the API was asked for: the default when none, else its code, or what is wrong in words.
    pub fn read(code: Option<&str>) -> Result<ChartOrder, String> {
        match code.map(str::trim).filter(|code| !code.is_empty()) {
            None => Ok(ChartOrder::default()),
            Some(code) => ChartOrder::parse(code).ok_or_else(|| {
                let known: Vec<&str> = ChartOrder::ALL.iter().map(|order| order.code()).collect();
                format!("not an order (one of {})", known.join(", "))
            }),
        }
    }

    /// The order's name on the chart page's picker.
    pub fn name(self) -> &'static str {
        match self {
            ChartOrder::Ranking => "Ranking",
            ChartOrder::Trending => "Trending",
            ChartOrder::TotalPlays => "Total plays",
        }
    }

    /// How the order is made, in one sentence for the chart page.
    pub fn describe(self) -> &'static str {
        match self {
            ChartOrder::Ranking => "Ordered by the ranking method.",
            ChartOrder::Trending => {
                "Ordered by how much the plays and views counted for a track grew over the week, in per cent of what \
                 they were a week before, summed over the services that count it; tracks without a week of counts \
                 follow in ranking order."
            }
            ChartOrder::TotalPlays => {
                "Ordered by the plays and views counted for a track up to the day, summed over the services that \
                 count it (YouTube views, SoundCloud and Last.fm plays); tracks without counts follow in ranking \
                 order."
            }
        }
    }
}

/// A track's counts as of a day, summed over the services that report them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CountStanding {
    /// The latest count on or before the day, summed over services.
    pub plays: u64,
    /// The change over the week to the day, summed over the services that have a count a week before.
    pub weekly_delta: Option<i64>,
    /// `weekly_delta` in per cent of those services' counts a week before; None when they were 0 or unknown.
    pub weekly_change_percent: Option<f64>,
}

/// The standing on `day` of a track whose counts are `by_service`; None when no service counted it by then.
pub fn count_standing(by_service: &[(ChartService, Vec<CountPoint>)], day: Day) -> Option<CountStanding> {
    let mut standing: Option<CountStanding> = None;
    let (mut delta_sum, mut base_sum, mut any_delta) = (0i64, 0i64, false);
    for (_, points) in by_service {
        let upto: Vec<CountPoint> = points.iter().copied().filter(|point| point.day <= day).collect();
        let Some(latest) = count_changes(&upto).last().copied() else { continue };
        let current =
            standing.get_or_insert(CountStanding { plays: 0, weekly_delta: None, weekly_change_percent: None });
        current.plays = current.plays.saturating_add(latest.count);
        if let Some(delta) = latest.weekly_delta {
            any_delta = true;
            delta_sum = delta_sum.saturating_add(delta);
            base_sum = base_sum.saturating_add(i64::try_from(latest.count).unwrap_or(i64::MAX).saturating_sub(delta));
        }
    }
    standing.map(|mut standing| {
        if any_delta {
            standing.weekly_delta = Some(delta_sum);
            standing.weekly_change_percent = (base_sum > 0).then(|| delta_sum as f64 / base_sum as f64 * 100.0);
        }
        standing
    })
}

/// The order of rows (given in ranking order, with their standings) under `order`: indexes into `standings`.
/// Rows the order cannot judge keep their ranking order after those it can.
pub fn order_rows(standings: &[Option<CountStanding>], order: ChartOrder) -> Vec<usize> {
    let key = |index: usize| -> Option<f64> {
        let standing = standings[index]?;
        match order {
            ChartOrder::Ranking => None,
            ChartOrder::Trending => standing.weekly_change_percent,
            ChartOrder::TotalPlays => Some(standing.plays as f64),
        }
    };
    let mut indexes: Vec<usize> = (0..standings.len()).collect();
    if order == ChartOrder::Ranking {
        return indexes;
    }
    // A stable sort keeps the ranking order among equals and among the unjudged.
    indexes.sort_by(|&a, &b| match (key(a), key(b)) {
        (Some(a), Some(b)) => b.partial_cmp(&a).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    indexes
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(offset: i64) -> Day {
        Day::from_epoch_day(Day::parse("2026-12-01").unwrap().epoch_day() + offset).unwrap()
    }

    fn points(counts: &[(i64, u64)]) -> Vec<CountPoint> {
        counts.iter().map(|&(offset, count)| CountPoint { day: day(offset), count }).collect()
    }

    #[test]
    fn an_order_is_read_from_its_code_or_refused_in_words() {
        assert_eq!(ChartOrder::read(None), Ok(ChartOrder::Ranking));
        assert_eq!(ChartOrder::read(Some(" ")), Ok(ChartOrder::Ranking));
        assert_eq!(ChartOrder::read(Some("plays")), Ok(ChartOrder::TotalPlays));
        assert_eq!(ChartOrder::read(Some("loudest")), Err("not an order (one of ranking, trending, plays)".into()));
    }

    #[test]
    fn the_standing_sums_the_latest_counts_and_their_weekly_change() {
        let youtube = (ChartService::YouTube, points(&[(0, 1000), (7, 1500), (9, 9999)]));
        let lastfm = (ChartService::LastFm, points(&[(0, 500), (7, 500)]));
        let standing = count_standing(&[youtube, lastfm], day(7)).unwrap();
        assert_eq!(standing.plays, 2000, "a count after the day is not seen");
        assert_eq!(standing.weekly_delta, Some(500));
        assert_eq!(standing.weekly_change_percent, Some(500.0 / 1500.0 * 100.0));
        assert_eq!(count_standing(&[(ChartService::YouTube, points(&[(8, 1)]))], day(7)), None);
        let young = count_standing(&[(ChartService::SoundCloud, points(&[(6, 10)]))], day(7)).unwrap();
        assert_eq!((young.plays, young.weekly_delta, young.weekly_change_percent), (10, None, None));
    }

    #[test]
    fn trending_puts_the_fastest_growth_first_and_the_unjudged_last_in_ranking_order() {
        let standing =
            |plays, percent| Some(CountStanding { plays, weekly_delta: Some(1), weekly_change_percent: percent });
        let rows =
            [standing(100, Some(5.0)), None, standing(50, Some(40.0)), standing(900, None), standing(10, Some(5.0))];
        assert_eq!(order_rows(&rows, ChartOrder::Trending), [2, 0, 4, 1, 3]);
        assert_eq!(order_rows(&rows, ChartOrder::TotalPlays), [3, 0, 2, 4, 1]);
        assert_eq!(order_rows(&rows, ChartOrder::Ranking), [0, 1, 2, 3, 4]);
    }

    proptest! {
        #[test]
        fn every_order_is_a_permutation_that_keeps_ranking_order_among_the_unjudged(
            rows in proptest::collection::vec(proptest::option::of((0u64..1000, proptest::option::of(-50.0f64..500.0))), 0..40),
            order in proptest::sample::select(ChartOrder::ALL.to_vec()),
        ) {
            let standings: Vec<Option<CountStanding>> = rows
                .iter()
                .map(|row| row.map(|(plays, percent)| CountStanding { plays, weekly_delta: None, weekly_change_percent: percent }))
                .collect();
            let ordered = order_rows(&standings, order);
            let mut sorted = ordered.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, (0..standings.len()).collect::<Vec<_>>());
            let judged = |index: usize| match order {
                ChartOrder::Ranking => false,
                ChartOrder::Trending => standings[index].and_then(|s| s.weekly_change_percent).is_some(),
                ChartOrder::TotalPlays => standings[index].is_some(),
            };
            let unjudged: Vec<usize> = ordered.iter().copied().filter(|index| !judged(*index)).collect();
            prop_assert!(unjudged.windows(2).all(|pair| pair[0] < pair[1]));
            let first_unjudged = ordered.iter().position(|index| !judged(*index)).unwrap_or(ordered.len());
            prop_assert!(ordered[first_unjudged..].iter().all(|index| !judged(*index)));
        }
    }
}
