//! Benchmark: the listening-history dashboard over 1,000,000 plays, end to end (reading the history's read model
//! from PostgreSQL and computing every figure), against the original app's approach, a pandas DataFrame of the raw
//! plays (`listening_reference.py`). Checks that both arrive at the same numbers, then prints both times and the
//! ratio, and how long building the read model from scratch takes (what an import of the whole history pays once).
//! Nothing asserts a time.
//!
//! `cargo bench -p crossfade-library --bench listening` (uses `DATABASE_URL`'s server if set, else a private
//! cluster). Knobs: `BENCH_PLAYS` (1000000), `BENCH_RUNS` (5, the median is reported), `BENCH_PYTHON` (python3).
//! The reference needs `pip install pandas psycopg2-binary`; without it only Crossfade's figures are printed.

#[path = "../tests/common/mod.rs"]
mod common;
mod reference;

use std::time::Instant;

use common::{bench_database, peak_memory_mib};
use crossfade_domain::{HistoryRange, ListeningReport};
use crossfade_library::insights::history_report;
use reference::{knob, median, run_reference};
use serde_json::Value;

/// `$2` plays of 10,000 tracks by 2,000 artists, most played a few, a few played often; listening in sessions of
/// about 25 plays with gaps between; about one play in eight skipped short.
const SEED: &str = r#"
SELECT setseed(0.42);
INSERT INTO plays (user_id, played_at, ms_played, track_uri, track_id, track_name, artist_name, album_name, skipped,
                   source)
SELECT $1, timestamptz '2020-01-01 06:00:00+00' + n * interval '160 seconds' + (n / 25) * interval '47 minutes',
       CASE WHEN skip THEN 4000 + (random() * 20000)::int ELSE 120000 + (random() * 150000)::int END,
       'spotify:track:' || id, id, 'Track ' || t, 'Artist ' || (t % 2000), 'Album ' || (t % 4000), skip, 'history'
FROM generate_series(1, $2::int) AS n
-- Each row draws its own track and skip (`n` keeps the planner from drawing once for all rows).
CROSS JOIN LATERAL (SELECT (10000 * random() ^ 2 + 0 * n)::int AS t, random() + 0 * n < 0.125 AS skip) AS pick
CROSS JOIN LATERAL (SELECT 'benchTrack' || lpad(pick.t::text, 12, '0') AS id) AS named
"#;

#[tokio::main]
async fn main() {
    let plays = knob("BENCH_PLAYS", 1_000_000);
    let runs = knob("BENCH_RUNS", 5).max(1) as usize;
    let (pool, cluster) = bench_database().await;
    let user: i64 = sqlx::query_scalar(
        "INSERT INTO users (spotify_account_key, spotify_user_id, display_name) VALUES ('bench', 'bench', 'Bench')
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    for statement in SEED.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let query = sqlx::query(statement);
        let query = if statement.contains("$2") { query.bind(user).bind(plays as i64) } else { query };
        query.execute(&pool).await.unwrap();
    }
    let started = Instant::now();
    sqlx::query("SELECT rebuild_track_facts($1)").bind(user).execute(&pool).await.unwrap();
    let rebuilt = started.elapsed();
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    let counts: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM listening_hours WHERE user_id = $1), (SELECT count(*) FROM track_facts
         WHERE user_id = $1), (SELECT count(*) FROM listening_sessions WHERE user_id = $1)",
    )
    .bind(user)
    .fetch_one(&pool)
    .await
    .unwrap();
    println!("listening history of {plays} plays, median of {runs} runs:");
    println!(
        "  read model: {} hours, {} tracks, {} sessions; built from scratch in {:.1} s (facts and history together)",
        counts.0,
        counts.1,
        counts.2,
        rebuilt.as_secs_f64()
    );

    let mut ends = Vec::new();
    let mut report = None;
    for _ in 0..runs {
        let started = Instant::now();
        let history = history_report(&pool, user, HistoryRange::ALL).await.unwrap();
        ends.push(started.elapsed());
        report = Some(history.report);
    }
    let report = report.unwrap();
    let year = HistoryRange::year(2023).unwrap();
    let mut years = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(history_report(&pool, user, year).await.unwrap());
        years.push(started.elapsed());
    }
    let ours = median(ends);
    println!(
        "  Crossfade: {:.0} ms end to end for all of it; {:.0} ms for the year 2023; peak memory {:.0} MiB",
        ours.as_secs_f64() * 1000.0,
        median(years).as_secs_f64() * 1000.0,
        peak_memory_mib()
    );

    let reference = run_reference("listening_reference.py", &cluster.url, user, runs);
    if let Some((theirs, answer)) = reference {
        println!(
            "  pandas:    {:.0} ms end to end (reading the plays into a DataFrame {:.0} ms)",
            theirs.as_secs_f64() * 1000.0,
            answer["read_seconds"].as_f64().unwrap() * 1000.0
        );
        println!("  Crossfade is {:.1}× faster", theirs.as_secs_f64() / ours.as_secs_f64());
        let mismatches = compare(&report, &answer["figures"]);
        if mismatches.is_empty() {
            println!("  every figure agrees (totals, days, hours of the week, tops, sessions, streak, discoveries)");
        } else {
            println!("  FIGURES DIFFER:");
            for mismatch in mismatches {
                println!("    {mismatch}");
            }
        }
    }
    cluster.finish(pool).await;
}

/// Where Crossfade's figures and the reference's differ, in words.
fn compare(report: &ListeningReport, theirs: &Value) -> Vec<String> {
    let mut differ = Vec::new();
    let mut same = |what: &str, ours: Value, reference: &Value| {
        if &ours != reference {
            differ.push(format!("{what}: {ours} against {reference}"));
        }
    };
    let totals = &report.totals;
    same("plays", totals.plays.into(), &theirs["plays"]);
    same("time", totals.ms.into(), &theirs["ms"]);
    same("skips", totals.skips.into(), &theirs["skips"]);
    same("days with plays", totals.days_listened.into(), &theirs["days"]);
    same("tracks", totals.tracks.into(), &theirs["tracks"]);
    same("artists", totals.artists.into(), &theirs["artists"]);
    let week: Vec<u64> = report.hours_of_week.iter().map(|cell| cell.plays).collect();
    same("plays by weekday and hour", week.into(), &theirs["hours_of_week"]);
    let tops = |entries: &[crossfade_domain::Listened]| -> Value {
        entries.iter().map(|entry| serde_json::json!([entry.name, entry.plays, entry.ms])).collect()
    };
    same("top tracks", tops(&report.top_tracks), &theirs["top_tracks"]);
    same("top artists", tops(&report.top_artists), &theirs["top_artists"]);
    same("sessions", report.sessions.count.into(), &theirs["sessions"]);
    same("session seconds", report.sessions.total_seconds.into(), &theirs["session_seconds"]);
    same("longest streak", report.streaks.longest.map_or(0, |streak| streak.days).into(), &theirs["longest_streak"]);
    let discovered: Value =
        report.discoveries.iter().map(|month| serde_json::json!([month.month, month.tracks, month.artists])).collect();
    same("discoveries", discovered, &theirs["discoveries"]);
    differ
}
