//! The date range a history dashboard covers: whole UTC days from one day to another, either end open. It travels in
//! links as `from=YYYY-MM-DD&to=YYYY-MM-DD`, so a GET form chooses it and every view has an address.

use serde::{Deserialize, Serialize};

use crate::day::Day;

/// Days `from` to `to`, both included; an open end reaches the first or the latest play.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HistoryRange {
    from: Option<Day>,
    to: Option<Day>,
}

/// Why a range was refused, naming the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RangeProblem {
    #[error("`{text}` is not a date written as YYYY-MM-DD")]
    NotADay { field: &'static str, text: String },
    #[error("the range ends ({to}) before it starts ({from})")]
    Reversed { from: Day, to: Day },
}

impl RangeProblem {
    /// The address field the problem is in.
    pub fn field(&self) -> &'static str {
        match self {
            RangeProblem::NotADay { field, .. } => field,
            RangeProblem::Reversed { .. } => "to",
        }
    }
}

impl HistoryRange {
    /// All of the history.
    pub const ALL: HistoryRange = HistoryRange { from: None, to: None };

    /// Reads the `from` and `to` fields; an empty or missing one leaves that end open.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<HistoryRange, RangeProblem> {
        let day = |field: &'static str, text: Option<&str>| match text.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => Day::parse(text)
                .map(Some)
                .ok_or_else(|| RangeProblem::NotADay { field, text: text.chars().take(40).collect() }),
        };
        HistoryRange::new(day("from", from)?, day("to", to)?)
    }

    pub fn new(from: Option<Day>, to: Option<Day>) -> Result<HistoryRange, RangeProblem> {
        match (from, to) {
            (Some(from), Some(to)) if to < from => Err(RangeProblem::Reversed { from, to }),
            _ => Ok(HistoryRange { from, to }),
        }
    }

    /// The whole of a calendar year.
    pub fn year(year: u16) -> Option<HistoryRange> {
        let first = Day::parse(&format!("{year:04}-01-01"))?;
        let last = Day::parse(&format!("{year:04}-12-31"))?;
        Some(HistoryRange { from: Some(first), to: Some(last) })
    }

    pub fn from(self) -> Option<Day> {
        self.from
    }

    pub fn to(self) -> Option<Day> {
        self.to
    }

    pub fn is_all(self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// The first instant in the range (seconds since 1970, UTC), if it has a start.
    pub fn start_unix(self) -> Option<i64> {
        self.from.map(Day::unix_start)
    }

    /// The first instant after the range, if it has an end.
    pub fn end_unix(self) -> Option<i64> {
        self.to.map(Day::unix_end)
    }

    /// Whether the instant `unix_seconds` lies in the range.
    pub fn holds(self, unix_seconds: i64) -> bool {
        self.start_unix().is_none_or(|start| unix_seconds >= start)
            && self.end_unix().is_none_or(|end| unix_seconds < end)
    }

    /// The range as query fields (`from=…&to=…`, open ends left out); empty for all of the history.
    pub fn query(self) -> String {
        let fields: Vec<String> = [("from", self.from), ("to", self.to)]
            .into_iter()
            .filter_map(|(name, day)| day.map(|day| format!("{name}={day}")))
            .collect();
        fields.join("&")
    }

    /// The range in words: "all of your history", "2024", "2024-03-01 to 2024-03-31", "since …", "until …".
    pub fn describe(self) -> String {
        match (self.from, self.to) {
            (None, None) => "all of your history".to_owned(),
            (Some(from), Some(to))
                if from.year() == to.year()
                    && (from.month(), from.day()) == (1, 1)
                    && (to.month(), to.day()) == (12, 31) =>
            {
                from.year().to_string()
            }
            (Some(from), Some(to)) if from == to => from.to_string(),
            (Some(from), Some(to)) => format!("{from} to {to}"),
            (Some(from), None) => format!("since {from}"),
            (None, Some(to)) => format!("until {to}"),
        }
    }

    /// A name for files: `all`, `2024`, `2024-03-01-to-2024-03-31`, `since-…`, `until-…`.
    pub fn file_part(self) -> String {
        match (self.from, self.to) {
            (None, None) => "all".to_owned(),
            _ => self.describe().replace(' ', "-"),
        }
    }
}
