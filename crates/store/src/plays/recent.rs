//! Plays polled from Spotify's recently played (the last 50 only): stored as they come, and the cursor for the
//! next poll.

use crossfade_history::TRACK_URI_PREFIX;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use crate::{StoreError, facts, listening};

/// One entry of recently played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentPlay {
    /// When the play ended; stored to the second, as the history export reports it.
    pub played_at: OffsetDateTime,
    pub track_uri: String,
    pub track_name: Option<String>,
    pub artist_name: Option<String>,
    pub album_name: Option<String>,
}

/// Stores plays from recently played, with the track facts, play counts and listening read model they change; plays already stored (by
/// an earlier poll or an import) are skipped. Returns how many were new. Run it inside a transaction so the plays
/// and the facts are committed together.
pub async fn record_recent_plays(
    conn: &mut PgConnection,
    user_id: i64,
    plays: &[RecentPlay],
) -> Result<u64, StoreError> {
    let played_at: Vec<OffsetDateTime> =
        plays.iter().map(|play| play.played_at.replace_nanosecond(0).unwrap_or(play.played_at)).collect();
    let uris: Vec<String> = plays.iter().map(|play| play.track_uri.clone()).collect();
    let ids: Vec<Option<String>> =
        plays.iter().map(|play| play.track_uri.strip_prefix(TRACK_URI_PREFIX).map(str::to_owned)).collect();
    let names: Vec<Option<String>> = plays.iter().map(|play| play.track_name.clone()).collect();
    let artists: Vec<Option<String>> = plays.iter().map(|play| play.artist_name.clone()).collect();
    let albums: Vec<Option<String>> = plays.iter().map(|play| play.album_name.clone()).collect();
    let inserted = sqlx::query_scalar!(
        r#"INSERT INTO plays (user_id, played_at, track_uri, track_id, track_name, artist_name, album_name, source)
           SELECT $1, played_at, uri, id, name, artist, album, 'recently_played'
           FROM UNNEST($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                AS play (played_at, uri, id, name, artist, album)
           ON CONFLICT DO NOTHING
           RETURNING track_id"#,
        user_id,
        &played_at,
        &uris,
        &ids as &[Option<String>],
        &names as &[Option<String>],
        &artists as &[Option<String>],
        &albums as &[Option<String>],
    )
    .fetch_all(&mut *conn)
    .await?;
    let added = inserted.len() as u64;
    let heard: Vec<String> = inserted.into_iter().flatten().collect();
    facts::refresh(conn, user_id, &heard).await?;
    facts::count_new_plays(conn, user_id, added, 0).await?;
    if added > 0
        && let Some(since) = played_at.iter().min()
    {
        listening::refresh(conn, user_id, *since).await?;
    }
    Ok(added)
}

/// When the user's latest known play ended, from any source: recently played can be asked for what came after.
/// (A history import knows every play up to its export, and upgraded plays no longer count as recently played.)
pub async fn latest_recent_play(pool: &PgPool, user_id: i64) -> Result<Option<OffsetDateTime>, StoreError> {
    let latest =
        sqlx::query_scalar!("SELECT max(played_at) FROM plays WHERE user_id = $1", user_id).fetch_one(pool).await?;
    Ok(latest)
}
