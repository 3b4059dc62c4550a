//! Benchmark: the charts API at a constant rate, answered from each process's kept answers and, for comparison,
//! made afresh for every request.
//!
//! Seeds, through the same import the upload page uses (`crossfade_library::charts::import_chart`), `BENCH_GENRES`
//! genres with `BENCH_DAYS` days of charts from four services each (Deezer's chart with ISRCs, Spotify's CSV, Apple
//! Music's feed and Last.fm's tag chart, `BENCH_ENTRIES` entries a chart, drawn each day from 300 songs a genre), then
//! starts the release server on that database and drives it at `BENCH_RATE` requests per second for `BENCH_SECONDS`,
//! going round every genre's merged chart on every day by every ranking method, the genre list and recordings'
//! histories. Prints requests per second served, p50, p95 and p99 (each request timed from when it was due), first with
//! the default settings and then with `CROSSFADE_CHARTS_API_CACHE=0`. Any answer but 200 stops the run, so a
//! finished run had no errors. Nothing here asserts a time: it prints figures.
//!
//! `cargo bench -p crossfade-server --bench charts_api` (uses `DATABASE_URL`'s server if set, else a private
//! cluster). Knobs: `BENCH_GENRES` (4), `BENCH_DAYS` (14), `BENCH_ENTRIES` (100), `BENCH_RATE` (200),
//! `BENCH_SECONDS` (60).

// Shared with the pages benchmark, which also measures connections requesting back to back.
#[allow(dead_code)]
#[path = "support/load.rs"]
mod load;
#[path = "support/release_server.rs"]
mod release_server;

use std::time::{Duration, Instant};

use crossfade_domain::{Day, RankingMethod};
use crossfade_library::charts::{ChartImport, import_chart};
use crossfade_spotify_sandbox::{DemoUserSpec, RegisteredClient, SandboxConfig};
use crossfade_store::charts::ImportOrigin;
use release_server::{Database, Keys, spawn_server, wait_until_ready};
use sqlx::PgPool;

/// Words the generated titles and artists are made of, so no two songs look alike to the matching.
const WORDS: [&str; 32] = [
    "amber", "bright", "cobalt", "dawn", "echo", "fable", "golden", "harbor", "ivory", "jade", "kinetic", "lunar",
    "marble", "neon", "orbit", "prism", "quiet", "river", "silver", "tidal", "umber", "velvet", "willow", "xenon",
    "yonder", "zephyr", "atlas", "blossom", "cinder", "drift", "ember", "frost",
];

/// How many songs each genre's charts draw from.
const SONGS: usize = 300;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let genres = load::knob("BENCH_GENRES", 4) as usize;
    let days = load::knob("BENCH_DAYS", 14) as i64;
    let entries = load::knob("BENCH_ENTRIES", 100) as usize;
    let rate = load::knob("BENCH_RATE", 200);
    let seconds = Duration::from_secs(load::knob("BENCH_SECONDS", 60));

    let database = Database::create("charts_api").await;
    let pool = PgPool::connect(&database.url).await.unwrap();
    crossfade_server::db::MIGRATOR.run(&pool).await.unwrap();
    let codes: Vec<String> = sqlx::query_scalar("SELECT code FROM chart_genres ORDER BY shown_order LIMIT $1")
        .bind(genres as i64)
        .fetch_all(&pool)
        .await
        .unwrap();
    let first_day = Day::parse("2026-11-01").unwrap();
    let started = Instant::now();
    let mut imported = 0;
    for (genre_index, genre) in codes.iter().enumerate() {
        for offset in 0..days {
            let day = Day::from_epoch_day(first_day.epoch_day() + offset).unwrap();
            for (file_name, text) in charts_of(genre_index, offset as usize, day, entries) {
                let import = ChartImport {
                    genre_code: genre,
                    file_name: &file_name,
                    bytes: text.as_bytes(),
                    day: Some(day),
                    origin: ImportOrigin::Upload,
                    imported_by: None,
                    looked_up: Default::default(),
                };
                import_chart(&pool, &import).await.unwrap_or_else(|error| panic!("{file_name}: {error}"));
                imported += 1;
            }
        }
    }
    let recordings: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM recordings ORDER BY id LIMIT 50").fetch_all(&pool).await.unwrap();
    let (count, merged): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM chart_entries), (SELECT count(*) FROM merged_chart_entries)")
            .fetch_one(&pool)
            .await
            .unwrap();
    println!(
        "{imported} charts imported in {:.0} s: {count} entries, {merged} merged rows, {} genres × {days} days",
        started.elapsed().as_secs_f64(),
        codes.len()
    );
    sqlx::query("VACUUM ANALYZE").execute(&pool).await.unwrap();

    let mut paths = vec!["/api/v1/charts/genres".to_owned()];
    for genre in &codes {
        for offset in 0..days {
            let day = Day::from_epoch_day(first_day.epoch_day() + offset).unwrap();
            for method in RankingMethod::ALL {
                paths.push(format!("/api/v1/charts/genres/{genre}?day={day}&method={}", method.code()));
            }
        }
    }
    paths.extend(recordings.iter().map(|id| format!("/api/v1/charts/recordings/{id}")));

    let folder = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let origin = format!("http://127.0.0.1:{port}");
    let callback = format!("{origin}/auth/callback");
    let config = SandboxConfig {
        users: vec![DemoUserSpec::new("bench", "Bench Listener", 10, 1)],
        clients: vec![RegisteredClient::public("crossfadebench", &[callback.as_str()])],
        ..SandboxConfig::default()
    };
    let sandbox = crossfade_spotify_sandbox::start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let keys = Keys::new();
    let target = load::Target::new(origin.clone(), String::new());
    println!(
        "\n{} addresses in turn at a constant {rate} requests/s for {} s, release server, {} cores shared with \
         PostgreSQL and this load; each request timed from when it was due",
        paths.len(),
        seconds.as_secs(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("{:<50} {:>11} {:>8} {:>8} {:>8} {:>7}", "", "requests/s", "p50 ms", "p95 ms", "p99 ms", "errors");
    for (label, settings) in [
        ("answers kept (default settings)", Vec::new()),
        ("every answer made (CROSSFADE_CHARTS_API_CACHE=0)", vec![("CROSSFADE_CHARTS_API_CACHE", "0")]),
    ] {
        let mut server = spawn_server(port, &database.url, &sandbox, folder.path(), &keys, &settings);
        wait_until_ready(&origin, &mut server, &folder.path().join("server.log")).await;
        // A pass over every address first, as a running installation's cache would have.
        load::open_loop(&target, &paths, rate, Duration::from_secs_f64(paths.len() as f64 / rate as f64)).await;
        let figures = load::open_loop(&target, &paths, rate, seconds).await;
        println!(
            "{label:<50} {:>11.0} {:>8.2} {:>8.2} {:>8.2} {:>7}",
            figures.per_second, figures.p50_ms, figures.p95_ms, figures.p99_ms, 0
        );
        let pid = nix::unistd::Pid::from_raw(i32::try_from(server.id()).unwrap());
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let _ = server.wait();
    }
    sandbox.shutdown().await;
    pool.close().await;
    database.drop().await;
}

/// A song of genre `genre`: its title, artists and ISRC.
fn song(genre: usize, index: usize) -> (String, String, String) {
    let word = |n: usize| WORDS[n % WORDS.len()];
    let title = format!("{} {} {}", word(index), word(index / WORDS.len() + 3 * genre), word(index * 7 + genre));
    let artists = format!("{} {}", word(index * 5 + 1), word(index * 11 + 2 + genre));
    (capitalised(&title), capitalised(&artists), format!("QZ{genre:03}26{index:05}"))
}

fn capitalised(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut letters = word.chars();
            letters.next().map(|first| first.to_uppercase().chain(letters).collect()).unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The songs of a service's chart on day `offset`: the genre's songs ranked by a popularity that drifts by day and
/// differs a little between services.
fn ranked(genre: usize, offset: usize, service: usize, entries: usize) -> Vec<usize> {
    let mut songs: Vec<(u64, usize)> = (0..SONGS)
        .map(|index| {
            let drift =
                (index as u64 * 2_654_435_761 + offset as u64 * 40_503 + service as u64 * 97 + genre as u64) % 120;
            (index as u64 + drift, index)
        })
        .collect();
    songs.sort_unstable();
    songs.into_iter().take(entries).map(|(_, index)| index).collect()
}

/// One day's charts of a genre, in the order they are brought in: Deezer's (with ISRCs) first.
fn charts_of(genre: usize, offset: usize, day: Day, entries: usize) -> Vec<(String, String)> {
    let deezer: Vec<serde_json::Value> = ranked(genre, offset, 0, entries)
        .into_iter()
        .enumerate()
        .map(|(place, index)| {
            let (title, artists, isrc) = song(genre, index);
            serde_json::json!({"id": genre * 100_000 + index, "title": title, "isrc": isrc, "duration": 200,
                "rank": 900_000, "position": place + 1, "artist": {"name": artists}, "type": "track"})
        })
        .collect();
    let mut spotify = String::from(
        "\u{feff}rank,uri,artist_names,track_name,source,peak_rank,previous_rank,weeks_on_chart,streams\n",
    );
    for (place, index) in ranked(genre, offset, 1, entries).into_iter().enumerate() {
        let (title, artists, _) = song(genre, index);
        let id: String = format!("{genre:02}{index:020}");
        spotify.push_str(&format!(
            "{},spotify:track:{id},{artists},{title},Label,1,-1,1,\"{}\"\n",
            place + 1,
            100_000 - index
        ));
    }
    let apple: Vec<serde_json::Value> = ranked(genre, offset, 2, entries)
        .into_iter()
        .map(|index| {
            let (title, artists, _) = song(genre, index);
            serde_json::json!({"artistName": artists, "id": (genre * 100_000 + index).to_string(), "name": title,
                "kind": "songs", "genres": []})
        })
        .collect();
    let lastfm: Vec<serde_json::Value> = ranked(genre, offset, 3, entries)
        .into_iter()
        .enumerate()
        .map(|(place, index)| {
            let (title, artists, _) = song(genre, index);
            serde_json::json!({"name": title, "playcount": ((offset + 1) * 1000 + SONGS - index).to_string(),
                "mbid": "", "artist": {"name": artists}, "@attr": {"rank": (place + 1).to_string()}})
        })
        .collect();
    vec![
        ("deezer.json".to_owned(), serde_json::json!({"data": deezer, "total": entries}).to_string()),
        (format!("regional-global-daily-{day}.csv"), spotify),
        (
            "apple.json".to_owned(),
            serde_json::json!({"feed": {"title": "Top Songs", "country": "us", "results": apple}}).to_string(),
        ),
        (
            "lastfm.json".to_owned(),
            serde_json::json!({"tracks": {"track": lastfm, "@attr": {"tag": "bench"}}}).to_string(),
        ),
    ]
}
