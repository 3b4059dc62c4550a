//! Matching new releases to Spotify against the sandbox's ground truth: a week of Beatport releases read with the
//! Beatport client (as the scheduled pull reads it), stored, matched by the background job on a worker of its own,
//! and compared release by release with what the emulation says each one is. A rate limit in the middle of the
//! matching reschedules the job to Spotify's time, keeps what was settled and searches nothing twice.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{PROVIDER_USER_AGENT, World, demo_user, unpaced, world_at};
use crossfade_domain::{Day, FeedRead};
use crossfade_enrichment::providers::{Beatport, ProviderHttp};
use crossfade_jobs::{Handlers, Job, JobInfo, JobState, Kinds, Queue, Worker, WorkerConfig};
use crossfade_library::releases::{MATCH_RELEASES, match_releases_key, request_matching, run_matching};
use crossfade_spotify_sandbox::{BeatportRelease, BeatportReleaseKind, Mode, Provider};
use crossfade_store::releases::{IngestOrigin, IngestReport, IngestSummary, ingest_reports, record_ingest};
use secrecy::SecretString;
use sqlx::PgPool;
use time::OffsetDateTime;

/// Every genre the emulation serves (tech house, house, techno, melodic house & techno, drum & bass, afro house,
/// mainstage, dance / pop): a whole week, so each kind of release comes often enough for its rate to mean something.
const GENRES: [u32; 8] = [11, 5, 6, 90, 1, 89, 96, 39];

/// The search route as the sandbox counts it.
const SEARCH: &str = "GET /v1/search";

/// Tracks one matching run settles before it hands over (the job's bound).
const TRACKS_PER_RUN: i64 = 100;

/// The sandbox clock's start, Wednesday 2026-12-02 12:00 UTC, so the week of releases (Monday 2026-11-30 to Sunday
/// 2026-12-06) and so every figure below is the same on every run.
fn wednesday() -> OffsetDateTime {
    time::Date::from_calendar_date(2026, time::Month::December, 2)
        .and_then(|date| date.with_hms(12, 0, 0))
        .expect("a valid instant")
        .assume_utc()
}

/// A sandbox on [`wednesday`] with a signed-in demo user, and the queue of the library's database.
async fn signed_in(pool: &PgPool) -> (World, i64, Queue) {
    let world =
        world_at(pool.clone(), vec![demo_user("sam", 20, 2)], Mode::DevMode2026, unpaced(4), Some(wednesday())).await;
    let user = world.sign_in("sam").await;
    (world, user, Queue::new(pool.clone()))
}

/// The Beatport client the scheduled pull uses, pointed at the sandbox's emulation.
fn beatport(world: &World) -> Beatport {
    let base = world.sandbox.provider_base_url(Provider::Beatport);
    let http = ProviderHttp::new(base, PROVIDER_USER_AGENT, Duration::from_secs(30)).unwrap();
    Beatport::new(http, "crossfade-tests".into(), SecretString::from("s3cret"))
}

/// One genre's week as read and stored for `user`.
struct Ingested {
    genre: u32,
    read: FeedRead,
    summary: IngestSummary,
}

/// Reads each of `genres`' current week with the Beatport client and stores it as the scheduled pull would (one
/// ingest per genre), queueing the matching after each as an ingest does.
async fn ingest_weeks(world: &World, queue: &Queue, user: i64, genres: &[u32]) -> Vec<Ingested> {
    let monday = world.control.beatport_current_week();
    let sunday = monday + time::Duration::days(6);
    let day = |date: time::Date| Day::parse(&date.to_string()).unwrap();
    let client = beatport(world);
    let mut ingested = Vec::new();
    for &genre in genres {
        let read = client.releases(genre, day(monday), day(sunday)).await.unwrap();
        assert_eq!(read.bad_rows_total, 0, "genre {genre}: {:?}", read.bad_rows);
        let source = format!("Beatport genre {genre}, week of {monday}");
        let summary = record_ingest(&world.library.pool, user, IngestOrigin::Feed, &source, &read).await.unwrap();
        request_matching(queue, user).await.unwrap();
        ingested.push(Ingested { genre, read, summary });
    }
    ingested
}

/// One matching run as the handler saw it: tracks pending (for every user) before and after it.
#[derive(Clone, Copy, Debug)]
struct Run {
    pending_before: i64,
    pending_after: i64,
}

async fn pending_count(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM release_tracks WHERE match_state = 'pending'")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The user's matching jobs still in the queue.
async fn matching_jobs(queue: &Queue, user: i64) -> Vec<JobInfo> {
    queue.for_user(user).await.unwrap().into_iter().filter(|job| job.kind == MATCH_RELEASES).collect()
}

/// Runs the queued matching on a worker of its own, as the server runs it, until none of the user's matching jobs
/// is running or due; answers the runs it made.
async fn match_until_idle(world: &World, queue: &Queue, user: i64) -> Vec<Run> {
    let runs = Arc::new(Mutex::new(Vec::new()));
    let handler = {
        let (library, queue, runs) = (world.library.clone(), queue.clone(), runs.clone());
        move |job: Job| {
            let (library, queue, runs) = (library.clone(), queue.clone(), runs.clone());
            async move {
                let pending_before = pending_count(&library.pool).await;
                let answer = run_matching(&library, &queue, job).await;
                let pending_after = pending_count(&library.pool).await;
                runs.lock().unwrap().push(Run { pending_before, pending_after });
                answer
            }
        }
    };
    let handlers = Handlers::new().register(MATCH_RELEASES, handler);
    let config = WorkerConfig {
        concurrency: 1,
        poll_interval: Duration::from_millis(50),
        kinds: Kinds::Only(vec![MATCH_RELEASES.to_owned()]),
        ..WorkerConfig::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(Worker::new(world.library.pool.clone(), handlers, config).run(async move {
        let _ = stopped.await;
    }));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(600);
    loop {
        let now = OffsetDateTime::now_utc();
        let jobs = matching_jobs(queue, user).await;
        let busy = jobs
            .iter()
            .any(|job| job.state == JobState::Running || (job.state == JobState::Queued && job.run_at <= now));
        if !busy {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the matching did not end within 10 minutes: {jobs:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    worker.await.unwrap();
    runs.lock().unwrap().clone()
}

/// A stored release track as the comparison reads it.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: i64,
    beatport_id: Option<i64>,
    identity: String,
    isrc: Option<String>,
    state: String,
    method: Option<String>,
    confidence: Option<f32>,
    spotify_track_id: Option<String>,
    matched_at: Option<OffsetDateTime>,
}

type RowTuple = (
    i64,
    Option<i64>,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<f32>,
    Option<String>,
    Option<OffsetDateTime>,
);

async fn rows(pool: &PgPool) -> Vec<Row> {
    let tuples: Vec<RowTuple> = sqlx::query_as(
        "SELECT id, beatport_id, identity, isrc, match_state, match_method, match_confidence, spotify_track_id,
                matched_at
         FROM release_tracks ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    tuples
        .into_iter()
        .map(|(id, beatport_id, identity, isrc, state, method, confidence, spotify_track_id, matched_at)| Row {
            id,
            beatport_id,
            identity,
            isrc,
            state,
            method,
            confidence,
            spotify_track_id,
            matched_at,
        })
        .collect()
}

/// The Spotify searches matching a stored track costs: one by ISRC when it has one, and one by title and artist
/// unless the ISRC found it.
fn searches_for(row: &Row) -> u64 {
    let by_isrc = u64::from(row.isrc.is_some());
    if row.method.as_deref() == Some("isrc") { by_isrc } else { by_isrc + 1 }
}

/// One release of the week, with the truth about it and the stored track it became.
struct Judged<'a> {
    truth: &'a BeatportRelease,
    row: &'a Row,
    /// Whether the stored track carries this release's Beatport id, rather than another listing's of the same
    /// identity (artists, title and mix) stored first.
    own_row: bool,
    /// The Spotify track of the release this is an extra version of (extra versions only).
    original: Option<String>,
}

impl Judged<'_> {
    fn found(&self) -> Option<&str> {
        matches!(self.row.state.as_str(), "matched" | "review")
            .then_some(self.row.spotify_track_id.as_deref())
            .flatten()
    }

    fn right(&self) -> bool {
        self.truth.spotify_track_id.is_some() && self.found() == self.truth.spotify_track_id.as_deref()
    }

    fn matched_by(&self, method: &str) -> bool {
        self.row.state == "matched" && self.row.method.as_deref() == Some(method)
    }
}

/// The figures of one kind of release.
#[derive(Default, Debug)]
struct Tally {
    listed: usize,
    matched_isrc: usize,
    matched_fuzzy: usize,
    review: usize,
    unmatched: usize,
    /// Matched or proposed to the truth's track.
    right: usize,
    /// Matched (not proposed) to another track than the truth's.
    matched_wrong: usize,
    /// Proposed for review with the original's track (extra versions).
    review_original: usize,
}

impl Tally {
    fn add(&mut self, judged: &Judged<'_>) {
        self.listed += 1;
        match (judged.row.state.as_str(), judged.row.method.as_deref()) {
            ("matched", Some("isrc")) => self.matched_isrc += 1,
            ("matched", _) => self.matched_fuzzy += 1,
            ("review", _) => self.review += 1,
            _ => self.unmatched += 1,
        }
        if judged.right() {
            self.right += 1;
        }
        if judged.row.state == "matched" && !judged.right() {
            self.matched_wrong += 1;
        }
        if judged.row.state == "review" && judged.original.is_some() && judged.found() == judged.original.as_deref() {
            self.review_original += 1;
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 }
}

/// The identity of a track without its mix: what an extra version shares with its original.
fn without_mix(identity: &str) -> &str {
    identity.rsplit_once('|').map_or(identity, |(rest, _)| rest)
}

#[sqlx::test(migrations = "../../migrations")]
async fn a_weeks_releases_match_by_method_as_the_ground_truth_says(pool: PgPool) {
    let (world, user, queue) = signed_in(&pool).await;
    let monday = world.control.beatport_current_week();
    let ingested = ingest_weeks(&world, &queue, user, &GENRES).await;
    let truth: Vec<BeatportRelease> =
        GENRES.iter().flat_map(|genre| world.control.beatport_week(*genre, monday)).collect();
    world.control.reset_counters();

    let runs = match_until_idle(&world, &queue, user).await;

    // The job ran to the end in bounded runs, each settling at most its share and queueing the next while any
    // was left.
    let jobs = matching_jobs(&queue, user).await;
    assert!(jobs.is_empty(), "no matching job is left over: {jobs:#?}");
    let rows = rows(&pool).await;
    assert!(rows.iter().all(|row| row.state != "pending"), "every track was looked for");
    let stored = rows.len() as i64;
    assert_eq!(runs.len() as i64, (stored + TRACKS_PER_RUN - 1) / TRACKS_PER_RUN, "runs: {runs:?}");
    for run in &runs {
        assert_eq!(run.pending_before - run.pending_after, run.pending_before.min(TRACKS_PER_RUN), "runs: {runs:?}");
    }
    let searches: u64 = rows.iter().map(searches_for).sum();
    assert_eq!(world.control.counters().get(SEARCH).copied().unwrap_or(0), searches, "each track searched once");

    // Every release the emulation lists was read, and each became a stored track (one per identity).
    let row_of_identity: HashMap<&str, &Row> = rows.iter().map(|row| (row.identity.as_str(), row)).collect();
    let mut identity_of: HashMap<u64, String> = HashMap::new();
    for ingest in &ingested {
        for track in &ingest.read.tracks {
            identity_of.insert(track.beatport_id.expect("a Beatport id"), track.identity());
        }
    }
    let truth_ids: HashSet<u64> = truth.iter().map(|release| release.track_id).collect();
    let read_ids: HashSet<u64> = identity_of.keys().copied().collect();
    assert_eq!(read_ids, truth_ids, "the client reads exactly the week the emulation lists");
    let original_of: HashMap<&str, &str> = truth
        .iter()
        .filter(|release| release.kind != BeatportReleaseKind::ExtraVersion)
        .filter_map(|release| {
            let spotify = release.spotify_track_id.as_deref()?;
            Some((without_mix(&identity_of[&release.track_id]), spotify))
        })
        .collect();
    let judged: Vec<Judged<'_>> = truth
        .iter()
        .map(|release| {
            let identity = &identity_of[&release.track_id];
            let row = row_of_identity[identity.as_str()];
            let original = (release.kind == BeatportReleaseKind::ExtraVersion)
                .then(|| original_of.get(without_mix(identity)).map(|id| (*id).to_owned()))
                .flatten();
            Judged { truth: release, row, own_row: row.beatport_id == i64::try_from(release.track_id).ok(), original }
        })
        .collect();

    // The figures, per kind, over the releases whose own listing made the stored track.
    let mut tallies: BTreeMap<BeatportReleaseKind, Tally> = BTreeMap::new();
    for judged in judged.iter().filter(|judged| judged.own_row) {
        tallies.entry(judged.truth.kind).or_default().add(judged);
    }
    let shared: Vec<&Judged<'_>> = judged.iter().filter(|judged| !judged.own_row).collect();
    println!(
        "\nOne week of Beatport releases ({} genres, week of {monday}) matched to the sandbox's Spotify:\n",
        GENRES.len()
    );
    println!(
        "| kind | listed | matched by ISRC | matched by title and artist | review | unmatched | to the truth's track | \
         matched to another track |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    for (kind, tally) in &tallies {
        println!(
            "| {kind:?} | {} | {} | {} | {} | {} | {} ({:.0} %) | {} |",
            tally.listed,
            tally.matched_isrc,
            tally.matched_fuzzy,
            tally.review,
            tally.unmatched,
            tally.right,
            percent(tally.right, tally.listed),
            tally.matched_wrong,
        );
    }
    let extra = tallies.get(&BeatportReleaseKind::ExtraVersion);
    println!(
        "\nExtra versions proposed for review with their original's track: {}.",
        extra.map_or(0, |tally| tally.review_original)
    );

    // Releases stored under another listing's track: the store keeps one track per identity (artists, title and
    // mix), so a second listing of the same identity adds nothing of its own, not even when it is another
    // recording (another ISRC, album and length). They are left out of the figures above.
    let catalog = world.control.catalog();
    let describe = |spotify_id: Option<&str>| {
        let Some(track) = spotify_id.and_then(|id| catalog.track_index(id)).map(|index| &catalog.tracks[index]) else {
            return format!("{spotify_id:?}");
        };
        let album = &catalog.albums[track.album];
        format!(
            "{} \"{}\" on \"{}\" ({}), {} ms, ISRC {}",
            track.id, track.name, album.name, album.release.date, track.duration_ms, track.isrc
        )
    };
    println!("Releases stored under another listing's track (identity {{artists|title|mix}}): {}", shared.len());
    for judged in &shared {
        println!(
            "  {:?} Beatport {} (genre {}) is {}\n    kept as Beatport {:?} (genre {:?})'s {:?}, {} to {}",
            judged.truth.kind,
            judged.truth.track_id,
            judged.truth.genre_id,
            describe(judged.truth.spotify_track_id.as_deref()),
            judged.row.beatport_id,
            truth
                .iter()
                .find(|kept| i64::try_from(kept.track_id).ok() == judged.row.beatport_id)
                .map(|kept| kept.genre_id),
            judged.row.identity,
            judged.row.state,
            describe(judged.row.spotify_track_id.as_deref()),
        );
    }

    // Known ISRCs: every one matched by ISRC to exactly the truth's track.
    let misses: Vec<String> = judged
        .iter()
        .filter(|judged| judged.own_row && judged.truth.kind == BeatportReleaseKind::KnownIsrc)
        .filter(|judged| !(judged.matched_by("isrc") && judged.right()))
        .map(|judged| format!("{:?} → {:?}", judged.truth, judged.row))
        .collect();
    assert!(misses.is_empty(), "known ISRCs not matched by ISRC to the truth's track:\n{}", misses.join("\n"));

    // Missing and unknown ISRCs: found by title and artist for most, never matched to another track.
    for kind in [BeatportReleaseKind::MissingIsrc, BeatportReleaseKind::UnknownIsrc] {
        let of_kind: Vec<&Judged<'_>> =
            judged.iter().filter(|judged| judged.own_row && judged.truth.kind == kind).collect();
        assert!(of_kind.len() >= 10, "{kind:?}: only {} listed", of_kind.len());
        let by_fuzzy = of_kind.iter().filter(|judged| judged.right() && judged.row.method.as_deref() == Some("fuzzy"));
        let rate = percent(by_fuzzy.count(), of_kind.len());
        assert!(rate >= 90.0, "{kind:?}: {rate:.0} % found by title and artist");
    }

    // Extra versions and exclusives: Spotify has neither, so neither is ever accepted.
    for kind in [BeatportReleaseKind::ExtraVersion, BeatportReleaseKind::Exclusive] {
        let accepted: Vec<String> = judged
            .iter()
            .filter(|judged| judged.truth.kind == kind && judged.row.state == "matched")
            .map(|judged| format!("{:?} → {:?} (original {:?})", judged.truth, judged.row, judged.original))
            .collect();
        assert!(accepted.is_empty(), "{kind:?} accepted as a Spotify track:\n{}", accepted.join("\n"));
    }

    // No release is ever accepted as another track than its own. (A release stored under another listing's row
    // has no match of its own to judge: see the lines printed above.)
    let wrong: Vec<String> = judged
        .iter()
        .filter(|judged| judged.own_row && judged.truth.spotify_track_id.is_some())
        .filter(|judged| judged.row.state == "matched" && !judged.right())
        .map(|judged| format!("{:?} → {:?}", judged.truth, judged.row))
        .collect();
    assert!(wrong.is_empty(), "releases accepted as another track:\n{}", wrong.join("\n"));

    // Each ingest's report counts what the table holds for the tracks it brought.
    let reports: Vec<IngestReport> = ingest_reports(&pool, user, 100).await.unwrap();
    assert_eq!(reports.len(), ingested.len());
    for ingest in &ingested {
        let report = reports.iter().find(|report| report.id == ingest.summary.ingest_id).expect("a report per ingest");
        let identities: HashSet<String> = ingest.read.tracks.iter().map(|track| track.identity()).collect();
        let brought: Vec<&Row> = identities.iter().map(|identity| row_of_identity[identity.as_str()]).collect();
        let count = |check: &dyn Fn(&Row) -> bool| brought.iter().filter(|row| check(row)).count() as i64;
        let matched = |method: &str| count(&|row| row.state == "matched" && row.method.as_deref() == Some(method));
        let reported = |method: &str| {
            report.matched.iter().find(|count| count.method.code() == method).map_or(0, |count| count.tracks)
        };
        let genre = ingest.genre;
        assert_eq!(report.tracks_read, brought.len() as i64, "genre {genre}");
        assert_eq!(report.tracks_read, ingest.summary.tracks_read as i64, "genre {genre}");
        assert_eq!(report.bad_rows_total, 0, "genre {genre}");
        for method in ["isrc", "fuzzy", "manual"] {
            assert_eq!(reported(method), matched(method), "genre {genre}, matched by {method}");
        }
        assert_eq!(report.review, count(&|row| row.state == "review"), "genre {genre}");
        assert_eq!(report.unmatched, count(&|row| row.state == "unmatched"), "genre {genre}");
        assert_eq!(report.pending, 0, "genre {genre}");
        let settled: i64 =
            report.matched.iter().map(|count| count.tracks).sum::<i64>() + report.review + report.unmatched;
        assert_eq!(settled, report.tracks_read, "genre {genre}: every track it brought is counted once");
    }
}

#[sqlx::test(migrations = "../../migrations")]
async fn matching_resumes_after_a_rate_limit(pool: PgPool) {
    let (world, user, queue) = signed_in(&pool).await;
    ingest_weeks(&world, &queue, user, &[6, 96]).await;
    let stored = rows(&pool).await.len();
    // Spotify admits 40 requests, then answers 429 with a Retry-After of an hour: in the middle of the first run.
    const ADMITTED: u64 = 40;
    let faults = serde_json::json!({
        "rate_limit": { "requests_per_window": ADMITTED, "retry_after_override_secs": 3600 }
    });
    world.control.set_faults(serde_json::from_value(faults).unwrap());
    world.control.reset_counters();

    let first = match_until_idle(&world, &queue, user).await;

    // The job answered "retry at" Spotify's time: back in the queue for an hour later, the attempt not counted.
    assert_eq!(first.len(), 1, "one run, stopped by the limit: {first:?}");
    let jobs = matching_jobs(&queue, user).await;
    let [job] = jobs.as_slice() else { panic!("one matching job waits: {jobs:#?}") };
    let waiting = queue.queued(&match_releases_key(user)).await.unwrap();
    assert_eq!(waiting.as_ref().map(|waiting| waiting.id), Some(job.id), "it waits under the user's key");
    assert_eq!(job.state, JobState::Queued);
    assert!(job.run_at - OffsetDateTime::now_utc() > time::Duration::minutes(55), "due at {}", job.run_at);
    assert_eq!(job.attempts, 0, "a rate limit does not use up an attempt");
    assert!(job.last_error.as_deref().is_some_and(|error| error.contains("rate limit")), "{:?}", job.last_error);
    let before = rows(&pool).await;
    let settled: Vec<&Row> = before.iter().filter(|row| row.state != "pending").collect();
    assert!(!settled.is_empty() && settled.len() < stored, "{} of {stored} settled before the limit", settled.len());
    assert!(settled.iter().any(|row| row.state == "matched"), "some tracks were matched before the limit");
    let searched_before = world.control.counters().get(SEARCH).copied().unwrap_or(0);
    assert_eq!(searched_before, ADMITTED + 1, "the searches admitted and the one refused");
    let spent_on_settled: u64 = settled.iter().map(|row| searches_for(row)).sum();
    assert!(
        matches!(ADMITTED.checked_sub(spent_on_settled), Some(0 | 1)),
        "the {ADMITTED} admitted searches went to the settled tracks ({spent_on_settled}) and at most the ISRC search \
         of the one interrupted"
    );

    // The limit is over; asking for the matching again pulls the waiting job forward, and it finishes.
    world.control.set_faults(Default::default());
    world.control.reset_counters();
    assert_eq!(request_matching(&queue, user).await.unwrap(), job.id, "the request collapses into the waiting job");
    let second = match_until_idle(&world, &queue, user).await;

    assert!(!second.is_empty());
    assert!(matching_jobs(&queue, user).await.is_empty());
    let after = rows(&pool).await;
    assert!(after.iter().all(|row| row.state != "pending"), "every track was looked for");
    for row in &settled {
        let now = after.iter().find(|other| other.id == row.id).unwrap();
        assert_eq!(now, *row, "a track settled before the limit is left as it was");
    }
    let remaining: u64 =
        after.iter().filter(|row| !settled.iter().any(|done| done.id == row.id)).map(searches_for).sum();
    assert_eq!(
        world.control.counters().get(SEARCH).copied().unwrap_or(0),
        remaining,
        "only the tracks not settled are searched, once each"
    );
    let states: BTreeMap<&str, usize> = after.iter().fold(BTreeMap::new(), |mut states, row| {
        *states.entry(row.state.as_str()).or_default() += 1;
        states
    });
    println!(
        "\nRate limit after {ADMITTED} searches: {} of {stored} tracks settled before it, the rest after; end states {states:?}",
        settled.len()
    );
}
