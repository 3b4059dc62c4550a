//! The PostgreSQL connection pool and the migrations that shape the database.

use std::str::FromStr as _;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// Every migration under `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// Opens the pool and checks the database answers. Every connection has `statement_timeout` set: PostgreSQL cancels
/// a statement that runs longer (a page read whose browser left, a runaway query) instead of working on.
pub async fn connect(
    url: &SecretString,
    max_connections: u32,
    statement_timeout: Duration,
) -> Result<PgPool, sqlx::Error> {
    let options = PgConnectOptions::from_str(url.expose_secret())?
        .options([("statement_timeout", format!("{}ms", statement_timeout.as_millis()))]);
    pool_options(max_connections).connect_with(options).await
}

/// Pool settings shared by the server and its tests; a short acquire timeout keeps `/readyz` honest.
pub fn pool_options(max_connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .idle_timeout(Duration::from_secs(600))
}

/// Whether the database answers a query.
pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT 1 AS "alive!""#).fetch_one(pool).await.map(drop)
}
