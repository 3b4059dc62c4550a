//! The sandbox binary: starts a Spotify sandbox from flags or the environment, prints its URLs, runs until
//! Ctrl-C.

mod args;

use std::process::ExitCode;

use crossfade_spotify_sandbox::{Provider, SandboxError};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let options = match args::parse(|name| std::env::var(name).ok(), std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let sandbox = match crossfade_spotify_sandbox::start(options.config, options.addr).await {
        Ok(sandbox) => sandbox,
        Err(error @ SandboxError::RemoteAddress { .. }) => {
            eprintln!(
                "cannot start the sandbox: {error}: pass --allow-remote or set CROSSFADE_SANDBOX_ALLOW_REMOTE=true"
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("cannot start the sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    if !sandbox.local_addr().ip().to_canonical().is_loopback() {
        let addr = sandbox.local_addr();
        tracing::warn!(%addr, "serving beyond this machine: anyone who reaches the sandbox can sign in as a demo user");
    }
    println!("Spotify sandbox listening");
    println!("  accounts service: {}", sandbox.base_url());
    println!("  Web API:          {}", sandbox.api_base_url());
    for provider in Provider::ALL {
        println!("  {:<17} {}", format!("{provider}:"), sandbox.provider_base_url(provider));
    }
    for user in sandbox.control().demo_users() {
        let plan = if user.premium { "Premium" } else { "Free" };
        println!(
            "  demo user {:<12} {:<12} {:>6} liked songs, {:>3} playlists, {plan}",
            user.id, user.display_name, user.liked_songs, user.playlists
        );
    }
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {error}");
    }
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
