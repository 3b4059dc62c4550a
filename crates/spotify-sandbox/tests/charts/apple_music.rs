//! Apple Music's most-played feed: the RSS JSON in chart order, "Explict" on explicit songs only, "&"-joined
//! artists, the smaller feeds the top of the larger, the day's redraw in `updated`, and the 404s.

use crossfade_domain::Day;
use crossfade_spotify_sandbox::Provider;
use reqwest::StatusCode;

use super::{DAY, assert_well_formed, get, sandbox, shared};

fn feed(country: &str, size: usize) -> String {
    format!("/api/v2/{country}/music/most-played/{size}/songs.json")
}

#[tokio::test]
async fn the_feed_lists_the_days_most_played_songs() {
    let sandbox = sandbox().await;
    let answer = get(&sandbox, Provider::AppleMusic, &feed("us", 100)).await;
    let chart = answer.chart("songs.json");
    assert_eq!((chart.title.as_deref(), chart.region.as_deref()), (Some("Top Songs"), Some("us")));
    assert_eq!(chart.day, Day::parse("2026-12-07"), "the feed was redrawn before 08:12 UTC");
    assert_eq!(chart.entries.len(), 100);
    assert_well_formed(&chart);
    let body = answer.json();
    let feed_body = &body["feed"];
    let updated = feed_body["updated"].as_str().expect("updated");
    assert!(updated.starts_with("Mon, 07 Dec 2026 0") && updated.ends_with(" +0000"), "{updated}");
    for field in ["id", "author", "links", "copyright", "country", "icon"] {
        assert!(feed_body.get(field).is_some(), "{field}");
    }
    let results = feed_body["results"].as_array().expect("results");
    let mut explicit = 0;
    for song in results {
        for field in [
            "artistName",
            "id",
            "name",
            "releaseDate",
            "kind",
            "artistId",
            "artistUrl",
            "artworkUrl100",
            "genres",
            "url",
        ] {
            assert!(song.get(field).is_some(), "{field}: {song}");
        }
        assert_eq!(song["kind"], "songs");
        if let Some(rating) = song.get("contentAdvisoryRating") {
            assert_eq!(rating, "Explict", "Apple's spelling");
            explicit += 1;
        }
    }
    assert!((1..100).contains(&explicit), "{explicit} explicit songs");
    assert!(chart.entries.iter().any(|entry| entry.artists.contains(" & ")), "artists are joined with &");
    assert!(chart.entries.iter().all(|entry| !entry.artists.contains(", ") || entry.artists.contains(" & ")));

    let top_ten = get(&sandbox, Provider::AppleMusic, &feed("us", 10)).await.chart("songs.json");
    assert_eq!(top_ten.entries, chart.entries[..10], "a smaller feed is the top of the larger");
    let british = get(&sandbox, Provider::AppleMusic, &feed("gb", 100)).await.chart("songs.json");
    assert!(shared(&chart, &british) < 1.0, "each country has its own feed");
    for missing in [feed("us", 20), feed("usa", 10), "/api/v2/us/music/most-played/10/albums.json".to_owned()] {
        assert_eq!(get(&sandbox, Provider::AppleMusic, &missing).await.status, StatusCode::NOT_FOUND, "{missing}");
    }

    assert_eq!(get(&sandbox, Provider::AppleMusic, &feed("us", 100)).await.bytes, answer.bytes);
    sandbox.control().advance_clock(DAY);
    let tomorrow = get(&sandbox, Provider::AppleMusic, &feed("us", 100)).await.chart("songs.json");
    assert_eq!(tomorrow.day, Day::parse("2026-12-08"));
    let overlap = shared(&chart, &tomorrow);
    assert!((0.85..1.0).contains(&overlap), "{overlap}");
}
