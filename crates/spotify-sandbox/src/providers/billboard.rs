//! The Billboard Hot 100 under `/billboard`, one JSON file per chart week as the community's copies serve them:
//! `GET /date/{YYYY-MM-DD}.json` and `GET /recent.json` (the latest week) answer
//! `{"date","data":[{"song","artist","this_week","last_week","peak_position","weeks_on_chart"}]}` with 100 songs.
//!
//! Charts are dated Saturdays; the latest is the last Saturday up to today. Another weekday, a week to come or a day
//! that is no date answers 404. Billboard credits featured artists in the artist field ("X Featuring Y", a duet
//! "X & Y") and drops "(feat. …)" from the title; `last_week` is null for a song new (or back) on the chart, and
//! `peak_position` and `weeks_on_chart` look back 52 weeks.

use std::sync::Arc;

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use time::{Date, Weekday};

use super::charts::{Chart, billboard_credit, last_on_or_before, parse_day, today, without_featured};
use super::identity::ProviderIndex;
use crate::state::SharedSandbox;

/// Songs on the chart.
const CHART_LENGTH: usize = 100;
/// Weeks the runs look back over.
const HISTORY_WEEKS: i64 = 52;
/// Share of songs with two or more artists that Billboard credits as a duet rather than a feature.
const DUETS: f64 = 0.3;

/// The Billboard routes, relative to `/billboard`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/date/{file}", get(week)).route("/recent.json", get(recent))
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "404: Not Found").into_response()
}

/// `GET /date/{YYYY-MM-DD}.json`.
async fn week(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path(file): Path<String>,
) -> Response {
    let latest = last_on_or_before(today(&sandbox), Weekday::Saturday);
    match file.strip_suffix(".json").and_then(parse_day) {
        Some(day) if day.weekday() == Weekday::Saturday && day <= latest => {
            Json(chart(&sandbox, &index, day)).into_response()
        }
        _ => not_found(),
    }
}

/// `GET /recent.json`: the latest week.
async fn recent(State(sandbox): State<SharedSandbox>, Extension(index): Extension<Arc<ProviderIndex>>) -> Json<Value> {
    Json(chart(&sandbox, &index, last_on_or_before(today(&sandbox), Weekday::Saturday)))
}

fn chart(sandbox: &SharedSandbox, index: &ProviderIndex, day: Date) -> Value {
    let entries = Chart::new("billboard/hot-100", None, CHART_LENGTH).draw_with_runs(index, day, 7, HISTORY_WEEKS);
    let data: Vec<Value> = entries
        .into_iter()
        .enumerate()
        .map(|(n, (song, run))| {
            let song = index.charts.song(&sandbox.catalog, song);
            let duet = index.share("billboard-duet", song.key) < DUETS;
            json!({
                "song": without_featured(song.title),
                "artist": billboard_credit(&song.artists, duet),
                "this_week": n + 1,
                "last_week": run.previous,
                "peak_position": run.peak,
                "weeks_on_chart": run.periods,
            })
        })
        .collect();
    json!({ "date": day.to_string(), "data": data })
}
