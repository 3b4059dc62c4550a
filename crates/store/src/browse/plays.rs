//! The user's plays, newest first: songs, and podcast episodes kept apart. Pages are read from the play they
//! continue from when the link names one (keyset paging, as cheap deep into a long history as at its start), else
//! by position; totals come from the user's summary row.

use crossfade_domain::{PlaysCursor, PlaysQuery};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::Listing;
use crate::StoreError;

/// One song play.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SongPlay {
    /// The play's id: what a link to the next or previous page continues from.
    pub id: i64,
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
    pub id: i64,
    pub played_at: OffsetDateTime,
    pub ms_played: i32,
    pub episode_uri: Option<String>,
    pub episode_name: Option<String>,
    pub show_name: Option<String>,
}

/// The user's song and episode play counts.
async fn totals(pool: &PgPool, user_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query!("SELECT song_plays, episode_plays FROM library_summary WHERE user_id = $1", user_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map_or((0, 0), |row| (row.song_plays, row.episode_plays)))
}

/// A page of song plays. The names come from the track's facts (the catalog's, or the history's for a track the
/// catalog lacks), and from the play itself when it names no track id.
macro_rules! song_plays_where {
    ($pool:expr, $user_id:expr, $condition:tt, $order:tt, $cursor:expr, $offset:expr) => {
        sqlx::query_as!(
            SongPlay,
            r#"SELECT p.id, p.played_at, p.ms_played, p.track_id, coalesce(f.in_catalog, false) AS "in_catalog!",
                      coalesce(f.title, p.track_name) AS title, coalesce(f.artists, p.artist_name) AS artists,
                      coalesce(f.album_name, p.album_name) AS album, p.skipped
               FROM plays p
               LEFT JOIN track_facts f ON f.user_id = p.user_id AND f.track_id = p.track_id
               WHERE p.user_id = $1 AND "#
                + $condition
                + " ORDER BY "
                + $order
                + " LIMIT $2 OFFSET $3",
            $user_id,
            i64::from(crossfade_domain::PLAYS_PER_PAGE),
            $offset,
            $cursor,
        )
        .fetch_all($pool)
        .await
    };
}

/// Which plays a page reads: after or before the play a link continues from, or by position.
enum Window {
    Older(i64),
    Newer(i64),
    At(i64),
}

/// The page `query` asks for, read through `read`: from its cursor when it has one that names one of the user's
/// plays (a link from before a disconnect does not), else by its position; always newest first.
async fn keyset_page<T, Read, Rows>(query: &PlaysQuery, read: Read) -> Result<Vec<T>, sqlx::Error>
where
    Read: Fn(Window) -> Rows,
    Rows: Future<Output = Result<Vec<T>, sqlx::Error>>,
{
    let rows = match query.cursor {
        Some(PlaysCursor::Older(id)) => read(Window::Older(id)).await?,
        Some(PlaysCursor::Newer(id)) => {
            let mut newer = read(Window::Newer(id)).await?;
            newer.reverse();
            newer
        }
        None => Vec::new(),
    };
    if rows.is_empty() { read(Window::At(query.page_request().offset())).await } else { Ok(rows) }
}

/// The page of `user_id`'s song plays `query` asks for, newest first.
pub async fn song_plays(pool: &PgPool, user_id: i64, query: &PlaysQuery) -> Result<Listing<SongPlay>, StoreError> {
    let (total, _) = totals(pool, user_id).await?;
    let rows = keyset_page(query, |window| async move {
        match window {
            Window::Older(id) => song_plays_where!(
                pool,
                user_id,
                "(p.played_at, p.id) < (SELECT c.played_at, c.id FROM plays c WHERE c.id = $4 AND c.user_id = $1)",
                "p.played_at DESC, p.id DESC",
                id,
                0_i64
            ),
            Window::Newer(id) => song_plays_where!(
                pool,
                user_id,
                "(p.played_at, p.id) > (SELECT c.played_at, c.id FROM plays c WHERE c.id = $4 AND c.user_id = $1)",
                "p.played_at, p.id",
                id,
                0_i64
            ),
            Window::At(offset) => {
                song_plays_where!(
                    pool,
                    user_id,
                    "$4::bigint IS NULL",
                    "p.played_at DESC, p.id DESC",
                    None::<i64>,
                    offset
                )
            }
        }
    })
    .await?;
    Ok(Listing { rows, total })
}

macro_rules! episode_plays_where {
    ($pool:expr, $user_id:expr, $condition:tt, $order:tt, $cursor:expr, $offset:expr) => {
        sqlx::query_as!(
            EpisodePlay,
            "SELECT id, played_at, ms_played, episode_uri, episode_name, show_name
             FROM episode_plays p
             WHERE p.user_id = $1 AND "
                + $condition
                + " ORDER BY "
                + $order
                + " LIMIT $2 OFFSET $3",
            $user_id,
            i64::from(crossfade_domain::PLAYS_PER_PAGE),
            $offset,
            $cursor,
        )
        .fetch_all($pool)
        .await
    };
}

/// The page of `user_id`'s podcast episode plays `query` asks for, newest first.
pub async fn episode_plays(
    pool: &PgPool,
    user_id: i64,
    query: &PlaysQuery,
) -> Result<Listing<EpisodePlay>, StoreError> {
    let (_, total) = totals(pool, user_id).await?;
    let rows = keyset_page(query, |window| async move {
        match window {
            Window::Older(id) => episode_plays_where!(
                pool,
                user_id,
                "(p.played_at, p.id) < (SELECT c.played_at, c.id FROM episode_plays c WHERE c.id = $4 AND c.user_id = $1)",
                "p.played_at DESC, p.id DESC",
                id,
                0_i64
            ),
            Window::Newer(id) => episode_plays_where!(
                pool,
                user_id,
                "(p.played_at, p.id) > (SELECT c.played_at, c.id FROM episode_plays c WHERE c.id = $4 AND c.user_id = $1)",
                "p.played_at, p.id",
                id,
                0_i64
            ),
            Window::At(offset) => episode_plays_where!(
                pool,
                user_id,
                "$4::bigint IS NULL",
                "p.played_at DESC, p.id DESC",
                None::<i64>,
                offset
            ),
        }
    })
    .await?;
    Ok(Listing { rows, total })
}
