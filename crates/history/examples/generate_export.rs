//! Writes a generated export zip: `cargo run --release -p crossfade-history --example generate_export -- OUT.zip
//! [PLAYS] [SEED]` (a million plays and seed 1 unless given).

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: generate_export OUT.zip [PLAYS] [SEED]");
        return ExitCode::FAILURE;
    };
    let plays = args.next().and_then(|plays| plays.parse().ok()).unwrap_or(1_000_000);
    let seed = args.next().and_then(|seed| seed.parse().ok()).unwrap_or(1);
    let written =
        File::create(&out).and_then(|file| crossfade_history::write_export_zip(BufWriter::new(file), plays, seed));
    match written {
        Ok(export) => {
            println!(
                "{out}: {} songs, {} episodes, {} other in {} files",
                export.songs,
                export.episodes,
                export.other,
                export.files.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{out}: {error}");
            ExitCode::FAILURE
        }
    }
}
