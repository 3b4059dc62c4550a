//! Duplicates in a user's library by recording: the same ISRC (or, without one, the same Spotify track) more than
//! once in one playlist or in liked songs (perhaps as different releases of it), or in several playlists. Read from
//! the mirrored playlist entries and likes with the catalog's ISRCs, through their indexes.

use sqlx::PgPool;

use crate::StoreError;

/// Groups a page lists at most; each group's entries all come along.
const MOST_ENTRIES: i64 = 2_000;

/// One place a duplicated recording is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The ISRC, or `track:{id}` for a track without one.
    pub recording: String,
    pub isrc: Option<String>,
    pub track_id: String,
    pub title: String,
    pub artists: String,
    /// The playlist (Spotify id and name), or None for liked songs.
    pub playlist: Option<(String, String)>,
    /// The entry's position in the playlist (0 = first).
    pub position: Option<i32>,
    /// The user may change that playlist (owner or collaborator).
    pub writable: bool,
}

/// Every entry of every recording the user has more than once in one place, or in several playlists, grouped by
/// recording (entries of one recording are next to each other, by title).
pub async fn duplicates(pool: &PgPool, user_id: i64) -> Result<Vec<Occurrence>, StoreError> {
    let rows = sqlx::query!(
        r#"WITH occurrences AS (
               SELECT coalesce(t.isrc, 'track:' || i.track_id) AS recording, t.isrc, i.track_id,
                      p.spotify_id AS playlist_id, p.name AS playlist_name, i.position,
                      p.relation IN ('owner', 'collaborator') AS writable
               FROM playlist_items i
               JOIN playlists p ON p.id = i.playlist_id
               LEFT JOIN tracks t ON t.spotify_id = i.track_id
               WHERE p.user_id = $1 AND i.track_id IS NOT NULL
               UNION ALL
               SELECT coalesce(t.isrc, 'track:' || l.track_id), t.isrc, l.track_id, NULL, NULL, NULL, false
               FROM liked_tracks l LEFT JOIN tracks t ON t.spotify_id = l.track_id
               WHERE l.user_id = $1
           ), flagged AS (
               SELECT recording FROM occurrences GROUP BY recording
               -- In several playlists, or more than once in one place (liked songs counting as one).
               HAVING count(DISTINCT playlist_id) > 1 OR count(*) > count(DISTINCT coalesce(playlist_id, ''))
           )
           SELECT o.recording AS "recording!", o.isrc, o.track_id AS "track_id!", o.playlist_id, o.playlist_name,
                  o.position, o.writable AS "writable!", coalesce(f.title, '') AS "title!",
                  coalesce(f.artists, '') AS "artists!"
           FROM occurrences o
           JOIN flagged USING (recording)
           LEFT JOIN track_facts f ON f.user_id = $1 AND f.track_id = o.track_id
           ORDER BY min(lower(coalesce(f.title, ''))) OVER (PARTITION BY o.recording) COLLATE "C", o.recording,
                    o.playlist_name NULLS FIRST, o.playlist_id, o.position
           LIMIT $2"#,
        user_id,
        MOST_ENTRIES
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Occurrence {
            recording: row.recording,
            isrc: row.isrc,
            track_id: row.track_id,
            title: row.title,
            artists: row.artists,
            playlist: row.playlist_id.zip(row.playlist_name),
            position: row.position,
            writable: row.writable,
        })
        .collect())
}

/// How many of the user's playlists hold the recording of `track_id` (any release of its ISRC), and as how many
/// different releases (Spotify tracks).
pub async fn spread(pool: &PgPool, user_id: i64, track_id: &str) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query!(
        r#"WITH same AS (
               SELECT spotify_id FROM tracks
               WHERE spotify_id = $2
                  OR isrc = (SELECT isrc FROM tracks WHERE spotify_id = $2 AND isrc IS NOT NULL)
           )
           SELECT count(DISTINCT p.id) AS "playlists!", count(DISTINCT i.track_id) AS "releases!"
           FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
           WHERE p.user_id = $1 AND i.track_id IN (SELECT spotify_id FROM same)"#,
        user_id,
        track_id
    )
    .fetch_one(pool)
    .await?;
    Ok((row.playlists, row.releases))
}
