//! Spotify's audio features: served only in extended mode (Dev-Mode apps get 403).

use serde::{Deserialize, Serialize};

use super::serde_util::optional_whole_number;

/// The audio features of one track, on Spotify's scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AudioFeatures {
    /// The track's Spotify id.
    pub id: String,
    /// 0.0–1.0.
    #[serde(default)]
    pub acousticness: Option<f64>,
    /// 0.0–1.0.
    #[serde(default)]
    pub danceability: Option<f64>,
    /// 0.0–1.0.
    #[serde(default)]
    pub energy: Option<f64>,
    /// 0.0–1.0.
    #[serde(default)]
    pub instrumentalness: Option<f64>,
    /// Pitch class, -1 when unknown.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub key: Option<i32>,
    /// 0.0–1.0.
    #[serde(default)]
    pub liveness: Option<f64>,
    /// Decibels, typically -60–0.
    #[serde(default)]
    pub loudness: Option<f64>,
    /// 1 major, 0 minor.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub mode: Option<i32>,
    /// 0.0–1.0.
    #[serde(default)]
    pub speechiness: Option<f64>,
    /// Beats per minute.
    #[serde(default)]
    pub tempo: Option<f64>,
    /// Beats per bar, 3–7.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub time_signature: Option<i32>,
    /// 0.0–1.0.
    #[serde(default)]
    pub valence: Option<f64>,
    /// Length in milliseconds.
    #[serde(default, deserialize_with = "optional_whole_number")]
    pub duration_ms: Option<u64>,
}
