//! Starting and stopping the sandbox: binding the socket, building the world, assembling the router.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::control::Control;
use crate::errors::{ApiError, SandboxError};
use crate::faults::{api_gate, counted_gate};
use crate::state::{Sandbox, SharedSandbox};
use crate::{accounts, admin, api, export, images, world};

/// A sandbox serving on a local port. Dropping it (or calling `shutdown`) stops the server.
#[derive(Debug)]
pub struct RunningSandbox {
    addr: SocketAddr,
    sandbox: SharedSandbox,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl RunningSandbox {
    /// The accounts service root (`/authorize`, `/api/token`), e.g. `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> Url {
        self.sandbox.base_url.clone()
    }

    /// The Web API root, e.g. `http://127.0.0.1:PORT/v1/`.
    pub fn api_base_url(&self) -> Url {
        self.sandbox.api_base_url.clone()
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// In-process control of this sandbox.
    pub fn control(&self) -> Control {
        Control::new(Arc::clone(&self.sandbox))
    }

    /// Stops accepting requests and waits for the server to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
        if let Some(server) = self.server.take()
            && let Err(error) = server.await
        {
            tracing::warn!(%error, "the sandbox server task ended abnormally");
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
    }
}

/// Builds the world from `config`, binds `addr` (tests pass `127.0.0.1:0`) and serves until shut down.
pub async fn start(config: SandboxConfig, addr: SocketAddr) -> Result<RunningSandbox, SandboxError> {
    let listener = TcpListener::bind(addr).await.map_err(|source| SandboxError::Bind { addr, source })?;
    let local = listener.local_addr().map_err(|source| SandboxError::Bind { addr, source })?;
    let base_url =
        Url::parse(&format!("http://{local}/")).map_err(|error| SandboxError::Generation(error.to_string()))?;
    let start_time = config.start_time.unwrap_or_else(OffsetDateTime::now_utc);
    let mode = config.mode;
    let built = tokio::task::spawn_blocking(move || world::build(&config, start_time))
        .await
        .map_err(|error| SandboxError::Generation(error.to_string()))?;
    let (catalog, state) = built?;
    tracing::info!(
        tracks = catalog.tracks.len(),
        artists = catalog.artists.len(),
        users = state.users.len(),
        playlists = state.playlists.len(),
        "sandbox world generated"
    );
    let sandbox = Arc::new(Sandbox::new(mode, base_url, Arc::new(catalog), Clock::starting_at(start_time), state));
    let app = router(Arc::clone(&sandbox));
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(listener, service).with_graceful_shutdown(async {
            let _sender_gone = stopped.await;
        });
        if let Err(error) = served.await {
            tracing::error!(%error, "the sandbox server failed");
        }
    });
    tracing::info!(base_url = %sandbox.base_url, ?mode, "Spotify sandbox listening");
    Ok(RunningSandbox { addr: local, sandbox, stop: Some(stop), server: Some(server) })
}

/// Unknown paths: Spotify's JSON 404 under `/v1`, a plain 404 elsewhere.
async fn unknown_route(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/v1/") {
        ApiError::not_found("Service not found").into_response()
    } else {
        (StatusCode::NOT_FOUND, "Not found").into_response()
    }
}

fn router(sandbox: SharedSandbox) -> Router {
    let gated = Router::new()
        .nest("/v1", api::routes())
        .merge(accounts::token_routes())
        .route_layer(from_fn_with_state(Arc::clone(&sandbox), api_gate));
    let consent = accounts::consent_routes().route_layer(from_fn_with_state(Arc::clone(&sandbox), counted_gate));
    Router::new()
        .merge(gated)
        .merge(consent)
        .merge(admin::routes(Arc::clone(&sandbox)))
        .route("/sandbox/images/{id}/{size}", get(images::cover))
        .route("/sandbox/users/{id}/streaming-history.json", get(export::streaming_history))
        .fallback(unknown_route)
        .with_state(sandbox)
}
