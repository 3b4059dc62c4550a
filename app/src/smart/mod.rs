//! Smart playlists: the list (`/smart`) with creating and importing, and each smart playlist's page
//! (`/smart/:id`) with the rule builder, the live preview, the JSON tab, its settings (target and schedule), the
//! changes a write would make on Spotify, applying, and the run history with undo. Every form is a plain form that
//! works without JavaScript; with it, the builder edits in place and the preview follows the typing.

mod builder;
mod changes;
mod json;
mod list;
mod page;
mod preview;
pub(crate) mod runs;
mod settings;

pub use list::SmartPlaylistsPage;
pub use page::SmartPlaylistPage;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::AppError;

/// One choice in a list of the user's playlists: a Spotify id (or `smart:{id}`) and a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub name: String,
}

/// The smart playlist `id` of the signed-in user, or 404.
#[cfg(feature = "ssr")]
pub(crate) async fn owned(
    id: i64,
) -> Result<(crate::account::Viewer, crossfade_store::smart_playlists::SmartPlaylist), AppError> {
    let viewer = crate::account::require_viewer()?;
    let pool = leptos::prelude::expect_context::<sqlx::PgPool>();
    let smart = crossfade_store::smart_playlists::get(&pool, viewer.user_id, id)
        .await
        .map_err(|error| crate::error::internal("reading the smart playlist failed", &error))?
        .ok_or_else(|| AppError::NotFound.answer())?;
    Ok((viewer, smart))
}

/// A smart playlist service failure as the browser may see it.
#[cfg(feature = "ssr")]
pub(crate) fn smart_failed(what: &str, error: crossfade_library::smart_playlists::SmartError) -> AppError {
    use crossfade_library::smart_playlists::SmartError;
    match error {
        SmartError::NotFound => AppError::NotFound.answer(),
        SmartError::NeedsPermission => AppError::invalid(
            "permission",
            "Crossfade may not change your Spotify playlists yet: allow it with the button on this page.",
        )
        .answer(),
        SmartError::Cycle(names) => AppError::invalid(
            "rule",
            format!("Smart playlists would read each other in a loop: {}.", names.join(" → ")),
        )
        .answer(),
        SmartError::UnknownReference(id) => {
            AppError::invalid("rule", format!("The rule names smart playlist {id}, which you do not have.")).answer()
        }
        SmartError::ChangedSince { summary } => AppError::invalid(
            "undo",
            format!(
                "The playlist changed on Spotify since that run ({summary}). Undoing it now would lose those changes."
            ),
        )
        .answer(),
        SmartError::EntriesMoved => AppError::invalid(
            "remove",
            "The playlist changed on Spotify since your library was last synced, so nothing was removed; sync it and look again.",
        )
        .answer(),
        SmartError::NotUndoable(why) => {
            AppError::invalid("undo", format!("That run cannot be undone: {why}.")).answer()
        }
        SmartError::Spotify(crossfade_spotify::ApiError::RateLimited { retry_at, .. }) => AppError::invalid(
            "spotify",
            format!(
                "Spotify asked Crossfade to wait until {:02}:{:02} UTC; try again then.",
                retry_at.hour(),
                retry_at.minute()
            ),
        )
        .answer(),
        SmartError::Spotify(crossfade_spotify::ApiError::NeedsSignIn) => {
            AppError::invalid("spotify", "Spotify ended Crossfade's access to your account: sign in again.").answer()
        }
        other => crate::error::internal(what, &other),
    }
}
