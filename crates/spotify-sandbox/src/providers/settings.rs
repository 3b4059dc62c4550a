//! The knobs of the enrichment-provider emulations: each provider's rate budget and slow-answer delay.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An enrichment provider the sandbox emulates, served under `/{name}` on the sandbox's listener.
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
}

impl Provider {
    /// Every emulated provider.
    pub const ALL: [Provider; 4] = [Provider::ReccoBeats, Provider::Deezer, Provider::MusicBrainz, Provider::Beatport];

    /// The path prefix (without slashes) that stands for the provider's host.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Provider::ReccoBeats => "reccobeats",
            Provider::Deezer => "deezer",
            Provider::MusicBrainz => "musicbrainz",
            Provider::Beatport => "beatport",
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
        Provider::ALL
            .into_iter()
            .find(|provider| provider.path_prefix().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown provider {s:?} (expected reccobeats, deezer, musicbrainz or beatport)"))
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

/// The knobs of the four providers. The default mirrors the real services' limits: ReccoBeats (unpublished)
/// 120 requests a minute, Deezer 50 requests per 5 s, MusicBrainz 1 request a second; Beatport publishes no limit,
/// so 60 requests a minute stands in for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderSettings {
    /// ReccoBeats.
    pub reccobeats: ProviderKnobs,
    /// Deezer.
    pub deezer: ProviderKnobs,
    /// MusicBrainz.
    pub musicbrainz: ProviderKnobs,
    /// Beatport.
    pub beatport: ProviderKnobs,
}

impl Default for ProviderSettings {
    fn default() -> Self {
        let limited =
            |requests, per_secs| ProviderKnobs { rate_budget: Some(RateBudget { requests, per_secs }), delay_ms: 0 };
        Self {
            reccobeats: limited(120, 60),
            deezer: limited(50, 5),
            musicbrainz: limited(1, 1),
            beatport: limited(60, 60),
        }
    }
}

impl ProviderSettings {
    /// No rate limit and no delay anywhere, for tests that are not about throttling.
    pub fn unlimited() -> Self {
        let free = ProviderKnobs::default();
        Self { reccobeats: free, deezer: free, musicbrainz: free, beatport: free }
    }

    /// The knobs of one provider.
    pub fn knobs(&self, provider: Provider) -> &ProviderKnobs {
        match provider {
            Provider::ReccoBeats => &self.reccobeats,
            Provider::Deezer => &self.deezer,
            Provider::MusicBrainz => &self.musicbrainz,
            Provider::Beatport => &self.beatport,
        }
    }

    /// The knobs of one provider, to change them.
    pub fn knobs_mut(&mut self, provider: Provider) -> &mut ProviderKnobs {
        match provider {
            Provider::ReccoBeats => &mut self.reccobeats,
            Provider::Deezer => &mut self.deezer,
            Provider::MusicBrainz => &mut self.musicbrainz,
            Provider::Beatport => &mut self.beatport,
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
        assert!("lastfm".parse::<Provider>().is_err());
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
    }
}
