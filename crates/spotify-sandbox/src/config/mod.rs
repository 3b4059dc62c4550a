//! Configuration of one sandbox run: seed, mode, catalog, demo users, registered client apps, faults, token lifetime,
//! provider knobs.

mod client;
mod users;

use std::time::Duration;

use time::OffsetDateTime;

pub use client::{ClientSpecError, RegisteredClient};
pub use users::{DemoUserSpec, DemoUserSpecError, default_demo_users};

use crate::faults::Faults;
use crate::providers::ProviderSettings;

/// Everything a sandbox run is built from. The catalog and the demo libraries are a pure function of `seed`,
/// `catalog`, `users` and the clock's start instant.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Seed of every generated value (catalog, libraries, injected-error draws).
    pub seed: u64,
    /// Which Web API surface is served.
    pub mode: Mode,
    /// Size or source of the catalog.
    pub catalog: CatalogOptions,
    /// The demo users who can sign in on the consent page.
    pub users: Vec<DemoUserSpec>,
    /// Client apps allowed to use the accounts service.
    pub clients: Vec<RegisteredClient>,
    /// Faults in force from the start.
    pub faults: Faults,
    /// Rate budgets and delays of the emulated providers (enrichment, Beatport, chart sources) and YouTube's quota.
    pub providers: ProviderSettings,
    /// Lifetime of issued access tokens (`expires_in`).
    pub access_token_lifetime: Duration,
    /// The instant the sandbox clock starts at; `None` starts it at the wall clock. Fix it for byte-identical
    /// timestamps across runs.
    pub start_time: Option<OffsetDateTime>,
    /// Serve on a non-loopback address. Off by default: anyone who reaches the sandbox can sign in as its demo
    /// users, so letting other machines reach it must be a deliberate choice.
    pub allow_remote: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            seed: 2026,
            mode: Mode::DevMode2026,
            catalog: CatalogOptions::default(),
            users: default_demo_users(),
            clients: Vec::new(),
            faults: Faults::default(),
            providers: ProviderSettings::default(),
            access_token_lifetime: Duration::from_secs(3600),
            start_time: None,
            allow_remote: false,
        }
    }
}

/// The Web API surface the sandbox serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A Development-Mode app as of 2026: removed endpoints answer 403/404, removed fields are absent.
    #[default]
    DevMode2026,
    /// An app with extended quota: batch reads, audio features, the legacy playlist `/tracks` paths, popularity.
    Extended,
}

impl Mode {
    /// Whether the extended (pre-2026) surface is served.
    pub fn is_extended(self) -> bool {
        self == Mode::Extended
    }
}

impl std::str::FromStr for Mode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "dev" | "devmode" | "dev-mode" | "devmode2026" | "dev_mode_2026" => Ok(Mode::DevMode2026),
            "extended" => Ok(Mode::Extended),
            other => Err(format!("unknown mode {other:?} (expected \"dev\" or \"extended\")")),
        }
    }
}

/// Size or source of the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogOptions {
    /// Number of generated tracks (grown automatically when a demo user likes more songs than this allows).
    pub tracks: usize,
    /// Number of generated podcast shows (their episodes appear in some playlists).
    pub shows: usize,
    /// Load the tracks from a CSV in the "Spotify tracks dataset" layout instead of generating them.
    pub csv: Option<CsvCatalog>,
}

impl Default for CatalogOptions {
    fn default() -> Self {
        Self { tracks: 5_000, shows: 6, csv: None }
    }
}

/// A CSV catalog, given as the file's text so that nothing is read behind the caller's back.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvCatalog {
    /// The whole CSV text.
    pub text: String,
    /// Reject the whole file at the first malformed row instead of skipping malformed rows.
    pub strict: bool,
}
