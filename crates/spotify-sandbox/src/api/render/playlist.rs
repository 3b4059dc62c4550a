//! Users as playlist owners and adders, playlists and their entries.

use serde_json::{Value, json};

use super::Render;
use crate::clock::format_seconds;
use crate::paging::PageLink;
use crate::state::{Entry, Item, Playlist, State};

/// Entries embedded in a full playlist object (Spotify embeds the first 100).
const EMBEDDED_ENTRIES: usize = 100;

impl Render<'_> {
    /// PlaylistUserObject (an entry's `added_by`).
    pub(crate) fn playlist_user(&self, user_id: &str) -> Value {
        json!({
            "external_urls": Self::external_urls("user", user_id),
            "href": self.api_url(&format!("users/{user_id}")),
            "id": user_id,
            "type": "user",
            "uri": format!("spotify:user:{user_id}"),
        })
    }

    /// PlaylistOwnerObject.
    pub(crate) fn playlist_owner(&self, user_id: &str, state: &State) -> Value {
        let mut value = self.playlist_user(user_id);
        value["display_name"] = json!(state.display_name(user_id));
        value
    }

    /// PublicUserObject.
    pub(crate) fn public_user(&self, user_id: &str, state: &State) -> Value {
        let mut value = self.playlist_owner(user_id, state);
        value["images"] = json!([]);
        if self.extended() {
            value["followers"] = json!({ "href": null, "total": 0 });
        }
        value
    }

    fn playlist_common(&self, playlist: &Playlist, state: &State) -> Value {
        // Spotify gives an empty playlist no mosaic: `images` is null.
        let images = if playlist.entries.is_empty() { Value::Null } else { self.images(&playlist.id) };
        json!({
            "collaborative": playlist.collaborative,
            "description": playlist.description,
            "external_urls": Self::external_urls("playlist", &playlist.id),
            "href": self.api_url(&format!("playlists/{}", playlist.id)),
            "id": playlist.id,
            "images": images,
            "name": playlist.name,
            "owner": self.playlist_owner(&playlist.owner, state),
            "public": playlist.public,
            "snapshot_id": playlist.snapshot_id(),
            "type": "playlist",
            "uri": format!("spotify:playlist:{}", playlist.id),
        })
    }

    /// SimplifiedPlaylistObject, with `items: {href, total}` (and the legacy `tracks` in Extended mode).
    pub(crate) fn playlist_simple(&self, playlist: &Playlist, state: &State) -> Value {
        let mut value = self.playlist_common(playlist, state);
        let total = playlist.entries.len();
        value["items"] = json!({ "href": self.api_url(&format!("playlists/{}/items", playlist.id)), "total": total });
        if self.extended() {
            value["tracks"] =
                json!({ "href": self.api_url(&format!("playlists/{}/tracks", playlist.id)), "total": total });
        }
        value
    }

    /// PlaylistObject. With `contents`, the first page of entries is embedded under `items` (and `tracks` in
    /// Extended mode); without, the key is absent, as for a Development-Mode app that neither owns nor
    /// collaborates on the playlist.
    pub(crate) fn playlist(&self, playlist: &Playlist, state: &State, contents: bool) -> Value {
        let mut value = self.playlist_common(playlist, state);
        value["followers"] = json!({ "href": null, "total": playlist.followers });
        if contents {
            let total = playlist.entries.len();
            let entries: Vec<Value> = playlist.entries.iter().take(EMBEDDED_ENTRIES).map(|e| self.entry(e)).collect();
            let link = PageLink::new(self.api_url(&format!("playlists/{}/items", playlist.id)));
            value["items"] = link.page(0, EMBEDDED_ENTRIES, total, entries.clone());
            if self.extended() {
                let link = PageLink::new(self.api_url(&format!("playlists/{}/tracks", playlist.id)));
                value["tracks"] = link.page(0, EMBEDDED_ENTRIES, total, entries);
            }
        }
        value
    }

    /// PlaylistTrackObject: `{added_at, added_by, is_local, item}` (plus the legacy `track` in Extended mode).
    pub(crate) fn entry(&self, entry: &Entry) -> Value {
        let item = self.item(&entry.item);
        let mut value = json!({
            "added_at": format_seconds(entry.added_at),
            "added_by": self.playlist_user(&entry.added_by),
            "is_local": matches!(entry.item, Item::Local(_)),
            "item": item,
        });
        if self.extended() {
            value["track"] = value["item"].clone();
        }
        value
    }
}
