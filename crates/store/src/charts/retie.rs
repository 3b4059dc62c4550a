//! Entries tied again once the service's track read has given their ISRCs: a Spotify chart names its tracks by id,
//! and a track the catalog does not know is read after the chart was stored, so its entries were tied by title and
//! artists at first. Each is matched again with its ISRC, a recording made from titles alone that the ISRC shows to be
//! another one is folded into it, and the merged charts that count any of them are written again, in one transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crossfade_domain::{
    ChartEntry, ChartMatchMethod, ChartService, Day, Isrc, KnownRecording, Retie, StoredTie, match_entry, retie,
};
use sqlx::{PgConnection, PgPool};

use super::import::{add_alias, known_recordings, new_recording};
use super::merged::rebuild_merged_days;
use super::{day_from, move_charts_version, take_chart_writes};
use crate::StoreError;

/// The service track ids of chart `chart_id`'s entries that an ISRC could tie better: entries with no ISRC of their
/// own, tied by title and artists or not at all. Each with whether the service was asked for its ISRC already.
pub async fn ids_to_look_up(pool: &PgPool, chart_id: i64) -> Result<Vec<(String, bool)>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT e.service_id AS "service_id!",
                  EXISTS (SELECT 1 FROM service_track_isrcs s
                          WHERE s.service = c.service AND s.service_id = e.service_id) AS "read!"
           FROM chart_entries e JOIN charts c ON c.id = e.chart_id
           WHERE e.chart_id = $1 AND e.service_id IS NOT NULL AND e.isrc IS NULL
             AND (e.match_method IS NULL OR e.match_method IN ('fuzzy', 'first-seen'))
           ORDER BY 1"#,
        chart_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.service_id, row.read)).collect())
}

/// What tying again changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Retied {
    /// Entries now tied through their ISRC.
    pub entries: usize,
    /// Recordings made from titles alone folded into the recording their ISRC names.
    pub folded: usize,
}

/// One stored entry to tie again, with the ISRC the service gave for its track.
struct StoredEntry {
    chart_id: i64,
    genre_code: String,
    day: Day,
    entry: ChartEntry,
    isrc: Isrc,
    tie: Option<StoredTie<i64>>,
}

/// Ties again every entry of `service`'s charts whose track is one of `ids` and whose ISRC the service has given
/// (remembered with [`remember_service_isrc`](super::remember_service_isrc)), unless it was tied by an ISRC or by hand.
pub async fn retie_by_isrc(pool: &PgPool, service: ChartService, ids: &[String]) -> Result<Retied, StoreError> {
    let mut transaction = pool.begin().await?;
    take_chart_writes(&mut transaction).await?;
    let entries = entries_to_retie(&mut transaction, service, ids).await?;
    let mut retied = Retied::default();
    // What this run changed that the ties read before it do not show: recordings folded away (by what they became)
    // and recordings that carry an ISRC now.
    let mut folded_into: HashMap<i64, i64> = HashMap::new();
    let mut coded: HashSet<i64> = HashSet::new();
    let mut touched: BTreeMap<String, BTreeSet<Day>> = BTreeMap::new();
    let mut by_chart: Vec<Vec<StoredEntry>> = Vec::new();
    for entry in entries {
        match by_chart.last_mut() {
            Some(chart) if chart[0].chart_id == entry.chart_id => chart.push(entry),
            _ => by_chart.push(vec![entry]),
        }
    }
    for chart in by_chart {
        let isrcs: Vec<String> = chart.iter().map(|stored| stored.isrc.as_str().to_owned()).collect();
        // Read per chart, then kept as this run changes it: each entry is matched against the recordings as they are.
        let mut known = known_recordings(&mut transaction, &chart[0].genre_code, chart[0].day, &isrcs).await?;
        for stored in &chart {
            let tie = stored.tie.clone().map(|mut tie| {
                tie.recording = *folded_into.get(&tie.recording).unwrap_or(&tie.recording);
                tie.recording_has_isrc |= coded.contains(&tie.recording);
                tie
            });
            let decided = match_entry(&stored.entry, Some(&stored.isrc), &known);
            let (recording, method, confidence) = match retie(tie.as_ref(), decided) {
                Retie::Keep => continue,
                Retie::To { recording, method, confidence, alias, absorb } => {
                    if let Some(alias) = alias {
                        add_alias(&mut transaction, recording, &alias).await?;
                        coded.insert(recording);
                        if let Some(known) = known.iter_mut().find(|known| known.recording == recording) {
                            known.isrcs.push(alias);
                        }
                    }
                    if let Some(absorbed) = absorb {
                        for (genre_code, day) in fold(&mut transaction, absorbed, recording).await? {
                            touched.entry(genre_code).or_default().insert(day);
                        }
                        for target in folded_into.values_mut().filter(|target| **target == absorbed) {
                            *target = recording;
                        }
                        folded_into.insert(absorbed, recording);
                        // The recording an ISRC named carries one.
                        coded.insert(recording);
                        known.retain(|known| known.recording != absorbed);
                        retied.folded += 1;
                    }
                    (recording, method, confidence)
                }
                Retie::New { isrc, method } => {
                    let recording = new_recording(&mut transaction, &stored.entry, Some(&isrc)).await?;
                    coded.insert(recording);
                    known.push(KnownRecording {
                        recording,
                        title: stored.entry.title.clone(),
                        artists: stored.entry.artists.clone(),
                        duration_ms: stored.entry.duration_ms,
                        isrcs: vec![isrc],
                    });
                    (recording, method, 1.0)
                }
            };
            tie_entry(&mut transaction, stored, recording, method, confidence).await?;
            touched.entry(stored.genre_code.clone()).or_default().insert(stored.day);
            retied.entries += 1;
        }
    }
    for (genre_code, days) in &touched {
        let days: Vec<Day> = days.iter().copied().collect();
        rebuild_merged_days(&mut transaction, genre_code, &days).await?;
    }
    if !touched.is_empty() {
        move_charts_version(&mut transaction).await?;
    }
    transaction.commit().await?;
    Ok(retied)
}

async fn entries_to_retie(
    connection: &mut PgConnection,
    service: ChartService,
    ids: &[String],
) -> Result<Vec<StoredEntry>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT e.chart_id, e.position, e.title, e.artists, e.duration_ms, e.service_id AS "service_id!",
                  c.genre_code, c.day, s.isrc AS "isrc!", e.recording_id, e.match_method,
                  EXISTS (SELECT 1 FROM recording_isrcs i WHERE i.recording_id = e.recording_id) AS "has_isrc!"
           FROM chart_entries e
           JOIN charts c ON c.id = e.chart_id
           JOIN service_track_isrcs s ON s.service = c.service AND s.service_id = e.service_id
           WHERE c.service = $1 AND e.service_id = ANY ($2) AND s.isrc IS NOT NULL AND e.isrc IS NULL
             AND (e.match_method IS NULL OR e.match_method IN ('fuzzy', 'first-seen'))
           ORDER BY c.day, e.chart_id, e.position
           FOR UPDATE OF e"#,
        service.code(),
        ids,
    )
    .fetch_all(&mut *connection)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let mut entry = ChartEntry::new(u32::try_from(row.position).ok()?, row.title, row.artists);
            entry.duration_ms = row.duration_ms.and_then(|ms| u32::try_from(ms).ok());
            entry.service_id = Some(row.service_id);
            let tie = match (row.recording_id, row.match_method.as_deref().and_then(ChartMatchMethod::parse)) {
                (Some(recording), Some(method)) => {
                    Some(StoredTie { recording, method, recording_has_isrc: row.has_isrc })
                }
                _ => None,
            };
            Some(StoredEntry {
                chart_id: row.chart_id,
                genre_code: row.genre_code,
                day: day_from(row.day),
                entry,
                isrc: Isrc::parse(&row.isrc).ok()?,
                tie,
            })
        })
        .collect())
}

async fn tie_entry(
    connection: &mut PgConnection,
    stored: &StoredEntry,
    recording: i64,
    method: ChartMatchMethod,
    confidence: f64,
) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE chart_entries SET recording_id = $3, match_method = $4, match_confidence = $5,
                                  proposed_recording_id = NULL, proposed_confidence = NULL
         WHERE chart_id = $1 AND position = $2",
        stored.chart_id,
        i32::try_from(stored.entry.position).unwrap_or(i32::MAX),
        recording,
        method.code(),
        confidence.clamp(0.0, 1.0) as f32,
    )
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Folds recording `absorbed` into `into`: its chart entries, proposals, ISRCs, counts (where `into` has none for the
/// day) and service links become `into`'s, and it is gone. Answers the genres and days of the charts it was on.
async fn fold(connection: &mut PgConnection, absorbed: i64, into: i64) -> Result<Vec<(String, Day)>, StoreError> {
    let charted = sqlx::query!(
        "SELECT DISTINCT c.genre_code, c.day FROM charts c JOIN chart_entries e ON e.chart_id = c.id
         WHERE e.recording_id = $1",
        absorbed,
    )
    .fetch_all(&mut *connection)
    .await?;
    sqlx::query!("UPDATE chart_entries SET recording_id = $2 WHERE recording_id = $1", absorbed, into)
        .execute(&mut *connection)
        .await?;
    sqlx::query!(
        "UPDATE chart_entries SET proposed_recording_id = $2 WHERE proposed_recording_id = $1",
        absorbed,
        into
    )
    .execute(&mut *connection)
    .await?;
    sqlx::query!(
        "INSERT INTO recording_counts (recording_id, service, day, count)
         SELECT $2, service, day, count FROM recording_counts WHERE recording_id = $1
         ON CONFLICT (recording_id, service, day) DO NOTHING",
        absorbed,
        into,
    )
    .execute(&mut *connection)
    .await?;
    sqlx::query!(
        "INSERT INTO recording_links (recording_id, service, external_id, searched_at)
         SELECT $2, service, external_id, searched_at FROM recording_links WHERE recording_id = $1
         ON CONFLICT (recording_id, service) DO NOTHING",
        absorbed,
        into,
    )
    .execute(&mut *connection)
    .await?;
    // A recording made from titles alone carries no ISRC when it is folded; should it, the code stays with the song.
    sqlx::query!("UPDATE recording_isrcs SET recording_id = $2 WHERE recording_id = $1", absorbed, into)
        .execute(&mut *connection)
        .await?;
    sqlx::query!("DELETE FROM recordings WHERE id = $1", absorbed).execute(&mut *connection).await?;
    Ok(charted.into_iter().map(|row| (row.genre_code, day_from(row.day))).collect())
}
