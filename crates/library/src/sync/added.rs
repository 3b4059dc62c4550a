//! Liked songs and saved albums: lists Spotify keeps newest first, each entry with its `added_at`. An incremental
//! sync reads pages only until the first entry the mirror already holds with the same `added_at`; when the stored
//! count plus the new entries equals Spotify's total, nothing was removed further down and only the new entries
//! are written. Otherwise (something was removed, or a first sync) the whole list is read and replaces the mirror.

use crossfade_domain::Collection;
use crossfade_spotify::Page;
use crossfade_spotify::models::{SavedAlbum, SavedTrack};
use crossfade_store::mirror::collections::{self, AddedAt, Write};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::SyncKind;
use super::pages::{after, pages_from};
use super::progress::Tracker;
use crate::contention::retrying;
use crate::{Library, SyncError};

/// Syncs liked songs; answers how many entries were written.
pub(crate) async fn liked_songs(library: &Library, user_id: i64, kind: SyncKind) -> Result<usize, SyncError> {
    let mut tracker = Tracker::start(library, user_id, Collection::LikedSongs).await?;
    let known = collections::liked_tracks(&library.pool, user_id).await?;
    let first = library.gate.pass(library.spotify.saved_tracks(user_id)).await?;
    let read = read_added(library, user_id, kind, first, &known, track_key, &mut tracker).await?;
    retrying(|| collections::write_liked_tracks(&library.pool, user_id, &read.items, read.write)).await?;
    tracker.finish().await?;
    Ok(read.items.len())
}

/// Syncs saved albums; answers how many entries were written.
pub(crate) async fn saved_albums(library: &Library, user_id: i64, kind: SyncKind) -> Result<usize, SyncError> {
    let mut tracker = Tracker::start(library, user_id, Collection::SavedAlbums).await?;
    let known = collections::saved_albums(&library.pool, user_id).await?;
    let first = library.gate.pass(library.spotify.saved_albums(user_id)).await?;
    let read = read_added(library, user_id, kind, first, &known, album_key, &mut tracker).await?;
    retrying(|| collections::write_saved_albums(&library.pool, user_id, &read.items, read.write)).await?;
    tracker.finish().await?;
    Ok(read.items.len())
}

fn track_key(saved: &SavedTrack) -> Option<(&str, OffsetDateTime)> {
    Some((saved.track.id.as_deref()?, saved.added_at))
}

fn album_key(saved: &SavedAlbum) -> Option<(&str, OffsetDateTime)> {
    Some((saved.album.id.as_str(), saved.added_at))
}

/// What to write: the entries read and whether they replace or extend the mirror.
struct Read<T> {
    items: Vec<T>,
    write: Write,
}

async fn read_added<T>(
    library: &Library,
    user_id: i64,
    kind: SyncKind,
    first: Page<T>,
    known: &AddedAt,
    key: fn(&T) -> Option<(&str, OffsetDateTime)>,
    tracker: &mut Tracker<'_>,
) -> Result<Read<T>, SyncError>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let total = usize::try_from(first.total).unwrap_or(usize::MAX);
    tracker.set(first.items.len(), total).await?;
    let mut page = first;
    let mut items = std::mem::take(&mut page.items);
    if kind == SyncKind::Incremental && !known.is_empty() {
        loop {
            let is_known = |item: &T| key(item).is_some_and(|(id, added_at)| known.get(id) == Some(&added_at));
            if let Some(first_known) = items.iter().position(is_known) {
                if known.len() + first_known == total {
                    items.truncate(first_known);
                    return Ok(Read { items, write: Write::Add });
                }
                break;
            }
            match library.gate.pass(library.spotify.next_page(user_id, &page)).await? {
                Some(mut next) => {
                    tracker.advance(next.items.len()).await?;
                    items.append(&mut next.items);
                    page = next;
                }
                None => return Ok(Read { items, write: Write::Replace }),
            }
        }
    }
    let mut rest = pages_from(library, user_id, &page, after(&page), tracker).await?;
    items.append(&mut rest);
    Ok(Read { items, write: Write::Replace })
}
