//! Insights over a collection of tracks (liked songs, a playlist, an album, an artist, a genre, a label, a tag, the
//! whole library): its size and length, how much of it is explicit, how well each field is known and from where,
//! averages, medians and spread of every measure, the tracks at the extremes, distributions, release decades and
//! years, keys on the Camelot wheel, and the top genres (a parent counting its subgenres), labels and artists.
//!
//! Everything here is computed in one pass over the collection's tracks as the read model holds them (plus one sort
//! per measure for its median), with ties broken by track id, so the figures do not depend on the order the tracks
//! arrive in.

mod comparison;
mod distribution;
mod ranking;
mod scatter;
mod statistics;
mod superlatives;
mod tables;

use serde::{Deserialize, Serialize};

use crate::audio_features::{AudioFeature, FeatureValues};
use crate::coverage::{Coverage, EnrichedField};
use crate::genres::{GenreId, GenreTree};
use crate::provider::Provider;

pub use comparison::{CollectionComparison, HIGHLIGHTS, Highlight, MeasureDifference, ShareDifference};
pub use distribution::{Histogram, KeyCount};
pub use ranking::Ranked;
pub use scatter::{SCATTER_AXES, SCATTER_POINTS, Scatter, ScatterPoint};
pub use statistics::MeasureSummary;
pub use superlatives::{Superlative, SuperlativeKind};
pub use tables::{Cell, InsightsTable, TableData};

/// How many labels and artists a collection's tops keep, and how many genres a page lists.
pub const TOP_ENTRIES: usize = 15;

/// The measures insights summarise: every audio feature but replay gain (a player's correction, not a sound).
pub const MEASURES: [AudioFeature; 9] = [
    AudioFeature::Danceability,
    AudioFeature::Energy,
    AudioFeature::Valence,
    AudioFeature::Acousticness,
    AudioFeature::Instrumentalness,
    AudioFeature::Speechiness,
    AudioFeature::Liveness,
    AudioFeature::Tempo,
    AudioFeature::Loudness,
];

/// A credited artist: the Spotify id where the catalog knows it, and the name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtistCredit {
    pub id: Option<String>,
    pub name: String,
}

/// One track of a collection as insights read it from the read model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InsightTrack {
    pub track_id: String,
    pub title: String,
    pub artists: Vec<ArtistCredit>,
    pub duration_ms: Option<u32>,
    pub explicit: Option<bool>,
    pub release_year: Option<i16>,
    /// The effective values (the source order's choice), key included.
    pub features: FeatureValues,
    /// Genres of the hierarchy, heaviest first.
    pub genres: Vec<GenreId>,
    /// The label as shown, and the key its spellings group under.
    pub label: Option<(String, String)>,
    pub plays: u32,
    pub skips: u32,
    /// Which provider gave each effective value.
    pub sources: Vec<(EnrichedField, Provider)>,
}

/// A track named by a figure: enough to show and link it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackRef {
    pub track_id: String,
    pub title: String,
    pub artists: String,
}

impl TrackRef {
    fn of(track: &InsightTrack) -> Self {
        TrackRef {
            track_id: track.track_id.clone(),
            title: track.title.clone(),
            artists: track.artists.iter().map(|artist| artist.name.as_str()).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Every figure of a collection's insights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionInsights {
    pub tracks: u64,
    /// Over the tracks whose length is known.
    pub total_ms: u64,
    /// Tracks known to be explicit, and tracks whose flag is known at all.
    pub explicit: (u64, u64),
    pub coverage: Coverage,
    /// One per [`MEASURES`] entry, in that order.
    pub measures: Vec<MeasureSummary>,
    /// The lengths of the tracks whose length is known, in seconds.
    pub duration: MeasureSummary,
    pub superlatives: Vec<Superlative>,
    /// Tracks per release decade (the decade's first year), oldest first.
    pub decades: Vec<(i16, u64)>,
    /// Tracks per release year, oldest first.
    pub years: Vec<(i16, u64)>,
    /// All 24 keys in Camelot order (1A, 1B, 2A, …), each with its count.
    pub keys: Vec<KeyCount>,
    /// Every genre of the collection, most tracks first.
    pub top_genres: Vec<Ranked>,
    /// The first [`TOP_ENTRIES`] labels and artists.
    pub top_labels: Vec<Ranked>,
    pub top_artists: Vec<Ranked>,
}

impl CollectionInsights {
    /// The insights of `tracks`, a collection's tracks in any order (a track listed twice counts twice).
    pub fn of(tracks: &[InsightTrack], genres: &GenreTree) -> CollectionInsights {
        let count = tracks.len() as u64;
        let mut sources: std::collections::HashMap<(EnrichedField, Provider), u64> = std::collections::HashMap::new();
        for track in tracks {
            for source in &track.sources {
                *sources.entry(*source).or_default() += 1;
            }
        }
        let seconds: Vec<f64> =
            tracks.iter().filter_map(|track| track.duration_ms).map(|ms| f64::from(ms) / 1000.0).collect();
        CollectionInsights {
            tracks: count,
            total_ms: tracks.iter().filter_map(|track| track.duration_ms).map(u64::from).sum(),
            explicit: (
                tracks.iter().filter(|track| track.explicit == Some(true)).count() as u64,
                tracks.iter().filter(|track| track.explicit.is_some()).count() as u64,
            ),
            coverage: Coverage::from_counts(
                count,
                sources.iter().map(|((field, provider), n)| (field.code(), provider.code(), *n)),
            ),
            measures: MEASURES
                .iter()
                .map(|feature| {
                    let values: Vec<f64> = tracks.iter().filter_map(|track| track.features.get(*feature)).collect();
                    MeasureSummary::of(&values, distribution::bins_of(*feature))
                })
                .collect(),
            duration: MeasureSummary::of(&seconds, distribution::DURATION_BINS),
            superlatives: superlatives::find(tracks),
            decades: distribution::decades(tracks),
            years: distribution::years(tracks),
            keys: distribution::keys(tracks),
            top_genres: ranking::genres(tracks, genres),
            top_labels: ranking::labels(tracks),
            top_artists: ranking::artists(tracks),
        }
    }

    /// The summary of `feature`, if it is one of the [`MEASURES`].
    pub fn measure(&self, feature: AudioFeature) -> Option<&MeasureSummary> {
        MEASURES.iter().position(|measure| *measure == feature).and_then(|index| self.measures.get(index))
    }
}

#[cfg(test)]
mod tests;
