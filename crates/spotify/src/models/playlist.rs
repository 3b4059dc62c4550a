//! Playlists and their entries, accepting the 2026 keys (`items`, `item`) and the legacy ones (`tracks`, `track`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::common::{ExternalUrls, Followers, Image};
use super::playable::Playable;
use super::serde_util::whole_number;
use super::user::UserRef;
use crate::paging::Page;

/// A playlist as listed by `GET /me/playlists` or search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "wire::SimplifiedPlaylist")]
pub struct SimplifiedPlaylist {
    /// The Spotify id.
    pub id: String,
    /// The playlist's name.
    pub name: String,
    /// The description, if set.
    pub description: Option<String>,
    /// Others may edit it.
    pub collaborative: bool,
    /// Public, private, or not relevant (`None`).
    pub public: Option<bool>,
    /// The owner.
    pub owner: Option<UserRef>,
    /// The version: unchanged snapshot, unchanged contents.
    pub snapshot_id: String,
    /// Cover images (URLs expire within a day).
    pub images: Vec<Image>,
    /// `spotify:playlist:…`.
    pub uri: String,
    /// The playlist's Spotify page.
    pub external_urls: ExternalUrls,
    /// Where its entries are and how many (from `items`, or the legacy `tracks`).
    pub items: Option<PlaylistItemsRef>,
}

/// A link to a playlist's entries and their count.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaylistItemsRef {
    /// The entries endpoint.
    #[serde(default)]
    pub href: Option<String>,
    /// The number of entries.
    #[serde(default, deserialize_with = "whole_number")]
    pub total: u32,
}

/// A playlist from `GET /playlists/{id}`. `items` is present only when the user owns or collaborates on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "wire::FullPlaylist")]
pub struct Playlist {
    /// The Spotify id.
    pub id: String,
    /// The playlist's name.
    pub name: String,
    /// The description, if set.
    pub description: Option<String>,
    /// Others may edit it.
    pub collaborative: bool,
    /// Public, private, or not relevant (`None`).
    pub public: Option<bool>,
    /// The owner.
    pub owner: Option<UserRef>,
    /// The version.
    pub snapshot_id: String,
    /// Cover images.
    pub images: Vec<Image>,
    /// `spotify:playlist:…`.
    pub uri: String,
    /// The playlist's Spotify page.
    pub external_urls: ExternalUrls,
    /// Follower count, where reported.
    pub followers: Option<Followers>,
    /// The first page of entries (from `items`, or the legacy `tracks`); `None` when Spotify withholds them.
    pub items: Option<Page<PlaylistEntry>>,
}

/// One entry of a playlist. `item` is `None` when Spotify no longer has the track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "wire::PlaylistEntry")]
pub struct PlaylistEntry {
    /// When it was added (`None` on some very old playlists).
    #[serde(with = "time::serde::rfc3339::option")]
    pub added_at: Option<OffsetDateTime>,
    /// Who added it.
    pub added_by: Option<UserRef>,
    /// A local file.
    pub is_local: bool,
    /// The track or episode (from `item`, or the legacy `track`).
    pub item: Option<Playable>,
}

/// The version a playlist is at after a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaylistSnapshot {
    /// The new snapshot id.
    pub snapshot_id: String,
}

/// The wire shapes, with both the 2026 and the legacy keys.
mod wire {
    use serde::Deserialize;
    use serde::de::IgnoredAny;
    use time::OffsetDateTime;

    use super::super::common::{ExternalUrls, Followers, Image};
    use super::super::playable::Playable;
    use super::super::serde_util::{null_as_default, skip_null_entries};
    use super::super::user::UserRef;
    use super::PlaylistItemsRef;
    use crate::paging::Page;

    /// Either form of a playlist: `I` is how its entries come (a link or a first page), `F` its followers (read
    /// for the full form, skipped for the short one, which never failed on them).
    #[derive(Deserialize)]
    #[serde(bound(deserialize = "I: Deserialize<'de>, F: Deserialize<'de>"))]
    pub(super) struct Playlist<I, F> {
        id: String,
        #[serde(default, deserialize_with = "null_as_default")]
        name: String,
        #[serde(default)]
        description: Option<String>,
        #[serde(default, deserialize_with = "null_as_default")]
        collaborative: bool,
        #[serde(default)]
        public: Option<bool>,
        #[serde(default)]
        owner: Option<UserRef>,
        #[serde(default, deserialize_with = "null_as_default")]
        snapshot_id: String,
        #[serde(default, deserialize_with = "skip_null_entries")]
        images: Vec<Image>,
        #[serde(default, deserialize_with = "null_as_default")]
        uri: String,
        #[serde(default, deserialize_with = "null_as_default")]
        external_urls: ExternalUrls,
        #[serde(default)]
        followers: Option<F>,
        #[serde(default)]
        items: Option<I>,
        #[serde(default)]
        tracks: Option<I>,
    }

    /// The short form: entries as a link, followers skipped.
    pub(super) type SimplifiedPlaylist = Playlist<PlaylistItemsRef, IgnoredAny>;

    /// The full form: entries as a first page, followers read.
    pub(super) type FullPlaylist = Playlist<Page<super::PlaylistEntry>, Followers>;

    impl From<SimplifiedPlaylist> for super::SimplifiedPlaylist {
        fn from(wire: SimplifiedPlaylist) -> Self {
            Self {
                id: wire.id,
                name: wire.name,
                description: wire.description,
                collaborative: wire.collaborative,
                public: wire.public,
                owner: wire.owner,
                snapshot_id: wire.snapshot_id,
                images: wire.images,
                uri: wire.uri,
                external_urls: wire.external_urls,
                items: wire.items.or(wire.tracks),
            }
        }
    }

    impl From<FullPlaylist> for super::Playlist {
        fn from(wire: FullPlaylist) -> Self {
            Self {
                id: wire.id,
                name: wire.name,
                description: wire.description,
                collaborative: wire.collaborative,
                public: wire.public,
                owner: wire.owner,
                snapshot_id: wire.snapshot_id,
                images: wire.images,
                uri: wire.uri,
                external_urls: wire.external_urls,
                followers: wire.followers,
                items: wire.items.or(wire.tracks),
            }
        }
    }

    #[derive(Deserialize)]
    pub(super) struct PlaylistEntry {
        #[serde(default, with = "time::serde::rfc3339::option")]
        added_at: Option<OffsetDateTime>,
        #[serde(default)]
        added_by: Option<UserRef>,
        #[serde(default, deserialize_with = "null_as_default")]
        is_local: bool,
        #[serde(default)]
        item: Option<Playable>,
        #[serde(default)]
        track: Option<Playable>,
    }

    impl From<PlaylistEntry> for super::PlaylistEntry {
        fn from(wire: PlaylistEntry) -> Self {
            Self {
                added_at: wire.added_at,
                added_by: wire.added_by,
                is_local: wire.is_local,
                item: wire.item.or(wire.track),
            }
        }
    }
}
