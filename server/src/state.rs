//! What every request handler can reach: the pool, the site's origin and the Leptos options.

use axum::extract::FromRef;
use crossfade_domain::SiteOrigin;
use leptos::config::LeptosOptions;
use metrics_exporter_prometheus::PrometheusHandle;
use sqlx::PgPool;

/// Shared, cheaply cloned application state.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub origin: SiteOrigin,
    pub metrics: PrometheusHandle,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
