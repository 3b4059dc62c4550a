//! Local emulations of the enrichment providers Crossfade calls (ReccoBeats, Deezer, MusicBrainz), of Beatport's
//! new-release catalog and of the chart sources (Spotify's chart downloads, Apple Music, Billboard, Deezer's charts,
//! Last.fm, Shazam, YouTube, SoundCloud), served on the sandbox's listener under `/reccobeats`, `/deezer`,
//! `/musicbrainz`, `/beatport`, `/spotify-charts`, `/apple-music`, `/billboard`, `/lastfm`, `/shazam`, `/youtube`
//! and `/soundcloud`: a client whose base URL is `{sandbox}/deezer` talks to the sandbox exactly as to
//! `https://api.deezer.com`.
//!
//! Each provider knows a deterministic part of the catalog and reports values derived from it with its own noise
//! and quirks; each has a rate budget, a slow-answer delay and injectable failures (see [`ProviderSettings`]). The
//! charts are drawn for the sandbox clock's day (see `charts`).

mod apple_music;
mod beatport;
mod billboard;
mod charts;
mod deezer;
mod deezer_chart;
mod gate;
mod genres;
mod identity;
mod lastfm;
mod musicbrainz;
mod reccobeats;
mod settings;
mod shazam;
mod soundcloud;
mod spotify_charts;
mod youtube;

use std::convert::Infallible;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::middleware::{from_fn, from_fn_with_state};

pub use beatport::{BeatportRelease, BeatportReleaseKind};
pub(crate) use beatport::{BeatportTokens, Shelves, current_week_start, week_of_genre};
pub(crate) use gate::ProviderState;
pub(crate) use identity::ProviderIndex;
pub use settings::{Provider, ProviderKnobs, ProviderSettings, RateBudget};

use crate::faults::counted_gate;
use crate::state::SharedSandbox;

/// The providers' routes under their path prefixes, each behind its gate and counted like the Web API.
pub(crate) fn routes(sandbox: &SharedSandbox) -> Router<SharedSandbox> {
    let gated = |provider: Provider, routes: Router<SharedSandbox>| {
        routes
            .route_layer(from_fn_with_state((SharedSandbox::clone(sandbox), provider), gate::provider_gate))
            .route_layer(from_fn_with_state(SharedSandbox::clone(sandbox), counted_gate))
    };
    let musicbrainz =
        gated(Provider::MusicBrainz, musicbrainz::routes()).route_layer(from_fn(musicbrainz::require_user_agent));
    Router::new()
        .nest("/reccobeats", gated(Provider::ReccoBeats, reccobeats::routes()))
        .nest("/deezer", gated(Provider::Deezer, deezer::routes().merge(deezer_chart::routes())))
        .nest("/musicbrainz", musicbrainz)
        .nest("/beatport", gated(Provider::Beatport, beatport::routes(sandbox)))
        .nest("/spotify-charts", gated(Provider::SpotifyCharts, spotify_charts::routes()))
        .nest("/apple-music", gated(Provider::AppleMusic, apple_music::routes()))
        .nest("/billboard", gated(Provider::Billboard, billboard::routes()))
        .nest("/lastfm", gated(Provider::LastFm, lastfm::routes()))
        .nest("/shazam", gated(Provider::Shazam, shazam::routes()))
        .nest("/youtube", gated(Provider::YouTube, youtube::routes()))
        .nest("/soundcloud", gated(Provider::SoundCloud, soundcloud::routes(sandbox)))
}

/// Every query parameter in order, repeated keys kept (ReccoBeats accepts `ids=a&ids=b`).
#[derive(Debug, Default)]
pub(crate) struct QueryPairs(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryPairs::parse(parts.uri.query().unwrap_or("")))
    }
}

impl QueryPairs {
    /// The pairs of a URL query string.
    fn parse(query: &str) -> Self {
        QueryPairs(url::form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    /// Every pair in order.
    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value.as_str()))
    }

    /// Every value of `name`.
    fn all<'q, 'n>(&'q self, name: &'n str) -> impl Iterator<Item = &'q str> + use<'q, 'n> {
        self.0.iter().filter(move |(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The first value of `name`.
    fn first(&self, name: &str) -> Option<&str> {
        self.all(name).next()
    }
}
