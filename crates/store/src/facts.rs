//! Keeping the per-user track facts (the library's read model, table `track_facts`, with the per-user counts in
//! `library_summary`) exact. Every writer that changes what a user's library holds calls into here inside its own
//! transaction, with the tracks it touched; the recomputation itself is the SQL function `refresh_track_facts`
//! (migration `20261204000001_track_facts.sql`), so the writers, the backfill and the tests share one definition.

use sqlx::PgConnection;

/// Recomputes `user_id`'s facts of `tracks` (any the writer touched; more is harmless) and the user's counts.
pub(crate) async fn refresh(conn: &mut PgConnection, user_id: i64, tracks: &[String]) -> Result<(), sqlx::Error> {
    if tracks.is_empty() {
        return Ok(());
    }
    sqlx::query!("SELECT FROM refresh_track_facts($1, $2)", user_id, tracks).execute(conn).await?;
    Ok(())
}

/// Moves `user_id`'s read-model version on without changing any fact, for a write of something else that pages
/// kept for that version show (playlist names).
pub(crate) async fn touch(conn: &mut PgConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE library_summary SET version = version + 1 WHERE user_id = $1", user_id).execute(conn).await?;
    Ok(())
}

/// What a catalog write changed that the facts show: tracks inserted or changed (or whose credits changed), albums
/// renamed or redated, and artists renamed.
#[derive(Debug, Default)]
pub(crate) struct CatalogChanges {
    pub(crate) tracks: Vec<String>,
    pub(crate) changed_albums: Vec<String>,
    pub(crate) renamed_artists: Vec<String>,
}

/// Refreshes the facts of every user whose library holds a track the catalog write changed.
pub(crate) async fn refresh_after_catalog(
    conn: &mut PgConnection,
    changes: &CatalogChanges,
) -> Result<(), sqlx::Error> {
    let CatalogChanges { tracks, changed_albums, renamed_artists } = changes;
    if tracks.is_empty() && changed_albums.is_empty() && renamed_artists.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        "SELECT FROM refresh_track_facts_everywhere(ARRAY(
             SELECT unnest($1::text[])
             UNION SELECT t.spotify_id FROM tracks t WHERE t.album_id = ANY ($2)
             UNION SELECT ta.track_id FROM track_artists ta WHERE ta.artist_id = ANY ($3)))",
        tracks,
        changed_albums,
        renamed_artists,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds plays a writer stored to the user's play counts (moving the summary's version on).
pub(crate) async fn count_new_plays(
    conn: &mut PgConnection,
    user_id: i64,
    songs: u64,
    episodes: u64,
) -> Result<(), sqlx::Error> {
    if songs == 0 && episodes == 0 {
        return Ok(());
    }
    sqlx::query!(
        "INSERT INTO library_summary (user_id, song_plays, episode_plays) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET song_plays = library_summary.song_plays + EXCLUDED.song_plays,
             episode_plays = library_summary.episode_plays + EXCLUDED.episode_plays,
             version = library_summary.version + 1",
        user_id,
        i64::try_from(songs).unwrap_or(i64::MAX),
        i64::try_from(episodes).unwrap_or(i64::MAX),
    )
    .execute(conn)
    .await?;
    Ok(())
}
