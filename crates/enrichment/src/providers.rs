//! Clients of the enrichment providers and of the release feed (Beatport's catalog API). Each speaks its service's
//! real protocol (a base URL points it at the real service or at the sandbox's emulation), turns answers into the
//! domain core's values, and reports each service's own way of saying "slow down" (ReccoBeats' 429 with
//! `Retry-After`, Deezer's HTTP 200 with error code 4, MusicBrainz's 503) as one error the background jobs wait on.
//! Pacing is the caller's: the jobs pass every request through a gate with the provider's own budget.

mod beatport;
mod deezer;
mod http;
mod musicbrainz;
mod reccobeats;

pub use beatport::Beatport;
pub use deezer::{Deezer, DeezerAlbum, DeezerTrack};
pub use http::{ProviderError, ProviderHttp};
pub use musicbrainz::{MusicBrainz, Recording, RecordingRef, Votes};
pub use reccobeats::{RECCOBEATS_BATCH, ReccoBeats, ReccoBeatsTrack};
