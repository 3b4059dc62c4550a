//! Browser sessions stored in PostgreSQL. The cookie is signed with the configured key, `HttpOnly`, `SameSite=Lax`
//! (Strict would drop it on the way back from Spotify's consent page) and, on an https site, `Secure` with the
//! `__Host-` prefix. Sessions end after an idle period and, however active, after an absolute lifetime.

use crossfade_app::Chain;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use crossfade_domain::SiteOrigin;
use sqlx::PgPool;
use time::OffsetDateTime;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::service::SignedCookie;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::settings::Settings;

/// Session key holding the Unix time the session began, for the absolute lifetime.
const STARTED_AT: &str = "started_at";

/// The session layer as the server installs it.
pub fn layer(settings: &Settings, pool: &PgPool) -> SessionManagerLayer<PostgresStore, SignedCookie> {
    layer_for(&settings.origin, settings.session_key.bytes(), settings.session_idle, PostgresStore::new(pool.clone()))
}

/// Builds the session layer from its parts (tests use this with their own store and origin).
pub fn layer_for(
    origin: &SiteOrigin,
    key: &[u8],
    idle: Duration,
    store: PostgresStore,
) -> SessionManagerLayer<PostgresStore, SignedCookie> {
    let secure = origin.is_secure();
    let idle = time::Duration::try_from(idle).unwrap_or(time::Duration::days(14));
    SessionManagerLayer::new(store)
        .with_name(if secure { "__Host-crossfade-session" } else { "crossfade-session" })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
        .with_signed(Key::from(key))
}

/// Marks the start of a signed-in session so its absolute lifetime can be enforced.
pub async fn begin(session: &Session) -> Result<(), tower_sessions::session::Error> {
    session.insert(STARTED_AT, OffsetDateTime::now_utc().unix_timestamp()).await
}

/// Middleware: ends any session older than `lifetime`, whatever its activity.
pub async fn enforce_lifetime(
    State(lifetime): State<Duration>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    if let Ok(Some(started)) = session.get::<i64>(STARTED_AT).await {
        let age = OffsetDateTime::now_utc().unix_timestamp().saturating_sub(started);
        if (age < 0 || age as u64 >= lifetime.as_secs())
            && let Err(error) = session.flush().await
        {
            tracing::error!(error = %Chain(&error), "could not end an expired session");
        }
    }
    next.run(request).await
}

/// Deletes expired sessions every `interval` until the task is aborted.
pub fn spawn_cleanup(pool: PgPool, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let store = PostgresStore::new(pool);
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            if let Err(error) = tower_sessions::ExpiredDeletion::delete_expired(&store).await {
                tracing::warn!(error = %Chain(&error), "deleting expired sessions failed; will retry");
            }
        }
    })
}
