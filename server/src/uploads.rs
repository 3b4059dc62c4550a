//! `POST /history/upload`: a plain multipart form post (it works without JavaScript) carrying one or more files of
//! Spotify's "Extended streaming history" export. Each file is streamed to the upload folder, never held in
//! memory, recorded as a queued import and handed to the workers; the browser goes back to the History page,
//! which shows each import's progress. Refusals go back there too, with the reason in the URL.

use std::path::Path;

use axum::Extension;
use axum::extract::multipart::Field;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use crossfade_app::Viewer;
use crossfade_library::jobs;
use crossfade_store::plays;
use tokio::io::AsyncWriteExt as _;

use crate::state::AppState;

/// Where the History page lives; problems are passed back to it as `?problem=`.
const HISTORY: &str = "/history";

/// Why an upload was refused, as the code the History page turns into words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    NoFile,
    NotAnExport,
    TooLarge,
    Empty,
    Broken,
    Failed,
}

impl Refusal {
    fn code(self) -> &'static str {
        match self {
            Refusal::NoFile => "no-file",
            Refusal::NotAnExport => "not-an-export",
            Refusal::TooLarge => "too-large",
            Refusal::Empty => "empty",
            Refusal::Broken => "broken-upload",
            Refusal::Failed => "failed",
        }
    }

    fn redirect(self) -> Response {
        Redirect::to(&format!("{HISTORY}?problem={}", self.code())).into_response()
    }
}

pub async fn upload(State(state): State<AppState>, viewer: Option<Extension<Viewer>>, mut form: Multipart) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return Redirect::to("/sign-in").into_response();
    };
    let mut accepted = 0;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return refusal_for(&error).redirect(),
        };
        let Some(file_name) = field.file_name().map(display_name).filter(|name| !name.is_empty()) else {
            continue;
        };
        if !(file_name.to_lowercase().ends_with(".zip") || file_name.to_lowercase().ends_with(".json")) {
            return Refusal::NotAnExport.redirect();
        }
        match accept(&state, viewer.user_id, &file_name, field).await {
            Ok(()) => accepted += 1,
            Err(refusal) => return refusal.redirect(),
        }
    }
    if accepted == 0 {
        return Refusal::NoFile.redirect();
    }
    Redirect::to(HISTORY).into_response()
}

/// The name to show for an uploaded file: its last path component, without control characters, at most 200
/// characters. It is only ever displayed, never used as a path.
fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    last.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Streams one file to disk, records the import and queues it.
async fn accept(state: &AppState, user_id: i64, file_name: &str, field: Field<'_>) -> Result<(), Refusal> {
    let folder = &state.library_settings.upload_dir;
    tokio::fs::create_dir_all(folder).await.map_err(|error| failed(&error, "creating the upload folder failed"))?;
    let partial = folder.join(format!("upload-{}.part", rand::random::<u64>()));
    let written = match write_file(&partial, field).await {
        Ok(written) => written,
        Err(refusal) => {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(refusal);
        }
    };
    if written == 0 {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(Refusal::Empty);
    }
    let size = i64::try_from(written).unwrap_or(i64::MAX);
    let import_id = match plays::create_import(&state.pool, user_id, file_name, size).await {
        Ok(id) => id,
        Err(error) => {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(failed(&error, "recording a history import failed"));
        }
    };
    let stored = jobs::upload_path(folder, import_id);
    if let Err(error) = tokio::fs::rename(&partial, &stored).await {
        abandon(state, user_id, import_id, &partial).await;
        return Err(failed(&error, "keeping the upload failed"));
    }
    if let Err(error) = jobs::request_import(&state.queue, user_id, import_id).await {
        abandon(state, user_id, import_id, &stored).await;
        return Err(failed(&error, "queueing a history import failed"));
    }
    Ok(())
}

/// Ends a recorded import that can never run as failed (rather than leaving it waiting forever) and removes its
/// file.
async fn abandon(state: &AppState, user_id: i64, import_id: i64, file: &Path) {
    let _ = tokio::fs::remove_file(file).await;
    if let Err(error) = plays::fail_import(&state.pool, user_id, import_id, plays::INTERNAL_FAILURE).await {
        tracing::error!(error = %error, "could not mark an abandoned upload as failed");
    }
}

async fn write_file(path: &Path, mut field: Field<'_>) -> Result<u64, Refusal> {
    let mut file =
        tokio::fs::File::create(path).await.map_err(|error| failed(&error, "creating the upload file failed"))?;
    let mut written = 0_u64;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                file.write_all(&chunk).await.map_err(|error| failed(&error, "writing the upload failed"))?;
                written += chunk.len() as u64;
            }
            Ok(None) => break,
            Err(error) => return Err(refusal_for(&error)),
        }
    }
    file.flush().await.map_err(|error| failed(&error, "writing the upload failed"))?;
    Ok(written)
}

/// A body over the upload limit is refused as too large; anything else broke off on the way.
fn refusal_for(error: &axum::extract::multipart::MultipartError) -> Refusal {
    if error.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
        return Refusal::TooLarge;
    }
    tracing::warn!(error = %error, "a history upload could not be read");
    Refusal::Broken
}

fn failed(error: &dyn std::fmt::Display, what: &str) -> Refusal {
    tracing::error!(error = %error, "{what}");
    Refusal::Failed
}
