//! How long to wait before trying again: exponential backoff with jitter, and `Retry-After` handling.

use std::time::Duration;

use rand::Rng;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use time::OffsetDateTime;

use crate::config::RetryPolicy;

/// The pause after the `failed_attempts`-th server error or timeout: `base · 2^(n-1)` capped at `backoff_max`, then
/// jittered into its upper half so callers that failed together do not retry together.
pub(crate) fn backoff_delay(policy: &RetryPolicy, failed_attempts: u32) -> Duration {
    let exponent = failed_attempts.saturating_sub(1).min(16);
    let ceiling = policy.backoff_base.saturating_mul(1 << exponent).min(policy.backoff_max);
    let half = ceiling / 2;
    half + jitter(ceiling - half)
}

/// The pause for a `Retry-After` of `wait`: the wait itself plus up to a tenth of it (at least 50 ms, at most 1 s).
pub(crate) fn rate_limit_delay(wait: Duration) -> Duration {
    let spread = (wait / 10).clamp(Duration::from_millis(50), Duration::from_secs(1));
    wait + jitter(spread)
}

fn jitter(up_to: Duration) -> Duration {
    let micros = u64::try_from(up_to.as_micros()).unwrap_or(u64::MAX);
    if micros == 0 {
        return Duration::ZERO;
    }
    Duration::from_micros(rand::rng().random_range(0..=micros))
}

/// The `Retry-After` header as a duration (Spotify sends whole seconds).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    value.parse::<u64>().ok().map(Duration::from_secs)
}

/// The wall-clock time `wait` from now, for `RateLimited { retry_at }`.
pub(crate) fn retry_at(wait: Duration) -> OffsetDateTime {
    OffsetDateTime::now_utc() + wait
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_stays_within_bounds() {
        let policy = RetryPolicy {
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(500),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = backoff_delay(&policy, 1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let third = backoff_delay(&policy, 3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400), "{third:?}");
            let tenth = backoff_delay(&policy, 10);
            assert!(tenth >= Duration::from_millis(250) && tenth <= Duration::from_millis(500), "{tenth:?}");
        }
    }

    #[test]
    fn rate_limit_delay_adds_small_jitter() {
        for _ in 0..50 {
            let delay = rate_limit_delay(Duration::from_secs(2));
            assert!(delay >= Duration::from_secs(2) && delay <= Duration::from_millis(2200), "{delay:?}");
            let long = rate_limit_delay(Duration::from_secs(100));
            assert!(long <= Duration::from_secs(101), "{long:?}");
        }
    }

    #[test]
    fn retry_after_reads_seconds() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, "86400".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(86_400)));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
