//! MusicBrainz: recordings by ISRC, their genres and tags (with vote counts), and the labels of their releases.
//! Keyless but strict: about one request per second (503 beyond it) and a `User-Agent` naming the application and
//! a contact (403 without). Genres cannot be included in the ISRC lookup and labels not in the recording lookup,
//! so a track costs three requests: ISRC, recording, releases.

use std::time::Duration;

use crossfade_domain::Isrc;
use serde::Deserialize;

use super::http::{ProviderError, ProviderHttp};

/// What MusicBrainz asks clients to wait after a 503 that names no wait.
pub const MUSICBRAINZ_BACKOFF: Duration = Duration::from_secs(2);

/// The MusicBrainz client.
#[derive(Clone, Debug)]
pub struct MusicBrainz {
    http: ProviderHttp,
}

/// A recording an ISRC names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingRef {
    /// The MusicBrainz id (a UUID).
    pub id: String,
    pub title: String,
}

/// A name with how many people voted for it.
pub type Votes = (String, u32);

/// A recording's genres and tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    pub genres: Vec<Votes>,
    pub tags: Vec<Votes>,
}

#[derive(Deserialize)]
struct IsrcBody {
    recordings: Vec<RecordingRefBody>,
}

#[derive(Deserialize)]
struct RecordingRefBody {
    id: String,
    title: Option<String>,
}

#[derive(Deserialize)]
struct RecordingBody {
    #[serde(default)]
    genres: Vec<VoteBody>,
    #[serde(default)]
    tags: Vec<VoteBody>,
}

#[derive(Deserialize)]
struct VoteBody {
    name: String,
    count: Option<i64>,
}

#[derive(Deserialize)]
struct ReleasesBody {
    releases: Vec<ReleaseBody>,
}

#[derive(Deserialize)]
struct ReleaseBody {
    #[serde(rename = "label-info", default)]
    label_info: Vec<LabelInfoBody>,
}

#[derive(Deserialize)]
struct LabelInfoBody {
    label: Option<LabelBody>,
}

#[derive(Deserialize)]
struct LabelBody {
    name: String,
}

impl MusicBrainz {
    pub fn new(http: ProviderHttp) -> Self {
        MusicBrainz { http }
    }

    /// The recordings with this ISRC (none when MusicBrainz has none).
    pub async fn recordings_by_isrc(&self, isrc: &Isrc) -> Result<Vec<RecordingRef>, ProviderError> {
        let answer = self.http.get(&format!("ws/2/isrc/{isrc}"), &[("fmt", "json".into())]).await?;
        match answer.status.as_u16() {
            200 => {}
            404 => return Ok(Vec::new()),
            _ => return Err(rate_limit_or(answer.unexpected(), &answer)),
        }
        let body: IsrcBody = answer.json()?;
        Ok(body
            .recordings
            .into_iter()
            .map(|recording| RecordingRef { id: recording.id, title: recording.title.unwrap_or_default() })
            .collect())
    }

    /// The genres and tags of a recording; `None` when it is gone.
    pub async fn recording(&self, id: &str) -> Result<Option<Recording>, ProviderError> {
        let answer = self
            .http
            .get(&format!("ws/2/recording/{id}"), &[("inc", "genres tags".into()), ("fmt", "json".into())])
            .await?;
        match answer.status.as_u16() {
            200 => {}
            404 => return Ok(None),
            _ => return Err(rate_limit_or(answer.unexpected(), &answer)),
        }
        let body: RecordingBody = answer.json()?;
        Ok(Some(Recording { genres: votes(body.genres), tags: votes(body.tags) }))
    }

    /// The label names of the releases a recording is on, most frequent first.
    pub async fn release_labels(&self, recording_id: &str) -> Result<Vec<String>, ProviderError> {
        let answer = self
            .http
            .get(
                "ws/2/release",
                &[("recording", recording_id.into()), ("inc", "labels".into()), ("fmt", "json".into())],
            )
            .await?;
        match answer.status.as_u16() {
            200 => {}
            404 => return Ok(Vec::new()),
            _ => return Err(rate_limit_or(answer.unexpected(), &answer)),
        }
        let body: ReleasesBody = answer.json()?;
        let mut labels: Vec<(String, usize)> = Vec::new();
        for name in body.releases.into_iter().flat_map(|release| release.label_info).filter_map(|info| info.label) {
            let name = name.name.trim().to_owned();
            if name.is_empty() {
                continue;
            }
            match labels.iter_mut().find(|(known, _)| *known == name) {
                Some((_, count)) => *count += 1,
                None => labels.push((name, 1)),
            }
        }
        labels.sort_by_key(|label| std::cmp::Reverse(label.1));
        Ok(labels.into_iter().map(|(name, _)| name).collect())
    }
}

/// MusicBrainz says "too fast" with 503, not 429.
fn rate_limit_or(error: ProviderError, answer: &super::http::Answer) -> ProviderError {
    if answer.status.as_u16() == 503 {
        ProviderError::RateLimited { retry_after: answer.retry_after().or(Some(MUSICBRAINZ_BACKOFF)) }
    } else {
        error
    }
}

fn votes(list: Vec<VoteBody>) -> Vec<Votes> {
    list.into_iter()
        .filter(|vote| !vote.name.trim().is_empty())
        .map(|vote| (vote.name, u32::try_from(vote.count.unwrap_or(1).max(1)).unwrap_or(u32::MAX)))
        .collect()
}
