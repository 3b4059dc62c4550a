//! The chart services' own downloads, fetched on a schedule: each answer is kept as the file it is (a CSV with its
//! BOM, a JSON feed) under the name the service gives it, so the domain core's chart readers read a fetched chart
//! exactly as they read the same file uploaded. Each service's way of saying "slow down" or "not that" becomes a
//! [`ProviderError`]; an answer that is no chart is left for the readers to refuse with its line.

use std::sync::Arc;

use crossfade_domain::ChartService;
use reqwest::header::CONTENT_DISPOSITION;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::http::{Answer, ProviderError, ProviderHttp};
use super::{Beatport, Deezer};

/// A chart as its service served it.
#[derive(Clone, Debug)]
pub struct ServedChart {
    /// The name the readers read it under: the service's own file name when it sends one.
    pub file_name: String,
    pub bytes: bytes::Bytes,
}

/// The clients of every chart service this installation fetches from; a service without one is not fetched.
#[derive(Clone, Debug, Default)]
pub struct ChartFeeds {
    /// charts.spotify.com's CSV downloads.
    pub spotify: Option<ProviderHttp>,
    /// Apple's RSS feeds (`rss.applemarketingtools.com`).
    pub apple_music: Option<ProviderHttp>,
    /// The community Hot 100 JSON files.
    pub billboard: Option<ProviderHttp>,
    /// Deezer's API, which also reads a chart track's ISRC.
    pub deezer: Option<Deezer>,
    /// Beatport's API (the release feed's client).
    pub beatport: Option<Arc<Beatport>>,
    /// Last.fm's API with the installation's API key.
    pub lastfm: Option<(ProviderHttp, SecretString)>,
    /// Shazam's chart CSV downloads.
    pub shazam: Option<ProviderHttp>,
}

/// The most entries a chart is asked for.
const CHART_LENGTH: &str = "100";

/// Last.fm's error codes for "rate limit exceeded" and "temporarily unavailable".
const LASTFM_RATE_LIMIT: i64 = 29;
const LASTFM_UNAVAILABLE: i64 = 16;

#[derive(Deserialize)]
struct LastFmError {
    error: i64,
    message: Option<String>,
}

impl ChartFeeds {
    /// Whether charts of `service` are fetched.
    pub fn fetches(&self, service: ChartService) -> bool {
        match service {
            ChartService::Spotify => self.spotify.is_some(),
            ChartService::AppleMusic => self.apple_music.is_some(),
            ChartService::Billboard => self.billboard.is_some(),
            ChartService::Deezer => self.deezer.is_some(),
            ChartService::Beatport => self.beatport.is_some(),
            ChartService::LastFm => self.lastfm.is_some(),
            ChartService::Shazam => self.shazam.is_some(),
            ChartService::YouTube | ChartService::SoundCloud => false,
        }
    }

    /// The services charts are fetched from.
    pub fn services(&self) -> Vec<ChartService> {
        ChartService::ALL.into_iter().filter(|service| self.fetches(*service)).collect()
    }

    /// The latest chart `service` publishes at `locator` (a chart name, a country, a genre id or a tag, as the
    /// installation's chart sources say).
    pub async fn latest(&self, service: ChartService, locator: &str) -> Result<ServedChart, ProviderError> {
        let off =
            || ProviderError::Refused { status: 0, message: format!("charts of {} are not fetched", service.code()) };
        let plain = |http: &Option<ProviderHttp>| http.clone().ok_or_else(off);
        match service {
            ChartService::Spotify => {
                let answer = plain(&self.spotify)?.get(&format!("charts/{locator}/latest/download"), &[]).await?;
                file(answer, &format!("{locator}.csv"))
            }
            ChartService::AppleMusic => {
                let path = format!("api/v2/{locator}/music/most-played/{CHART_LENGTH}/songs.json");
                let answer = plain(&self.apple_music)?.get(&path, &[]).await?;
                file(answer, &format!("apple-music-most-played-{locator}.json"))
            }
            ChartService::Billboard => {
                let answer = plain(&self.billboard)?.get("recent.json", &[]).await?;
                file(answer, &format!("billboard-{locator}-recent.json"))
            }
            ChartService::Deezer => {
                let deezer = self.deezer.as_ref().ok_or_else(off)?;
                let bytes = deezer.chart(locator).await?;
                Ok(ServedChart { file_name: format!("deezer-chart-{locator}-tracks.json"), bytes })
            }
            ChartService::Beatport => {
                let beatport = self.beatport.as_ref().ok_or_else(off)?;
                let genre_id = locator.parse().map_err(|_| ProviderError::Refused {
                    status: 0,
                    message: format!("Beatport genre {locator:?} is not a number"),
                })?;
                let bytes = beatport.top_100(genre_id).await?;
                Ok(ServedChart { file_name: format!("beatport-top-100-genre-{locator}.json"), bytes })
            }
            ChartService::LastFm => {
                let (http, key) = self.lastfm.as_ref().ok_or_else(off)?;
                let query = [
                    ("method", "tag.gettoptracks".to_owned()),
                    ("tag", locator.to_owned()),
                    ("api_key", key.expose_secret().to_owned()),
                    ("format", "json".to_owned()),
                    ("limit", CHART_LENGTH.to_owned()),
                ];
                let answer = http.get("2.0/", &query).await?;
                lastfm_file(answer, &format!("lastfm-tag-{locator}.json"))
            }
            ChartService::Shazam => {
                let answer = plain(&self.shazam)?.get(&format!("services/charts/csv/{locator}"), &[]).await?;
                file(answer, &format!("shazam-{locator}.csv"))
            }
            ChartService::YouTube | ChartService::SoundCloud => Err(off()),
        }
    }

    /// The ISRC Deezer writes for its track `id`, when Deezer charts are fetched.
    pub async fn deezer_isrc(&self, id: &str) -> Result<Option<crossfade_domain::Isrc>, ProviderError> {
        match &self.deezer {
            Some(deezer) => deezer.isrc_of_track(id).await,
            None => Ok(None),
        }
    }
}

/// A successful answer as a file named as the service names it, else `fallback`.
fn file(answer: Answer, fallback: &str) -> Result<ServedChart, ProviderError> {
    if !answer.status.is_success() {
        return Err(answer.unexpected());
    }
    let file_name = answer
        .headers
        .get(CONTENT_DISPOSITION)
        .and_then(|value| value.to_str().ok())
        .and_then(attachment_name)
        .unwrap_or_else(|| fallback.to_owned());
    Ok(ServedChart { file_name, bytes: answer.body })
}

/// Last.fm answers errors as `{"error": code, "message": …}`, rate limits included, sometimes with HTTP 200.
fn lastfm_file(answer: Answer, name: &str) -> Result<ServedChart, ProviderError> {
    if let Ok(LastFmError { error, message }) = answer.json::<LastFmError>() {
        let message = message.unwrap_or_default();
        return Err(match error {
            LASTFM_RATE_LIMIT => ProviderError::RateLimited { retry_after: answer.retry_after() },
            LASTFM_UNAVAILABLE => ProviderError::Unavailable { status: answer.status.as_u16() },
            code => {
                ProviderError::Refused { status: answer.status.as_u16(), message: format!("error {code}: {message}") }
            }
        });
    }
    file(answer, name)
}

/// The longest file name taken from a service (the import keeps at most 300 characters).
const LONGEST_NAME: usize = 200;

/// The file name of `attachment; filename="…"` when it is a plain chart file's name (no folder, `.csv` or `.json`,
/// not too long): it tells the readers the format and, for Spotify's, the chart's region, period and day.
fn attachment_name(disposition: &str) -> Option<String> {
    let (_, rest) = disposition.split_once("filename=")?;
    let name = rest.split(';').next()?.trim().trim_matches('"').trim();
    let plain = !name.is_empty()
        && name.chars().count() <= LONGEST_NAME
        && !name.contains(['/', '\\'])
        && !name.starts_with('.')
        && [".csv", ".json"].iter().any(|extension| name.to_ascii_lowercase().ends_with(extension));
    plain.then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_chart_file_name_is_taken_from_the_disposition() {
        let name = |value: &str| attachment_name(value);
        assert_eq!(
            name("attachment; filename=\"regional-global-weekly-2026-12-03.csv\"").as_deref(),
            Some("regional-global-weekly-2026-12-03.csv")
        );
        assert_eq!(name("attachment; filename=chart.csv; size=10").as_deref(), Some("chart.csv"));
        assert_eq!(name("attachment; filename=\"../../etc/x.csv\""), None, "a name with folders is not taken");
        assert_eq!(name("attachment; filename=\"..\""), None);
        assert_eq!(name("attachment; filename=\"chart.exe\""), None);
        assert_eq!(name(&format!("attachment; filename=\"{}.csv\"", "a".repeat(300))), None);
        assert_eq!(name("attachment; filename=\"\""), None);
        assert_eq!(name("inline"), None);
    }
}
