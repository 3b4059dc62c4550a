//! The HTTP surface: Leptos pages and server functions, operations endpoints, static assets, and the middleware
//! stack around all of them. Tests build exactly this router.

use axum::Router;
use axum::routing::{get, post};
use crossfade_app::{App, shell};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::settings::{CALLBACK_PATH, Settings};
use crate::state::AppState;
use crate::{
    auth, chart_upload, charts_api, error_page, file_import, insights_export, ops, page_cache, release_upload,
    security, sessions, smart_export, telemetry, uploads,
};

/// The whole application: routes plus the production middleware stack.
pub fn router(state: AppState, settings: &Settings) -> Router {
    with_middleware(routes(&state, settings), state, settings)
}

fn routes(state: &AppState, settings: &Settings) -> Router<AppState> {
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.pool.clone());
            provide_context(state.origin.clone());
            provide_context(state.spotify.clone());
            provide_context(state.sign_in_mode.clone());
            provide_context(state.library.clone());
            provide_context(state.discover.clone());
            provide_context(state.queue.clone());
            provide_context(crossfade_library::charts::FetchedServices(state.chart_feeds.services()));
            provide_context(crossfade_library::releases::ReleaseFeedOn(state.release_feed.is_some()));
            provide_context(crossfade_library::releases::ReleaseFolderOn(state.release_folder.is_some()));
            provide_context(state.enrichment.clone());
            provide_context(crossfade_library::jobs::UploadFolder::new(state.library_settings.upload_dir.clone()));
        }
    };
    let options = state.leptos_options.clone();
    // Asset names are stable, so browsers must revalidate (ETag / Last-Modified make that cheap); the build puts a
    // compressed copy beside each large file, so none is compressed per request.
    let assets = |folder: &str| {
        ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-cache"),
            ))
            .service(ServeDir::new(settings.site_root.join(folder)).precompressed_br().precompressed_gzip())
    };
    Router::new()
        .leptos_routes_with_context(state, page_routes().clone(), context.clone(), move || shell(options.clone()))
        .route("/auth/sign-in", post(auth::start))
        .route(CALLBACK_PATH, get(auth::callback))
        .route("/auth/sign-out", post(auth::sign_out))
        .route(auth::CONSENT_PATH, post(auth::consent))
        .route("/smart/{id}/export", get(smart_export::export))
        .route(file_import::FORGET_PATH, post(file_import::forget))
        .route(insights_export::EXPORT_PATH, get(insights_export::export))
        .route(crossfade_domain::HISTORY_EXPORT_PATH, get(insights_export::history_export))
        .merge(charts_api::routes())
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(telemetry::serve_metrics))
        .nest_service("/pkg", assets("pkg"))
        // Vendored browser libraries (ECharts), loaded by pages that draw charts.
        .nest_service("/vendor", assets("vendor"))
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
}

/// The app's page routes, listed once per process. Listing them runs the app with resource loading switched off
/// for the whole process (Leptos keeps that switch in one global flag), so a page rendering on another thread at
/// that moment would wait forever for its data. The server builds its router once before it serves, but tests build
/// one per test while others render; listing the routes once keeps every router built after the first from pausing
/// everyone else's pages.
fn page_routes() -> &'static Vec<AxumRouteListing> {
    static ROUTES: std::sync::LazyLock<Vec<AxumRouteListing>> = std::sync::LazyLock::new(|| generate_route_list(App));
    &ROUTES
}

/// Wraps `routes` in the middleware every response passes through (outermost first: tracing, metrics, security
/// headers, panics, compression, timeout, cross-site check, sessions, the signed-in user, body limit). The history
/// upload and file import routes have no timeout: they may take as long as their bytes keep arriving, and refuse an
/// upload that stalls.
pub fn with_middleware(routes: Router<AppState>, state: AppState, settings: &Settings) -> Router {
    // `Router::layer` wraps what is already there, so the innermost layer comes first.
    let per_request = |routes: Router<AppState>| {
        routes
            .layer(axum::middleware::from_fn_with_state(state.page_cache.clone(), page_cache::serve))
            .layer(axum::middleware::from_fn_with_state(state.clone(), auth::load_viewer))
            .layer(axum::middleware::from_fn_with_state(settings.session_lifetime, sessions::enforce_lifetime))
            .layer(sessions::layer(settings, &state.pool))
            .layer(security::cross_site_guard(&state.origin))
    };
    // History exports are far larger than any other body: their route gets its own limit.
    let upload_limit = settings.library.upload_limit_bytes;
    let uploads = Router::new()
        .route(uploads::UPLOAD_PATH, post(uploads::upload))
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit))
        .layer(RequestBodyLimitLayer::new(upload_limit));
    // Files of enrichment values are read into memory whole, so their route has a fixed limit of its own. The
    // form reader enforces it (without a layer answering a bare 413 first), so the page can say what to do.
    let file_imports = Router::new()
        .route(file_import::IMPORT_PATH, post(file_import::import))
        .route(release_upload::RELEASES_PATH, post(release_upload::upload))
        .route(crossfade_app::charts::CHART_IMPORT_PATH, post(chart_upload::upload))
        .layer(axum::extract::DefaultBodyLimit::max(file_import::BODY_LIMIT_BYTES));
    let routes = routes
        .layer(axum::extract::DefaultBodyLimit::max(settings.body_limit_bytes))
        .layer(RequestBodyLimitLayer::new(settings.body_limit_bytes));
    per_request(routes)
        .layer(TimeoutLayer::with_status_code(http::StatusCode::SERVICE_UNAVAILABLE, settings.request_timeout))
        .merge(per_request(uploads))
        .merge(per_request(file_imports))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(error_page::panic_response))
        .layer(axum::middleware::from_fn_with_state(state.content_policy.clone(), security::headers))
        .layer(axum::middleware::from_fn(telemetry::record_request))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

fn request_span(request: &http::Request<axum::body::Body>) -> tracing::Span {
    let route = request.extensions().get::<axum::extract::MatchedPath>().map(|path| path.as_str().to_owned());
    tracing::info_span!(
        "request",
        method = %request.method(),
        route = route.as_deref().unwrap_or("unmatched"),
        path = %request.uri().path(),
    )
}
