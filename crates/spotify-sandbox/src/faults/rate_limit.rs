//! Rolling request windows per client: Spotify's 30-second window per app, and the enrichment providers' own
//! windows per caller address.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use time::OffsetDateTime;

/// Length of Spotify's rolling rate-limit window.
const WINDOW: Duration = Duration::from_secs(30);

/// The admitted requests of each client within the last window.
#[derive(Debug)]
pub(crate) struct RateWindows {
    window: Duration,
    by_client: HashMap<String, VecDeque<OffsetDateTime>>,
}

impl Default for RateWindows {
    fn default() -> Self {
        Self::with_window(WINDOW)
    }
}

impl RateWindows {
    /// Windows of `window` rather than Spotify's 30 seconds.
    pub(crate) fn with_window(window: Duration) -> Self {
        Self { window, by_client: HashMap::new() }
    }

    /// Admits a request from `client_id` at `now`, or returns the whole seconds until the oldest admitted request
    /// leaves the window. Refused requests are not recorded, so waiting out `Retry-After` always helps.
    pub(crate) fn admit(&mut self, client_id: &str, now: OffsetDateTime, per_window: u32) -> Result<(), u64> {
        let length = self.window;
        let window = self.by_client.entry(client_id.to_owned()).or_default();
        while window.front().is_some_and(|oldest| *oldest + length <= now) {
            window.pop_front();
        }
        if window.len() < per_window as usize {
            window.push_back(now);
            return Ok(());
        }
        let oldest = window.front().copied().unwrap_or(now);
        let wait = (oldest + length - now).as_seconds_f64().ceil().max(1.0);
        Err(wait as u64)
    }

    /// Forgets every window (when the limit is changed).
    pub(crate) fn clear(&mut self) {
        self.by_client.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn refuses_until_the_oldest_request_leaves_the_window() {
        let mut windows = RateWindows::default();
        let t0 = datetime!(2026-01-01 0:00 UTC);
        assert_eq!(windows.admit("app", t0, 2), Ok(()));
        assert_eq!(windows.admit("app", t0 + Duration::from_secs(10), 2), Ok(()));
        assert_eq!(windows.admit("app", t0 + Duration::from_secs(12), 2), Err(18));
        assert_eq!(windows.admit("other", t0 + Duration::from_secs(12), 2), Ok(()));
        assert_eq!(windows.admit("app", t0 + Duration::from_secs(30), 2), Ok(()));
    }
}
