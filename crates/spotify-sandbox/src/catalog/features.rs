//! Audio features drawn per genre from the measured statistics through a Gaussian copula.
//!
//! Each feature's marginal is a monotone quantile curve through the measured 5th, 50th and 95th percentiles
//! (geometric between knots where the distribution is strongly skewed, as for instrumentalness), with tails
//! reaching half an inter-percentile range (at least a quarter standard deviation) beyond them, clamped to the
//! feature's valid range. The features are coupled through the Cholesky factor of the measured correlation
//! matrix, so energy–loudness and energy–acousticness keep their strong relationships.

use std::collections::BTreeMap;

use rand::Rng;
use rand_distr::StandardNormal;

use super::normal::{cholesky, normal_cdf};
use super::stats::{DurationStats, FEATURE_NAMES, FeatureStats, FeatureSummary};

/// Spotify's audio features of one track.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AudioFeatures {
    /// 0–1.
    pub danceability: f64,
    /// 0–1.
    pub energy: f64,
    /// 0–1.
    pub valence: f64,
    /// 0–1.
    pub acousticness: f64,
    /// 0–1.
    pub instrumentalness: f64,
    /// 0–1.
    pub speechiness: f64,
    /// 0–1.
    pub liveness: f64,
    /// Decibels, −60 to 0.
    pub loudness: f64,
    /// Beats per minute.
    pub tempo: f64,
    /// Pitch class 0–11, or −1 when no key was detected.
    pub key: i8,
    /// 1 major, 0 minor.
    pub mode: u8,
    /// Beats per bar, 3–7.
    pub time_signature: u8,
}

/// A monotone quantile curve through five knots.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Marginal {
    knots: [(f64, f64); 5],
}

impl Marginal {
    fn new(summary: &FeatureSummary, valid: (f64, f64)) -> Self {
        let (p05, p50, p95) = (summary.p05, summary.p50.max(summary.p05), summary.p95.max(summary.p50));
        let low = (p05 - (0.5 * (p50 - p05)).max(0.25 * summary.std)).max(valid.0);
        let high = (p95 + (0.5 * (p95 - p50)).max(0.25 * summary.std)).min(valid.1);
        Self { knots: [(0.0, low.min(p05)), (0.05, p05), (0.5, p50), (0.95, p95), (1.0, high.max(p95))] }
    }

    fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        let segment = self.knots.windows(2).find(|pair| u <= pair[1].0).unwrap_or(&self.knots[3..5]);
        let ((u0, v0), (u1, v1)) = (segment[0], segment[1]);
        let t = if u1 > u0 { (u - u0) / (u1 - u0) } else { 0.0 };
        if v0 > 0.0 && v1 / v0 > 4.0 { v0 * (v1 / v0).powf(t) } else { v0 + (v1 - v0) * t }
    }
}

/// Valid ranges of the nine continuous features, in `FEATURE_NAMES` order.
const VALID: [(f64, f64); 9] =
    [(0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (-60.0, 0.0), (40.0, 220.0)];

/// Decimal places Spotify reports for each feature.
const DECIMALS: [i32; 9] = [3, 3, 3, 6, 6, 4, 4, 3, 3];

/// Everything needed to draw realistic features and durations.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureModel {
    by_genre: BTreeMap<String, [Marginal; 9]>,
    overall: [Marginal; 9],
    factor: [[f64; 9]; 9],
    keys: Vec<(i8, f64)>,
    mode_major_share: f64,
    time_signatures: Vec<(u8, f64)>,
    duration: DurationStats,
}

impl FeatureModel {
    /// Builds the model from measured statistics.
    pub fn new(stats: &FeatureStats) -> Self {
        let marginals = |features: &BTreeMap<String, FeatureSummary>, fallback: Option<&[Marginal; 9]>| {
            std::array::from_fn(|i| match features.get(FEATURE_NAMES[i]) {
                Some(summary) => Marginal::new(summary, VALID[i]),
                None => fallback.map_or(Marginal { knots: [(0.0, VALID[i].0); 5] }, |f| f[i]),
            })
        };
        let overall = marginals(&stats.overall, None);
        let by_genre =
            stats.by_genre.iter().map(|(genre, g)| (genre.clone(), marginals(&g.features, Some(&overall)))).collect();
        let keys = stats.key_distribution.iter().filter_map(|(k, share)| Some((k.parse().ok()?, *share))).collect();
        // The specification allows time signatures 3 to 7; the measured 0 and 1 (about 1.5 %) are folded into 4/4.
        let mut time_signatures: Vec<(u8, f64)> = Vec::new();
        for (signature, share) in &stats.time_signature_distribution {
            let signature: u8 = signature.parse().unwrap_or(4);
            let signature = if (3..=7).contains(&signature) { signature } else { 4 };
            match time_signatures.iter_mut().find(|(s, _)| *s == signature) {
                Some(entry) => entry.1 += share,
                None => time_signatures.push((signature, *share)),
            }
        }
        Self {
            by_genre,
            overall,
            factor: cholesky(&stats.correlation_matrix()),
            keys,
            mode_major_share: stats.mode_major_share,
            time_signatures,
            duration: stats.duration_ms,
        }
    }

    /// Draws the features of one track of `genre` (unknown genres use the overall distribution).
    pub fn draw(&self, genre: &str, rng: &mut impl Rng) -> AudioFeatures {
        let marginals = self.by_genre.get(genre).unwrap_or(&self.overall);
        let independent: [f64; 9] = std::array::from_fn(|_| rng.sample(StandardNormal));
        let values: [f64; 9] = std::array::from_fn(|i| {
            let correlated: f64 = (0..=i).map(|k| self.factor[i][k] * independent[k]).sum();
            let value = marginals[i].quantile(normal_cdf(correlated)).clamp(VALID[i].0, VALID[i].1);
            round(value, DECIMALS[i])
        });
        AudioFeatures {
            danceability: values[0],
            energy: values[1],
            valence: values[2],
            acousticness: values[3],
            instrumentalness: values[4],
            speechiness: values[5],
            liveness: values[6],
            loudness: values[7],
            tempo: values[8],
            key: weighted(&self.keys, rng).unwrap_or(0),
            mode: u8::from(rng.random_bool(self.mode_major_share.clamp(0.0, 1.0))),
            time_signature: weighted(&self.time_signatures, rng).unwrap_or(4),
        }
    }

    /// Draws a track duration from a split log-normal through the measured percentiles.
    pub fn draw_duration_ms(&self, rng: &mut impl Rng) -> u32 {
        let DurationStats { p05, p50, p95 } = self.duration;
        let z: f64 = rng.sample(StandardNormal);
        let spread = if z < 0.0 { (p50 / p05).ln() } else { (p95 / p50).ln() } / 1.644_854;
        (p50 * (z * spread).exp()).clamp(20_000.0, 1_200_000.0) as u32
    }
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn weighted<T: Copy>(choices: &[(T, f64)], rng: &mut impl Rng) -> Option<T> {
    let total: f64 = choices.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random::<f64>() * total;
    for (choice, weight) in choices {
        if pick < *weight {
            return Some(*choice);
        }
        pick -= weight;
    }
    choices.last().map(|(choice, _)| *choice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn correlation(xs: &[f64], ys: &[f64]) -> f64 {
        let n = xs.len() as f64;
        let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
        let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
        let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
        cov / (vx * vy).sqrt()
    }

    fn median(mut values: Vec<f64>) -> f64 {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    }

    #[test]
    fn draws_follow_the_measured_distributions() {
        let stats = FeatureStats::embedded().unwrap();
        let model = FeatureModel::new(&stats);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let draws: Vec<AudioFeatures> = (0..4000).map(|_| model.draw("rock", &mut rng)).collect();
        let energy: Vec<f64> = draws.iter().map(|f| f.energy).collect();
        let loudness: Vec<f64> = draws.iter().map(|f| f.loudness).collect();
        let acousticness: Vec<f64> = draws.iter().map(|f| f.acousticness).collect();
        let rock = &stats.by_genre["rock"].features;
        assert!((median(energy.clone()) - rock["energy"].p50).abs() < 0.03);
        assert!((median(loudness.clone()) - rock["loudness"].p50).abs() < 0.6);
        assert!(correlation(&energy, &loudness) > 0.5, "energy–loudness");
        assert!(correlation(&energy, &acousticness) < -0.4, "energy–acousticness");
        assert!(draws.iter().all(|f| (0.0..=1.0).contains(&f.instrumentalness) && (3..=7).contains(&f.time_signature)));
        assert!(draws.iter().all(|f| (0..=11).contains(&f.key) && f.mode <= 1 && (-60.0..=0.0).contains(&f.loudness)));
    }

    #[test]
    fn durations_match_the_measured_percentiles() {
        let model = FeatureModel::new(&FeatureStats::embedded().unwrap());
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let durations: Vec<f64> = (0..4000).map(|_| f64::from(model.draw_duration_ms(&mut rng))).collect();
        assert!((median(durations) - 198_903.0).abs() < 8_000.0);
    }
}
