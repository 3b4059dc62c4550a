//! What a playlist entry, the player or the queue can hold: a track, an episode, or something newer.
//!
//! Spotify tells them apart by `type`. The wire form below reads every field of both kinds in one pass (rather
//! than buffering the object, as a tagged enum would), so a decoding error keeps its full path, e.g.
//! `items[3].item.duration_ms`.

use serde::{Deserialize, Serialize};

use super::album::SimplifiedAlbum;
use super::artist::SimplifiedArtist;
use super::common::{ExternalIds, ExternalUrls, Image, ReleaseDatePrecision};
use super::episode::{Episode, ResumePoint, SimplifiedShow};
use super::serde_util::{null_as_default, optional_whole_number, skip_null_entries, whole_number};
use super::track::Track;

/// A playable item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "PlayableWire", tag = "type", rename_all = "lowercase")]
pub enum Playable {
    /// A music track (including the user's local files).
    Track(Box<Track>),
    /// A podcast episode.
    Episode(Box<Episode>),
    /// A kind this client does not model (e.g. an ad or an audiobook chapter).
    Unsupported {
        /// Spotify's `type`.
        kind: String,
        /// The item's URI, if it has one.
        uri: Option<String>,
        /// The item's name, if it has one.
        name: Option<String>,
    },
}

impl Playable {
    /// The item's URI (`spotify:track:…`, `spotify:episode:…`, `spotify:local:…`).
    pub fn uri(&self) -> Option<&str> {
        match self {
            Playable::Track(track) => Some(&track.uri),
            Playable::Episode(episode) => Some(&episode.uri),
            Playable::Unsupported { uri, .. } => uri.as_deref(),
        }
    }

    /// The item's name.
    pub fn name(&self) -> Option<&str> {
        match self {
            Playable::Track(track) => Some(&track.name),
            Playable::Episode(episode) => Some(&episode.name),
            Playable::Unsupported { name, .. } => name.as_deref(),
        }
    }

    /// The item if it is a track.
    pub fn as_track(&self) -> Option<&Track> {
        match self {
            Playable::Track(track) => Some(track),
            _ => None,
        }
    }

    /// The item if it is an episode.
    pub fn as_episode(&self) -> Option<&Episode> {
        match self {
            Playable::Episode(episode) => Some(episode),
            _ => None,
        }
    }
}

/// Every field either kind may carry.
#[derive(Deserialize)]
struct PlayableWire {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    uri: String,
    #[serde(default, deserialize_with = "whole_number")]
    duration_ms: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    explicit: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    is_local: bool,
    #[serde(default)]
    is_playable: Option<bool>,
    #[serde(default, deserialize_with = "null_as_default")]
    external_urls: ExternalUrls,
    #[serde(default, deserialize_with = "optional_whole_number")]
    disc_number: Option<u32>,
    #[serde(default, deserialize_with = "optional_whole_number")]
    track_number: Option<u32>,
    #[serde(default)]
    album: Option<SimplifiedAlbum>,
    #[serde(default, deserialize_with = "null_as_default")]
    artists: Vec<SimplifiedArtist>,
    #[serde(default, deserialize_with = "null_as_default")]
    external_ids: ExternalIds,
    #[serde(default)]
    preview_url: Option<String>,
    #[serde(default, deserialize_with = "optional_whole_number")]
    popularity: Option<u32>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, deserialize_with = "skip_null_entries")]
    images: Vec<Image>,
    #[serde(default)]
    release_date: Option<String>,
    #[serde(default)]
    release_date_precision: Option<ReleaseDatePrecision>,
    #[serde(default, deserialize_with = "null_as_default")]
    languages: Vec<String>,
    #[serde(default)]
    is_externally_hosted: Option<bool>,
    #[serde(default)]
    show: Option<SimplifiedShow>,
    #[serde(default)]
    resume_point: Option<ResumePoint>,
}

impl From<PlayableWire> for Playable {
    fn from(wire: PlayableWire) -> Self {
        let kind = match wire.kind.as_deref() {
            Some(kind) => kind.to_owned(),
            // Without a `type`, the URI still says what the item is.
            None if wire.uri.starts_with("spotify:episode:") => "episode".to_owned(),
            None => "track".to_owned(),
        };
        match kind.as_str() {
            "track" => Playable::Track(Box::new(Track {
                id: wire.id,
                name: wire.name,
                uri: wire.uri,
                duration_ms: wire.duration_ms,
                explicit: wire.explicit,
                is_local: wire.is_local,
                is_playable: wire.is_playable,
                disc_number: wire.disc_number,
                track_number: wire.track_number,
                album: wire.album,
                artists: wire.artists,
                external_ids: wire.external_ids,
                external_urls: wire.external_urls,
                preview_url: wire.preview_url,
                popularity: wire.popularity,
            })),
            "episode" => Playable::Episode(Box::new(Episode {
                id: wire.id,
                name: wire.name,
                uri: wire.uri,
                duration_ms: wire.duration_ms,
                explicit: wire.explicit,
                description: wire.description,
                images: wire.images,
                release_date: wire.release_date,
                release_date_precision: wire.release_date_precision,
                languages: wire.languages,
                is_externally_hosted: wire.is_externally_hosted,
                is_playable: wire.is_playable,
                show: wire.show,
                resume_point: wire.resume_point,
                external_urls: wire.external_urls,
            })),
            _ => Playable::Unsupported {
                kind,
                uri: Some(wire.uri).filter(|uri| !uri.is_empty()),
                name: Some(wire.name).filter(|name| !name.is_empty()),
            },
        }
    }
}
