//! Which chart of a service stands for a genre: what the scheduled fetch asks the service for, written as the service
//! names its charts (a Spotify chart's alias, an Apple Music storefront, a Deezer or Beatport genre id, a Last.fm tag,
//! a Shazam chart).

use super::ChartService;

/// The longest locator kept.
pub const MAX_LOCATOR_CHARS: usize = 60;

/// A chart of one service, checked against how that service names its charts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartLocator {
    service: ChartService,
    text: String,
}

/// Why a locator was refused, in words that say how the service names its charts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LocatorProblem(String);

impl ChartLocator {
    /// Reads `text` as one of `service`'s charts (trimmed; lower case except Last.fm tags, which Last.fm matches in
    /// any case and are kept as written).
    pub fn parse(service: ChartService, text: &str) -> Result<ChartLocator, LocatorProblem> {
        let trimmed = text.trim();
        let text = if service == ChartService::LastFm { trimmed.to_owned() } else { trimmed.to_lowercase() };
        let refuse = || {
            let shown: String = trimmed.chars().take(MAX_LOCATOR_CHARS).collect();
            LocatorProblem(format!("“{shown}” is not {}", service.locator_hint()))
        };
        if text.is_empty() || text.chars().count() > MAX_LOCATOR_CHARS {
            return Err(refuse());
        }
        let slug = |text: &str| {
            text.split('-')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
        };
        let number = |text: &str, most: usize| text.len() <= most && text.bytes().all(|b| b.is_ascii_digit());
        let fits = match service {
            ChartService::Spotify => {
                let parts: Vec<&str> = text.split('-').collect();
                matches!(parts.as_slice(), [kind, place, period]
                    if matches!(*kind, "regional" | "viral")
                        && (*place == "global" || (place.len() == 2 && place.bytes().all(|b| b.is_ascii_lowercase())))
                        && matches!(*period, "daily" | "weekly"))
            }
            ChartService::AppleMusic => text.len() == 2 && text.bytes().all(|b| b.is_ascii_lowercase()),
            // The community's files hold the Hot 100 alone.
            ChartService::Billboard => text == "hot-100",
            ChartService::Deezer => number(&text, 9),
            ChartService::Beatport => number(&text, 6) && !text.starts_with('0'),
            ChartService::LastFm => !text.chars().any(char::is_control),
            ChartService::Shazam => slug(&text),
            ChartService::YouTube | ChartService::SoundCloud => false,
        };
        if fits { Ok(ChartLocator { service, text }) } else { Err(refuse()) }
    }

    pub fn service(&self) -> ChartService {
        self.service
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl ChartService {
    /// Whether the service publishes charts a genre can take (YouTube and SoundCloud only count plays).
    pub fn has_charts(self) -> bool {
        !matches!(self, ChartService::YouTube | ChartService::SoundCloud)
    }

    /// How the service names its charts, for people.
    pub fn locator_hint(self) -> &'static str {
        match self {
            ChartService::Spotify => {
                "a Spotify chart: regional or viral, global or a two-letter country, daily or weekly \
                 (regional-global-weekly, viral-us-daily)"
            }
            ChartService::AppleMusic => "an Apple Music storefront: a two-letter country (us, gb)",
            ChartService::Billboard => "a Billboard chart the community's files hold: hot-100",
            ChartService::Deezer => "a Deezer genre id: a number (132 for pop, 0 for all)",
            ChartService::Beatport => "a Beatport genre id: a number (39 for dance / electro pop)",
            ChartService::LastFm => "a Last.fm tag: a word or a few (pop, hip-hop, rnb)",
            ChartService::Shazam => {
                "a Shazam chart: lower-case words joined by hyphens (top-200-global, country-global)"
            }
            ChartService::YouTube | ChartService::SoundCloud => "a chart: this service only counts plays",
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn each_service_takes_its_own_names() {
        let good = [
            (ChartService::Spotify, " Regional-Global-Weekly ", "regional-global-weekly"),
            (ChartService::Spotify, "viral-us-daily", "viral-us-daily"),
            (ChartService::AppleMusic, "GB", "gb"),
            (ChartService::Billboard, "hot-100", "hot-100"),
            (ChartService::Deezer, "0", "0"),
            (ChartService::Beatport, "39", "39"),
            (ChartService::LastFm, "Hip-Hop ", "Hip-Hop"),
            (ChartService::Shazam, "top-200-global", "top-200-global"),
        ];
        for (service, text, kept) in good {
            assert_eq!(ChartLocator::parse(service, text).map(|locator| locator.as_str().to_owned()), Ok(kept.into()));
        }
        let bad = [
            (ChartService::Spotify, "regional-usa-weekly"),
            (ChartService::Spotify, "top-global-weekly"),
            (ChartService::AppleMusic, "usa"),
            (ChartService::Billboard, "billboard-200"),
            (ChartService::Deezer, "pop"),
            (ChartService::Beatport, "039"),
            (ChartService::LastFm, "   "),
            (ChartService::Shazam, "top 200"),
            (ChartService::Shazam, "top--200"),
            (ChartService::YouTube, "trending"),
        ];
        for (service, text) in bad {
            let problem = ChartLocator::parse(service, text).unwrap_err();
            assert!(problem.to_string().contains(service.locator_hint()), "{problem}");
        }
    }

    proptest! {
        #[test]
        fn a_kept_locator_reads_back_as_itself(
            service in prop::sample::select(ChartService::ALL.to_vec()),
            text in "[ -~]{0,70}",
        ) {
            if let Ok(locator) = ChartLocator::parse(service, &text) {
                prop_assert_eq!(ChartLocator::parse(service, locator.as_str()), Ok(locator.clone()));
                prop_assert!(!locator.as_str().is_empty() && locator.as_str().chars().count() <= MAX_LOCATOR_CHARS);
                prop_assert!(service.has_charts());
            }
        }
    }
}
