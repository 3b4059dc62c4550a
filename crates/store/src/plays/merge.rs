//! Merging the staging table into `plays` and `episode_plays`, inside the import's transaction, with the track facts,
//! play counts and listening read model the new plays change.
//!
//! These are runtime-checked queries: the staging table is temporary, created inside the import's transaction, so
//! it does not exist in the database the query macros check against. The database tests cover them.

use sqlx::{Connection, PgConnection};

use crate::facts;

/// How the staged records merged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Merged {
    /// Plays only recently played knew, now completed with the history's details.
    pub(crate) upgraded: u64,
    pub(crate) plays_added: u64,
    pub(crate) episodes_added: u64,
}

/// Plays only recently played reported take the history's details: how long, why it started and ended.
const UPGRADE_RECENT_PLAYS: &str = "UPDATE plays AS p
    SET ms_played = s.ms_played, reason_start = s.reason_start, reason_end = s.reason_end,
        skipped = s.skipped, shuffle = s.shuffle, source = 'history',
        track_name = coalesce(p.track_name, s.name), artist_name = coalesce(p.artist_name, s.creator),
        album_name = coalesce(p.album_name, s.album)
    FROM history_staging AS s
    WHERE p.user_id = $1 AND p.source = 'recently_played' AND NOT s.episode
      AND p.played_at = to_timestamp(s.played_at) AND p.track_uri = s.uri";

/// New song plays only, each once: the same play twice in the export, or already stored, is skipped. Skipping them
/// here rather than with ON CONFLICT makes a large import markedly faster.
const INSERT_PLAYS: &str = "INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name,
        artist_name, album_name, reason_start, reason_end, skipped, shuffle, source)
    SELECT DISTINCT ON (s.played_at, s.uri) $1, to_timestamp(s.played_at), s.ms_played, s.uri, s.spotify_id, s.name,
        s.creator, s.album, s.reason_start, s.reason_end, s.skipped, s.shuffle, 'history'
    FROM history_staging AS s
    WHERE NOT s.episode AND NOT EXISTS (
        SELECT FROM plays AS p
        WHERE p.user_id = $1 AND p.played_at = to_timestamp(s.played_at) AND p.track_uri IS NOT DISTINCT FROM s.uri)
    ORDER BY s.played_at, s.uri";

/// New episode plays only, each once.
const INSERT_EPISODES: &str = "INSERT INTO episode_plays (user_id, played_at, ms_played, episode_uri, episode_name,
        show_name, reason_start, reason_end, skipped, shuffle)
    SELECT DISTINCT ON (s.played_at, s.uri) $1, to_timestamp(s.played_at), s.ms_played, s.uri, s.name, s.creator,
        s.reason_start, s.reason_end, s.skipped, s.shuffle
    FROM history_staging AS s
    WHERE s.episode AND NOT EXISTS (
        SELECT FROM episode_plays AS e
        WHERE e.user_id = $1 AND e.played_at = to_timestamp(s.played_at)
          AND e.episode_uri IS NOT DISTINCT FROM s.uri)
    ORDER BY s.played_at, s.uri";

/// The listening read model from the earliest staged record on (songs and episodes alike).
const REFRESH_LISTENING: &str =
    "SELECT FROM refresh_listening($1, (SELECT to_timestamp(min(played_at)) FROM history_staging))";

/// Every track the staged songs name: new plays and upgraded ones change these tracks' facts.
const REFRESH_FACTS: &str = "SELECT FROM refresh_track_facts($1, ARRAY(
        SELECT DISTINCT spotify_id FROM history_staging WHERE NOT episode AND spotify_id IS NOT NULL))";

/// Merges the staged records into the user's plays. Plays already stored are left alone, except those only
/// recently played reported, which take the history's details.
pub(crate) async fn merge(connection: &mut PgConnection, user_id: i64) -> Result<Merged, sqlx::Error> {
    // The planner knows nothing of a fresh temporary table; without statistics it may pick a poor join.
    sqlx::query("ANALYZE history_staging").execute(&mut *connection).await?;
    let upgraded = sqlx::query(UPGRADE_RECENT_PLAYS).bind(user_id).execute(&mut *connection).await?;
    let merged = Merged {
        upgraded: upgraded.rows_affected(),
        plays_added: insert_new(connection, INSERT_PLAYS, user_id).await?,
        episodes_added: insert_new(connection, INSERT_EPISODES, user_id).await?,
    };
    sqlx::query(REFRESH_FACTS).bind(user_id).execute(&mut *connection).await?;
    if merged != Merged::default() {
        sqlx::query(REFRESH_LISTENING).bind(user_id).execute(&mut *connection).await?;
    }
    facts::count_new_plays(connection, user_id, merged.plays_added, merged.episodes_added).await?;
    Ok(merged)
}

/// Runs one of the inserts above. A play recently played stores while the import runs can slip past its check and
/// collide; the insert is then repeated from a savepoint, ignoring collisions.
async fn insert_new(connection: &mut PgConnection, insert: &str, user_id: i64) -> Result<u64, sqlx::Error> {
    let mut attempt = connection.begin().await?;
    match sqlx::query(insert).bind(user_id).execute(&mut *attempt).await {
        Ok(inserted) => {
            attempt.commit().await?;
            Ok(inserted.rows_affected())
        }
        Err(error) if error.as_database_error().is_some_and(|error| error.is_unique_violation()) => {
            attempt.rollback().await?;
            let inserted = sqlx::query(&format!("{insert} ON CONFLICT DO NOTHING"))
                .bind(user_id)
                .execute(&mut *connection)
                .await?;
            Ok(inserted.rows_affected())
        }
        Err(error) => Err(error),
    }
}
