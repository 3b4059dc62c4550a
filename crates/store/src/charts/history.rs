//! A recording's history on the charts: every position it had on each genre's chart of each service, the days those
//! charts were published (so a day without it is an exit, and a day without a chart only a gap), and the play and
//! view counts the services reported.

use crossfade_domain::{ChartService, CountPoint, Day};
use sqlx::PgPool;

use super::{day_from, service_of};
use crate::StoreError;

/// One chart (a genre's chart of a service) a recording was on, with its days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingPlacing {
    pub genre_code: String,
    pub service: ChartService,
    /// Every day that chart was published, in order.
    pub published: Vec<Day>,
    /// The recording's positions on it.
    pub placed: Vec<(Day, u32)>,
}

/// What the chart history of a recording shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingHistory {
    pub recording_id: i64,
    pub title: String,
    pub artists: String,
    pub isrcs: Vec<String>,
    pub charts: Vec<RecordingPlacing>,
    /// Counts per service, each in day order.
    pub counts: Vec<(ChartService, Vec<CountPoint>)>,
}

/// The history of recording `recording_id`, if it exists.
pub async fn recording_history(pool: &PgPool, recording_id: i64) -> Result<Option<RecordingHistory>, StoreError> {
    let Some(recording) = sqlx::query!(
        r#"SELECT title, artists,
                  ARRAY(SELECT isrc FROM recording_isrcs WHERE recording_id = $1 ORDER BY isrc) AS "isrcs!"
           FROM recordings WHERE id = $1"#,
        recording_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    // Each chart (genre and service) the recording was ever on, with all its days and the recording's positions.
    let rows = sqlx::query!(
        r#"WITH its_charts AS (
               SELECT DISTINCT c.genre_code, c.service FROM chart_entries e JOIN charts c ON c.id = e.chart_id
               WHERE e.recording_id = $1
           )
           SELECT c.genre_code, c.service, c.day,
                  (SELECT min(e.position) FROM chart_entries e WHERE e.chart_id = c.id AND e.recording_id = $1)
                      AS position
           FROM charts c JOIN its_charts i ON i.genre_code = c.genre_code AND i.service = c.service
           ORDER BY c.genre_code, c.service, c.day"#,
        recording_id
    )
    .fetch_all(pool)
    .await?;
    let mut charts: Vec<RecordingPlacing> = Vec::new();
    for row in rows {
        let service = service_of(&row.service);
        let day = day_from(row.day);
        let chart = match charts.last_mut() {
            Some(chart) if chart.genre_code == row.genre_code && chart.service == service => chart,
            _ => {
                charts.push(RecordingPlacing {
                    genre_code: row.genre_code,
                    service,
                    published: Vec::new(),
                    placed: Vec::new(),
                });
                charts.last_mut().expect("just pushed")
            }
        };
        chart.published.push(day);
        if let Some(position) = row.position.and_then(|position| u32::try_from(position).ok()) {
            chart.placed.push((day, position));
        }
    }
    let count_rows = sqlx::query!(
        "SELECT service, day, count FROM recording_counts WHERE recording_id = $1 ORDER BY service, day",
        recording_id
    )
    .fetch_all(pool)
    .await?;
    let mut counts: Vec<(ChartService, Vec<CountPoint>)> = Vec::new();
    for row in count_rows {
        let service = service_of(&row.service);
        let point = CountPoint { day: day_from(row.day), count: u64::try_from(row.count).unwrap_or(0) };
        match counts.last_mut() {
            Some((last, points)) if *last == service => points.push(point),
            _ => counts.push((service, vec![point])),
        }
    }
    Ok(Some(RecordingHistory {
        recording_id,
        title: recording.title,
        artists: recording.artists,
        isrcs: recording.isrcs,
        charts,
        counts,
    }))
}

/// The recording carrying `isrc`, if any chart brought it: how a library track finds its chart history.
pub async fn recording_of_isrc(pool: &PgPool, isrc: &str) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar!("SELECT recording_id FROM recording_isrcs WHERE isrc = $1", isrc)
        .fetch_optional(pool)
        .await?)
}
