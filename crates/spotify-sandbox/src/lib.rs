//! A faithful local emulation of Spotify's accounts service and Web API for demos, tests and benchmarks.
//!
//! [`start`] builds a deterministic world from a [`SandboxConfig`] (catalog, demo users' libraries, playlists),
//! serves the accounts service at [`RunningSandbox::base_url`] and the Web API at
//! [`RunningSandbox::api_base_url`], and hands out a [`Control`] to inject faults, move the clock, read request
//! counters and issue grants without a browser. The same listener serves emulations of the enrichment providers,
//! of Beatport's new-release catalog and of the chart sources (Spotify's chart downloads, Apple Music, Billboard,
//! Deezer's charts, Last.fm, Shazam, YouTube, SoundCloud) under [`RunningSandbox::provider_base_url`].

mod accounts;
mod admin;
mod api;
pub mod catalog;
mod clock;
mod config;
mod control;
mod demo;
mod errors;
mod export;
mod faults;
mod images;
mod paging;
mod providers;
mod server;
mod state;
mod world;

pub use config::{
    CatalogOptions, ClientSpecError, CsvCatalog, DemoUserSpec, DemoUserSpecError, Mode, RegisteredClient,
    SandboxConfig, default_demo_users,
};
pub use control::{Control, DemoUserSummary, Grant, PlaylistSummary};
pub use errors::{ControlError, SandboxError};
pub use faults::{Faults, RateLimit, RateLimitBody, ScheduledFault};
pub use providers::{BeatportRelease, BeatportReleaseKind, Provider, ProviderKnobs, ProviderSettings, RateBudget};
pub use server::{RunningSandbox, start};
