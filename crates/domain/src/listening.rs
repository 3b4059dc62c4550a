//! Insights over the listening history in a date range: time listened per day, week, month and year; an hour of day
//! × weekday grid; top tracks, artists, albums, genres (a parent counting its subgenres) and labels; skips and skip
//! rates by track, artist and hour; listening sessions; streaks of days; discoveries per month; podcast time apart.
//!
//! The inputs are the history's read model (hourly totals, per-track totals, sessions), never raw plays, so a
//! dashboard over years of history reads thousands of rows rather than millions. Hours and days are UTC. Ties are
//! broken by name and key, so the figures do not depend on the order the rows arrive in.

mod calendar;
mod range;
mod tables;
mod tops;

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::genres::{GenreId, GenreTree};
use crate::insights::ArtistCredit;

pub use calendar::{Discoveries, HourOfWeek, Period, SkipsByHour, Streak, Streaks};
pub use range::{HistoryRange, RangeProblem};
pub use tables::{HistoryTable, instant_text};
pub use tops::Listened;

/// The path of the history dashboard, and where its tables download.
pub const HISTORY_INSIGHTS_PATH: &str = "/insights/history";
pub const HISTORY_EXPORT_PATH: &str = "/insights/history/export";

/// How many sessions the longest-sessions list keeps.
pub const LONGEST_SESSIONS: usize = 10;
/// Plays below which a track's or artist's skip rate is not ranked (one skip of one play says little).
pub const MIN_PLAYS_FOR_SKIP_RATE: u64 = 3;

/// One hour of the history (the read model's `listening_hours` row).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListenedHour {
    /// The hour's start, seconds since 1970 (UTC).
    pub hour: i64,
    pub plays: u32,
    /// The time the plays lasted, where they report it.
    pub ms: u64,
    pub skips: u32,
    /// Plays that do not say how long they lasted (recently played does not).
    pub unmeasured: u32,
    pub episodes: u32,
    pub episode_ms: u64,
}

/// One track the user played, with its totals in the range and its first and last play ever.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListenedTrack {
    pub track_id: String,
    pub title: String,
    pub artists: Vec<ArtistCredit>,
    /// The album's Spotify id where the catalog knows it, and its name.
    pub album: Option<(Option<String>, String)>,
    pub genres: Vec<GenreId>,
    /// The label as shown, and the key its spellings group under.
    pub label: Option<(String, String)>,
    /// Plays, time and skips in the range (zero for a track heard only outside it).
    pub plays: u32,
    pub ms: u64,
    pub skips: u32,
    /// Its first and last play of all (seconds since 1970).
    pub first_played: Option<i64>,
    pub last_played: Option<i64>,
}

/// A listening session (the read model's `listening_sessions` row).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListeningSession {
    /// Seconds since 1970.
    pub started: i64,
    pub ended: i64,
    pub plays: u32,
    pub ms: u64,
}

impl ListeningSession {
    pub fn seconds(&self) -> i64 {
        self.ended - self.started
    }
}

/// The history in the range, as the read model holds it.
#[derive(Clone, Debug, Default)]
pub struct HistoryRows {
    pub hours: Vec<ListenedHour>,
    pub tracks: Vec<ListenedTrack>,
    pub sessions: Vec<ListeningSession>,
}

/// Totals over the range.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListeningTotals {
    pub plays: u64,
    pub ms: u64,
    pub skips: u64,
    pub unmeasured: u64,
    pub episodes: u64,
    pub episode_ms: u64,
    /// Days with at least one song play.
    pub days_listened: u64,
    /// Different tracks and artists played.
    pub tracks: u64,
    pub artists: u64,
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
}

impl ListeningTotals {
    /// Skips per play, when anything was played.
    pub fn skip_rate(&self) -> Option<f64> {
        (self.plays > 0).then(|| self.skips as f64 / self.plays as f64)
    }
}

/// Sessions in the range: how many, how long, and the longest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub count: u64,
    /// From each session's start to its end, summed.
    pub total_seconds: u64,
    pub mean_seconds: Option<f64>,
    /// Longest first.
    pub longest: Vec<ListeningSession>,
}

/// Every figure of the history dashboard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListeningReport {
    pub totals: ListeningTotals,
    /// Every day with song or episode plays, in order.
    pub days: Vec<Period>,
    /// Weeks (from Monday), months and years with plays, in order.
    pub weeks: Vec<Period>,
    pub months: Vec<Period>,
    pub years: Vec<Period>,
    /// 7 × 24 cells, Monday 00:00 first.
    pub hours_of_week: Vec<HourOfWeek>,
    /// 24 entries, midnight first.
    pub skips_by_hour: Vec<SkipsByHour>,
    pub top_tracks: Vec<Listened>,
    pub top_artists: Vec<Listened>,
    pub top_albums: Vec<Listened>,
    pub top_genres: Vec<Listened>,
    pub top_labels: Vec<Listened>,
    /// Most skips first, among tracks and artists played at least [`MIN_PLAYS_FOR_SKIP_RATE`] times.
    pub skipped_tracks: Vec<Listened>,
    pub skipped_artists: Vec<Listened>,
    pub sessions: SessionSummary,
    pub streaks: Streaks,
    /// Months of the range with tracks or artists heard for the first time ever.
    pub discoveries: Vec<Discoveries>,
}

impl ListeningReport {
    /// The figures of `rows` over `range` (rows outside the range are left out; tracks keep their totals as given).
    pub fn of(rows: &HistoryRows, range: HistoryRange, genres: &GenreTree) -> ListeningReport {
        let hours: Vec<ListenedHour> = rows.hours.iter().copied().filter(|hour| range.holds(hour.hour)).collect();
        let sessions: Vec<ListeningSession> =
            rows.sessions.iter().copied().filter(|session| range.holds(session.started)).collect();
        let played: Vec<&ListenedTrack> = rows.tracks.iter().filter(|track| track.plays > 0).collect();
        let days = calendar::days(&hours);
        let mut totals = ListeningTotals {
            plays: hours.iter().map(|hour| u64::from(hour.plays)).sum(),
            ms: hours.iter().map(|hour| hour.ms).sum(),
            skips: hours.iter().map(|hour| u64::from(hour.skips)).sum(),
            unmeasured: hours.iter().map(|hour| u64::from(hour.unmeasured)).sum(),
            episodes: hours.iter().map(|hour| u64::from(hour.episodes)).sum(),
            episode_ms: hours.iter().map(|hour| hour.episode_ms).sum(),
            days_listened: days.iter().filter(|day| day.plays > 0).count() as u64,
            tracks: played.len() as u64,
            artists: 0,
            first_day: days.first().and_then(|day| Day::parse(&day.label)),
            last_day: days.last().and_then(|day| Day::parse(&day.label)),
        };
        let top_artists = tops::artists(&played);
        totals.artists = top_artists.len() as u64;
        ListeningReport {
            totals,
            weeks: calendar::weeks(&days),
            months: calendar::rolled_up(&days, 7),
            years: calendar::rolled_up(&days, 4),
            streaks: calendar::streaks(&days),
            days,
            hours_of_week: calendar::hours_of_week(&hours),
            skips_by_hour: calendar::skips_by_hour(&hours),
            top_tracks: tops::top(tops::tracks(&played)),
            skipped_tracks: tops::most_skipped(tops::tracks(&played)),
            skipped_artists: tops::most_skipped(top_artists.clone()),
            top_artists: tops::top(top_artists),
            top_albums: tops::top(tops::albums(&played)),
            top_genres: tops::top(tops::genres(&played, genres)),
            top_labels: tops::top(tops::labels(&played)),
            sessions: session_summary(sessions),
            discoveries: calendar::discoveries(&rows.tracks, range),
        }
    }
}

fn session_summary(mut sessions: Vec<ListeningSession>) -> SessionSummary {
    let count = sessions.len() as u64;
    let total_seconds: u64 = sessions.iter().map(|session| session.seconds().max(0) as u64).sum();
    sessions.sort_by(|a, b| b.seconds().cmp(&a.seconds()).then(a.started.cmp(&b.started)));
    sessions.truncate(LONGEST_SESSIONS);
    SessionSummary {
        count,
        total_seconds,
        mean_seconds: (count > 0).then(|| total_seconds as f64 / count as f64),
        longest: sessions,
    }
}

#[cfg(test)]
mod tests;
