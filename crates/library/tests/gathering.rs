//! Gathering Discover's candidates against the sandbox and a real PostgreSQL: the artists a user plays most bring
//! every track of their albums and singles into the catalog, read within the Development-Mode limits (10 releases a
//! page, one release a request); an artist read within 30 days is not read again; runs cut short by their budget or
//! a rate limit carry on without reading a page or a release twice; a user's run follows only their own plays; and
//! the gathered tracks become candidates once enrichment gives them a sound.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{World, demo_user, provider_setup, unpaced, world};
use crossfade_domain::Provider;
use crossfade_jobs::{Handlers, Job, JobState, Kinds, Queue, Worker, WorkerConfig};
use crossfade_library::discover::{GATHER_ARTIST_ALBUMS, GatherReport, gather_artist_albums, request_gathering};
use crossfade_library::enrichment::enrich;
use crossfade_library::lookups::look_up_catalog;
use crossfade_library::{SyncError, discover};
use crossfade_spotify::ApiError;
use crossfade_spotify_sandbox::catalog::{AlbumType, Catalog};
use crossfade_spotify_sandbox::{Mode, ProviderSettings};
use sqlx::PgPool;
use time::OffsetDateTime;

const ARTIST_PAGES: &str = "GET /v1/artists/{id}/albums";
const RELEASES: &str = "GET /v1/albums/{id}";
/// A request budget no run here reaches.
const UNBOUNDED: usize = 100_000;

/// A sandbox artist as the tests see it: their albums and singles in the sandbox's catalog.
#[derive(Clone, Debug)]
struct SandboxArtist {
    id: String,
    releases: Vec<String>,
    /// Every track of those releases.
    tracks: Vec<String>,
    /// A track of theirs no other artist is credited on.
    solo_track: String,
}

impl SandboxArtist {
    fn of(catalog: &Catalog, index: usize) -> Option<SandboxArtist> {
        let own: Vec<usize> = catalog.artists[index]
            .albums
            .iter()
            .copied()
            .filter(|album| catalog.albums[*album].album_type != AlbumType::Compilation)
            .collect();
        let tracks: Vec<usize> = own.iter().flat_map(|album| catalog.albums[*album].tracks.iter().copied()).collect();
        let solo = tracks.iter().find(|track| catalog.tracks[**track].artists == [index])?;
        Some(SandboxArtist {
            id: catalog.artists[index].id.clone(),
            releases: own.iter().map(|album| catalog.albums[*album].id.clone()).collect(),
            tracks: tracks.iter().map(|track| catalog.tracks[*track].id.clone()).collect(),
            solo_track: catalog.tracks[*solo].id.clone(),
        })
    }

    /// Pages of 10 releases (at least one, which says there are none).
    fn pages(&self) -> u64 {
        self.pages_of(10)
    }

    fn pages_of(&self, size: usize) -> u64 {
        self.releases.len().div_ceil(size).max(1) as u64
    }
}

/// Two artists of the sandbox: one with many releases (the generated catalog gives none more than 7, one page),
/// one with a few.
fn two_artists(world: &World) -> (SandboxArtist, SandboxArtist) {
    let catalog = world.control.catalog();
    let artists: Vec<SandboxArtist> =
        (0..catalog.artists.len()).filter_map(|index| SandboxArtist::of(&catalog, index)).collect();
    let big = artists.iter().find(|artist| artist.releases.len() >= 6).expect("an artist with 6 releases").clone();
    let small = artists
        .iter()
        .find(|artist| (2..=3).contains(&artist.releases.len()) && artist.id != big.id)
        .expect("an artist with a few releases")
        .clone();
    (big, small)
}

/// Leaves `artist`'s releases as a run stopped before reading them with pages of `size` would: whatever the page
/// size, a reading goes on by the link Spotify gave.
async fn reading_under_way(world: &World, artist: &SandboxArtist, size: usize) {
    let link = world
        .sandbox
        .api_base_url()
        .join(&format!("artists/{}/albums?offset=0&limit={size}&include_groups=album,single", artist.id))
        .unwrap();
    sqlx::query("INSERT INTO gathered_artists (artist_id, next_page) VALUES ($1, $2)")
        .bind(&artist.id)
        .bind(link.as_str())
        .execute(&world.library.pool)
        .await
        .unwrap();
}

/// Records `plays` plays of each artist's solo track for `user` and reads those tracks into the catalog (the facts
/// credit a track's artists only once the catalog holds it).
async fn played(world: &World, user: i64, artists: &[(&SandboxArtist, i32)]) {
    let pool = &world.library.pool;
    for (artist, plays) in artists {
        for n in 0..*plays {
            sqlx::query(
                "INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, source)
                 VALUES ($1, now() - make_interval(mins => $2), 180000, 'spotify:track:' || $3, $3, 'A song',
                         'history')",
            )
            .bind(user)
            .bind(n)
            .bind(&artist.solo_track)
            .execute(pool)
            .await
            .unwrap();
        }
    }
    sqlx::query("SELECT rebuild_track_facts($1)").bind(user).execute(pool).await.unwrap();
    look_up_catalog(&world.library, user, UNBOUNDED).await.unwrap();
}

fn route(world: &World, name: &str) -> u64 {
    world.control.counters().get(name).copied().unwrap_or(0)
}

/// How many of `tracks` the catalog holds.
async fn in_catalog(pool: &PgPool, tracks: &[String]) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM tracks WHERE spotify_id = ANY ($1)")
        .bind(tracks)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// How many of the artists' releases a run must read: those the catalog does not hold whole already.
async fn releases_to_read(pool: &PgPool, artists: &[&SandboxArtist]) -> u64 {
    let mut left = 0;
    for artist in artists {
        let catalog = sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM unnest($1::text[]) AS r (id)
             WHERE NOT EXISTS (SELECT FROM albums a WHERE a.spotify_id = r.id AND a.total_tracks IS NOT NULL
                               AND a.total_tracks <= (SELECT count(*) FROM tracks t WHERE t.album_id = r.id))",
        )
        .bind(&artist.releases)
        .fetch_one(pool)
        .await
        .unwrap();
        left += catalog as u64;
    }
    left
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_users_two_artists_bring_their_releases_into_the_catalog_once_a_month(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 5, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    let (big, small) = two_artists(&world);
    played(&world, user, &[(&big, 3), (&small, 1)]).await;
    let to_read = releases_to_read(&pool, &[&big, &small]).await;
    world.control.reset_counters();

    let run = gather_artist_albums(&world.library, user, UNBOUNDED).await;

    run.outcome.unwrap();
    let report = run.report;
    assert!(report.finished);
    let pages = big.pages() + small.pages();
    assert_eq!(route(&world, ARTIST_PAGES), pages, "{:#?}", world.control.counters());
    assert_eq!(route(&world, RELEASES), to_read, "each release not yet whole, once");
    assert_eq!(world.requests(), pages + to_read, "nothing else: {:#?}", world.control.counters());
    assert_eq!(report.requests as u64, world.requests());
    for artist in [&big, &small] {
        assert_eq!(in_catalog(&pool, &artist.tracks).await, artist.tracks.len() as i64, "every track of {artist:?}");
        eprintln!(
            "artist with {} releases and {} tracks: {} requests",
            artist.releases.len(),
            artist.tracks.len(),
            artist.pages() + artist.releases.len() as u64
        );
    }
    let misplaced = sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM tracks t WHERE t.spotify_id = ANY ($1)
           AND NOT EXISTS (SELECT FROM track_artists ta WHERE ta.track_id = t.spotify_id)",
    )
    .bind(big.tracks.iter().chain(&small.tracks).cloned().collect::<Vec<_>>())
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(misplaced, 0, "every gathered track is credited");

    world.control.reset_counters();
    let again = gather_artist_albums(&world.library, user, UNBOUNDED).await;
    again.outcome.unwrap();
    assert_eq!(again.report, GatherReport { finished: true, ..GatherReport::default() });
    assert_eq!(world.requests(), 0, "artists read within 30 days are not asked about");

    // A month on, the releases are listed again for new ones; releases already read are not read again.
    sqlx::query("UPDATE gathered_artists SET listed_at = listed_at - interval '31 days'").execute(&pool).await.unwrap();
    world.control.reset_counters();
    let month_on = gather_artist_albums(&world.library, user, UNBOUNDED).await;
    month_on.outcome.unwrap();
    assert!(month_on.report.finished);
    assert_eq!(route(&world, ARTIST_PAGES), pages);
    assert_eq!(world.requests(), pages, "{:#?}", world.control.counters());
}

#[sqlx::test(migrations = "../../migrations")]
async fn runs_cut_short_by_their_budget_read_nothing_twice(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 5, 1)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("sam").await;
    let (big, small) = two_artists(&world);
    played(&world, user, &[(&big, 3), (&small, 1)]).await;
    let to_read = releases_to_read(&pool, &[&big, &small]).await;
    // Pages of 3, so that runs stop in the middle of an artist's pages too.
    reading_under_way(&world, &big, 3).await;
    world.control.reset_counters();

    let mut runs = 0;
    let mut spent = 0;
    loop {
        let run = gather_artist_albums(&world.library, user, 2).await;
        run.outcome.unwrap();
        assert!(run.report.requests <= 2, "a run spent {} requests", run.report.requests);
        spent += run.report.requests as u64;
        runs += 1;
        if run.report.finished {
            break;
        }
        assert!(runs < 200, "the runs never finish");
    }

    assert!(big.pages_of(3) > 1);
    assert_eq!(route(&world, ARTIST_PAGES), big.pages_of(3) + small.pages(), "no page read twice");
    assert_eq!(route(&world, RELEASES), to_read, "no release read twice");
    assert_eq!(spent, world.requests());
    assert_eq!(runs as u64, spent.div_ceil(2) + u64::from(spent % 2 == 0), "every run but the last used its budget");
    for artist in [&big, &small] {
        assert_eq!(in_catalog(&pool, &artist.tracks).await, artist.tracks.len() as i64);
    }
}

/// Runs the queued gathering jobs on a worker of their own until none of the user's is running or due.
async fn run_jobs(world: &World, queue: &Queue, user: i64) {
    let handlers = Handlers::new().register(GATHER_ARTIST_ALBUMS, {
        let (library, queue) = (world.library.clone(), queue.clone());
        move |job: Job| {
            let (library, queue) = (library.clone(), queue.clone());
            async move { discover::run_gathering(&library, &queue, &[], job).await }
        }
    });
    let config = WorkerConfig {
        concurrency: 1,
        poll_interval: Duration::from_millis(50),
        kinds: Kinds::Only(vec![GATHER_ARTIST_ALBUMS.to_owned()]),
        ..WorkerConfig::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(Worker::new(world.library.pool.clone(), handlers, config).run(async move {
        let _ = stopped.await;
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let now = OffsetDateTime::now_utc();
        let jobs = queue.for_user(user).await.unwrap();
        let busy = jobs.iter().any(|job| {
            job.kind == GATHER_ARTIST_ALBUMS
                && (job.state == JobState::Running || (job.state == JobState::Queued && job.run_at <= now))
        });
        if !busy {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the gathering did not settle: {jobs:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    worker.await.unwrap();
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_rate_limit_keeps_what_was_read_and_the_job_comes_back_at_spotifys_time(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 5, 1)], Mode::DevMode2026, unpaced(1)).await;
    let user = world.sign_in("sam").await;
    let (big, small) = two_artists(&world);
    played(&world, user, &[(&big, 3), (&small, 1)]).await;
    let to_read = releases_to_read(&pool, &[&big, &small]).await;
    let faults = serde_json::json!({ "rate_limit": { "requests_per_window": 5, "retry_after_override_secs": 3600 } });
    world.control.set_faults(serde_json::from_value(faults).unwrap());

    let limited = gather_artist_albums(&world.library, user, UNBOUNDED).await;

    let Err(SyncError::Spotify(ApiError::RateLimited { retry_at, .. })) = limited.outcome else {
        panic!("expected a rate limit, got {:?}", limited.outcome);
    };
    assert!(retry_at - OffsetDateTime::now_utc() > time::Duration::minutes(55));
    let read = limited.report;
    // Five requests pass: the first page of the most-played artist's releases, then four of them.
    assert_eq!((read.pages, read.releases), (1, 4), "{read:?}");
    assert!(read.tracks > 0);

    // As a job: still queued, due when Spotify said.
    let queue = Queue::new(pool.clone());
    request_gathering(&queue, user).await.unwrap();
    run_jobs(&world, &queue, user).await;
    let jobs = queue.for_user(user).await.unwrap();
    let waiting = jobs.iter().find(|job| job.kind == GATHER_ARTIST_ALBUMS).expect("the job is kept");
    assert_eq!(waiting.state, JobState::Queued, "{waiting:#?}");
    assert!(waiting.run_at - OffsetDateTime::now_utc() > time::Duration::minutes(55), "{waiting:#?}");

    world.control.set_faults(Default::default());
    world.control.reset_counters();
    let rest = gather_artist_albums(&world.library, user, UNBOUNDED).await;
    rest.outcome.unwrap();
    assert!(rest.report.finished);
    assert_eq!(route(&world, ARTIST_PAGES), big.pages() + small.pages() - 1, "the page read is not read again");
    assert_eq!(route(&world, RELEASES), to_read - 4, "the releases read are not read again");
    for artist in [&big, &small] {
        assert_eq!(in_catalog(&pool, &artist.tracks).await, artist.tracks.len() as i64);
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_users_run_follows_their_own_plays_and_shares_what_it_read(pool: PgPool) {
    let world =
        world(pool.clone(), vec![demo_user("sam", 5, 1), demo_user("ada", 5, 1)], Mode::DevMode2026, unpaced(4)).await;
    let (sam, ada) = (world.sign_in("sam").await, world.sign_in("ada").await);
    let (big, small) = two_artists(&world);
    played(&world, sam, &[(&small, 2)]).await;
    played(&world, ada, &[(&big, 1), (&small, 5)]).await;
    let small_releases = releases_to_read(&pool, &[&small]).await;
    world.control.reset_counters();

    let sams = gather_artist_albums(&world.library, sam, UNBOUNDED).await;

    sams.outcome.unwrap();
    assert!(sams.report.finished);
    assert_eq!(route(&world, ARTIST_PAGES), small.pages(), "only the artist sam plays");
    assert_eq!(route(&world, RELEASES), small_releases);
    assert_eq!(in_catalog(&pool, &big.tracks).await, 1, "ada's artist is left alone (but for the track she played)");
    let gathered: Vec<String> =
        sqlx::query_scalar("SELECT artist_id FROM gathered_artists").fetch_all(&pool).await.unwrap();
    assert_eq!(gathered, std::slice::from_ref(&small.id));

    // Ada plays both: the artist sam's run read is not read again.
    let big_releases = releases_to_read(&pool, &[&big]).await;
    world.control.reset_counters();
    let adas = gather_artist_albums(&world.library, ada, UNBOUNDED).await;
    adas.outcome.unwrap();
    assert_eq!(route(&world, ARTIST_PAGES), big.pages());
    assert_eq!(route(&world, RELEASES), big_releases);
    assert_eq!(in_catalog(&pool, &big.tracks).await, big.tracks.len() as i64);
}

#[sqlx::test(migrations = "../../migrations")]
async fn gathered_tracks_become_candidates_once_enriched(pool: PgPool) {
    let world = world(pool.clone(), vec![demo_user("sam", 5, 1)], Mode::DevMode2026, unpaced(4)).await;
    world.control.set_provider_settings(ProviderSettings::unlimited());
    let user = world.sign_in("sam").await;
    let (big, _) = two_artists(&world);
    played(&world, user, &[(&big, 2)]).await;
    let recco = provider_setup(&world, Provider::ReccoBeats, unpaced(4), UNBOUNDED, 30);
    enrich(&world.library, &recco, None).await.unwrap();
    let held: BTreeSet<String> = sqlx::query_scalar("SELECT track_id FROM track_facts WHERE user_id = $1")
        .bind(user)
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let (version_before, before) = crossfade_store::discover::candidates(&pool).await.unwrap();

    gather_artist_albums(&world.library, user, UNBOUNDED).await.outcome.unwrap();
    let pending =
        crossfade_store::enrichment::pending::pending_count(&pool, Provider::ReccoBeats, false, 30).await.unwrap();
    assert_eq!(pending as usize, big.tracks.len() - 1, "the gathered tracks wait for enrichment");
    let report = enrich(&world.library, &recco, None).await.unwrap();
    assert!(report.found > 0);
    crossfade_store::discover::catalog_changed(&pool).await.unwrap();

    let (version, candidates) = crossfade_store::discover::candidates(&pool).await.unwrap();
    assert!(version > version_before);
    // Candidates with values of their sound (a gathered track may also be one by its artist's genres alone).
    let ids: BTreeSet<String> = candidates
        .into_iter()
        .filter(|candidate| candidate.sound.energy.is_some())
        .map(|candidate| candidate.track_id)
        .collect();
    let known: BTreeSet<String> = sqlx::query_scalar(
        "SELECT DISTINCT track_id FROM track_features WHERE user_id IS NULL AND track_id = ANY ($1)",
    )
    .bind(&big.tracks)
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let gathered: BTreeSet<String> = big.tracks.iter().filter(|track| !held.contains(*track)).cloned().collect();
    let new_candidates: BTreeSet<String> = ids.intersection(&gathered).cloned().collect();
    assert!(!new_candidates.is_empty(), "tracks the user never held are candidates with a sound");
    let sounded: BTreeSet<String> = known.intersection(&gathered).cloned().collect();
    assert_eq!(new_candidates, sounded, "every one the enrichment found");
    assert!(before.iter().all(|candidate| held.contains(&candidate.track_id)), "before, only the user's tracks");
}
