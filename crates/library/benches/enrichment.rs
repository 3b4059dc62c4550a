//! Benchmark: enriching a 10,000-track library from ReccoBeats, Deezer and MusicBrainz through the sandbox's
//! emulations, each held to the real service's rate budget (in the emulation, and in the client's gate as the server
//! sets it up by default). The three providers run side by side, as the workers run them. Prints per provider the
//! requests sent against the protocol's minimum, the wall time against the bound the rate limit sets, and how many
//! tracks were found and missing.
//!
//! Reproduce (about 25 minutes, nearly all of it waiting on the rate limits):
//!     DATABASE_URL=postgres://… cargo bench -p crossfade-library --bench enrichment
//! (uses `DATABASE_URL`'s server if set, else a private embedded cluster). A quick run with budgets fifty times the
//! real ones: `BENCH_RATE_SCALE=50 cargo bench -p crossfade-library --bench enrichment`.
//! Knobs: `BENCH_TRACKS` (10000) liked songs, the whole library; `BENCH_RATE_SCALE` (1) multiplies every provider's
//! budget; `BENCH_MUSICBRAINZ_TRACKS` (300) the size of MusicBrainz's sample: at one request a second and three
//! requests a track, the whole library would take eight hours, so MusicBrainz is asked about an evenly spread
//! sample and the other tracks are marked as asked beforehand.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{bench_database, emulation_of, provider_setup, unpaced, world};
use crossfade_domain::Provider;
use crossfade_enrichment::providers::RECCOBEATS_BATCH;
use crossfade_library::enrichment::{EnrichReport, enrich, provider_pacing};
use crossfade_library::sync::{SyncKind, sync_library};
use crossfade_spotify_sandbox::{DemoUserSpec, Mode, ProviderSettings, RateBudget};
use sqlx::PgPool;

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A request budget no run reaches: each provider runs until nothing is left.
const UNBOUNDED: usize = usize::MAX / 2;

/// Requests in flight at once per provider, as the server's defaults set them (server/src/settings/enrichment.rs).
fn concurrency(provider: Provider) -> usize {
    match provider {
        Provider::ReccoBeats => 2,
        Provider::Deezer => 4,
        _ => 1,
    }
}

/// What one provider's enrichment did.
struct Outcome {
    provider: Provider,
    /// Tracks it was asked about.
    asked: usize,
    reports: Vec<EnrichReport>,
    elapsed: Duration,
}

#[tokio::main]
async fn main() {
    let liked = knob("BENCH_TRACKS", 10_000);
    let scale = knob("BENCH_RATE_SCALE", 1).max(1) as u32;
    let sample = knob("BENCH_MUSICBRAINZ_TRACKS", 300);

    let (pool, cluster) = bench_database().await;
    let world =
        world(pool.clone(), vec![DemoUserSpec::new("bench", "Bench", liked, 0)], Mode::DevMode2026, unpaced(4)).await;
    let user = world.sign_in("bench").await;
    let started = Instant::now();
    sync_library(&world.library, user, SyncKind::Full).await.expect("the sync succeeds");
    let (tracks, with_isrc) = library_size(&pool).await;
    println!(
        "library: {tracks} tracks ({with_isrc} with an ISRC) in a catalog of {}, synced in {:.1} s",
        world.control.catalog().tracks.len(),
        started.elapsed().as_secs_f64()
    );

    let mut budgets = ProviderSettings::default();
    for provider in [Provider::ReccoBeats, Provider::Deezer, Provider::MusicBrainz] {
        let knobs = budgets.knobs_mut(emulation_of(provider));
        knobs.rate_budget =
            knobs.rate_budget.map(|b| RateBudget { requests: b.requests * scale, per_secs: b.per_secs });
    }
    world.control.set_provider_settings(budgets);
    println!(
        "rate budgets (the real services' × {scale}), in the emulation and in each client's gate: {}",
        [Provider::ReccoBeats, Provider::Deezer, Provider::MusicBrainz]
            .map(|p| {
                let b = budget(&budgets, p);
                format!("{} {}/{} s, {} at once", p.code(), b.requests, b.per_secs, concurrency(p))
            })
            .join("; ")
    );
    let sampled = mark_all_but_a_sample(&pool, sample).await;
    if sampled < with_isrc {
        // The real service's rate, whatever the scale: the reason for the sample.
        let real = budget(&ProviderSettings::default(), Provider::MusicBrainz);
        println!(
            "MusicBrainz is asked about a sample of {sampled} tracks (one in {} by id; BENCH_MUSICBRAINZ_TRACKS): the \
             whole library at the real {}/{} s would take about {:.1} h",
            with_isrc / sampled.max(1),
            real.requests,
            real.per_secs,
            (3 * with_isrc) as f64 * real.per_secs as f64 / f64::from(real.requests) / 3600.0
        );
    }
    println!("the three providers run side by side, each until nothing is left\n");

    world.control.reset_counters();
    let runs = [(Provider::ReccoBeats, tracks), (Provider::Deezer, with_isrc), (Provider::MusicBrainz, sampled)].map(
        |(provider, asked)| {
            let b = budget(&budgets, provider);
            let pacing = provider_pacing(concurrency(provider), b.requests as usize, Duration::from_secs(b.per_secs));
            let setup = provider_setup(&world, provider, pacing, UNBOUNDED, 30);
            let library = world.library.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                let mut reports = Vec::new();
                loop {
                    let report = enrich(&library, &setup, None).await.expect("the run succeeds");
                    reports.push(report);
                    if report.finished {
                        break;
                    }
                    if let Some(wait) = report.wait {
                        tokio::time::sleep(wait).await;
                    }
                }
                Outcome { provider, asked, reports, elapsed: started.elapsed() }
            })
        },
    );
    let mut outcomes = Vec::new();
    for run in runs {
        outcomes.push(run.await.expect("the provider's task ends"));
    }

    let counters = world.control.counters();
    for outcome in &outcomes {
        let prefix = format!("GET /{}/", emulation_of(outcome.provider).path_prefix());
        let received: u64 = counters.iter().filter(|(route, _)| route.starts_with(&prefix)).map(|(_, n)| n).sum();
        report(&pool, outcome, received, budget(&budgets, outcome.provider)).await;
    }

    drop(world);
    cluster.finish(pool).await;
}

fn budget(settings: &ProviderSettings, provider: Provider) -> RateBudget {
    settings.knobs(emulation_of(provider)).rate_budget.expect("the real services are rate limited")
}

/// The library's tracks in the catalog, and how many of them have an ISRC.
async fn library_size(pool: &PgPool) -> (usize, usize) {
    let (tracks, with_isrc): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(t.isrc) FROM tracks t
         WHERE EXISTS (SELECT FROM track_facts f WHERE f.track_id = t.spotify_id)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    (tracks as usize, with_isrc as usize)
}

/// Marks every ISRC-bearing library track outside an evenly spread sample of `size` as already asked of
/// MusicBrainz, so that its run asks about the sample only; answers the sample's size.
async fn mark_all_but_a_sample(pool: &PgPool, size: usize) -> usize {
    let (_, with_isrc) = library_size(pool).await;
    if size >= with_isrc {
        return with_isrc;
    }
    let step = (with_isrc / size.max(1)) as i64;
    sqlx::query(
        "INSERT INTO enrichment_checks (provider, track_id, found, checked_at)
         SELECT 'musicbrainz', spotify_id, true, now() FROM (
           SELECT t.spotify_id, row_number() OVER (ORDER BY t.spotify_id) AS n FROM tracks t
           WHERE t.isrc IS NOT NULL AND EXISTS (SELECT FROM track_facts f WHERE f.track_id = t.spotify_id)
         ) AS numbered
         WHERE n % $1 <> 0 OR n > $1 * $2",
    )
    .bind(step)
    .bind(size as i64)
    .execute(pool)
    .await
    .unwrap();
    size
}

/// The fewest requests that can answer what the provider found and missed.
async fn minimum(pool: &PgPool, outcome: &Outcome, found: usize, missing: usize) -> (usize, &'static str) {
    match outcome.provider {
        Provider::ReccoBeats => (outcome.asked.div_ceil(RECCOBEATS_BATCH), "⌈tracks / 40⌉"),
        Provider::Deezer => {
            let albums: i64 = sqlx::query_scalar(
                "SELECT count(DISTINCT album_external_id) FROM track_provider_ids WHERE provider = 'deezer'",
            )
            .fetch_one(pool)
            .await
            .unwrap();
            (outcome.asked + albums as usize, "one per ISRC + one per distinct album")
        }
        _ => (3 * found + missing, "three per recording found, one per ISRC unknown"),
    }
}

async fn report(pool: &PgPool, outcome: &Outcome, received: u64, budget: RateBudget) {
    let sent: usize = outcome.reports.iter().map(|r| r.requests).sum();
    let found: usize = outcome.reports.iter().map(|r| r.found).sum();
    let missing: usize = outcome.reports.iter().map(|r| r.missing).sum();
    let waits = outcome.reports.iter().filter(|r| r.wait.is_some()).count();
    let (least, rule) = minimum(pool, outcome, found, missing).await;
    let rate = f64::from(budget.requests) / budget.per_secs as f64;
    // A rolling window admits its first `requests` at once, so n requests need (⌈n / requests⌉ − 1) windows.
    let windows = (sent.div_ceil(budget.requests as usize)).saturating_sub(1) as u64;
    let rolling = Duration::from_secs(windows * budget.per_secs);
    println!(
        "{} ({} tracks asked, {} runs, {waits} stopped by a wait):",
        outcome.provider.name(),
        outcome.asked,
        outcome.reports.len()
    );
    println!(
        "  requests: {sent} sent ({received} received by the emulation), minimum {least} ({rule}), ratio {:.3}",
        sent as f64 / least.max(1) as f64
    );
    println!(
        "  wall time: {:.1} s; bound {:.1} s (requests ÷ {rate:.2}/s), {:.1} s with a rolling window; ratio {:.3}",
        outcome.elapsed.as_secs_f64(),
        sent as f64 / rate,
        rolling.as_secs_f64(),
        outcome.elapsed.as_secs_f64() / (sent as f64 / rate).max(f64::EPSILON)
    );
    println!(
        "  found {found}, missing {missing} ({:.1} % found)",
        100.0 * found as f64 / (found + missing).max(1) as f64
    );
}
