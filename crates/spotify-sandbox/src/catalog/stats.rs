//! The measured audio-feature statistics the generator draws from, embedded from `data/catalog-feature-stats.json`.

use std::collections::BTreeMap;

use serde::Deserialize;

const EMBEDDED: &str = include_str!("../../data/catalog-feature-stats.json");

/// The features with per-genre summaries and correlations, in the order used by the copula.
pub const FEATURE_NAMES: [&str; 9] = [
    "danceability",
    "energy",
    "valence",
    "acousticness",
    "instrumentalness",
    "speechiness",
    "liveness",
    "loudness",
    "tempo",
];

/// Mean, standard deviation and percentiles of one feature.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct FeatureSummary {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub std: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One genre's sample size and feature summaries.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GenreStats {
    /// Sample size.
    pub n: u32,
    /// Summaries by feature name.
    #[serde(flatten)]
    pub features: BTreeMap<String, FeatureSummary>,
}

/// Duration percentiles.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct DurationStats {
    /// 5th percentile, ms.
    pub p05: f64,
    /// Median, ms.
    pub p50: f64,
    /// 95th percentile, ms.
    pub p95: f64,
}

/// The whole statistics file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FeatureStats {
    /// Per-genre summaries.
    pub by_genre: BTreeMap<String, GenreStats>,
    /// Summaries over all genres.
    pub overall: BTreeMap<String, FeatureSummary>,
    /// Pearson correlations between features.
    pub correlation: BTreeMap<String, BTreeMap<String, f64>>,
    /// Share of each pitch class (0–11).
    pub key_distribution: BTreeMap<String, f64>,
    /// Share of major-mode tracks.
    pub mode_major_share: f64,
    /// Track duration percentiles.
    pub duration_ms: DurationStats,
    /// Share of each time signature.
    pub time_signature_distribution: BTreeMap<String, f64>,
}

impl FeatureStats {
    /// The statistics shipped with the crate.
    pub fn embedded() -> Result<Self, serde_json::Error> {
        serde_json::from_str(EMBEDDED)
    }

    /// The correlation matrix in `FEATURE_NAMES` order; missing pairs count as uncorrelated.
    pub fn correlation_matrix(&self) -> [[f64; 9]; 9] {
        let mut matrix = [[0.0; 9]; 9];
        for (i, a) in FEATURE_NAMES.iter().enumerate() {
            for (j, b) in FEATURE_NAMES.iter().enumerate() {
                matrix[i][j] = if i == j {
                    1.0
                } else {
                    self.correlation.get(*a).and_then(|row| row.get(*b)).copied().unwrap_or(0.0)
                };
            }
        }
        matrix
    }

    /// Genre names, in the file's (alphabetical) order.
    pub fn genres(&self) -> impl Iterator<Item = &str> {
        self.by_genre.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_statistics_parse_completely() {
        let stats = FeatureStats::embedded().unwrap();
        assert_eq!(stats.by_genre.len(), 25);
        for (genre, genre_stats) in &stats.by_genre {
            for feature in FEATURE_NAMES {
                assert!(genre_stats.features.contains_key(feature), "{genre} lacks {feature}");
            }
        }
        let matrix = stats.correlation_matrix();
        assert!((matrix[1][7] - 0.73).abs() < 1e-9, "energy–loudness");
        assert_eq!(stats.key_distribution.len(), 12);
    }
}
