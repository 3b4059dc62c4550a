//! A user's collections other than playlists: liked songs and saved albums (each with `added_at`), followed
//! artists, and top tracks and artists per time range. A full sync replaces a collection (what Spotify no longer
//! lists is deleted); an incremental one only adds what is new in front.

use std::collections::HashMap;

use crossfade_spotify::TimeRange;
use crossfade_spotify::models::{Artist, SavedAlbum, SavedTrack, Track};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::catalog::CatalogBatch;
use crate::{StoreError, facts};

/// Liked songs or saved albums as the mirror holds them: id → `added_at`, and how many.
pub type AddedAt = HashMap<String, OffsetDateTime>;

/// The liked songs the mirror holds for `user_id`.
pub async fn liked_tracks(pool: &PgPool, user_id: i64) -> Result<AddedAt, StoreError> {
    let rows =
        sqlx::query!("SELECT track_id, added_at FROM liked_tracks WHERE user_id = $1", user_id).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|row| (row.track_id, row.added_at)).collect())
}

/// The saved albums the mirror holds for `user_id`.
pub async fn saved_albums(pool: &PgPool, user_id: i64) -> Result<AddedAt, StoreError> {
    let rows =
        sqlx::query!("SELECT album_id, added_at FROM saved_albums WHERE user_id = $1", user_id).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|row| (row.album_id, row.added_at)).collect())
}

/// Whether a write adds to what is stored or replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// The items are everything Spotify lists: others are deleted.
    Replace,
    /// The items are new in front of what is stored.
    Add,
}

/// Stores liked songs, and the facts of the tracks that were liked, unliked or re-dated, in one transaction.
pub async fn write_liked_tracks(
    pool: &PgPool,
    user_id: i64,
    saved: &[SavedTrack],
    write: Write,
) -> Result<(), StoreError> {
    let mut batch = CatalogBatch::default();
    let mut liked: HashMap<String, OffsetDateTime> = HashMap::new();
    for item in saved {
        if let Some(id) = batch.add_track(&item.track) {
            liked.entry(id).or_insert(item.added_at);
        }
    }
    let (ids, added): (Vec<String>, Vec<OffsetDateTime>) = liked.into_iter().unzip();
    let mut tx = pool.begin().await?;
    batch.write(&mut tx).await?;
    let mut touched = Vec::new();
    if write == Write::Replace {
        touched = sqlx::query_scalar!(
            "DELETE FROM liked_tracks WHERE user_id = $1 AND NOT (track_id = ANY($2::text[])) RETURNING track_id",
            user_id,
            &ids
        )
        .fetch_all(&mut *tx)
        .await?;
    }
    let liked = sqlx::query_scalar!(
        "INSERT INTO liked_tracks (user_id, track_id, added_at)
         SELECT $1, * FROM UNNEST($2::text[], $3::timestamptz[])
         ON CONFLICT (user_id, track_id) DO UPDATE SET added_at = EXCLUDED.added_at
         WHERE liked_tracks.added_at <> EXCLUDED.added_at
         RETURNING track_id",
        user_id,
        &ids,
        &added,
    )
    .fetch_all(&mut *tx)
    .await?;
    touched.extend(liked);
    facts::refresh(&mut tx, user_id, &touched).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores saved albums in one transaction.
pub async fn write_saved_albums(
    pool: &PgPool,
    user_id: i64,
    saved: &[SavedAlbum],
    write: Write,
) -> Result<(), StoreError> {
    let mut batch = CatalogBatch::default();
    let mut albums: HashMap<String, OffsetDateTime> = HashMap::new();
    for item in saved {
        let id = batch.add_album(&item.album);
        albums.entry(id).or_insert(item.added_at);
    }
    let (ids, added): (Vec<String>, Vec<OffsetDateTime>) = albums.into_iter().unzip();
    let mut tx = pool.begin().await?;
    batch.write(&mut tx).await?;
    if write == Write::Replace {
        sqlx::query!("DELETE FROM saved_albums WHERE user_id = $1 AND NOT (album_id = ANY($2::text[]))", user_id, &ids)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query!(
        "INSERT INTO saved_albums (user_id, album_id, added_at)
         SELECT $1, * FROM UNNEST($2::text[], $3::timestamptz[])
         ON CONFLICT (user_id, album_id) DO UPDATE SET added_at = EXCLUDED.added_at
         WHERE saved_albums.added_at <> EXCLUDED.added_at",
        user_id,
        &ids,
        &added,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the followed artists in one transaction.
pub async fn replace_followed_artists(pool: &PgPool, user_id: i64, artists: &[Artist]) -> Result<(), StoreError> {
    let mut batch = CatalogBatch::default();
    let mut ids: Vec<String> = artists.iter().map(|artist| batch.add_artist(artist)).collect();
    ids.sort();
    ids.dedup();
    let mut tx = pool.begin().await?;
    batch.write(&mut tx).await?;
    sqlx::query!(
        "DELETE FROM followed_artists WHERE user_id = $1 AND NOT (artist_id = ANY($2::text[]))",
        user_id,
        &ids
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO followed_artists (user_id, artist_id) SELECT $1, * FROM UNNEST($2::text[])
         ON CONFLICT DO NOTHING",
        user_id,
        &ids
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The user's top tracks and artists for every time range, as Spotify ranked them.
#[derive(Debug, Default)]
pub struct TopLists {
    pub tracks: Vec<(TimeRange, Vec<Track>)>,
    pub artists: Vec<(TimeRange, Vec<Artist>)>,
}

/// Replaces the top lists in one transaction.
pub async fn replace_top_lists(pool: &PgPool, user_id: i64, top: &TopLists) -> Result<(), StoreError> {
    let mut batch = CatalogBatch::default();
    let (mut track_ranges, mut track_ranks, mut track_ids) = (Vec::new(), Vec::new(), Vec::new());
    for (range, tracks) in &top.tracks {
        let ids = tracks.iter().filter_map(|track| batch.add_track(track));
        for (rank, id) in (1_i16..).zip(ids) {
            track_ranges.push(range.as_str().to_owned());
            track_ranks.push(rank);
            track_ids.push(id);
        }
    }
    let (mut artist_ranges, mut artist_ranks, mut artist_ids) = (Vec::new(), Vec::new(), Vec::new());
    for (range, artists) in &top.artists {
        for (rank, artist) in (1_i16..).zip(artists) {
            artist_ranges.push(range.as_str().to_owned());
            artist_ranks.push(rank);
            artist_ids.push(batch.add_artist(artist));
        }
    }
    let mut tx = pool.begin().await?;
    batch.write(&mut tx).await?;
    // Ranks are positions, so a changed list is rewritten rather than diffed; unchanged rows are left alone.
    sqlx::query!(
        "DELETE FROM top_tracks WHERE user_id = $1
           AND (time_range, rank) NOT IN (SELECT * FROM UNNEST($2::text[], $3::int2[]))",
        user_id,
        &track_ranges,
        &track_ranks,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO top_tracks (user_id, time_range, rank, track_id)
         SELECT $1, * FROM UNNEST($2::text[], $3::int2[], $4::text[])
         ON CONFLICT (user_id, time_range, rank) DO UPDATE SET track_id = EXCLUDED.track_id
         WHERE top_tracks.track_id <> EXCLUDED.track_id",
        user_id,
        &track_ranges,
        &track_ranks,
        &track_ids,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM top_artists WHERE user_id = $1
           AND (time_range, rank) NOT IN (SELECT * FROM UNNEST($2::text[], $3::int2[]))",
        user_id,
        &artist_ranges,
        &artist_ranks,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO top_artists (user_id, time_range, rank, artist_id)
         SELECT $1, * FROM UNNEST($2::text[], $3::int2[], $4::text[])
         ON CONFLICT (user_id, time_range, rank) DO UPDATE SET artist_id = EXCLUDED.artist_id
         WHERE top_artists.artist_id <> EXCLUDED.artist_id",
        user_id,
        &artist_ranges,
        &artist_ranks,
        &artist_ids,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores plays from recently played, with their tracks and the facts they change, in one transaction; answers how
/// many were new.
pub async fn record_recently_played(
    pool: &PgPool,
    user_id: i64,
    played: &[crossfade_spotify::models::PlayHistory],
) -> Result<u64, StoreError> {
    let mut batch = CatalogBatch::default();
    let plays: Vec<crate::plays::RecentPlay> = played
        .iter()
        .map(|play| {
            batch.add_track(&play.track);
            crate::plays::RecentPlay {
                played_at: play.played_at,
                track_uri: play.track.uri.clone(),
                track_name: Some(play.track.name.clone()),
                artist_name: play.track.artists.first().map(|artist| artist.name.clone()),
                album_name: play.track.album.as_ref().map(|album| album.name.clone()),
            }
        })
        .collect();
    let mut tx = pool.begin().await?;
    batch.write(&mut tx).await?;
    let added = crate::plays::record_recent_plays(&mut tx, user_id, &plays).await?;
    tx.commit().await?;
    Ok(added)
}

/// Records a track Crossfade just saved to `user_id`'s Liked Songs (a catalog track), with the user's facts, so
/// the library shows it before the next sync. A track liked already keeps its date.
pub async fn record_liked_track(
    pool: &PgPool,
    user_id: i64,
    track_id: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO liked_tracks (user_id, track_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        user_id,
        track_id,
        at
    )
    .execute(&mut *tx)
    .await?;
    facts::refresh(&mut tx, user_id, &[track_id.to_owned()]).await?;
    tx.commit().await?;
    Ok(())
}
