//! Injected faults (rate limiting, random server errors, scheduled errors, latency) and the gate that applies
//! them, counts every request per route and identifies the calling client app.

mod gate;
mod rate_limit;

use serde::{Deserialize, Serialize};

pub(crate) use gate::{api_gate, counted_gate};
pub(crate) use rate_limit::RateWindows;

/// Faults in force. The default injects nothing. Serialised as JSON by the admin API.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Rolling-window rate limiting per client app.
    pub rate_limit: Option<RateLimit>,
    /// Probability (0 to 1) that an API request is answered with one of `error_statuses`.
    pub error_probability: f64,
    /// Statuses drawn for random errors; empty means 500, 502 and 503.
    pub error_statuses: Vec<u16>,
    /// Errors answered to the next matching requests, in order.
    pub scheduled: Vec<ScheduledFault>,
    /// Delay added to every API request, in milliseconds.
    pub latency_ms: u64,
}

/// Rate limiting over a rolling 30-second window per client app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    /// Requests admitted per client app in any 30-second window.
    pub requests_per_window: u32,
    /// `Retry-After` to announce instead of the real wait (e.g. 86400 for a day-long ban).
    #[serde(default)]
    pub retry_after_override_secs: Option<u64>,
    /// The body of the 429 answer.
    #[serde(default)]
    pub body: RateLimitBody,
}

/// The body Spotify sends with a 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateLimitBody {
    /// `Too many requests` as text/plain.
    #[default]
    PlainText,
    /// A JSON error with `"reason":"QUOTA_EXCEEDED"` (the per-developer quota).
    QuotaExceeded,
}

/// An error answered to the next `count` requests that match `route`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledFault {
    /// `METHOD /route/template` as in the counters, e.g. `POST /v1/playlists/{playlist_id}/items`; `None` = any.
    #[serde(default)]
    pub route: Option<String>,
    /// The HTTP status to answer.
    pub status: u16,
    /// How many requests get this answer.
    #[serde(default = "one")]
    pub count: u32,
    /// Apply the request first and answer the error afterwards: an ambiguous write.
    #[serde(default)]
    pub after_effect: bool,
}

fn one() -> u32 {
    1
}

impl Faults {
    /// The statuses random errors are drawn from.
    pub(crate) fn random_statuses(&self) -> Vec<u16> {
        if self.error_statuses.is_empty() { vec![500, 502, 503] } else { self.error_statuses.clone() }
    }

    /// Takes one use of the first scheduled fault matching `route`, if any.
    pub(crate) fn take_scheduled(&mut self, route: &str) -> Option<ScheduledFault> {
        let index = self
            .scheduled
            .iter()
            .position(|fault| fault.count > 0 && fault.route.as_deref().is_none_or(|wanted| wanted == route))?;
        let fault = &mut self.scheduled[index];
        fault.count -= 1;
        let taken = fault.clone();
        if fault.count == 0 {
            self.scheduled.remove(index);
        }
        Some(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_faults_are_used_up_in_order() {
        let mut faults = Faults {
            scheduled: vec![
                ScheduledFault { route: Some("GET /v1/me".into()), status: 503, count: 2, after_effect: false },
                ScheduledFault { route: None, status: 500, count: 1, after_effect: true },
            ],
            ..Faults::default()
        };
        assert_eq!(faults.take_scheduled("GET /v1/me/tracks").map(|f| f.status), Some(500));
        assert_eq!(faults.take_scheduled("GET /v1/me").map(|f| f.status), Some(503));
        assert_eq!(faults.take_scheduled("GET /v1/me").map(|f| f.status), Some(503));
        assert_eq!(faults.take_scheduled("GET /v1/me"), None);
    }

    #[test]
    fn partial_json_fills_defaults() {
        let faults: Faults = serde_json::from_str(
            r#"{"rate_limit":{"requests_per_window":3,"body":"quota_exceeded"},"scheduled":[{"status":502}]}"#,
        )
        .unwrap();
        assert_eq!(faults.rate_limit.as_ref().map(|r| r.body), Some(RateLimitBody::QuotaExceeded));
        assert_eq!(faults.scheduled[0].count, 1);
        assert_eq!(faults.random_statuses(), vec![500, 502, 503]);
    }
}
