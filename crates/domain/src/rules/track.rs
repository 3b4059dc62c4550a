//! Everything a rule can read about one track of a user's library, for the in-memory evaluator: the same facts the
//! SQL translation reads from the read model (track_facts, the providers' values, playlist entries and the
//! per-day listening), loaded for a preview's explanations, built by tests, or held by the browser.

use super::sequence::Candidate;
use crate::{AudioFeature, Day, GenreId, Key, Provider};

/// One track's facts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleTrack {
    pub id: String,
    pub title: String,
    pub album: String,
    /// The credited artists in credit order: ids where the catalog knows them, and names (a track only the history
    /// names has one name and no id).
    pub artist_ids: Vec<String>,
    pub artists: Vec<String>,
    pub label: Option<String>,
    pub isrc: Option<String>,
    /// The effective value of each feature (in `AudioFeature::ALL` order) and the provider it came from.
    pub features: [Option<(f32, Provider)>; 10],
    /// Each provider's own values, for conditions pinned to one; in the order of `Provider`.
    pub measured: Vec<(Provider, [Option<f32>; 10])>,
    pub key: Option<Key>,
    pub time_signature: Option<i16>,
    pub genres: Vec<GenreId>,
    pub tags: Vec<String>,
    pub duration_ms: Option<i32>,
    /// The first day of the release's date at the precision Spotify gives (a year's release is on 1 January).
    pub release_date: Option<Day>,
    pub release_year: Option<i16>,
    pub explicit: Option<bool>,
    /// Instants in seconds since 1970 (UTC), truncated.
    pub liked_at: Option<i64>,
    pub added_at: Option<i64>,
    pub added_to_playlist_at: Option<i64>,
    pub first_played_at: Option<i64>,
    pub last_played_at: Option<i64>,
    pub plays: u32,
    pub skips: u32,
    /// Over the plays whose length is known; None when none is.
    pub ms_played: Option<i64>,
    /// The Spotify ids of the user's playlists that hold the track.
    pub playlists: Vec<String>,
    /// Listening per day, for conditions on a recent window.
    pub days: Vec<DayListening>,
}

/// One day's listening of a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayListening {
    pub day: Day,
    pub plays: u32,
    pub skips: u32,
    pub ms_played: i64,
}

impl RuleTrack {
    /// The index of a feature in [`RuleTrack::features`].
    pub fn feature_index(feature: AudioFeature) -> usize {
        AudioFeature::ALL.iter().position(|each| *each == feature).expect("every feature is in ALL")
    }

    /// The artist a playlist's per-artist rules count the track under: the first credited, by id where known,
    /// else by name without regard to case.
    pub fn primary_artist(&self) -> String {
        Candidate::artist_key(self.artist_ids.first().map(String::as_str), self.artists.first().map(String::as_str))
    }

    /// Plays, skips and milliseconds on `since` and the days after it.
    pub fn listening_since(&self, since: Day) -> (u32, u32, i64) {
        self.days
            .iter()
            .filter(|each| each.day >= since)
            .fold((0, 0, 0), |(plays, skips, ms), each| (plays + each.plays, skips + each.skips, ms + each.ms_played))
    }
}
