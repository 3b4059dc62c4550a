//! An album as one user sees it: the catalog's details, whether they saved it, and the album's tracks in their
//! library.

use sqlx::PgPool;
use time::OffsetDateTime;

use super::ArtistCredit;
use crate::StoreError;

/// An album the user saved or has tracks from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlbumDetail {
    pub spotify_id: String,
    pub name: String,
    pub album_type: Option<String>,
    /// As Spotify gives it: a year, a year and month, or a day.
    pub release_date: Option<String>,
    pub total_tracks: Option<i32>,
    pub image_url: Option<String>,
    pub label: Option<String>,
    pub artists: Vec<ArtistCredit>,
    /// When the user saved the album, if they did.
    pub saved_at: Option<OffsetDateTime>,
    /// The album's tracks that are in the user's library, in album order.
    pub tracks: Vec<AlbumTrack>,
}

/// A track of the album that the user liked, put in a playlist or played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlbumTrack {
    pub spotify_id: String,
    pub name: String,
    pub disc_number: Option<i16>,
    pub track_number: Option<i16>,
    pub duration_ms: i32,
    pub liked_at: Option<OffsetDateTime>,
    pub plays: i64,
}

struct AlbumRow {
    spotify_id: String,
    name: String,
    album_type: Option<String>,
    release_date: Option<String>,
    total_tracks: Option<i32>,
    image_url: Option<String>,
    label: Option<String>,
    saved_at: Option<OffsetDateTime>,
}

/// The album `album_id` for `user_id`; None when it is unknown or the user neither saved it nor has its tracks.
pub async fn album(pool: &PgPool, user_id: i64, album_id: &str) -> Result<Option<AlbumDetail>, StoreError> {
    let Some(row) = sqlx::query_as!(
        AlbumRow,
        r#"SELECT a.spotify_id, a.name, a.album_type, a.release_date, a.total_tracks, a.image_url, a.label,
                  s.added_at AS "saved_at?"
           FROM albums a LEFT JOIN saved_albums s ON s.album_id = a.spotify_id AND s.user_id = $1
           WHERE a.spotify_id = $2"#,
        user_id,
        album_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let tracks = sqlx::query_as!(
        AlbumTrack,
        r#"SELECT t.spotify_id, t.name, t.disc_number, t.track_number, t.duration_ms, f.liked_at,
                  f.plays::bigint AS "plays!"
           FROM tracks t
           JOIN track_facts f ON f.user_id = $1 AND f.track_id = t.spotify_id
           WHERE t.album_id = $2
           ORDER BY t.disc_number NULLS LAST, t.track_number NULLS LAST, t.name"#,
        user_id,
        album_id
    )
    .fetch_all(pool)
    .await?;
    if row.saved_at.is_none() && tracks.is_empty() {
        return Ok(None);
    }
    let artists = sqlx::query_as!(
        ArtistCredit,
        r#"SELECT ar.spotify_id, ar.name
           FROM album_artists aa JOIN artists ar ON ar.spotify_id = aa.artist_id
           WHERE aa.album_id = $1 ORDER BY aa.position"#,
        album_id
    )
    .fetch_all(pool)
    .await?;
    Ok(Some(AlbumDetail {
        spotify_id: row.spotify_id,
        name: row.name,
        album_type: row.album_type,
        release_date: row.release_date,
        total_tracks: row.total_tracks,
        image_url: row.image_url,
        label: row.label,
        artists,
        saved_at: row.saved_at,
        tracks,
    }))
}
