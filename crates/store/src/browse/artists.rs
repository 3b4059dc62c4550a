//! An artist as one user sees them: the catalog's details, whether the user follows them, and the user's tracks
//! and saved albums by them.

use crossfade_domain::{GenreId, GenreTree};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::StoreError;

/// The most tracks an artist page lists; the tracks table's search finds the rest.
const TRACKS_SHOWN: i64 = 100;

/// An artist the user follows, or has tracks or saved albums by.
#[derive(Clone, Debug, PartialEq)]
pub struct ArtistDetail {
    pub spotify_id: String,
    pub name: String,
    pub genres: Vec<String>,
    pub image_url: Option<String>,
    /// Whether the full artist object was read (only then does an empty `genres` mean Spotify sent none).
    pub details_fetched: bool,
    pub followed: bool,
    /// The user's tracks credited to the artist, most played first (at most a hundred).
    pub tracks: Vec<ArtistTrack>,
    /// How many of the user's tracks are credited to the artist.
    pub tracks_total: i64,
    /// The user's saved albums by the artist, newest release first.
    pub saved_albums: Vec<ArtistAlbum>,
    /// The genres of the user's tracks by the artist, from every provider: each track's genre weights count as
    /// one track, so a genre's share is the part of those tracks it stands for; heaviest first, at most six.
    pub track_genres: Vec<(GenreId, f64)>,
}

/// How many of an artist's genres the page names.
const GENRES_SHOWN: i64 = 6;

/// One of the user's tracks by the artist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtistTrack {
    pub spotify_id: String,
    pub name: String,
    pub album_id: String,
    pub album_name: String,
    pub duration_ms: i32,
    pub liked_at: Option<OffsetDateTime>,
    pub plays: i64,
}

/// A saved album by the artist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtistAlbum {
    pub spotify_id: String,
    pub name: String,
    pub release_date: Option<String>,
    pub image_url: Option<String>,
    pub saved_at: OffsetDateTime,
}

struct CreditedRow {
    spotify_id: String,
    name: String,
    album_id: String,
    album_name: String,
    duration_ms: i32,
    liked_at: Option<OffsetDateTime>,
    plays: i64,
    total: i64,
}

struct ArtistRow {
    spotify_id: String,
    name: String,
    genres: Vec<String>,
    image_url: Option<String>,
    details_fetched: bool,
    followed: bool,
}

/// The artist `artist_id` for `user_id`; None when unknown or when the user has nothing to do with them.
pub async fn artist(pool: &PgPool, user_id: i64, artist_id: &str) -> Result<Option<ArtistDetail>, StoreError> {
    let Some(row) = sqlx::query_as!(
        ArtistRow,
        r#"SELECT a.spotify_id, a.name, a.genres, a.image_url, a.details_fetched_at IS NOT NULL AS "details_fetched!",
                  EXISTS (SELECT 1 FROM followed_artists f WHERE f.user_id = $1 AND f.artist_id = a.spotify_id)
                      AS "followed!"
           FROM artists a WHERE a.spotify_id = $2"#,
        user_id,
        artist_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let credited = sqlx::query_as!(
        CreditedRow,
        r#"SELECT t.spotify_id, t.name, t.album_id, al.name AS album_name, t.duration_ms, f.liked_at,
                  f.plays::bigint AS "plays!", count(*) OVER () AS "total!"
           FROM track_artists ta
           JOIN track_facts f ON f.user_id = $1 AND f.track_id = ta.track_id
           JOIN tracks t ON t.spotify_id = ta.track_id
           JOIN albums al ON al.spotify_id = t.album_id
           WHERE ta.artist_id = $2
           ORDER BY f.plays DESC, f.liked_at DESC NULLS LAST, f.title_key, t.spotify_id
           LIMIT $3"#,
        user_id,
        artist_id,
        TRACKS_SHOWN,
    )
    .fetch_all(pool)
    .await?;
    let tracks_total = credited.first().map_or(0, |track| track.total);
    let tracks: Vec<ArtistTrack> = credited
        .into_iter()
        .map(|row| ArtistTrack {
            spotify_id: row.spotify_id,
            name: row.name,
            album_id: row.album_id,
            album_name: row.album_name,
            duration_ms: row.duration_ms,
            liked_at: row.liked_at,
            plays: row.plays,
        })
        .collect();
    let saved_albums = sqlx::query_as!(
        ArtistAlbum,
        r#"SELECT al.spotify_id, al.name, al.release_date, al.image_url, s.added_at AS saved_at
           FROM album_artists aa
           JOIN albums al ON al.spotify_id = aa.album_id
           JOIN saved_albums s ON s.album_id = al.spotify_id AND s.user_id = $1
           WHERE aa.artist_id = $2
           ORDER BY al.release_date DESC NULLS LAST, lower(al.name)"#,
        user_id,
        artist_id
    )
    .fetch_all(pool)
    .await?;
    if !row.followed && tracks.is_empty() && saved_albums.is_empty() {
        return Ok(None);
    }
    let tree = GenreTree::get();
    let track_genres = sqlx::query!(
        r#"WITH mine AS (
               SELECT ta.track_id FROM track_artists ta
               JOIN track_facts f ON f.user_id = $1 AND f.track_id = ta.track_id
               WHERE ta.artist_id = $2
           ), weights AS (
               SELECT g.track_id, g.genre, sum(g.weight) AS weight FROM track_genres g JOIN mine USING (track_id)
               WHERE g.user_id IS NULL OR g.user_id = $1
               GROUP BY g.track_id, g.genre
           ), shares AS (
               SELECT track_id, genre, weight / sum(weight) OVER (PARTITION BY track_id) AS share FROM weights
           )
           SELECT genre AS "genre!", (sum(share) / (SELECT count(DISTINCT track_id) FROM shares))::float8 AS "share!"
           FROM shares GROUP BY genre ORDER BY 2 DESC, 1 LIMIT $3"#,
        user_id,
        artist_id,
        GENRES_SHOWN,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|row| Some((tree.parse_id(&row.genre).ok()?, row.share)))
    .collect();
    Ok(Some(ArtistDetail {
        tracks_total,
        spotify_id: row.spotify_id,
        name: row.name,
        genres: row.genres,
        image_url: row.image_url,
        details_fetched: row.details_fetched,
        followed: row.followed,
        tracks,
        saved_albums,
        track_genres,
    }))
}
