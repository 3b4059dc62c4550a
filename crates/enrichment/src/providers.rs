//! Clients of the enrichment providers, of the release feed (Beatport's catalog API), of the chart services' own
//! downloads and of the services that count plays (YouTube, SoundCloud). Each speaks its service's
//! real protocol (a base URL points it at the real service or at the sandbox's emulation), turns answers into the
//! domain core's values, and reports each service's own way of saying "slow down" (ReccoBeats' 429 with
//! `Retry-After`, Deezer's HTTP 200 with error code 4, MusicBrainz's 503) as one error the background jobs wait on.
//! Pacing is the caller's: the jobs pass every request through a gate with the provider's own budget.

mod app_token;
mod beatport;
mod chart_feeds;
mod deezer;
mod http;
mod musicbrainz;
mod play_counts;
mod reccobeats;

pub use beatport::Beatport;
pub use chart_feeds::{ChartFeeds, ServedChart};
pub use deezer::{Deezer, DeezerAlbum, DeezerTrack};
pub use http::{ProviderError, ProviderHttp};
pub use musicbrainz::{MusicBrainz, Recording, RecordingRef, Votes};
pub use play_counts::{Found, SoundCloud, YOUTUBE_IDS_PER_READ, YouTube};
pub use reccobeats::{RECCOBEATS_BATCH, ReccoBeats, ReccoBeatsTrack};
