//! Two collections side by side: the difference of every figure, and the largest differences picked out so a page
//! can say them in plain words ("this playlist is 18 BPM faster").

use serde::{Deserialize, Serialize};

use super::{CollectionInsights, MEASURES, MeasureSummary};
use crate::audio_features::AudioFeature;

/// How many differences a comparison picks out.
pub const HIGHLIGHTS: usize = 4;

/// The smallest standardised difference of a measure worth saying (a fifth of a standard deviation, the usual
/// threshold of a "small" effect).
const NOTABLE_EFFECT: f64 = 0.2;

/// The smallest difference in a genre's share worth saying, in percentage points.
const NOTABLE_SHARE_POINTS: f64 = 5.0;

/// One measure in both collections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureDifference {
    /// None for the length (in seconds).
    pub feature: Option<AudioFeature>,
    pub left: Option<f64>,
    pub right: Option<f64>,
    /// The right collection's mean minus the left's.
    pub difference: Option<f64>,
    /// The difference in pooled standard deviations; None when either side has fewer than two values.
    pub effect: Option<f64>,
}

/// A genre's share of each collection, in percent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareDifference {
    pub key: String,
    pub name: String,
    pub left: f64,
    pub right: f64,
}

/// A difference worth saying.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Highlight {
    /// The right collection's mean is `difference` above (or, negative, below) the left's.
    Measure { feature: Option<AudioFeature>, difference: f64, left: f64, right: f64 },
    /// The genre's share is `points` percentage points higher (or lower) on the right.
    Genre { name: String, points: f64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionComparison {
    pub tracks: (u64, u64),
    pub total_ms: (u64, u64),
    /// Explicit tracks among those whose flag is known, in percent.
    pub explicit: (Option<f64>, Option<f64>),
    /// One per [`MEASURES`] entry, then the length.
    pub measures: Vec<MeasureDifference>,
    /// Every genre either collection has, largest difference first.
    pub genres: Vec<ShareDifference>,
    /// At most [`HIGHLIGHTS`], largest first.
    pub highlights: Vec<Highlight>,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

fn difference(feature: Option<AudioFeature>, left: &MeasureSummary, right: &MeasureSummary) -> MeasureDifference {
    let difference = left.mean.zip(right.mean).map(|(left, right)| right - left);
    let effect = match (left.std_dev, right.std_dev, difference) {
        (Some(a), Some(b), Some(difference)) => {
            let (n, m) = (left.count as f64, right.count as f64);
            let pooled = (((n - 1.0) * a * a + (m - 1.0) * b * b) / (n + m - 2.0)).sqrt();
            (pooled > 0.0).then(|| difference / pooled)
        }
        _ => None,
    };
    MeasureDifference { feature, left: left.mean, right: right.mean, difference, effect }
}

impl CollectionComparison {
    /// The right collection against the left one.
    pub fn of(left: &CollectionInsights, right: &CollectionInsights) -> CollectionComparison {
        let mut measures: Vec<MeasureDifference> = MEASURES
            .iter()
            .zip(left.measures.iter().zip(&right.measures))
            .map(|(feature, (a, b))| difference(Some(*feature), a, b))
            .collect();
        measures.push(difference(None, &left.duration, &right.duration));

        let mut genres: Vec<ShareDifference> = Vec::new();
        for (entry, on_left) in
            left.top_genres.iter().map(|e| (e, true)).chain(right.top_genres.iter().map(|e| (e, false)))
        {
            let position = genres.iter().position(|known| known.key == entry.key);
            let index = position.unwrap_or_else(|| {
                genres.push(ShareDifference {
                    key: entry.key.clone(),
                    name: entry.name.clone(),
                    left: 0.0,
                    right: 0.0,
                });
                genres.len() - 1
            });
            let known = &mut genres[index];
            if on_left {
                known.left = share(entry.tracks, left.tracks).unwrap_or(0.0);
            } else {
                known.right = share(entry.tracks, right.tracks).unwrap_or(0.0);
            }
        }
        genres.sort_by(|a, b| {
            (b.right - b.left).abs().total_cmp(&(a.right - a.left).abs()).then_with(|| a.key.cmp(&b.key))
        });

        // Measures by their standardised difference, genres by their share's: a genre's 10 points weigh like half a
        // standard deviation.
        let mut ranked: Vec<(f64, Highlight)> = measures
            .iter()
            .filter_map(|measure| {
                let effect = measure.effect.filter(|effect| effect.abs() >= NOTABLE_EFFECT)?;
                let highlight = Highlight::Measure {
                    feature: measure.feature,
                    difference: measure.difference?,
                    left: measure.left?,
                    right: measure.right?,
                };
                Some((effect.abs(), highlight))
            })
            .chain(genres.iter().filter(|genre| (genre.right - genre.left).abs() >= NOTABLE_SHARE_POINTS).map(
                |genre| {
                    let points = genre.right - genre.left;
                    (points.abs() / 20.0, Highlight::Genre { name: genre.name.clone(), points })
                },
            ))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        CollectionComparison {
            tracks: (left.tracks, right.tracks),
            total_ms: (left.total_ms, right.total_ms),
            explicit: (share(left.explicit.0, left.explicit.1), share(right.explicit.0, right.explicit.1)),
            measures,
            genres,
            highlights: ranked.into_iter().take(HIGHLIGHTS).map(|(_, highlight)| highlight).collect(),
        }
    }
}
