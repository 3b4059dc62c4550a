//! `POST /history/upload`: a plain multipart form post (it works without JavaScript) carrying one or more files of
//! Spotify's "Extended streaming history" export. Each file is streamed to the upload folder, never held in
//! memory, then recorded as an import and queued for the workers in one transaction; the browser goes back to the
//! History page, which shows each import's progress. Refusals go back there too, with the reason in the URL.
//!
//! An upload is not bound by the request timeout: it may take as long as its bytes keep arriving, and is refused
//! when none arrive for the idle timeout. What a person's uploads waiting to be imported take on disk is bounded by
//! their quota. A file that is not kept (refused, failed, or abandoned by the client) is removed at once; a start-up
//! sweep removes what a stopped process left behind.

mod folder;

use std::path::Path;
use std::time::Duration;

use axum::Extension;
use axum::extract::multipart::Field;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use crossfade_app::{Chain, Viewer};
use crossfade_domain::UploadRefusal;
use crossfade_library::jobs::{self, UploadFolder};
use crossfade_store::plays::{self, HistoryImport};
use sqlx::PgPool;
use tokio::io::AsyncWriteExt as _;

use crate::state::AppState;
use folder::PartialUpload;

/// The route uploads are posted to.
pub const UPLOAD_PATH: &str = "/history/upload";

/// Where the History page lives; refusals are passed back to it as `?problem=`.
const HISTORY: &str = "/history";

fn refuse(refusal: UploadRefusal) -> Response {
    Redirect::to(&format!("{HISTORY}?problem={}", refusal.code())).into_response()
}

/// Stores each uploaded file and queues its import. Requires sign-in (others are sent to the sign-in page).
pub async fn upload(State(state): State<AppState>, viewer: Option<Extension<Viewer>>, mut form: Multipart) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return Redirect::to("/sign-in").into_response();
    };
    let idle = state.library_settings.upload_idle;
    let mut accepted = 0;
    loop {
        let field = match tokio::time::timeout(idle, form.next_field()).await {
            Err(_) => return refuse(stalled(idle)),
            Ok(Ok(Some(field))) => field,
            Ok(Ok(None)) => break,
            Ok(Err(error)) => return refuse(refusal_for(&error)),
        };
        let Some(file_name) = field.file_name().map(display_name).filter(|name| !name.is_empty()) else {
            continue;
        };
        if !(file_name.to_lowercase().ends_with(".zip") || file_name.to_lowercase().ends_with(".json")) {
            return refuse(UploadRefusal::NotAnExport);
        }
        match accept(&state, viewer.user_id, &file_name, field).await {
            Ok(()) => accepted += 1,
            Err(refusal) => return refuse(refusal),
        }
    }
    if accepted == 0 {
        return refuse(UploadRefusal::NoFile);
    }
    Redirect::to(HISTORY).into_response()
}

/// The name to show for an uploaded file: its last path component, without control characters, at most 200
/// characters. It is only ever displayed, never used as a path.
fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    last.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Streams one file to disk within the user's quota, then records and queues its import.
async fn accept(state: &AppState, user_id: i64, file_name: &str, field: Field<'_>) -> Result<(), UploadRefusal> {
    let settings = &state.library_settings;
    let folder = &settings.upload_dir;
    folder::prepare(folder).await.map_err(|error| failed(&error, "preparing the upload folder failed"))?;
    let waiting = waiting_bytes(&state.pool, user_id).await?;
    let room = settings.upload_quota_bytes.saturating_sub(waiting);
    if room == 0 {
        return Err(over_quota(user_id));
    }
    let (partial, file) =
        PartialUpload::create(folder).await.map_err(|error| failed(&error, "creating the upload file failed"))?;
    let written = write_file(file, field, settings.upload_idle, room, user_id).await?;
    if written == 0 {
        return Err(UploadRefusal::Empty);
    }
    // The file is complete: recording it runs in a task of its own, so a client going away now cannot leave it
    // half recorded.
    let (pool, folder, file_name) = (state.pool.clone(), folder.clone(), file_name.to_owned());
    tokio::spawn(async move { record(&pool, &folder, user_id, &file_name, written, partial).await })
        .await
        .map_err(|error| failed(&error, "recording a history upload stopped"))?
}

/// Bytes of the user's uploads waiting on disk: those of imports queued or running.
async fn waiting_bytes(pool: &PgPool, user_id: i64) -> Result<u64, UploadRefusal> {
    let imports = plays::list_imports(pool, user_id)
        .await
        .map_err(|error| failed(&error, "reading the user's imports failed"))?;
    let waiting = imports.iter().filter(|import| import.state.is_pending());
    Ok(waiting.map(|import| u64::try_from(import.byte_size).unwrap_or(0)).sum())
}

/// Writes the field's bytes to `file`, refusing the upload as soon as nothing arrives for `idle` or it passes
/// `room` bytes. Answers the bytes written.
async fn write_file(
    mut file: tokio::fs::File,
    mut field: Field<'_>,
    idle: Duration,
    room: u64,
    user_id: i64,
) -> Result<u64, UploadRefusal> {
    let mut written = 0_u64;
    loop {
        let chunk = match tokio::time::timeout(idle, field.chunk()).await {
            Err(_) => return Err(stalled(idle)),
            Ok(Ok(Some(chunk))) => chunk,
            Ok(Ok(None)) => break,
            Ok(Err(error)) => return Err(refusal_for(&error)),
        };
        written += chunk.len() as u64;
        if written > room {
            return Err(over_quota(user_id));
        }
        file.write_all(&chunk).await.map_err(|error| failed(&error, "writing the upload failed"))?;
    }
    file.flush().await.map_err(|error| failed(&error, "writing the upload failed"))?;
    Ok(written)
}

/// Records the complete upload as an import and queues its job in one transaction, moving the file to where the
/// import reads it before the commit. Whatever fails, nothing is left: the transaction rolls back, the partial
/// file removes itself, and a stored file whose commit failed is removed.
async fn record(
    pool: &PgPool,
    folder: &Path,
    user_id: i64,
    file_name: &str,
    size: u64,
    partial: PartialUpload,
) -> Result<(), UploadRefusal> {
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    let mut transaction = pool.begin().await.map_err(|error| failed(&error, "recording a history upload failed"))?;
    let import_id = plays::create_import(&mut *transaction, user_id, file_name, size)
        .await
        .map_err(|error| failed(&error, "recording a history import failed"))?;
    jobs::request_import(&mut *transaction, user_id, import_id)
        .await
        .map_err(|error| failed(&error, "queueing a history import failed"))?;
    let stored = jobs::upload_path(folder, import_id);
    partial.keep_as(&stored).await.map_err(|error| failed(&error, "keeping the upload failed"))?;
    if let Err(error) = transaction.commit().await {
        remove(&stored).await;
        return Err(failed(&error, "recording a history upload failed"));
    }
    Ok(())
}

/// Start-up upkeep of the upload folder, which every server process on it shares: takes the folder's permissions
/// back to private, removes partial uploads nobody is writing any more, marks failed the imports no job will run
/// (removing their uploads), and removes uploads no import waits for. Only files left alone for longer than the
/// idle timeout are touched, as another process may be writing or recording them. Failures are logged; the server
/// starts either way.
pub async fn sweep(state: &AppState) {
    let settings = &state.library_settings;
    let folder = &settings.upload_dir;
    if let Err(error) = folder::prepare(folder).await {
        tracing::error!(error = %Chain(&error), folder = %folder.display(), "the upload folder cannot be prepared");
        return;
    }
    match HistoryImport::fail_unqueued(&state.pool, jobs::IMPORT_KEY_PREFIX).await {
        Ok(failed) if failed.is_empty() => {}
        Ok(failed) => {
            tracing::warn!(imports = ?failed, "history imports that no job would run were marked failed");
            UploadFolder::new(folder.clone()).remove_uploads(&failed).await;
        }
        Err(error) => {
            tracing::error!(error = %Chain(&error), "could not look for history imports that no job would run");
        }
    }
    let stale = match folder::stale_files(folder, settings.upload_idle).await {
        Ok(stale) => stale,
        Err(error) => {
            tracing::error!(error = %Chain(&error), folder = %folder.display(), "could not read the upload folder");
            return;
        }
    };
    for partial in &stale.partial {
        remove(partial).await;
    }
    if !stale.partial.is_empty() {
        tracing::info!(files = stale.partial.len(), "removed partial uploads left by a stopped server");
    }
    match HistoryImport::still_waiting(&state.pool, &stale.imports).await {
        Ok(waiting) => {
            let unclaimed: Vec<i64> = stale.imports.into_iter().filter(|id| !waiting.contains(id)).collect();
            UploadFolder::new(folder.clone()).remove_uploads(&unclaimed).await;
        }
        Err(error) => tracing::error!(error = %Chain(&error), "could not tell which uploads are still waiting"),
    }
}

async fn remove(path: &Path) {
    if let Err(error) = tokio::fs::remove_file(path).await
        && error.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(error = %Chain(&error), path = %path.display(), "could not remove an upload");
    }
}

/// A body over the upload limit is refused as too large; anything else broke off on the way.
fn refusal_for(error: &axum::extract::multipart::MultipartError) -> UploadRefusal {
    if error.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
        return UploadRefusal::TooLarge;
    }
    tracing::warn!(error = %Chain(error), "a history upload could not be read");
    UploadRefusal::Broken
}

fn stalled(idle: Duration) -> UploadRefusal {
    tracing::info!(idle_secs = idle.as_secs(), "a history upload stalled and was refused");
    UploadRefusal::Stalled
}

fn over_quota(user_id: i64) -> UploadRefusal {
    tracing::info!(user_id, "a history upload would pass the user's quota and was refused");
    UploadRefusal::OverQuota
}

fn failed(error: &(dyn std::error::Error + 'static), what: &str) -> UploadRefusal {
    tracing::error!(error = %Chain(error), "{what}");
    UploadRefusal::Failed
}
