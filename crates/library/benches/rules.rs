//! Benchmark: smart playlists' rules over a 100,000-track library, evaluated as Crossfade does (the rule translated
//! into SQL over the read model, then the steps after matching) against the original pipeline's approach, a Python
//! evaluator walking the rule tree for every track (`rules_reference.py`). Checks that both give the same tracks in
//! the same order for every rule, then prints both times and the ratio. Then the preview while editing: a
//! 20,000-track library previewed with rules whose thresholds change as if typed, reporting p50 and p95 server
//! time. Nothing asserts a time.
//!
//! `cargo bench -p crossfade-library --bench rules` (uses `DATABASE_URL`'s server if set, else a private cluster).
//! Knobs: `BENCH_TRACKS` (100000), `BENCH_PREVIEW_TRACKS` (20000), `BENCH_PREVIEWS` (60), `BENCH_RUNS` (5, the
//! median is reported), `BENCH_PYTHON` (python3). The reference needs `pip install psycopg2-binary`; without it only
//! Crossfade's times are printed.

#[path = "../tests/common/mod.rs"]
mod common;
#[allow(dead_code)] // the pandas runner is for the other benchmarks
mod reference;

use std::time::{Duration, Instant};

use common::bench_database;
use crossfade_domain::{GenreTree, RuleContext, SmartRules};
use crossfade_library::smart_playlists::preview;
use reference::{knob, median};
use serde_json::{Value, json};

/// A library of `$2` tracks whose values spread like real ones, with plays and last plays over two years.
const SEED: &str = r#"
SELECT setseed(0.24);
INSERT INTO track_facts (user_id, track_id, liked_at, playlists, plays, skips, last_played_at, in_catalog, title,
                         artist_ids, artist_names, artists, album_id, album_name, duration_ms, explicit, release_year,
                         danceability, energy, valence, tempo, key, mode, genres, label, label_key, value_sources)
SELECT $1, 'benchTrack' || lpad(n::text, 12, '0'), now() - n * interval '1 minute', 0,
       p.plays, (random() * random() * 8)::int,
       CASE WHEN p.plays > 0 THEN now() - (random() * 730) * interval '1 day' END,
       true, 'Track ' || n,
       ARRAY['benchArtist' || (n % 5000)], ARRAY['Artist ' || (n % 5000)], 'Artist ' || (n % 5000),
       'benchAlbum' || (n % 20000), 'Album ' || (n % 20000),
       CASE WHEN random() < 0.98 THEN 90000 + (random() * 330000)::int END,
       CASE WHEN random() < 0.95 THEN random() < 0.12 END,
       CASE WHEN random() < 0.97 THEN 1955 + (random() * 70)::int END,
       CASE WHEN random() < 0.9 THEN round((0.2 + random() * 0.75)::numeric, 3)::real END,
       CASE WHEN random() < 0.9 THEN round((0.05 + random() * 0.95)::numeric, 3)::real END,
       CASE WHEN random() < 0.9 THEN round(random()::numeric, 3)::real END,
       CASE WHEN random() < 0.85 THEN round((60 + random() * 140)::numeric, 3)::real END,
       k.key, CASE WHEN k.key IS NOT NULL THEN k.mode END,
       string_to_array((ARRAY['deep-house', 'techno', 'jazz', 'hip-hop', 'rock', 'house', ''])[1 + n % 7], ','),
       'Label ' || (n % 400), 'label-' || (n % 400),
       '{"energy": "reccobeats", "tempo": "deezer", "label": "musicbrainz"}'::jsonb
FROM generate_series(1, $2::int) AS n
-- Each lateral names `n`, so it is drawn again for every track (an uncorrelated one is drawn once for all).
CROSS JOIN LATERAL (SELECT (random() * random() * 60)::int + 0 * n AS plays) AS p
CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.85 THEN (random() * 11)::int + 0 * n END AS key,
                           (random() < 0.6)::int + 0 * n AS mode) AS k;
INSERT INTO library_summary (user_id, tracks, liked, listed, heard_only) VALUES ($1, $2::int, $2::int, 0, 0);
"#;

/// The rules both evaluators run: the product's example, a DJ's harmonic set, and text tests.
fn rules() -> Vec<Value> {
    vec![
        json!({"sets": [{"sources": ["library"], "match": {"all": [
                {"field": "energy", "op": "gt", "value": 0.7},
                {"field": "last_played", "op": "not_in_last", "value": {"count": 30, "unit": "days"}}]},
              "sort": [{"field": "tempo", "order": "asc"}]}],
               "per_artist": 2, "limit": {"minutes": 90}}),
        json!({"sets": [{"sources": ["library"], "match": {"all": [
                {"field": "genres", "op": "any_of", "value": ["house", "techno"]},
                {"field": "tempo", "op": "between", "value": [120, 130]},
                {"field": "key", "op": "harmonic_neighbour_of", "value": "8A"}]},
              "sort": [{"field": "energy", "order": "desc"}]}],
               "limit": {"items": 100}}),
        json!({"sets": [{"sources": ["liked"], "match": {"any": [
                {"field": "title", "op": "contains", "value": "77"},
                {"all": [{"field": "label", "op": "starts_with", "value": "label 39"},
                         {"not": {"field": "explicit", "op": "is", "value": true}}]}]},
              "sort": [{"field": "title", "order": "asc"}]}],
               "limit": {"items": 200}}),
    ]
}

async fn seeded_user(pool: &sqlx::PgPool, key: &str, tracks: u64) -> i64 {
    let user: i64 = sqlx::query_scalar(
        "INSERT INTO users (spotify_account_key, spotify_user_id, display_name) VALUES ($1, $1, $1) RETURNING id",
    )
    .bind(key)
    .fetch_one(pool)
    .await
    .unwrap();
    for statement in SEED.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let query = sqlx::query(statement);
        let query = if statement.contains("$1") { query.bind(user).bind(tracks as i64) } else { query };
        query.execute(pool).await.unwrap();
    }
    user
}

#[tokio::main]
async fn main() {
    let tracks = knob("BENCH_TRACKS", 100_000);
    let preview_tracks = knob("BENCH_PREVIEW_TRACKS", 20_000);
    let previews = knob("BENCH_PREVIEWS", 60).max(2) as usize;
    let runs = knob("BENCH_RUNS", 5).max(1) as usize;
    let (pool, cluster) = bench_database().await;
    let user = seeded_user(&pool, "bench", tracks).await;
    let editor = seeded_user(&pool, "editor", preview_tracks).await;
    // As autovacuum leaves a table after a sync's inserts: statistics, the visibility map, GIN's pending entries merged.
    sqlx::query("VACUUM ANALYZE track_facts").execute(&pool).await.unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    println!("smart playlist rules over a {tracks}-track library, median of {runs} runs:");

    let tree = GenreTree::get();
    let expanded: serde_json::Map<String, Value> = ["house", "techno"]
        .into_iter()
        .map(|slug| {
            let id = tree.parse_id(slug).unwrap();
            let mut all = vec![id.as_str().to_owned()];
            all.extend(tree.descendants(id).iter().map(|genre| genre.id.as_str().to_owned()));
            (slug.to_owned(), json!(all))
        })
        .collect();
    let context = RuleContext { now, seed: 1, ..RuleContext::default() };
    let mut ours = Vec::new();
    let mut answers = Vec::new();
    for rule in rules() {
        let rules = SmartRules::from_json(&rule).unwrap();
        let prepared = rules.prepare(&context);
        let mut times = Vec::new();
        let mut evaluation = None;
        for _ in 0..runs {
            let started = Instant::now();
            evaluation = Some(crossfade_store::rules::evaluate(&pool, user, &prepared).await.unwrap());
            times.push(started.elapsed());
        }
        let evaluation = evaluation.unwrap();
        println!(
            "  Crossfade {:>8.1} ms  matched {:>6}, kept {:>4}",
            median(times.clone()).as_secs_f64() * 1000.0,
            evaluation.matched,
            evaluation.tracks.len()
        );
        ours.push(median(times));
        answers.push(evaluation.tracks.iter().map(|placed| placed.id.clone()).collect::<Vec<_>>());
    }
    let ours_total: Duration = ours.iter().sum();

    // The reference reads the rules, the genre expansion and now from a file beside the database URL.
    let input = std::env::temp_dir().join(format!("crossfade-rules-bench-{}.json", std::process::id()));
    std::fs::write(&input, json!({"rules": rules(), "genres": expanded, "now": now}).to_string()).unwrap();
    match run_python(&cluster.url, user, &input, runs) {
        Some((reference_total, reference_evaluating, reference_answers)) => {
            for (index, (ours, theirs)) in answers.iter().zip(&reference_answers).enumerate() {
                assert_eq!(ours, theirs, "rule {index}: Crossfade and the reference disagree");
            }
            println!("  both give the same tracks in the same order for all {} rules", answers.len());
            println!(
                "  all rules: Crossfade {:.1} ms, Python reference {:.1} ms (reading the facts for each, as its endpoint \
                 did; {:.1} ms of it walking the trees): {:.1}× faster",
                ours_total.as_secs_f64() * 1000.0,
                reference_total.as_secs_f64() * 1000.0,
                reference_evaluating.as_secs_f64() * 1000.0,
                reference_total.as_secs_f64() / ours_total.as_secs_f64()
            );
        }
        None => println!("  all rules: Crossfade {:.1} ms (no reference run)", ours_total.as_secs_f64() * 1000.0),
    }
    let _ = std::fs::remove_file(&input);

    // Previews while editing: the example rule with its thresholds changing as if typed.
    let mut times = Vec::new();
    for step in 0..previews {
        let energy = 0.5 + (step % 40) as f64 / 100.0;
        let days = 7 + (step % 50);
        let rule = json!({"sets": [{"match": {"all": [
                {"field": "energy", "op": "gt", "value": energy},
                {"field": "last_played", "op": "not_in_last", "value": {"count": days, "unit": "days"}}]},
              "sort": [{"field": "tempo", "order": "asc"}]}],
               "per_artist": 2, "limit": {"minutes": 90}});
        let rules = SmartRules::from_json(&rule).unwrap();
        let started = Instant::now();
        let shown = preview(&pool, editor, &rules, step as u64, time::OffsetDateTime::now_utc()).await.unwrap();
        times.push(started.elapsed());
        assert!(shown.matched >= shown.track_ids.len());
    }
    times.sort();
    let at = |share: f64| times[((times.len() as f64 * share).ceil() as usize).saturating_sub(1)];
    println!(
        "previews of a {preview_tracks}-track library while editing ({previews} previews): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        at(0.5).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        times.last().unwrap().as_secs_f64() * 1000.0
    );
    cluster.finish(pool).await;
}

/// Runs the reference `runs` times: the median of its total times and its answers (track ids per rule).
fn run_python(
    url: &str,
    user: i64,
    input: &std::path::Path,
    runs: usize,
) -> Option<(Duration, Duration, Vec<Vec<String>>)> {
    let python = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = format!("{}/benches/rules_reference.py", env!("CARGO_MANIFEST_DIR"));
    let mut times = Vec::new();
    let mut evaluating = Vec::new();
    let mut answers = None;
    for _ in 0..runs {
        let output =
            std::process::Command::new(&python).arg(&script).arg(url).arg(user.to_string()).arg(input).output();
        match output {
            Ok(output) if output.status.success() => {
                let answer: Value = serde_json::from_slice(&output.stdout).expect("the reference prints JSON");
                times.push(Duration::from_secs_f64(answer["total_seconds"].as_f64().unwrap()));
                evaluating.push(Duration::from_secs_f64(answer["evaluating_seconds"].as_f64().unwrap()));
                answers = Some(
                    answer["tracks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|ids| ids.as_array().unwrap().iter().map(|id| id.as_str().unwrap().to_owned()).collect())
                        .collect(),
                );
            }
            Ok(output) => {
                let why = String::from_utf8_lossy(&output.stderr);
                println!("  Python reference skipped: {}", why.lines().last().unwrap_or(""));
                return None;
            }
            Err(error) => {
                println!("  Python reference skipped: {python} could not run ({error})");
                return None;
            }
        }
    }
    answers.map(|answers| (median(times), median(evaluating), answers))
}
