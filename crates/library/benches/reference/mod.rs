//! What the benchmarks that compare against a pandas reference share: their knobs, medians, and running the
//! reference script (which prints its figures and times as JSON) a number of times.

use std::time::Duration;

use serde_json::Value;

pub fn knob(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Runs `benches/{script}` with the database URL and user `runs` times (`BENCH_PYTHON`, else python3): the median
/// of its reported totals and its last answer; None (saying why) when Python or its packages are missing.
pub fn run_reference(script: &str, url: &str, user: i64, runs: usize) -> Option<(Duration, Value)> {
    let python = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = format!("{}/benches/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut times = Vec::new();
    let mut answer = None;
    for _ in 0..runs {
        match std::process::Command::new(&python).arg(&script).arg(url).arg(user.to_string()).output() {
            Ok(output) if output.status.success() => {
                let figures: Value = serde_json::from_slice(&output.stdout).expect("the reference prints JSON");
                times.push(Duration::from_secs_f64(figures["total_seconds"].as_f64().unwrap()));
                answer = Some(figures);
            }
            Ok(output) => {
                let why = String::from_utf8_lossy(&output.stderr);
                println!("  pandas reference skipped: {}", why.lines().last().unwrap_or(""));
                return None;
            }
            Err(error) => {
                println!("  pandas reference skipped: {python} could not run ({error})");
                return None;
            }
        }
    }
    answer.map(|answer| (median(times), answer))
}
