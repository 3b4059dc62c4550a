//! Where a track's audio features, genres, tags and record labels come from. Every stored value keeps its provider,
//! so a page can say where a value came from and a preference order can choose between providers.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A source of enrichment values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Spotify's own audio features and album labels (apps with extended access only).
    Spotify,
    /// ReccoBeats: audio features by Spotify id.
    ReccoBeats,
    /// Deezer: BPM and replay gain by ISRC; album genres and label.
    Deezer,
    /// MusicBrainz: genres and tags of recordings, labels of releases.
    MusicBrainz,
    /// A file the user imported (an Exportify export or a dataset).
    File,
}

impl Provider {
    pub const ALL: [Provider; 5] =
        [Provider::Spotify, Provider::ReccoBeats, Provider::Deezer, Provider::MusicBrainz, Provider::File];

    /// The code it is stored under.
    pub fn code(self) -> &'static str {
        match self {
            Provider::Spotify => "spotify",
            Provider::ReccoBeats => "reccobeats",
            Provider::Deezer => "deezer",
            Provider::MusicBrainz => "musicbrainz",
            Provider::File => "file",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Provider::ALL.into_iter().find(|provider| provider.code() == code)
    }

    /// Whether this source's record labels arrive with its enrichment runs. Spotify's come with its album reads in
    /// the catalog mirror instead, so a run of its audio features leaves them as they are.
    pub fn labels_come_with_runs(self) -> bool {
        self != Provider::Spotify
    }

    /// The name a page shows.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Spotify => "Spotify",
            Provider::ReccoBeats => "ReccoBeats",
            Provider::Deezer => "Deezer",
            Provider::MusicBrainz => "MusicBrainz",
            Provider::File => "Imported files",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_distinct() {
        for provider in Provider::ALL {
            assert_eq!(Provider::parse(provider.code()), Some(provider));
        }
        assert_eq!(Provider::parse("lastfm"), None);
    }
}
