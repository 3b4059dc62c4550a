//! The playlists in a user's list and their entries. The list is rewritten on every sync (metadata is cheap);
//! entries only when the playlist's `snapshot_id` differs from the one they were read at.

use std::collections::HashMap;

use crossfade_domain::PlaylistRelation;
use crossfade_spotify::models::{Playable, Playlist, PlaylistEntry, SimplifiedPlaylist};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::catalog::CatalogBatch;
use super::pick_image;
use crate::{StoreError, facts};

/// What the mirror knows of one of the user's playlists, to decide whether its entries must be read again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPlaylist {
    pub snapshot_id: String,
    /// The version whose entries are mirrored.
    pub items_snapshot_id: Option<String>,
    /// The version at which Spotify refused the entries.
    pub withheld_snapshot_id: Option<String>,
}

/// The user's playlists in the mirror, by Spotify id.
pub async fn stored_playlists(pool: &PgPool, user_id: i64) -> Result<HashMap<String, StoredPlaylist>, StoreError> {
    let rows = sqlx::query!(
        "SELECT spotify_id, snapshot_id, items_snapshot_id, withheld_snapshot_id FROM playlists WHERE user_id = $1",
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let stored = StoredPlaylist {
                snapshot_id: row.snapshot_id,
                items_snapshot_id: row.items_snapshot_id,
                withheld_snapshot_id: row.withheld_snapshot_id,
            };
            (row.spotify_id, stored)
        })
        .collect())
}

/// How the user relates to a listed playlist, from the list alone: a collaborative playlist someone else owns is
/// taken for one the user collaborates on until Spotify refuses its entries.
pub fn relation(playlist: &SimplifiedPlaylist, spotify_user_id: &str) -> PlaylistRelation {
    match &playlist.owner {
        Some(owner) if owner.id == spotify_user_id => PlaylistRelation::Owner,
        _ if playlist.collaborative => PlaylistRelation::Collaborator,
        _ => PlaylistRelation::Follower,
    }
}

/// Replaces the user's playlist list in one transaction: metadata upserted in list order, playlists no longer
/// listed deleted with their entries (and the facts of those entries' tracks refreshed).
pub async fn replace_playlist_list(
    pool: &PgPool,
    user_id: i64,
    spotify_user_id: &str,
    listed: &[SimplifiedPlaylist],
) -> Result<(), StoreError> {
    let mut seen = std::collections::HashSet::new();
    let listed: Vec<&SimplifiedPlaylist> = listed.iter().filter(|p| seen.insert(p.id.clone())).collect();
    let ids: Vec<String> = listed.iter().map(|p| p.id.clone()).collect();
    let positions: Vec<i32> = (0..).take(listed.len()).collect();
    let names: Vec<String> = listed.iter().map(|p| p.name.clone()).collect();
    let descriptions: Vec<String> = listed.iter().map(|p| p.description.clone().unwrap_or_default()).collect();
    let owner_ids: Vec<String> =
        listed.iter().map(|p| p.owner.as_ref().map(|o| o.id.clone()).unwrap_or_default()).collect();
    let owner_names: Vec<Option<String>> =
        listed.iter().map(|p| p.owner.as_ref().and_then(|o| o.display_name.clone())).collect();
    let relations: Vec<String> = listed.iter().map(|p| relation(p, spotify_user_id).code().to_owned()).collect();
    let public: Vec<Option<bool>> = listed.iter().map(|p| p.public).collect();
    let collaborative: Vec<bool> = listed.iter().map(|p| p.collaborative).collect();
    let snapshots: Vec<String> = listed.iter().map(|p| p.snapshot_id.clone()).collect();
    let totals: Vec<i32> = listed
        .iter()
        .map(|p| p.items.as_ref().map_or(0, |items| i32::try_from(items.total).unwrap_or(i32::MAX)))
        .collect();
    let images: Vec<Option<String>> = listed.iter().map(|p| pick_image(&p.images)).collect();
    let mut tx = pool.begin().await?;
    let dropped = sqlx::query_scalar!(
        r#"DELETE FROM playlist_items i USING playlists p
           WHERE p.id = i.playlist_id AND p.user_id = $1 AND NOT (p.spotify_id = ANY($2::text[]))
           RETURNING i.track_id AS "track_id?""#,
        user_id,
        &ids
    )
    .fetch_all(&mut *tx)
    .await?;
    let dropped: Vec<String> = dropped.into_iter().flatten().collect();
    let unlisted =
        sqlx::query!("DELETE FROM playlists WHERE user_id = $1 AND NOT (spotify_id = ANY($2::text[]))", user_id, &ids)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    facts::refresh(&mut tx, user_id, &dropped).await?;
    let changed = sqlx::query!(
        "INSERT INTO playlists (user_id, spotify_id, list_position, name, description, owner_spotify_id, owner_name,
                                relation, public, collaborative, snapshot_id, items_total, image_url)
         SELECT $1, * FROM UNNEST($2::text[], $3::int4[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                  $9::bool[], $10::bool[], $11::text[], $12::int4[], $13::text[])
         ON CONFLICT (user_id, spotify_id) DO UPDATE SET
            list_position = EXCLUDED.list_position, name = EXCLUDED.name, description = EXCLUDED.description,
            owner_spotify_id = EXCLUDED.owner_spotify_id, owner_name = EXCLUDED.owner_name,
            relation = CASE WHEN playlists.withheld_snapshot_id = EXCLUDED.snapshot_id THEN 'follower'
                            ELSE EXCLUDED.relation END,
            public = EXCLUDED.public, collaborative = EXCLUDED.collaborative, snapshot_id = EXCLUDED.snapshot_id,
            items_total = EXCLUDED.items_total, image_url = EXCLUDED.image_url
         WHERE (playlists.list_position, playlists.name, playlists.description, playlists.owner_spotify_id,
                playlists.owner_name, playlists.public, playlists.collaborative, playlists.snapshot_id,
                playlists.items_total, playlists.image_url)
            IS DISTINCT FROM (EXCLUDED.list_position, EXCLUDED.name, EXCLUDED.description,
                EXCLUDED.owner_spotify_id, EXCLUDED.owner_name, EXCLUDED.public, EXCLUDED.collaborative,
                EXCLUDED.snapshot_id, EXCLUDED.items_total, EXCLUDED.image_url)",
        user_id,
        &ids,
        &positions,
        &names,
        &descriptions,
        &owner_ids,
        &owner_names as &[Option<String>],
        &relations,
        &public as &[Option<bool>],
        &collaborative,
        &snapshots,
        &totals,
        &images as &[Option<String>],
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if unlisted + changed > 0 {
        // Pages kept for the read model's version show playlist names (the insights picker): move it on.
        facts::touch(&mut tx, user_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One playlist entry as stored.
#[derive(Default)]
struct ItemRows {
    positions: Vec<i32>,
    kinds: Vec<String>,
    tracks: Vec<Option<String>>,
    episodes: Vec<Option<String>>,
    local_uris: Vec<Option<String>>,
    local_names: Vec<Option<String>>,
    local_artists: Vec<Option<String>>,
    local_albums: Vec<Option<String>>,
    local_durations: Vec<Option<i32>>,
    added_at: Vec<Option<OffsetDateTime>>,
    added_by: Vec<Option<String>>,
}

impl ItemRows {
    fn push(&mut self, position: i32, entry: &PlaylistEntry, batch: &mut CatalogBatch) {
        let (mut track, mut episode, mut local) = (None, None, None);
        let kind = match &entry.item {
            Some(Playable::Track(t)) if entry.is_local || t.is_local || t.id.is_none() => {
                local = Some(t);
                "local"
            }
            Some(Playable::Track(t)) => match batch.add_track(t) {
                Some(id) => {
                    track = Some(id);
                    "track"
                }
                None => "unavailable",
            },
            Some(Playable::Episode(e)) => match batch.add_episode(e) {
                Some(id) => {
                    episode = Some(id);
                    "episode"
                }
                None => "unavailable",
            },
            Some(Playable::Unsupported { .. }) | None => "unavailable",
        };
        self.positions.push(position);
        self.kinds.push(kind.to_owned());
        self.tracks.push(track);
        self.episodes.push(episode);
        self.local_uris.push(local.map(|t| t.uri.clone()));
        self.local_names.push(local.map(|t| t.name.clone()));
        self.local_artists.push(local.and_then(|t| t.artists.first().map(|a| a.name.clone())));
        self.local_albums.push(local.and_then(|t| t.album.as_ref().map(|a| a.name.clone())));
        self.local_durations.push(local.map(|t| i32::try_from(t.duration_ms).unwrap_or(i32::MAX)));
        self.added_at.push(entry.added_at);
        self.added_by.push(entry.added_by.as_ref().map(|user| user.id.clone()));
    }
}

/// Replaces a playlist's entries with `entries` (in order) read at `snapshot_id`, in one transaction.
pub async fn replace_playlist_items(
    pool: &PgPool,
    user_id: i64,
    playlist_id: &str,
    snapshot_id: &str,
    entries: &[PlaylistEntry],
) -> Result<(), StoreError> {
    let mut batch = CatalogBatch::default();
    let mut rows = ItemRows::default();
    for (position, entry) in (0_i32..).zip(entries) {
        rows.push(position, entry, &mut batch);
    }
    let mut tx = pool.begin().await?;
    batch.write(&mut tx).await?;
    let id = sqlx::query_scalar!(
        "UPDATE playlists SET items_snapshot_id = $3, withheld_snapshot_id = NULL
         WHERE user_id = $1 AND spotify_id = $2 RETURNING id",
        user_id,
        playlist_id,
        snapshot_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    // The playlist left the list while its entries were being read: nothing to store them under.
    let Some(id) = id else { return Ok(()) };
    let replaced = sqlx::query_scalar!(
        r#"DELETE FROM playlist_items WHERE playlist_id = $1 RETURNING track_id AS "track_id?""#,
        id
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut touched: Vec<String> = replaced.into_iter().flatten().collect();
    sqlx::query!(
        "INSERT INTO playlist_items (playlist_id, position, kind, track_id, episode_id, local_uri, local_name,
                                     local_artist, local_album, local_duration_ms, added_at, added_by)
         SELECT $1, * FROM UNNEST($2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                  $9::text[], $10::int4[], $11::timestamptz[], $12::text[])",
        id,
        &rows.positions,
        &rows.kinds,
        &rows.tracks as &[Option<String>],
        &rows.episodes as &[Option<String>],
        &rows.local_uris as &[Option<String>],
        &rows.local_names as &[Option<String>],
        &rows.local_artists as &[Option<String>],
        &rows.local_albums as &[Option<String>],
        &rows.local_durations as &[Option<i32>],
        &rows.added_at as &[Option<OffsetDateTime>],
        &rows.added_by as &[Option<String>],
    )
    .execute(&mut *tx)
    .await?;
    touched.extend(rows.tracks.into_iter().flatten());
    facts::refresh(&mut tx, user_id, &touched).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a playlist Crossfade just wrote (and perhaps created) for the user, with its entries as read after the
/// write, so the library and the rules see it before the next sync. A playlist new to the list goes first in it.
pub async fn record_written_playlist(
    pool: &PgPool,
    user_id: i64,
    playlist: &Playlist,
    entries: &[PlaylistEntry],
) -> Result<(), StoreError> {
    let total = i32::try_from(entries.len()).unwrap_or(i32::MAX);
    let owner = playlist.owner.as_ref();
    sqlx::query!(
        "INSERT INTO playlists (user_id, spotify_id, list_position, name, description, owner_spotify_id, owner_name,
                                relation, public, collaborative, snapshot_id, items_total, image_url)
         VALUES ($1, $2, (SELECT coalesce(min(list_position), 0) - 1 FROM playlists WHERE user_id = $1), $3, $4, $5,
                 $6, 'owner', $7, $8, $9, $10, $11)
         ON CONFLICT (user_id, spotify_id) DO UPDATE SET
            name = EXCLUDED.name, description = EXCLUDED.description, public = EXCLUDED.public,
            collaborative = EXCLUDED.collaborative, snapshot_id = EXCLUDED.snapshot_id,
            items_total = EXCLUDED.items_total, image_url = EXCLUDED.image_url",
        user_id,
        playlist.id,
        playlist.name,
        playlist.description.clone().unwrap_or_default(),
        owner.map(|owner| owner.id.clone()).unwrap_or_default(),
        owner.and_then(|owner| owner.display_name.clone()),
        playlist.public,
        playlist.collaborative,
        playlist.snapshot_id,
        total,
        pick_image(&playlist.images),
    )
    .execute(pool)
    .await?;
    replace_playlist_items(pool, user_id, &playlist.id, &playlist.snapshot_id, entries).await
}

/// Forgets a playlist the user no longer has (Crossfade removed it from their library), with its entries.
pub async fn forget_playlist(pool: &PgPool, user_id: i64, playlist_id: &str) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let dropped = sqlx::query_scalar!(
        r#"DELETE FROM playlist_items i USING playlists p
           WHERE p.id = i.playlist_id AND p.user_id = $1 AND p.spotify_id = $2
           RETURNING i.track_id AS "track_id?""#,
        user_id,
        playlist_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let dropped: Vec<String> = dropped.into_iter().flatten().collect();
    sqlx::query!("DELETE FROM playlists WHERE user_id = $1 AND spotify_id = $2", user_id, playlist_id)
        .execute(&mut *tx)
        .await?;
    facts::refresh(&mut tx, user_id, &dropped).await?;
    facts::touch(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Records that Spotify refused the entries of a playlist at `snapshot_id`: the user only follows it.
pub async fn mark_items_withheld(
    pool: &PgPool,
    user_id: i64,
    playlist_id: &str,
    snapshot_id: &str,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "UPDATE playlists SET withheld_snapshot_id = $3, items_snapshot_id = NULL, relation = 'follower'
         WHERE user_id = $1 AND spotify_id = $2 RETURNING id",
        user_id,
        playlist_id,
        snapshot_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        let dropped = sqlx::query_scalar!(
            r#"DELETE FROM playlist_items WHERE playlist_id = $1 RETURNING track_id AS "track_id?""#,
            id
        )
        .fetch_all(&mut *tx)
        .await?;
        let dropped: Vec<String> = dropped.into_iter().flatten().collect();
        facts::refresh(&mut tx, user_id, &dropped).await?;
    }
    tx.commit().await?;
    Ok(())
}
