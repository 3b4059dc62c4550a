//! Smart playlists against the Spotify sandbox: applying writes exactly the rule's tracks with the fewest requests
//! (counted by the sandbox), each run stores what the playlist held so an undo puts back the same items in the same
//! order, an undo refuses when the playlist changed on Spotify since the run (and goes ahead when told), faults
//! (5xx after the write took effect, 429) end in a correct playlist or a run that waits, scheduled refreshes run
//! on a fake clock in dependency order, loops are refused with the loop named, and users see only their own.

mod common;

use common::{demo_user, unpaced, world};
use crossfade_domain::{RefreshSchedule, SmartRules, WriteTarget};
use crossfade_library::smart_playlists::{self, SmartError, apply, changes, refresh_due, save, undo};
use crossfade_library::sync::{SyncKind, sync_library};
use crossfade_spotify::Scope;
use crossfade_spotify_sandbox::{Faults, Mode, ScheduledFault};
use crossfade_store::smart_playlists::{RunState, RunTrigger, Settings, get, runs};
use serde_json::json;
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

fn rule(json: serde_json::Value) -> SmartRules {
    SmartRules::from_json(&json).unwrap()
}

/// Liked songs by title, the first `count`.
fn liked_by_title(count: u32) -> SmartRules {
    rule(json!({"sets": [{"sources": ["liked"], "sort": [{"field": "title"}]}], "limit": {"items": count}}))
}

fn name(text: &str) -> crossfade_domain::PlaylistName {
    crossfade_domain::PlaylistName::parse(text).unwrap()
}

async fn create(pool: &PgPool, user: i64, name_text: &str, rules: &SmartRules, schedule: RefreshSchedule) -> i64 {
    let name = name(name_text);
    let settings = Settings { name: &name, rules, target: WriteTarget::Replace, playlist_id: None, schedule };
    save(pool, user, None, &settings, OffsetDateTime::now_utc()).await.unwrap()
}

/// The write requests the sandbox counted, all playlist-writing routes together.
fn writes(world: &common::World) -> u64 {
    world
        .control
        .counters()
        .into_iter()
        .filter(|(route, _)| {
            route.starts_with("POST /v1/me/playlists")
                || (route.contains("/items") && !route.starts_with("GET"))
                || route.starts_with("DELETE /v1/me/library")
        })
        .map(|(_, count)| count)
        .sum()
}

#[sqlx::test(migrations = "../../migrations")]
async fn apply_then_undo_round_trips_with_the_fewest_requests(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("ada", 160, 2)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("ada").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    let id = create(&pool, user, "First thirty", &liked_by_title(30), RefreshSchedule::Never).await;

    // The first apply creates a private playlist and fills it: one request each.
    let now = OffsetDateTime::now_utc();
    let preview = smart_playlists::preview(&pool, user, &liked_by_title(30), 7, now).await.unwrap();
    world.control.reset_counters();
    let first = apply(&world.library, user, id, RunTrigger::Apply, 7, now).await.unwrap();
    assert_eq!((first.state, first.summary.as_str()), (RunState::Applied, "adds 30"));
    assert_eq!(writes(&world), 2, "{:?}", world.control.counters());
    let playlist = first.playlist_id.clone().unwrap();
    let wanted: Vec<String> = preview.track_ids.iter().map(|id| format!("spotify:track:{id}")).collect();
    assert_eq!(world.control.playlist_uris(&playlist).unwrap(), wanted);
    assert_eq!(get(&pool, user, id).await.unwrap().unwrap().playlist_id.as_deref(), Some(playlist.as_str()));

    // A new rule (the first 200, by title descending) takes the plan of fewest requests.
    let bigger = rule(json!({"sets": [{"sources": ["liked"], "sort": [{"field": "title", "order": "desc"}]}],
                             "limit": {"items": 150}}));
    let smart_name = name("First thirty");
    let settings = Settings {
        name: &smart_name,
        rules: &bigger,
        target: WriteTarget::Replace,
        playlist_id: Some(&playlist),
        schedule: RefreshSchedule::Never,
    };
    save(&pool, user, Some(id), &settings, now).await.unwrap();
    let smart = get(&pool, user, id).await.unwrap().unwrap();
    let planned = changes(&world.library, user, &smart, 7, now).await.unwrap();
    world.control.reset_counters();
    let second = apply(&world.library, user, id, RunTrigger::Apply, 7, now).await.unwrap();
    assert_eq!(second.state, RunState::Applied);
    assert_eq!(second.summary, planned.diff.summary());
    assert_eq!(writes(&world), planned.diff.plan.requests() as u64);
    assert_eq!(world.control.playlist_uris(&playlist).unwrap(), planned.wanted);

    // Undo puts back exactly the thirty, in order.
    let undone = undo(&world.library, user, Some(id), second.run_id, false, now).await.unwrap();
    assert_eq!(undone.state, RunState::Applied);
    assert_eq!(world.control.playlist_uris(&playlist).unwrap(), wanted);
    let history = runs(&pool, user, id, 10).await.unwrap();
    assert_eq!(history[0].trigger, RunTrigger::Undo);
    assert_eq!(history[0].undoes, Some(second.run_id));
    assert!(history[1].undone_at.is_some(), "the reverted run is marked undone");
    assert!(matches!(
        undo(&world.library, user, Some(id), second.run_id, false, now).await,
        Err(SmartError::NotUndoable(_))
    ));

    // Undoing the run that created the playlist removes it from the library.
    let removed = undo(&world.library, user, Some(id), first.run_id, true, now).await.unwrap();
    assert_eq!(removed.state, RunState::Applied);
    assert!(world.control.playlists("ada").unwrap().iter().all(|listed| listed.id != playlist));
    assert_eq!(get(&pool, user, id).await.unwrap().unwrap().playlist_id, None, "the next run creates a new one");
}

#[sqlx::test(migrations = "../../migrations")]
async fn an_undo_after_changes_on_spotify_asks_first(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("ada", 80, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("ada").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    let id = create(&pool, user, "Ten", &liked_by_title(10), RefreshSchedule::Never).await;
    let now = OffsetDateTime::now_utc();
    let first = apply(&world.library, user, id, RunTrigger::Apply, 1, now).await.unwrap();
    let playlist = first.playlist_id.unwrap();
    let smart_name = name("Ten");
    let settings = Settings {
        name: &smart_name,
        rules: &liked_by_title(20),
        target: WriteTarget::Replace,
        playlist_id: Some(&playlist),
        schedule: RefreshSchedule::Never,
    };
    save(&pool, user, Some(id), &settings, now).await.unwrap();
    let second = apply(&world.library, user, id, RunTrigger::Apply, 1, now).await.unwrap();
    assert_eq!(second.summary, "adds 10");
    let before_second = world.control.playlist_uris(&playlist).unwrap()[..10].to_vec();

    // Someone adds a track in Spotify (a liked song the rule left out).
    let liked = smart_playlists::preview(&pool, user, &liked_by_title(30), 1, now).await.unwrap();
    let extra = format!("spotify:track:{}", liked.track_ids[25]);
    world.control.add_to_playlist("ada", &playlist, &[extra.as_str()]).unwrap();
    match undo(&world.library, user, Some(id), second.run_id, false, now).await {
        Err(SmartError::ChangedSince { summary }) => assert_eq!(summary, "adds 1"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let undone = undo(&world.library, user, Some(id), second.run_id, true, now).await.unwrap();
    assert_eq!(undone.state, RunState::Applied);
    assert_eq!(world.control.playlist_uris(&playlist).unwrap(), before_second);
}

#[sqlx::test(migrations = "../../migrations")]
async fn faults_end_in_the_wanted_playlist_or_a_run_that_waits(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("ada", 300, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("ada").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    let rules = liked_by_title(250);
    let id = create(&pool, user, "Two fifty", &rules, RefreshSchedule::Never).await;
    let now = OffsetDateTime::now_utc();
    let preview = smart_playlists::preview(&pool, user, &rules, 3, now).await.unwrap();
    let wanted: Vec<String> = preview.track_ids.iter().map(|id| format!("spotify:track:{id}")).collect();

    // An append answers 502 after it took effect: the client re-reads the playlist and does not add it twice.
    world.control.set_faults(Faults {
        scheduled: vec![ScheduledFault {
            route: Some("POST /v1/playlists/{playlist_id}/items".into()),
            status: 502,
            count: 1,
            after_effect: true,
        }],
        ..Faults::default()
    });
    let applied = apply(&world.library, user, id, RunTrigger::Apply, 3, now).await.unwrap();
    assert_eq!(applied.state, RunState::Applied, "{:?}", applied.problem);
    let playlist = applied.playlist_id.unwrap();
    assert_eq!(world.control.playlist_uris(&playlist).unwrap(), wanted);

    // Spotify answers 429 with a day's wait: the run waits, with the time in plain words.
    world.control.set_faults(Faults {
        scheduled: vec![ScheduledFault { route: None, status: 429, count: 50, after_effect: false }],
        ..Faults::default()
    });
    let waiting = apply(&world.library, user, id, RunTrigger::Apply, 3, now).await.unwrap();
    assert_eq!(waiting.state, RunState::Waiting);
    assert!(waiting.problem.unwrap().contains("wait until"));
    assert!(waiting.retry_at.is_some());
    world.control.set_faults(Faults::default());
}

#[sqlx::test(migrations = "../../migrations")]
async fn scheduled_refreshes_run_when_due_in_dependency_order(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("ada", 80, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("ada").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    let daily = RefreshSchedule::Daily { minute_of_day: 7 * 60 };
    let base = create(&pool, user, "Base", &liked_by_title(12), daily).await;
    // Reads what Base writes.
    let reader_rules =
        rule(json!({"sets": [{"sources": [{"smart_playlist": base}], "sort": [{"field": "title", "order": "desc"}]}]}));
    let reader = create(&pool, user, "Reader", &reader_rules, daily).await;

    let next = get(&pool, user, base).await.unwrap().unwrap().next_run_at.unwrap();
    assert_eq!((next.hour(), next.minute()), (7, 0));
    assert_eq!(refresh_due(&world.library, user, next - Duration::minutes(1)).await.unwrap(), 0, "not due yet");
    assert_eq!(refresh_due(&world.library, user, next + Duration::minutes(1)).await.unwrap(), 2);
    let base_run = runs(&pool, user, base, 1).await.unwrap().remove(0);
    let reader_run = runs(&pool, user, reader, 1).await.unwrap().remove(0);
    assert!(base_run.id < reader_run.id, "the playlist read runs first");
    assert_eq!((base_run.trigger, base_run.state), (RunTrigger::Schedule, RunState::Applied));
    // The reader holds Base's twelve, in its own order.
    assert_eq!(reader_run.added, Some(12));
    let moved_on = get(&pool, user, base).await.unwrap().unwrap().next_run_at.unwrap();
    assert_eq!(moved_on, next + Duration::days(1));
    assert_eq!(refresh_due(&world.library, user, next + Duration::minutes(2)).await.unwrap(), 0, "ran already");
}

#[sqlx::test(migrations = "../../migrations")]
async fn loops_and_unknown_references_are_refused(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("ada", 20, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("ada").await;
    let first = create(&pool, user, "Alpha", &liked_by_title(5), RefreshSchedule::Never).await;
    let reads_first = rule(json!({"sets": [{"sources": [{"smart_playlist": first}]}]}));
    let second = create(&pool, user, "Beta", &reads_first, RefreshSchedule::Never).await;
    let reads_second = rule(json!({"sets": [{"match": {"field": "playlist", "op": "not_in_playlist",
                                                         "value": {"smart_playlist": second}}}]}));
    let alpha = name("Alpha");
    let settings = Settings {
        name: &alpha,
        rules: &reads_second,
        target: WriteTarget::Replace,
        playlist_id: None,
        schedule: RefreshSchedule::Never,
    };
    match save(&pool, user, Some(first), &settings, OffsetDateTime::now_utc()).await {
        Err(SmartError::Cycle(names)) => assert_eq!(names, ["Alpha", "Beta", "Alpha"]),
        other => panic!("expected a loop, got {other:?}"),
    }
    let unknown = rule(json!({"sets": [{"sources": [{"smart_playlist": 999}]}]}));
    let settings = Settings { rules: &unknown, ..settings };
    assert!(matches!(
        save(&pool, user, None, &settings, OffsetDateTime::now_utc()).await,
        Err(SmartError::UnknownReference(999))
    ));
}

#[sqlx::test(migrations = "../../migrations")]
async fn writing_needs_permission_and_users_see_only_their_own(pool: PgPool) {
    let world =
        world(pool.clone(), vec![demo_user("ada", 20, 1), demo_user("bo", 20, 1)], Mode::DevMode2026, unpaced(4)).await;
    let ada = world.sign_in("ada").await;
    let reading_only = [
        Scope::UserLibraryRead,
        Scope::PlaylistReadPrivate,
        Scope::PlaylistReadCollaborative,
        Scope::UserFollowRead,
        Scope::UserTopRead,
        Scope::UserReadRecentlyPlayed,
    ];
    let bo = world.sign_in_with("bo", &reading_only).await;
    sync_library(&world.library, bo, SyncKind::Full).await.unwrap();
    let now = OffsetDateTime::now_utc();
    let bos = create(&pool, bo, "Bo's", &liked_by_title(5), RefreshSchedule::Hourly { minute: 0 }).await;
    assert!(matches!(
        apply(&world.library, bo, bos, RunTrigger::Apply, 1, now).await,
        Err(SmartError::NeedsPermission)
    ));
    // A scheduled run says so in the run history.
    assert_eq!(refresh_due(&world.library, bo, now + Duration::hours(2)).await.unwrap(), 1);
    let stopped = runs(&pool, bo, bos, 1).await.unwrap().remove(0);
    assert_eq!(stopped.state, RunState::Failed);
    assert!(stopped.problem.unwrap().contains("may not change your playlists"));

    // Ada cannot read, apply or undo Bo's.
    assert!(get(&pool, ada, bos).await.unwrap().is_none());
    assert!(matches!(apply(&world.library, ada, bos, RunTrigger::Apply, 1, now).await, Err(SmartError::NotFound)));
    assert!(matches!(undo(&world.library, ada, Some(bos), stopped.id, true, now).await, Err(SmartError::NotFound)));
    assert!(runs(&pool, ada, bos, 10).await.unwrap().is_empty());
}

#[sqlx::test(migrations = "../../migrations")]
async fn duplicates_are_found_and_removed_through_the_same_undoable_path(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("ada", 40, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("ada").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    // Two playlists of Ada's share a liked song; one holds it twice.
    let liked = smart_playlists::preview(&pool, user, &liked_by_title(3), 1, OffsetDateTime::now_utc()).await.unwrap();
    let song = format!("spotify:track:{}", liked.track_ids[0]);
    let other = format!("spotify:track:{}", liked.track_ids[1]);
    let gym = world.control.create_playlist("ada", "Gym", false, false).unwrap();
    let run = world.control.create_playlist("ada", "Run", false, false).unwrap();
    world.control.add_to_playlist("ada", &gym, &[song.as_str(), other.as_str(), song.as_str()]).unwrap();
    world.control.add_to_playlist("ada", &run, &[song.as_str()]).unwrap();
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();

    let found = crossfade_store::duplicates::duplicates(&pool, user).await.unwrap();
    let places: Vec<(Option<&str>, Option<i32>)> = found
        .iter()
        .filter(|occurrence| occurrence.track_id == liked.track_ids[0])
        .map(|occurrence| (occurrence.playlist.as_ref().map(|(_, name)| name.as_str()), occurrence.position))
        .collect();
    assert_eq!(places, [(None, None), (Some("Gym"), Some(0)), (Some("Gym"), Some(2)), (Some("Run"), Some(0))]);
    assert_eq!(crossfade_store::duplicates::spread(&pool, user, &liked.track_ids[0]).await.unwrap(), (2, 1));

    // Removing the second copy in Gym writes Gym once and can be undone.
    let now = OffsetDateTime::now_utc();
    let removed = smart_playlists::remove_entries(&world.library, user, &gym, &[(2, liked.track_ids[0].clone())], now)
        .await
        .unwrap();
    assert_eq!((removed.state, removed.summary.as_str()), (RunState::Applied, "removes 1"));
    assert_eq!(world.control.playlist_uris(&gym).unwrap(), [song.clone(), other.clone()]);
    // An entry that is no longer where the library saw it is left alone.
    assert!(matches!(
        smart_playlists::remove_entries(&world.library, user, &gym, &[(2, liked.track_ids[0].clone())], now).await,
        Err(SmartError::EntriesMoved)
    ));
    let undone = undo(&world.library, user, None, removed.run_id, false, now).await.unwrap();
    assert_eq!(undone.state, RunState::Applied);
    assert_eq!(world.control.playlist_uris(&gym).unwrap(), [song.clone(), other, song]);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_stored_rule_that_no_longer_reads_matches_nothing_and_comes_back_as_work_to_fix(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("ada", 20, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("ada").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    let id: i64 = sqlx::query_scalar(
        r#"INSERT INTO smart_playlists (user_id, name, rules, target)
           VALUES ($1, 'Future', '{"version": 2, "sets": []}', 'replace') RETURNING id"#,
    )
    .bind(user)
    .fetch_one(&pool)
    .await
    .unwrap();
    let smart = get(&pool, user, id).await.unwrap().unwrap();
    assert!(smart.draft.as_deref().unwrap().contains("\"version\":2"), "{:?}", smart.draft);
    let shown = smart_playlists::preview(&pool, user, &smart.rules, 1, OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(shown.matched, 0);
}
