//! Chart files of every format, as people download them: the fixtures (`charts/`, written from the documented
//! layouts) read with what each source says, and random charts written in each format read back as they were.

use crossfade_domain::{ChartFormat, ChartPeriod, ChartRead, ChartService, Day, read_chart};
use proptest::prelude::*;

fn fixture(name: &str) -> ChartRead {
    let path = format!("{}/tests/charts/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    read_chart(name, &bytes).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn every_fixture_is_read_with_what_its_source_says() {
    let expected = [
        (
            "regional-global-weekly-2026-11-26.csv",
            ChartFormat::SpotifyCsv,
            10,
            Some("2026-11-26"),
            Some(ChartPeriod::Weekly),
        ),
        ("regional-us-daily-2026-12-01.csv", ChartFormat::SpotifyCsv, 10, Some("2026-12-01"), Some(ChartPeriod::Daily)),
        (
            "regional-global-weekly-2017-01-06--2017-01-13.csv",
            ChartFormat::SpotifyLegacyCsv,
            5,
            Some("2017-01-06"),
            Some(ChartPeriod::Weekly),
        ),
        (
            "viral-global-daily-2017-01-10.csv",
            ChartFormat::SpotifyLegacyCsv,
            5,
            Some("2017-01-10"),
            Some(ChartPeriod::Daily),
        ),
        (
            "apple-music-most-played-us.json",
            ChartFormat::AppleMusicRss,
            8,
            Some("2026-12-01"),
            Some(ChartPeriod::Daily),
        ),
        (
            "billboard-hot-100-2026-11-28.json",
            ChartFormat::BillboardJson,
            10,
            Some("2026-11-28"),
            Some(ChartPeriod::Weekly),
        ),
        ("deezer-chart-132-tracks.json", ChartFormat::DeezerChart, 6, None, Some(ChartPeriod::Daily)),
        ("lastfm-tag-pop-page-1.json", ChartFormat::LastFmTagChart, 6, None, Some(ChartPeriod::Weekly)),
        (
            "shazam-top-200-global-2026-12-01.csv",
            ChartFormat::ShazamCsv,
            10,
            Some("2026-12-01"),
            Some(ChartPeriod::Daily),
        ),
    ];
    for (name, format, entries, day, period) in expected {
        let chart = fixture(name);
        assert_eq!(chart.format, format, "{name}");
        assert_eq!(chart.entries.len(), entries, "{name}");
        assert_eq!(chart.day, day.and_then(Day::parse), "{name}");
        assert_eq!(chart.period, period, "{name}");
        let positions: Vec<u32> = chart.entries.iter().map(|entry| entry.position).collect();
        assert_eq!(positions, (1..=entries as u32).collect::<Vec<_>>(), "{name}: in chart order");
        assert!(chart.entries.iter().all(|entry| !entry.title.is_empty() && !entry.artists.is_empty()), "{name}");
    }
}

#[test]
fn each_source_keeps_what_it_knows_of_an_entry() {
    let spotify = fixture("regional-global-weekly-2026-11-26.csv");
    let apt = &spotify.entries[1];
    assert_eq!((apt.title.as_str(), apt.artists.as_str()), ("APT.", "ROSÉ, Bruno Mars"));
    assert_eq!(
        (apt.plays, apt.previous_position, apt.peak_position, apt.periods_on_chart),
        (Some(56_912_222), Some(1), Some(1), Some(9))
    );
    assert_eq!(apt.url.as_deref(), Some("https://open.spotify.com/track/5vNRhkKd0yEAg8suGBpjeY"));
    assert_eq!(spotify.entries[4].previous_position, None, "-1: new this week");
    assert_eq!(spotify.service(), ChartService::Spotify);

    let legacy = fixture("regional-global-weekly-2017-01-06--2017-01-13.csv");
    assert_eq!(legacy.entries[0].plays, Some(3_221_032), "grouped with commas");
    assert_eq!(fixture("viral-global-daily-2017-01-10.csv").title.as_deref(), Some("Viral 50"));

    let apple = fixture("apple-music-most-played-us.json");
    assert_eq!((apple.region.as_deref(), apple.entries[0].artists.as_str()), (Some("us"), "Lady Gaga & Bruno Mars"));

    let billboard = fixture("billboard-hot-100-2026-11-28.json");
    assert_eq!(billboard.entries[4].artists, "Kendrick Lamar Featuring SZA");

    let deezer = fixture("deezer-chart-132-tracks.json");
    assert_eq!(
        (deezer.entries[2].service_id.as_deref(), deezer.entries[2].duration_ms),
        (Some("3137582"), Some(194_000))
    );
    assert_eq!(deezer.entries[2].url.as_deref(), Some("https://www.deezer.com/track/3137582"));

    let lastfm = fixture("lastfm-tag-pop-page-1.json");
    assert_eq!(
        (lastfm.title.as_deref(), lastfm.entries[2].duration_ms),
        (Some("pop"), None),
        "a duration of 0 is unknown"
    );
    assert_eq!(lastfm.entries[1].service_id, None, "an empty MBID is none");

    let shazam = fixture("shazam-top-200-global-2026-12-01.csv");
    assert_eq!(shazam.title.as_deref(), Some("Shazam Top 200 Global Chart 2026-12-01"));
}

#[test]
fn beatport_top_100s_are_charts_and_release_lists_are_not() {
    let dir = format!("{}/tests/release_feeds", env!("CARGO_MANIFEST_DIR"));
    // The release feeds' copy has a row without its artists, which a feed leaves out and a chart may not.
    let scraped = std::fs::read_to_string(format!("{dir}/beatport_top100_2025-03-21.csv")).unwrap();
    let error = read_chart("beatport_top100_2025-03-21.csv", scraped.as_bytes()).unwrap_err();
    assert_eq!(error.to_string(), "beatport_top100_2025-03-21.csv: line 9: artist is missing");
    let chart = fixture("beatport_top100_techno_2026-12-01.csv");
    assert_eq!((chart.format, chart.service()), (ChartFormat::BeatportTop100, ChartService::Beatport));
    assert_eq!((chart.entries.len(), chart.entries[4].title.as_str()), (10, "Acid Rain, Pt. 2 (Original Mix)"));
    assert!(chart.entries.windows(2).all(|pair| pair[0].position < pair[1].position));
    let api = fixture("beatport-api-top-100-tech-house.json");
    assert_eq!(
        (api.format, api.entries.len(), api.title.as_deref()),
        (ChartFormat::BeatportTop100, 5, Some("Beatport Top 100: Tech House"))
    );
    assert_eq!(api.entries[1].isrc, None);
    assert!(api.entries.iter().all(|entry| entry.service_id.is_some()));
    assert_eq!(api.entries[0].isrc.as_ref().map(|isrc| isrc.as_str()), Some("GBKQU2400871"));
    // The release feeds' copy has a track with a BPM of 0, which a feed leaves out and a chart may not.
    let with_bad_track = std::fs::read(format!("{dir}/api-tech-house-tracks.json")).unwrap();
    assert!(read_chart("t.json", &with_bad_track).unwrap_err().to_string().starts_with("t.json: line 90: BPM"));
    let releases = std::fs::read(format!("{dir}/releases-to-curate.csv")).unwrap();
    assert!(read_chart("releases.csv", &releases).unwrap_err().to_string().contains("none of the chart formats"));
}

#[test]
fn an_error_answer_is_refused_with_the_services_words() {
    let deezer = br#"{"error":{"type":"Exception","message":"Quota limit exceeded","code":4}}"#;
    assert_eq!(
        read_chart("chart.json", deezer).unwrap_err().to_string(),
        "chart.json: line 1: the service answered with an error, not a chart: Quota limit exceeded"
    );
    let lastfm = br#"{"error":6,"message":"Tag not found"}"#;
    assert!(read_chart("tag.json", lastfm).unwrap_err().to_string().ends_with("not a chart: Tag not found"));
}

/// A random chart entry's words: commas, quotes, accents and the separators artist credits use.
fn words() -> impl Strategy<Value = String> {
    "[A-Za-z0-9ÉéÖøß’'\",&.()!? -]{0,24}[A-Za-zÉé0-9]"
        .prop_map(|text| text.trim_start().to_owned())
        .prop_filter("not empty", |text| !text.is_empty())
}

/// Entries in a random order of positions 1..=n, each with a title, an artist credit and a count.
fn entries() -> impl Strategy<Value = Vec<(u32, String, String, u64)>> {
    prop::collection::vec((words(), words(), 0u64..10_000_000_000), 1..30).prop_flat_map(|rows| {
        let count = rows.len() as u32;
        (Just(rows), Just((1..=count).collect::<Vec<u32>>()).prop_shuffle()).prop_map(|(rows, positions)| {
            rows.into_iter()
                .zip(positions)
                .map(|((title, artists, plays), position)| (position, title, artists, plays))
                .collect()
        })
    })
}

/// The entries as (position, title, artists) in chart order.
fn expected(rows: &[(u32, String, String, u64)]) -> Vec<(u32, String, String)> {
    let mut rows: Vec<_> =
        rows.iter().map(|(position, title, artists, _)| (*position, title.clone(), artists.clone())).collect();
    rows.sort();
    rows
}

fn read_back(chart: &ChartRead) -> Vec<(u32, String, String)> {
    chart.entries.iter().map(|entry| (entry.position, entry.title.clone(), entry.artists.clone())).collect()
}

fn csv_line(fields: &[String]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(fields).unwrap();
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

proptest! {
    #[test]
    fn spotify_downloads_read_back(rows in entries(), bom in any::<bool>()) {
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        text.push_str("rank,uri,artist_names,track_name,source,peak_rank,previous_rank,weeks_on_chart,streams\n");
        for (position, title, artists, plays) in &rows {
            let uri = format!("spotify:track:{:0>22}", position);
            text.push_str(&csv_line(&[position.to_string(), uri, artists.clone(), title.clone(), "Label".into(), "1".into(), "-1".into(), "3".into(), plays.to_string()]));
        }
        let chart = read_chart("regional-global-weekly-2026-11-26.csv", text.as_bytes()).unwrap();
        prop_assert_eq!(read_back(&chart), expected(&rows));
        let plays: Vec<Option<u64>> = chart.entries.iter().map(|entry| entry.plays).collect();
        let mut wanted: Vec<(u32, u64)> = rows.iter().map(|row| (row.0, row.3)).collect();
        wanted.sort();
        prop_assert_eq!(plays, wanted.into_iter().map(|(_, plays)| Some(plays)).collect::<Vec<_>>());
    }

    #[test]
    fn shazam_files_read_back(rows in entries()) {
        let mut text = String::from("\u{feff}\n\"Shazam Top 200 Global Chart\"\nRank,Artist,Title\n");
        for (position, title, artists, _) in &rows {
            text.push_str(&csv_line(&[position.to_string(), artists.clone(), title.clone()]));
        }
        prop_assert_eq!(read_back(&read_chart("shazam.csv", text.as_bytes()).unwrap()), expected(&rows));
    }

    #[test]
    fn billboard_weeks_read_back(rows in entries()) {
        let data: Vec<serde_json::Value> = rows.iter().map(|(position, title, artists, _)| serde_json::json!({
            "song": title, "artist": artists, "this_week": position, "last_week": null, "peak_position": position,
            "weeks_on_chart": 1
        })).collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({"date": "2026-11-28", "data": data})).unwrap();
        prop_assert_eq!(read_back(&read_chart("week.json", text.as_bytes()).unwrap()), expected(&rows));
    }

    #[test]
    fn apple_feeds_read_back(rows in entries()) {
        let mut ordered = rows.clone();
        ordered.sort();
        let results: Vec<serde_json::Value> = ordered.iter().map(|(position, title, artists, _)| serde_json::json!({
            "artistName": artists, "id": position.to_string(), "name": title, "kind": "songs", "genres": []
        })).collect();
        let text = serde_json::to_string(&serde_json::json!({"feed": {"title": "Top Songs", "country": "gb", "results": results}})).unwrap();
        prop_assert_eq!(read_back(&read_chart("songs.json", text.as_bytes()).unwrap()), expected(&rows));
    }

    #[test]
    fn lastfm_pages_read_back(rows in entries()) {
        let tracks: Vec<serde_json::Value> = rows.iter().map(|(position, title, artists, plays)| serde_json::json!({
            "name": title, "playcount": plays.to_string(), "mbid": "", "artist": {"name": artists},
            "@attr": {"rank": position.to_string()}
        })).collect();
        let text = serde_json::to_string(&serde_json::json!({"tracks": {"track": tracks, "@attr": {"tag": "pop"}}})).unwrap();
        prop_assert_eq!(read_back(&read_chart("tag.json", text.as_bytes()).unwrap()), expected(&rows));
    }

    #[test]
    fn deezer_charts_read_back(rows in entries()) {
        let data: Vec<serde_json::Value> = rows.iter().map(|(position, title, artists, _)| serde_json::json!({
            "id": position, "title": title, "duration": 200, "rank": 999_999, "position": position,
            "artist": {"name": artists}, "type": "track"
        })).collect();
        let text = serde_json::to_string(&serde_json::json!({"data": data, "total": rows.len()})).unwrap();
        prop_assert_eq!(read_back(&read_chart("chart.json", text.as_bytes()).unwrap()), expected(&rows));
    }
}
