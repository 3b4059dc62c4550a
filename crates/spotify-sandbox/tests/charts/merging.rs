//! Across services: the charts of one genre share most songs but not all, the songs beyond the catalog recur under
//! the same title and artist, and Crossfade's matcher ties another service's entries to Spotify's by title and
//! artists.

use std::collections::HashSet;

use crossfade_domain::{ChartRead, EntryMatch, KnownRecording, match_entry};
use crossfade_spotify_sandbox::Provider;

use super::{get, sandbox};

/// A title without guests and an artist, lower case.
fn song(title: &str, artist: &str) -> (String, String) {
    (title.split(" (feat. ").next().unwrap_or_default().to_lowercase(), artist.to_lowercase())
}

/// Each entry as (title without guests, main artist): the artist before the first comma, as Shazam and Spotify join
/// them, or before " Featuring ", as Billboard credits guests.
fn songs(chart: &ChartRead) -> HashSet<(String, String)> {
    chart
        .entries
        .iter()
        .map(|entry| {
            let main = entry.artists.split(", ").next().unwrap_or_default();
            song(&entry.title, main.split(" Featuring ").next().unwrap_or_default())
        })
        .collect()
}

fn share(one: &HashSet<(String, String)>, other: &HashSet<(String, String)>) -> f64 {
    one.intersection(other).count() as f64 / one.len().min(other.len()) as f64
}

#[tokio::test]
async fn one_genres_charts_overlap_across_services() {
    let sandbox = sandbox().await;
    let lastfm = "/2.0/?method=tag.gettoptracks&tag=pop&api_key=0123456789abcdef0123456789abcdef&format=json&limit=100";
    let charts = [
        get(&sandbox, Provider::LastFm, lastfm).await.chart("pop.json"),
        get(&sandbox, Provider::Shazam, "/services/charts/csv/pop-global").await.chart("shazam-pop-global.csv"),
        get(&sandbox, Provider::Deezer, "/chart/132/tracks?limit=100").await.chart("chart.json"),
    ];
    let sets: Vec<HashSet<(String, String)>> = charts.iter().map(songs).collect();
    for (n, one) in sets.iter().enumerate() {
        for other in &sets[n + 1..] {
            let overlap = share(one, other);
            assert!((0.5..1.0).contains(&overlap), "{overlap}");
        }
    }
    let catalog = sandbox.control().catalog();
    let known: HashSet<(String, String)> =
        catalog.tracks.iter().map(|track| song(&track.name, &catalog.artists[track.artists[0]].name)).collect();
    let outside: Vec<&(String, String)> = sets[1].iter().filter(|song| !known.contains(*song)).collect();
    assert!((4..=12).contains(&outside.len()), "{} of Shazam's songs are beyond the catalog", outside.len());
    assert!(outside.iter().any(|song| sets[0].contains(*song) && sets[2].contains(*song)), "and recur elsewhere");
}

#[tokio::test]
async fn billboard_entries_match_spotifys_by_title_and_artists() {
    let sandbox = sandbox().await;
    let spotify = get(&sandbox, Provider::SpotifyCharts, "/charts/regional-global-weekly/2026-12-03/download").await;
    let spotify = spotify.chart("regional-global-weekly-2026-12-03.csv");
    let known: Vec<KnownRecording<String>> = spotify
        .entries
        .iter()
        .map(|entry| KnownRecording {
            recording: entry.service_id.clone().unwrap_or_default(),
            title: entry.title.clone(),
            artists: entry.artists.clone(),
            duration_ms: None,
            isrcs: Vec::new(),
        })
        .collect();
    let billboard = get(&sandbox, Provider::Billboard, "/date/2026-12-05.json").await.chart("2026-12-05.json");
    let spotify_songs = songs(&spotify);
    let (mut both, mut matched) = (0, 0);
    for entry in &billboard.entries {
        let main = entry.artists.split(" Featuring ").next().unwrap_or_default();
        if !spotify_songs.contains(&song(&entry.title, main)) {
            continue;
        }
        both += 1;
        if let EntryMatch::Known { recording, .. } = match_entry(entry, None, &known) {
            let charted = known.iter().find(|known| known.recording == recording).expect("a known recording");
            matched += usize::from(charted.title.to_lowercase().starts_with(&entry.title.to_lowercase()));
        }
    }
    assert!(both >= 50, "{both} songs on both charts");
    assert!(matched as f64 >= 0.8 * both as f64, "{matched} of {both} matched");
}
