//! Gathering Discover's candidates from Spotify's single-item reads: the releases (albums and singles) of the artists
//! a user plays most, and each release with its tracks. The progress is the installation's, like the catalog it
//! fills: how far each artist's releases were read and when they were last read to the end, and which releases were
//! read with their tracks. Each page and release is stored as it is read, so a run cut short carries on where it
//! stopped, and an artist read by one user's run is not read again for another's.

use crossfade_spotify::models::{Album, SimplifiedTrack};
use sqlx::PgPool;

use crate::StoreError;
use crate::mirror::catalog::CatalogBatch;

/// How many of a user's most-played artists are gathered.
pub const ARTISTS_PER_USER: i32 = 20;

/// How long after an artist's releases were read to the end they are read again, for new releases.
pub const REREAD_AFTER_DAYS: i32 = 30;

/// An artist whose releases are due to be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtistToGather {
    pub artist_id: String,
    /// Where an unfinished reading stopped: the next page's link as Spotify gave it. `None`: from the first page.
    pub next_page: Option<String>,
}

/// Among `user_id`'s most-played artists, those whose releases were not read to the end within
/// [`REREAD_AFTER_DAYS`], most played first.
pub async fn artists_to_gather(pool: &PgPool, user_id: i64) -> Result<Vec<ArtistToGather>, StoreError> {
    Ok(sqlx::query_as!(
        ArtistToGather,
        r#"SELECT top.artist_id AS "artist_id!", g.next_page
           FROM most_played_artists($1, $2) AS top
           LEFT JOIN gathered_artists g ON g.artist_id = top.artist_id
           WHERE g.listed_at IS NULL OR g.next_page IS NOT NULL
              OR g.listed_at < now() - make_interval(days => $3)
           ORDER BY top.plays DESC, top.artist_id"#,
        user_id,
        ARTISTS_PER_USER,
        REREAD_AFTER_DAYS,
    )
    .fetch_all(pool)
    .await?)
}

/// Records a page of `artist_id`'s releases starting at `offset`: its releases join those to read (unless read
/// already, or the catalog holds every track of them), and `next_page` is where the reading goes on (`None`: the
/// releases were read to the end).
pub async fn record_releases_page(
    pool: &PgPool,
    artist_id: &str,
    offset: i32,
    album_ids: &[String],
    next_page: Option<&str>,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO gathered_artists (artist_id, next_page, listed_at)
         VALUES ($1, $2, CASE WHEN $2::text IS NULL THEN now() END)
         ON CONFLICT (artist_id) DO UPDATE SET
            next_page = EXCLUDED.next_page, listed_at = coalesce(EXCLUDED.listed_at, gathered_artists.listed_at)",
        artist_id,
        next_page,
    )
    .execute(&mut *tx)
    .await?;
    // A release the catalog already holds in full (a saved album, say) costs no request.
    sqlx::query!(
        "INSERT INTO gathered_albums (album_id, artist_id, listed_position, tracks_read_at)
         SELECT given.id, $1, $2 + given.n::integer - 1,
                CASE WHEN EXISTS (SELECT FROM albums a WHERE a.spotify_id = given.id AND a.total_tracks IS NOT NULL
                                  AND a.total_tracks <= (SELECT count(*) FROM tracks t WHERE t.album_id = given.id))
                     THEN now() END
         FROM unnest($3::text[]) WITH ORDINALITY AS given (id, n)
         ON CONFLICT (album_id) DO NOTHING",
        artist_id,
        offset,
        album_ids,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Up to `limit` releases of `user_id`'s most-played artists still to be read with their tracks: the most-played
/// artist's first, each artist's in the order Spotify listed them.
pub async fn releases_to_read(pool: &PgPool, user_id: i64, limit: i64) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT g.album_id FROM most_played_artists($1, $2) AS top
         JOIN gathered_albums g ON g.artist_id = top.artist_id
         WHERE g.tracks_read_at IS NULL
         ORDER BY top.plays DESC, top.artist_id, g.listed_position
         LIMIT $3",
        user_id,
        ARTISTS_PER_USER,
        limit,
    )
    .fetch_all(pool)
    .await?)
}

/// Writes `album` with `tracks` (all of them, every page) to the catalog, refreshing the facts of every user who holds
/// one of them, and marks release `album_id` (the id it was asked for by) read, in one transaction. Answers how many
/// tracks the catalog took.
pub async fn write_release(
    pool: &PgPool,
    album_id: &str,
    album: &Album,
    tracks: &[SimplifiedTrack],
) -> Result<usize, StoreError> {
    let mut batch = CatalogBatch::default();
    let written = batch.add_album_tracks(album, tracks);
    let mut tx = pool.begin().await?;
    batch.write(&mut tx).await?;
    mark_read(&mut tx, album_id).await?;
    tx.commit().await?;
    Ok(written)
}

/// Marks a release Spotify no longer knows as read, so it is not asked for again.
pub async fn release_gone(pool: &PgPool, album_id: &str) -> Result<(), StoreError> {
    let mut conn = pool.acquire().await?;
    mark_read(&mut conn, album_id).await
}

async fn mark_read(conn: &mut sqlx::PgConnection, album_id: &str) -> Result<(), StoreError> {
    sqlx::query!("UPDATE gathered_albums SET tracks_read_at = now() WHERE album_id = $1", album_id)
        .execute(conn)
        .await?;
    Ok(())
}
