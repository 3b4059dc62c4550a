//! The scheduled chart fetch against the sandbox's emulations of the chart services, run by a worker as the server
//! runs it: every source of a genre is fetched and merged, Deezer's entries carry the ISRCs read from its track
//! reads (each read once), each source's next fetch is scheduled; a Spotify chart's tracks are read afterwards for
//! their ISRCs (each once) and its entries tied again by them; a throttled fetch comes back at the service's
//! time, a failing one is retried and kept with its words, an answer the readers refuse stores nothing; and the
//! daily play count finds charted recordings on YouTube and SoundCloud and stores their counts.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{PROVIDER_USER_AGENT, World, demo_user, unpaced, world};
use crossfade_domain::{ChartOrder, ChartService, RankingMethod};
use crossfade_enrichment::providers::{Beatport, ChartFeeds, Deezer, ProviderHttp, SoundCloud, YouTube};
use crossfade_jobs::{Handlers, JobState, Kinds, Queue, Worker, WorkerConfig};
use crossfade_library::charts::{
    COUNT_PLAYS, FETCH_CHART, LOOK_UP_CHART_ISRCS, PlayCounters, fetch_chart_key, schedule_chart_fetches,
    schedule_play_counts,
};
use crossfade_library::jobs::with_chart_handlers;
use crossfade_library::{Gate, Pacing};
use crossfade_spotify_sandbox::{Mode, Provider, ProviderSettings};
use crossfade_store::charts::{FetchOutcome, charts_version, latest_fetches, merged_chart};
use secrecy::SecretString;
use sqlx::PgPool;
use time::OffsetDateTime;

/// Time between two fetches of a source.
const INTERVAL: Duration = Duration::from_secs(24 * 3600);

/// The pop genre's sources, as the installation's defaults name them.
const POP: [ChartService; 6] = [
    ChartService::Spotify,
    ChartService::AppleMusic,
    ChartService::Billboard,
    ChartService::Deezer,
    ChartService::LastFm,
    ChartService::Shazam,
];

/// Makes `genre_code`'s chart of `service` the only source fetched and its fetch due now: the queued one (scheduled
/// after the last fetch) or a new one.
async fn fetch_now(world: &World, pool: &PgPool, genre_code: &str, service: ChartService) {
    sqlx::query("UPDATE chart_sources SET fetched = (genre_code = $1 AND service = $2)")
        .bind(genre_code)
        .bind(service.code())
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET run_at = now() WHERE dedupe_key = $1 AND state = 'queued'")
        .bind(fetch_chart_key(genre_code, service))
        .execute(pool)
        .await
        .unwrap();
    schedule_chart_fetches(pool, &Queue::new(pool.clone()), &feeds(world), INTERVAL).await.unwrap();
}

/// A sandbox without rate limits, and only the pop genre's sources fetched.
async fn setting(pool: &PgPool) -> (World, Queue) {
    let world = world(pool.clone(), vec![demo_user("sam", 5, 1)], Mode::DevMode2026, unpaced(2)).await;
    world.control.set_provider_settings(ProviderSettings::unlimited());
    sqlx::query("UPDATE chart_sources SET fetched = (genre_code = 'pop')").execute(pool).await.unwrap();
    (world, Queue::new(pool.clone()))
}

fn http(world: &World, provider: Provider) -> ProviderHttp {
    ProviderHttp::new(world.sandbox.provider_base_url(provider), PROVIDER_USER_AGENT, Duration::from_secs(30)).unwrap()
}

/// Every chart service pointed at its emulation, as the server builds them in demo mode.
fn feeds(world: &World) -> ChartFeeds {
    let beatport = Beatport::new(http(world, Provider::Beatport), "crossfade-tests".into(), SecretString::from("s"));
    ChartFeeds {
        spotify: Some(http(world, Provider::SpotifyCharts)),
        apple_music: Some(http(world, Provider::AppleMusic)),
        billboard: Some(http(world, Provider::Billboard)),
        deezer: Some(Deezer::new(http(world, Provider::Deezer))),
        beatport: Some(Arc::new(beatport)),
        lastfm: Some((http(world, Provider::LastFm), SecretString::from("0123456789abcdef0123456789abcdef"))),
        shazam: Some(http(world, Provider::Shazam)),
    }
}

fn counters(world: &World) -> PlayCounters {
    PlayCounters {
        youtube: Some(YouTube::new(http(world, Provider::YouTube), SecretString::from("tests-key"))),
        soundcloud: Some((
            SoundCloud::new(http(world, Provider::SoundCloud), "crossfade-tests".into(), SecretString::from("s3cret")),
            Gate::new(unpaced(2)),
        )),
        searches_per_day: 400,
    }
}

/// Runs the chart jobs on a worker until none runs or is due within a few seconds (the pauses between a chart's ISRC
/// reads brought forward).
async fn run_until_idle(world: &World, queue: &Queue, feeds: ChartFeeds, counters: PlayCounters) {
    let deezer_gate = Gate::new(Pacing { concurrency: 4, per_window: None, window: Duration::from_secs(5) });
    let handlers = with_chart_handlers(
        Handlers::new(),
        world.library.clone(),
        queue.clone(),
        Arc::new(feeds),
        deezer_gate,
        Arc::new(counters),
        INTERVAL,
    );
    let config = WorkerConfig {
        concurrency: 2,
        poll_interval: Duration::from_millis(50),
        kinds: Kinds::Only(vec![FETCH_CHART.to_owned(), COUNT_PLAYS.to_owned(), LOOK_UP_CHART_ISRCS.to_owned()]),
        ..WorkerConfig::default()
    };
    let pool = world.library.pool.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(Worker::new(pool.clone(), handlers, config).run(async move {
        let _ = stopped.await;
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
    loop {
        // A chart's ISRC reads pause between runs: the test does not wait them out.
        sqlx::query("UPDATE jobs SET run_at = now() WHERE kind = 'look_up_chart_isrcs' AND state = 'queued'")
            .execute(&pool)
            .await
            .unwrap();
        let soon = OffsetDateTime::now_utc() + time::Duration::seconds(5);
        let busy: Vec<(String, String, OffsetDateTime)> = sqlx::query_as(
            "SELECT kind, state, run_at FROM jobs WHERE kind IN ('fetch_chart', 'count_plays', 'look_up_chart_isrcs')
               AND (state = 'running' OR (state = 'queued' AND run_at <= $1))",
        )
        .bind(soon)
        .fetch_all(&pool)
        .await
        .unwrap();
        if busy.is_empty() {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the chart jobs did not end within 3 minutes: {busy:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    worker.await.unwrap();
}

/// Requests the sandbox counted on the route `route` (e.g. `GET /deezer/track/{id}`).
fn requests(world: &World, route: &str) -> u64 {
    world.control.counters().iter().filter(|(counted, _)| counted.as_str() == route).map(|(_, count)| count).sum()
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrations = "../../migrations")]
async fn every_source_of_a_genre_is_fetched_merged_and_scheduled_again(pool: PgPool) {
    let (world, queue) = setting(&pool).await;
    let version = charts_version(&pool).await.unwrap();

    let scheduled = schedule_chart_fetches(&pool, &queue, &feeds(&world), INTERVAL).await.unwrap();
    assert_eq!(scheduled, POP.len(), "one fetch per source of pop");
    run_until_idle(&world, &queue, feeds(&world), PlayCounters::default()).await;

    let fetches = latest_fetches(&pool, "pop").await.unwrap();
    assert_eq!(fetches.len(), POP.len(), "{fetches:#?}");
    for fetch in &fetches {
        let FetchOutcome::Stored { entries, matched, new_recordings, unmatched, .. } = fetch.outcome else {
            panic!("{} stored its chart: {fetch:?}", fetch.service.code())
        };
        assert!(entries >= 10 && matched + new_recordings + unmatched == entries, "{fetch:?}");
        println!(
            "{}: {entries} entries, {matched} matched, {new_recordings} new, {unmatched} unmatched",
            fetch.service.code()
        );
    }
    assert!(charts_version(&pool).await.unwrap() > version);

    // One chart per service, merged: tracks several services chart meet on one row.
    let merged =
        merged_chart(&pool, "pop", None, RankingMethod::default(), ChartOrder::Ranking).await.unwrap().unwrap();
    let services: Vec<ChartService> = merged.sources.iter().map(|source| source.service).collect();
    assert_eq!(services.len(), POP.len(), "{services:?}");
    let widest = merged.rows.iter().map(|row| row.placings.len()).max().unwrap();
    assert!(widest >= 4, "a track on four services or more is one row (widest: {widest})");
    assert!(merged.rows.iter().any(|row| row.recording_id.is_some() && row.placings.len() >= 2));

    // Deezer's chart items carry no ISRC: each track's was read once, and the entry's recording carries it.
    let looked_up = scalar(
        &pool,
        "SELECT count(*) FROM chart_entries e JOIN charts c ON c.id = e.chart_id
         JOIN service_track_isrcs s ON s.service = 'deezer' AND s.service_id = e.service_id
         JOIN recording_isrcs i ON i.isrc = s.isrc AND i.recording_id = e.recording_id
         WHERE c.service = 'deezer'",
    )
    .await;
    let deezer_entries = scalar(
        &pool,
        "SELECT count(*) FROM chart_entries e JOIN charts c ON c.id = e.chart_id WHERE c.service = 'deezer'",
    )
    .await;
    let remembered = scalar(&pool, "SELECT count(*) FROM service_track_isrcs WHERE service = 'deezer'").await;
    assert_eq!(remembered, deezer_entries, "every Deezer track was asked once");
    assert!(looked_up * 10 >= deezer_entries * 9, "Deezer entries tied to their looked-up ISRC: {looked_up}");

    // Each source's next fetch waits a day.
    for service in POP {
        let next = queue.queued(&fetch_chart_key("pop", service)).await.unwrap().expect("the next fetch is queued");
        let due_in = next.run_at - OffsetDateTime::now_utc();
        assert!(due_in > time::Duration::hours(23), "{}: due in {due_in}", service.code());
    }

    // Fetched again, Deezer's tracks are not read again.
    world.control.reset_counters();
    fetch_now(&world, &pool, "pop", ChartService::Deezer).await;
    run_until_idle(&world, &queue, feeds(&world), PlayCounters::default()).await;
    assert_eq!(requests(&world, "GET /deezer/chart/{genre_id}/tracks"), 1);
    assert_eq!(requests(&world, "GET /deezer/track/{id}"), 0, "the ISRCs read before are remembered");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_spotify_charts_tracks_are_read_once_for_their_isrcs_and_its_entries_tied_by_them(pool: PgPool) {
    let (world, queue) = setting(&pool).await;
    // A connected user, whose token reads the catalog; the library's mirror is empty, so no chart track is known.
    world.sign_in("sam").await;

    fetch_now(&world, &pool, "pop", ChartService::Spotify).await;
    run_until_idle(&world, &queue, feeds(&world), PlayCounters::default()).await;

    let ids = scalar(
        &pool,
        "SELECT count(DISTINCT e.service_id) FROM chart_entries e JOIN charts c ON c.id = e.chart_id
         WHERE c.service = 'spotify'",
    )
    .await;
    let reads = requests(&world, "GET /v1/tracks/{id}");
    assert!(ids >= 50, "a chart of the sandbox: {ids} tracks");
    assert_eq!(reads as i64, ids, "each of the chart's tracks read once");
    let remembered = scalar(&pool, "SELECT count(*) FROM service_track_isrcs WHERE service = 'spotify'").await;
    assert_eq!(remembered, ids);
    let by_isrc = scalar(
        &pool,
        "SELECT count(*) FROM chart_entries e JOIN charts c ON c.id = e.chart_id
         JOIN service_track_isrcs s ON s.service = 'spotify' AND s.service_id = e.service_id
         JOIN recording_isrcs i ON i.isrc = s.isrc AND i.recording_id = e.recording_id
         WHERE c.service = 'spotify' AND e.match_method = 'isrc-lookup'",
    )
    .await;
    println!("spotify: {ids} tracks read, {by_isrc} entries tied by the ISRC read");
    assert!(by_isrc * 10 >= ids * 9, "entries tied again by their ISRCs: {by_isrc} of {ids}");

    // Fetched again (the same day's chart, replaced), it is tied by the ISRCs read before; nothing is read again.
    world.control.reset_counters();
    fetch_now(&world, &pool, "pop", ChartService::Spotify).await;
    run_until_idle(&world, &queue, feeds(&world), PlayCounters::default()).await;
    assert_eq!(requests(&world, "GET /v1/tracks/{id}"), 0);
    let tied_at_once = scalar(
        &pool,
        "SELECT count(*) FROM chart_entries e JOIN charts c ON c.id = e.chart_id
         WHERE c.service = 'spotify' AND e.match_method = 'isrc-lookup'",
    )
    .await;
    assert_eq!(tied_at_once, by_isrc);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_throttled_fetch_comes_back_at_the_services_time_and_stores_its_chart_then(pool: PgPool) {
    let (world, queue) = setting(&pool).await;
    world.control.fail_provider_requests(Provider::AppleMusic, 1);

    fetch_now(&world, &pool, "pop", ChartService::AppleMusic).await;
    run_until_idle(&world, &queue, feeds(&world), PlayCounters::default()).await;

    let outcomes: Vec<Option<String>> =
        sqlx::query_scalar("SELECT failure FROM chart_fetches ORDER BY id").fetch_all(&pool).await.unwrap();
    let [Some(throttled), None] = outcomes.as_slice() else {
        panic!("a throttled fetch, then a stored one: {outcomes:?}")
    };
    assert!(throttled.contains("apple-music"), "the failure names the service: {throttled}");
    assert_eq!(scalar(&pool, "SELECT count(*) FROM charts WHERE service = 'apple-music'").await, 1);
    let jobs = queue.queued(&fetch_chart_key("pop", ChartService::AppleMusic)).await.unwrap().unwrap();
    assert_eq!((jobs.state, jobs.attempts), (JobState::Queued, 0), "the throttled attempt was given back");
}

#[sqlx::test(migrations = "../../migrations")]
async fn an_answer_the_readers_refuse_stores_nothing_and_says_why(pool: PgPool) {
    let (world, queue) = setting(&pool).await;
    // A Billboard that sends half a file.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await;
            let body = "{\"date\":\"2026-12-05\",\"data\":[\n{\"song\":\"Night Drive\",\"artist\":\"Ann";
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    let mut broken = feeds(&world);
    broken.billboard =
        Some(ProviderHttp::new(url::Url::parse(&base).unwrap(), PROVIDER_USER_AGENT, Duration::from_secs(5)).unwrap());
    fetch_now(&world, &pool, "pop", ChartService::Billboard).await;
    sqlx::query("UPDATE jobs SET max_attempts = 1 WHERE kind = 'fetch_chart'").execute(&pool).await.unwrap();
    run_until_idle(&world, &queue, broken, PlayCounters::default()).await;

    let failure: String = sqlx::query_scalar("SELECT failure FROM chart_fetches").fetch_one(&pool).await.unwrap();
    assert!(failure.contains("line 2"), "the refusal names the line: {failure}");
    assert_eq!(scalar(&pool, "SELECT count(*) FROM charts").await, 0, "nothing of it was stored");
    let next = queue.queued(&fetch_chart_key("pop", ChartService::Billboard)).await.unwrap();
    let next = next.expect("after its last attempt the source waits for its next fetch");
    assert!(next.run_at - OffsetDateTime::now_utc() > time::Duration::hours(23));
}

#[sqlx::test(migrations = "../../migrations")]
async fn charted_recordings_are_found_once_and_their_plays_counted_daily(pool: PgPool) {
    let (world, queue) = setting(&pool).await;
    sqlx::query("UPDATE chart_sources SET fetched = (genre_code = 'pop' AND service = 'deezer')")
        .execute(&pool)
        .await
        .unwrap();
    schedule_chart_fetches(&pool, &queue, &feeds(&world), INTERVAL).await.unwrap();
    run_until_idle(&world, &queue, feeds(&world), PlayCounters::default()).await;
    let recordings =
        scalar(&pool, "SELECT count(DISTINCT recording_id) FROM chart_entries WHERE recording_id IS NOT NULL").await;

    schedule_play_counts(&queue, &counters(&world)).await.unwrap();
    run_until_idle(&world, &queue, feeds(&world), counters(&world)).await;

    for service in ["youtube", "soundcloud"] {
        let searched =
            scalar(&pool, &format!("SELECT count(*) FROM recording_links WHERE service = '{service}'")).await;
        let found = scalar(
            &pool,
            &format!("SELECT count(*) FROM recording_links WHERE service = '{service}' AND external_id IS NOT NULL"),
        )
        .await;
        let counted =
            scalar(&pool, &format!("SELECT count(*) FROM recording_counts WHERE service = '{service}'")).await;
        println!("{service}: {searched} searched, {found} found, {counted} counted of {recordings} recordings");
        assert_eq!(searched, recordings, "{service}: every charted recording was searched for");
        assert!(found > 0 && counted == found, "{service}: each recording found has its count");
    }
    let next = queue.queued("count-plays").await.unwrap().expect("the next count is scheduled");
    assert!(next.run_at - OffsetDateTime::now_utc() > time::Duration::hours(23));

    // The next day's run searches nothing again and reads every count.
    world.control.reset_counters();
    sqlx::query("UPDATE jobs SET run_at = now() WHERE kind = 'count_plays'").execute(&pool).await.unwrap();
    run_until_idle(&world, &queue, feeds(&world), counters(&world)).await;
    assert_eq!(requests(&world, "GET /youtube/youtube/v3/search"), 0, "found once");
    assert_eq!(requests(&world, "GET /soundcloud/tracks"), 0, "found once");
    assert!(requests(&world, "GET /youtube/youtube/v3/videos") >= 1);
    assert!(requests(&world, "GET /soundcloud/tracks/{id}") >= 1);
}
