//! One track as one user sees it: the catalog's details and everywhere it appears in their library (liked, which
//! playlists at which positions, and their plays), from the track's facts.

use sqlx::PgPool;
use time::OffsetDateTime;

use super::{ArtistCredit, credits};
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
    /// How many of those plays were skipped (as far as the history says).
    pub skips: i64,
    /// Listening time over the plays whose length is known; None when no play's length is (recently played does not
    /// report it).
    pub ms_played: Option<i64>,
    pub first_played_at: Option<OffsetDateTime>,
    pub last_played_at: Option<OffsetDateTime>,
}

struct FactsRow {
    in_catalog: bool,
    title: String,
    artist_ids: Vec<String>,
    artist_names: Vec<String>,
    artists: String,
    album_id: Option<String>,
    album_name: String,
    album_image_url: Option<String>,
    duration_ms: Option<i32>,
    explicit: Option<bool>,
    isrc: Option<String>,
    liked_at: Option<OffsetDateTime>,
    playlists: i32,
    plays: i32,
    skips: i32,
    ms_played: Option<i64>,
    first_played_at: Option<OffsetDateTime>,
    last_played_at: Option<OffsetDateTime>,
}

/// The track `track_id` for `user_id`; None when it is nowhere in the user's library.
pub async fn track(pool: &PgPool, user_id: i64, track_id: &str) -> Result<Option<TrackDetail>, StoreError> {
    let Some(row) = sqlx::query_as!(
        FactsRow,
        r#"SELECT f.in_catalog, f.title, f.artist_ids, f.artist_names, f.artists, f.album_id, f.album_name,
                  a.image_url AS "album_image_url?", f.duration_ms, t.explicit AS "explicit?", t.isrc AS "isrc?",
                  f.liked_at, f.playlists, f.plays, f.skips, f.ms_played, f.first_played_at, f.last_played_at
           FROM track_facts f
           LEFT JOIN tracks t ON t.spotify_id = f.track_id
           LEFT JOIN albums a ON a.spotify_id = f.album_id
           WHERE f.user_id = $1 AND f.track_id = $2"#,
        user_id,
        track_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let playlists = if row.playlists == 0 {
        Vec::new()
    } else {
        sqlx::query_as!(
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
        .await?
    };
    Ok(Some(TrackDetail {
        spotify_id: track_id.to_owned(),
        in_catalog: row.in_catalog,
        name: row.title,
        artists: credits(row.artist_ids, row.artist_names),
        history_artists: (!row.in_catalog).then_some(row.artists),
        album_id: row.album_id,
        album_name: (!row.album_name.is_empty()).then_some(row.album_name),
        album_image_url: row.album_image_url,
        duration_ms: row.duration_ms,
        explicit: row.explicit.unwrap_or(false),
        isrc: row.isrc,
        liked_at: row.liked_at,
        playlists,
        plays: PlayStats {
            count: i64::from(row.plays),
            skips: i64::from(row.skips),
            ms_played: row.ms_played,
            first_played_at: row.first_played_at,
            last_played_at: row.last_played_at,
        },
    }))
}
