//! Smart playlists, the domain service behind their pages and their scheduled refresh: previewing a rule over the
//! user's library (how many tracks match, the first ones and the conditions each met), saving rules (refusing a
//! smart playlist that would read itself), reading the target playlist from Spotify and showing what a write would
//! change, applying it with the fewest requests after storing what the playlist held, and undoing a run.

mod apply;
mod preview;
mod refresh;
mod target;

use std::collections::BTreeMap;

use crossfade_domain::{PlaylistName, RefreshOrder, RuleContext, SmartRules, refresh_order};
use crossfade_spotify::{ApiError, Scope};
use crossfade_store::StoreError;
use crossfade_store::smart_playlists::{self, Settings};
use sqlx::PgPool;
use time::OffsetDateTime;

pub use apply::{RunOutcome, append_track, apply, remove_entries, undo};
pub use preview::{PREVIEW_TRACKS, Preview, PreviewTrack, preview};
pub use refresh::{REFRESH_SMART_PLAYLISTS, refresh_due, request_due_refreshes, run_refresh};
pub use target::{Changes, changes};

/// The scopes writing a user's playlists needs (a private one, and a public one chosen as the target).
pub const WRITE_SCOPES: [Scope; 2] = [Scope::PlaylistModifyPrivate, Scope::PlaylistModifyPublic];

/// Why a smart playlist could not be saved, previewed, applied or undone.
#[derive(Debug, thiserror::Error)]
pub enum SmartError {
    #[error("the database failed")]
    Store(#[from] StoreError),
    #[error("Spotify call failed")]
    Spotify(#[from] ApiError),
    /// The user has no smart playlist (or run) of that id.
    #[error("no such smart playlist")]
    NotFound,
    /// Writing playlists needs scopes the user has not granted yet.
    #[error("Crossfade may not change this account's playlists yet")]
    NeedsPermission,
    /// The rule reads smart playlists in a loop; the names, the first repeated at the end.
    #[error("the smart playlists read each other in a loop: {}", .0.join(" → "))]
    Cycle(Vec<String>),
    /// The rule names a smart playlist the user does not have.
    #[error("smart playlist {0} does not exist")]
    UnknownReference(i64),
    /// The playlist changed on Spotify since the run being undone; undoing anyway would lose those changes.
    #[error("the playlist changed on Spotify since that run")]
    ChangedSince { summary: String },
    /// The entries chosen for removal are no longer where the library last saw them.
    #[error("the playlist changed on Spotify since the library was last synced")]
    EntriesMoved,
    /// The run cannot be undone: it wrote nothing, failed, or was undone already.
    #[error("that run cannot be undone: {0}")]
    NotUndoable(&'static str),
}

impl From<sqlx::Error> for SmartError {
    fn from(error: sqlx::Error) -> Self {
        SmartError::Store(StoreError::Database(error))
    }
}

/// What a rule is evaluated against at `now`: calibrations, the playlists smart playlists write to, and `seed`.
pub async fn rule_context(
    pool: &PgPool,
    user_id: i64,
    now: OffsetDateTime,
    seed: u64,
) -> Result<RuleContext, SmartError> {
    Ok(RuleContext {
        now: now.unix_timestamp(),
        seed,
        calibrations: crossfade_store::rules::calibration_scales(pool).await?,
        smart_playlists: smart_playlists::written_playlists(pool, user_id).await?,
    })
}

/// Saves a smart playlist (a new one when `id` is None); returns its id. Refused when the rule names a smart
/// playlist the user does not have, or when smart playlists would read each other in a loop.
pub async fn save(
    pool: &PgPool,
    user_id: i64,
    id: Option<i64>,
    settings: &Settings<'_>,
    now: OffsetDateTime,
) -> Result<i64, SmartError> {
    let mut reads = smart_playlists::references(pool, user_id).await?;
    if let Some(missing) =
        settings.rules.smart_references().into_iter().find(|reference| !reads.contains_key(reference))
    {
        return Err(SmartError::UnknownReference(missing));
    }
    if let Some(id) = id {
        reads.insert(id, settings.rules.smart_references());
        if let RefreshOrder::Cycle(cycle) = refresh_order(&reads) {
            let names = names(pool, user_id).await?;
            let named = cycle.iter().map(|id| names.get(id).cloned().unwrap_or_else(|| format!("#{id}"))).collect();
            return Err(SmartError::Cycle(named));
        }
        return if smart_playlists::update(pool, user_id, id, settings, now).await? {
            Ok(id)
        } else {
            Err(SmartError::NotFound)
        };
    }
    Ok(smart_playlists::create(pool, user_id, settings, now).await?)
}

/// The user's smart playlists' names by id.
async fn names(pool: &PgPool, user_id: i64) -> Result<BTreeMap<i64, String>, SmartError> {
    Ok(smart_playlists::list(pool, user_id).await?.into_iter().map(|summary| (summary.id, summary.name)).collect())
}

/// Whether the user granted the scopes writing playlists needs.
pub async fn may_write_playlists(pool: &PgPool, user_id: i64) -> Result<bool, StoreError> {
    crate::scopes::granted_all(pool, user_id, &WRITE_SCOPES).await
}

/// A default name for a new smart playlist.
pub fn default_name() -> PlaylistName {
    PlaylistName::parse("New smart playlist").expect("a valid name")
}

/// An empty rule over the whole library, what a new smart playlist starts from.
pub fn empty_rule() -> SmartRules {
    SmartRules::matching(crossfade_domain::Node::All(Vec::new()))
}
