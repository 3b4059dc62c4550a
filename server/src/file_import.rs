//! `POST /sources/import`: a plain multipart form post (it works without JavaScript) carrying one CSV file of
//! enrichment values people already have (an Exportify export, the "Spotify tracks dataset"). The file is read
//! whole, checked whole and stored in one transaction, so it is imported entirely or not at all; the browser goes
//! back to the import page with what happened in the URL. `POST /sources/import/forget` removes every value the
//! user imported from files.
//!
//! What the URL carries is codes and numbers only, never text from the file or from an error, so a crafted link
//! can make the page say nothing but what an import could have said:
//!
//! - after an import: `imported` (tracks read), `layout`, `header`, `id`, `isrc`, `missed` (matched by Spotify id,
//!   by ISRC, not at all), `lines` (of the first rows that matched nothing), `tracks` and `values` (stored), and
//!   `merged` and `local` (rows merged into an earlier row of the same track, local files skipped) when not 0;
//! - after a refusal: `problem` with a code, and for some codes `line`, `nearest`, `limit`, `ref`, or for bad rows
//!   `bad` (the first rows' `line:reason[:detail…]`, comma-separated) and `more` (how many problems are not listed);
//! - after forgetting: `forgotten` (tracks that had values), or `problem=forget-failed` with `ref`.
//!
//! The import page (`app/src/sources/import.rs`) reads exactly these; the router tests check the two agree.
//!
//! Like the history upload, this route is not bound by the request timeout: a large file may take as long as its
//! bytes keep arriving on a slow line, and is refused when none arrive for the upload idle timeout.

use std::fmt::Write as _;
use std::time::Duration;

use axum::Extension;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use crossfade_app::{Chain, Viewer, error_reference};
use crossfade_domain::{FeatureValues, FileLayout, HeaderMatch, ImportProblem};
use crossfade_enrichment::files::{FileContents, FileRefusal, FileTrack, read_enrichment_file};
use crossfade_store::enrichment::files::{FileImportSummary, FileTrackValues, forget_file_values, import_file_values};

use crate::state::AppState;

/// The route files are posted to, and the page that says how it went.
pub const IMPORT_PATH: &str = "/sources/import";

/// The route that removes every value the user imported from files.
pub const FORGET_PATH: &str = "/sources/import/forget";

/// The largest file the import reads, held in memory while it is read. The "Spotify tracks dataset", the largest
/// file people have, is about 20 MB; exports of playlists are far smaller.
pub const FILE_LIMIT_BYTES: usize = 32 << 20;

/// The body limit of the import route: the file and the multipart framing around it.
pub const BODY_LIMIT_BYTES: usize = FILE_LIMIT_BYTES + (64 << 10);

/// How many bad rows a refusal passes back in the URL; the page says how many more there are.
const LISTED_BAD_ROWS: usize = 5;

/// Reads the posted file, imports its values for the signed-in user and sends the browser back to the import page.
/// Requires sign-in (others are sent to the sign-in page).
pub async fn import(State(state): State<AppState>, viewer: Option<Extension<Viewer>>, form: Multipart) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return Redirect::to("/sign-in").into_response();
    };
    let bytes = match read_file(form, state.library_settings.upload_idle).await {
        Ok((_, bytes)) => bytes,
        Err(problem) => return back(&problem),
    };
    // Reading and weighing a file of a hundred thousand rows is CPU work: off the async workers.
    let read = tokio::task::spawn_blocking(move || {
        read_enrichment_file(&bytes).map(|contents| {
            let rows = contents.tracks.iter().map(track_values).collect::<Vec<_>>();
            (Outline::of(&contents), rows)
        })
    })
    .await;
    let (outline, rows) = match read {
        Ok(Ok(read)) => read,
        Ok(Err(refusal)) => return back(&refusal_query(&refusal)),
        Err(error) => return back(&failed(&error, ImportProblem::Failed, "reading an imported file stopped")),
    };
    match import_file_values(&state.pool, viewer.user_id, &rows).await {
        Ok(summary) => {
            tracing::info!(
                user_id = viewer.user_id,
                rows = summary.rows,
                matched_by_id = summary.matched_by_id,
                matched_by_isrc = summary.matched_by_isrc,
                values = summary.values_written,
                "imported a file of enrichment values"
            );
            back(&summary_query(&outline, &summary))
        }
        Err(error) => back(&failed(&error, ImportProblem::Failed, "storing an imported file's values failed")),
    }
}

/// Removes every value the signed-in user imported from files, then sends the browser back to the import page.
/// Requires sign-in (others are sent to the sign-in page).
pub async fn forget(State(state): State<AppState>, viewer: Option<Extension<Viewer>>) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return Redirect::to("/sign-in").into_response();
    };
    match forget_file_values(&state.pool, viewer.user_id).await {
        Ok(tracks) => back(&format!("forgotten={tracks}")),
        Err(error) => back(&failed(&error, ImportProblem::ForgetFailed, "forgetting a user's imported values failed")),
    }
}

/// A 303 to the import page with `query`.
fn back(query: &str) -> Response {
    Redirect::to(&format!("{IMPORT_PATH}?{query}")).into_response()
}

/// The file name and bytes of the form's `file` field, within [`FILE_LIMIT_BYTES`]; other fields are ignored. A
/// refusal is the query that names it (`problem=` with an [`ImportProblem`] code and its numbers); the release
/// upload shares it.
pub(crate) async fn read_file(form: Multipart, idle: Duration) -> Result<(String, Vec<u8>), String> {
    read_upload(form, idle, &[]).await.map(|upload| (upload.file_name, upload.bytes))
}

/// A posted file with the form's other fields that were asked for.
pub(crate) struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The fields named in `wanted`, as sent (at most [`FIELD_LIMIT_BYTES`] each; the first of a repeated name).
    pub fields: Vec<(String, String)>,
}

/// The longest text field kept beside an upload's file.
const FIELD_LIMIT_BYTES: usize = 1024;

/// The form's `file` field as [`read_file`] reads it, and the text fields named in `wanted`.
pub(crate) async fn read_upload(mut form: Multipart, idle: Duration, wanted: &[&str]) -> Result<Upload, String> {
    let mut file = None;
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let field = match tokio::time::timeout(idle, form.next_field()).await {
            Err(_) => return Err(stalled(idle)),
            Ok(Ok(Some(field))) => field,
            Ok(Ok(None)) => break,
            Ok(Err(error)) => return Err(broken(&error)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" && file.is_none() {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            file = Some((file_name, read_field(field, idle).await?));
        } else if wanted.contains(&name.as_str()) && !fields.iter().any(|(kept, _)| *kept == name) {
            let bytes = read_field_within(field, idle, FIELD_LIMIT_BYTES).await?;
            fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    match file {
        // A form sent without a file chosen still has the field, empty and without a file name.
        Some((file_name, bytes)) if !bytes.is_empty() => Ok(Upload { file_name, bytes, fields }),
        Some(_) => Err(problem(ImportProblem::Empty)),
        None => Err(problem(ImportProblem::NoFile)),
    }
}

/// A text field's bytes, refused as too large beyond `limit`.
async fn read_field_within(mut field: Field<'_>, idle: Duration, limit: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    loop {
        match tokio::time::timeout(idle, field.chunk()).await {
            Err(_) => return Err(stalled(idle)),
            Ok(Ok(Some(chunk))) if bytes.len() + chunk.len() <= limit => bytes.extend_from_slice(&chunk),
            Ok(Ok(Some(_))) => return Err(too_large()),
            Ok(Ok(None)) => return Ok(bytes),
            Ok(Err(error)) => return Err(broken(&error)),
        }
    }
}

async fn read_field(mut field: Field<'_>, idle: Duration) -> Result<Vec<u8>, String> {
    let no_file_chosen = field.file_name().is_none_or(str::is_empty);
    let mut bytes = Vec::new();
    loop {
        let chunk = match tokio::time::timeout(idle, field.chunk()).await {
            Err(_) => return Err(stalled(idle)),
            Ok(Ok(Some(chunk))) => chunk,
            Ok(Ok(None)) => break,
            Ok(Err(error)) => return Err(broken(&error)),
        };
        if bytes.len() + chunk.len() > FILE_LIMIT_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    if no_file_chosen && bytes.is_empty() {
        return Err(problem(ImportProblem::NoFile));
    }
    Ok(bytes)
}

/// `problem=` and the problem's code.
fn problem(problem: ImportProblem) -> String {
    format!("problem={}", problem.code())
}

fn too_large() -> String {
    format!("{}&limit={}", problem(ImportProblem::TooLarge), FILE_LIMIT_BYTES >> 20)
}

/// A body over the route's limit is refused as too large; anything else broke off on the way.
fn broken(error: &MultipartError) -> String {
    if error.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
        return too_large();
    }
    tracing::warn!(error = %Chain(error), "an imported file could not be read from the form");
    problem(ImportProblem::Broken)
}

fn stalled(idle: Duration) -> String {
    tracing::info!(idle_secs = idle.as_secs(), "a file import stalled and was refused");
    problem(ImportProblem::Stalled)
}

/// Logs a failure inside Crossfade once, with its whole chain, under a reference the page shows with `code`.
pub(crate) fn failed(error: &(dyn std::error::Error + 'static), code: ImportProblem, what: &str) -> String {
    let reference = error_reference();
    tracing::error!(%reference, error = %Chain(error), "{what}");
    format!("{}&ref={reference}", problem(code))
}

/// A file's track as the store takes it: domain values, genres weighed and the label read.
fn track_values(track: &FileTrack) -> FileTrackValues {
    let mut features = FeatureValues::default();
    for &(feature, value) in &track.features {
        // The reader checked every value by the same rule, so none is refused here.
        let _ = features.set(feature, value);
    }
    features.key = track.key;
    features.time_signature = track.time_signature;
    FileTrackValues::from_written(
        track.line,
        track.spotify_id.clone(),
        track.isrc.clone(),
        features,
        &track.genres,
        track.label.as_deref(),
    )
}

/// What the page says about a file besides the store's counts.
struct Outline {
    layout: FileLayout,
    header: HeaderMatch,
    merged_rows: u64,
    local_files: u64,
}

impl Outline {
    fn of(contents: &FileContents) -> Self {
        Outline {
            layout: contents.layout,
            header: contents.header,
            merged_rows: contents.merged_rows,
            local_files: contents.local_files,
        }
    }
}

fn summary_query(outline: &Outline, summary: &FileImportSummary) -> String {
    let mut query = format!(
        "imported={}&layout={}&header={}&id={}&isrc={}&missed={}&tracks={}&values={}",
        summary.rows,
        outline.layout.code(),
        outline.header.code(),
        summary.matched_by_id,
        summary.matched_by_isrc,
        summary.unmatched,
        summary.tracks_updated,
        summary.values_written,
    );
    if !summary.unmatched_lines.is_empty() {
        let lines: Vec<String> = summary.unmatched_lines.iter().map(u64::to_string).collect();
        let _ = write!(query, "&lines={}", lines.join(","));
    }
    if outline.merged_rows > 0 {
        let _ = write!(query, "&merged={}", outline.merged_rows);
    }
    if outline.local_files > 0 {
        let _ = write!(query, "&local={}", outline.local_files);
    }
    query
}

fn refusal_query(refusal: &FileRefusal) -> String {
    match refusal {
        FileRefusal::Empty => problem(ImportProblem::Empty),
        FileRefusal::NotUtf8 { line } => format!("{}&line={line}", problem(ImportProblem::NotUtf8)),
        // The reason quotes the file; the page explains the usual causes instead.
        FileRefusal::NotCsv { .. } => problem(ImportProblem::NotCsv),
        FileRefusal::NoHeader => problem(ImportProblem::NoHeader),
        FileRefusal::UnknownHeader { nearest, .. } => {
            format!("{}&nearest={}", problem(ImportProblem::UnknownHeader), nearest.code())
        }
        FileRefusal::NoTracks => problem(ImportProblem::NoTracks),
        FileRefusal::TooManyRows { limit } => format!("{}&limit={limit}", problem(ImportProblem::TooManyRows)),
        FileRefusal::BadRows { problems, unlisted } => {
            let listed: Vec<String> =
                problems.iter().take(LISTED_BAD_ROWS).map(|problem| problem.bad_row().code()).collect();
            let more = (problems.len() - listed.len()) as u64 + unlisted;
            let mut query = format!("{}&bad={}", problem(ImportProblem::BadRows), listed.join(","));
            if more > 0 {
                let _ = write!(query, "&more={more}");
            }
            query
        }
    }
}

#[cfg(test)]
mod tests {
    use crossfade_domain::{AudioFeature, FeatureProblem, Language};
    use crossfade_enrichment::files::{RowProblem, RowReason};

    use super::*;

    #[test]
    fn bad_rows_pass_back_numbers_and_codes_only() {
        let problem = |line, reason| RowProblem { line, column: Some("Énergie <b>".into()), reason };
        let refusal = FileRefusal::BadRows {
            problems: vec![
                problem(
                    7,
                    RowReason::Feature(FeatureProblem::OutOfRange { feature: AudioFeature::Energy, value: 1.8 }),
                ),
                problem(9, RowReason::NotANumber("<script>".into())),
                problem(10, RowReason::WrongFieldCount { expected: 20, found: 3 }),
                problem(11, RowReason::Feature(FeatureProblem::Key(12))),
                problem(12, RowReason::NotATrack("spotify:album:x".into())),
                problem(13, RowReason::KeyWithoutMode),
            ],
            unlisted: 4,
        };
        assert_eq!(
            refusal_query(&refusal),
            "problem=bad-rows&bad=7:range:energy:1.8,9:not-a-number,10:fields:3:20,11:key:12,12:not-a-track&more=5"
        );
    }

    #[test]
    fn a_summary_names_layout_header_and_counts() {
        let outline = Outline {
            layout: FileLayout::Exportify,
            header: HeaderMatch::Translated(Language::German),
            merged_rows: 0,
            local_files: 2,
        };
        let summary = FileImportSummary {
            rows: 1204,
            matched_by_id: 1150,
            matched_by_isrc: 40,
            unmatched: 14,
            unmatched_lines: vec![12, 98],
            tracks_updated: 1190,
            values_written: 9342,
        };
        assert_eq!(
            summary_query(&outline, &summary),
            "imported=1204&layout=exportify&header=de&id=1150&isrc=40&missed=14&tracks=1190&values=9342\
             &lines=12,98&local=2"
        );
    }
}
