//! The server's database connections: PostgreSQL stops a statement that runs past the configured timeout, so a page
//! whose browser left does not keep the database working.

use std::time::{Duration, Instant};

use secrecy::SecretString;

#[tokio::test]
async fn a_statement_past_the_timeout_is_cancelled() {
    let url = SecretString::from(std::env::var("DATABASE_URL").expect("DATABASE_URL names the test database server"));
    let pool = crossfade_server::db::connect(&url, 2, Duration::from_millis(300)).await.unwrap();
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout").fetch_one(&pool).await.unwrap();
    assert_eq!(timeout, "300ms");
    let started = Instant::now();
    let error = sqlx::query("SELECT pg_sleep(5)").execute(&pool).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "cancelled after {:?}", started.elapsed());
    let code = error.as_database_error().and_then(|error| error.code()).map(|code| code.into_owned());
    assert_eq!(code.as_deref(), Some("57014"), "query_canceled: {error}");
    // The connection stays usable for the next request.
    let alive: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&pool).await.unwrap();
    assert_eq!(alive, 1);
}
