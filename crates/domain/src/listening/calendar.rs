//! The history over the calendar: days, weeks, months and years; the hour of day × weekday grid; skips by hour;
//! streaks of days; and the months in which tracks and artists were first heard.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{HistoryRange, ListenedHour, ListenedTrack};
use crate::day::Day;

/// Time listened in a day, week (named by its Monday), month (`YYYY-MM`) or year (`YYYY`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub label: String,
    pub plays: u64,
    pub ms: u64,
    pub skips: u64,
    pub episodes: u64,
    pub episode_ms: u64,
}

impl Period {
    fn add(&mut self, other: &Period) {
        self.plays += other.plays;
        self.ms += other.ms;
        self.skips += other.skips;
        self.episodes += other.episodes;
        self.episode_ms += other.episode_ms;
    }
}

/// One cell of the hour of day × weekday grid: song plays and their time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourOfWeek {
    /// 0 for Monday to 6 for Sunday.
    pub weekday: u8,
    /// 0 to 23 (UTC).
    pub hour: u8,
    pub plays: u64,
    pub ms: u64,
}

/// Song plays and skips in one hour of the day, over every day of the range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipsByHour {
    pub hour: u8,
    pub plays: u64,
    pub skips: u64,
}

impl SkipsByHour {
    pub fn rate(&self) -> Option<f64> {
        (self.plays > 0).then(|| self.skips as f64 / self.plays as f64)
    }
}

/// Days in a row with song plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streak {
    pub from: Day,
    pub to: Day,
    pub days: u64,
}

/// The longest streak of the range, and the latest (the one that ends on its last day with plays).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streaks {
    pub longest: Option<Streak>,
    pub latest: Option<Streak>,
}

/// Tracks and artists first heard (ever) in a month of the range.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discoveries {
    /// `YYYY-MM`.
    pub month: String,
    pub tracks: u64,
    pub artists: u64,
}

/// Each day with plays, in order.
pub(super) fn days(hours: &[ListenedHour]) -> Vec<Period> {
    let mut days: BTreeMap<Day, Period> = BTreeMap::new();
    for hour in hours {
        let Some(day) = Day::containing(hour.hour) else { continue };
        let period = days.entry(day).or_default();
        period.add(&Period {
            label: String::new(),
            plays: u64::from(hour.plays),
            ms: hour.ms,
            skips: u64::from(hour.skips),
            episodes: u64::from(hour.episodes),
            episode_ms: hour.episode_ms,
        });
    }
    days.into_iter()
        .filter(|(_, period)| period.plays > 0 || period.episodes > 0)
        .map(|(day, period)| Period { label: day.to_string(), ..period })
        .collect()
}

/// Days rolled up by the first `chars` of their label: 7 for months, 4 for years.
pub(super) fn rolled_up(days: &[Period], chars: usize) -> Vec<Period> {
    let mut rolled: BTreeMap<&str, Period> = BTreeMap::new();
    for day in days {
        rolled.entry(&day.label[..chars]).or_default().add(day);
    }
    rolled.into_iter().map(|(label, period)| Period { label: label.to_owned(), ..period }).collect()
}

/// Days rolled up by the Monday that starts their week.
pub(super) fn weeks(days: &[Period]) -> Vec<Period> {
    let mut weeks: BTreeMap<Day, Period> = BTreeMap::new();
    for day in days {
        let Some(monday) =
            Day::parse(&day.label).and_then(|day| Day::from_epoch_day(day.epoch_day() - i64::from(day.weekday())))
        else {
            continue;
        };
        weeks.entry(monday).or_default().add(day);
    }
    weeks.into_iter().map(|(monday, period)| Period { label: monday.to_string(), ..period }).collect()
}

pub(super) fn hours_of_week(hours: &[ListenedHour]) -> Vec<HourOfWeek> {
    let mut grid: Vec<HourOfWeek> =
        (0..7u8).flat_map(|weekday| (0..24u8).map(move |hour| HourOfWeek { weekday, hour, plays: 0, ms: 0 })).collect();
    for hour in hours {
        let Some(day) = Day::containing(hour.hour) else { continue };
        let of_day = hour.hour.rem_euclid(86_400) / 3600;
        let cell = &mut grid[usize::from(day.weekday()) * 24 + of_day as usize];
        cell.plays += u64::from(hour.plays);
        cell.ms += hour.ms;
    }
    grid
}

pub(super) fn skips_by_hour(hours: &[ListenedHour]) -> Vec<SkipsByHour> {
    let mut by_hour: Vec<SkipsByHour> = (0..24u8).map(|hour| SkipsByHour { hour, plays: 0, skips: 0 }).collect();
    for hour in hours {
        let entry = &mut by_hour[hour.hour.rem_euclid(86_400) as usize / 3600];
        entry.plays += u64::from(hour.plays);
        entry.skips += u64::from(hour.skips);
    }
    by_hour
}

/// Runs of consecutive days with song plays: the longest (the earliest of equals) and the latest.
pub(super) fn streaks(days: &[Period]) -> Streaks {
    let mut streaks = Streaks::default();
    let mut current: Option<Streak> = None;
    for day in days.iter().filter(|day| day.plays > 0).filter_map(|day| Day::parse(&day.label)) {
        current = Some(match current {
            Some(streak) if streak.to.epoch_day() + 1 == day.epoch_day() => {
                Streak { to: day, days: streak.days + 1, ..streak }
            }
            _ => Streak { from: day, to: day, days: 1 },
        });
        if let Some(streak) = current
            && streaks.longest.is_none_or(|longest| streak.days > longest.days)
        {
            streaks.longest = Some(streak);
        }
    }
    streaks.latest = current;
    streaks
}

/// Per month of the range: tracks whose first play ever falls in it, and artists whose first play of any of their
/// tracks does. `tracks` holds every track the user has played, so an artist heard before the range is not new.
pub(super) fn discoveries(tracks: &[ListenedTrack], range: HistoryRange) -> Vec<Discoveries> {
    let month_of = |at: i64| Day::containing(at).map(|day| format!("{:04}-{:02}", day.year(), day.month()));
    let mut months: BTreeMap<String, Discoveries> = BTreeMap::new();
    let mut artists_first: HashMap<(&str, &str), i64> = HashMap::new();
    for track in tracks {
        let Some(first) = track.first_played else { continue };
        for artist in &track.artists {
            let key = (artist.id.as_deref().unwrap_or(""), artist.name.as_str());
            let earliest = artists_first.entry(key).or_insert(first);
            *earliest = (*earliest).min(first);
        }
        if range.holds(first)
            && let Some(month) = month_of(first)
        {
            months.entry(month.clone()).or_insert_with(|| Discoveries { month, ..Discoveries::default() }).tracks += 1;
        }
    }
    for first in artists_first.into_values().filter(|first| range.holds(*first)) {
        if let Some(month) = month_of(first) {
            months.entry(month.clone()).or_insert_with(|| Discoveries { month, ..Discoveries::default() }).artists += 1;
        }
    }
    months.into_values().collect()
}
