//! The watched folder: DJs who download release files (Beatport pages and exports, chart CSVs, release lists) drop
//! them into a folder the installation names, one subfolder per user named by their Spotify user id. A job looks
//! every interval: each file that has stopped changing is read in as an upload would be (stored whole or not at
//! all, matching queued), then moved to `read/`; a file that is refused goes to `refused/` with a note beside it
//! saying why (with the line, for a malformed one), so nothing is read twice and nothing is lost. A store failure
//! leaves the file where it is for the next look.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crossfade_jobs::{Job, JobError, JobId, JobResult, JobsError, NewJob, Queue, RunAt};
use crossfade_store::releases::IngestOrigin;
use crossfade_store::users;
use time::OffsetDateTime;
use time::macros::format_description;

use super::{IngestError, ingest_feed};
use crate::Library;

/// The job kind of a look into the watched folder.
pub const WATCH_RELEASE_FOLDER: &str = "watch_release_folder";

/// The subfolders files go to once handled.
pub const READ_DIR: &str = "read";
pub const REFUSED_DIR: &str = "refused";

/// A file changed more recently than this may still be being written or copied: it waits for the next look.
const SETTLING: Duration = Duration::from_secs(5);

/// The largest file read, as for an upload.
pub const FOLDER_FILE_LIMIT_BYTES: u64 = 32 << 20;

/// The installation's watched folder and how often it is looked into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseFolder {
    pub path: PathBuf,
    pub interval: Duration,
}

/// What one look did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FolderLook {
    pub read: usize,
    pub refused: usize,
}

const WATCH_KEY: &str = "watch-release-folder";

/// Queues the next look at `run_at`, collapsing into a queued one.
pub async fn schedule_folder_watch(queue: &Queue, run_at: RunAt) -> Result<JobId, JobsError> {
    let job = NewJob::new(WATCH_RELEASE_FOLDER, serde_json::Value::Null)
        .with_dedupe_key(WATCH_KEY)
        .with_exclusive_key(WATCH_KEY);
    queue.enqueue(NewJob { run_at, ..job }).await
}

/// One look into `folder`, then the next queued an interval later.
pub async fn run_folder_watch(library: &Library, queue: &Queue, folder: &ReleaseFolder, _job: Job) -> JobResult {
    let looked = look(library, queue, &folder.path).await;
    let next = RunAt::At(OffsetDateTime::now_utc() + folder.interval);
    schedule_folder_watch(queue, next)
        .await
        .map_err(|error| JobError::retry(format!("queueing the next look into the release folder failed: {error}")))?;
    match looked {
        Ok(look) if look.read + look.refused > 0 => {
            tracing::info!(read = look.read, refused = look.refused, "release folder: files handled");
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(error) => Err(JobError::fail(error)),
    }
}

/// Reads every settled file of every known user's subfolder of `root`.
pub async fn look(library: &Library, queue: &Queue, root: &Path) -> Result<FolderLook, String> {
    let mut done = FolderLook::default();
    let mut subfolders = tokio::fs::read_dir(root)
        .await
        .map_err(|error| format!("the release folder {} cannot be read: {error}", root.display()))?;
    while let Some(entry) = subfolders.next_entry().await.map_err(|error| error.to_string())? {
        let Some(name) = visible_name(&entry.path()) else { continue };
        if !entry.file_type().await.is_ok_and(|kind| kind.is_dir()) {
            continue;
        }
        let user_id = match users::id_of_spotify_user(&library.pool, &name).await {
            Ok(Some(user_id)) => user_id,
            Ok(None) => {
                tracing::debug!(folder = %name, "release folder: no user signed in with this Spotify id");
                continue;
            }
            Err(error) => return Err(format!("looking up the release folder's users failed: {error}")),
        };
        let look = look_into(library, queue, user_id, &entry.path()).await?;
        done.read += look.read;
        done.refused += look.refused;
    }
    Ok(done)
}

/// Reads the settled files of one user's subfolder.
async fn look_into(library: &Library, queue: &Queue, user_id: i64, folder: &Path) -> Result<FolderLook, String> {
    let mut done = FolderLook::default();
    let mut files = tokio::fs::read_dir(folder).await.map_err(|error| format!("{}: {error}", folder.display()))?;
    let mut waiting = Vec::new();
    while let Some(entry) = files.next_entry().await.map_err(|error| error.to_string())? {
        let path = entry.path();
        let Ok(metadata) = entry.metadata().await else { continue };
        if !metadata.is_file() || visible_name(&path).is_none() {
            continue;
        }
        let settled = metadata.modified().ok().and_then(|at| SystemTime::now().duration_since(at).ok());
        if settled.is_some_and(|age| age >= SETTLING) {
            waiting.push((path, metadata.len()));
        }
    }
    // Oldest name first, so a week's files come in in the order they were named.
    waiting.sort();
    for (path, size) in waiting {
        let name = visible_name(&path).unwrap_or_default();
        if size > FOLDER_FILE_LIMIT_BYTES {
            let limit = FOLDER_FILE_LIMIT_BYTES >> 20;
            set_aside(folder, &path, REFUSED_DIR, Some(&format!("the file is larger than {limit} MB"))).await?;
            done.refused += 1;
            continue;
        }
        let bytes = tokio::fs::read(&path).await.map_err(|error| format!("{}: {error}", path.display()))?;
        match ingest_feed(library, queue, user_id, IngestOrigin::Folder, &name, &bytes).await {
            Ok(_) => {
                set_aside(folder, &path, READ_DIR, None).await?;
                done.read += 1;
            }
            Err(IngestError::Feed(problem)) => {
                set_aside(folder, &path, REFUSED_DIR, Some(&problem.to_string())).await?;
                done.refused += 1;
            }
            // The releases are stored; their matching is queued by the next ingest or at start-up.
            Err(IngestError::Queue(error)) => {
                tracing::warn!(error = %error, user_id, "the matching of releases from the folder was not queued");
                set_aside(folder, &path, READ_DIR, None).await?;
                done.read += 1;
            }
            Err(error @ IngestError::Store(_)) => {
                return Err(format!("storing the releases of {} failed: {error}", path.display()));
            }
        }
    }
    Ok(done)
}

/// Moves `path` into `folder`'s subfolder `into`, under a name that starts with the time (so names never collide
/// and the newest sort last), with `problem` written beside it.
async fn set_aside(folder: &Path, path: &Path, into: &str, problem: Option<&str>) -> Result<(), String> {
    let target = folder.join(into);
    tokio::fs::create_dir_all(&target).await.map_err(|error| format!("{}: {error}", target.display()))?;
    let stamp = OffsetDateTime::now_utc()
        .format(format_description!("[year][month][day]-[hour][minute][second]"))
        .unwrap_or_default();
    let name = visible_name(path).unwrap_or_default();
    let mut moved = target.join(format!("{stamp}-{name}"));
    let mut copy = 1;
    while tokio::fs::try_exists(&moved).await.unwrap_or(false) {
        copy += 1;
        moved = target.join(format!("{stamp}-{copy}-{name}"));
    }
    tokio::fs::rename(path, &moved).await.map_err(|error| format!("moving {}: {error}", path.display()))?;
    if let Some(problem) = problem {
        let note = moved.with_file_name(format!("{}.problem.txt", moved.file_name().unwrap_or_default().display()));
        tokio::fs::write(&note, format!("{name} was not read: {problem}\n"))
            .await
            .map_err(|error| format!("{}: {error}", note.display()))?;
    }
    Ok(())
}

/// A file or folder's name, unless hidden (editors and copy tools write `.name` files while they work).
fn visible_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    (!name.starts_with('.')).then(|| name.to_owned())
}
