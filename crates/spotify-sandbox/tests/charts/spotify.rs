//! Spotify's chart downloads: the CSV with its byte order mark and file name, weekly charts on Thursdays and daily
//! ones the day after, runs that agree with the previous chart, and every track known to the Web API.

use std::collections::HashMap;

use crossfade_domain::{ChartPeriod, Day};
use crossfade_spotify_sandbox::Provider;
use reqwest::StatusCode;

use super::{DAY, assert_well_formed, get, sandbox, shared};

const WEEKLY: &str = "/charts/regional-global-weekly";

#[tokio::test]
async fn the_latest_weekly_chart_is_last_thursdays_csv() {
    let sandbox = sandbox().await;
    let answer = get(&sandbox, Provider::SpotifyCharts, &format!("{WEEKLY}/latest/download")).await;
    assert_eq!(answer.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(answer.file_name(), "regional-global-weekly-2026-12-03.csv");
    assert!(answer.bytes.starts_with(
        "\u{feff}rank,uri,artist_names,track_name,source,peak_rank,previous_rank,weeks_on_chart,streams\n".as_bytes()
    ));
    let chart = answer.chart(&answer.file_name());
    assert_eq!(
        (chart.region.as_deref(), chart.period, chart.day),
        (Some("global"), Some(ChartPeriod::Weekly), Day::parse("2026-12-03"))
    );
    assert_eq!(chart.entries.len(), 200);
    assert_well_formed(&chart);
    let catalog = sandbox.control().catalog();
    for entry in &chart.entries {
        let id = entry.service_id.as_deref().expect("a track id");
        let track = &catalog.tracks[catalog.track_index(id).expect("every uri is a catalog track")];
        assert_eq!(entry.title, track.name);
        let artists: Vec<&str> = track.artists.iter().map(|a| catalog.artists[*a].name.as_str()).collect();
        assert_eq!(entry.artists, artists.join(", "), "artists are comma-joined");
    }
    let streams: Vec<u64> = chart.entries.iter().map(|entry| entry.plays.expect("streams")).collect();
    assert!(streams.windows(2).all(|pair| pair[0] > pair[1]), "streams fall with the position");
    assert!(
        answer.text().lines().nth(1).expect("a row").ends_with(&format!(",\"{}\"", streams[0])),
        "streams are quoted"
    );
    assert!(chart.entries.iter().any(|entry| entry.artists.contains(", ")));

    let previous = get(&sandbox, Provider::SpotifyCharts, &format!("{WEEKLY}/2026-11-26/download")).await;
    let previous = previous.chart("regional-global-weekly-2026-11-26.csv");
    let earlier: HashMap<&str, u32> = previous
        .entries
        .iter()
        .map(|entry| (entry.service_id.as_deref().unwrap_or_default(), entry.position))
        .collect();
    let mut new = 0;
    for entry in &chart.entries {
        let before = earlier.get(entry.service_id.as_deref().unwrap_or_default()).copied();
        assert_eq!(entry.previous_position, before, "previous_rank is the position a week before, -1 for new entries");
        assert!(entry.peak_position.is_some_and(|peak| peak <= entry.position));
        new += usize::from(before.is_none());
    }
    assert!((1..40).contains(&new), "{new} new entries");
    assert!(answer.text().contains(",-1,1,\""), "a new entry: previous_rank -1, one week on the chart");
}

#[tokio::test]
async fn daily_charts_come_out_the_day_after_and_drift() {
    let sandbox = sandbox().await;
    let daily = |date: &str| format!("/charts/regional-us-daily/{date}/download");
    let latest = get(&sandbox, Provider::SpotifyCharts, &daily("latest")).await;
    assert_eq!(latest.file_name(), "regional-us-daily-2026-12-06.csv");
    assert!(latest.text().starts_with(
        "\u{feff}rank,uri,artist_names,track_name,source,peak_rank,previous_rank,days_on_chart,streams\n"
    ));
    let sunday = latest.chart(&latest.file_name());
    assert_eq!((sunday.region.as_deref(), sunday.period), (Some("us"), Some(ChartPeriod::Daily)));
    let saturday =
        get(&sandbox, Provider::SpotifyCharts, &daily("2026-12-05")).await.chart("regional-us-daily-2026-12-05.csv");
    let overlap = shared(&saturday, &sunday);
    assert!((0.85..1.0).contains(&overlap), "consecutive days share most songs, not all: {overlap}");
    for missing in [
        daily("2026-12-07"),
        daily("2026-12-08"),
        daily("7-12-2026"),
        format!("{WEEKLY}/2026-12-04/download"),
        format!("{WEEKLY}/2026-12-10/download"),
        "/charts/regional-global-monthly/latest/download".to_owned(),
        "/charts/viral-global-daily/latest/download".to_owned(),
    ] {
        assert_eq!(get(&sandbox, Provider::SpotifyCharts, &missing).await.status, StatusCode::NOT_FOUND, "{missing}");
    }

    let again = get(&sandbox, Provider::SpotifyCharts, &daily("2026-12-06")).await;
    assert_eq!(again.bytes, latest.bytes, "the same chart for the same day");
    sandbox.control().advance_clock(DAY);
    let next = get(&sandbox, Provider::SpotifyCharts, &daily("latest")).await;
    assert_eq!(next.file_name(), "regional-us-daily-2026-12-07.csv");
    let later = get(&sandbox, Provider::SpotifyCharts, &daily("2026-12-06")).await;
    assert_eq!(later.bytes, latest.bytes, "a chart stays as it came out");
    let global = get(&sandbox, Provider::SpotifyCharts, "/charts/regional-global-daily/2026-12-06/download").await;
    assert_ne!(
        shared(&global.chart("regional-global-daily-2026-12-06.csv"), &sunday),
        1.0,
        "each country has its own chart"
    );
}
