//! Applying a smart playlist and undoing a run. Before the first write the run is stored with what the playlist
//! held (its snapshot id and entries), so a failure halfway still leaves the way back; the write takes the plan of
//! fewest requests (crates/domain/src/playlist_diff.rs) through the client's ambiguous-write checks; afterwards the
//! playlist is read again, so the run keeps what it really holds and the mirror (and every rule reading it) is
//! exact. An undo writes a run's "before" back, and refuses (unless told to go ahead) when the playlist changed on
//! Spotify since the run.

use crossfade_domain::{PlaylistDiff, WritePlan, can_be_added};
use crossfade_spotify::ApiError;
use crossfade_spotify::NewPlaylist;
use crossfade_store::mirror::playlists::{forget_playlist, record_written_playlist};
use crossfade_store::smart_playlists::{self, Run, RunEnd, RunStart, RunState, RunTrigger};
use time::OffsetDateTime;

use super::target::{TargetPlaylist, changes, read_playlist, track_uri};
use super::{SmartError, may_write_playlists};
use crate::Library;

/// How a run ended, for the page that started it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunOutcome {
    pub run_id: i64,
    pub state: RunState,
    /// "adds 12, removes 3, moves 5".
    pub summary: String,
    pub playlist_id: Option<String>,
    /// What went wrong, in plain words.
    pub problem: Option<String>,
    /// When Spotify allows the next try, if it asked to wait.
    pub retry_at: Option<OffsetDateTime>,
}

/// Applies smart playlist `id` now: evaluates its rule with `seed`, reads its playlist, writes the difference.
pub async fn apply(
    library: &Library,
    user_id: i64,
    id: i64,
    trigger: RunTrigger,
    seed: u64,
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    let smart = smart_playlists::get(&library.pool, user_id, id).await?.ok_or(SmartError::NotFound)?;
    if !may_write_playlists(&library.pool, user_id).await? {
        return Err(SmartError::NeedsPermission);
    }
    let changes = match changes(library, user_id, &smart, seed, now).await {
        Ok(changes) => changes,
        // A run that could not even read its playlist is recorded too, so the run history says why.
        Err(SmartError::Spotify(error)) => {
            return record_failure(library, user_id, id, trigger, seed, error, now).await;
        }
        Err(other) => return Err(other),
    };
    let summary = changes.diff.summary();
    let (playlist_id, snapshot_before, uris_before, created) = match (&changes.playlist, &changes.creates) {
        (Some(target), _) => {
            (target.id().to_owned(), Some(target.snapshot_id().to_owned()), target.uris.clone(), false)
        }
        (None, name) => {
            let name = name.clone().unwrap_or_else(|| smart.name.as_str().to_owned());
            let request = NewPlaylist {
                name,
                description: Some(format!("Made by Crossfade from the smart playlist “{}”.", smart.name)),
                public: Some(false),
                collaborative: None,
            };
            let created = match library.spotify.create_playlist(user_id, &request).await {
                Ok(created) => created,
                Err(error) => return record_failure(library, user_id, id, trigger, seed, error, now).await,
            };
            smart_playlists::set_playlist(&library.pool, user_id, id, &created.id).await?;
            (created.id, Some(created.snapshot_id), Vec::new(), true)
        }
    };
    let start = RunStart {
        smart_playlist_id: Some(id),
        trigger,
        seed,
        playlist_id: Some(&playlist_id),
        created_playlist: created,
        snapshot_before: snapshot_before.as_deref(),
        uris_before: &uris_before,
        added: changes.diff.added.len(),
        removed: changes.diff.removed.len(),
        moved: changes.diff.moved.len(),
        undoes: None,
        at: now,
    };
    let run_id = smart_playlists::start_run(&library.pool, user_id, &start).await?;
    let written = write(library, user_id, &playlist_id, snapshot_before.as_deref(), &changes.diff.plan).await;
    let requests = changes.diff.plan.requests() + usize::from(created);
    finish(library, user_id, run_id, &playlist_id, written, requests, summary, now).await
}

/// Undoes run `run_id` of smart playlist `id` (None: a duplicates removal): puts back what the playlist held
/// before it (or removes the playlist the run created). Unless `anyway`, refuses when the playlist changed on
/// Spotify since the run.
pub async fn undo(
    library: &Library,
    user_id: i64,
    id: Option<i64>,
    run_id: i64,
    anyway: bool,
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    let run = smart_playlists::run(&library.pool, user_id, id, run_id).await?.ok_or(SmartError::NotFound)?;
    let (playlist_id, before) = undoable(&run)?;
    if !may_write_playlists(&library.pool, user_id).await? {
        return Err(SmartError::NeedsPermission);
    }
    let Some(current) = read_playlist(&library.spotify, user_id, &playlist_id).await? else {
        return Err(SmartError::NotUndoable("the playlist is gone from Spotify"));
    };
    if !anyway && run.snapshot_after.as_deref() != Some(current.snapshot_id()) {
        let since = PlaylistDiff::between(run.uris_after.as_deref().unwrap_or_default(), &current.uris);
        return Err(SmartError::ChangedSince { summary: since.summary() });
    }
    if run.created_playlist {
        return remove_created(library, user_id, id, &run, &current, now).await;
    }
    // Entries an app cannot add (local files, tracks Spotify dropped) cannot come back.
    let wanted: Vec<String> = before.into_iter().filter(|uri| can_be_added(uri)).collect();
    let of = RunOf { smart_playlist_id: id, trigger: RunTrigger::Undo, seed: run.seed, undoes: Some(run.id) };
    rewrite(library, user_id, of, &current, &wanted, now).await
}

/// Removes chosen entries (positions as the library last saw them, with the track each held) from playlist
/// `playlist_id`, recorded as a run of the Duplicates page so it can be undone like any other. Entries that moved
/// since are left alone; when none is where it was, nothing is written.
pub async fn remove_entries(
    library: &Library,
    user_id: i64,
    playlist_id: &str,
    entries: &[(u32, String)],
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    if !may_write_playlists(&library.pool, user_id).await? {
        return Err(SmartError::NeedsPermission);
    }
    let current = read_playlist(&library.spotify, user_id, playlist_id).await?.ok_or(SmartError::NotFound)?;
    let gone: std::collections::HashSet<usize> = entries
        .iter()
        .filter(|(position, track_id)| {
            current.uris.get(*position as usize).is_some_and(|uri| *uri == track_uri(track_id))
        })
        .map(|(position, _)| *position as usize)
        .collect();
    if gone.is_empty() {
        return Err(SmartError::EntriesMoved);
    }
    let wanted: Vec<String> = current
        .uris
        .iter()
        .enumerate()
        .filter(|(index, _)| !gone.contains(index))
        .map(|(_, uri)| uri.clone())
        .collect();
    let of = RunOf { smart_playlist_id: None, trigger: RunTrigger::Duplicates, seed: 0, undoes: None };
    rewrite(library, user_id, of, &current, &wanted, now).await
}

/// Adds `track_id` at the end of playlist `playlist_id` (Discover's "add to a playlist"), recorded as a run so it can
/// be undone like any other. A playlist that holds the track already is left as it is.
pub async fn append_track(
    library: &Library,
    user_id: i64,
    playlist_id: &str,
    track_id: &str,
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    if !may_write_playlists(&library.pool, user_id).await? {
        return Err(SmartError::NeedsPermission);
    }
    let current = read_playlist(&library.spotify, user_id, playlist_id).await?.ok_or(SmartError::NotFound)?;
    let mut wanted = current.uris.clone();
    let uri = track_uri(track_id);
    if !wanted.contains(&uri) {
        wanted.push(uri);
    }
    let of = RunOf { smart_playlist_id: None, trigger: RunTrigger::Discover, seed: 0, undoes: None };
    rewrite(library, user_id, of, &current, &wanted, now).await
}

/// The playlist and the entries a run can be undone to.
fn undoable(run: &Run) -> Result<(String, Vec<String>), SmartError> {
    if run.undone_at.is_some() {
        return Err(SmartError::NotUndoable("it was undone already"));
    }
    if !matches!(run.state, RunState::Applied | RunState::Unchanged) {
        return Err(SmartError::NotUndoable("it did not write the playlist"));
    }
    match (&run.playlist_id, &run.uris_before) {
        (Some(playlist_id), Some(before)) => Ok((playlist_id.clone(), before.clone())),
        _ => Err(SmartError::NotUndoable("it kept no record of the playlist before it")),
    }
}

/// Undoes a run that created its playlist: the playlist leaves the user's library (for its owner, that deletes it).
async fn remove_created(
    library: &Library,
    user_id: i64,
    id: Option<i64>,
    run: &Run,
    current: &TargetPlaylist,
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    let playlist_id = current.id().to_owned();
    let start = RunStart {
        smart_playlist_id: id,
        trigger: RunTrigger::Undo,
        seed: run.seed,
        playlist_id: Some(&playlist_id),
        created_playlist: false,
        snapshot_before: Some(current.snapshot_id()),
        uris_before: &current.uris,
        added: 0,
        removed: current.uris.len(),
        moved: 0,
        undoes: Some(run.id),
        at: now,
    };
    let undo_id = smart_playlists::start_run(&library.pool, user_id, &start).await?;
    let removed = library.spotify.remove_from_library(user_id, &[format!("spotify:playlist:{playlist_id}")]).await;
    let summary = format!("removes the playlist “{}”", current.playlist.name);
    match removed {
        Ok(()) => {
            forget_playlist(&library.pool, user_id, &playlist_id).await?;
            if let Some(id) = id {
                smart_playlists::forget_written_playlist(&library.pool, user_id, id, &playlist_id).await?;
            }
            let end = RunEnd {
                state: RunState::Applied,
                snapshot_after: None,
                uris_after: Some(&[]),
                requests: 1,
                problem: None,
                at: now,
            };
            smart_playlists::finish_run(&library.pool, user_id, undo_id, &end).await?;
            Ok(RunOutcome {
                run_id: undo_id,
                state: RunState::Applied,
                summary,
                playlist_id: None,
                problem: None,
                retry_at: None,
            })
        }
        Err(error) => {
            let (state, problem, retry_at) = explain(&error);
            let end =
                RunEnd { state, snapshot_after: None, uris_after: None, requests: 1, problem: Some(&problem), at: now };
            smart_playlists::finish_run(&library.pool, user_id, undo_id, &end).await?;
            Ok(RunOutcome {
                run_id: undo_id,
                state,
                summary,
                playlist_id: Some(playlist_id),
                problem: Some(problem),
                retry_at,
            })
        }
    }
}

/// Makes the writes of `plan`; the snapshot id after the last one (None when there was nothing to write).
async fn write(
    library: &Library,
    user_id: i64,
    playlist_id: &str,
    snapshot_before: Option<&str>,
    plan: &WritePlan,
) -> Result<Option<String>, ApiError> {
    let spotify = &library.spotify;
    match plan {
        WritePlan::Nothing => Ok(None),
        WritePlan::Replace { uris } => spotify.replace_items(user_id, playlist_id, uris).await.map(Some),
        WritePlan::Edit { remove, insert } => {
            let mut snapshot = None;
            if !remove.is_empty() {
                snapshot = Some(spotify.remove_items(user_id, playlist_id, remove, snapshot_before).await?);
            }
            for (position, run) in insert {
                snapshot = Some(spotify.add_items(user_id, playlist_id, run, Some(*position)).await?);
            }
            Ok(snapshot)
        }
    }
}

/// What a run rewriting a playlist is recorded as.
struct RunOf {
    smart_playlist_id: Option<i64>,
    trigger: RunTrigger,
    seed: u64,
    undoes: Option<i64>,
}

/// Rewrites playlist `current` to hold `wanted`, stored first as a run with what it held.
async fn rewrite(
    library: &Library,
    user_id: i64,
    of: RunOf,
    current: &TargetPlaylist,
    wanted: &[String],
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    let diff = PlaylistDiff::between(&current.uris, wanted);
    let start = RunStart {
        smart_playlist_id: of.smart_playlist_id,
        trigger: of.trigger,
        seed: of.seed,
        playlist_id: Some(current.id()),
        created_playlist: false,
        snapshot_before: Some(current.snapshot_id()),
        uris_before: &current.uris,
        added: diff.added.len(),
        removed: diff.removed.len(),
        moved: diff.moved.len(),
        undoes: of.undoes,
        at: now,
    };
    let run_id = smart_playlists::start_run(&library.pool, user_id, &start).await?;
    let written = write(library, user_id, current.id(), Some(current.snapshot_id()), &diff.plan).await;
    finish(library, user_id, run_id, current.id(), written, diff.plan.requests(), diff.summary(), now).await
}

/// Ends a run: reads the playlist again (what it holds now, for the run and for the mirror), and records how it went.
#[allow(clippy::too_many_arguments)]
async fn finish(
    library: &Library,
    user_id: i64,
    run_id: i64,
    playlist_id: &str,
    written: Result<Option<String>, ApiError>,
    requests: usize,
    summary: String,
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    let after = match read_playlist(&library.spotify, user_id, playlist_id).await {
        Ok(after) => after,
        Err(error) => {
            tracing::warn!(error = %error, "reading the playlist after a write failed");
            None
        }
    };
    if let Some(after) = &after {
        record_written_playlist(&library.pool, user_id, &after.playlist, &after.entries).await?;
    }
    let uris_after = after.as_ref().map(|after| after.uris.as_slice());
    let snapshot_after = after.as_ref().map(|after| after.snapshot_id().to_owned());
    let (state, problem, retry_at) = match &written {
        Ok(None) => (RunState::Unchanged, None, None),
        Ok(Some(_)) => (RunState::Applied, None, None),
        Err(error) => {
            let (state, problem, retry_at) = explain(error);
            (state, Some(problem), retry_at)
        }
    };
    let end = RunEnd {
        state,
        snapshot_after: snapshot_after.as_deref().or(written.as_ref().ok().and_then(|snapshot| snapshot.as_deref())),
        uris_after,
        requests,
        problem: problem.as_deref(),
        at: now,
    };
    smart_playlists::finish_run(&library.pool, user_id, run_id, &end).await?;
    Ok(RunOutcome { run_id, state, summary, playlist_id: Some(playlist_id.to_owned()), problem, retry_at })
}

/// Records a run that stopped before writing anything.
async fn record_failure(
    library: &Library,
    user_id: i64,
    id: i64,
    trigger: RunTrigger,
    seed: u64,
    error: ApiError,
    now: OffsetDateTime,
) -> Result<RunOutcome, SmartError> {
    let start = RunStart {
        smart_playlist_id: Some(id),
        trigger,
        seed,
        playlist_id: None,
        created_playlist: false,
        snapshot_before: None,
        uris_before: &[],
        added: 0,
        removed: 0,
        moved: 0,
        undoes: None,
        at: now,
    };
    let run_id = smart_playlists::start_run(&library.pool, user_id, &start).await?;
    let (state, problem, retry_at) = explain(&error);
    let end = RunEnd { state, snapshot_after: None, uris_after: None, requests: 0, problem: Some(&problem), at: now };
    smart_playlists::finish_run(&library.pool, user_id, run_id, &end).await?;
    Ok(RunOutcome {
        run_id,
        state,
        summary: "no changes".to_owned(),
        playlist_id: None,
        problem: Some(problem),
        retry_at,
    })
}

/// A Spotify failure in plain words for the run history, with whether it waits (and until when) or failed. The
/// error itself, with its whole chain, goes to the log once.
fn explain(error: &ApiError) -> (RunState, String, Option<OffsetDateTime>) {
    match error {
        ApiError::RateLimited { retry_at, .. } => {
            let time = format!("{:02}:{:02} UTC on {}", retry_at.hour(), retry_at.minute(), retry_at.date());
            (RunState::Waiting, format!("Spotify asked Crossfade to wait until {time}; the run will be tried again then."), Some(*retry_at))
        }
        ApiError::NeedsSignIn => {
            (RunState::Failed, "Spotify ended Crossfade's access to your account: sign in again to go on.".to_owned(), None)
        }
        ApiError::Forbidden { .. } => (
            RunState::Failed,
            "Spotify refused to change the playlist: only its owner (or a collaborator) may, with Crossfade's permission to change playlists.".to_owned(),
            None,
        ),
        ApiError::NotFound { .. } => (RunState::Failed, "The playlist is gone from Spotify.".to_owned(), None),
        ApiError::Unavailable { .. } => (
            RunState::Failed,
            "Spotify did not answer, so the run stopped; what it wrote before is recorded and can be undone.".to_owned(),
            None,
        ),
        other => {
            tracing::error!(error = %other, "a smart playlist write failed");
            (RunState::Failed, "Something went wrong talking to Spotify; the run stopped.".to_owned(), None)
        }
    }
}
