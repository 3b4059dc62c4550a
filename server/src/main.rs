//! `crossfade-server`: reads the settings, starts logging and serves Crossfade until Ctrl-C or SIGTERM.

use std::process::ExitCode;

use anyhow::Context as _;
use crossfade_server::settings::Settings;
use crossfade_server::{startup, telemetry};

/// Rendering a page allocates and frees many small strings; glibc's allocator spent about a quarter of the server's
/// time on them in the page benchmark.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // Only the working directory's .env (dotenvy's default would also search parent directories). A missing one is
    // the normal case; a malformed one is reported by the settings it breaks.
    let _ = dotenvy::from_path(".env");
    match serve().await {
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
