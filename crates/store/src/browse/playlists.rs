//! The user's playlists: the list as Spotify orders it, and one playlist's mirrored entries in position order.

use crossfade_domain::{PageRequest, PlaylistRelation};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::{ArtistCredit, Listing, credits};
use crate::StoreError;

/// A playlist in the user's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaylistSummary {
    pub spotify_id: String,
    pub name: String,
    pub description: String,
    pub owner_spotify_id: String,
    pub owner_name: Option<String>,
    pub relation: PlaylistRelation,
    pub collaborative: bool,
    /// None when Spotify did not say.
    pub public: Option<bool>,
    /// The number of entries Spotify reported.
    pub items_total: i32,
    pub image_url: Option<String>,
    /// Whether the entries were read from Spotify and are mirrored here.
    pub items_mirrored: bool,
}

/// One entry of a playlist, at its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaylistEntry {
    pub position: i32,
    pub added_at: Option<OffsetDateTime>,
    /// The Spotify user id of whoever added it.
    pub added_by: Option<String>,
    pub item: PlaylistItem,
}

/// What sits at a playlist position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaylistItem {
    Track {
        spotify_id: String,
        name: String,
        artists: Vec<ArtistCredit>,
        album_id: String,
        album_name: String,
        duration_ms: i32,
    },
    Episode {
        spotify_id: String,
        name: String,
        duration_ms: i32,
    },
    /// A file from the owner's device: only the names the device reported.
    Local {
        name: Option<String>,
        artist: Option<String>,
        album: Option<String>,
        duration_ms: Option<i32>,
    },
    /// Spotify lists an entry whose track it no longer has.
    Unavailable,
}

/// A playlist with one page of its mirrored entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaylistDetail {
    pub playlist: PlaylistSummary,
    /// Empty when the entries are not mirrored; `total` counts the mirrored entries.
    pub entries: Listing<PlaylistEntry>,
}

struct SummaryRow {
    spotify_id: String,
    name: String,
    description: String,
    owner_spotify_id: String,
    owner_name: Option<String>,
    relation: String,
    collaborative: bool,
    public: Option<bool>,
    items_total: i32,
    image_url: Option<String>,
    items_mirrored: bool,
}

impl From<SummaryRow> for PlaylistSummary {
    fn from(row: SummaryRow) -> Self {
        PlaylistSummary {
            spotify_id: row.spotify_id,
            name: row.name,
            description: row.description,
            owner_spotify_id: row.owner_spotify_id,
            owner_name: row.owner_name,
            // The column's CHECK allows only the three relations.
            relation: PlaylistRelation::parse(&row.relation).unwrap_or(PlaylistRelation::Follower),
            collaborative: row.collaborative,
            public: row.public,
            items_total: row.items_total,
            image_url: row.image_url,
            items_mirrored: row.items_mirrored,
        }
    }
}

/// The user's playlists in the order of their Spotify list.
pub async fn playlists(pool: &PgPool, user_id: i64) -> Result<Vec<PlaylistSummary>, StoreError> {
    let rows = sqlx::query_as!(
        SummaryRow,
        r#"SELECT spotify_id, name, description, owner_spotify_id, owner_name, relation, collaborative, public,
                  items_total, image_url, items_snapshot_id IS NOT NULL AS "items_mirrored!"
           FROM playlists WHERE user_id = $1
           ORDER BY list_position, name"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(PlaylistSummary::from).collect())
}

struct EntryRow {
    position: i32,
    kind: String,
    added_at: Option<OffsetDateTime>,
    added_by: Option<String>,
    track_id: Option<String>,
    track_name: Option<String>,
    artist_ids: Option<Vec<String>>,
    artist_names: Option<Vec<String>>,
    album_id: Option<String>,
    album_name: Option<String>,
    track_duration_ms: Option<i32>,
    episode_id: Option<String>,
    episode_name: Option<String>,
    episode_duration_ms: Option<i32>,
    local_name: Option<String>,
    local_artist: Option<String>,
    local_album: Option<String>,
    local_duration_ms: Option<i32>,
}

/// The user's playlist `spotify_id` with `page` of its entries; None when it is not in this user's list. A track's
/// names and credits come from the user's track facts (a playlist's tracks are in the user's library).
pub async fn playlist(
    pool: &PgPool,
    user_id: i64,
    spotify_id: &str,
    page: PageRequest,
) -> Result<Option<PlaylistDetail>, StoreError> {
    let Some(found) = sqlx::query!(
        r#"SELECT id, spotify_id, name, description, owner_spotify_id, owner_name, relation, collaborative, public,
                  items_total, image_url, items_snapshot_id IS NOT NULL AS "items_mirrored!",
                  (SELECT count(*) FROM playlist_items i WHERE i.playlist_id = p.id) AS "entries!"
           FROM playlists p WHERE user_id = $1 AND spotify_id = $2"#,
        user_id,
        spotify_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let rows = if page.offset() >= found.entries {
        Vec::new()
    } else {
        sqlx::query_as!(
            EntryRow,
            r#"SELECT i.position, i.kind, i.added_at, i.added_by, i.track_id, f.title AS "track_name?",
                      f.artist_ids AS "artist_ids?", f.artist_names AS "artist_names?", f.album_id AS "album_id?",
                      f.album_name AS "album_name?", f.duration_ms AS "track_duration_ms?",
                      i.episode_id, e.name AS "episode_name?", e.duration_ms AS "episode_duration_ms?",
                      i.local_name, i.local_artist, i.local_album, i.local_duration_ms
               FROM playlist_items i
               LEFT JOIN track_facts f ON f.user_id = $2 AND f.track_id = i.track_id
               LEFT JOIN episodes e ON e.spotify_id = i.episode_id
               WHERE i.playlist_id = $1
               ORDER BY i.position
               LIMIT $3 OFFSET $4"#,
            found.id,
            user_id,
            page.limit(),
            page.offset(),
        )
        .fetch_all(pool)
        .await?
    };
    let summary = SummaryRow {
        spotify_id: found.spotify_id,
        name: found.name,
        description: found.description,
        owner_spotify_id: found.owner_spotify_id,
        owner_name: found.owner_name,
        relation: found.relation,
        collaborative: found.collaborative,
        public: found.public,
        items_total: found.items_total,
        image_url: found.image_url,
        items_mirrored: found.items_mirrored,
    };
    let entries = rows.into_iter().map(entry).collect();
    Ok(Some(PlaylistDetail { playlist: summary.into(), entries: Listing { rows: entries, total: found.entries } }))
}

fn entry(row: EntryRow) -> PlaylistEntry {
    let item = match (row.kind.as_str(), row.track_id, row.episode_id) {
        ("track", Some(spotify_id), _) => PlaylistItem::Track {
            artists: credits(row.artist_ids.unwrap_or_default(), row.artist_names.unwrap_or_default()),
            spotify_id,
            name: row.track_name.unwrap_or_default(),
            album_id: row.album_id.unwrap_or_default(),
            album_name: row.album_name.unwrap_or_default(),
            duration_ms: row.track_duration_ms.unwrap_or_default(),
        },
        ("episode", _, Some(spotify_id)) => PlaylistItem::Episode {
            spotify_id,
            name: row.episode_name.unwrap_or_default(),
            duration_ms: row.episode_duration_ms.unwrap_or_default(),
        },
        ("local", _, _) => PlaylistItem::Local {
            name: row.local_name,
            artist: row.local_artist,
            album: row.local_album,
            duration_ms: row.local_duration_ms,
        },
        // The table's CHECKs tie each kind to its id, so only 'unavailable' is left.
        _ => PlaylistItem::Unavailable,
    };
    PlaylistEntry { position: row.position, added_at: row.added_at, added_by: row.added_by, item }
}
