//! The playlists in the user's list: the list itself on every sync (⌈p/50⌉ requests), then the entries of each
//! playlist the user may read (owned or collaborative) whose `snapshot_id` differs from the mirrored one. Playlists
//! are read concurrently; each one's entries are written in a transaction of its own together with its snapshot, so
//! a sync stopped halfway resumes with the playlists it had not finished.

use crossfade_domain::Collection;
use crossfade_spotify::ApiError;
use crossfade_spotify::models::SimplifiedPlaylist;
use crossfade_store::mirror::playlists::{self as mirror, StoredPlaylist};
use tokio::task::JoinSet;

use super::pages::{after, pages_from};
use super::progress::Tracker;
use crate::contention::retrying;
use crate::{Library, SyncError};

/// Syncs the playlist list and the entries that changed; answers how many playlists and entries were written.
pub(crate) async fn playlists(
    library: &Library,
    user_id: i64,
    spotify_user_id: &str,
) -> Result<(usize, usize), SyncError> {
    let mut tracker = Tracker::start(library, user_id, Collection::Playlists).await?;
    let mut first = library.gate.pass(library.spotify.my_playlists(user_id)).await?;
    tracker.set(first.items.len(), usize::try_from(first.total).unwrap_or(usize::MAX)).await?;
    let mut listed = std::mem::take(&mut first.items);
    listed.append(&mut pages_from(library, user_id, &first, after(&first), &mut tracker).await?);
    mirror::replace_playlist_list(&library.pool, user_id, spotify_user_id, &listed).await?;
    tracker.finish().await?;

    let stored = mirror::stored_playlists(&library.pool, user_id).await?;
    let changed: Vec<&SimplifiedPlaylist> = listed
        .iter()
        .filter(|playlist| mirror::relation(playlist, spotify_user_id).reads_entries())
        .filter(|playlist| stored.get(&playlist.id).is_some_and(|mirrored| needs_entries(playlist, mirrored)))
        .collect();
    let total_entries: u32 = changed.iter().map(|p| p.items.as_ref().map_or(0, |items| items.total)).sum();
    let mut entries_tracker = Tracker::start(library, user_id, Collection::PlaylistEntries).await?;
    entries_tracker.set(0, usize::try_from(total_entries).unwrap_or(usize::MAX)).await?;
    let mut reads = JoinSet::new();
    for playlist in changed {
        let (library, id, snapshot) = (library.clone(), playlist.id.clone(), playlist.snapshot_id.clone());
        if playlist.items.as_ref().is_some_and(|items| items.total == 0) {
            // Nothing to read: an empty playlist costs no request.
            retrying(|| mirror::replace_playlist_items(&library.pool, user_id, &id, &snapshot, &[])).await?;
            continue;
        }
        reads.spawn(async move { read_entries(&library, user_id, id, snapshot).await });
    }
    let mut written = 0;
    while let Some(read) = reads.join_next().await {
        let count = read??;
        written += count;
        entries_tracker.advance(count).await?;
    }
    entries_tracker.finish().await?;
    Ok((listed.len(), written))
}

/// Whether a listed playlist's entries must be read: its version is neither the mirrored one nor one at which
/// Spotify already refused them.
fn needs_entries(listed: &SimplifiedPlaylist, mirrored: &StoredPlaylist) -> bool {
    let snapshot = Some(&listed.snapshot_id);
    mirrored.items_snapshot_id.as_ref() != snapshot && mirrored.withheld_snapshot_id.as_ref() != snapshot
}

/// Reads and stores one playlist's entries; answers how many were stored.
async fn read_entries(library: &Library, user_id: i64, id: String, snapshot: String) -> Result<usize, SyncError> {
    let mut first = match library.gate.pass(library.spotify.playlist_items(user_id, &id)).await {
        Ok(first) => first,
        // Spotify shares the entries only with the owner and collaborators: the user just follows this one.
        Err(ApiError::Forbidden { .. }) => {
            mirror::mark_items_withheld(&library.pool, user_id, &id, &snapshot).await?;
            return Ok(0);
        }
        // Deleted since it was listed: the next sync's list drops it.
        Err(ApiError::NotFound { .. }) => return Ok(0),
        Err(error) => return Err(error.into()),
    };
    let mut entries = std::mem::take(&mut first.items);
    let mut quiet = Tracker::silent();
    entries.append(&mut pages_from(library, user_id, &first, after(&first), &mut quiet).await?);
    retrying(|| mirror::replace_playlist_items(&library.pool, user_id, &id, &snapshot, &entries)).await?;
    Ok(entries.len())
}
