//! One track as one user sees it: the catalog's details and everywhere it appears in their library (liked, which
//! playlists at which positions, and their plays).

use sqlx::PgPool;
use time::OffsetDateTime;

use super::{ArtistCredit, track_credits};
use crate::StoreError;

/// A track the user liked, put in a playlist or played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackDetail {
    pub spotify_id: String,
    /// False when only plays name the track: then the names come from the history and the catalog fields are empty.
    pub in_catalog: bool,
    pub name: String,
    pub artists: Vec<ArtistCredit>,
    /// The artist names the history gave, for a track not in the catalog.
    pub history_artists: Option<String>,
    pub album_id: Option<String>,
    pub album_name: Option<String>,
    pub album_image_url: Option<String>,
    pub duration_ms: Option<i32>,
    pub explicit: bool,
    pub isrc: Option<String>,
    pub liked_at: Option<OffsetDateTime>,
    /// The user's playlists holding the track, in the order of their list.
    pub playlists: Vec<PlaylistPlacement>,
    pub plays: PlayStats,
}

/// A playlist holding the track, and where (0 = first entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaylistPlacement {
    pub spotify_id: String,
    pub name: String,
    pub positions: Vec<i32>,
}

/// The user's plays of one track.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlayStats {
    pub count: i64,
    /// Listening time over the plays whose length is known; None when no play's length is (recently played does not
    /// report it).
    pub ms_played: Option<i64>,
    pub first_played_at: Option<OffsetDateTime>,
    pub last_played_at: Option<OffsetDateTime>,
}

struct CatalogRow {
    name: String,
    album_id: String,
    album_name: String,
    album_image_url: Option<String>,
    duration_ms: i32,
    explicit: bool,
    isrc: Option<String>,
    liked_at: Option<OffsetDateTime>,
}

struct PlaysRow {
    count: i64,
    ms_played: Option<i64>,
    first_played_at: Option<OffsetDateTime>,
    last_played_at: Option<OffsetDateTime>,
    track_name: Option<String>,
    artist_name: Option<String>,
    album_name: Option<String>,
}

/// The track `track_id` for `user_id`; None when it is nowhere in the user's library.
pub async fn track(pool: &PgPool, user_id: i64, track_id: &str) -> Result<Option<TrackDetail>, StoreError> {
    let catalog = sqlx::query_as!(
        CatalogRow,
        r#"SELECT t.name, t.album_id, a.name AS album_name, a.image_url AS album_image_url, t.duration_ms,
                  t.explicit, t.isrc, l.added_at AS "liked_at?"
           FROM tracks t
           JOIN albums a ON a.spotify_id = t.album_id
           LEFT JOIN liked_tracks l ON l.user_id = $1 AND l.track_id = t.spotify_id
           WHERE t.spotify_id = $2"#,
        user_id,
        track_id
    )
    .fetch_optional(pool)
    .await?;
    let playlists = sqlx::query_as!(
        PlaylistPlacement,
        r#"SELECT p.spotify_id, p.name, array_agg(i.position ORDER BY i.position) AS "positions!"
           FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
           WHERE p.user_id = $1 AND i.track_id = $2
           GROUP BY p.id
           ORDER BY min(p.list_position), p.name"#,
        user_id,
        track_id
    )
    .fetch_all(pool)
    .await?;
    let plays = sqlx::query_as!(
        PlaysRow,
        r#"SELECT count(*) AS "count!", sum(ms_played)::bigint AS ms_played,
                  min(played_at) AS first_played_at, max(played_at) AS last_played_at,
                  max(track_name) AS track_name, max(artist_name) AS artist_name, max(album_name) AS album_name
           FROM plays WHERE user_id = $1 AND track_id = $2"#,
        user_id,
        track_id
    )
    .fetch_one(pool)
    .await?;
    let liked_at = catalog.as_ref().and_then(|row| row.liked_at);
    if liked_at.is_none() && playlists.is_empty() && plays.count == 0 {
        return Ok(None);
    }
    let stats = PlayStats {
        count: plays.count,
        ms_played: plays.ms_played,
        first_played_at: plays.first_played_at,
        last_played_at: plays.last_played_at,
    };
    let detail = match catalog {
        Some(row) => TrackDetail {
            spotify_id: track_id.to_owned(),
            in_catalog: true,
            name: row.name,
            artists: track_credits(pool, &[track_id.to_owned()]).await?.remove(track_id).unwrap_or_default(),
            history_artists: None,
            album_id: Some(row.album_id),
            album_name: Some(row.album_name),
            album_image_url: row.album_image_url,
            duration_ms: Some(row.duration_ms),
            explicit: row.explicit,
            isrc: row.isrc,
            liked_at,
            playlists,
            plays: stats,
        },
        None => TrackDetail {
            spotify_id: track_id.to_owned(),
            in_catalog: false,
            name: plays.track_name.unwrap_or_default(),
            artists: Vec::new(),
            history_artists: plays.artist_name,
            album_id: None,
            album_name: plays.album_name,
            album_image_url: None,
            duration_ms: None,
            explicit: false,
            isrc: None,
            liked_at: None,
            playlists,
            plays: stats,
        },
    };
    Ok(Some(detail))
}
