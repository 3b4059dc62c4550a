//! The services that count plays of a recording without charting it: YouTube's view counts (Data API v3, an API
//! key, a daily quota in units: a search costs 100, a statistics read of up to 50 videos 1) and SoundCloud's
//! playback counts (an application token from the client-credentials grant). Neither knows ISRCs for certain, so a
//! recording's video or track is searched for once by its title and artists and its id kept; counts are then read
//! by id.

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::app_token::AppToken;
use super::http::{Answer, ProviderError, ProviderHttp};

/// The most video ids one statistics read takes.
pub const YOUTUBE_IDS_PER_READ: usize = 50;

/// A search hit: the service's id and the names it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    /// The video's or track's title as the uploader wrote it.
    pub title: String,
    /// The channel or the artist named by the distributor (or the uploader).
    pub artist: String,
    /// The ISRC the distributor gave, when there is one (SoundCloud only).
    pub isrc: Option<String>,
}

/// YouTube's Data API v3.
#[derive(Debug)]
pub struct YouTube {
    http: ProviderHttp,
    key: SecretString,
}

#[derive(Deserialize)]
struct SearchList {
    #[serde(default)]
    items: Vec<SearchItem>,
}

#[derive(Deserialize)]
struct SearchItem {
    id: SearchId,
    snippet: Option<Snippet>,
}

#[derive(Deserialize)]
struct SearchId {
    #[serde(rename = "videoId")]
    video_id: Option<String>,
}

#[derive(Deserialize)]
struct Snippet {
    #[serde(default)]
    title: String,
    #[serde(rename = "channelTitle", default)]
    channel_title: String,
}

#[derive(Deserialize)]
struct VideoList {
    #[serde(default)]
    items: Vec<Video>,
}

#[derive(Deserialize)]
struct Video {
    id: String,
    statistics: Option<Statistics>,
}

#[derive(Deserialize)]
struct Statistics {
    /// A count written as text; absent when the owner hides it.
    #[serde(rename = "viewCount")]
    view_count: Option<String>,
}

#[derive(Deserialize)]
struct GoogleError {
    error: GoogleErrorBody,
}

#[derive(Deserialize)]
struct GoogleErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    errors: Vec<GoogleReason>,
}

#[derive(Deserialize)]
struct GoogleReason {
    #[serde(default)]
    reason: String,
}

impl YouTube {
    pub fn new(http: ProviderHttp, key: SecretString) -> Self {
        YouTube { http, key }
    }

    /// Videos matching `query`, best first (100 quota units).
    pub async fn search(&self, query: &str) -> Result<Vec<Found>, ProviderError> {
        let params = [
            ("part", "snippet".to_owned()),
            ("type", "video".to_owned()),
            ("maxResults", "5".to_owned()),
            ("q", query.to_owned()),
            ("key", self.key.expose_secret().to_owned()),
        ];
        let answer = self.http.get("youtube/v3/search", &params).await?;
        let list: SearchList = google_answer(&answer)?;
        Ok(list
            .items
            .into_iter()
            .filter_map(|item| {
                let snippet = item.snippet.unwrap_or(Snippet { title: String::new(), channel_title: String::new() });
                Some(Found {
                    id: item.id.video_id?,
                    title: unescaped(&snippet.title),
                    artist: unescaped(&snippet.channel_title),
                    isrc: None,
                })
            })
            .collect())
    }

    /// The view counts of up to [`YOUTUBE_IDS_PER_READ`] videos (1 quota unit); a video gone or with its count
    /// hidden is left out.
    pub async fn view_counts(&self, ids: &[String]) -> Result<Vec<(String, u64)>, ProviderError> {
        if ids.len() > YOUTUBE_IDS_PER_READ {
            return Err(ProviderError::Refused {
                status: 0,
                message: format!("YouTube reads at most {YOUTUBE_IDS_PER_READ} videos at once"),
            });
        }
        let params =
            [("part", "statistics".to_owned()), ("id", ids.join(",")), ("key", self.key.expose_secret().to_owned())];
        let answer = self.http.get("youtube/v3/videos", &params).await?;
        let list: VideoList = google_answer(&answer)?;
        Ok(list
            .items
            .into_iter()
            .filter_map(|video| {
                let count = video.statistics?.view_count?.trim().parse().ok()?;
                Some((video.id, count))
            })
            .collect())
    }
}

/// YouTube writes snippets HTML-escaped (`Rock &amp; Roll`, `Don&#39;t`): the five XML entities and numeric ones.
fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest.find(';').filter(|end| *end <= 10).map(|end| &rest[1..end]);
        let decoded = entity.and_then(|entity| match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let number = entity.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (decoded, entity) {
            (Some(character), Some(entity)) => {
                out.push(character);
                rest = &rest[entity.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Google's answers: a spent quota (403 `quotaExceeded`, `rateLimitExceeded`) is a rate limit until the quota
/// resets; other errors are refusals in Google's words.
fn google_answer<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<T, ProviderError> {
    if answer.status.is_success() {
        return answer.json();
    }
    if let Ok(GoogleError { error }) = answer.json::<GoogleError>() {
        let reasons: Vec<&str> = error.errors.iter().map(|reason| reason.reason.as_str()).collect();
        if reasons.iter().any(|reason| matches!(*reason, "quotaExceeded" | "rateLimitExceeded" | "dailyLimitExceeded"))
        {
            return Err(ProviderError::RateLimited { retry_after: answer.retry_after() });
        }
        if answer.status.is_server_error() {
            return Err(ProviderError::Unavailable { status: answer.status.as_u16() });
        }
        return Err(ProviderError::Refused {
            status: answer.status.as_u16(),
            message: format!("{} ({})", error.message, reasons.join(", ")),
        });
    }
    Err(answer.unexpected())
}

/// SoundCloud's API with an application's client credentials.
#[derive(Debug)]
pub struct SoundCloud {
    http: ProviderHttp,
    client_id: String,
    client_secret: SecretString,
    token: AppToken,
}

#[derive(Deserialize)]
struct TrackPage {
    #[serde(default)]
    collection: Vec<SoundCloudTrack>,
}

#[derive(Deserialize)]
struct SoundCloudTrack {
    id: u64,
    #[serde(default)]
    title: String,
    playback_count: Option<u64>,
    user: Option<SoundCloudUser>,
    publisher_metadata: Option<Publisher>,
}

#[derive(Deserialize)]
struct SoundCloudUser {
    #[serde(default)]
    username: String,
}

#[derive(Deserialize)]
struct Publisher {
    artist: Option<String>,
    isrc: Option<String>,
}

impl SoundCloud {
    pub fn new(http: ProviderHttp, client_id: String, client_secret: SecretString) -> Self {
        SoundCloud { http, client_id, client_secret, token: AppToken::default() }
    }

    /// Tracks matching `query`, best first.
    pub async fn search(&self, query: &str) -> Result<Vec<Found>, ProviderError> {
        let params = [("q", query.to_owned()), ("limit", "5".to_owned()), ("linked_partitioning", "true".to_owned())];
        let answer = self.get("tracks", &params).await?;
        if !answer.status.is_success() {
            return Err(answer.unexpected());
        }
        let page: TrackPage = answer.json()?;
        Ok(page.collection.into_iter().map(found).collect())
    }

    /// The playback count of track `id`; None when the track is gone or its count hidden.
    pub async fn playback_count(&self, id: &str) -> Result<Option<u64>, ProviderError> {
        if id.is_empty() || !id.bytes().all(|byte| byte.is_ascii_digit()) {
            return Ok(None);
        }
        let answer = self.get(&format!("tracks/{id}"), &[]).await?;
        if answer.status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !answer.status.is_success() {
            return Err(answer.unexpected());
        }
        let track: SoundCloudTrack = answer.json()?;
        Ok(track.playback_count)
    }

    async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Answer, ProviderError> {
        let answer = self.http.get_with_authorization(path, query, &self.authorization().await?).await?;
        if answer.status != StatusCode::UNAUTHORIZED {
            return Ok(answer);
        }
        // The token expired early or was revoked: one new token, one more try.
        self.token.forget();
        self.http.get_with_authorization(path, query, &self.authorization().await?).await
    }

    /// `OAuth {token}`, SoundCloud's own scheme name.
    async fn authorization(&self) -> Result<SecretString, ProviderError> {
        let token = match self.token.current() {
            Some(token) => token,
            None => {
                let answer = self
                    .http
                    .post_form_with_basic(
                        "oauth/token",
                        &[("grant_type", "client_credentials")],
                        &self.client_id,
                        self.client_secret.expose_secret(),
                    )
                    .await?;
                self.token.keep(&answer)?
            }
        };
        Ok(SecretString::from(format!("OAuth {}", token.expose_secret())))
    }
}

fn found(track: SoundCloudTrack) -> Found {
    let publisher = track.publisher_metadata;
    let artist = publisher
        .as_ref()
        .and_then(|publisher| publisher.artist.clone())
        .filter(|artist| !artist.trim().is_empty())
        .or_else(|| track.user.map(|user| user.username))
        .unwrap_or_default();
    Found {
        id: track.id.to_string(),
        title: track.title,
        artist,
        isrc: publisher.and_then(|publisher| publisher.isrc).filter(|isrc| !isrc.trim().is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_snippets_are_unescaped() {
        assert_eq!(
            unescaped("Rock &amp; Roll - Don&#39;t Stop (&quot;Live&quot;) &#x263A;"),
            "Rock & Roll - Don't Stop (\"Live\") ☺"
        );
        assert_eq!(unescaped("AT&T & more &bogus; &#xZZ;"), "AT&T & more &bogus; &#xZZ;");
        assert_eq!(unescaped("plain"), "plain");
    }
}
