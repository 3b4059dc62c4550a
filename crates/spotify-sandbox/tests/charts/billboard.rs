//! The Billboard Hot 100: one file per Saturday, `recent.json` the latest, "Featuring" credits, `last_week` null for
//! new entries and consistent with the week before.

use std::collections::HashMap;

use crossfade_domain::{ChartPeriod, Day};
use crossfade_spotify_sandbox::Provider;
use reqwest::StatusCode;

use super::{DAY, assert_well_formed, get, sandbox, shared};

#[tokio::test]
async fn each_saturday_has_its_hot_100() {
    let sandbox = sandbox().await;
    let recent = get(&sandbox, Provider::Billboard, "/recent.json").await;
    let chart = recent.chart("recent.json");
    assert_eq!((chart.day, chart.period), (Day::parse("2026-12-05"), Some(ChartPeriod::Weekly)));
    assert_eq!(chart.entries.len(), 100);
    assert_well_formed(&chart);
    let dated = get(&sandbox, Provider::Billboard, "/date/2026-12-05.json").await;
    assert_eq!(dated.bytes, recent.bytes);
    assert!(chart.entries.iter().any(|entry| entry.artists.contains(" Featuring ")), "featured artists");
    assert!(chart.entries.iter().all(|entry| !entry.title.contains("(feat.")), "no featuring in titles");
    let body = recent.json();
    let new: Vec<&serde_json::Value> =
        body["data"].as_array().expect("data").iter().filter(|song| song["last_week"].is_null()).collect();
    assert!(!new.is_empty() && new.len() < 30, "{} new", new.len());

    let week_before = get(&sandbox, Provider::Billboard, "/date/2026-11-28.json").await.chart("2026-11-28.json");
    let before: HashMap<(&str, &str), u32> = week_before
        .entries
        .iter()
        .map(|entry| ((entry.title.as_str(), entry.artists.as_str()), entry.position))
        .collect();
    for entry in &chart.entries {
        if let Some(last_week) = entry.previous_position {
            assert_eq!(before.get(&(entry.title.as_str(), entry.artists.as_str())), Some(&last_week));
        }
        assert!(entry.peak_position.is_some_and(|peak| peak <= entry.position));
    }
    let overlap = shared(&week_before, &chart);
    assert!((0.7..1.0).contains(&overlap), "{overlap}");

    for missing in ["/date/2026-12-04.json", "/date/2026-12-12.json", "/date/2026-12-05", "/date/latest.json"] {
        assert_eq!(get(&sandbox, Provider::Billboard, missing).await.status, StatusCode::NOT_FOUND, "{missing}");
    }
    sandbox.control().advance_clock(DAY * 5);
    let next = get(&sandbox, Provider::Billboard, "/recent.json").await.chart("recent.json");
    assert_eq!(next.day, Day::parse("2026-12-12"));
    assert_eq!(get(&sandbox, Provider::Billboard, "/date/2026-12-05.json").await.bytes, recent.bytes);
}
