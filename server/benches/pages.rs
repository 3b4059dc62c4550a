//! Benchmark: how fast the library's pages are served for a large library, against the same server serving the
//! same bytes as a static file.
//!
//! Seeds, through the release server exactly as a person would: a sandbox account with 10,000 liked songs and 150
//! playlists signs in, the first sync and the catalog lookups run, and a 300,000-play streaming history is uploaded
//! and imported. Then, at a fixed number of connections, it drives `/library` (default order, most played, a
//! search), `/library/plays`, a track page, a playlist page, the insights of the whole library and of a playlist,
//! and the listening history (all of it and its last whole year), and as the physical baseline the bytes of
//! `/library` saved as a file in the site folder and served by the same server (same middleware, same cookie) in the
//! same run. Prints requests per second, p50 and p99 for each, each page's share of the baseline, p50/p99 of
//! `/library` at a constant 100 requests per second, and p50/p95/p99 of each dashboard requested one at a time with
//! every page rendered.
//! Nothing here asserts a time: it prints figures.
//!
//! `cargo bench -p crossfade-server --bench pages` (uses `DATABASE_URL`'s server if set, else a private cluster).
//! Knobs: `BENCH_LIKED` (10000), `BENCH_PLAYLISTS` (150), `BENCH_PLAYS` (300000), `BENCH_CONNECTIONS` (16),
//! `BENCH_SECONDS` (10 per page), `BENCH_RATE` (100 requests per second for the constant-rate run), `BENCH_PAGES`
//! (other addresses to measure, separated by spaces, instead of the pages above).

#[path = "support/load.rs"]
mod load;
#[path = "support/release_server.rs"]
mod release_server;
#[path = "pages/seed.rs"]
mod seed;

use std::time::Duration;

use load::{Figures, Target};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let liked = load::knob("BENCH_LIKED", 10_000) as usize;
    let playlists = load::knob("BENCH_PLAYLISTS", 150) as usize;
    let plays = load::knob("BENCH_PLAYS", 300_000) as usize;
    let connections = load::knob("BENCH_CONNECTIONS", 16) as usize;
    let seconds = Duration::from_secs(load::knob("BENCH_SECONDS", 10));
    let rate = load::knob("BENCH_RATE", 100);

    let mut seeded = seed::Seeded::start(liked, playlists, plays).await;
    println!("{}", seeded.describe().await);
    let pages = match std::env::var("BENCH_PAGES") {
        Ok(pages) => pages.split_whitespace().map(str::to_owned).collect(),
        Err(_) => seeded.pages().await,
    };
    let baseline = seeded.save_static_copy("/library").await;

    let target = Target::new(seeded.origin(), seeded.cookie());
    println!(
        "\n{connections} connections, {} s per page, release server, {} cores shared with PostgreSQL and this load",
        seconds.as_secs(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("\nDefault settings (library pages kept until the library changes):");
    measure(&target, &baseline, &pages, connections, seconds).await;
    let steady = load::open_loop(&target, &["/library".to_owned()], rate, seconds).await;
    println!(
        "/library at a constant {rate} requests/s: {:.0} requests/s served, p50 {:.2} ms, p99 {:.2} ms",
        steady.per_second, steady.p50_ms, steady.p99_ms
    );

    seeded.restart_with(&[("CROSSFADE_PAGE_CACHE_MB", "0")]).await;
    println!("\nDashboards one request at a time, every page rendered (server time plus a loopback round trip):");
    println!("{:<44} {:>9} {:>9} {:>9}", "page", "p50 ms", "p95 ms", "p99 ms");
    for path in seed::Seeded::dashboards(&pages) {
        let figures = load::closed_loop(&target, &path, 1, seconds).await;
        println!("{:<44} {:>9.2} {:>9.2} {:>9.2}", path, figures.p50_ms, figures.p95_ms, figures.p99_ms);
    }
    println!("\nEvery request rendered (CROSSFADE_PAGE_CACHE_MB=0):");
    measure(&target, &baseline, &pages, connections, seconds).await;
    let steady = load::open_loop(&target, &["/library".to_owned()], rate, seconds).await;
    println!(
        "/library at a constant {rate} requests/s: {:.0} requests/s served, p50 {:.2} ms, p99 {:.2} ms",
        steady.per_second, steady.p50_ms, steady.p99_ms
    );
    seeded.finish().await;
}

/// Measures the static baseline, then each page, then the baseline again (a drift between the two would mean the run
/// was disturbed), and prints a row each with its share of the first baseline.
async fn measure(target: &Target, baseline: &str, pages: &[String], connections: usize, seconds: Duration) {
    println!("{:<44} {:>10} {:>9} {:>9} {:>9}", "page", "requests/s", "p50 ms", "p99 ms", "of static");
    let static_figures = load::closed_loop(target, baseline, connections, seconds).await;
    let print = |path: &str, figures: &Figures| {
        println!(
            "{:<44} {:>10.0} {:>9.2} {:>9.2} {:>8.1}%",
            path,
            figures.per_second,
            figures.p50_ms,
            figures.p99_ms,
            100.0 * figures.per_second / static_figures.per_second
        );
    };
    print(&format!("{baseline} (static file)"), &static_figures);
    for path in pages {
        print(path, &load::closed_loop(target, path, connections, seconds).await);
    }
    print(
        &format!("{baseline} (static file, again)"),
        &load::closed_loop(target, baseline, connections, seconds).await,
    );
}
