//! The sandbox's mutable world behind one lock: demo users' libraries, playlists, OAuth grants, faults,
//! rate-limit windows, request counters and the providers' knobs, tokens and YouTube quota. The catalog is immutable
//! and shared outside the lock.

mod library;
mod player;
mod playlist;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rand_chacha::ChaCha8Rng;
use url::Url;

pub(crate) use library::{Play, Saved, TimeRange, UserLibrary};
pub(crate) use player::{Device, Playback, Player, RepeatState};
pub(crate) use playlist::{EditError, Entry, Item, LocalFile, Playlist};

use crate::accounts::TokenStore;
use crate::catalog::{Catalog, SkippedRow};
use crate::clock::Clock;
use crate::config::Mode;
use crate::faults::{Faults, RateWindows};
use crate::providers::ProviderState;

/// The shared sandbox: fixed facts, the clock, the catalog and the locked mutable state.
#[derive(Debug)]
pub(crate) struct Sandbox {
    pub mode: Mode,
    pub base_url: Url,
    pub api_base_url: Url,
    pub catalog: Arc<Catalog>,
    pub clock: Clock,
    state: Mutex<State>,
}

/// Shared handle used by handlers and the control API.
pub(crate) type SharedSandbox = Arc<Sandbox>;

impl Sandbox {
    pub(crate) fn new(mode: Mode, base_url: Url, catalog: Arc<Catalog>, clock: Clock, state: State) -> Self {
        let api_base_url = base_url.join("v1/").unwrap_or_else(|_| base_url.clone());
        Self { mode, base_url, api_base_url, catalog, clock, state: Mutex::new(state) }
    }

    /// Locks the mutable state. A panic while holding the lock leaves data that is still consistent enough for
    /// a test double, so poisoning is ignored rather than propagated.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A user who can own playlists: a demo user, a curator or Spotify itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Profile {
    pub id: String,
    pub display_name: String,
}

/// Everything that changes while the sandbox runs.
#[derive(Debug)]
pub(crate) struct State {
    pub users: BTreeMap<String, UserLibrary>,
    pub profiles: BTreeMap<String, Profile>,
    pub playlists: HashMap<String, Playlist>,
    pub tokens: TokenStore,
    pub faults: Faults,
    pub fault_rng: ChaCha8Rng,
    pub rate_windows: RateWindows,
    pub counters: BTreeMap<String, u64>,
    pub skipped_csv_rows: Vec<SkippedRow>,
    pub providers: ProviderState,
}

impl State {
    /// The display name of any user id.
    pub(crate) fn display_name(&self, user_id: &str) -> Option<&str> {
        self.profiles.get(user_id).map(|profile| profile.display_name.as_str())
    }
}
