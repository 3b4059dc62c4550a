//! Starting and stopping the sandbox: checking and binding the address, building the world, assembling the router.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Router, ServiceExt};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::normalize_path::NormalizePath;
use url::Url;

use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::control::Control;
use crate::errors::{ApiError, SandboxError};
use crate::faults::{api_gate, counted_gate};
use crate::providers::{self, Provider};
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

    /// The root of a provider's emulation, e.g. `http://127.0.0.1:PORT/deezer`: use it where the
    /// real base URL (`https://api.deezer.com`) would go.
    pub fn provider_base_url(&self, provider: Provider) -> Url {
        let mut url = self.sandbox.base_url.clone();
        url.set_path(provider.path_prefix());
        url
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
/// A non-loopback `addr` is refused unless `config.allow_remote` is set.
pub async fn start(config: SandboxConfig, addr: SocketAddr) -> Result<RunningSandbox, SandboxError> {
    if !config.allow_remote && !is_loopback(addr) {
        return Err(SandboxError::RemoteAddress { addr });
    }
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
    let app = service(Arc::clone(&sandbox));
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        // The admin API refuses requests whose peer it cannot see, so the peer address must be recorded.
        let service = ServiceExt::<Request>::into_make_service_with_connect_info::<SocketAddr>(app);
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

/// Whether `addr` is this machine only (IPv4-mapped IPv6 loopback included).
pub(crate) fn is_loopback(addr: SocketAddr) -> bool {
    addr.ip().to_canonical().is_loopback()
}

/// Unknown paths: Spotify's JSON 404 under `/v1`, a plain 404 elsewhere.
async fn unknown_route(uri: axum::http::Uri) -> Response {
    if uri.path() == "/v1" || uri.path().starts_with("/v1/") {
        ApiError::not_found("Service not found").into_response()
    } else {
        (StatusCode::NOT_FOUND, "Not found").into_response()
    }
}

/// The router behind trailing-slash trimming: Spotify answers `/v1/me/` exactly like `/v1/me`. The trimming must
/// wrap the router rather than be one of its layers, because a router's layers run after the route is chosen.
fn service(sandbox: SharedSandbox) -> NormalizePath<Router> {
    NormalizePath::trim_trailing_slash(router(sandbox))
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
        .merge(providers::routes(&sandbox))
        .route("/sandbox/images/{id}/{size}", get(images::cover))
        .route("/sandbox/users/{id}/streaming-history.json", get(export::streaming_history))
        .fallback(unknown_route)
        .with_state(sandbox)
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use axum::extract::ConnectInfo;
    use axum::http::header;
    use serde_json::Value;
    use tower::ServiceExt as _;

    use super::*;
    use crate::config::{CatalogOptions, DemoUserSpec};

    fn small_sandbox() -> SharedSandbox {
        let config = SandboxConfig {
            catalog: CatalogOptions { tracks: 200, shows: 1, csv: None },
            users: vec![DemoUserSpec::new("tessa", "Tessa", 5, 2)],
            ..SandboxConfig::default()
        };
        let now = OffsetDateTime::now_utc();
        let (catalog, state) = world::build(&config, now).expect("world");
        let base_url = Url::parse("http://127.0.0.1:3030/").expect("url");
        Arc::new(Sandbox::new(config.mode, base_url, Arc::new(catalog), Clock::starting_at(now), state))
    }

    /// `GET /sandbox/users` for `Host: 127.0.0.1:3030`, from `peer` when given.
    async fn list_users(peer: Option<SocketAddr>) -> (StatusCode, Value) {
        let mut request = axum::http::Request::get("/sandbox/users")
            .header(header::HOST, "127.0.0.1:3030")
            .body(Body::empty())
            .expect("request");
        if let Some(peer) = peer {
            request.extensions_mut().insert(ConnectInfo(peer));
        }
        let response = service(small_sandbox()).oneshot(request).await.expect("infallible");
        let status = response.status();
        let body = to_bytes(response.into_body(), usize::MAX).await.expect("body");
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    #[tokio::test]
    async fn a_router_served_without_connect_info_refuses_admin_requests() {
        let (status, body) = list_users(None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body["error"].as_str().is_some_and(|e| e.contains("where this request comes from")), "{body}");

        let (status, body) = list_users(Some(SocketAddr::from(([127, 0, 0, 1], 40000)))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body[0]["id"], "tessa");

        let (status, _) = list_users(Some(SocketAddr::from(([192, 0, 2, 7], 40000)))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    #[test]
    fn loopback_means_this_machine_only() {
        assert!(is_loopback(SocketAddr::from(([127, 0, 0, 2], 1))));
        assert!(is_loopback("[::1]:1".parse().expect("addr")));
        assert!(is_loopback("[::ffff:127.0.0.1]:1".parse().expect("addr")));
        assert!(!is_loopback("[::]:1".parse().expect("addr")));
        assert!(!is_loopback(SocketAddr::from(([192, 168, 1, 5], 1))));
    }
}
