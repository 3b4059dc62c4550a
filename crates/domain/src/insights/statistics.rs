//! The summary of one measure over a collection: how many tracks have it, mean, median, spread, extremes and
//! distribution.

use serde::{Deserialize, Serialize};

use super::distribution::{Bins, Histogram};

/// One measure over the tracks that have a value for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureSummary {
    /// Tracks with a value.
    pub count: u64,
    pub mean: Option<f64>,
    /// The middle value, or the mean of the two middle values.
    pub median: Option<f64>,
    /// The sample standard deviation (n − 1 in the denominator, as spreadsheets and pandas compute it); needs two
    /// values.
    pub std_dev: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub histogram: Histogram,
}

impl MeasureSummary {
    /// The summary of `values` (finite numbers, in any order), counted into `bins`.
    pub fn of(values: &[f64], bins: Bins) -> MeasureSummary {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|value| value.is_finite()).collect();
        // Summing in sorted order makes the mean independent of the order the tracks came in.
        sorted.sort_unstable_by(f64::total_cmp);
        let count = sorted.len();
        let histogram = Histogram::of(&sorted, bins);
        if count == 0 {
            return MeasureSummary {
                count: 0,
                mean: None,
                median: None,
                std_dev: None,
                min: None,
                max: None,
                histogram,
            };
        }
        let mean = sorted.iter().sum::<f64>() / count as f64;
        let median = if count % 2 == 1 { sorted[count / 2] } else { (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0 };
        let std_dev = (count > 1).then(|| {
            let squares: f64 = sorted.iter().map(|value| (value - mean).powi(2)).sum();
            (squares / (count - 1) as f64).sqrt()
        });
        MeasureSummary {
            count: count as u64,
            // Rounding can put a mean of equal values a hair outside them.
            mean: Some(mean.clamp(sorted[0], sorted[count - 1])),
            median: Some(median),
            std_dev,
            min: Some(sorted[0]),
            max: Some(sorted[count - 1]),
            histogram,
        }
    }
}
