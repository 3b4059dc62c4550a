//! What an export says about each play, once the fields that identify a device, a place or an account are gone.

use time::OffsetDateTime;

/// The URI prefix of Spotify's song URIs.
pub const TRACK_URI_PREFIX: &str = "spotify:track:";
/// The URI prefix of Spotify's podcast-episode URIs.
pub const EPISODE_URI_PREFIX: &str = "spotify:episode:";

/// One entry of a streaming-history file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Song(SongPlay),
    Episode(EpisodePlay),
    /// An audiobook chapter, or an entry that names nothing: counted, not kept.
    Other,
}

/// How a play started and ended, as every kind of play reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayDetails {
    /// When the play ended, in UTC, to the second.
    pub played_at: OffsetDateTime,
    /// How long it played, in milliseconds.
    pub ms_played: u32,
    /// Why it started (`trackdone`, `clickrow`, `fwdbtn`, …).
    pub reason_start: Option<String>,
    /// Why it ended (`trackdone`, `endplay`, `fwdbtn`, …).
    pub reason_end: Option<String>,
    pub skipped: Option<bool>,
    pub shuffle: Option<bool>,
}

/// A song play: known by its URI, or only by its name (local files have no URI).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SongPlay {
    pub details: PlayDetails,
    /// `spotify:track:<id>`.
    pub track_uri: Option<String>,
    pub track_name: Option<String>,
    /// The album's artist, the only artist the export names.
    pub artist_name: Option<String>,
    pub album_name: Option<String>,
}

impl SongPlay {
    /// The Spotify id in the track URI.
    pub fn track_id(&self) -> Option<&str> {
        self.track_uri.as_deref().and_then(|uri| uri.strip_prefix(TRACK_URI_PREFIX))
    }
}

/// A podcast-episode play.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodePlay {
    pub details: PlayDetails,
    /// `spotify:episode:<id>`.
    pub episode_uri: Option<String>,
    pub episode_name: Option<String>,
    pub show_name: Option<String>,
}

impl EpisodePlay {
    /// The Spotify id in the episode URI.
    pub fn episode_id(&self) -> Option<&str> {
        self.episode_uri.as_deref().and_then(|uri| uri.strip_prefix(EPISODE_URI_PREFIX))
    }
}
