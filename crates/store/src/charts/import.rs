//! Writing a chart: its row (replacing the entries of an earlier import of the same genre, service and day), the
//! recordings its entries brought and the ISRCs that became aliases, and every entry with the recording it was tied
//! to, all in the caller's transaction, so a chart is stored whole or not at all.

use std::collections::HashMap;

use crossfade_domain::{ChartEntry, ChartMatchMethod, ChartPeriod, ChartRead, Day, EntryMatch, Isrc, KnownRecording};
use sqlx::{PgConnection, PgPool};

use crate::StoreError;
use crate::listening::day_of;

/// Where a chart came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOrigin {
    /// A file someone uploaded.
    Upload,
    /// The scheduled fetch from the service.
    Fetch,
}

impl ImportOrigin {
    fn code(self) -> &'static str {
        match self {
            ImportOrigin::Upload => "upload",
            ImportOrigin::Fetch => "fetch",
        }
    }
}

/// A chart to store: what was read, for which genre and day, and from where.
pub struct ChartToStore<'a> {
    pub genre_code: &'a str,
    pub day: Day,
    pub read: &'a ChartRead,
    pub origin: ImportOrigin,
    /// The file's name, or the address fetched.
    pub source: &'a str,
    pub imported_by: Option<i64>,
}

/// One entry with what matching decided for it (recordings by their ids).
pub struct EntryToStore<'a> {
    pub entry: &'a ChartEntry,
    pub decision: EntryMatch<i64>,
}

/// What storing a chart wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredChart {
    pub chart_id: i64,
    /// Entries tied to a recording already charted.
    pub matched: usize,
    /// Entries that brought a recording not charted before.
    pub new_recordings: usize,
    /// Entries kept without a recording.
    pub unmatched: usize,
    /// True when an earlier import of this genre, service and day was replaced.
    pub replaced: bool,
}

/// The recordings an entry of a chart might be: those carrying one of `isrcs`, and every recording charted in
/// `genre_code` within 60 days of `day`, before or after it (a genre's charts repeat most of their tracks from week to
/// week, and a weekly chart fetched today is dated days before the daily charts fetched with it).
pub async fn known_recordings(
    connection: &mut PgConnection,
    genre_code: &str,
    day: Day,
    isrcs: &[String],
) -> Result<Vec<KnownRecording<i64>>, StoreError> {
    let rows = sqlx::query!(
        r#"WITH wanted AS (
               SELECT recording_id FROM recording_isrcs WHERE isrc = ANY ($3)
               UNION
               SELECT e.recording_id FROM chart_entries e JOIN charts c ON c.id = e.chart_id
               WHERE c.genre_code = $1 AND c.day BETWEEN $2::date - 60 AND $2::date + 60 AND e.recording_id IS NOT NULL
           )
           SELECT r.id, r.title, r.artists, r.duration_ms,
                  ARRAY(SELECT i.isrc FROM recording_isrcs i WHERE i.recording_id = r.id ORDER BY i.isrc) AS "isrcs!"
           FROM recordings r JOIN wanted w ON w.recording_id = r.id
           ORDER BY r.id"#,
        genre_code,
        day_of(day),
        isrcs,
    )
    .fetch_all(&mut *connection)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| KnownRecording {
            recording: row.id,
            title: row.title,
            artists: row.artists,
            duration_ms: row.duration_ms.and_then(|ms| u32::try_from(ms).ok()),
            isrcs: row.isrcs.iter().filter_map(|isrc| Isrc::parse(isrc).ok()).collect(),
        })
        .collect())
}

/// Stores `chart` with its entries' decisions in `connection`'s transaction.
pub async fn record_chart(
    connection: &mut PgConnection,
    chart: &ChartToStore<'_>,
    entries: &[EntryToStore<'_>],
) -> Result<StoredChart, StoreError> {
    let read = chart.read;
    let period = read.period.map(|period| match period {
        ChartPeriod::Daily => "daily",
        ChartPeriod::Weekly => "weekly",
    });
    let row = sqlx::query!(
        r#"INSERT INTO charts (genre_code, service, day, format, title, region, period, origin, source, imported_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (genre_code, service, day) DO UPDATE SET
               format = EXCLUDED.format, title = EXCLUDED.title, region = EXCLUDED.region, period = EXCLUDED.period,
               origin = EXCLUDED.origin, source = EXCLUDED.source, imported_by = EXCLUDED.imported_by,
               imported_at = now()
           RETURNING id, (xmax <> 0) AS "replaced!""#,
        chart.genre_code,
        read.service().code(),
        day_of(chart.day),
        read.format.code(),
        read.title,
        read.region,
        period,
        chart.origin.code(),
        chart.source,
        chart.imported_by,
    )
    .fetch_one(&mut *connection)
    .await?;
    sqlx::query!("DELETE FROM chart_entries WHERE chart_id = $1", row.id).execute(&mut *connection).await?;

    let mut stored =
        StoredChart { chart_id: row.id, matched: 0, new_recordings: 0, unmatched: 0, replaced: row.replaced };
    let mut columns = EntryColumns::default();
    // Recordings made by this chart, by ISRC, so an ISRC listed twice makes one recording.
    let mut made: HashMap<String, i64> = HashMap::new();
    for EntryToStore { entry, decision } in entries {
        let tie = match decision {
            EntryMatch::Known { recording, method, confidence, alias } => {
                if let Some(alias) = alias {
                    add_alias(connection, *recording, alias).await?;
                }
                stored.matched += 1;
                Tie::Recording(*recording, *method, *confidence)
            }
            EntryMatch::New { isrc, method } => {
                let recording = match isrc.as_ref().and_then(|isrc| made.get(isrc.as_str())) {
                    Some(&recording) => recording,
                    None => {
                        // One insert per new recording: a chart lists at most a few hundred entries, most of them
                        // charted before, and each new recording's id is needed for its ISRC.
                        let recording = new_recording(connection, entry, isrc.as_ref()).await?;
                        if let Some(isrc) = isrc {
                            made.insert(isrc.as_str().to_owned(), recording);
                        }
                        stored.new_recordings += 1;
                        recording
                    }
                };
                Tie::Recording(recording, *method, 1.0)
            }
            EntryMatch::Unmatched { closest } => {
                stored.unmatched += 1;
                Tie::None(*closest)
            }
        };
        columns.push(row.id, entry, &tie);
    }
    if read.format.plays_are_totals() {
        record_totals(connection, read, chart.day, &columns).await?;
    }
    columns.insert(connection).await?;
    Ok(stored)
}

/// Keeps the play totals of the chart's entries tied to recordings as the recordings' counts of the day (the highest
/// where two entries are one recording).
async fn record_totals(
    connection: &mut PgConnection,
    read: &ChartRead,
    day: Day,
    columns: &EntryColumns,
) -> Result<(), StoreError> {
    let mut totals: HashMap<i64, i64> = HashMap::new();
    for (recording, plays) in columns.recording_id.iter().zip(&columns.plays) {
        if let (Some(recording), Some(plays)) = (recording, plays) {
            let total = totals.entry(*recording).or_insert(*plays);
            *total = (*total).max(*plays);
        }
    }
    let (recordings, counts): (Vec<i64>, Vec<i64>) = totals.into_iter().unzip();
    sqlx::query!(
        "INSERT INTO recording_counts (recording_id, service, day, count)
         SELECT recording, $3, $4, count FROM UNNEST($1::bigint[], $2::bigint[]) AS t (recording, count)
         ON CONFLICT (recording_id, service, day) DO UPDATE SET count = EXCLUDED.count",
        &recordings,
        &counts,
        read.service().code(),
        day_of(day),
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// What an entry is tied to.
enum Tie {
    Recording(i64, ChartMatchMethod, f64),
    /// No recording; the closest one to ask about, if any.
    None(Option<(i64, f64)>),
}

pub(super) async fn add_alias(connection: &mut PgConnection, recording: i64, isrc: &Isrc) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO recording_isrcs (isrc, recording_id) VALUES ($1, $2) ON CONFLICT (isrc) DO NOTHING",
        isrc.as_str(),
        recording,
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

pub(super) async fn new_recording(
    connection: &mut PgConnection,
    entry: &ChartEntry,
    isrc: Option<&Isrc>,
) -> Result<i64, StoreError> {
    let duration_ms = entry.duration_ms.and_then(|ms| i32::try_from(ms).ok()).filter(|ms| *ms > 0);
    let id = sqlx::query_scalar!(
        "INSERT INTO recordings (title, artists, duration_ms) VALUES ($1, $2, $3) RETURNING id",
        entry.title,
        entry.artists,
        duration_ms,
    )
    .fetch_one(&mut *connection)
    .await?;
    if let Some(isrc) = isrc {
        add_alias(connection, id, isrc).await?;
    }
    Ok(id)
}

/// The entries as columns for one insert.
#[derive(Default)]
struct EntryColumns {
    chart_id: Vec<i64>,
    position: Vec<i32>,
    title: Vec<String>,
    artists: Vec<String>,
    isrc: Vec<Option<String>>,
    service_id: Vec<Option<String>>,
    url: Vec<Option<String>>,
    duration_ms: Vec<Option<i32>>,
    plays: Vec<Option<i64>>,
    previous_position: Vec<Option<i32>>,
    peak_position: Vec<Option<i32>>,
    periods_on_chart: Vec<Option<i32>>,
    recording_id: Vec<Option<i64>>,
    match_method: Vec<Option<String>>,
    match_confidence: Vec<Option<f32>>,
    proposed_recording_id: Vec<Option<i64>>,
    proposed_confidence: Vec<Option<f32>>,
}

impl EntryColumns {
    fn push(&mut self, chart_id: i64, entry: &ChartEntry, tie: &Tie) {
        let small = |value: Option<u32>| value.and_then(|value| i32::try_from(value).ok());
        self.chart_id.push(chart_id);
        self.position.push(i32::try_from(entry.position).unwrap_or(i32::MAX));
        self.title.push(entry.title.clone());
        self.artists.push(entry.artists.clone());
        self.isrc.push(entry.isrc.as_ref().map(|isrc| isrc.as_str().to_owned()));
        self.service_id.push(entry.service_id.clone());
        self.url.push(entry.url.clone());
        self.duration_ms.push(small(entry.duration_ms));
        self.plays.push(entry.plays.and_then(|plays| i64::try_from(plays).ok()));
        self.previous_position.push(small(entry.previous_position));
        self.peak_position.push(small(entry.peak_position));
        self.periods_on_chart.push(small(entry.periods_on_chart));
        let confidence = |value: f64| value.clamp(0.0, 1.0) as f32;
        match tie {
            Tie::Recording(recording, method, score) => {
                self.recording_id.push(Some(*recording));
                self.match_method.push(Some(method.code().to_owned()));
                self.match_confidence.push(Some(confidence(*score)));
                self.proposed_recording_id.push(None);
                self.proposed_confidence.push(None);
            }
            Tie::None(closest) => {
                self.recording_id.push(None);
                self.match_method.push(None);
                self.match_confidence.push(None);
                self.proposed_recording_id.push(closest.map(|(recording, _)| recording));
                self.proposed_confidence.push(closest.map(|(_, score)| confidence(score)));
            }
        }
    }

    async fn insert(self, connection: &mut PgConnection) -> Result<(), StoreError> {
        sqlx::query!(
            "INSERT INTO chart_entries (chart_id, position, title, artists, isrc, service_id, url, duration_ms, plays,
                                        previous_position, peak_position, periods_on_chart, recording_id,
                                        match_method, match_confidence, proposed_recording_id, proposed_confidence)
             SELECT * FROM UNNEST($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[],
                                  $7::text[], $8::integer[], $9::bigint[], $10::integer[], $11::integer[],
                                  $12::integer[], $13::bigint[], $14::text[], $15::real[], $16::bigint[], $17::real[])",
            &self.chart_id,
            &self.position,
            &self.title,
            &self.artists,
            &self.isrc as &[Option<String>],
            &self.service_id as &[Option<String>],
            &self.url as &[Option<String>],
            &self.duration_ms as &[Option<i32>],
            &self.plays as &[Option<i64>],
            &self.previous_position as &[Option<i32>],
            &self.peak_position as &[Option<i32>],
            &self.periods_on_chart as &[Option<i32>],
            &self.recording_id as &[Option<i64>],
            &self.match_method as &[Option<String>],
            &self.match_confidence as &[Option<f32>],
            &self.proposed_recording_id as &[Option<i64>],
            &self.proposed_confidence as &[Option<f32>],
        )
        .execute(&mut *connection)
        .await?;
        Ok(())
    }
}

/// The catalog's ISRC of each of these Spotify tracks that it knows one for.
pub async fn catalog_isrcs(pool: &PgPool, spotify_ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT spotify_id, isrc AS "isrc!" FROM tracks WHERE spotify_id = ANY ($1) AND isrc IS NOT NULL"#,
        spotify_ids
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.spotify_id, row.isrc)).collect())
}

/// Makes the calling transaction the only one writing charts until it ends. Recordings are shared by every genre and
/// an import ties each entry to the recordings committed before it: two imports side by side would each start a
/// recording of their own for the same song (or the same ISRC), so chart writes take turns (an import takes well
/// under a second).
pub async fn take_chart_writes(connection: &mut PgConnection) -> Result<(), StoreError> {
    sqlx::query!("SELECT FROM pg_advisory_xact_lock(hashtextextended('crossfade chart writes', 0))")
        .execute(&mut *connection)
        .await?;
    Ok(())
}
