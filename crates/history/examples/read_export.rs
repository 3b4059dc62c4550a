//! Reads an export without storing it, to measure the parser alone: `cargo run --release -p crossfade-history
//! --example read_export -- EXPORT`.

use std::convert::Infallible;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: read_export EXPORT");
        return ExitCode::FAILURE;
    };
    let started = Instant::now();
    let limits = crossfade_history::Limits::default();
    let read = crossfade_history::read_export(Path::new(&path), &path, limits, |_| Ok::<_, Infallible>(()), |_| {});
    let elapsed = started.elapsed().as_secs_f64();
    match read {
        Ok(summary) => {
            let records = summary.records();
            println!("{records} records in {elapsed:.2} s: {:.0} records/s ({summary:?})", records as f64 / elapsed);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
