//! Catalog lookups against the sandbox and a real PostgreSQL: tracks named only by a listening history and albums
//! and artists known only in short form are read one at a time in Development Mode and in batches with extended
//! access, ids Spotify does not know are asked for once, a run never spends more than its budget, and runs cut short
//! (by the budget or a rate limit) carry on without asking anything twice.

mod common;

use common::{demo_user, unpaced, world};
use crossfade_library::lookups::{LookupReport, look_up_catalog};
use crossfade_library::{ApiAccess, SyncError};
use crossfade_spotify::ApiError;
use crossfade_spotify_sandbox::Mode;
use crossfade_store::mirror::lookups::outstanding;
use sqlx::PgPool;

/// An id of the right shape that the sandbox's catalog does not hold.
const UNKNOWN: &str = "zzzzzzzzzzzzzzzzzzzzzz";
/// A history entry's id that is no Spotify id at all.
const MALFORMED: &str = "not-a-track";

/// Records one play of each of `track_ids`, a second of the first (it is looked up first), and the user's facts of
/// them, as a history import would.
async fn played(pool: &PgPool, user: i64, track_ids: &[String]) {
    for (n, id) in track_ids.iter().chain(track_ids.first()).enumerate() {
        sqlx::query(
            "INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, source)
             VALUES ($1, now() - make_interval(mins => $2), 180000, 'spotify:track:' || $3, $3, 'A song', 'history')",
        )
        .bind(user)
        .bind(i32::try_from(n).unwrap())
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query("SELECT rebuild_track_facts($1)").bind(user).execute(pool).await.unwrap();
}

/// `count` catalog tracks of the sandbox, from `first` on, plus an unknown and a malformed id.
fn history_tracks(world: &common::World, first: usize, count: usize) -> Vec<String> {
    let catalog = world.control.catalog();
    let mut ids: Vec<String> = catalog.tracks[first..first + count].iter().map(|t| t.id.clone()).collect();
    ids.extend([UNKNOWN.to_owned(), MALFORMED.to_owned()]);
    ids
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

/// Everything the lookups write, to compare end states.
async fn catalog_dump(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT line FROM (
           SELECT 'track ' || concat_ws(' ', spotify_id, name, album_id, isrc, popularity) AS line FROM tracks
           UNION ALL SELECT 'album ' || concat_ws(' ', spotify_id, name, label, upc, details_fetched_at IS NOT NULL)
                FROM albums
           UNION ALL SELECT 'artist ' || concat_ws(' ', spotify_id, name, genres::text, followers,
                details_fetched_at IS NOT NULL) FROM artists
           UNION ALL SELECT 'miss ' || kind || ' ' || spotify_id FROM catalog_misses
         ) AS catalog ORDER BY line",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Each track's album label, Spotify's label of the track, and the label `$1`'s facts show with its source.
const LABELS: &str = "SELECT a.label, l.name, f.label, f.value_sources ->> 'label'
     FROM tracks t JOIN albums a ON a.spotify_id = t.album_id
     LEFT JOIN track_labels l ON l.track_id = t.spotify_id AND l.provider = 'spotify' AND l.user_id IS NULL
     LEFT JOIN track_facts f ON f.track_id = t.spotify_id AND f.user_id = $1
     ORDER BY t.spotify_id";

fn route(world: &common::World, name: &str) -> u64 {
    world.control.counters().get(name).copied().unwrap_or(0)
}

#[sqlx::test(migrations = "../../migrations")]
async fn development_mode_reads_one_item_per_request_and_asks_for_unknown_ids_once(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 20, 2)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    let history = history_tracks(&world, 0, 30);
    played(&pool, user, &history).await;
    world.control.reset_counters();

    let report = look_up_catalog(&world.library, user, 1_000).await.unwrap();

    assert!(report.finished);
    assert_eq!(count(&pool, "SELECT count(*) FROM tracks").await, 30);
    let albums = count(&pool, "SELECT count(*) FROM albums").await as u64;
    let artists = count(&pool, "SELECT count(*) FROM artists").await as u64;
    assert_eq!(route(&world, "GET /v1/tracks/{id}"), 31, "every well-formed id once, the malformed one never");
    assert_eq!(route(&world, "GET /v1/albums/{id}"), albums, "each album's details once");
    assert_eq!(route(&world, "GET /v1/artists/{id}"), artists, "each artist's details once");
    assert_eq!(world.requests(), 31 + albums + artists, "{:#?}", world.control.counters());
    assert_eq!(report.requests as u64, world.requests());
    assert_eq!(report.missing, 2);
    let misses = count(&pool, "SELECT count(*) FROM catalog_misses WHERE kind = 'track'").await;
    assert_eq!(misses, 2, "the unknown and the malformed id are remembered");
    let without = count(
        &pool,
        "SELECT (SELECT count(*) FROM albums WHERE details_fetched_at IS NULL)
              + (SELECT count(*) FROM artists WHERE details_fetched_at IS NULL)",
    )
    .await;
    assert_eq!(without, 0, "every album and artist has its details");
    // Development Mode leaves out genres, followers and labels; the artist's picture is what a single read adds.
    let pictured = count(&pool, "SELECT count(*) FROM artists WHERE image_url IS NOT NULL").await;
    assert_eq!(pictured as u64, artists, "every artist has a picture");
    assert_eq!(count(&pool, "SELECT count(*) FROM track_labels").await, 0, "no label without extended access");
    assert!(outstanding(&pool, user).await.unwrap().is_empty());

    world.control.reset_counters();
    let again = look_up_catalog(&world.library, user, 1_000).await.unwrap();
    assert_eq!(again, LookupReport { finished: true, ..LookupReport::default() });
    assert_eq!(world.requests(), 0, "nothing is asked twice");
}

#[sqlx::test(migrations = "../../migrations")]
async fn extended_access_reads_in_batches(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 20, 2)], Mode::Extended, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    let history = history_tracks(&world, 0, 120);
    played(&pool, user, &history).await;
    world.control.reset_counters();

    let report = look_up_catalog(&world.library, user, 1_000).await.unwrap();

    assert!(report.finished);
    assert_eq!(count(&pool, "SELECT count(*) FROM tracks").await, 120);
    let albums = count(&pool, "SELECT count(*) FROM albums").await as u64;
    let artists = count(&pool, "SELECT count(*) FROM artists").await as u64;
    let counters = world.control.counters();
    assert_eq!(route(&world, "GET /v1/tracks"), 3, "121 well-formed ids, 50 a request: {counters:#?}");
    assert_eq!(route(&world, "GET /v1/albums"), albums.div_ceil(20), "{counters:#?}");
    assert_eq!(route(&world, "GET /v1/artists"), artists.div_ceil(50), "{counters:#?}");
    assert_eq!(world.requests(), 3 + albums.div_ceil(20) + artists.div_ceil(50), "no single reads: {counters:#?}");
    assert_eq!(count(&pool, "SELECT count(*) FROM catalog_misses").await, 2);
    let undetailed = count(
        &pool,
        "SELECT (SELECT count(*) FROM albums WHERE details_fetched_at IS NULL OR label IS NULL)
              + (SELECT count(*) FROM artists WHERE details_fetched_at IS NULL OR followers IS NULL)",
    )
    .await;
    assert_eq!(undetailed, 0, "extended access gives every album its label and every artist its followers");

    // Each track takes its album's label as Spotify's, and the user's facts show it with its source.
    type Label = Option<String>;
    let labels: Vec<(String, Label, Label, Label)> = sqlx::query_as(LABELS).bind(user).fetch_all(&pool).await.unwrap();
    assert_eq!(labels.len(), 120);
    for (album, said, shown, source) in &labels {
        let expected = crossfade_domain::RecordLabel::parse(album).map(|label| label.name().to_owned());
        assert_eq!(said, &expected, "Spotify's label of a track is its album's, normalised");
        assert_eq!(shown, &expected, "the facts show it");
        assert_eq!(source.as_deref(), expected.as_ref().map(|_| "spotify"));
    }

    // An installation upgraded from a version that kept albums' labels but not tracks': the backfill gives every
    // track its label back, facts included, and has nothing left to do afterwards.
    let labelled = labels.iter().filter(|(_, said, _, _)| said.is_some()).count();
    assert!(labelled > 100, "most sandbox albums name a label");
    sqlx::query("DELETE FROM track_labels WHERE provider = 'spotify'").execute(&pool).await.unwrap();
    sqlx::query("SELECT rebuild_track_facts($1)").bind(user).execute(&pool).await.unwrap();
    assert_eq!(count(&pool, "SELECT count(*) FROM track_facts WHERE label IS NOT NULL").await, 0);
    assert_eq!(crossfade_store::mirror::backfill_spotify_labels(&pool).await.unwrap(), labelled);
    let backfilled: Vec<(String, Label, Label, Label)> =
        sqlx::query_as(LABELS).bind(user).fetch_all(&pool).await.unwrap();
    assert_eq!(backfilled, labels, "the same labels and facts as if the tracks had been read with them");
    assert_eq!(crossfade_store::mirror::backfill_spotify_labels(&pool).await.unwrap(), 0);
}

#[sqlx::test(migrations = "../../migrations")]
async fn batch_reads_refused_by_a_development_mode_app_fall_back_to_single_reads(pool: PgPool) {
    let mut world = world(pool.clone(), vec![demo_user("sam", 20, 2)], Mode::DevMode2026, unpaced(4)).await;
    // Configured as extended, but Spotify says otherwise.
    world.library.access = ApiAccess::Extended;
    let user = world.sign_in("sam").await;
    let history = history_tracks(&world, 0, 70);
    played(&pool, user, &history).await;
    world.control.reset_counters();

    let report = look_up_catalog(&world.library, user, 1_000).await.unwrap();

    assert!(report.finished);
    assert_eq!(count(&pool, "SELECT count(*) FROM tracks").await, 70);
    assert_eq!(route(&world, "GET /v1/tracks"), 2, "the first round's two batches are refused");
    assert_eq!(route(&world, "GET /v1/tracks/{id}"), 71, "then every id is read on its own, once");
    assert_eq!(route(&world, "GET /v1/albums"), 0, "batches are not tried again in the same run");
    assert!(outstanding(&pool, user).await.unwrap().is_empty());
}

#[sqlx::test(migrations = "../../migrations")]
async fn runs_cut_short_by_their_budget_end_where_one_long_run_would(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 20, 2)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    played(&pool, user, &history_tracks(&world, 0, 25)).await;
    world.control.reset_counters();

    let mut runs = Vec::new();
    loop {
        let report = look_up_catalog(&world.library, user, 7).await.unwrap();
        assert!(report.requests <= 7, "a run spent {} requests", report.requests);
        runs.push(report);
        if report.finished {
            break;
        }
        assert!(runs.len() < 100, "the runs never finish");
    }
    let bounded = catalog_dump(&pool).await;
    let spent: usize = runs.iter().map(|run| run.requests).sum();
    assert_eq!(spent as u64, world.requests());

    // The same history looked up in one go, in a fresh catalog.
    sqlx::query("TRUNCATE tracks, albums, artists, track_artists, album_artists, catalog_misses CASCADE")
        .execute(&pool)
        .await
        .unwrap();
    world.control.reset_counters();
    let whole = look_up_catalog(&world.library, user, 1_000).await.unwrap();
    assert!(whole.finished);
    assert_eq!(catalog_dump(&pool).await, bounded);
    assert_eq!(whole.requests, spent, "the bounded runs asked for nothing twice");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_rate_limited_run_keeps_what_it_read_and_the_next_run_asks_only_for_the_rest(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 20, 2)], Mode::DevMode2026, unpaced(1)).await;
    let user = world.sign_in("sam").await;
    played(&pool, user, &history_tracks(&world, 0, 30)).await;
    let faults = serde_json::json!({ "rate_limit": { "requests_per_window": 5, "retry_after_override_secs": 3600 } });
    world.control.set_faults(serde_json::from_value(faults).unwrap());
    world.control.reset_counters();

    let error = look_up_catalog(&world.library, user, 1_000).await.unwrap_err();

    let SyncError::Spotify(ApiError::RateLimited { retry_at, .. }) = error else {
        panic!("expected a rate limit, got {error:?}");
    };
    assert!(retry_at - time::OffsetDateTime::now_utc() > time::Duration::minutes(55));
    let kept = count(&pool, "SELECT count(*) FROM tracks").await;
    assert!(kept >= 1, "the tracks read before the limit are written");

    world.control.set_faults(Default::default());
    world.control.reset_counters();
    let report = look_up_catalog(&world.library, user, 1_000).await.unwrap();
    assert!(report.finished);
    assert_eq!(count(&pool, "SELECT count(*) FROM tracks").await, 30);
    assert_eq!(
        route(&world, "GET /v1/tracks/{id}") as i64,
        31 - kept,
        "only the tracks not yet read are asked for again"
    );
}

#[sqlx::test(migrations = "../../migrations")]
async fn lookups_killed_at_any_point_end_like_an_uninterrupted_run(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 20, 2)], Mode::DevMode2026, unpaced(3)).await;
    let user = world.sign_in("sam").await;
    played(&pool, user, &history_tracks(&world, 0, 40)).await;
    look_up_catalog(&world.library, user, 1_000).await.unwrap();
    let uninterrupted = catalog_dump(&pool).await;
    let forget = "TRUNCATE tracks, albums, artists, track_artists, album_artists, catalog_misses CASCADE";

    for kill_after in [1, 5, 17, 30, 60] {
        sqlx::query(forget).execute(&pool).await.unwrap();
        world.control.reset_counters();
        let library = world.library.clone();
        let run = tokio::spawn(async move { look_up_catalog(&library, user, 1_000).await });
        while world.requests() < kill_after && !run.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        run.abort();
        let _ = run.await;

        let report = look_up_catalog(&world.library, user, 1_000).await.unwrap();
        assert!(report.finished);
        assert_eq!(catalog_dump(&pool).await, uninterrupted, "killed after {kill_after} requests");
    }
}
