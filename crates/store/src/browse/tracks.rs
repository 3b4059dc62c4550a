//! The tracks table: every track in one user's library (liked, in a playlist, or only heard), filtered, sorted and
//! paged, read from the user's track facts. Each sortable column has an index that orders it, so a page costs the
//! same whatever the library's size; the whole library's counts come from the user's summary row.

use crossfade_domain::{SortDirection, SourceFilter, TrackColumn, TracksQuery};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::{ArtistCredit, contains_pattern, credits};
use crate::StoreError;

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
    /// When the track came into the library: liked, first put in a playlist, or (heard only) first played.
    pub added_at: Option<OffsetDateTime>,
    /// How many of the user's playlists hold it.
    pub playlists: i32,
    pub plays: i32,
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

struct FactsRow {
    track_id: String,
    in_catalog: bool,
    title: String,
    artist_ids: Vec<String>,
    artist_names: Vec<String>,
    artists: String,
    album_id: Option<String>,
    album_name: String,
    duration_ms: Option<i32>,
    liked_at: Option<OffsetDateTime>,
    added_at: Option<OffsetDateTime>,
    playlists: i32,
    plays: i32,
}

impl From<FactsRow> for LibraryTrack {
    fn from(row: FactsRow) -> Self {
        LibraryTrack {
            history_artists: (!row.in_catalog).then_some(row.artists),
            artists: credits(row.artist_ids, row.artist_names),
            spotify_id: row.track_id,
            in_catalog: row.in_catalog,
            title: row.title,
            album_id: row.album_id,
            album_name: row.album_name,
            duration_ms: row.duration_ms,
            liked_at: row.liked_at,
            added_at: row.added_at,
            playlists: row.playlists,
            plays: row.plays,
        }
    }
}

/// The filter's values as the queries bind them.
struct Filter {
    pattern: Option<String>,
    source: &'static str,
    added_since: Option<OffsetDateTime>,
    added_before: Option<OffsetDateTime>,
}

impl Filter {
    fn of(query: &TracksQuery) -> Self {
        let instant = |seconds: i64| OffsetDateTime::from_unix_timestamp(seconds).ok();
        Filter {
            pattern: query.search.as_deref().map(contains_pattern),
            source: query.source.key(),
            added_since: query.added_from.and_then(|day| instant(day.unix_start())),
            added_before: query.added_to.and_then(|day| instant(day.unix_end())),
        }
    }
}

/// One page of `user_id`'s tracks as `query` asks.
pub async fn library_tracks(pool: &PgPool, user_id: i64, query: &TracksQuery) -> Result<TrackPage, StoreError> {
    let summary =
        sqlx::query!("SELECT tracks, liked, listed, heard_only FROM library_summary WHERE user_id = $1", user_id)
            .fetch_optional(pool)
            .await?;
    let Some(summary) = summary else {
        return Ok(TrackPage { tracks: Vec::new(), total: 0, library_is_empty: true });
    };
    let filter = Filter::of(query);
    let total = if query.search.is_some() || query.added_from.is_some() || query.added_to.is_some() {
        count_matching(pool, user_id, &filter).await?
    } else {
        i64::from(match query.source {
            SourceFilter::All => summary.tracks,
            SourceFilter::Liked => summary.liked,
            SourceFilter::Playlist => summary.listed,
            SourceFilter::History => summary.heard_only,
        })
    };
    // A page past the end holds nothing: knowing the total, it costs no read.
    let past_the_end = query.page_request().offset() >= total;
    let rows = if past_the_end { Vec::new() } else { page(pool, user_id, query, &filter).await? };
    Ok(TrackPage {
        tracks: rows.into_iter().map(LibraryTrack::from).collect(),
        total,
        library_is_empty: summary.tracks == 0,
    })
}

/// How many of the user's tracks pass `filter`.
async fn count_matching(pool: &PgPool, user_id: i64, filter: &Filter) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM track_facts
           WHERE user_id = $1
             AND ($2::text IS NULL OR search_text LIKE lower($2))
             AND CASE $3 WHEN 'liked' THEN liked_at IS NOT NULL
                         WHEN 'playlist' THEN playlists > 0
                         WHEN 'history' THEN liked_at IS NULL AND playlists = 0
                         ELSE true END
             AND ($4::timestamptz IS NULL OR added_at >= $4)
             AND ($5::timestamptz IS NULL OR added_at < $5)"#,
        user_id,
        filter.pattern,
        filter.source,
        filter.added_since,
        filter.added_before,
    )
    .fetch_one(pool)
    .await
}

/// The page's rows in the order `$order` names. PostgreSQL can only read an index in order when the ORDER BY names
/// its columns, not an expression choosing between them, so each order is a query of its own, checked at compile
/// time like the others. Each one matches an index of `track_facts`, read forwards or backwards.
macro_rules! page_ordered_by {
    ($pool:expr, $user_id:expr, $filter:expr, $page:expr, $order:tt) => {
        sqlx::query_as!(
            FactsRow,
            "SELECT track_id, in_catalog, title, artist_ids, artist_names, artists, album_id, album_name, duration_ms,
                    liked_at, added_at, playlists, plays
             FROM track_facts
             WHERE user_id = $1
               AND ($2::text IS NULL OR search_text LIKE lower($2))
               AND CASE $3 WHEN 'liked' THEN liked_at IS NOT NULL
                           WHEN 'playlist' THEN playlists > 0
                           WHEN 'history' THEN liked_at IS NULL AND playlists = 0
                           ELSE true END
               AND ($4::timestamptz IS NULL OR added_at >= $4)
               AND ($5::timestamptz IS NULL OR added_at < $5)
             ORDER BY "
                + $order
                + " LIMIT $6 OFFSET $7",
            $user_id,
            $filter.pattern,
            $filter.source,
            $filter.added_since,
            $filter.added_before,
            $page.limit(),
            $page.offset(),
        )
        .fetch_all($pool)
        .await
    };
}

async fn page(pool: &PgPool, user_id: i64, query: &TracksQuery, filter: &Filter) -> Result<Vec<FactsRow>, sqlx::Error> {
    use SortDirection::{Ascending as Up, Descending as Down};
    let page = query.page_request();
    // Words read A to Z first, numbers and dates largest first, ties by title; the other direction is the first one
    // reversed, except that an unknown length or date comes last both ways.
    match (query.sort, query.direction) {
        (TrackColumn::Title, Up) => page_ordered_by!(pool, user_id, filter, page, "title_key, track_id"),
        (TrackColumn::Title, Down) => page_ordered_by!(pool, user_id, filter, page, "title_key DESC, track_id DESC"),
        (TrackColumn::Artists, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "artists_key, title_key, track_id")
        }
        (TrackColumn::Artists, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "artists_key DESC, title_key DESC, track_id DESC")
        }
        (TrackColumn::Album, Up) => page_ordered_by!(pool, user_id, filter, page, "album_key, title_key, track_id"),
        (TrackColumn::Album, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "album_key DESC, title_key DESC, track_id DESC")
        }
        (TrackColumn::Duration, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "duration_ms DESC NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Duration, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "duration_ms NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Added, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "added_at DESC NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Added, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "added_at NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Plays, Down) => page_ordered_by!(pool, user_id, filter, page, "plays DESC, title_key, track_id"),
        (TrackColumn::Plays, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "plays, title_key DESC, track_id DESC")
        }
        (TrackColumn::Sources, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "sources DESC, title_key, track_id")
        }
        (TrackColumn::Sources, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "sources, title_key DESC, track_id DESC")
        }
    }
}
