//! `POST /curation/releases`: a plain multipart form post (it works without JavaScript) carrying one file of new
//! releases (Beatport API or page JSON, an older Beatport feed, a Top 100 CSV, a release list CSV). The file is read
//! whole and its tracks stored in one transaction; their matching to Spotify is queued. The browser goes back to
//! the releases page with codes and numbers only: `ingest` (the stored ingest, whose report the page reads), or
//! `problem` with an upload code shared with the file import (`no-file`, `empty`, `too-large` with `limit`,
//! `broken`, `stalled`, `failed` with `ref`) or a feed code (`not-utf8`, `unknown-format`, `malformed` with `line`,
//! `page-without-tracks`, `missing-column` with `column`), or `unqueued` when the tracks were stored but their
//! matching was not queued.

use axum::Extension;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use crossfade_app::Viewer;
use crossfade_domain::{FeedProblem, ImportProblem};
use crossfade_library::releases::{IngestError, ingest_feed};
use crossfade_store::releases::IngestOrigin;

use crate::file_import::{failed, read_file};
use crate::state::AppState;

/// The route files are posted to, and the page that says how it went.
pub const RELEASES_PATH: &str = "/curation/releases";

/// The longest file name kept with an ingest.
const MAX_SOURCE_CHARS: usize = 300;

/// Reads the posted file as new releases for the signed-in user and sends the browser back to the releases page.
/// Requires sign-in (others are sent to the sign-in page).
pub async fn upload(State(state): State<AppState>, viewer: Option<Extension<Viewer>>, form: Multipart) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return Redirect::to("/sign-in").into_response();
    };
    let (name, bytes) = match read_file(form, state.library_settings.upload_idle).await {
        Ok(file) => file,
        Err(problem) => return back(&problem),
    };
    let source: String = match name.trim() {
        "" => "uploaded file".to_owned(),
        name => name.chars().take(MAX_SOURCE_CHARS).collect(),
    };
    match ingest_feed(&state.library, &state.queue, viewer.user_id, IngestOrigin::Upload, &source, &bytes).await {
        Ok(summary) => back(&format!("ingest={}", summary.ingest_id)),
        Err(IngestError::Feed(problem)) => back(&feed_problem(&problem)),
        Err(error @ IngestError::Queue(_)) => {
            // The releases are stored; the user's next ingest queues their matching.
            tracing::warn!(error = %crossfade_app::Chain(&error), "the matching of uploaded releases was not queued");
            back("problem=unqueued")
        }
        Err(error) => back(&failed(&error, ImportProblem::Failed, "storing uploaded releases failed")),
    }
}

/// The codes of a refused feed; a broken structure keeps only its line, never the parser's words.
fn feed_problem(problem: &FeedProblem) -> String {
    match problem {
        FeedProblem::Empty => "problem=empty".to_owned(),
        FeedProblem::NotText => "problem=not-utf8".to_owned(),
        FeedProblem::UnknownFormat => "problem=unknown-format".to_owned(),
        FeedProblem::Malformed { line, .. } => format!("problem=malformed&line={line}"),
        FeedProblem::PageWithoutTracks => "problem=page-without-tracks".to_owned(),
        FeedProblem::MissingColumn(column) => format!("problem=missing-column&column={column}"),
    }
}

/// A 303 to the releases page with `query`.
fn back(query: &str) -> Response {
    Redirect::to(&format!("{RELEASES_PATH}?{query}")).into_response()
}
