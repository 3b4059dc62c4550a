//! The knobs of the provider emulations: each provider's rate budget and slow-answer delay, and YouTube's daily
//! quota.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A provider the sandbox emulates (an enrichment provider, Beatport's catalog or a chart source), served under
/// `/{name}` on the sandbox's listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Audio features by Spotify id, as `https://api.reccobeats.com`.
    ReccoBeats,
    /// BPM, gain, album genres and labels by ISRC, as `https://api.deezer.com`.
    Deezer,
    /// Genres, tags and labels by ISRC, as `https://musicbrainz.org`.
    MusicBrainz,
    /// Each week's new releases per genre with BPM, Camelot key, label and ISRC, as `https://api.beatport.com`.
    Beatport,
    /// Spotify's daily and weekly Top Songs as CSV downloads, as `https://charts.spotify.com`.
    #[serde(rename = "spotify-charts")]
    SpotifyCharts,
    /// Apple Music's most-played songs per country as RSS JSON, as `https://rss.applemarketingtools.com`.
    #[serde(rename = "apple-music")]
    AppleMusic,
    /// The Billboard Hot 100, one JSON file per chart week, as the community's copies serve it.
    Billboard,
    /// The top tracks of a tag, as `https://ws.audioscrobbler.com`.
    LastFm,
    /// Shazam's global charts as CSV downloads, as `https://www.shazam.com`.
    Shazam,
    /// Video search and view counts, as the YouTube Data API v3 at `https://www.googleapis.com`.
    YouTube,
    /// Track search and play counts behind client-credentials OAuth, as `https://api.soundcloud.com`.
    SoundCloud,
}

impl Provider {
    /// Every emulated provider.
    pub const ALL: [Provider; 11] = [
        Provider::ReccoBeats,
        Provider::Deezer,
        Provider::MusicBrainz,
        Provider::Beatport,
        Provider::SpotifyCharts,
        Provider::AppleMusic,
        Provider::Billboard,
        Provider::LastFm,
        Provider::Shazam,
        Provider::YouTube,
        Provider::SoundCloud,
    ];

    /// The path prefix (without slashes) that stands for the provider's host.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Provider::ReccoBeats => "reccobeats",
            Provider::Deezer => "deezer",
            Provider::MusicBrainz => "musicbrainz",
            Provider::Beatport => "beatport",
            Provider::SpotifyCharts => "spotify-charts",
            Provider::AppleMusic => "apple-music",
            Provider::Billboard => "billboard",
            Provider::LastFm => "lastfm",
            Provider::Shazam => "shazam",
            Provider::YouTube => "youtube",
            Provider::SoundCloud => "soundcloud",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path_prefix())
    }
}

impl FromStr for Provider {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Provider::ALL.into_iter().find(|provider| provider.path_prefix().eq_ignore_ascii_case(s.trim())).ok_or_else(
            || {
                let names: Vec<&str> = Provider::ALL.iter().map(|provider| provider.path_prefix()).collect();
                format!("unknown provider {s:?} (expected one of {})", names.join(", "))
            },
        )
    }
}

/// At most `requests` requests per caller address in any rolling `per_secs`-second window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateBudget {
    /// Requests admitted per window.
    pub requests: u32,
    /// Window length in seconds (at least 1).
    pub per_secs: u64,
}

impl FromStr for RateBudget {
    type Err = String;

    /// `REQUESTS/SECONDS`, e.g. `50/5`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (requests, per_secs) = s.split_once('/').ok_or_else(|| format!("{s:?}: expected REQUESTS/SECONDS"))?;
        let requests = requests.trim().parse().map_err(|e| format!("{s:?}: {e}"))?;
        let per_secs: u64 = per_secs.trim().parse().map_err(|e| format!("{s:?}: {e}"))?;
        if per_secs == 0 {
            return Err(format!("{s:?}: the window must last at least one second"));
        }
        Ok(Self { requests, per_secs })
    }
}

/// How one provider emulation behaves beyond its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderKnobs {
    /// The provider's rate limit; `None` admits everything.
    pub rate_budget: Option<RateBudget>,
    /// Delay added to every answer, in milliseconds (a slow provider).
    pub delay_ms: u64,
}

/// The knobs of every provider. The default mirrors the real services' limits where they publish one: ReccoBeats
/// (unpublished) 120 requests a minute, Deezer 50 requests per 5 s, MusicBrainz 1 request a second, Last.fm 5 a
/// second averaged over five minutes, YouTube 10,000 quota units per key and day and no request rate; the others
/// publish no limit, so 60 requests a minute stands in for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderSettings {
    /// ReccoBeats.
    pub reccobeats: ProviderKnobs,
    /// Deezer, its chart included.
    pub deezer: ProviderKnobs,
    /// MusicBrainz.
    pub musicbrainz: ProviderKnobs,
    /// Beatport.
    pub beatport: ProviderKnobs,
    /// Spotify's chart downloads.
    #[serde(rename = "spotify-charts", alias = "spotify_charts")]
    pub spotify_charts: ProviderKnobs,
    /// Apple Music's RSS feeds.
    #[serde(rename = "apple-music", alias = "apple_music")]
    pub apple_music: ProviderKnobs,
    /// The Billboard Hot 100 files.
    pub billboard: ProviderKnobs,
    /// Last.fm.
    pub lastfm: ProviderKnobs,
    /// Shazam's chart downloads.
    pub shazam: ProviderKnobs,
    /// The YouTube Data API.
    pub youtube: ProviderKnobs,
    /// SoundCloud.
    pub soundcloud: ProviderKnobs,
    /// The YouTube Data API units each API key may spend per sandbox day (UTC); `None` for no quota.
    pub youtube_daily_quota: Option<u32>,
}

/// YouTube's default quota: units per key and day.
const YOUTUBE_DAILY_QUOTA: u32 = 10_000;

impl Default for ProviderSettings {
    fn default() -> Self {
        let limited =
            |requests, per_secs| ProviderKnobs { rate_budget: Some(RateBudget { requests, per_secs }), delay_ms: 0 };
        Self {
            reccobeats: limited(120, 60),
            deezer: limited(50, 5),
            musicbrainz: limited(1, 1),
            beatport: limited(60, 60),
            spotify_charts: limited(60, 60),
            apple_music: limited(60, 60),
            billboard: limited(60, 60),
            lastfm: limited(1_500, 300),
            shazam: limited(60, 60),
            youtube: ProviderKnobs::default(),
            soundcloud: limited(60, 60),
            youtube_daily_quota: Some(YOUTUBE_DAILY_QUOTA),
        }
    }
}

impl ProviderSettings {
    /// No rate limit, no delay and no YouTube quota anywhere, for tests that are not about throttling.
    pub fn unlimited() -> Self {
        let free = ProviderKnobs::default();
        Self {
            reccobeats: free,
            deezer: free,
            musicbrainz: free,
            beatport: free,
            spotify_charts: free,
            apple_music: free,
            billboard: free,
            lastfm: free,
            shazam: free,
            youtube: free,
            soundcloud: free,
            youtube_daily_quota: None,
        }
    }

    /// The knobs of one provider.
    pub fn knobs(&self, provider: Provider) -> &ProviderKnobs {
        match provider {
            Provider::ReccoBeats => &self.reccobeats,
            Provider::Deezer => &self.deezer,
            Provider::MusicBrainz => &self.musicbrainz,
            Provider::Beatport => &self.beatport,
            Provider::SpotifyCharts => &self.spotify_charts,
            Provider::AppleMusic => &self.apple_music,
            Provider::Billboard => &self.billboard,
            Provider::LastFm => &self.lastfm,
            Provider::Shazam => &self.shazam,
            Provider::YouTube => &self.youtube,
            Provider::SoundCloud => &self.soundcloud,
        }
    }

    /// The knobs of one provider, to change them.
    pub fn knobs_mut(&mut self, provider: Provider) -> &mut ProviderKnobs {
        match provider {
            Provider::ReccoBeats => &mut self.reccobeats,
            Provider::Deezer => &mut self.deezer,
            Provider::MusicBrainz => &mut self.musicbrainz,
            Provider::Beatport => &mut self.beatport,
            Provider::SpotifyCharts => &mut self.spotify_charts,
            Provider::AppleMusic => &mut self.apple_music,
            Provider::Billboard => &mut self.billboard,
            Provider::LastFm => &mut self.lastfm,
            Provider::Shazam => &mut self.shazam,
            Provider::YouTube => &mut self.youtube,
            Provider::SoundCloud => &mut self.soundcloud,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_budgets_parse() {
        assert_eq!("Deezer".parse::<Provider>(), Ok(Provider::Deezer));
        assert_eq!("beatport".parse::<Provider>(), Ok(Provider::Beatport));
        assert_eq!("Spotify-Charts".parse::<Provider>(), Ok(Provider::SpotifyCharts));
        assert!("napster".parse::<Provider>().unwrap_err().contains("soundcloud"));
        for provider in Provider::ALL {
            let named = serde_json::to_value(provider).unwrap();
            assert_eq!(named, provider.path_prefix(), "the JSON name is the path prefix");
        }
        assert_eq!("50/5".parse::<RateBudget>(), Ok(RateBudget { requests: 50, per_secs: 5 }));
        assert!("50".parse::<RateBudget>().is_err());
        assert!("1/0".parse::<RateBudget>().is_err());
    }

    #[test]
    fn partial_json_keeps_the_other_providers_default() {
        let settings: ProviderSettings =
            serde_json::from_str(r#"{"musicbrainz":{"rate_budget":null,"delay_ms":250}}"#).unwrap();
        assert_eq!(settings.musicbrainz, ProviderKnobs { rate_budget: None, delay_ms: 250 });
        assert_eq!(settings.deezer, ProviderSettings::default().deezer);
        assert_eq!(settings.youtube_daily_quota, Some(10_000));
        let charts: ProviderSettings =
            serde_json::from_str(r#"{"spotify-charts":{"delay_ms":5},"apple_music":{"delay_ms":6}}"#).unwrap();
        assert_eq!((charts.spotify_charts.delay_ms, charts.apple_music.delay_ms), (5, 6));
    }
}
