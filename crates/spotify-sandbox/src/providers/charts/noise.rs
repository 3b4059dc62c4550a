//! Cheap deterministic draws for the charts. A chart ranks thousands of tracks for every day of its history, so the
//! per-day draws mix a song's seed (one SHA-256 draw per song when the world is built) with the chart and the day
//! instead of hashing each anew.

use std::f64::consts::TAU;

/// The splitmix64 finaliser: a well-spread 64-bit value for each input.
pub(crate) fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform draw in `[0, 1)`.
pub(crate) fn unit(value: u64) -> f64 {
    (mix(value) >> 11) as f64 / (1u64 << 53) as f64
}

/// A uniform draw in `[-1, 1)`.
pub(crate) fn signed(value: u64) -> f64 {
    unit(value) * 2.0 - 1.0
}

/// A value for one seed and one day.
pub(crate) fn on_day(seed: u64, day: i64) -> u64 {
    mix(seed ^ (day as u64).wrapping_mul(0xd6e8_feb8_6659_fd93))
}

/// A seed for one text (a chart's name), stable across runs and platforms.
pub(crate) fn text_seed(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| mix(hash ^ u64::from(byte)))
}

/// A song's slow rise and fall in `[-1, 1]`: a sine over 120 to 420 days with a phase of its own, so that charts turn
/// over in months while two days in a row differ little.
pub(crate) fn wave(seed: u64, day: i64) -> f64 {
    let period = 120.0 + (mix(seed ^ 1) % 300) as f64;
    let phase = unit(seed ^ 2);
    (TAU * (day as f64 / period + phase)).sin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_spread_and_waves_move_slowly() {
        let draws: Vec<f64> = (0..10_000).map(unit).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((0.48..0.52).contains(&mean), "{mean}");
        assert!(draws.iter().all(|draw| (0.0..1.0).contains(draw)));
        for seed in 0..100 {
            let step = (wave(seed, 1_001) - wave(seed, 1_000)).abs();
            assert!(step < 0.06, "{step}");
        }
        assert_ne!(text_seed("spotify-charts/regional-global-daily"), text_seed("spotify-charts/regional-us-daily"));
    }
}
