//! The sandbox's injectable clock: real elapsed time plus whatever tests add with `advance`.
//!
//! Token expiry, the six-month refresh-token limit, authorization-code expiry, rate-limit windows, player
//! progress and `played_at` all read this clock, so a test can jump hours or months ahead in no time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// A clock that starts at a chosen instant, runs at real speed and can be moved forward.
#[derive(Debug)]
pub struct Clock {
    start: OffsetDateTime,
    started: Instant,
    advanced_ms: AtomicU64,
}

impl Clock {
    /// A clock reading `start` now.
    pub fn starting_at(start: OffsetDateTime) -> Self {
        Self { start, started: Instant::now(), advanced_ms: AtomicU64::new(0) }
    }

    /// The current sandbox time.
    pub fn now(&self) -> OffsetDateTime {
        let advanced = Duration::from_millis(self.advanced_ms.load(Ordering::Relaxed));
        self.start + self.started.elapsed() + advanced
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let millis = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.advanced_ms.fetch_add(millis, Ordering::Relaxed);
    }
}

/// Milliseconds since the Unix epoch, the unit of Spotify's play-history cursors.
pub fn unix_millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// RFC 3339 in UTC with whole seconds (`2026-03-01T12:00:00Z`), as Spotify writes `added_at`.
pub fn format_seconds(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// RFC 3339 in UTC with milliseconds (`2026-03-01T12:00:00.123Z`), as Spotify writes `played_at`.
pub fn format_millis(at: OffsetDateTime) -> String {
    let seconds = format_seconds(at);
    let stem = seconds.trim_end_matches('Z');
    format!("{stem}.{:03}Z", at.millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn advancing_moves_now_forward() {
        let clock = Clock::starting_at(datetime!(2026-01-01 0:00 UTC));
        clock.advance(Duration::from_secs(3600));
        let now = clock.now();
        assert!(now >= datetime!(2026-01-01 1:00 UTC) && now < datetime!(2026-01-01 1:01 UTC));
    }

    #[test]
    fn formats_like_spotify() {
        let at = datetime!(2026-03-01 12:00:05.123 UTC);
        assert_eq!(format_seconds(at), "2026-03-01T12:00:05Z");
        assert_eq!(format_millis(at), "2026-03-01T12:00:05.123Z");
        assert_eq!(unix_millis(at), 1_772_366_405_123);
    }
}
