//! `crossfade-embedded-postgres DIR`: runs Crossfade's private PostgreSQL cluster in DIR, prints the database URL
//! on one line of stdout, and stops the cluster cleanly on SIGTERM or Ctrl-C. The test command and the query-cache
//! script use it when no `DATABASE_URL` is given.

use std::path::PathBuf;
use std::process::ExitCode;

use crossfade_embedded_postgres::EmbeddedPostgres;
use secrecy::ExposeSecret as _;
use tokio::signal::unix::{SignalKind, signal};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_writer(std::io::stderr).init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: crossfade-embedded-postgres <dir>");
        return ExitCode::from(2);
    };
    match run(PathBuf::from(dir)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("crossfade-embedded-postgres: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(dir: PathBuf) -> Result<(), Box<dyn std::error::Error>> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let cluster = EmbeddedPostgres::start(&dir).await?;
    println!("{}", cluster.database_url().expose_secret());
    tokio::select! {
        _ = terminate.recv() => {}
        _ = interrupt.recv() => {}
    }
    cluster.stop().await?;
    Ok(())
}
