//! How long a job waits before its next attempt after a transient failure: exponential growth with "equal jitter".
//!
//! The ceiling for attempt `n` is `min(cap, base · 2ⁿ⁻¹)`; the wait is drawn uniformly from its upper half. The fixed
//! half keeps the waits growing while the ceiling is below the cap (attempt `n + 1` never waits less than attempt
//! `n`); the random half spreads out jobs that failed together, so they do not all retry in the same instant.

use std::time::Duration;

use rand::Rng;

/// Retry backoff: the first retry waits between `base / 2` and `base`, each further one up to twice as long, never
/// more than `cap`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { base: Duration::from_secs(10), cap: Duration::from_secs(60 * 60) }
    }
}

impl Backoff {
    /// The wait after failed attempt `attempt` (from 1).
    pub fn delay(&self, attempt: i32) -> Duration {
        self.delay_with(attempt, &mut rand::rng())
    }

    /// [`Backoff::delay`] drawing from `rng`.
    pub fn delay_with(&self, attempt: i32, rng: &mut impl Rng) -> Duration {
        let ceiling = self.ceiling(attempt);
        ceiling.mul_f64(0.5 + 0.5 * rng.random::<f64>())
    }

    /// The longest wait after failed attempt `attempt`.
    pub fn ceiling(&self, attempt: i32) -> Duration {
        let doublings = attempt.saturating_sub(1).clamp(0, 62);
        let grown = self.base.as_secs_f64() * 2f64.powi(doublings);
        // Capping in seconds first keeps the value finite, so the conversion back cannot fail.
        Duration::from_secs_f64(grown.min(self.cap.as_secs_f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BACKOFF: Backoff = Backoff { base: Duration::from_millis(100), cap: Duration::from_secs(5) };

    #[test]
    fn waits_stay_in_the_upper_half_of_a_doubling_ceiling() {
        for attempt in 1..=10 {
            let ceiling = BACKOFF.ceiling(attempt);
            for _ in 0..200 {
                let delay = BACKOFF.delay(attempt);
                assert!(delay >= ceiling / 2 && delay <= ceiling, "attempt {attempt}: {delay:?} vs {ceiling:?}");
            }
        }
        assert_eq!(BACKOFF.ceiling(1), Duration::from_millis(100));
        assert_eq!(BACKOFF.ceiling(4), Duration::from_millis(800));
    }

    #[test]
    fn ceiling_stops_at_the_cap_even_for_absurd_attempt_counts() {
        assert_eq!(BACKOFF.ceiling(7), Duration::from_secs(5));
        assert_eq!(BACKOFF.ceiling(i32::MAX), Duration::from_secs(5));
        assert_eq!(BACKOFF.ceiling(0), Duration::from_millis(100));
        assert_eq!(BACKOFF.ceiling(-3), Duration::from_millis(100));
    }

    #[test]
    fn waits_never_shrink_from_one_attempt_to_the_next_below_the_cap() {
        for _ in 0..200 {
            let waits: Vec<Duration> = (1..=6).map(|attempt| BACKOFF.delay(attempt)).collect();
            assert!(waits.windows(2).all(|pair| pair[0] <= pair[1]), "{waits:?}");
        }
    }

    #[test]
    fn jitter_spreads_jobs_that_failed_together() {
        let mut waits: Vec<Duration> = (0..50).map(|_| BACKOFF.delay(3)).collect();
        waits.sort();
        waits.dedup();
        assert!(waits.len() > 40, "only {} distinct waits out of 50", waits.len());
    }
}
