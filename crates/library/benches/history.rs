//! Benchmark: importing a generated 1,000,000-play "Extended streaming history" export (a zip of yearly files, as
//! Spotify sends it) into PostgreSQL. Prints plays per second and the process's peak memory, which stays bounded
//! because the export is streamed, never loaded.
//!
//! `cargo bench -p crossfade-library --bench history` (uses `DATABASE_URL`'s server if set, else a private cluster).
//! Knob: `BENCH_PLAYS` (1000000).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{bench_database, peak_memory_mib};
use crossfade_store::plays::time_generated_import;

#[tokio::main]
async fn main() {
    let plays = std::env::var("BENCH_PLAYS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let (pool, cluster) = bench_database().await;
    let user: i64 = sqlx::query_scalar(
        "INSERT INTO users (spotify_account_key, spotify_user_id, display_name) VALUES ('bench', 'bench', 'Bench')
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let before = peak_memory_mib();
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let timing = time_generated_import(&pool, user, plays, 2026, scratch.path()).await.expect("the import succeeds");
    let seconds = timing.elapsed.as_secs_f64();
    println!("history import of {} records:", timing.plays);
    println!("  {:.1} s, {:.0} plays/s", seconds, timing.plays as f64 / seconds.max(f64::EPSILON));
    println!("  counts: {:?}", timing.counts);
    println!("  peak memory: {:.0} MiB (before the import: {before:.0} MiB)", peak_memory_mib());
    cluster.finish(pool).await;
}
