//! Smart playlists and their runs (migration `20261208000002_smart_playlists.sql`). Every query is scoped by the
//! user; a smart playlist's rule is stored as the JSON the rules language writes and read back through its parser,
//! so a stored rule is always one the language accepts.

use std::collections::{BTreeMap, BTreeSet};

use crossfade_domain::{PlaylistName, RefreshSchedule, SmartRules, WriteTarget};
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;

use crate::StoreError;

/// A smart playlist as the builder and the runs use it.
#[derive(Clone, Debug, PartialEq)]
pub struct SmartPlaylist {
    pub id: i64,
    pub name: PlaylistName,
    pub rules: SmartRules,
    /// The builder's unsaved text, if any.
    pub draft: Option<String>,
    /// What an import left out of the draft, until it is saved.
    pub import_notes: Vec<String>,
    pub target: WriteTarget,
    pub playlist_id: Option<String>,
    pub schedule: RefreshSchedule,
    pub next_run_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
}

/// What the list of smart playlists shows of each.
#[derive(Clone, Debug, PartialEq)]
pub struct SmartPlaylistSummary {
    pub id: i64,
    pub name: String,
    pub target: WriteTarget,
    pub playlist_id: Option<String>,
    pub schedule: RefreshSchedule,
    pub next_run_at: Option<OffsetDateTime>,
    pub last_run: Option<(RunState, OffsetDateTime)>,
}

/// What is saved of a smart playlist's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings<'a> {
    pub name: &'a PlaylistName,
    pub rules: &'a SmartRules,
    pub target: WriteTarget,
    pub playlist_id: Option<&'a str>,
    pub schedule: RefreshSchedule,
}

/// Who started a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunTrigger {
    Apply,
    Schedule,
    Undo,
    /// Duplicates removed from the Duplicates page (no smart playlist).
    Duplicates,
    /// A track added from Discover (no smart playlist).
    Discover,
}

impl RunTrigger {
    pub fn code(self) -> &'static str {
        match self {
            RunTrigger::Apply => "apply",
            RunTrigger::Schedule => "schedule",
            RunTrigger::Undo => "undo",
            RunTrigger::Duplicates => "duplicates",
            RunTrigger::Discover => "discover",
        }
    }

    fn parse(code: &str) -> RunTrigger {
        match code {
            "schedule" => RunTrigger::Schedule,
            "undo" => RunTrigger::Undo,
            "duplicates" => RunTrigger::Duplicates,
            "discover" => RunTrigger::Discover,
            _ => RunTrigger::Apply,
        }
    }
}

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Stored before its first write; still writing, or stopped without a word (the process ended).
    Writing,
    Applied,
    /// The playlist already held the tracks.
    Unchanged,
    Failed,
    /// Spotify asked to wait; the run is queued again.
    Waiting,
}

impl RunState {
    pub fn code(self) -> &'static str {
        match self {
            RunState::Writing => "writing",
            RunState::Applied => "applied",
            RunState::Unchanged => "unchanged",
            RunState::Failed => "failed",
            RunState::Waiting => "waiting",
        }
    }

    fn parse(code: &str) -> RunState {
        match code {
            "applied" => RunState::Applied,
            "unchanged" => RunState::Unchanged,
            "failed" => RunState::Failed,
            "waiting" => RunState::Waiting,
            _ => RunState::Writing,
        }
    }
}

/// One run of a smart playlist.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub id: i64,
    /// None for duplicates removed from the Duplicates page.
    pub smart_playlist_id: Option<i64>,
    pub trigger: RunTrigger,
    pub state: RunState,
    pub started_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    pub seed: u64,
    pub playlist_id: Option<String>,
    pub created_playlist: bool,
    pub snapshot_before: Option<String>,
    pub uris_before: Option<Vec<String>>,
    pub snapshot_after: Option<String>,
    pub uris_after: Option<Vec<String>>,
    pub added: Option<i32>,
    pub removed: Option<i32>,
    pub moved: Option<i32>,
    pub requests: Option<i32>,
    pub problem: Option<String>,
    pub undoes: Option<i64>,
    pub undone_at: Option<OffsetDateTime>,
}

/// What a run is started with: the playlist as read before the first write, and what the diff said.
#[derive(Clone, Debug, PartialEq)]
pub struct RunStart<'a> {
    /// None for duplicates removed from the Duplicates page.
    pub smart_playlist_id: Option<i64>,
    pub trigger: RunTrigger,
    pub seed: u64,
    /// None when the run stopped before it knew its playlist.
    pub playlist_id: Option<&'a str>,
    pub created_playlist: bool,
    pub snapshot_before: Option<&'a str>,
    pub uris_before: &'a [String],
    pub added: usize,
    pub removed: usize,
    pub moved: usize,
    pub undoes: Option<i64>,
    pub at: OffsetDateTime,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub struct RunEnd<'a> {
    pub state: RunState,
    pub snapshot_after: Option<&'a str>,
    pub uris_after: Option<&'a [String]>,
    pub requests: usize,
    pub problem: Option<&'a str>,
    pub at: OffsetDateTime,
}

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

fn next_run(schedule: RefreshSchedule, now: OffsetDateTime) -> Option<OffsetDateTime> {
    schedule.next_after(now.unix_timestamp()).and_then(|next| OffsetDateTime::from_unix_timestamp(next).ok())
}

/// Reads a stored rule. Every stored rule was written by the rules language, so it reads back; one that does not
/// (written by a later version) reads as a rule matching nothing, so no run writes anything surprising, and `get`
/// hands its text to the builder as unsaved work for the user to fix.
fn stored_rules(value: &sqlx::types::JsonValue) -> SmartRules {
    SmartRules::from_json(value).unwrap_or_else(|_| SmartRules::matching(crossfade_domain::Node::Any(Vec::new())))
}

/// Creates a smart playlist; returns its id.
pub async fn create(
    pool: &PgPool,
    user_id: i64,
    settings: &Settings<'_>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let (schedule, minute, weekday) = settings.schedule.stored();
    let id = sqlx::query_scalar!(
        "INSERT INTO smart_playlists (user_id, name, rules, target, playlist_id, schedule, schedule_minute,
                                      schedule_weekday, next_run_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        user_id,
        settings.name.as_str(),
        settings.rules.to_json(),
        settings.target.code(),
        settings.playlist_id,
        schedule,
        minute,
        weekday,
        next_run(settings.schedule, now),
        now,
    )
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// Saves a smart playlist's settings and clears its draft; false when the user has no such smart playlist.
pub async fn update(
    pool: &PgPool,
    user_id: i64,
    id: i64,
    settings: &Settings<'_>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let (schedule, minute, weekday) = settings.schedule.stored();
    let updated = sqlx::query!(
        "UPDATE smart_playlists
         SET name = $3, rules = $4, draft = NULL, import_notes = '{}', target = $5, playlist_id = $6, schedule = $7, schedule_minute = $8,
             schedule_weekday = $9, updated_at = $11,
             -- A schedule that did not change keeps its next run; a new one counts from now.
             next_run_at = CASE WHEN (schedule, schedule_minute, schedule_weekday) IS NOT DISTINCT FROM ($7, $8, $9)
                                THEN next_run_at ELSE $10 END
         WHERE user_id = $1 AND id = $2",
        user_id,
        id,
        settings.name.as_str(),
        settings.rules.to_json(),
        settings.target.code(),
        settings.playlist_id,
        schedule,
        minute,
        weekday,
        next_run(settings.schedule, now),
        now,
    )
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Keeps the builder's text (and what an import left out of it); false when the user has no such smart playlist.
pub async fn save_draft(
    pool: &PgPool,
    user_id: i64,
    id: i64,
    draft: Option<&str>,
    import_notes: &[String],
) -> Result<bool, StoreError> {
    let updated = sqlx::query!(
        "UPDATE smart_playlists SET draft = $3, import_notes = $4 WHERE user_id = $1 AND id = $2",
        user_id,
        id,
        draft,
        import_notes
    )
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Deletes a smart playlist and its runs (the Spotify playlist stays); false when there was none.
pub async fn delete(pool: &PgPool, user_id: i64, id: i64) -> Result<bool, StoreError> {
    let deleted =
        sqlx::query!("DELETE FROM smart_playlists WHERE user_id = $1 AND id = $2", user_id, id).execute(pool).await?;
    Ok(deleted.rows_affected() == 1)
}

/// One of the user's smart playlists.
pub async fn get(pool: &PgPool, user_id: i64, id: i64) -> Result<Option<SmartPlaylist>, StoreError> {
    let row = sqlx::query!(
        "SELECT id, name, rules, draft, import_notes, target, playlist_id, schedule, schedule_minute, schedule_weekday,
                next_run_at, updated_at
         FROM smart_playlists WHERE user_id = $1 AND id = $2",
        user_id,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| SmartPlaylist {
        id: row.id,
        name: PlaylistName::parse(&row.name)
            .unwrap_or_else(|_| PlaylistName::parse("Smart playlist").expect("a valid name")),
        draft: row.draft.or_else(|| SmartRules::from_json(&row.rules).is_err().then(|| row.rules.to_string())),
        rules: stored_rules(&row.rules),
        import_notes: row.import_notes,
        target: WriteTarget::parse(&row.target).unwrap_or_default(),
        playlist_id: row.playlist_id,
        schedule: RefreshSchedule::from_stored(&row.schedule, row.schedule_minute, row.schedule_weekday),
        next_run_at: row.next_run_at,
        updated_at: row.updated_at,
    }))
}

/// The user's smart playlists by name, each with its latest run.
pub async fn list(pool: &PgPool, user_id: i64) -> Result<Vec<SmartPlaylistSummary>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT s.id, s.name, s.target, s.playlist_id, s.schedule, s.schedule_minute, s.schedule_weekday,
                  s.next_run_at, r.state AS "last_state?", r.started_at AS "last_started_at?"
           FROM smart_playlists s
           LEFT JOIN LATERAL (SELECT state, started_at FROM smart_playlist_runs WHERE smart_playlist_id = s.id
                              ORDER BY id DESC LIMIT 1) r ON true
           WHERE s.user_id = $1 ORDER BY lower(s.name), s.id"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SmartPlaylistSummary {
            id: row.id,
            name: row.name,
            target: WriteTarget::parse(&row.target).unwrap_or_default(),
            playlist_id: row.playlist_id,
            schedule: RefreshSchedule::from_stored(&row.schedule, row.schedule_minute, row.schedule_weekday),
            next_run_at: row.next_run_at,
            last_run: row.last_state.zip(row.last_started_at).map(|(state, at)| (RunState::parse(&state), at)),
        })
        .collect())
}

/// What each of the user's smart playlists reads of the others (sources and membership conditions).
pub async fn references(pool: &PgPool, user_id: i64) -> Result<BTreeMap<i64, BTreeSet<i64>>, StoreError> {
    let rows =
        sqlx::query!("SELECT id, rules FROM smart_playlists WHERE user_id = $1", user_id).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|row| (row.id, stored_rules(&row.rules).smart_references())).collect())
}

/// The Spotify playlist each of the user's smart playlists writes to, for those that have one.
pub async fn written_playlists(pool: &PgPool, user_id: i64) -> Result<BTreeMap<i64, String>, StoreError> {
    let rows = sqlx::query!(
        r#"SELECT id, playlist_id AS "playlist_id!" FROM smart_playlists WHERE user_id = $1 AND playlist_id IS NOT NULL"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| (row.id, row.playlist_id)).collect())
}

/// Remembers the Spotify playlist a smart playlist writes to (after a run created it).
pub async fn set_playlist(
    executor: impl PgExecutor<'_>,
    user_id: i64,
    id: i64,
    playlist_id: &str,
) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE smart_playlists SET playlist_id = $3 WHERE user_id = $1 AND id = $2",
        user_id,
        id,
        playlist_id
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// Forgets that a smart playlist writes to `playlist_id` (the playlist was removed); its next run creates one.
pub async fn forget_written_playlist(
    pool: &PgPool,
    user_id: i64,
    id: i64,
    playlist_id: &str,
) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE smart_playlists SET playlist_id = NULL WHERE user_id = $1 AND id = $2 AND playlist_id = $3",
        user_id,
        id,
        playlist_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Stores a run before its first write; returns its id. A run of a smart playlist the user does not have is
/// refused (no row).
pub async fn start_run(pool: &PgPool, user_id: i64, start: &RunStart<'_>) -> Result<i64, StoreError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO smart_playlist_runs (smart_playlist_id, user_id, trigger, state, started_at, seed, playlist_id,
                                          created_playlist, snapshot_before, uris_before, added, removed, moved, undoes)
         SELECT $2, $1, $3, 'writing', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
         WHERE $2::bigint IS NULL OR EXISTS (SELECT FROM smart_playlists s WHERE s.user_id = $1 AND s.id = $2)
         RETURNING id",
        user_id,
        start.smart_playlist_id,
        start.trigger.code(),
        start.at,
        start.seed as i64,
        start.playlist_id,
        start.created_playlist,
        start.snapshot_before,
        start.uris_before,
        count(start.added),
        count(start.removed),
        count(start.moved),
        start.undoes,
    )
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// Records how a run ended; an undo that applied marks the run it reverted.
pub async fn finish_run(pool: &PgPool, user_id: i64, run_id: i64, end: &RunEnd<'_>) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let undoes = sqlx::query_scalar!(
        "UPDATE smart_playlist_runs
         SET state = $3, snapshot_after = $4, uris_after = $5, requests = $6, problem = $7, finished_at = $8
         WHERE user_id = $1 AND id = $2 RETURNING undoes",
        user_id,
        run_id,
        end.state.code(),
        end.snapshot_after,
        end.uris_after,
        count(end.requests),
        end.problem,
        end.at,
    )
    .fetch_optional(&mut *tx)
    .await?
    .flatten();
    if let Some(reverted) = undoes.filter(|_| matches!(end.state, RunState::Applied | RunState::Unchanged)) {
        sqlx::query!(
            "UPDATE smart_playlist_runs SET undone_at = $3 WHERE user_id = $1 AND id = $2",
            user_id,
            reverted,
            end.at
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A run as stored.
struct RunRow {
    id: i64,
    smart_playlist_id: Option<i64>,
    trigger: String,
    state: String,
    started_at: OffsetDateTime,
    finished_at: Option<OffsetDateTime>,
    seed: i64,
    playlist_id: Option<String>,
    created_playlist: bool,
    snapshot_before: Option<String>,
    uris_before: Option<Vec<String>>,
    snapshot_after: Option<String>,
    uris_after: Option<Vec<String>>,
    added: Option<i32>,
    removed: Option<i32>,
    moved: Option<i32>,
    requests: Option<i32>,
    problem: Option<String>,
    undoes: Option<i64>,
    undone_at: Option<OffsetDateTime>,
}

impl From<RunRow> for Run {
    fn from(row: RunRow) -> Run {
        Run {
            id: row.id,
            smart_playlist_id: row.smart_playlist_id,
            trigger: RunTrigger::parse(&row.trigger),
            state: RunState::parse(&row.state),
            started_at: row.started_at,
            finished_at: row.finished_at,
            seed: row.seed as u64,
            playlist_id: row.playlist_id,
            created_playlist: row.created_playlist,
            snapshot_before: row.snapshot_before,
            uris_before: row.uris_before,
            snapshot_after: row.snapshot_after,
            uris_after: row.uris_after,
            added: row.added,
            removed: row.removed,
            moved: row.moved,
            requests: row.requests,
            problem: row.problem,
            undoes: row.undoes,
            undone_at: row.undone_at,
        }
    }
}

/// The latest `limit` runs of a smart playlist, newest first.
pub async fn runs(pool: &PgPool, user_id: i64, smart_playlist_id: i64, limit: i64) -> Result<Vec<Run>, StoreError> {
    let rows = sqlx::query_as!(
        RunRow,
        "SELECT id, smart_playlist_id, trigger, state, started_at, finished_at, seed, playlist_id, created_playlist,
                snapshot_before, uris_before, snapshot_after, uris_after, added, removed, moved, requests, problem,
                undoes, undone_at
         FROM smart_playlist_runs WHERE user_id = $1 AND smart_playlist_id = $2 ORDER BY id DESC LIMIT $3",
        user_id,
        smart_playlist_id,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Run::from).collect())
}

/// One of the user's runs: of smart playlist `smart_playlist_id`, or (None) of the Duplicates page.
pub async fn run(
    pool: &PgPool,
    user_id: i64,
    smart_playlist_id: Option<i64>,
    run_id: i64,
) -> Result<Option<Run>, StoreError> {
    let row = sqlx::query_as!(
        RunRow,
        "SELECT id, smart_playlist_id, trigger, state, started_at, finished_at, seed, playlist_id, created_playlist,
                snapshot_before, uris_before, snapshot_after, uris_after, added, removed, moved, requests, problem,
                undoes, undone_at
         FROM smart_playlist_runs
         WHERE user_id = $1 AND smart_playlist_id IS NOT DISTINCT FROM $2 AND id = $3",
        user_id,
        smart_playlist_id,
        run_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Run::from))
}

/// The latest `limit` duplicate removals (and their undos), newest first.
pub async fn duplicate_runs(pool: &PgPool, user_id: i64, limit: i64) -> Result<Vec<Run>, StoreError> {
    let rows = sqlx::query_as!(
        RunRow,
        "SELECT id, smart_playlist_id, trigger, state, started_at, finished_at, seed, playlist_id, created_playlist,
                snapshot_before, uris_before, snapshot_after, uris_after, added, removed, moved, requests, problem,
                undoes, undone_at
         FROM smart_playlist_runs WHERE user_id = $1 AND smart_playlist_id IS NULL ORDER BY id DESC LIMIT $2",
        user_id,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Run::from).collect())
}

/// Users with a smart playlist due at `now`.
pub async fn users_due(pool: &PgPool, now: OffsetDateTime) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT DISTINCT user_id FROM smart_playlists WHERE next_run_at <= $1 ORDER BY user_id",
        now
    )
    .fetch_all(pool)
    .await?)
}

/// The user's smart playlists due at `now`.
pub async fn due(pool: &PgPool, user_id: i64, now: OffsetDateTime) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM smart_playlists WHERE user_id = $1 AND next_run_at <= $2 ORDER BY id",
        user_id,
        now
    )
    .fetch_all(pool)
    .await?)
}

/// Makes a smart playlist due at `at` (when Spotify allows the next try).
pub async fn set_next_run(pool: &PgPool, user_id: i64, id: i64, at: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query!(
        "UPDATE smart_playlists SET next_run_at = $3 WHERE user_id = $1 AND id = $2 AND schedule <> 'never'",
        user_id,
        id,
        at
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a scheduled run that could not start, and why in plain words.
pub async fn record_stopped_run(
    pool: &PgPool,
    user_id: i64,
    id: i64,
    seed: u64,
    problem: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query!(
        "INSERT INTO smart_playlist_runs (smart_playlist_id, user_id, trigger, state, started_at, finished_at, seed,
                                          problem, requests)
         SELECT id, user_id, 'schedule', 'failed', $3, $3, $4, $5, 0 FROM smart_playlists WHERE user_id = $1 AND id = $2",
        user_id,
        id,
        at,
        seed as i64,
        problem
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Moves a smart playlist's next run on from `now` by its schedule.
pub async fn schedule_next(pool: &PgPool, user_id: i64, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    let Some(playlist) = get(pool, user_id, id).await? else { return Ok(()) };
    sqlx::query!(
        "UPDATE smart_playlists SET next_run_at = $3 WHERE user_id = $1 AND id = $2",
        user_id,
        id,
        next_run(playlist.schedule, now)
    )
    .execute(pool)
    .await?;
    Ok(())
}
