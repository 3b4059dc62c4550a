//! The user's plays, newest first: songs, and podcast episodes kept apart.

use sqlx::PgPool;
use time::OffsetDateTime;

use super::{Listing, PageRequest};
use crate::StoreError;

/// One song play.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SongPlay {
    /// When the play ended.
    pub played_at: OffsetDateTime,
    /// None when recently played reported the play (it does not say for how long).
    pub ms_played: Option<i32>,
    pub track_id: Option<String>,
    /// Whether the catalog mirror has the track (so it has a page here).
    pub in_catalog: bool,
    /// The catalog's names, or the history's for a track the catalog does not have.
    pub title: Option<String>,
    pub artists: Option<String>,
    pub album: Option<String>,
    pub skipped: Option<bool>,
}

/// One podcast episode play from the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodePlay {
    pub played_at: OffsetDateTime,
    pub ms_played: i32,
    pub episode_uri: Option<String>,
    pub episode_name: Option<String>,
    pub show_name: Option<String>,
}

/// `page` of `user_id`'s song plays, newest first.
pub async fn song_plays(pool: &PgPool, user_id: i64, page: PageRequest) -> Result<Listing<SongPlay>, StoreError> {
    let total = sqlx::query_scalar!(r#"SELECT count(*) AS "total!" FROM plays WHERE user_id = $1"#, user_id)
        .fetch_one(pool)
        .await?;
    let rows = sqlx::query_as!(
        SongPlay,
        r#"SELECT p.played_at, p.ms_played, p.track_id, t.spotify_id IS NOT NULL AS "in_catalog!",
                  coalesce(t.name, p.track_name) AS title,
                  coalesce((SELECT string_agg(ar.name, ', ' ORDER BY ta.position)
                            FROM track_artists ta JOIN artists ar ON ar.spotify_id = ta.artist_id
                            WHERE ta.track_id = t.spotify_id), p.artist_name) AS artists,
                  coalesce(a.name, p.album_name) AS album, p.skipped
           FROM plays p
           LEFT JOIN tracks t ON t.spotify_id = p.track_id
           LEFT JOIN albums a ON a.spotify_id = t.album_id
           WHERE p.user_id = $1
           ORDER BY p.played_at DESC, p.id DESC
           LIMIT $2 OFFSET $3"#,
        user_id,
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await?;
    Ok(Listing { rows, total })
}

/// `page` of `user_id`'s podcast episode plays, newest first.
pub async fn episode_plays(pool: &PgPool, user_id: i64, page: PageRequest) -> Result<Listing<EpisodePlay>, StoreError> {
    let total = sqlx::query_scalar!(r#"SELECT count(*) AS "total!" FROM episode_plays WHERE user_id = $1"#, user_id)
        .fetch_one(pool)
        .await?;
    let rows = sqlx::query_as!(
        EpisodePlay,
        r#"SELECT played_at, ms_played, episode_uri, episode_name, show_name
           FROM episode_plays WHERE user_id = $1
           ORDER BY played_at DESC, id DESC
           LIMIT $2 OFFSET $3"#,
        user_id,
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await?;
    Ok(Listing { rows, total })
}
