//! Writing what a feed read: every artist, label, release and track upserted by its identity in one transaction,
//! so a file read twice, or the same track from a file and from Beatport's API, is stored once; the ingest keeps
//! which tracks it brought and the rows it left out.

use std::collections::HashMap;

use crossfade_domain::{FeedRead, FeedTrack, RecordLabel, Style};
use serde::Serialize;
use sqlx::PgPool;
use sqlx::types::Json;

use crate::StoreError;
use crate::listening::day_of;

/// How many left-out rows an ingest keeps with their lines and problems; the rest are only counted.
const BAD_ROWS_KEPT: usize = 100;

/// Where an ingest's feed came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IngestOrigin {
    /// A file the user uploaded.
    Upload,
    /// A file found in the watched folder.
    Folder,
    /// The scheduled pull of a style's week from the release feed's API.
    Feed,
}

impl IngestOrigin {
    fn code(self) -> &'static str {
        match self {
            IngestOrigin::Upload => "upload",
            IngestOrigin::Folder => "folder",
            IngestOrigin::Feed => "feed",
        }
    }
}

/// What an ingest wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IngestSummary {
    pub ingest_id: i64,
    /// Tracks the feed listed (after merging rows of the same track).
    pub tracks_read: usize,
    /// Of those, tracks never seen before.
    pub tracks_new: usize,
}

/// Stores a feed's tracks and the ingest that read them for `user_id`, in one transaction.
pub async fn record_ingest(
    pool: &PgPool,
    user_id: i64,
    origin: IngestOrigin,
    source: &str,
    read: &FeedRead,
) -> Result<IngestSummary, StoreError> {
    let mut tracks: Vec<&FeedTrack> = Vec::new();
    let mut identities: Vec<String> = Vec::new();
    for track in &read.tracks {
        let identity = track.identity();
        if !identities.contains(&identity) {
            identities.push(identity);
            tracks.push(track);
        }
    }
    let mut tx = pool.begin().await?;

    let labels = upsert_labels(&mut tx, &tracks).await?;
    let artists = upsert_artists(&mut tx, &tracks).await?;
    let releases = upsert_releases(&mut tx, &tracks, &labels).await?;

    let mut columns = TrackColumns::default();
    for (track, identity) in tracks.iter().zip(&identities) {
        columns.push(track, identity, &releases);
    }
    let written = sqlx::query!(
        r#"INSERT INTO release_tracks (identity, beatport_id, title, mix, release_id, isrc, bpm, key_pitch, key_mode,
                                       genre_slug, genre_name, style, release_date, length_ms)
           SELECT * FROM UNNEST($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[],
                                $7::real[], $8::smallint[], $9::smallint[], $10::text[], $11::text[], $12::text[],
                                $13::date[], $14::integer[])
           ON CONFLICT (identity) DO UPDATE SET
               beatport_id = coalesce(release_tracks.beatport_id, excluded.beatport_id),
               release_id = coalesce(release_tracks.release_id, excluded.release_id),
               isrc = coalesce(release_tracks.isrc, excluded.isrc),
               bpm = coalesce(release_tracks.bpm, excluded.bpm),
               key_pitch = coalesce(release_tracks.key_pitch, excluded.key_pitch),
               key_mode = coalesce(release_tracks.key_mode, excluded.key_mode),
               genre_slug = coalesce(release_tracks.genre_slug, excluded.genre_slug),
               genre_name = coalesce(release_tracks.genre_name, excluded.genre_name),
               style = coalesce(release_tracks.style, excluded.style),
               release_date = coalesce(release_tracks.release_date, excluded.release_date),
               length_ms = coalesce(release_tracks.length_ms, excluded.length_ms),
               -- A track no search found is looked for again once a feed brings its ISRC.
               match_state = CASE WHEN release_tracks.match_state = 'unmatched' AND release_tracks.isrc IS NULL
                                       AND excluded.isrc IS NOT NULL THEN 'pending'
                                  ELSE release_tracks.match_state END
           RETURNING id, identity, (xmax = 0) AS "inserted!""#,
        &columns.identity,
        &columns.beatport_id as &[Option<i64>],
        &columns.title,
        &columns.mix as &[Option<String>],
        &columns.release_id as &[Option<i64>],
        &columns.isrc as &[Option<String>],
        &columns.bpm as &[Option<f32>],
        &columns.key_pitch as &[Option<i16>],
        &columns.key_mode as &[Option<i16>],
        &columns.genre_slug as &[Option<String>],
        &columns.genre_name as &[Option<String>],
        &columns.style as &[Option<String>],
        &columns.release_date as &[Option<time::Date>],
        &columns.length_ms as &[Option<i32>],
    )
    .fetch_all(&mut *tx)
    .await?;
    let track_ids: HashMap<&str, i64> = written.iter().map(|row| (row.identity.as_str(), row.id)).collect();
    let tracks_new = written.iter().filter(|row| row.inserted).count();

    let (mut credit_track, mut credit_role, mut credit_position, mut credit_artist) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (track, identity) in tracks.iter().zip(&identities) {
        let track_id = track_ids[identity.as_str()];
        for (role, credits) in [("artist", &track.artists), ("remixer", &track.remixers)] {
            for (position, artist) in credits.iter().enumerate() {
                credit_track.push(track_id);
                credit_role.push(role.to_owned());
                credit_position.push(i16::try_from(position).unwrap_or(i16::MAX));
                credit_artist.push(artists[&artist.key()]);
            }
        }
    }
    sqlx::query!(
        "INSERT INTO release_track_artists (release_track_id, role, position, artist_id)
         SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::smallint[], $4::bigint[])
         ON CONFLICT DO NOTHING",
        &credit_track,
        &credit_role,
        &credit_position,
        &credit_artist,
    )
    .execute(&mut *tx)
    .await?;

    let bad_rows: Vec<_> = read
        .bad_rows
        .iter()
        .take(BAD_ROWS_KEPT)
        .map(|row| BadRowRecord { line: row.line, problem: row.problem.to_string() })
        .collect();
    let ingest_id = sqlx::query_scalar!(
        "INSERT INTO release_ingests (user_id, origin, format, source, tracks_read, tracks_new, bad_rows_total, bad_rows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        user_id,
        origin.code(),
        read.format.code(),
        source,
        count(tracks.len()),
        count(tracks_new),
        count(read.bad_rows_total),
        Json(bad_rows) as _,
    )
    .fetch_one(&mut *tx)
    .await?;
    let ids: Vec<i64> = written.iter().map(|row| row.id).collect();
    sqlx::query!(
        "INSERT INTO release_ingest_tracks (ingest_id, release_track_id) SELECT $1, * FROM UNNEST($2::bigint[])",
        ingest_id,
        &ids,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(IngestSummary { ingest_id, tracks_read: tracks.len(), tracks_new })
}

/// A left-out row as the ingest keeps it.
#[derive(Serialize)]
struct BadRowRecord {
    line: usize,
    problem: String,
}

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Labels by grouping key, upserted; the returned map gives each key's row id.
async fn upsert_labels(tx: &mut sqlx::PgConnection, tracks: &[&FeedTrack]) -> Result<HashMap<String, i64>, StoreError> {
    let mut seen: HashMap<String, (String, Option<i64>)> = HashMap::new();
    for track in tracks {
        let Some(label) = &track.label else { continue };
        if let Some(parsed) = RecordLabel::parse(&label.name) {
            seen.entry(parsed.key().as_str().to_owned())
                .or_insert_with(|| (parsed.name().to_owned(), label.beatport_id.and_then(|id| i64::try_from(id).ok())));
        }
    }
    let Named { keys, names, beatport_ids } = Named::of(seen);
    let rows = sqlx::query!(
        "INSERT INTO release_labels (label_key, name, beatport_id)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::bigint[])
         ON CONFLICT (label_key) DO UPDATE SET beatport_id = coalesce(release_labels.beatport_id, excluded.beatport_id)
         RETURNING id, label_key",
        &keys,
        &names,
        &beatport_ids as &[Option<i64>],
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows.into_iter().map(|row| (row.label_key, row.id)).collect())
}

/// Artists (and remixers) by folded name, upserted; the returned map gives each key's row id.
async fn upsert_artists(
    tx: &mut sqlx::PgConnection,
    tracks: &[&FeedTrack],
) -> Result<HashMap<String, i64>, StoreError> {
    let mut seen: HashMap<String, (String, Option<i64>)> = HashMap::new();
    for artist in tracks.iter().flat_map(|track| track.artists.iter().chain(&track.remixers)) {
        seen.entry(artist.key())
            .or_insert_with(|| (artist.name.clone(), artist.beatport_id.and_then(|id| i64::try_from(id).ok())));
    }
    let Named { keys, names, beatport_ids } = Named::of(seen);
    let rows = sqlx::query!(
        "INSERT INTO release_artists (name_key, name, beatport_id)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::bigint[])
         ON CONFLICT (name_key) DO UPDATE SET beatport_id = coalesce(release_artists.beatport_id, excluded.beatport_id)
         RETURNING id, name_key",
        &keys,
        &names,
        &beatport_ids as &[Option<i64>],
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows.into_iter().map(|row| (row.name_key, row.id)).collect())
}

/// Named rows (labels, artists) by key, one array per column for one UNNEST insert.
struct Named {
    keys: Vec<String>,
    names: Vec<String>,
    beatport_ids: Vec<Option<i64>>,
}

impl Named {
    /// The columns of `seen`: each key with the name and Beatport id its first mention gave.
    fn of(seen: HashMap<String, (String, Option<i64>)>) -> Named {
        let mut named = Named { keys: Vec::new(), names: Vec::new(), beatport_ids: Vec::new() };
        for (key, (name, beatport_id)) in seen {
            named.keys.push(key);
            named.names.push(name);
            named.beatport_ids.push(beatport_id);
        }
        named
    }
}

/// The label key of a track's label, when it names one.
fn label_key(track: &FeedTrack) -> Option<crossfade_domain::LabelKey> {
    track.label.as_ref().and_then(|label| RecordLabel::parse(&label.name)).map(|label| label.key().clone())
}

/// Releases by label and folded name, upserted; the returned map gives each release key's row id.
async fn upsert_releases(
    tx: &mut sqlx::PgConnection,
    tracks: &[&FeedTrack],
    labels: &HashMap<String, i64>,
) -> Result<HashMap<String, i64>, StoreError> {
    let mut seen: HashMap<String, ReleaseRow> = HashMap::new();
    for track in tracks {
        let Some(release) = &track.release else { continue };
        let label = label_key(track);
        let label_id = label.as_ref().map(|key| labels[key.as_str()]);
        seen.entry(release.key(label.as_ref())).or_insert_with(|| ReleaseRow {
            name: release.name.clone(),
            label_id,
            catalog_number: release.catalog_number.clone(),
            beatport_id: release.beatport_id.and_then(|id| i64::try_from(id).ok()),
        });
    }
    let (mut keys, mut names, mut label_ids, mut catalog_numbers, mut beatport_ids) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (key, release) in seen {
        keys.push(key);
        names.push(release.name);
        label_ids.push(release.label_id);
        catalog_numbers.push(release.catalog_number);
        beatport_ids.push(release.beatport_id);
    }
    let rows = sqlx::query!(
        "INSERT INTO releases (release_key, name, label_id, catalog_number, beatport_id)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[])
         ON CONFLICT (release_key) DO UPDATE SET
             catalog_number = coalesce(releases.catalog_number, excluded.catalog_number),
             beatport_id = coalesce(releases.beatport_id, excluded.beatport_id)
         RETURNING id, release_key",
        &keys,
        &names,
        &label_ids as &[Option<i64>],
        &catalog_numbers as &[Option<String>],
        &beatport_ids as &[Option<i64>],
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows.into_iter().map(|row| (row.release_key, row.id)).collect())
}

/// A release's values as the first track naming it gives them.
struct ReleaseRow {
    name: String,
    label_id: Option<i64>,
    catalog_number: Option<String>,
    beatport_id: Option<i64>,
}

/// The tracks' values, one array per column, for one UNNEST insert.
#[derive(Default)]
struct TrackColumns {
    identity: Vec<String>,
    beatport_id: Vec<Option<i64>>,
    title: Vec<String>,
    mix: Vec<Option<String>>,
    release_id: Vec<Option<i64>>,
    isrc: Vec<Option<String>>,
    bpm: Vec<Option<f32>>,
    key_pitch: Vec<Option<i16>>,
    key_mode: Vec<Option<i16>>,
    genre_slug: Vec<Option<String>>,
    genre_name: Vec<Option<String>>,
    style: Vec<Option<String>>,
    release_date: Vec<Option<time::Date>>,
    length_ms: Vec<Option<i32>>,
}

impl TrackColumns {
    fn push(&mut self, track: &FeedTrack, identity: &str, releases: &HashMap<String, i64>) {
        self.identity.push(identity.to_owned());
        self.beatport_id.push(track.beatport_id.and_then(|id| i64::try_from(id).ok()));
        self.title.push(track.title.clone());
        self.mix.push(track.mix.clone());
        let label = label_key(track);
        self.release_id.push(track.release.as_ref().map(|release| releases[&release.key(label.as_ref())]));
        self.isrc.push(track.isrc.as_ref().map(|isrc| isrc.as_str().to_owned()));
        #[allow(clippy::cast_possible_truncation)]
        self.bpm.push(track.bpm.map(|bpm| bpm as f32));
        self.key_pitch.push(track.key.map(|key| i16::from(key.pitch_class())));
        self.key_mode.push(track.key.map(|key| key.mode().number()));
        self.genre_slug.push(track.genre.as_ref().map(|genre| genre.slug.clone()).filter(|slug| !slug.is_empty()));
        self.genre_name.push(track.genre.as_ref().map(|genre| genre.name.clone()).filter(|name| !name.is_empty()));
        self.style.push(track.genre.as_ref().and_then(Style::of_genre).map(|style| style.slug.to_owned()));
        self.release_date.push(track.release_date.map(day_of));
        self.length_ms.push(track.length_ms.and_then(|ms| i32::try_from(ms).ok()));
    }
}
