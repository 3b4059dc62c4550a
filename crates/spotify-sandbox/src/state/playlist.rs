//! Playlists: entries (tracks, episodes, local files, unavailable items), collaborators, snapshot ids and the
//! edits the Web API allows.

use std::collections::BTreeSet;

use base64::Engine;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// A file from the owner's computer, listed but not in Spotify's catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalFile {
    pub artist: String,
    pub album: String,
    pub title: String,
    pub duration_ms: u32,
}

impl LocalFile {
    /// `spotify:local:artist:album:title:seconds`, words joined by `+` as Spotify writes them.
    pub(crate) fn uri(&self) -> String {
        let part = |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        format!(
            "spotify:local:{}:{}:{}:{}",
            part(&self.artist),
            part(&self.album),
            part(&self.title),
            self.duration_ms / 1000
        )
    }
}

/// What a playlist entry holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Track(usize),
    Episode(usize),
    Local(LocalFile),
    /// An item Spotify no longer serves: the entry's `item` is `null`.
    Unavailable,
}

/// One entry of a playlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub item: Item,
    pub added_at: OffsetDateTime,
    pub added_by: String,
}

/// A playlist.
#[derive(Debug, Clone)]
pub(crate) struct Playlist {
    pub id: String,
    pub owner: String,
    pub name: String,
    pub description: String,
    pub public: bool,
    pub collaborative: bool,
    pub collaborators: BTreeSet<String>,
    pub entries: Vec<Entry>,
    pub followers: u32,
    /// Spotify-owned editorial playlist, unreadable for Development-Mode apps.
    pub editorial: bool,
    version: u64,
    snapshot_id: String,
    past_snapshots: BTreeSet<String>,
}

/// A playlist edit that Spotify refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EditError {
    OutOfBounds,
    UnknownSnapshot,
}

impl Playlist {
    pub(crate) fn new(
        id: String,
        owner: String,
        name: String,
        description: String,
        public: bool,
        collaborative: bool,
    ) -> Self {
        let snapshot_id = snapshot(&id, 1);
        Self {
            id,
            owner,
            name,
            description,
            public,
            collaborative,
            collaborators: BTreeSet::new(),
            entries: Vec::new(),
            followers: 0,
            editorial: false,
            version: 1,
            snapshot_id,
            past_snapshots: BTreeSet::new(),
        }
    }

    pub(crate) fn snapshot_id(&self) -> &str {
        &self.snapshot_id
    }

    /// Records a mutation: every change gets a new snapshot id.
    pub(crate) fn touch(&mut self) {
        self.past_snapshots.insert(std::mem::take(&mut self.snapshot_id));
        self.version += 1;
        self.snapshot_id = snapshot(&self.id, self.version);
    }

    /// Whether `snapshot_id` is this playlist's current or an earlier snapshot.
    pub(crate) fn knows_snapshot(&self, snapshot_id: &str) -> bool {
        self.snapshot_id == snapshot_id || self.past_snapshots.contains(snapshot_id)
    }

    /// Owner or collaborator: may read the items and edit them.
    pub(crate) fn is_member(&self, user_id: &str) -> bool {
        self.owner == user_id || (self.collaborative && self.collaborators.contains(user_id))
    }

    /// Inserts items at `position` (or appends).
    pub(crate) fn insert(
        &mut self,
        items: Vec<Item>,
        position: Option<usize>,
        by: &str,
        at: OffsetDateTime,
    ) -> Result<(), EditError> {
        let position = position.unwrap_or(self.entries.len());
        if position > self.entries.len() {
            return Err(EditError::OutOfBounds);
        }
        let entries = items.into_iter().map(|item| Entry { item, added_at: at, added_by: by.to_owned() });
        self.entries.splice(position..position, entries);
        self.touch();
        Ok(())
    }

    /// Appends items at the end.
    pub(crate) fn append(&mut self, items: Vec<Item>, by: &str, at: OffsetDateTime) {
        let entries = items.into_iter().map(|item| Entry { item, added_at: at, added_by: by.to_owned() });
        self.entries.extend(entries);
        self.touch();
    }

    /// Replaces every entry.
    pub(crate) fn replace(&mut self, items: Vec<Item>, by: &str, at: OffsetDateTime) {
        self.entries = items.into_iter().map(|item| Entry { item, added_at: at, added_by: by.to_owned() }).collect();
        self.touch();
    }

    /// Moves `range_length` entries starting at `range_start` to before the entry at `insert_before` (an index
    /// in the playlist as it was before the move).
    pub(crate) fn reorder(
        &mut self,
        range_start: usize,
        insert_before: usize,
        range_length: usize,
        snapshot_id: Option<&str>,
    ) -> Result<(), EditError> {
        if snapshot_id.is_some_and(|id| !self.knows_snapshot(id)) {
            return Err(EditError::UnknownSnapshot);
        }
        let len = self.entries.len();
        let range_end = range_start.checked_add(range_length).ok_or(EditError::OutOfBounds)?;
        if range_length == 0 || range_end > len || insert_before > len {
            return Err(EditError::OutOfBounds);
        }
        if insert_before < range_start || insert_before > range_end {
            let moved: Vec<Entry> = self.entries.drain(range_start..range_end).collect();
            let target = if insert_before > range_start { insert_before - range_length } else { insert_before };
            self.entries.splice(target..target, moved);
        }
        self.touch();
        Ok(())
    }

    /// Removes every occurrence of the given items.
    pub(crate) fn remove_all(&mut self, items: &[Item], snapshot_id: Option<&str>) -> Result<(), EditError> {
        if snapshot_id.is_some_and(|id| !self.knows_snapshot(id)) {
            return Err(EditError::UnknownSnapshot);
        }
        self.remove_every(items);
        Ok(())
    }

    /// Removes every occurrence of the given items, whatever the snapshot.
    pub(crate) fn remove_every(&mut self, items: &[Item]) {
        self.entries.retain(|entry| !items.contains(&entry.item));
        self.touch();
    }
}

/// An opaque snapshot id that changes with every version.
fn snapshot(playlist_id: &str, version: u64) -> String {
    let digest = Sha256::new().chain_update(playlist_id.as_bytes()).chain_update(version.to_be_bytes()).finalize();
    let mut bytes = (version as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(&digest[..17]);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn playlist_of(tracks: &[usize]) -> Playlist {
        let mut playlist = Playlist::new("p".into(), "me".into(), "P".into(), String::new(), true, false);
        playlist.replace(tracks.iter().map(|t| Item::Track(*t)).collect(), "me", datetime!(2026-01-01 0:00 UTC));
        playlist
    }

    fn tracks(playlist: &Playlist) -> Vec<usize> {
        playlist.entries.iter().map(|e| if let Item::Track(t) = e.item { t } else { usize::MAX }).collect()
    }

    #[test]
    fn reorder_follows_spotify_semantics() {
        let mut p = playlist_of(&[0, 1, 2, 3, 4]);
        p.reorder(0, 5, 1, None).unwrap();
        assert_eq!(tracks(&p), vec![1, 2, 3, 4, 0]);
        p.reorder(4, 0, 1, None).unwrap();
        assert_eq!(tracks(&p), vec![0, 1, 2, 3, 4]);
        p.reorder(1, 4, 2, None).unwrap();
        assert_eq!(tracks(&p), vec![0, 3, 1, 2, 4]);
        assert_eq!(p.reorder(4, 0, 2, None), Err(EditError::OutOfBounds));
        assert_eq!(p.reorder(0, 1, 1, Some("nope")), Err(EditError::UnknownSnapshot));
    }

    #[test]
    fn every_mutation_changes_the_snapshot_and_old_ones_stay_known() {
        let mut p = playlist_of(&[0, 1, 0, 2]);
        let before = p.snapshot_id().to_owned();
        p.remove_all(&[Item::Track(0)], Some(&before)).unwrap();
        assert_eq!(tracks(&p), vec![1, 2]);
        assert_ne!(p.snapshot_id(), before);
        assert!(p.knows_snapshot(&before));
    }

    #[test]
    fn local_file_uris_use_plus_for_spaces() {
        let file = LocalFile {
            artist: "My Band".into(),
            album: "Demo".into(),
            title: "Song One".into(),
            duration_ms: 181_000,
        };
        assert_eq!(file.uri(), "spotify:local:My+Band:Demo:Song+One:181");
    }
}
