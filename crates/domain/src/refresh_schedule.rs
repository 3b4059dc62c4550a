//! When a smart playlist refreshes by itself: never, every hour at a minute, every day at a time, or every week on a
//! day at a time. Times are UTC (Crossfade keeps no time zone per user yet), and the next run is worked out from
//! any instant without a clock, so a test can move time wherever it likes.

use std::fmt;

use serde::{Deserialize, Serialize};

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A smart playlist's schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum RefreshSchedule {
    #[default]
    Never,
    /// At this minute of every hour.
    Hourly { minute: u8 },
    /// At this minute of every day (0 = 00:00).
    Daily { minute_of_day: u16 },
    /// On this weekday (0 = Monday) at this minute of the day.
    Weekly { weekday: u8, minute_of_day: u16 },
}

/// Why a schedule's form was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleProblem {
    #[error("choose how often: never, hourly, daily or weekly")]
    Kind,
    #[error("a time is written HH:MM, from 00:00 to 23:59")]
    Time,
    #[error("the minute past the hour is a number from 0 to 59")]
    Minute,
    #[error("choose a day of the week")]
    Weekday,
}

impl RefreshSchedule {
    /// Reads the schedule form: `kind` (never, hourly, daily, weekly), `time` ("07:30", or the minute for hourly)
    /// and `weekday` (monday … sunday).
    pub fn parse(kind: &str, time: &str, weekday: &str) -> Result<RefreshSchedule, ScheduleProblem> {
        let minute_of_day = || -> Result<u16, ScheduleProblem> {
            let (hours, minutes) = time.trim().split_once(':').ok_or(ScheduleProblem::Time)?;
            let hours: u16 = hours.parse().map_err(|_| ScheduleProblem::Time)?;
            let minutes: u16 = minutes.parse().map_err(|_| ScheduleProblem::Time)?;
            if hours > 23 || minutes > 59 || time.trim().len() > 5 {
                return Err(ScheduleProblem::Time);
            }
            Ok(hours * 60 + minutes)
        };
        match kind.trim() {
            "never" | "" => Ok(RefreshSchedule::Never),
            "hourly" => {
                let minute = time.trim().trim_start_matches(':');
                let minute =
                    if minute.is_empty() { Ok(0) } else { minute.parse::<u8>().map_err(|_| ScheduleProblem::Minute) }?;
                if minute > 59 {
                    return Err(ScheduleProblem::Minute);
                }
                Ok(RefreshSchedule::Hourly { minute })
            }
            "daily" => Ok(RefreshSchedule::Daily { minute_of_day: minute_of_day()? }),
            "weekly" => {
                let weekday = WEEKDAYS
                    .iter()
                    .position(|name| name.eq_ignore_ascii_case(weekday.trim()))
                    .ok_or(ScheduleProblem::Weekday)? as u8;
                Ok(RefreshSchedule::Weekly { weekday, minute_of_day: minute_of_day()? })
            }
            _ => Err(ScheduleProblem::Kind),
        }
    }

    /// The form's values for this schedule: (kind, time, weekday).
    pub fn form_values(self) -> (&'static str, String, &'static str) {
        let time = |minute_of_day: u16| format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60);
        match self {
            RefreshSchedule::Never => ("never", "07:00".to_owned(), "Monday"),
            RefreshSchedule::Hourly { minute } => ("hourly", minute.to_string(), "Monday"),
            RefreshSchedule::Daily { minute_of_day } => ("daily", time(minute_of_day), "Monday"),
            RefreshSchedule::Weekly { weekday, minute_of_day } => {
                ("weekly", time(minute_of_day), WEEKDAYS[usize::from(weekday.min(6))])
            }
        }
    }

    /// The first run strictly after `after` (seconds since 1970, UTC); None for a schedule that never runs.
    pub fn next_after(self, after: i64) -> Option<i64> {
        let (period, offset) = match self {
            RefreshSchedule::Never => return None,
            RefreshSchedule::Hourly { minute } => (3_600, i64::from(minute) * 60),
            RefreshSchedule::Daily { minute_of_day } => (86_400, i64::from(minute_of_day) * 60),
            // 1970-01-01 was a Thursday, so Monday 00:00 is three days after the epoch's week starts.
            RefreshSchedule::Weekly { weekday, minute_of_day } => {
                (7 * 86_400, ((i64::from(weekday) + 4) % 7) * 86_400 + i64::from(minute_of_day) * 60)
            }
        };
        let cycles = (after - offset).div_euclid(period) + 1;
        Some(cycles * period + offset)
    }

    pub fn is_never(self) -> bool {
        self == RefreshSchedule::Never
    }

    /// Codes and numbers as stored: (kind, minute, weekday).
    pub fn stored(self) -> (&'static str, Option<i16>, Option<i16>) {
        match self {
            RefreshSchedule::Never => ("never", None, None),
            RefreshSchedule::Hourly { minute } => ("hourly", Some(i16::from(minute)), None),
            RefreshSchedule::Daily { minute_of_day } => ("daily", Some(minute_of_day as i16), None),
            RefreshSchedule::Weekly { weekday, minute_of_day } => {
                ("weekly", Some(minute_of_day as i16), Some(i16::from(weekday)))
            }
        }
    }

    /// The schedule from what [`RefreshSchedule::stored`] wrote; anything else is `Never`.
    pub fn from_stored(kind: &str, minute: Option<i16>, weekday: Option<i16>) -> RefreshSchedule {
        let minute = minute.and_then(|minute| u16::try_from(minute).ok());
        match (kind, minute, weekday.and_then(|day| u8::try_from(day).ok())) {
            ("hourly", Some(minute), _) if minute < 60 => RefreshSchedule::Hourly { minute: minute as u8 },
            ("daily", Some(minute_of_day), _) if minute_of_day < 1440 => RefreshSchedule::Daily { minute_of_day },
            ("weekly", Some(minute_of_day), Some(weekday)) if minute_of_day < 1440 && weekday < 7 => {
                RefreshSchedule::Weekly { weekday, minute_of_day }
            }
            _ => RefreshSchedule::Never,
        }
    }
}

impl fmt::Display for RefreshSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = |minute_of_day: u16| format!("{:02}:{:02} UTC", minute_of_day / 60, minute_of_day % 60);
        match *self {
            RefreshSchedule::Never => f.write_str("Only when you apply it"),
            RefreshSchedule::Hourly { minute } => write!(f, "Every hour at {minute} minutes past"),
            RefreshSchedule::Daily { minute_of_day } => write!(f, "Every day at {}", time(minute_of_day)),
            RefreshSchedule::Weekly { weekday, minute_of_day } => {
                write!(f, "Every {} at {}", WEEKDAYS[usize::from(weekday.min(6))], time(minute_of_day))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::Day;

    #[test]
    fn schedules_read_from_the_form_and_describe_themselves() {
        let daily = RefreshSchedule::parse("daily", "07:30", "").unwrap();
        assert_eq!(daily.to_string(), "Every day at 07:30 UTC");
        let weekly = RefreshSchedule::parse("weekly", "18:05", "friday").unwrap();
        assert_eq!(weekly.to_string(), "Every Friday at 18:05 UTC");
        assert_eq!(RefreshSchedule::parse("hourly", "15", "").unwrap().to_string(), "Every hour at 15 minutes past");
        assert_eq!(RefreshSchedule::parse("daily", "24:00", ""), Err(ScheduleProblem::Time));
        assert_eq!(RefreshSchedule::parse("weekly", "10:00", "someday"), Err(ScheduleProblem::Weekday));
        assert_eq!(RefreshSchedule::parse("monthly", "", ""), Err(ScheduleProblem::Kind));
        assert_eq!(RefreshSchedule::parse("hourly", "75", ""), Err(ScheduleProblem::Minute));
    }

    #[test]
    fn next_runs_fall_where_the_schedule_says() {
        // Wednesday 2026-12-02 10:00 UTC.
        let now = Day::parse("2026-12-02").unwrap().unix_start() + 10 * 3_600;
        let daily = RefreshSchedule::Daily { minute_of_day: 7 * 60 + 30 };
        assert_eq!(daily.next_after(now), Some(Day::parse("2026-12-03").unwrap().unix_start() + 7 * 3_600 + 1_800));
        let friday = RefreshSchedule::Weekly { weekday: 4, minute_of_day: 18 * 60 };
        assert_eq!(friday.next_after(now), Some(Day::parse("2026-12-04").unwrap().unix_start() + 18 * 3_600));
        let monday = RefreshSchedule::Weekly { weekday: 0, minute_of_day: 0 };
        assert_eq!(monday.next_after(now), Some(Day::parse("2026-12-07").unwrap().unix_start()));
        assert_eq!(RefreshSchedule::Hourly { minute: 0 }.next_after(now), Some(now + 3_600));
        assert_eq!(RefreshSchedule::Never.next_after(now), None);
    }

    fn schedule() -> impl Strategy<Value = RefreshSchedule> {
        prop_oneof![
            Just(RefreshSchedule::Never),
            (0u8..60).prop_map(|minute| RefreshSchedule::Hourly { minute }),
            (0u16..1440).prop_map(|minute_of_day| RefreshSchedule::Daily { minute_of_day }),
            (0u8..7, 0u16..1440)
                .prop_map(|(weekday, minute_of_day)| RefreshSchedule::Weekly { weekday, minute_of_day }),
        ]
    }

    proptest! {
        #[test]
        fn the_next_run_is_the_first_matching_minute_after(schedule in schedule(), after in 0i64..4_000_000_000) {
            let Some(next) = schedule.next_after(after) else { return Ok(()) };
            prop_assert!(next > after);
            let period = match schedule {
                RefreshSchedule::Hourly { .. } => 3_600,
                RefreshSchedule::Daily { .. } => 86_400,
                _ => 7 * 86_400,
            };
            prop_assert!(next - after <= period);
            prop_assert_eq!(next % 60, 0);
            let day = Day::containing(next).unwrap();
            let minute_of_day = (next.rem_euclid(86_400) / 60) as u16;
            match schedule {
                RefreshSchedule::Hourly { minute } => prop_assert_eq!(minute_of_day % 60, u16::from(minute)),
                RefreshSchedule::Daily { minute_of_day: wanted } => prop_assert_eq!(minute_of_day, wanted),
                RefreshSchedule::Weekly { weekday, minute_of_day: wanted } => {
                    prop_assert_eq!(day.weekday(), weekday);
                    prop_assert_eq!(minute_of_day, wanted);
                }
                RefreshSchedule::Never => unreachable!(),
            }
        }

        #[test]
        fn stored_schedules_read_back(schedule in schedule()) {
            let (kind, minute, weekday) = schedule.stored();
            prop_assert_eq!(RefreshSchedule::from_stored(kind, minute, weekday), schedule);
            let (kind, time, weekday) = schedule.form_values();
            if !schedule.is_never() {
                prop_assert_eq!(RefreshSchedule::parse(kind, &time, weekday), Ok(schedule));
            }
        }
    }
}
