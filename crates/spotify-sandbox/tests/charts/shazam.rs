//! Shazam's chart downloads: the byte order mark, blank line and caption before `Rank,Artist,Title`, the file name,
//! comma-joined artists, genre charts, and the 404 for an unknown chart.

use crossfade_domain::Day;
use crossfade_spotify_sandbox::Provider;
use reqwest::StatusCode;

use super::{DAY, assert_well_formed, get, sandbox, shared};

#[tokio::test]
async fn the_top_200_and_the_genre_charts_download_as_csv() {
    let sandbox = sandbox().await;
    let answer = get(&sandbox, Provider::Shazam, "/services/charts/csv/top-200-global").await;
    assert_eq!(answer.file_name(), "shazam-top-200-global-2026-12-07.csv");
    assert_eq!(answer.headers["content-type"], "text/csv; charset=utf-8");
    assert!(answer.text().starts_with("\u{feff}\n\"Shazam Top 200 Global Chart 2026-12-07\"\nRank,Artist,Title\n1,"));
    let chart = answer.chart(&answer.file_name());
    assert_eq!((chart.entries.len(), chart.day), (200, Day::parse("2026-12-07")));
    assert_well_formed(&chart);
    assert!(chart.entries.iter().any(|entry| entry.artists.contains(", ")), "artists are comma-joined");

    let genre = get(&sandbox, Provider::Shazam, "/services/charts/csv/hip-hop-rap-global").await;
    assert_eq!(genre.file_name(), "shazam-hip-hop-rap-global-2026-12-07.csv");
    let hip_hop = genre.chart(&genre.file_name());
    assert_eq!(hip_hop.entries.len(), 100);
    assert!(shared(&chart, &hip_hop) < 0.9, "a genre chart is not the top of the global one");
    assert_eq!(
        get(&sandbox, Provider::Shazam, "/services/charts/csv/polka-global").await.status,
        StatusCode::NOT_FOUND
    );

    assert_eq!(get(&sandbox, Provider::Shazam, "/services/charts/csv/top-200-global").await.bytes, answer.bytes);
    sandbox.control().advance_clock(DAY);
    let next = get(&sandbox, Provider::Shazam, "/services/charts/csv/top-200-global").await;
    assert_eq!(next.file_name(), "shazam-top-200-global-2026-12-08.csv");
    let overlap = shared(&chart, &next.chart(&next.file_name()));
    assert!((0.85..1.0).contains(&overlap), "{overlap}");
}
