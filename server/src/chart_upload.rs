//! `POST /charts/import`: a plain multipart form post (it works without JavaScript) carrying one chart file, the genre
//! it stands for and, for files that do not say it, the chart's day. The file is read whole and stored in one
//! transaction, or refused with its line; either way the attempt is kept for the user, and the browser goes back to
//! the import page with its id (`import=`), or with an upload problem's code when no file arrived whole
//! (`no-file`, `empty`, `too-large` with `limit`, `broken`, `stalled`, `no-genre`, `failed` with `ref`), or
//! `unreported` with `ref` when the chart was stored but what became of the file could not be kept.

use axum::Extension;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use crossfade_app::Viewer;
use crossfade_app::charts::CHART_IMPORT_PATH;
use crossfade_domain::{Day, ImportProblem};
use crossfade_library::charts::{ChartImport, ImportError, import_chart, request_isrc_lookups};
use crossfade_store::charts::{AttemptOutcome, ImportOrigin, record_attempt};

use crate::file_import::{failed, read_upload};
use crate::state::AppState;

/// Reads the posted chart for the signed-in user's chosen genre and sends the browser back to the import page.
/// Requires sign-in (others are sent to the sign-in page).
pub async fn upload(State(state): State<AppState>, viewer: Option<Extension<Viewer>>, form: Multipart) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return Redirect::to("/sign-in").into_response();
    };
    let upload = match read_upload(form, state.library_settings.upload_idle, &["genre", "day"]).await {
        Ok(upload) => upload,
        Err(problem) => return back(&problem),
    };
    let field = |name: &str| {
        upload
            .fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    };
    let Some(genre) = field("genre") else { return back("problem=no-genre") };
    let file_name = match upload.file_name.trim() {
        "" => "uploaded file".to_owned(),
        name => name.to_owned(),
    };
    // A day that cannot be read is refused like a file that does not date itself, in the attempt's words.
    let (day, bad_day) = match field("day") {
        Some(text) => match Day::parse(text) {
            Some(day) => (Some(day), None),
            None => (
                None,
                Some(format!(
                    "the chart day “{}” is not a day (YYYY-MM-DD)",
                    text.chars().take(40).collect::<String>()
                )),
            ),
        },
        None => (None, None),
    };
    let outcome = match bad_day {
        Some(words) => AttemptOutcome::Refused(words),
        None => {
            let import = ChartImport {
                genre_code: genre,
                file_name: &file_name,
                bytes: &upload.bytes,
                day,
                origin: ImportOrigin::Upload,
                imported_by: Some(viewer.user_id),
                looked_up: Default::default(),
            };
            match import_chart(&state.pool, &import).await {
                Ok(stored) => {
                    // The chart is stored whatever becomes of this: its entries are tied by title until read.
                    if let Err(error) =
                        request_isrc_lookups(&state.queue, stored.service, stored.chart_id, Some(viewer.user_id)).await
                    {
                        tracing::warn!(error = %error, chart = stored.chart_id, "the chart's ISRC reads could not be queued");
                    }
                    AttemptOutcome::Stored {
                        chart_id: Some(stored.chart_id),
                        entries: count(stored.entries),
                        matched: count(stored.matched),
                        new_recordings: count(stored.new_recordings),
                        unmatched: count(stored.unmatched),
                    }
                }
                Err(error @ (ImportError::File(_) | ImportError::UnknownGenre(_) | ImportError::Undated(_))) => {
                    AttemptOutcome::Refused(error.to_string())
                }
                Err(error @ ImportError::Store(_)) => {
                    return back(&failed(&error, ImportProblem::Failed, "storing an uploaded chart failed"));
                }
            }
        }
    };
    match record_attempt(&state.pool, viewer.user_id, genre, &file_name, &outcome).await {
        Ok(attempt) => back(&format!("import={attempt}")),
        // The chart itself may be stored: the page says so rather than "nothing was stored".
        Err(error) => {
            let reference = crossfade_app::error_reference();
            tracing::error!(%reference, error = %crossfade_app::Chain(&error), "keeping a chart import's outcome failed");
            let stored = matches!(outcome, AttemptOutcome::Stored { .. });
            back(&format!("problem={}&ref={reference}", if stored { "unreported" } else { "failed" }))
        }
    }
}

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// A 303 to the import page with `query`.
fn back(query: &str) -> Response {
    Redirect::to(&format!("{CHART_IMPORT_PATH}?{query}")).into_response()
}
