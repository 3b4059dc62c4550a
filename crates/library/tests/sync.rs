//! Library sync against the Spotify sandbox and a real PostgreSQL: what a full sync stores and what it costs,
//! incremental syncs that change nothing and cost the minimum, deletions mirrored, and crash safety.

mod common;

use common::{demo_user, minimum_full_sync, mirror_dump, unpaced, world};
use crossfade_library::sync::{SyncKind, sync_library};
use crossfade_spotify_sandbox::Mode;
use sqlx::PgPool;

#[sqlx::test(migrations = "../../migrations")]
async fn a_full_sync_mirrors_the_library_with_the_minimum_of_requests(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 260, 12)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    world.control.reset_counters();

    let report = sync_library(&world.library, user, SyncKind::Full).await.unwrap();

    assert_eq!(report.written[&crossfade_domain::Collection::LikedSongs], 260);
    let liked: i64 = sqlx::query_scalar("SELECT count(*) FROM liked_tracks WHERE user_id = $1")
        .bind(user)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(liked, 260);
    let listed: i64 = sqlx::query_scalar("SELECT count(*) FROM playlists WHERE user_id = $1")
        .bind(user)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(listed as usize, world.control.playlists("sam").unwrap().len());
    let isrcs: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM liked_tracks l JOIN tracks t ON t.spotify_id = l.track_id
         WHERE l.user_id = $1 AND t.isrc IS NOT NULL",
    )
    .bind(user)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(isrcs, 260, "every liked song keeps its ISRC");
    let minimum = minimum_full_sync(&world, user, "sam").await;
    assert_eq!(world.requests(), minimum, "requests made: {:#?}", world.control.counters());
}

#[sqlx::test(migrations = "../../migrations")]
async fn owned_playlists_keep_positions_local_files_and_episodes(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 120, 20)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();

    for playlist in world.control.playlists("sam").unwrap().iter().filter(|p| p.owner_id == "sam") {
        let stored: Vec<(i32, String)> = sqlx::query_as(
            "SELECT i.position, i.kind FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
             WHERE p.user_id = $1 AND p.spotify_id = $2 ORDER BY i.position",
        )
        .bind(user)
        .bind(&playlist.id)
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(stored.len(), playlist.total, "entries of {}", playlist.name);
        assert!(stored.iter().enumerate().all(|(i, (position, _))| *position as usize == i));
    }
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT i.kind FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id WHERE p.user_id = $1",
    )
    .bind(user)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(kinds.contains(&"track".to_owned()));
    assert!(kinds.contains(&"local".to_owned()) || kinds.contains(&"episode".to_owned()), "kinds: {kinds:?}");
}

#[sqlx::test(migrations = "../../migrations")]
async fn syncing_again_rewrites_no_row_and_costs_one_request_per_collection(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 260, 12)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    let before = mirror_dump(&pool, user, true).await;
    world.control.reset_counters();

    sync_library(&world.library, user, SyncKind::Incremental).await.unwrap();

    assert_eq!(mirror_dump(&pool, user, true).await, before, "an unchanged library rewrites nothing");
    let counters = world.control.counters();
    assert_eq!(counters.get("GET /v1/me/tracks"), Some(&1));
    assert_eq!(counters.get("GET /v1/playlists/{playlist_id}/items"), None, "unchanged snapshots are skipped");
    // profile, liked songs, saved albums, playlist list, followed artists, six top lists, recently played
    assert_eq!(world.requests(), 12, "{counters:#?}");

    world.control.reset_counters();
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    assert_eq!(mirror_dump(&pool, user, true).await, before, "a full sync of an unchanged library rewrites nothing");
}

#[sqlx::test(migrations = "../../migrations")]
async fn changes_and_deletions_upstream_are_mirrored(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 260, 12)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();

    // A song deep in the list is unliked and a new one liked; an owned playlist loses an entry; a followed
    // playlist is unfollowed.
    let deep: String =
        sqlx::query_scalar("SELECT track_id FROM liked_tracks WHERE user_id = $1 ORDER BY added_at LIMIT 1")
            .bind(user)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(world.control.unlike_track("sam", &deep).unwrap());
    let liked_before: Vec<String> = sqlx::query_scalar("SELECT track_id FROM liked_tracks WHERE user_id = $1")
        .bind(user)
        .fetch_all(&pool)
        .await
        .unwrap();
    let fresh = world.control.catalog().tracks.iter().find(|t| !liked_before.contains(&t.id)).unwrap().id.clone();
    world.control.like_track("sam", &fresh).unwrap();
    let playlists = world.control.playlists("sam").unwrap();
    let owned = playlists.iter().find(|p| p.owner_id == "sam" && p.total > 2).unwrap();
    let removed: String = sqlx::query_scalar(
        "SELECT i.track_id FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
         WHERE p.user_id = $1 AND p.spotify_id = $2 AND i.kind = 'track' ORDER BY i.position LIMIT 1",
    )
    .bind(user)
    .bind(&owned.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    world.control.remove_from_playlist("sam", &owned.id, &[&format!("spotify:track:{removed}")]).unwrap();
    let followed = playlists.iter().find(|p| p.owner_id != "sam").unwrap();
    world.library.spotify.remove_from_library(user, &[format!("spotify:playlist:{}", followed.id)]).await.unwrap();

    sync_library(&world.library, user, SyncKind::Incremental).await.unwrap();

    let liked: Vec<String> = sqlx::query_scalar("SELECT track_id FROM liked_tracks WHERE user_id = $1")
        .bind(user)
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!liked.contains(&deep), "the unliked song is gone");
    assert!(liked.contains(&fresh), "the new like is there");
    assert_eq!(liked.len(), 260);
    let still_there: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id
         WHERE p.user_id = $1 AND p.spotify_id = $2 AND i.track_id = $3",
    )
    .bind(user)
    .bind(&owned.id)
    .bind(&removed)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(still_there, 0, "the removed entry is gone");
    let unfollowed: i64 = sqlx::query_scalar("SELECT count(*) FROM playlists WHERE user_id = $1 AND spotify_id = $2")
        .bind(user)
        .bind(&followed.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(unfollowed, 0, "the unfollowed playlist is gone");

    let incremental = mirror_dump(&pool, user, false).await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    assert_eq!(mirror_dump(&pool, user, false).await, incremental, "incremental and full syncs agree");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_sync_killed_at_any_point_ends_like_an_uninterrupted_one(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 400, 16)], Mode::DevMode2026, unpaced(3)).await;
    let user = world.sign_in("sam").await;
    sync_library(&world.library, user, SyncKind::Full).await.unwrap();
    let uninterrupted = mirror_dump(&pool, user, false).await;
    let total_requests = world.requests();

    for kill_after in [1, 4, 9, 14, 22, total_requests.saturating_sub(3)] {
        // Start from nothing for this user: delete them and sign in again.
        crossfade_store::users::delete_with_everything(&pool, user_id_of(&pool).await).await.unwrap();
        let user = world.sign_in("sam").await;
        world.control.reset_counters();
        let library = world.library.clone();
        let sync = tokio::spawn(async move { sync_library(&library, user, SyncKind::Full).await });
        while world.requests() < kill_after && !sync.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        sync.abort();
        let _ = sync.await;

        sync_library(&world.library, user, SyncKind::Full).await.unwrap();
        assert_eq!(mirror_dump(&pool, user, false).await, uninterrupted, "killed after {kill_after} requests");
    }
}

async fn user_id_of(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT id FROM users").fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_long_rate_limit_stops_the_sync_and_records_when_it_resumes(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 260, 12)], Mode::DevMode2026, unpaced(2)).await;
    let user = world.sign_in("sam").await;
    let faults = serde_json::json!({
        "rate_limit": { "requests_per_window": 3, "retry_after_override_secs": 3600 }
    });
    world.control.set_faults(serde_json::from_value(faults).unwrap());

    let error = sync_library(&world.library, user, SyncKind::Full).await.unwrap_err();

    let crossfade_library::SyncError::Spotify(crossfade_spotify::ApiError::RateLimited { retry_at, .. }) = error else {
        panic!("expected a rate limit, got {error:?}");
    };
    let overview = crossfade_store::mirror::status::overview(&pool, user).await.unwrap().unwrap();
    assert_eq!(overview.state, crossfade_store::mirror::status::SyncState::Waiting);
    assert_eq!(overview.problem, Some(crossfade_domain::SyncProblem::RateLimited));
    let recorded = overview.retry_at.expect("the resume time is recorded");
    assert!((recorded - retry_at).abs() < time::Duration::milliseconds(1), "recorded {recorded}, Spotify {retry_at}");
    let wait = retry_at - time::OffsetDateTime::now_utc();
    assert!(wait > time::Duration::minutes(55) && wait <= time::Duration::minutes(61), "resumes in {wait}");
}
