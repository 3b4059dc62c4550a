//! `GET /insights/export?of=…&table=…&format=csv|json`: one table of a collection's insights as a download, named
//! by the collection, the table and the day (`crossfade-liked-measures-2026-12-05.csv`); and
//! `GET /insights/history/export?from=…&to=…&table=…&format=…`, one table of the listening history over a range
//! (`crossfade-history-2024-tracks-2026-12-05.csv`). Plain links on the pages lead here, so downloads need no
//! JavaScript. The figures are the pages', unrounded: CSV with a header row, or JSON as an array of objects keyed by
//! the same column names.
//!
//! Refusals are plain text with real statuses: 400 naming what is wrong with the address, 404 for a collection that
//! is not the signed-in user's, 401 for a visitor.

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use crossfade_app::{Chain, Viewer, error_reference};
use crossfade_domain::{Cell, HistoryRange, HistoryTable, InsightsTable, TableData, TrackCollection};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use serde::Deserialize;

use crate::state::AppState;

/// Where downloads are served.
pub const EXPORT_PATH: &str = "/insights/export";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportParams {
    of: Option<String>,
    table: Option<String>,
    format: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HistoryExportParams {
    from: Option<String>,
    to: Option<String>,
    table: Option<String>,
    format: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// A refusal in words, with its status.
pub(crate) fn refused(status: StatusCode, message: impl Into<String>) -> Response {
    (status, [(CONTENT_TYPE, "text/plain; charset=utf-8"), (CACHE_CONTROL, "no-store")], message.into()).into_response()
}

pub async fn export(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Query(params): Query<ExportParams>,
) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return refused(StatusCode::UNAUTHORIZED, "Sign in with Spotify to download your insights.");
    };
    let collection = match TrackCollection::parse(params.of.as_deref().unwrap_or_default()) {
        Ok(collection) => collection,
        Err(problem) => return refused(StatusCode::BAD_REQUEST, format!("of: {problem}")),
    };
    let Some(table) = params.table.as_deref().and_then(InsightsTable::parse) else {
        let known: Vec<&str> = InsightsTable::ALL.iter().map(|table| table.code()).collect();
        return refused(StatusCode::BAD_REQUEST, format!("table: choose one of {}", known.join(", ")));
    };
    let Some(format) = format_of(params.format.as_deref()) else { return unknown_format() };
    // The scatter is not part of any table; its axes are the page's defaults (whose figures are kept).
    let axes = crossfade_domain::SCATTER_AXES;
    let report =
        match crossfade_library::insights::collection_report(&state.pool, viewer.user_id, &collection, axes).await {
            Ok(Some(report)) => report,
            Ok(None) => return refused(StatusCode::NOT_FOUND, "No such collection among yours."),
            Err(error) => return failed(&error, "reading a collection's insights for a download failed"),
        };
    download(&report.insights.table(table), &format!("{}-{}", file_part(&collection), table.code()), format)
}

pub async fn history_export(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Query(params): Query<HistoryExportParams>,
) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return refused(StatusCode::UNAUTHORIZED, "Sign in with Spotify to download your listening history.");
    };
    let range = match HistoryRange::parse(params.from.as_deref(), params.to.as_deref()) {
        Ok(range) => range,
        Err(problem) => return refused(StatusCode::BAD_REQUEST, format!("{}: {problem}", problem.field())),
    };
    let Some(table) = params.table.as_deref().and_then(HistoryTable::parse) else {
        let known: Vec<&str> = HistoryTable::ALL.iter().map(|table| table.code()).collect();
        return refused(StatusCode::BAD_REQUEST, format!("table: choose one of {}", known.join(", ")));
    };
    let Some(format) = format_of(params.format.as_deref()) else { return unknown_format() };
    let history = match crossfade_library::insights::history_report(&state.pool, viewer.user_id, range).await {
        Ok(history) => history,
        Err(error) => return failed(&error, "reading the listening history for a download failed"),
    };
    download(&history.report.table(table), &format!("history-{}-{}", range.file_part(), table.code()), format)
}

/// The download's format; None for one it cannot be made in.
fn format_of(format: Option<&str>) -> Option<Format> {
    match format {
        None | Some("csv") => Some(Format::Csv),
        Some("json") => Some(Format::Json),
        Some(_) => None,
    }
}

fn unknown_format() -> Response {
    refused(StatusCode::BAD_REQUEST, "format: choose csv or json")
}

/// An internal failure: logged once with its chain and a reference the answer repeats.
pub(crate) fn failed(error: &(dyn std::error::Error + 'static), context: &'static str) -> Response {
    let reference = error_reference();
    tracing::error!(%reference, error = %Chain(error), "{context}");
    refused(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("The download could not be made. Please try again later (reference {reference})."),
    )
}

/// `data` as a download named `crossfade-{name}-{today}.{csv|json}`.
fn download(data: &TableData, name: &str, format: Format) -> Response {
    let day = time::OffsetDateTime::now_utc().date();
    let name = format!("crossfade-{name}-{day}");
    let (body, content_type, extension) = match format {
        Format::Csv => match csv_of(data) {
            Ok(body) => (body, "text/csv; charset=utf-8", "csv"),
            Err(error) => return failed(&error, "writing an insights table as CSV failed"),
        },
        Format::Json => (json_of(data).to_string().into_bytes(), "application/json", "json"),
    };
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.{extension}\"")),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The collection in a file name: its code with anything but ASCII letters, digits and hyphens made a hyphen.
fn file_part(collection: &TrackCollection) -> String {
    collection.code().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

fn csv_of(data: &TableData) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&data.columns)?;
    for row in &data.rows {
        writer.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number.to_string(),
            Cell::Count(count) => count.to_string(),
            Cell::Empty => String::new(),
        }))?;
    }
    writer.into_inner().map_err(|error| csv::Error::from(error.into_error()))
}

fn json_of(data: &TableData) -> serde_json::Value {
    data.rows
        .iter()
        .map(|row| {
            data.columns
                .iter()
                .zip(row)
                .map(|(column, cell)| {
                    let value = match cell {
                        Cell::Text(text) => serde_json::Value::from(text.as_str()),
                        Cell::Number(number) => serde_json::Value::from(*number),
                        Cell::Count(count) => serde_json::Value::from(*count),
                        Cell::Empty => serde_json::Value::Null,
                    };
                    ((*column).to_owned(), value)
                })
                .collect::<serde_json::Map<_, _>>()
        })
        .collect()
}
