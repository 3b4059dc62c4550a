//! History imports in PostgreSQL: counts, idempotence, all-or-nothing failure, escaping, the import records and
//! their progress, that everything goes with the user, the import transaction's own limits, and the start-up upkeep
//! of imports nothing will run. Also the million-play benchmark (ignored by default).

mod common;

use std::io::Cursor;
use std::time::Duration;

use common::{generated, queue, stored, user};
use crossfade_domain::ImportState;
use crossfade_history::{ExportArchive, HistoryFileWriter, PlayDetails, Record, SongPlay, generate_plays};
use crossfade_store::plays::{
    HistoryImport, INTERNAL_FAILURE, ImportHistoryError, create_import, fail_import, find_import, import_history,
    list_imports, requeue_interrupted_import, start_import, time_generated_import,
};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use time::macros::datetime;

#[sqlx::test(migrations = "../../migrations")]
async fn an_export_is_imported_and_a_second_import_adds_nothing(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 3_000, 1);
    let ada = user(&pool, "ada").await;
    let first = queue(&pool, ada, &path).await;
    let counts = import_history(&pool, ada, first, &path).await.unwrap();
    assert_eq!(counts.plays_read, 3_000);
    assert_eq!(counts.plays_added as u64, export.songs);
    assert_eq!(counts.episodes_added as u64, export.episodes);
    assert_eq!(counts.other_records as u64, export.other);
    assert_eq!(counts.duplicates, 0);
    assert_eq!(stored(&pool, ada).await, (export.songs as i64, export.episodes as i64, 1));

    let import = find_import(&pool, ada, first).await.unwrap().unwrap();
    assert_eq!(import.state, ImportState::Done);
    assert_eq!((import.plays_read, import.plays_added, import.duplicates), (3_000, export.songs as i64, 0));
    assert_eq!(import.bytes_read, import.byte_size);
    assert!(import.started_at.is_some() && import.finished_at.is_some() && import.error.is_none());

    let row = sqlx::query!("SELECT track_uri, track_id, source, ms_played FROM plays WHERE user_id = $1 LIMIT 1", ada)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(row.track_uri.unwrap(), format!("spotify:track:{}", row.track_id.unwrap()));
    assert_eq!(row.source, "history");
    assert!(row.ms_played.is_some());

    let second = queue(&pool, ada, &path).await;
    let again = import_history(&pool, ada, second, &path).await.unwrap();
    assert_eq!((again.plays_added, again.episodes_added), (0, 0));
    assert_eq!(again.duplicates as u64, export.songs + export.episodes);
    assert_eq!(stored(&pool, ada).await, (export.songs as i64, export.episodes as i64, 2));
    let listed: Vec<i64> = list_imports(&pool, ada).await.unwrap().iter().map(|import| import.id).collect();
    assert_eq!(listed, [second, first]);
}

#[sqlx::test(migrations = "../../migrations")]
async fn episodes_are_kept_apart_from_songs(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 2_000, 2);
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    import_history(&pool, ada, import, &path).await.unwrap();
    let kinds = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM plays WHERE track_uri LIKE 'spotify:episode:%') AS "episodes_in_plays!",
                  (SELECT count(*) FROM episode_plays WHERE episode_uri LIKE 'spotify:episode:%'
                     AND show_name IS NOT NULL) AS "episodes!""#,
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(kinds.episodes_in_plays, 0);
    assert_eq!(kinds.episodes as u64, export.episodes);
    assert!(export.episodes > 20, "{} episodes", export.episodes);
}

/// A zip whose second history file has a negative `ms_played` in its third record.
fn zip_with_a_bad_record() -> Vec<u8> {
    let plays: Vec<Record> = generate_plays(600, 3).collect();
    let mut second = HistoryFileWriter::new(Vec::new()).unwrap();
    for record in &plays[500..] {
        second.write(record).unwrap();
    }
    let second = String::from_utf8(second.finish().unwrap()).unwrap();
    let mut objects: Vec<&str> = second.split("\n},\n").collect();
    let value = objects[2].find("\"ms_played\": ").unwrap() + "\"ms_played\": ".len();
    let value_end = value + objects[2][value..].find(',').unwrap();
    let bad = format!("{}-5{}", &objects[2][..value], &objects[2][value_end..]);
    objects[2] = &bad;
    let second = objects.join("\n},\n");
    let mut archive = ExportArchive::new(Cursor::new(Vec::new()));
    let folder = "Spotify Extended Streaming History";
    archive.add_history_file(&format!("{folder}/Streaming_History_Audio_2016_0.json"), &plays[..500]).unwrap();
    archive.add_file(&format!("{folder}/Streaming_History_Audio_2016-2017_1.json"), second.as_bytes()).unwrap();
    archive.finish().unwrap().into_inner()
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_malformed_record_anywhere_stores_nothing(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upload");
    std::fs::write(&path, zip_with_a_bad_record()).unwrap();
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    let expected = r#"Streaming_History_Audio_2016-2017_1.json, record 3: "ms_played" is negative (-5)"#;
    match import_history(&pool, ada, import, &path).await {
        Err(ImportHistoryError::Export(message)) => assert_eq!(message, expected),
        other => panic!("not refused for the record: {other:?}"),
    }
    assert_eq!(stored(&pool, ada).await, (0, 0, 1));
    let failed = find_import(&pool, ada, import).await.unwrap().unwrap();
    assert_eq!(failed.state, ImportState::Failed);
    assert_eq!(failed.error.as_deref(), Some(expected));
    assert!(failed.finished_at.is_some());
    assert!(matches!(import_history(&pool, ada, import, &path).await, Err(ImportHistoryError::NotQueued(_))));
}

#[sqlx::test(migrations = "../../migrations")]
async fn names_survive_the_copy_whatever_they_contain(pool: PgPool) {
    let names = ["Tab\there", "Back\\slash \\N", "New\nline\r\n", "\"Quoted\", 'single'", "Café Sjö ☕ 日本", "\\."];
    let records: Vec<Record> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            Record::Song(SongPlay {
                details: PlayDetails {
                    played_at: datetime!(2024-01-01 00:00 UTC) + Duration::from_secs(index as u64 * 200),
                    ms_played: 1_000,
                    reason_start: Some((*name).to_owned()),
                    reason_end: None,
                    skipped: None,
                    shuffle: Some(true),
                },
                track_uri: None,
                track_name: Some((*name).to_owned()),
                artist_name: Some((*name).to_owned()),
                album_name: None,
            })
        })
        .collect();
    let mut writer = HistoryFileWriter::new(Vec::new()).unwrap();
    for record in &records {
        writer.write(record).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Streaming_History_Audio_2024_0.json");
    std::fs::write(&path, writer.finish().unwrap()).unwrap();
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    import_history(&pool, ada, import, &path).await.unwrap();
    let rows = sqlx::query!(
        "SELECT track_name, artist_name, reason_start, track_uri, skipped, shuffle FROM plays WHERE user_id = $1
         ORDER BY played_at",
        ada
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let stored_names: Vec<_> = rows.iter().map(|row| row.track_name.as_deref().unwrap()).collect();
    assert_eq!(stored_names, names);
    assert!(rows.iter().all(|row| row.artist_name == row.track_name && row.reason_start == row.track_name));
    assert!(rows.iter().all(|row| row.track_uri.is_none() && row.skipped.is_none() && row.shuffle == Some(true)));
}

#[sqlx::test(migrations = "../../migrations")]
async fn the_same_play_twice_in_an_export_is_stored_once(pool: PgPool) {
    let plays: Vec<Record> = generate_plays(300, 10).collect();
    let song = plays.iter().find(|record| matches!(record, Record::Song(_))).expect("a song");
    let episode = plays.iter().find(|record| matches!(record, Record::Episode(_))).expect("an episode");
    let mut writer = HistoryFileWriter::new(Vec::new()).unwrap();
    for record in plays.iter().chain([song, song, episode]) {
        writer.write(record).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Streaming_History_Audio_2016_0.json");
    std::fs::write(&path, writer.finish().unwrap()).unwrap();
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    let counts = import_history(&pool, ada, import, &path).await.unwrap();
    let distinct = plays.iter().filter(|record| !matches!(record, Record::Other)).count();
    assert_eq!((counts.plays_added + counts.episodes_added) as usize, distinct);
    assert_eq!(counts.duplicates, 3);
    let (songs, episodes, _) = stored(&pool, ada).await;
    assert_eq!((songs + episodes) as usize, distinct);
}

#[sqlx::test(migrations = "../../migrations")]
async fn another_users_import_is_invisible(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = generated(dir.path(), 200, 5);
    let ada = user(&pool, "ada").await;
    let theo = user(&pool, "theo").await;
    let import = queue(&pool, ada, &path).await;
    assert_eq!(find_import(&pool, theo, import).await.unwrap(), None);
    assert!(list_imports(&pool, theo).await.unwrap().is_empty());
    assert_eq!(start_import(&pool, theo, import).await.unwrap(), None);
    assert!(matches!(import_history(&pool, theo, import, &path).await, Err(ImportHistoryError::NotQueued(_))));
    assert_eq!(stored(&pool, theo).await, (0, 0, 0));
    assert_eq!(find_import(&pool, ada, import).await.unwrap().unwrap().state, ImportState::Queued);
}

#[sqlx::test(migrations = "../../migrations")]
async fn an_interrupted_import_runs_again(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 500, 11);
    let ada = user(&pool, "ada").await;
    let theo = user(&pool, "theo").await;
    let import = queue(&pool, ada, &path).await;
    assert!(!requeue_interrupted_import(&pool, ada, import).await.unwrap(), "a queued import is not interrupted");
    // A run that died after starting: the row says importing, and nothing was stored.
    assert_eq!(start_import(&pool, ada, import).await.unwrap().as_deref(), Some("my_spotify_data.zip"));
    assert!(matches!(import_history(&pool, ada, import, &path).await, Err(ImportHistoryError::NotQueued(_))));
    assert!(!requeue_interrupted_import(&pool, theo, import).await.unwrap());
    assert!(requeue_interrupted_import(&pool, ada, import).await.unwrap());
    assert_eq!(find_import(&pool, ada, import).await.unwrap().unwrap().state, ImportState::Queued);
    let counts = import_history(&pool, ada, import, &path).await.unwrap();
    assert_eq!(counts.plays_added as u64, export.songs);
    assert!(!requeue_interrupted_import(&pool, ada, import).await.unwrap(), "a finished import stays finished");
    assert_eq!(find_import(&pool, ada, import).await.unwrap().unwrap().state, ImportState::Done);
}

#[sqlx::test(migrations = "../../migrations")]
async fn deleting_the_user_deletes_plays_and_imports(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = generated(dir.path(), 1_000, 6);
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    import_history(&pool, ada, import, &path).await.unwrap();
    assert!(stored(&pool, ada).await.0 > 0);
    sqlx::query!("DELETE FROM users WHERE id = $1", ada).execute(&pool).await.unwrap();
    assert_eq!(stored(&pool, ada).await, (0, 0, 0));
}

#[sqlx::test(migrations = "../../migrations")]
async fn progress_is_visible_while_importing(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = generated(dir.path(), 60_000, 7);
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    let running = tokio::spawn({
        let (pool, path) = (pool.clone(), path.clone());
        async move { import_history(&pool, ada, import, &path).await }
    });
    let mut seen = Vec::new();
    while !running.is_finished() {
        let row = find_import(&pool, ada, import).await.unwrap().unwrap();
        if row.state == ImportState::Importing && row.plays_read > 0 {
            seen.push((row.bytes_read, row.plays_read, row.byte_size));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    running.await.unwrap().unwrap();
    // Part-way, then all read while the plays are merged.
    assert!(seen.iter().any(|(read, plays, size)| read < size && *plays < 60_000), "{seen:?}");
    assert!(seen.iter().all(|(read, plays, size)| read <= size && *plays <= 60_000), "{seen:?}");
    assert!(seen.windows(2).all(|pair| pair[0].1 <= pair[1].1), "{seen:?}");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_short_default_statement_timeout_does_not_cut_the_import_off(
    _options: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let pool = PgPoolOptions::new().connect_with(connect.clone()).await.unwrap();
    // Page reads get a short statement timeout; the import's COPY alone lasts as long as reading the export.
    let short = connect.options([("statement_timeout", "100ms")]);
    let hurried = PgPoolOptions::new().connect_with(short).await.unwrap();
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout").fetch_one(&hurried).await.unwrap();
    assert_eq!(timeout, "100ms");
    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 60_000, 12);
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    let counts = import_history(&hurried, ada, import, &path).await.unwrap();
    assert_eq!(counts.plays_added as u64, export.songs);
    hurried.close().await;
}

#[sqlx::test(migrations = "../../migrations")]
async fn an_import_runs_where_the_role_may_not_set_temp_file_limit(_options: PgPoolOptions, connect: PgConnectOptions) {
    let pool = PgPoolOptions::new().connect_with(connect.clone()).await.unwrap();
    // Roles are shared by every database of the cluster: a name of this run's own.
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let role = format!("importer_{}_{nanos}", std::process::id());
    for statement in [
        format!("CREATE ROLE {role} LOGIN PASSWORD 'importer'"),
        format!("GRANT USAGE ON SCHEMA public TO {role}"),
        format!("GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}"),
        format!("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}"),
    ] {
        sqlx::query(&statement).execute(&pool).await.unwrap();
    }
    let ordinary = PgPoolOptions::new().connect_with(connect.username(&role).password("importer")).await.unwrap();
    let refused = sqlx::query("SELECT set_config('temp_file_limit', '1GB', false)").execute(&ordinary).await;
    let code = refused.unwrap_err().as_database_error().and_then(|error| error.code()).map(|code| code.into_owned());
    assert_eq!(code.as_deref(), Some("42501"), "an ordinary role may not set temp_file_limit");

    let dir = tempfile::tempdir().unwrap();
    let (path, export) = generated(dir.path(), 1_000, 13);
    let ada = user(&pool, "ada").await;
    let import = queue(&pool, ada, &path).await;
    let counts = import_history(&ordinary, ada, import, &path).await.unwrap();
    assert_eq!(counts.plays_added as u64, export.songs);
    assert_eq!(find_import(&pool, ada, import).await.unwrap().unwrap().state, ImportState::Done);

    ordinary.close().await;
    for statement in [format!("DROP OWNED BY {role}"), format!("DROP ROLE {role}")] {
        sqlx::query(&statement).execute(&pool).await.unwrap();
    }
}

/// Adds a job for `import_id` in `state`, keyed as the library keys import jobs.
async fn import_job(pool: &PgPool, user_id: i64, import_id: i64, state: &str) {
    sqlx::query!(
        "INSERT INTO jobs (kind, user_id, dedupe_key, state, locked_by, locked_until, lease_token)
         VALUES ('import_history', $1, 'import:' || $2::bigint, $3::text,
                 CASE WHEN $3 = 'running' THEN 'worker' END,
                 CASE WHEN $3 = 'running' THEN now() + interval '1 hour' END,
                 CASE WHEN $3 = 'running' THEN 1 END)",
        user_id,
        import_id,
        state,
    )
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrations = "../../migrations")]
async fn imports_no_job_will_run_are_failed_and_named_for_clean_up(pool: PgPool) {
    let ada = user(&pool, "ada").await;
    let theo = user(&pool, "theo").await;
    let new = |user| {
        let pool = pool.clone();
        async move { create_import(&pool, user, "my_spotify_data.zip", 100).await.unwrap() }
    };
    let (waiting, running, never_queued, job_failed, refused) =
        (new(ada).await, new(ada).await, new(theo).await, new(ada).await, new(theo).await);
    import_job(&pool, ada, waiting, "queued").await;
    start_import(&pool, ada, running).await.unwrap();
    import_job(&pool, ada, running, "running").await;
    start_import(&pool, ada, job_failed).await.unwrap();
    import_job(&pool, ada, job_failed, "failed").await;
    fail_import(&pool, theo, refused, "refused.json, record 1: \"ts\" is missing").await.unwrap();

    let mut failed = HistoryImport::fail_unqueued(&pool, "import:").await.unwrap();
    failed.sort_unstable();
    assert_eq!(failed, [never_queued, job_failed]);
    for (user, import) in [(theo, never_queued), (ada, job_failed)] {
        let row = find_import(&pool, user, import).await.unwrap().unwrap();
        assert_eq!((row.state, row.error.as_deref()), (ImportState::Failed, Some(INTERNAL_FAILURE)));
        assert!(row.finished_at.is_some());
    }
    assert_eq!(find_import(&pool, ada, waiting).await.unwrap().unwrap().state, ImportState::Queued);
    assert_eq!(find_import(&pool, ada, running).await.unwrap().unwrap().state, ImportState::Importing);
    let kept = find_import(&pool, theo, refused).await.unwrap().unwrap();
    assert_eq!(kept.error.as_deref(), Some("refused.json, record 1: \"ts\" is missing"), "a reason is kept");
    assert!(HistoryImport::fail_unqueued(&pool, "import:").await.unwrap().is_empty());

    let everything = [waiting, running, never_queued, job_failed, refused, refused + 1_000];
    assert_eq!(HistoryImport::still_waiting(&pool, &everything).await.unwrap(), [waiting, running]);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_generated_import_can_be_timed(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let ada = user(&pool, "ada").await;
    let timing = time_generated_import(&pool, ada, 2_000, 8, dir.path()).await.unwrap();
    assert_eq!(timing.plays, 2_000);
    assert!(timing.elapsed > Duration::ZERO);
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "the export was left behind");
}

/// The benchmark: a million plays into a fresh database. Run it on a release build:
/// `cargo test --release -p crossfade-store --test plays -- --ignored --nocapture a_million_plays`.
#[sqlx::test(migrations = "../../migrations")]
#[ignore = "a benchmark: about two minutes on a release build"]
async fn a_million_plays(pool: PgPool) {
    let dir = tempfile::tempdir().unwrap();
    let ada = user(&pool, "ada").await;
    let first = time_generated_import(&pool, ada, 1_000_000, 2026, dir.path()).await.unwrap();
    // The same plays again, as when someone uploads a newer export that repeats everything older.
    let again = time_generated_import(&pool, ada, 1_000_000, 2026, dir.path()).await.unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status.lines().find(|line| line.starts_with("VmHWM")).unwrap_or("VmHWM: unknown");
    for (label, timing) in [("new", first), ("repeated", again)] {
        println!(
            "{label}: {} plays in {:.1} s, {:.0} plays/s; {:?}",
            timing.plays,
            timing.elapsed.as_secs_f64(),
            timing.plays as f64 / timing.elapsed.as_secs_f64(),
            timing.counts,
        );
    }
    println!("peak memory {}", peak.trim_start_matches("VmHWM:").trim());
    assert_eq!((first.plays, first.counts.duplicates), (1_000_000, 0));
    assert_eq!((again.counts.plays_added, again.counts.episodes_added), (0, 0));
}
