//! Benchmark: the insights of a 100,000-track collection, end to end (reading the rows from PostgreSQL and
//! computing every figure, and opening the figures as kept since the read model last moved), against the original
//! app's approach, a pandas DataFrame over the same rows
//! (`insights_reference.py`). Checks that both arrive at the same numbers, then prints both times and the ratio.
//! Nothing asserts a time.
//!
//! `cargo bench -p crossfade-library --bench insights` (uses `DATABASE_URL`'s server if set, else a private
//! cluster). Knobs: `BENCH_TRACKS` (100000), `BENCH_RUNS` (5, the median is reported), `BENCH_PYTHON` (python3).
//! The reference needs `pip install pandas psycopg2-binary`; without it only Crossfade's figures are printed.

#[path = "../tests/common/mod.rs"]
mod common;
mod reference;

use std::time::{Duration, Instant};

use common::{bench_database, peak_memory_mib};
use crossfade_domain::{CollectionInsights, GenreTree, MEASURES, SCATTER_AXES, TrackCollection};
use crossfade_library::insights::collection_report;
use crossfade_store::insights::collection_tracks;
use reference::{knob, median, run_reference};
use serde_json::Value;

/// A library of `tracks` liked songs whose values spread like real ones: most values known, some not, features
/// around their usual means, BPM 60–200, keys on the whole wheel, a few genres and 400 labels.
const SEED: &str = r#"
SELECT setseed(0.42);
INSERT INTO track_facts (user_id, track_id, liked_at, playlists, plays, skips, in_catalog, title, artist_ids,
                         artist_names, artists, album_id, album_name, duration_ms, explicit, release_year,
                         danceability, energy, valence, acousticness, instrumentalness, speechiness, liveness,
                         loudness, tempo, key, mode, genres, label, label_key, value_sources)
SELECT $1, 'benchTrack' || lpad(n::text, 12, '0'), now() - n * interval '1 minute', 0,
       (random() * random() * 60)::int, (random() * random() * 8)::int, true, 'Track ' || n,
       ARRAY['benchArtist' || (n % 5000)], ARRAY['Artist ' || (n % 5000)], 'Artist ' || (n % 5000),
       'benchAlbum' || (n % 20000), 'Album ' || (n % 20000),
       CASE WHEN random() < 0.98 THEN 90000 + (random() * 330000)::int END,
       CASE WHEN random() < 0.95 THEN random() < 0.12 END,
       CASE WHEN random() < 0.97 THEN 1955 + (random() * 70)::int END,
       CASE WHEN random() < 0.9 THEN round((0.2 + random() * 0.75)::numeric, 3)::real END,
       CASE WHEN random() < 0.9 THEN round((0.05 + random() * 0.95)::numeric, 3)::real END,
       CASE WHEN random() < 0.9 THEN round(random()::numeric, 3)::real END,
       CASE WHEN random() < 0.9 THEN round((random() * random())::numeric, 4)::real END,
       CASE WHEN random() < 0.9 THEN round((random() ^ 4)::numeric, 4)::real END,
       CASE WHEN random() < 0.9 THEN round((0.02 + random() * 0.3)::numeric, 4)::real END,
       CASE WHEN random() < 0.9 THEN round((0.03 + random() * 0.6)::numeric, 4)::real END,
       CASE WHEN random() < 0.9 THEN round((-20 + random() * 18)::numeric, 3)::real END,
       CASE WHEN random() < 0.85 THEN round((60 + random() * 140)::numeric, 3)::real END,
       k.key, k.mode,
       string_to_array((ARRAY['deep-house', 'techno', 'jazz', 'hip-hop', 'rock', ''])[1 + n % 6], ','),
       'Label ' || (n % 400), 'label-' || (n % 400),
       '{"energy": "reccobeats", "tempo": "deezer", "label": "musicbrainz"}'::jsonb
FROM generate_series(1, $2::int) AS n
-- The lateral names `n`, so it is drawn again for every track (an uncorrelated one is drawn once for all).
CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.85 THEN (random() * 11)::int + 0 * n END AS key,
                           (random() < 0.6)::int + 0 * n AS mode) AS k;
INSERT INTO library_summary (user_id, tracks, liked, listed, heard_only) VALUES ($1, $2::int, $2::int, 0, 0);
"#;

#[tokio::main]
async fn main() {
    let tracks = knob("BENCH_TRACKS", 100_000);
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
        let query = if statement.contains("$1") { query.bind(user).bind(tracks as i64) } else { query };
        query.execute(&pool).await.unwrap();
    }
    sqlx::query("ANALYZE track_facts").execute(&pool).await.unwrap();
    println!("insights of a {tracks}-track collection (the whole library), median of {runs} runs:");

    let axes = SCATTER_AXES;
    let mut ends = Vec::new();
    let mut kept = Vec::new();
    let mut reads = Vec::new();
    let mut computes = Vec::new();
    let mut insights = None;
    for _ in 0..runs {
        // Computed from the rows: the read model moved since the figures were last kept.
        sqlx::query("UPDATE library_summary SET version = version + 1 WHERE user_id = $1")
            .bind(user)
            .execute(&pool)
            .await
            .unwrap();
        let started = Instant::now();
        let report = collection_report(&pool, user, &TrackCollection::Library, axes).await.unwrap().unwrap();
        ends.push(started.elapsed());
        // The page keeps its figures behind its answer: wait until they are kept.
        loop {
            let kept: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT FROM collection_insights c JOIN library_summary s USING (user_id)
                                WHERE c.user_id = $1 AND c.collection = 'library' AND c.version = s.version)",
            )
            .bind(user)
            .fetch_one(&pool)
            .await
            .unwrap();
            if kept {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Opened again before anything changed: the figures as kept.
        let started = Instant::now();
        let again = collection_report(&pool, user, &TrackCollection::Library, axes).await.unwrap().unwrap();
        kept.push(started.elapsed());
        assert_eq!(again.insights, report.insights, "the kept figures are the computed ones");
        insights = Some(report.insights);
        let started = Instant::now();
        let read = collection_tracks(&pool, user, &TrackCollection::Library).await.unwrap().unwrap();
        reads.push(started.elapsed());
        let started = Instant::now();
        std::hint::black_box(CollectionInsights::of(&read.tracks, GenreTree::get()));
        computes.push(started.elapsed());
    }
    let insights = insights.unwrap();
    let ours = median(ends);
    let kept = median(kept);
    println!(
        "  Crossfade: {:.0} ms end to end computed from the rows (reading them {:.0} ms, every figure {:.0} ms on one \
         core); {:.1} ms as kept since the read model last moved; peak memory {:.0} MiB",
        ours.as_secs_f64() * 1000.0,
        median(reads).as_secs_f64() * 1000.0,
        median(computes).as_secs_f64() * 1000.0,
        kept.as_secs_f64() * 1000.0,
        peak_memory_mib()
    );

    let reference = run_reference("insights_reference.py", &cluster.url, user, runs);
    if let Some((theirs, answer)) = reference {
        let mismatches = compare(&insights, &answer["figures"]);
        println!(
            "  pandas:    {:.0} ms end to end (reading the rows into a DataFrame {:.0} ms)",
            theirs.as_secs_f64() * 1000.0,
            answer["read_seconds"].as_f64().unwrap() * 1000.0
        );
        println!(
            "  Crossfade is {:.1}× faster computing from the rows, {:.0}× faster opening the kept figures",
            theirs.as_secs_f64() / ours.as_secs_f64(),
            theirs.as_secs_f64() / kept.as_secs_f64()
        );
        if mismatches.is_empty() {
            println!("  every figure agrees (means and spreads within 1e-9 relative)");
        } else {
            println!("  FIGURES DIFFER:");
            for mismatch in mismatches {
                println!("    {mismatch}");
            }
        }
    }
    cluster.finish(pool).await;
}

/// Notes `what` when `ours` and `theirs` differ by more than rounding.
fn check_number(differ: &mut Vec<String>, what: String, ours: Option<f64>, theirs: &Value) {
    let same = match (ours, theirs.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    };
    if !same {
        differ.push(format!("{what}: {ours:?} against {theirs}"));
    }
}

/// Where Crossfade's figures and the reference's differ, in words.
fn compare(insights: &CollectionInsights, theirs: &Value) -> Vec<String> {
    let mut differ = Vec::new();
    check_number(&mut differ, "tracks".into(), Some(insights.tracks as f64), &theirs["tracks"]);
    check_number(&mut differ, "total length".into(), Some(insights.total_ms as f64), &theirs["total_ms"]);
    check_number(&mut differ, "explicit".into(), Some(insights.explicit.0 as f64), &theirs["explicit"]);
    let measures =
        MEASURES.iter().map(|f| f.code()).zip(&insights.measures).chain([("length_seconds", &insights.duration)]);
    for (code, summary) in measures {
        let reference = &theirs["measures"][code];
        check_number(&mut differ, format!("{code} count"), Some(summary.count as f64), &reference["count"]);
        check_number(&mut differ, format!("{code} mean"), summary.mean, &reference["mean"]);
        check_number(&mut differ, format!("{code} median"), summary.median, &reference["median"]);
        check_number(&mut differ, format!("{code} std_dev"), summary.std_dev, &reference["std_dev"]);
        check_number(&mut differ, format!("{code} min"), summary.min, &reference["min"]);
        check_number(&mut differ, format!("{code} max"), summary.max, &reference["max"]);
        let bins: Vec<u64> = reference["histogram"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
        if bins != summary.histogram.counts {
            differ.push(format!("{code} histogram: {:?} against {bins:?}", summary.histogram.counts));
        }
    }
    for superlative in &insights.superlatives {
        let reference = theirs["extremes"][superlative.kind.label()].as_str().unwrap_or("");
        if reference != superlative.track.track_id {
            differ.push(format!("{}: {} against {reference}", superlative.kind.label(), superlative.track.track_id));
        }
    }
    for (decade, count) in &insights.decades {
        check_number(&mut differ, format!("{decade}s"), Some(*count as f64), &theirs["decades"][decade.to_string()]);
    }
    for entry in insights.keys.iter().filter(|entry| entry.count > 0) {
        let camelot = entry.key.camelot();
        check_number(
            &mut differ,
            format!("key {camelot}"),
            Some(entry.count as f64),
            &theirs["keys"][camelot.as_str()],
        );
    }
    differ
}
