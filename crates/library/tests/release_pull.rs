//! The scheduled pull of new releases against the sandbox's Beatport, run by a worker as the server runs it: each
//! curated style's current week and the week before become one ingest each with exactly the releases the emulation
//! lists, a second pull of the week adds no track, a rate limit puts the job back for Beatport's time with only
//! whole weeks stored, and users who curate nothing cost no request.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{PROVIDER_USER_AGENT, World, demo_user, unpaced, world};
use crossfade_domain::{Day, STYLES, Style, Week};
use crossfade_enrichment::providers::{Beatport, ProviderHttp};
use crossfade_jobs::{Handlers, Job, JobError, JobInfo, JobResult, JobState, Kinds, Queue, Worker, WorkerConfig};
use crossfade_library::jobs::release_handlers;
use crossfade_library::releases::{
    PULL_RELEASES, match_releases_key, pull_releases_key, request_pull, run_pull, schedule_pull,
};
use crossfade_spotify_sandbox::{Mode, Provider, ProviderKnobs, ProviderSettings, RateBudget};
use crossfade_store::curation::{curate_style, curators};
use secrecy::SecretString;
use sqlx::PgPool;
use time::OffsetDateTime;

/// Time between a user's pulls.
const INTERVAL: Duration = Duration::from_secs(24 * 3600);

fn style(slug: &str) -> Style {
    Style::parse(slug).unwrap()
}

/// Two styles, tech house (genre 11) and techno (peak time / driving, genre 6), in the order the pull reads them.
fn two_styles() -> [Style; 2] {
    let styles = [style("tech-house"), style("techno-peak-time-driving")];
    assert!(STYLES.iter().position(|known| *known == styles[0]) < STYLES.iter().position(|known| *known == styles[1]));
    styles
}

/// A sandbox on the wall clock (the job's clock) without rate limits, with `curating` signed in and curating
/// `styles`, and the queue of the library's database.
async fn curating(pool: &PgPool, styles: &[Style]) -> (World, i64, Queue) {
    let world =
        world(pool.clone(), vec![demo_user("sam", 5, 1), demo_user("kim", 5, 1)], Mode::DevMode2026, unpaced(2)).await;
    world.control.set_provider_settings(ProviderSettings::unlimited());
    let user = world.sign_in("sam").await;
    for style in styles {
        curate_style(pool, user, *style).await.unwrap();
    }
    (world, user, Queue::new(pool.clone()))
}

/// The release feed the server builds, pointed at the sandbox's Beatport with made-up credentials.
fn feed(world: &World) -> Arc<Beatport> {
    let base = world.sandbox.provider_base_url(Provider::Beatport);
    let http = ProviderHttp::new(base, PROVIDER_USER_AGENT, Duration::from_secs(30)).unwrap();
    Arc::new(Beatport::new(http, "crossfade-tests".into(), SecretString::from("s3cret")))
}

/// Requests to the sandbox's Beatport since the counters were last reset.
fn beatport_requests(world: &World) -> u64 {
    world.control.counters().iter().filter(|(route, _)| route.contains(" /beatport/")).map(|(_, count)| count).sum()
}

/// The week the job's clock is in, and the week before, by their Mondays.
fn weeks(world: &World) -> [time::Date; 2] {
    let monday = world.control.beatport_current_week();
    let this_week = Week::containing(Day::parse(&monday.to_string()).unwrap());
    assert_eq!(this_week.monday().to_string(), monday.to_string(), "the sandbox and the job share the wall clock");
    [monday - time::Duration::weeks(1), monday]
}

/// What an ingest of `style`'s week of `monday` is called.
fn source(style: Style, monday: time::Date) -> String {
    format!("{} {}", style.name, Week::parse(&monday.to_string()).unwrap().iso_name())
}

/// One style's week as the emulation lists it: its tracks by identity (the store keeps a row per identity), each
/// with the Beatport ids of its listings.
#[derive(Debug, Default)]
struct Listed {
    tracks: BTreeMap<String, BTreeSet<i64>>,
    listings: usize,
}

/// The weeks of the styles a test pulls, by the name of their ingests.
struct Listings(BTreeMap<String, Listed>);

impl Listings {
    /// `styles`' `weeks` read with a Beatport client of the test's own, as the pull reads them, each checked
    /// against the emulation's ground truth.
    async fn read(world: &World, styles: &[Style], weeks: &[time::Date]) -> Listings {
        let client = feed(world);
        let day = |date: time::Date| Day::parse(&date.to_string()).unwrap();
        let mut listings = BTreeMap::new();
        for style in styles {
            for &monday in weeks {
                let genre = style.beatport_genre_id;
                let read = client.releases(genre, day(monday), day(monday + time::Duration::days(6))).await.unwrap();
                let mut listed = Listed { listings: read.tracks.len(), ..Listed::default() };
                for track in &read.tracks {
                    let id = i64::try_from(track.beatport_id.expect("a Beatport id")).unwrap();
                    listed.tracks.entry(track.identity()).or_default().insert(id);
                }
                let truth = world.control.beatport_week(genre, monday);
                let truth: BTreeSet<i64> =
                    truth.iter().map(|release| i64::try_from(release.track_id).unwrap()).collect();
                assert!(!truth.is_empty(), "{} lists releases in the week of {monday}", style.name);
                assert_eq!(listed.tracks.values().flatten().copied().collect::<BTreeSet<_>>(), truth);
                listings.insert(source(*style, monday), listed);
            }
        }
        Listings(listings)
    }

    fn week(&self, source: &str) -> &Listed {
        &self.0[source]
    }

    /// Asserts that `ingest` brought exactly its week's tracks, each stored with the Beatport id of one of its
    /// listings (in practice its own: the store keeps a track's first Beatport id, so a track another week listed
    /// too could keep that week's).
    fn assert_whole_week(&self, ingest: &Ingest) {
        let week = self.week(&ingest.source);
        let (stored, listed): (Vec<&String>, Vec<&String>) =
            (ingest.tracks.keys().collect(), week.tracks.keys().collect());
        assert_eq!(stored, listed, "{}: exactly the week's tracks", ingest.source);
        assert_eq!((ingest.origin.as_str(), ingest.tracks_read as usize), ("feed", week.tracks.len()), "{ingest:?}");
        for (identity, id) in &ingest.tracks {
            let listed = self.0.values().filter_map(|week| week.tracks.get(identity)).flatten();
            assert!(listed.copied().any(|listed| listed == *id), "{}: {identity} stored as {id}", ingest.source);
        }
    }

    /// The pages of the weeks named, at the 100 listings a page the pull asks for.
    fn pages<'a>(&self, sources: impl IntoIterator<Item = &'a str>) -> u64 {
        sources.into_iter().map(|source| self.week(source).listings.div_ceil(100).max(1) as u64).sum()
    }
}

/// A stored ingest with the tracks it brought (by identity) and their stored Beatport ids.
#[derive(Debug)]
struct Ingest {
    source: String,
    origin: String,
    tracks_read: i32,
    tracks_new: i32,
    tracks: BTreeMap<String, i64>,
}

/// An ingest's row: source, origin, tracks read and new, and its tracks' identities and Beatport ids.
type IngestRow = (String, String, i32, i32, Vec<String>, Vec<Option<i64>>);

async fn ingests(pool: &PgPool, user: i64) -> Vec<Ingest> {
    let rows: Vec<IngestRow> = sqlx::query_as(
        "SELECT i.source, i.origin, i.tracks_read, i.tracks_new,
                ARRAY(SELECT t.identity FROM release_ingest_tracks it
                      JOIN release_tracks t ON t.id = it.release_track_id WHERE it.ingest_id = i.id ORDER BY t.id),
                ARRAY(SELECT t.beatport_id FROM release_ingest_tracks it
                      JOIN release_tracks t ON t.id = it.release_track_id WHERE it.ingest_id = i.id ORDER BY t.id)
         FROM release_ingests i WHERE i.user_id = $1 ORDER BY i.id",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(source, origin, tracks_read, tracks_new, identities, ids)| Ingest {
            source,
            origin,
            tracks_read,
            tracks_new,
            tracks: identities.into_iter().zip(ids.into_iter().map(|id| id.expect("a Beatport id"))).collect(),
        })
        .collect()
}

/// The styles of `user` marked pulled.
async fn pulled_styles(pool: &PgPool, user: i64) -> Vec<(String, OffsetDateTime)> {
    sqlx::query_as(
        "SELECT style, pulled_at FROM curated_styles WHERE user_id = $1 AND pulled_at IS NOT NULL ORDER BY style",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// `user`'s pull jobs in the queue.
async fn pull_jobs(queue: &Queue, user: i64) -> Vec<JobInfo> {
    queue.for_user(user).await.unwrap().into_iter().filter(|job| job.kind == PULL_RELEASES).collect()
}

/// One run of the pull: what it answered, and the ingests stored and styles marked pulled once it ended.
#[derive(Debug)]
struct Run {
    answer: JobResult,
    ingests: usize,
    pulled: usize,
}

/// Runs `handlers` on a worker taking only pulls, until none of `user`'s pulls runs or is due within a few seconds
/// (a pull throttled for a second is waited for, one scheduled for later is not).
async fn run_pulls(pool: &PgPool, queue: &Queue, user: i64, handlers: Handlers) {
    let config = WorkerConfig {
        concurrency: 1,
        poll_interval: Duration::from_millis(50),
        kinds: Kinds::Only(vec![PULL_RELEASES.to_owned()]),
        ..WorkerConfig::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(Worker::new(pool.clone(), handlers, config).run(async move {
        let _ = stopped.await;
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let soon = OffsetDateTime::now_utc() + time::Duration::seconds(5);
        let jobs = pull_jobs(queue, user).await;
        let busy = jobs
            .iter()
            .any(|job| job.state == JobState::Running || (job.state == JobState::Queued && job.run_at <= soon));
        if !busy {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the pulls did not end within 2 minutes: {jobs:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    worker.await.unwrap();
}

/// [`run_pulls`] with the pull's handler wrapped to record each run.
async fn pull_until_idle(world: &World, queue: &Queue, user: i64, feed: &Arc<Beatport>) -> Vec<Run> {
    let runs = Arc::new(Mutex::new(Vec::new()));
    let handler = {
        let (library, queue, feed, runs) = (world.library.clone(), queue.clone(), feed.clone(), runs.clone());
        move |job: Job| {
            let (library, queue, feed, runs) = (library.clone(), queue.clone(), feed.clone(), runs.clone());
            async move {
                let answer = run_pull(&library, &queue, &feed, INTERVAL, job).await;
                let ingests = ingests(&library.pool, user).await.len();
                let pulled = pulled_styles(&library.pool, user).await.len();
                runs.lock().unwrap().push(Run { answer: answer.clone(), ingests, pulled });
                answer
            }
        }
    };
    run_pulls(&world.library.pool, queue, user, Handlers::new().register(PULL_RELEASES, handler)).await;
    let mut runs = runs.lock().unwrap();
    std::mem::take(&mut *runs)
}

/// The ingest named `source`, which must be the only one of that name among `ingests`.
fn only<'a>(ingests: &'a [Ingest], source: &str) -> &'a Ingest {
    let named: Vec<&Ingest> = ingests.iter().filter(|ingest| ingest.source == source).collect();
    let [ingest] = named.as_slice() else { panic!("one ingest of {source}: {ingests:#?}") };
    ingest
}

#[sqlx::test(migrations = "../../migrations")]
async fn each_curated_style_is_pulled_once_per_week_and_a_second_pull_adds_no_tracks(pool: PgPool) {
    let styles = two_styles();
    let (world, user, queue) = curating(&pool, &styles).await;
    let feed = feed(&world);
    let weeks = weeks(&world);
    let listings = Listings::read(&world, &styles, &weeks).await;
    world.control.reset_counters();
    let started = OffsetDateTime::now_utc();

    request_pull(&queue, user).await.unwrap();
    let runs = pull_until_idle(&world, &queue, user, &feed).await;

    assert!(matches!(runs.as_slice(), [Run { answer: Ok(()), .. }]), "{runs:?}");
    let stored = ingests(&pool, user).await;
    assert_eq!(stored.len(), 4, "one ingest per style and week: {stored:#?}");
    let sources: Vec<String> = styles.iter().flat_map(|style| weeks.map(|monday| source(*style, monday))).collect();
    for source in &sources {
        let ingest = only(&stored, source);
        listings.assert_whole_week(ingest);
        println!("{source}: {} tracks, {} new", ingest.tracks_read, ingest.tracks_new);
    }
    let pages = listings.pages(sources.iter().map(String::as_str));
    assert_eq!(beatport_requests(&world), 1 + pages, "a token, then each week's pages once");
    let pulled = pulled_styles(&pool, user).await;
    assert_eq!(pulled.len(), 2, "both styles are marked pulled");
    assert!(pulled.iter().all(|(_, at)| *at >= started - time::Duration::seconds(1)), "{pulled:?}");
    assert!(queue.queued(&match_releases_key(user)).await.unwrap().is_some(), "the new tracks wait for matching");
    let next = queue.queued(&pull_releases_key(user)).await.unwrap().expect("the next pull is scheduled");
    let due_in = next.run_at - OffsetDateTime::now_utc();
    assert!(due_in > time::Duration::hours(23) && due_in <= time::Duration::hours(24), "due in {due_in}");

    // Asking again pulls the scheduled run forward: this week once more, last week no longer.
    world.control.reset_counters();
    assert_eq!(request_pull(&queue, user).await.unwrap(), next.id, "the request collapses into the scheduled pull");
    let runs = pull_until_idle(&world, &queue, user, &feed).await;

    assert!(matches!(runs.as_slice(), [Run { answer: Ok(()), .. }]), "{runs:?}");
    let again = ingests(&pool, user).await;
    assert_eq!(again.len(), 6, "one more ingest per style, of this week: {again:#?}");
    let this_week: Vec<String> = styles.iter().map(|style| source(*style, weeks[1])).collect();
    for (source, ingest) in this_week.iter().zip(&again[4..]) {
        assert_eq!(&ingest.source, source);
        listings.assert_whole_week(ingest);
        assert_eq!(ingest.tracks, only(&stored, source).tracks, "the same tracks as the first time");
        assert_eq!(ingest.tracks_new, 0, "{source}: nothing new the second time");
    }
    let pages = listings.pages(this_week.iter().map(String::as_str));
    assert_eq!(beatport_requests(&world), pages, "this week's pages only, with the token kept");
    assert_eq!(pull_jobs(&queue, user).await.len(), 1, "the next pull is scheduled again");
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_throttled_pull_is_put_back_for_beatports_wait_having_stored_nothing(pool: PgPool) {
    let styles = two_styles();
    let (world, user, queue) = curating(&pool, &styles).await;
    let feed = feed(&world);
    // The next request (the token's) is answered 429 with Retry-After: 1.
    world.control.fail_provider_requests(Provider::Beatport, 1);

    request_pull(&queue, user).await.unwrap();
    let runs = pull_until_idle(&world, &queue, user, &feed).await;

    let [throttled, done] = runs.as_slice() else { panic!("a throttled run, then the run that pulled: {runs:?}") };
    match &throttled.answer {
        Err(JobError::RetryAfter { delay, reason }) => {
            assert_eq!(*delay, Duration::from_secs(1), "Beatport's wait");
            assert!(reason.contains("rate limit"), "{reason}");
        }
        other => panic!("the throttled run is put back for Beatport's wait, not {other:?}"),
    }
    assert_eq!((throttled.ingests, throttled.pulled), (0, 0), "nothing stored, no style marked pulled");
    assert!(done.answer.is_ok(), "{done:?}");
    assert_eq!((done.ingests, done.pulled), (4, 2));
    assert_eq!(world.control.pending_provider_failures(Provider::Beatport), 0);
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_rate_limit_in_the_middle_of_a_style_keeps_the_weeks_read_whole_and_the_style_not_pulled(pool: PgPool) {
    let styles = two_styles();
    let (world, user, queue) = curating(&pool, &styles).await;
    let feed = feed(&world);
    let weeks = weeks(&world);
    let listings = Listings::read(&world, &styles, &weeks).await;
    world.control.reset_counters();
    // Beatport admits the token and the pages of the first style's last week, then asks for an hour's wait when its
    // this week is read.
    let first_week = source(styles[0], weeks[0]);
    let admitted = 1 + u32::try_from(listings.pages([first_week.as_str()])).unwrap();
    let limited = ProviderKnobs { rate_budget: Some(RateBudget { requests: admitted, per_secs: 3600 }), delay_ms: 0 };
    world.control.set_provider_settings(ProviderSettings { beatport: limited, ..ProviderSettings::unlimited() });

    request_pull(&queue, user).await.unwrap();
    let runs = pull_until_idle(&world, &queue, user, &feed).await;

    let [throttled] = runs.as_slice() else { panic!("one run, stopped by the limit: {runs:?}") };
    let Err(JobError::RetryAfter { delay, .. }) = &throttled.answer else { panic!("{throttled:?}") };
    assert!(*delay > Duration::from_secs(55 * 60), "Beatport's wait: {delay:?}");
    let jobs = pull_jobs(&queue, user).await;
    let [job] = jobs.as_slice() else { panic!("one pull waits: {jobs:#?}") };
    assert_eq!((job.state, job.attempts), (JobState::Queued, 0), "a rate limit does not use up an attempt");
    assert!(job.run_at - OffsetDateTime::now_utc() > time::Duration::minutes(55), "due at {}", job.run_at);
    let stored = ingests(&pool, user).await;
    let [ingest] = stored.as_slice() else { panic!("only the week read whole is stored: {stored:#?}") };
    assert_eq!(ingest.source, first_week);
    listings.assert_whole_week(ingest);
    assert!(pulled_styles(&pool, user).await.is_empty(), "a style is marked pulled only once all its weeks are");
    assert_eq!(beatport_requests(&world), u64::from(admitted) + 1, "the second style was not asked for");
    assert!(queue.queued(&match_releases_key(user)).await.unwrap().is_some(), "what was stored waits for matching");

    // The limit is over; a request pulls the waiting job forward and it reads what it had not.
    world.control.set_provider_settings(ProviderSettings::unlimited());
    assert_eq!(request_pull(&queue, user).await.unwrap(), job.id, "the request collapses into the waiting pull");
    let runs = pull_until_idle(&world, &queue, user, &feed).await;

    assert!(matches!(runs.as_slice(), [Run { answer: Ok(()), ingests: 5, pulled: 2 }]), "{runs:?}");
    let stored = ingests(&pool, user).await;
    let first_week_reads = stored.iter().filter(|ingest| ingest.source == first_week).count();
    assert_eq!(first_week_reads, 2, "the week of the style not marked pulled is read again");
    for ingest in &stored {
        listings.assert_whole_week(ingest);
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn only_users_who_curate_a_style_are_pulled_and_scheduled(pool: PgPool) {
    let (world, idle, queue) = curating(&pool, &[]).await;
    let curator = world.sign_in("kim").await;
    curate_style(&pool, curator, style("house")).await.unwrap();
    world.control.reset_counters();
    let handlers =
        |feed: Arc<Beatport>| release_handlers(world.library.clone(), queue.clone(), Some(feed), INTERVAL, None);

    // A pull asked for a user who curates nothing, run by the server's own handlers, asks Beatport nothing and
    // leaves no schedule behind.
    request_pull(&queue, idle).await.unwrap();
    run_pulls(&pool, &queue, idle, handlers(feed(&world))).await;

    assert_eq!(beatport_requests(&world), 0);
    assert!(ingests(&pool, idle).await.is_empty());
    assert!(pull_jobs(&queue, idle).await.is_empty(), "done, and nothing scheduled");
    assert!(queue.queued(&match_releases_key(idle)).await.unwrap().is_none());

    // Start-up schedules the curators only, a style never pulled at once.
    let listed = curators(&pool).await.unwrap();
    assert_eq!(listed.iter().map(|listed| (listed.user_id, listed.oldest_pull)).collect::<Vec<_>>(), [(curator, None)]);
    let before = OffsetDateTime::now_utc();
    schedule_pull(&queue, curator, None, INTERVAL).await.unwrap();
    let scheduled = queue.queued(&pull_releases_key(curator)).await.unwrap().expect("the curator's pull is queued");
    assert!(scheduled.run_at <= before + time::Duration::seconds(1), "due at once: {}", scheduled.run_at);
}
