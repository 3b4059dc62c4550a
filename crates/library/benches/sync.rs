//! Benchmark: a full sync of a large library through the Spotify sandbox with latency injected on every request,
//! then an incremental sync after a few upstream changes. Prints requests made against the minimum, wall time
//! against its lower bound (minimum requests × latency ÷ concurrency) and the rows in the mirror.
//!
//! `cargo bench -p crossfade-library --bench sync` (uses `DATABASE_URL`'s server if set, else a private cluster).
//! Knobs: `BENCH_LATENCY_MS` (20), `BENCH_CONCURRENCY` (4), `BENCH_LIKED` (10000), `BENCH_PLAYLISTS` (150),
//! `BENCH_PLAYLIST_SIZE` (120), `BENCH_FOLLOWED` (300).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{bench_database, minimum_full_sync, pages, unpaced, world};
use crossfade_library::sync::{SyncKind, sync_library};
use crossfade_spotify_sandbox::{DemoUserSpec, Mode};

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let latency = knob("BENCH_LATENCY_MS", 20);
    let concurrency = knob("BENCH_CONCURRENCY", 4);
    let mut spec = DemoUserSpec::new("bench", "Bench", knob("BENCH_LIKED", 10_000), knob("BENCH_PLAYLISTS", 150));
    spec.followed_artists = knob("BENCH_FOLLOWED", 300);
    spec.average_playlist_size = Some(knob("BENCH_PLAYLIST_SIZE", 120));
    let (pool, cluster) = bench_database().await;
    let world = world(pool.clone(), vec![spec], Mode::DevMode2026, unpaced(concurrency)).await;
    let user = world.sign_in("bench").await;
    let playlists = world.control.playlists("bench").unwrap();
    let owned: Vec<_> = playlists.iter().filter(|p| p.owner_id == "bench").collect();
    let average = owned.iter().map(|p| p.total).sum::<usize>() as f64 / owned.len().max(1) as f64;
    println!(
        "library: {} liked songs, {} playlists ({} owned, {average:.0} entries on average), {} followed artists",
        knob("BENCH_LIKED", 10_000),
        playlists.len(),
        owned.len(),
        knob("BENCH_FOLLOWED", 300)
    );
    println!("latency {latency} ms per request, concurrency {concurrency}");
    world.control.set_faults(serde_json::from_value(serde_json::json!({ "latency_ms": latency })).unwrap());

    world.control.reset_counters();
    let started = Instant::now();
    sync_library(&world.library, user, SyncKind::Full).await.expect("the full sync succeeds");
    let elapsed = started.elapsed();
    let minimum = minimum_full_sync(&world, user, "bench").await;
    report("full sync", world.requests(), minimum, elapsed, latency, concurrency);
    println!("  rows in the mirror: {}", mirror_rows(&pool, user).await);

    // A few upstream changes: five new likes, two owned playlists edited, one followed playlist left.
    let liked: Vec<String> = sqlx::query_scalar("SELECT track_id FROM liked_tracks WHERE user_id = $1")
        .bind(user)
        .fetch_all(&pool)
        .await
        .unwrap();
    let catalog = world.control.catalog();
    let fresh: Vec<&str> =
        catalog.tracks.iter().filter(|t| !liked.contains(&t.id)).take(5).map(|t| t.id.as_str()).collect();
    for id in &fresh {
        world.control.like_track("bench", id).unwrap();
    }
    let edited: Vec<_> = owned.iter().filter(|p| p.total > 0).take(2).collect();
    for playlist in &edited {
        world.control.add_to_playlist("bench", &playlist.id, &[&format!("spotify:track:{}", fresh[0])]).unwrap();
    }
    let left = playlists.iter().find(|p| p.owner_id != "bench" && !p.collaborative).unwrap();
    world.library.spotify.remove_from_library(user, &[format!("spotify:playlist:{}", left.id)]).await.unwrap();

    world.control.reset_counters();
    let started = Instant::now();
    sync_library(&world.library, user, SyncKind::Incremental).await.expect("the incremental sync succeeds");
    let elapsed = started.elapsed();
    let followed: i64 = sqlx::query_scalar("SELECT count(*) FROM followed_artists WHERE user_id = $1")
        .bind(user)
        .fetch_one(&pool)
        .await
        .unwrap();
    let edited_pages: u64 = edited.iter().map(|p| pages(p.total + 1)).sum();
    // profile, first page of liked songs and of saved albums, the playlist list, the edited playlists, followed
    // artists (cursor paging has no shortcut), six top lists, recently played
    let minimum = 1 + 1 + 1 + pages(playlists.len() - 1) + edited_pages + pages(followed as usize) + 6 + 1;
    report(
        "incremental sync after 5 likes, 2 playlist edits, 1 unfollow",
        world.requests(),
        minimum,
        elapsed,
        latency,
        concurrency,
    );
    println!("  rows in the mirror: {}", mirror_rows(&pool, user).await);

    drop(world);
    cluster.finish(pool).await;
}

fn report(name: &str, requests: u64, minimum: u64, elapsed: Duration, latency: usize, concurrency: usize) {
    let bound = Duration::from_millis(minimum * latency as u64 / concurrency as u64);
    println!("{name}:");
    println!("  requests: {requests} made, minimum {minimum}, ratio {:.2}", requests as f64 / minimum as f64);
    println!(
        "  wall time: {:.2} s, lower bound {:.2} s, ratio {:.2}",
        elapsed.as_secs_f64(),
        bound.as_secs_f64(),
        elapsed.as_secs_f64() / bound.as_secs_f64().max(f64::EPSILON)
    );
}

async fn mirror_rows(pool: &sqlx::PgPool, user: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM liked_tracks WHERE user_id = $1) + (SELECT count(*) FROM saved_albums WHERE user_id = $1)
              + (SELECT count(*) FROM followed_artists WHERE user_id = $1) + (SELECT count(*) FROM playlists WHERE user_id = $1)
              + (SELECT count(*) FROM playlist_items i JOIN playlists p ON p.id = i.playlist_id WHERE p.user_id = $1)
              + (SELECT count(*) FROM top_tracks WHERE user_id = $1) + (SELECT count(*) FROM top_artists WHERE user_id = $1)
              + (SELECT count(*) FROM plays WHERE user_id = $1) + (SELECT count(*) FROM tracks)
              + (SELECT count(*) FROM albums) + (SELECT count(*) FROM artists)",
    )
    .bind(user)
    .fetch_one(pool)
    .await
    .unwrap()
}
