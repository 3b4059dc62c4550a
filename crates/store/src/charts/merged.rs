//! The read model of merged charts: for each genre and each day a chart of it was published, every service's latest
//! chart of the seven days up to that day merged by each ranking method, rows written again whenever one of those
//! charts changes; and the version every change moves on.

use std::collections::HashMap;

use crossfade_domain::{
    ChartLength, ChartOrder, ChartService, CountPoint, CountStanding, Day, Placing, RankingMethod, count_standing,
    merge_charts, order_rows,
};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

use super::{day_from, service_of};
use crate::StoreError;
use crate::listening::day_of;

/// How far back a service's chart still counts for a merged day: a weekly chart stands for its whole week.
const CHART_STANDS_DAYS: i32 = 6;

/// A service's position of a merged row, with the link to the track there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub service: ChartService,
    pub position: u32,
    pub url: Option<String>,
}

/// What the merging ranks: a recording, or an entry no recording was tied to (its chart and position).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Merged {
    Recording(i64),
    Entry(i64, i32),
}

/// Writes again the merged charts of `genre_code` that a change to its charts of `day` touches: those of every chart
/// day from `day` to six days after it.
pub async fn rebuild_merged(connection: &mut PgConnection, genre_code: &str, day: Day) -> Result<(), StoreError> {
    rebuild_merged_days(connection, genre_code, &[day]).await
}

/// [`rebuild_merged`] for changes on several days at once: each merged day any of them touches is written once.
pub async fn rebuild_merged_days(
    connection: &mut PgConnection,
    genre_code: &str,
    changed: &[Day],
) -> Result<(), StoreError> {
    let changed: Vec<time::Date> = changed.iter().map(|day| day_of(*day)).collect();
    let days = sqlx::query_scalar!(
        "SELECT DISTINCT c.day FROM charts c
         WHERE c.genre_code = $1
           AND EXISTS (SELECT 1 FROM unnest($2::date[]) AS t (changed)
                       WHERE c.day BETWEEN t.changed AND t.changed + $3::integer)
         ORDER BY c.day",
        genre_code,
        &changed,
        CHART_STANDS_DAYS,
    )
    .fetch_all(&mut *connection)
    .await?;
    sqlx::query!("DELETE FROM merged_chart_entries WHERE genre_code = $1 AND day = ANY ($2)", genre_code, &days)
        .execute(&mut *connection)
        .await?;
    for merged_day in days {
        merge_day(connection, genre_code, merged_day).await?;
    }
    Ok(())
}

async fn merge_day(connection: &mut PgConnection, genre_code: &str, day: time::Date) -> Result<(), StoreError> {
    let entries = sqlx::query!(
        r#"WITH standing AS (
               SELECT DISTINCT ON (service) id, service FROM charts
               WHERE genre_code = $1 AND day BETWEEN $2::date - $3::integer AND $2
               ORDER BY service, day DESC
           )
           SELECT s.service, e.chart_id, e.position, e.recording_id, e.url,
                  coalesce(r.title, e.title) AS "title!", coalesce(r.artists, e.artists) AS "artists!",
                  count(*) OVER (PARTITION BY e.chart_id) AS "chart_length!"
           FROM standing s JOIN chart_entries e ON e.chart_id = s.id
           LEFT JOIN recordings r ON r.id = e.recording_id"#,
        genre_code,
        day,
        CHART_STANDS_DAYS,
    )
    .fetch_all(&mut *connection)
    .await?;
    let key = |recording: Option<i64>, chart_id: i64, position: i32| match recording {
        Some(recording) => Merged::Recording(recording),
        None => Merged::Entry(chart_id, position),
    };
    let placings: Vec<Placing<Merged>> = entries
        .iter()
        .map(|row| Placing {
            recording: key(row.recording_id, row.chart_id, row.position),
            service: service_of(&row.service),
            position: u32::try_from(row.position).unwrap_or(u32::MAX),
        })
        .collect();
    let lengths: Vec<ChartLength> = entries
        .iter()
        .map(|row| (service_of(&row.service), u32::try_from(row.chart_length).unwrap_or(u32::MAX)))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .map(|(service, entries)| ChartLength { service, entries })
        .collect();
    let mut columns = MergedColumns::default();
    for method in RankingMethod::ALL {
        for merged in merge_charts(&placings, &lengths, method) {
            // The row's name and links: the entries of the merged recording or entry.
            let rows =
                entries.iter().filter(|row| key(row.recording_id, row.chart_id, row.position) == merged.recording);
            let placed: Vec<Placed> = merged
                .positions
                .iter()
                .map(|&(service, position)| Placed {
                    service,
                    position,
                    url: rows
                        .clone()
                        .find(|row| service_of(&row.service) == service && row.position as u32 == position)
                        .and_then(|row| row.url.clone()),
                })
                .collect();
            let Some(named) = rows.clone().next() else { continue };
            columns.method.push(method.code().to_owned());
            columns.rank.push(i32::try_from(merged.rank).unwrap_or(i32::MAX));
            let (recording, chart, position) = match merged.recording {
                Merged::Recording(recording) => (Some(recording), None, None),
                Merged::Entry(chart, position) => (None, Some(chart), Some(position)),
            };
            columns.recording_id.push(recording);
            columns.chart_id.push(chart);
            columns.entry_position.push(position);
            columns.title.push(named.title.clone());
            columns.artists.push(named.artists.clone());
            columns.score.push(merged.score);
            columns.placings.push(Json(placed));
        }
    }
    sqlx::query!(
        r#"INSERT INTO merged_chart_entries (genre_code, day, method, rank, recording_id, chart_id, entry_position,
                                             title, artists, score, placings)
           SELECT $1, $2, * FROM UNNEST($3::text[], $4::integer[], $5::bigint[], $6::bigint[], $7::integer[],
                                        $8::text[], $9::text[], $10::float8[], $11::jsonb[])"#,
        genre_code,
        day,
        &columns.method,
        &columns.rank,
        &columns.recording_id as &[Option<i64>],
        &columns.chart_id as &[Option<i64>],
        &columns.entry_position as &[Option<i32>],
        &columns.title,
        &columns.artists,
        &columns.score,
        &columns.placings as &[Json<Vec<Placed>>],
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

#[derive(Default)]
struct MergedColumns {
    method: Vec<String>,
    rank: Vec<i32>,
    recording_id: Vec<Option<i64>>,
    chart_id: Vec<Option<i64>>,
    entry_position: Vec<Option<i32>>,
    title: Vec<String>,
    artists: Vec<String>,
    score: Vec<f64>,
    placings: Vec<Json<Vec<Placed>>>,
}

/// The charts' version as last moved on.
pub async fn charts_version(pool: &PgPool) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar!("SELECT version FROM charts_version").fetch_one(pool).await?)
}

/// The charts' version, and when the next queued job of one of `ingest_kinds` (the chart fetch, the play count) is
/// due: until when a cached answer holds at the latest, uploads aside.
pub async fn charts_freshness(
    pool: &PgPool,
    ingest_kinds: &[&str],
) -> Result<(i64, Option<OffsetDateTime>), StoreError> {
    let kinds: Vec<String> = ingest_kinds.iter().map(|kind| (*kind).to_owned()).collect();
    let row = sqlx::query!(
        "SELECT version,
                (SELECT min(run_at) FROM jobs WHERE state = 'queued' AND kind = ANY($1)) AS next_ingest
         FROM charts_version",
        &kinds
    )
    .fetch_one(pool)
    .await?;
    Ok((row.version, row.next_ingest))
}

/// Moves the charts' version on, in the transaction that changed them.
pub async fn move_charts_version(connection: &mut PgConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar!("UPDATE charts_version SET version = version + 1 RETURNING version")
        .fetch_one(&mut *connection)
        .await?)
}

/// A row of a merged chart.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedRow {
    pub rank: u32,
    /// None for an entry no recording was tied to.
    pub recording_id: Option<i64>,
    /// For an unmatched entry: its chart and position, to fix it.
    pub unmatched_entry: Option<(i64, u32)>,
    pub title: String,
    pub artists: String,
    pub score: f64,
    pub placings: Vec<Placed>,
    /// For an unmatched entry: the recording matching found closest (id, title, artists, score), to ask about.
    pub proposal: Option<(i64, String, String, f64)>,
    /// The plays and views counted for the recording as of the chart's day, when any service counts it.
    pub standing: Option<CountStanding>,
}

/// One of the charts a merged day merges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceChart {
    pub chart_id: i64,
    pub service: ChartService,
    pub day: Day,
    pub title: Option<String>,
    pub entries: u32,
    pub unmatched: u32,
}

/// A genre's merged chart on a day, by a method.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedChart {
    pub day: Day,
    /// Every day the genre has a merged chart for, latest first.
    pub days: Vec<Day>,
    pub sources: Vec<SourceChart>,
    pub rows: Vec<MergedRow>,
}

/// `genre_code`'s merged chart by `method` on `day` (the latest day when None or when `day` has none: the latest on
/// or before it), its rows in `order`; None when the genre has no chart yet.
pub async fn merged_chart(
    pool: &PgPool,
    genre_code: &str,
    day: Option<Day>,
    method: RankingMethod,
    order: ChartOrder,
) -> Result<Option<MergedChart>, StoreError> {
    let days: Vec<Day> =
        sqlx::query_scalar!("SELECT DISTINCT day FROM charts WHERE genre_code = $1 ORDER BY day DESC", genre_code)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(day_from)
            .collect();
    let shown = match day {
        Some(wanted) => days.iter().copied().find(|day| day.epoch_day() <= wanted.epoch_day()),
        None => days.first().copied(),
    };
    let Some(shown) = shown else { return Ok(None) };
    let rows = sqlx::query!(
        r#"SELECT rank, recording_id, chart_id, entry_position, title, artists, score,
                  placings AS "placings!: Json<Vec<Placed>>"
           FROM merged_chart_entries WHERE genre_code = $1 AND day = $2 AND method = $3 ORDER BY rank"#,
        genre_code,
        day_of(shown),
        method.code(),
    )
    .fetch_all(pool)
    .await?;
    let sources = sqlx::query!(
        r#"SELECT DISTINCT ON (c.service) c.id, c.service, c.day, c.title,
                  (SELECT count(*) FROM chart_entries e WHERE e.chart_id = c.id) AS "entries!",
                  (SELECT count(*) FROM chart_entries e WHERE e.chart_id = c.id AND e.recording_id IS NULL)
                      AS "unmatched!"
           FROM charts c WHERE c.genre_code = $1 AND c.day BETWEEN $2::date - $3::integer AND $2
           ORDER BY c.service, c.day DESC"#,
        genre_code,
        day_of(shown),
        CHART_STANDS_DAYS,
    )
    .fetch_all(pool)
    .await?;
    // The proposals of the unmatched rows, in one read.
    let (charts, positions): (Vec<i64>, Vec<i32>) =
        rows.iter().filter_map(|row| row.chart_id.zip(row.entry_position)).unzip();
    let proposals = sqlx::query!(
        r#"SELECT e.chart_id, e.position, r.id, r.title, r.artists, e.proposed_confidence AS "confidence!"
           FROM chart_entries e JOIN recordings r ON r.id = e.proposed_recording_id
           WHERE (e.chart_id, e.position) IN (SELECT * FROM UNNEST($1::bigint[], $2::integer[]))
             AND e.proposed_confidence IS NOT NULL"#,
        &charts,
        &positions,
    )
    .fetch_all(pool)
    .await?;
    let proposal_of = |chart: Option<i64>, position: Option<i32>| {
        proposals.iter().find(|proposal| Some(proposal.chart_id) == chart && Some(proposal.position) == position).map(
            |proposal| (proposal.id, proposal.title.clone(), proposal.artists.clone(), f64::from(proposal.confidence)),
        )
    };
    let recordings: Vec<i64> = rows.iter().filter_map(|row| row.recording_id).collect();
    let counts = counts_up_to(pool, &recordings, shown).await?;
    let standing_of = |recording: Option<i64>| {
        let by_service = counts.get(&recording?)?;
        count_standing(by_service, shown)
    };
    let mut merged: Vec<MergedRow> = rows
        .into_iter()
        .map(|row| MergedRow {
            proposal: proposal_of(row.chart_id, row.entry_position),
            standing: standing_of(row.recording_id),
            rank: u32::try_from(row.rank).unwrap_or(0),
            recording_id: row.recording_id,
            unmatched_entry: row.chart_id.zip(row.entry_position.and_then(|position| u32::try_from(position).ok())),
            title: row.title,
            artists: row.artists,
            score: row.score,
            placings: row.placings.0,
        })
        .collect();
    let standings: Vec<Option<CountStanding>> = merged.iter().map(|row| row.standing).collect();
    let mut slots: Vec<Option<MergedRow>> = merged.drain(..).map(Some).collect();
    let ordered: Vec<MergedRow> =
        order_rows(&standings, order).into_iter().filter_map(|index| slots[index].take()).collect();
    Ok(Some(MergedChart {
        day: shown,
        days,
        sources: sources
            .into_iter()
            .map(|row| SourceChart {
                chart_id: row.id,
                service: service_of(&row.service),
                day: day_from(row.day),
                title: row.title,
                entries: u32::try_from(row.entries).unwrap_or(0),
                unmatched: u32::try_from(row.unmatched).unwrap_or(0),
            })
            .collect(),
        rows: ordered,
    }))
}

/// The counts of `recordings` in the fortnight up to `day` (enough for the weekly change), by recording and service.
async fn counts_up_to(
    pool: &PgPool,
    recordings: &[i64],
    day: Day,
) -> Result<HashMap<i64, Vec<(ChartService, Vec<CountPoint>)>>, StoreError> {
    let rows = sqlx::query!(
        "SELECT recording_id, service, day, count FROM recording_counts
         WHERE recording_id = ANY($1) AND day BETWEEN $2::date - 14 AND $2
         ORDER BY recording_id, service, day",
        recordings,
        day_of(day),
    )
    .fetch_all(pool)
    .await?;
    let mut counts: HashMap<i64, Vec<(ChartService, Vec<CountPoint>)>> = HashMap::new();
    for row in rows {
        let service = service_of(&row.service);
        let point = CountPoint { day: day_from(row.day), count: u64::try_from(row.count).unwrap_or(0) };
        let by_service = counts.entry(row.recording_id).or_default();
        match by_service.last_mut() {
            Some((last, points)) if *last == service => points.push(point),
            _ => by_service.push((service, vec![point])),
        }
    }
    Ok(counts)
}
