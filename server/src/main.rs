//! `crossfade-server`: serves Crossfade, or (`embedded-postgres DIR`) runs only its PostgreSQL cluster, printing the
//! database URL, for tools and tests that need a database.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use crossfade_server::embedded_postgres::EmbeddedPostgres;
use crossfade_server::settings::{LogFormat, Settings};
use crossfade_server::{startup, telemetry};
use secrecy::ExposeSecret as _;

const USAGE: &str = "usage: crossfade-server [serve]\n       crossfade-server embedded-postgres <dir>";

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is the normal case; a malformed one is reported by the settings it breaks.
    let _ = dotenvy::dotenv();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] | ["serve"] => serve().await,
        ["embedded-postgres", dir] => embedded_postgres(PathBuf::from(dir)).await,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(anyhow::anyhow!("{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "Crossfade stopped with an error");
            eprintln!("crossfade-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = Settings::from_env().context("invalid configuration")?;
    telemetry::init_logging(settings.log_format);
    startup::run(settings).await?;
    Ok(())
}

async fn embedded_postgres(dir: PathBuf) -> anyhow::Result<()> {
    telemetry::init_logging(LogFormat::Text);
    let cluster = EmbeddedPostgres::start(&dir).await?;
    println!("{}", cluster.database_url().expose_secret());
    startup::shutdown_signal().await;
    cluster.stop().await?;
    Ok(())
}
