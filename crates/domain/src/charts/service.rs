//! The services whose charts Crossfade merges, as stored and shown.

use serde::{Deserialize, Serialize};

/// A streaming or chart service a chart entry or a play count comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ChartService {
    Spotify,
    AppleMusic,
    Billboard,
    Deezer,
    Beatport,
    LastFm,
    Shazam,
    YouTube,
    SoundCloud,
}

impl ChartService {
    pub const ALL: [ChartService; 9] = [
        ChartService::Spotify,
        ChartService::AppleMusic,
        ChartService::Billboard,
        ChartService::Deezer,
        ChartService::Beatport,
        ChartService::LastFm,
        ChartService::Shazam,
        ChartService::YouTube,
        ChartService::SoundCloud,
    ];

    /// The code stored in the database and used in addresses.
    pub fn code(self) -> &'static str {
        match self {
            ChartService::Spotify => "spotify",
            ChartService::AppleMusic => "apple-music",
            ChartService::Billboard => "billboard",
            ChartService::Deezer => "deezer",
            ChartService::Beatport => "beatport",
            ChartService::LastFm => "lastfm",
            ChartService::Shazam => "shazam",
            ChartService::YouTube => "youtube",
            ChartService::SoundCloud => "soundcloud",
        }
    }

    pub fn parse(code: &str) -> Option<ChartService> {
        ChartService::ALL.into_iter().find(|service| service.code() == code)
    }

    /// The service's name as people write it.
    pub fn name(self) -> &'static str {
        match self {
            ChartService::Spotify => "Spotify",
            ChartService::AppleMusic => "Apple Music",
            ChartService::Billboard => "Billboard",
            ChartService::Deezer => "Deezer",
            ChartService::Beatport => "Beatport",
            ChartService::LastFm => "Last.fm",
            ChartService::Shazam => "Shazam",
            ChartService::YouTube => "YouTube",
            ChartService::SoundCloud => "SoundCloud",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back() {
        for service in ChartService::ALL {
            assert_eq!(ChartService::parse(service.code()), Some(service));
        }
        assert_eq!(ChartService::parse("napster"), None);
    }
}
