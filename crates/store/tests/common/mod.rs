//! Helpers the store's database tests share: users, generated exports on disk, queued imports, and counts.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};

use crossfade_history::{GeneratedExport, write_export_zip};
use crossfade_store::plays::create_import;
use sqlx::PgPool;

pub async fn user(pool: &PgPool, key: &str) -> i64 {
    sqlx::query_scalar!("INSERT INTO users (spotify_account_key, spotify_user_id) VALUES ($1, $1) RETURNING id", key)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Song plays, episode plays and imports stored for the user.
pub async fn stored(pool: &PgPool, user_id: i64) -> (i64, i64, i64) {
    sqlx::query!(
        r#"SELECT (SELECT count(*) FROM plays WHERE user_id = $1) AS "plays!",
                  (SELECT count(*) FROM episode_plays WHERE user_id = $1) AS "episodes!",
                  (SELECT count(*) FROM history_imports WHERE user_id = $1) AS "imports!""#,
        user_id,
    )
    .fetch_one(pool)
    .await
    .map(|row| (row.plays, row.episodes, row.imports))
    .unwrap()
}

/// Writes a generated export of `plays` plays into `dir`.
pub fn generated(dir: &Path, plays: usize, seed: u64) -> (PathBuf, GeneratedExport) {
    let path = dir.join(format!("export-{plays}-{seed}.zip"));
    let export = write_export_zip(std::fs::File::create(&path).unwrap(), plays, seed).unwrap();
    (path, export)
}

/// Records the upload at `path` as a queued import.
pub async fn queue(pool: &PgPool, user_id: i64, path: &Path) -> i64 {
    let size = std::fs::metadata(path).unwrap().len() as i64;
    create_import(pool, user_id, "my_spotify_data.zip", size).await.unwrap()
}
