//! The catalog: CSV import through the sandbox (good file, skipped rows, strict rejection) and determinism.

mod common;

use common::*;
use crossfade_spotify_sandbox::catalog::{CsvError, build_catalog};
use crossfade_spotify_sandbox::{CatalogOptions, CsvCatalog, SandboxConfig, SandboxError, start};
use reqwest::StatusCode;
use time::macros::datetime;

const GOOD: &str = include_str!("data/tracks-good.csv");
const MALFORMED: &str = include_str!("data/tracks-malformed.csv");

fn csv_config(text: &str, strict: bool) -> SandboxConfig {
    SandboxConfig {
        catalog: CatalogOptions { csv: Some(CsvCatalog { text: text.into(), strict }), ..CatalogOptions::default() },
        ..small_config()
    }
}

#[tokio::test]
async fn a_good_csv_becomes_the_catalog() {
    let sandbox = start(csv_config(GOOD, true), loopback()).await.unwrap();
    let catalog = sandbox.control().catalog();
    assert_eq!(catalog.tracks.len(), 5, "the duplicate track id is kept once");
    assert_eq!(catalog.artists.len(), 4);
    let hold_on = &catalog.tracks[catalog.track_index("4qPNDBW1i3p13qLCt0Ki3A").unwrap()];
    assert_eq!(hold_on.artists.len(), 2);
    assert_eq!(catalog.albums[hold_on.album].name, "Hold On, Wait");
    let comedy = catalog.albums.iter().find(|a| a.name == "Comedy").unwrap();
    assert_eq!(comedy.tracks.len(), 2, "rows with the same album and artist share an album");

    let token = grant(&sandbox, "tessa").access_token;
    let (status, track) = get(&sandbox, &token, "tracks/5vjLSffimiIP26QG5WcN2K").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(track["name"], "Paper Planes");
    assert_eq!(track["duration_ms"], 198_853);
    assert!(sandbox.control().skipped_csv_rows().is_empty());
    let (_, liked) = get(&sandbox, &token, "me/tracks?limit=50").await;
    assert_eq!(liked["total"], 5, "libraries are capped by the catalog's size");
}

#[tokio::test]
async fn malformed_rows_are_skipped_with_their_line_numbers() {
    let sandbox = start(csv_config(MALFORMED, false), loopback()).await.unwrap();
    let skipped = sandbox.control().skipped_csv_rows();
    let lines: Vec<u64> = skipped.iter().map(|row| row.line).collect();
    assert_eq!(lines, vec![3, 4, 5], "{skipped:?}");
    assert!(skipped[1].reason.contains("danceability"), "{}", skipped[1].reason);
    assert_eq!(sandbox.control().catalog().tracks.len(), 2);
}

#[tokio::test]
async fn strict_mode_rejects_the_file_naming_the_line() {
    let error = start(csv_config(MALFORMED, true), loopback()).await.unwrap_err();
    let message = error.to_string();
    assert!(message.contains("line 3"), "{message}");
    assert!(matches!(error, SandboxError::Catalog(_)));
    let missing = start(csv_config("track_id,artists\nx,y\n", false), loopback()).await.unwrap_err();
    assert!(missing.to_string().contains("album_name"), "{missing}");
}

#[test]
fn parser_reports_the_same_lines_directly() {
    let parsed = crossfade_spotify_sandbox::catalog::parse_tracks_csv(MALFORMED, false).unwrap();
    assert_eq!(parsed.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 6]);
    assert_eq!(
        crossfade_spotify_sandbox::catalog::parse_tracks_csv(MALFORMED, true).unwrap_err(),
        CsvError::Malformed { line: 3, reason: "artists is empty".into() }
    );
}

#[test]
fn the_same_seed_gives_the_same_catalog() {
    let options = CatalogOptions { tracks: 3_000, ..CatalogOptions::default() };
    let today = time::macros::date!(2026 - 06 - 01);
    let (a, _) = build_catalog(42, &options, today, 0).unwrap();
    let (b, _) = build_catalog(42, &options, today, 0).unwrap();
    let (c, _) = build_catalog(43, &options, today, 0).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.tracks.iter().map(|t| &t.id).collect::<Vec<_>>(), c.tracks.iter().map(|t| &t.id).collect::<Vec<_>>());
}

/// The first page of liked songs and of playlists, with the sandbox's own address removed.
async fn snapshot_of(sandbox: &crossfade_spotify_sandbox::RunningSandbox) -> (String, String) {
    let token = grant(sandbox, "marco").access_token;
    let base = sandbox.base_url().to_string();
    let (_, page) = get(sandbox, &token, "me/tracks?limit=50").await;
    let (_, playlists) = get(sandbox, &token, "me/playlists?limit=50").await;
    (page.to_string().replace(&base, "BASE/"), playlists.to_string().replace(&base, "BASE/"))
}

#[tokio::test]
async fn the_same_seed_gives_the_same_api_answers() {
    let config = || SandboxConfig { start_time: Some(datetime!(2026-05-01 12:00 UTC)), ..small_config() };
    let first = start(config(), loopback()).await.unwrap();
    let second = start(config(), loopback()).await.unwrap();
    let other = start(SandboxConfig { seed: 7, ..config() }, loopback()).await.unwrap();
    let (a, b, c) = (snapshot_of(&first).await, snapshot_of(&second).await, snapshot_of(&other).await);
    assert_eq!(a, b);
    assert_ne!(a.0, c.0);
}
