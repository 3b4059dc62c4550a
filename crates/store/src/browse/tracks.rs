//! The tracks table: every track in one user's library (liked, in a playlist, or only heard), filtered, sorted and
//! paged, read from the user's track facts. Each sortable column has an index that orders it, so a page costs the
//! same whatever the library's size; the whole library's counts come from the user's summary row. The filters on
//! the user's tags and the track's genres match the facts' GIN indexes (`@>`, `&&`), the label filter and the BPM
//! and feature ranges their B-tree indexes.

use crossfade_domain::{Key, RangeFilter, SortDirection, SourceFilter, TrackColumn, TracksQuery};
use sqlx::PgPool;
use time::OffsetDateTime;

use super::{ArtistCredit, contains_pattern, credits};
use crate::StoreError;

/// One row of the table.
#[derive(Clone, Debug, PartialEq)]
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
    /// The album's cover, where the catalog has one.
    pub album_image_url: Option<String>,
    pub duration_ms: Option<i32>,
    pub liked_at: Option<OffsetDateTime>,
    /// When the track came into the library: liked, first put in a playlist, or (heard only) first played.
    pub added_at: Option<OffsetDateTime>,
    /// How many of the user's playlists hold it.
    pub playlists: i32,
    pub plays: i32,
    /// Beats per minute.
    pub tempo: Option<f32>,
    pub key: Option<Key>,
    pub energy: Option<f32>,
    pub danceability: Option<f32>,
    pub valence: Option<f32>,
    /// The slug of the track's heaviest genre.
    pub genre: Option<String>,
    /// The record label's name as its provider writes it, and the key labels are grouped by.
    pub label: Option<(String, String)>,
    /// The user's own tags, A to Z.
    pub tags: Vec<String>,
}

/// One page of the table.
#[derive(Clone, Debug, PartialEq)]
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
    tempo: Option<f32>,
    key: Option<i16>,
    mode: Option<i16>,
    energy: Option<f32>,
    danceability: Option<f32>,
    valence: Option<f32>,
    genre: Option<String>,
    label: Option<String>,
    label_key: Option<String>,
    tags: Vec<String>,
}

impl From<FactsRow> for LibraryTrack {
    fn from(row: FactsRow) -> Self {
        // The read model's checks keep key and mode valid and set together; a pair that is not is no key.
        let key = match (row.key, row.mode) {
            (Some(pitch), Some(mode)) => Key::from_numbers(pitch.into(), mode.into()).ok().flatten(),
            _ => None,
        };
        LibraryTrack {
            history_artists: (!row.in_catalog).then_some(row.artists),
            artists: credits(row.artist_ids, row.artist_names),
            spotify_id: row.track_id,
            in_catalog: row.in_catalog,
            album_image_url: None,
            title: row.title,
            album_id: row.album_id,
            album_name: row.album_name,
            duration_ms: row.duration_ms,
            liked_at: row.liked_at,
            added_at: row.added_at,
            playlists: row.playlists,
            plays: row.plays,
            tempo: row.tempo,
            key,
            energy: row.energy,
            danceability: row.danceability,
            valence: row.valence,
            genre: row.genre,
            label: row.label.zip(row.label_key),
            tags: row.tags,
        }
    }
}

/// The filter's values as the queries bind them. Each range is a lower bound (included) and an upper bound
/// (excluded) on the stored value, bound as double precision so a value on a step's edge falls where the table's
/// rounding puts it (a `real` bound would round the edge itself).
struct Filter {
    pattern: Option<String>,
    source: &'static str,
    added_since: Option<OffsetDateTime>,
    added_before: Option<OffsetDateTime>,
    tag: Option<String>,
    /// The genre and every genre below it.
    genres: Option<Vec<String>>,
    label_key: Option<String>,
    tempo: (Option<f64>, Option<f64>),
    energy: (Option<f64>, Option<f64>),
    danceability: (Option<f64>, Option<f64>),
    valence: (Option<f64>, Option<f64>),
}

impl Filter {
    fn of(query: &TracksQuery) -> Self {
        let instant = |seconds: i64| OffsetDateTime::from_unix_timestamp(seconds).ok();
        let bounds = |filter: RangeFilter| filter.stored_bounds(query.range(filter));
        Filter {
            pattern: query.search.as_deref().map(contains_pattern),
            source: query.source.key(),
            added_since: query.added_from.and_then(|day| instant(day.unix_start())),
            added_before: query.added_to.and_then(|day| instant(day.unix_end())),
            tag: query.tag.as_ref().map(|tag| tag.as_str().to_owned()),
            genres: query.genre_slugs().map(|slugs| slugs.into_iter().map(str::to_owned).collect()),
            label_key: query.label.as_ref().map(|key| key.as_str().to_owned()),
            tempo: bounds(RangeFilter::Bpm),
            energy: bounds(RangeFilter::Energy),
            danceability: bounds(RangeFilter::Danceability),
            valence: bounds(RangeFilter::Valence),
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
    let total = if query.narrows_beyond_source() {
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
    let mut tracks: Vec<LibraryTrack> = rows.into_iter().map(LibraryTrack::from).collect();
    add_covers(pool, &mut tracks).await?;
    Ok(TrackPage { tracks, total, library_is_empty: summary.tracks == 0 })
}

/// The album covers of a page's tracks, by one read of the page's albums (the facts keep no images: a cover's
/// address changes without the track changing).
async fn add_covers(pool: &PgPool, tracks: &mut [LibraryTrack]) -> Result<(), sqlx::Error> {
    let albums: Vec<String> = tracks.iter().filter_map(|track| track.album_id.clone()).collect();
    if albums.is_empty() {
        return Ok(());
    }
    let covers: std::collections::HashMap<String, String> = sqlx::query!(
        r#"SELECT spotify_id, image_url AS "image_url!" FROM albums
           WHERE spotify_id = ANY ($1) AND image_url IS NOT NULL"#,
        &albums
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| (row.spotify_id, row.image_url))
    .collect();
    for track in tracks {
        track.album_image_url = track.album_id.as_ref().and_then(|album| covers.get(album).cloned());
    }
    Ok(())
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
             AND ($5::timestamptz IS NULL OR added_at < $5)
             AND ($6::text IS NULL OR tags @> ARRAY[$6::text])
             AND ($7::text[] IS NULL OR genres && $7::text[])
             AND ($8::text IS NULL OR label_key = $8)
             AND ($9::float8 IS NULL OR tempo >= $9) AND ($10::float8 IS NULL OR tempo < $10)
             AND ($11::float8 IS NULL OR energy >= $11) AND ($12::float8 IS NULL OR energy < $12)
             AND ($13::float8 IS NULL OR danceability >= $13) AND ($14::float8 IS NULL OR danceability < $14)
             AND ($15::float8 IS NULL OR valence >= $15) AND ($16::float8 IS NULL OR valence < $16)"#,
        user_id,
        filter.pattern,
        filter.source,
        filter.added_since,
        filter.added_before,
        filter.tag,
        filter.genres.as_deref(),
        filter.label_key,
        filter.tempo.0,
        filter.tempo.1,
        filter.energy.0,
        filter.energy.1,
        filter.danceability.0,
        filter.danceability.1,
        filter.valence.0,
        filter.valence.1,
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
            r#"SELECT track_id, in_catalog, title, artist_ids, artist_names, artists, album_id, album_name, duration_ms,
                      liked_at, added_at, playlists, plays, tempo, key, mode, energy, danceability, valence,
                      genres[1] AS genre, label, label_key, tags
               FROM track_facts
               WHERE user_id = $1
                 AND ($2::text IS NULL OR search_text LIKE lower($2))
                 AND CASE $3 WHEN 'liked' THEN liked_at IS NOT NULL
                             WHEN 'playlist' THEN playlists > 0
                             WHEN 'history' THEN liked_at IS NULL AND playlists = 0
                             ELSE true END
                 AND ($4::timestamptz IS NULL OR added_at >= $4)
                 AND ($5::timestamptz IS NULL OR added_at < $5)
                 AND ($6::text IS NULL OR tags @> ARRAY[$6::text])
                 AND ($7::text[] IS NULL OR genres && $7::text[])
                 AND ($8::text IS NULL OR label_key = $8)
                 AND ($9::float8 IS NULL OR tempo >= $9) AND ($10::float8 IS NULL OR tempo < $10)
                 AND ($11::float8 IS NULL OR energy >= $11) AND ($12::float8 IS NULL OR energy < $12)
                 AND ($13::float8 IS NULL OR danceability >= $13) AND ($14::float8 IS NULL OR danceability < $14)
                 AND ($15::float8 IS NULL OR valence >= $15) AND ($16::float8 IS NULL OR valence < $16)
               ORDER BY "#
                + $order
                + " LIMIT $17 OFFSET $18",
            $user_id,
            $filter.pattern,
            $filter.source,
            $filter.added_since,
            $filter.added_before,
            $filter.tag,
            $filter.genres.as_deref(),
            $filter.label_key,
            $filter.tempo.0,
            $filter.tempo.1,
            $filter.energy.0,
            $filter.energy.1,
            $filter.danceability.0,
            $filter.danceability.1,
            $filter.valence.0,
            $filter.valence.1,
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
    // reversed, except that an unknown length, date, BPM or feature comes last both ways (each has an index per
    // direction).
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
        (TrackColumn::Bpm, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "tempo DESC NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Bpm, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "tempo NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Energy, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "energy DESC NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Energy, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "energy NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Danceability, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "danceability DESC NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Danceability, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "danceability NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Valence, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "valence DESC NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Valence, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "valence NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Label, Up) => {
            page_ordered_by!(pool, user_id, filter, page, "label_key NULLS LAST, title_key, track_id")
        }
        (TrackColumn::Label, Down) => {
            page_ordered_by!(pool, user_id, filter, page, "label_key DESC NULLS LAST, title_key, track_id")
        }
    }
}
