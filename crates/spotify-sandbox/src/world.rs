//! Building the sandbox's starting world from a configuration: catalog, demo libraries, playlists, OAuth store.

use std::collections::{BTreeMap, BTreeSet};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use time::OffsetDateTime;

use crate::accounts::TokenStore;
use crate::catalog::{Catalog, build_catalog};
use crate::config::SandboxConfig;
use crate::demo::build_world;
use crate::errors::SandboxError;
use crate::faults::RateWindows;
use crate::providers::{ProviderIndex, ProviderState};
use crate::state::State;

/// The catalog (shared, immutable) and the initial mutable state, as of `start`.
pub(crate) fn build(config: &SandboxConfig, start: OffsetDateTime) -> Result<(Catalog, State), SandboxError> {
    let mut seen = BTreeSet::new();
    if let Some(duplicate) = config.users.iter().find(|user| !seen.insert(user.id.as_str())) {
        return Err(SandboxError::DuplicateUser(duplicate.id.clone()));
    }
    let most_liked = config.users.iter().map(|user| user.liked_songs).max().unwrap_or(0);
    let (catalog, skipped_csv_rows) =
        build_catalog(config.seed, &config.catalog, start.date(), most_liked * 5 / 4 + 100)?;
    for skipped in &skipped_csv_rows {
        tracing::warn!(line = skipped.line, reason = %skipped.reason, "skipped a malformed catalog CSV row");
    }
    let world = build_world(config.seed, &catalog, &config.users, start);
    let mut fault_rng = ChaCha8Rng::seed_from_u64(config.seed);
    fault_rng.set_stream(3);
    let state = State {
        users: world.users,
        profiles: world.profiles,
        playlists: world.playlists,
        tokens: TokenStore::new(&config.clients, config.access_token_lifetime),
        faults: config.faults.clone(),
        fault_rng,
        rate_windows: RateWindows::default(),
        counters: BTreeMap::new(),
        skipped_csv_rows,
        providers: ProviderState::new(ProviderIndex::build(config.seed, &catalog), config.providers),
    };
    Ok((catalog, state))
}
