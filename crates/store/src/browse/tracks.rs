//! The tracks table: every track in one user's library (liked, in a playlist, or only heard), filtered, sorted and
//! paged in one query.

use sqlx::PgPool;
use time::OffsetDateTime;

use super::{ArtistCredit, PageRequest, contains_pattern, track_credits};
use crate::StoreError;

/// Where a track in the table comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceFilter {
    #[default]
    All,
    Liked,
    /// In at least one of the user's playlists.
    Playlist,
    /// Only in the user's plays: neither liked nor in a playlist.
    History,
}

impl SourceFilter {
    fn key(self) -> &'static str {
        match self {
            SourceFilter::All => "all",
            SourceFilter::Liked => "liked",
            SourceFilter::Playlist => "playlist",
            SourceFilter::History => "history",
        }
    }
}

/// The column the table is ordered by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TrackSort {
    Title,
    Artists,
    Album,
    Duration,
    #[default]
    Added,
    Plays,
    /// How many places the track is in: liked counts one, each playlist one.
    Sources,
}

impl TrackSort {
    /// The fixed name the query's ORDER BY recognises; never text from a request.
    fn key(self) -> &'static str {
        match self {
            TrackSort::Title => "title",
            TrackSort::Artists => "artists",
            TrackSort::Album => "album",
            TrackSort::Duration => "duration",
            TrackSort::Added => "added",
            TrackSort::Plays => "plays",
            TrackSort::Sources => "sources",
        }
    }
}

/// What to show of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackFilter {
    /// Text to find in the title, the artists or the album, case-insensitively and literally.
    pub search: Option<String>,
    pub source: SourceFilter,
    /// Only tracks added at or after this instant.
    pub added_since: Option<OffsetDateTime>,
    /// Only tracks added before this instant.
    pub added_before: Option<OffsetDateTime>,
    pub sort: TrackSort,
    pub ascending: bool,
    pub page: PageRequest,
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibraryTrack {
    pub spotify_id: String,
    /// False for a track only plays name, which the catalog mirror has not fetched: its names come from the history.
    pub in_catalog: bool,
    pub title: String,
    /// The catalog's credits, in order (empty for a track not in the catalog).
    pub artists: Vec<ArtistCredit>,
    /// The artist names the history gave, for a track not in the catalog.
    pub history_artists: Option<String>,
    pub album_id: Option<String>,
    pub album_name: String,
    pub duration_ms: Option<i32>,
    pub liked_at: Option<OffsetDateTime>,
    /// When the track was liked, or else first added to one of the user's playlists.
    pub added_at: Option<OffsetDateTime>,
    /// How many of the user's playlists hold it.
    pub playlists: i64,
    pub plays: i64,
}

/// One page of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackPage {
    pub tracks: Vec<LibraryTrack>,
    /// Rows matching the filter, over all pages.
    pub total: i64,
    /// The user has no track at all yet, whatever the filter: nothing was synced or imported.
    pub library_is_empty: bool,
}

struct TrackRow {
    track_id: String,
    in_catalog: bool,
    title: String,
    history_artists: Option<String>,
    album_id: Option<String>,
    album_name: String,
    duration_ms: Option<i32>,
    liked_at: Option<OffsetDateTime>,
    added_at: Option<OffsetDateTime>,
    playlists: i64,
    plays: i64,
    total: i64,
}

/// One page of `user_id`'s tracks as `filter` asks.
pub async fn library_tracks(pool: &PgPool, user_id: i64, filter: &TrackFilter) -> Result<TrackPage, StoreError> {
    let rows = matching(pool, user_id, filter, filter.page).await?;
    let total = match rows.first() {
        Some(row) => row.total,
        // Past the end: the first row of the first page still carries the count.
        None if filter.page.number > 1 => {
            let first = PageRequest { number: 1, size: 1 };
            matching(pool, user_id, filter, first).await?.first().map_or(0, |row| row.total)
        }
        None => 0,
    };
    let library_is_empty = total == 0 && !has_tracks(pool, user_id).await?;
    let ids: Vec<String> = rows.iter().filter(|row| row.in_catalog).map(|row| row.track_id.clone()).collect();
    let mut credits = track_credits(pool, &ids).await?;
    let tracks = rows
        .into_iter()
        .map(|row| LibraryTrack {
            artists: credits.remove(&row.track_id).unwrap_or_default(),
            spotify_id: row.track_id,
            in_catalog: row.in_catalog,
            title: row.title,
            history_artists: row.history_artists,
            album_id: row.album_id,
            album_name: row.album_name,
            duration_ms: row.duration_ms,
            liked_at: row.liked_at,
            added_at: row.added_at,
            playlists: row.playlists,
            plays: row.plays,
        })
        .collect();
    Ok(TrackPage { tracks, total, library_is_empty })
}

/// `page` of the rows matching `filter`, each carrying the number of all matching rows.
async fn matching(
    pool: &PgPool,
    user_id: i64,
    filter: &TrackFilter,
    page: PageRequest,
) -> Result<Vec<TrackRow>, sqlx::Error> {
    let pattern = filter.search.as_deref().map(contains_pattern);
    // Artist names are gathered for every row only when a search or the sort needs them; otherwise just for the
    // page, by `track_credits`. A play's names stand in for a track the catalog does not have yet.
    sqlx::query_as!(
        TrackRow,
        r#"WITH library AS (
               SELECT track_id, max(liked_at) AS liked_at, min(listed_at) AS listed_at,
                      sum(playlists)::bigint AS playlists, sum(plays)::bigint AS plays
               FROM (
                   SELECT track_id, added_at AS liked_at, NULL::timestamptz AS listed_at, 0::bigint AS playlists,
                          0::bigint AS plays
                   FROM liked_tracks WHERE user_id = $1
                   UNION ALL
                   SELECT i.track_id, NULL, min(i.added_at), count(DISTINCT i.playlist_id), 0
                   FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                   WHERE p.user_id = $1 AND i.track_id IS NOT NULL
                   GROUP BY i.track_id
                   UNION ALL
                   SELECT track_id, NULL, NULL, 0, count(*)
                   FROM plays WHERE user_id = $1 AND track_id IS NOT NULL
                   GROUP BY track_id
               ) AS appearances
               GROUP BY track_id
           ), shown AS (
               SELECT l.track_id, l.liked_at, coalesce(l.liked_at, l.listed_at) AS added_at, l.playlists, l.plays,
                      t.spotify_id IS NOT NULL AS in_catalog,
                      coalesce(t.name, (SELECT max(p.track_name) FROM plays p
                                        WHERE p.user_id = $1 AND p.track_id = l.track_id), '') AS title,
                      CASE WHEN t.spotify_id IS NULL THEN
                          (SELECT max(p.artist_name) FROM plays p WHERE p.user_id = $1 AND p.track_id = l.track_id)
                      END AS history_artists,
                      CASE WHEN $2::text IS NOT NULL OR $6 = 'artists' THEN
                          coalesce((SELECT string_agg(ar.name, ', ' ORDER BY ta.position)
                                    FROM track_artists ta JOIN artists ar ON ar.spotify_id = ta.artist_id
                                    WHERE ta.track_id = t.spotify_id),
                                   (SELECT max(p.artist_name) FROM plays p
                                    WHERE p.user_id = $1 AND p.track_id = l.track_id), '')
                      END AS artists,
                      t.album_id,
                      coalesce(a.name, (SELECT max(p.album_name) FROM plays p
                                        WHERE p.user_id = $1 AND p.track_id = l.track_id), '') AS album_name,
                      t.duration_ms
               FROM library l
               LEFT JOIN tracks t ON t.spotify_id = l.track_id
               LEFT JOIN albums a ON a.spotify_id = t.album_id
           )
           SELECT track_id AS "track_id!", in_catalog AS "in_catalog!", title AS "title!",
                  history_artists, album_id AS "album_id?", album_name AS "album_name!",
                  duration_ms AS "duration_ms?", liked_at, added_at, playlists AS "playlists!", plays AS "plays!",
                  count(*) OVER () AS "total!"
           FROM shown
           WHERE ($2::text IS NULL OR title ILIKE $2 OR artists ILIKE $2 OR album_name ILIKE $2)
             AND CASE $3 WHEN 'liked' THEN liked_at IS NOT NULL
                         WHEN 'playlist' THEN playlists > 0
                         WHEN 'history' THEN liked_at IS NULL AND playlists = 0
                         ELSE true END
             AND ($4::timestamptz IS NULL OR added_at >= $4)
             AND ($5::timestamptz IS NULL OR added_at < $5)
           ORDER BY
               CASE WHEN $6 = 'title' AND $7 THEN lower(title) END ASC,
               CASE WHEN $6 = 'title' AND NOT $7 THEN lower(title) END DESC,
               CASE WHEN $6 = 'artists' AND $7 THEN lower(artists) END ASC,
               CASE WHEN $6 = 'artists' AND NOT $7 THEN lower(artists) END DESC,
               CASE WHEN $6 = 'album' AND $7 THEN lower(album_name) END ASC,
               CASE WHEN $6 = 'album' AND NOT $7 THEN lower(album_name) END DESC,
               CASE WHEN $6 = 'duration' AND $7 THEN duration_ms END ASC NULLS LAST,
               CASE WHEN $6 = 'duration' AND NOT $7 THEN duration_ms END DESC NULLS LAST,
               CASE WHEN $6 = 'added' AND $7 THEN added_at END ASC NULLS LAST,
               CASE WHEN $6 = 'added' AND NOT $7 THEN added_at END DESC NULLS LAST,
               CASE WHEN $6 = 'plays' AND $7 THEN plays END ASC,
               CASE WHEN $6 = 'plays' AND NOT $7 THEN plays END DESC,
               CASE WHEN $6 = 'sources' AND $7 THEN (liked_at IS NOT NULL)::integer + playlists END ASC,
               CASE WHEN $6 = 'sources' AND NOT $7 THEN (liked_at IS NOT NULL)::integer + playlists END DESC,
               lower(title), track_id
           LIMIT $8 OFFSET $9"#,
        user_id,
        pattern,
        filter.source.key(),
        filter.added_since,
        filter.added_before,
        filter.sort.key(),
        filter.ascending,
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await
}

/// Whether `user_id` has any track at all: liked, in a playlist, or played.
async fn has_tracks(pool: &PgPool, user_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM liked_tracks WHERE user_id = $1)
               OR EXISTS (SELECT 1 FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
                          WHERE p.user_id = $1 AND i.track_id IS NOT NULL)
               OR EXISTS (SELECT 1 FROM plays WHERE user_id = $1 AND track_id IS NOT NULL) AS "has!""#,
        user_id
    )
    .fetch_one(pool)
    .await
}
