//! The chart-source emulations as a client meets them over HTTP: every service's chart read by Crossfade's chart
//! reader under the file name the service gives it, each service's quirks, the same chart for the same day and a
//! drifting one day by day, the refusals (404s, error bodies, missing keys and tokens, YouTube's quota), Deezer's
//! chart ids resolving to ISRCs, and the providers' gate (injected failures, rate budgets) in front of them.

mod provider_support;

#[path = "charts/apple_music.rs"]
mod apple_music;
#[path = "charts/billboard.rs"]
mod billboard;
#[path = "charts/deezer.rs"]
mod deezer;
#[path = "charts/gate.rs"]
mod gate;
#[path = "charts/lastfm.rs"]
mod lastfm;
#[path = "charts/merging.rs"]
mod merging;
#[path = "charts/shazam.rs"]
mod shazam;
#[path = "charts/soundcloud.rs"]
mod soundcloud;
#[path = "charts/spotify.rs"]
mod spotify;
#[path = "charts/youtube.rs"]
mod youtube;

use std::collections::HashSet;

use crossfade_domain::{ChartRead, read_chart};
use crossfade_spotify_sandbox::{CatalogOptions, Provider, ProviderSettings, RunningSandbox, SandboxConfig, start};
use provider_support::{http, loopback, small_config};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;

/// The test worlds' clock starts on Monday 2026-12-07 at 08:12:31 UTC.
const NOW: OffsetDateTime = datetime!(2026-12-07 08:12:31 UTC);
/// A day on the sandbox clock.
const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// A world of 5,000 tracks (so every genre fills its charts) without demo users, with the given provider knobs.
async fn sandbox_with(providers: ProviderSettings) -> RunningSandbox {
    let config = SandboxConfig {
        catalog: CatalogOptions { tracks: 5_000, ..CatalogOptions::default() },
        users: Vec::new(),
        providers,
        start_time: Some(NOW),
        ..small_config()
    };
    start(config, loopback()).await.expect("sandbox starts")
}

async fn sandbox() -> RunningSandbox {
    sandbox_with(ProviderSettings::unlimited()).await
}

/// One answer, its body as the bytes sent (a byte order mark included).
#[derive(Debug)]
struct Fetched {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Fetched {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// The file name `Content-Disposition` gives the download.
    fn file_name(&self) -> String {
        let disposition = self.headers["content-disposition"].to_str().expect("text");
        let start = disposition.find("filename=\"").expect("a file name") + "filename=\"".len();
        disposition[start..].trim_end_matches('"').to_owned()
    }

    /// The answer read as a chart saved as `file_name`.
    fn chart(&self, file_name: &str) -> ChartRead {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text());
        read_chart(file_name, &self.bytes).unwrap_or_else(|error| panic!("{error}"))
    }
}

/// `GET {provider base}{path}` with the given headers.
async fn get_with(sandbox: &RunningSandbox, provider: Provider, path: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut request = http().get(format!("{}{path}", sandbox.provider_base_url(provider)));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let (status, headers) = (response.status(), response.headers().clone());
    Fetched { status, headers, bytes: response.bytes().await.expect("body").to_vec() }
}

async fn get(sandbox: &RunningSandbox, provider: Provider, path: &str) -> Fetched {
    get_with(sandbox, provider, path, &[]).await
}

/// The share of `later`'s songs (title and artists) that `earlier` lists too.
fn shared(earlier: &ChartRead, later: &ChartRead) -> f64 {
    let songs = |chart: &ChartRead| -> HashSet<(String, String)> {
        chart.entries.iter().map(|entry| (entry.title.clone(), entry.artists.clone())).collect()
    };
    let before = songs(earlier);
    songs(later).iter().filter(|song| before.contains(*song)).count() as f64 / later.entries.len() as f64
}

/// Positions are 1, 2, … and no service id comes twice.
fn assert_well_formed(chart: &ChartRead) {
    for (n, entry) in chart.entries.iter().enumerate() {
        assert_eq!(entry.position as usize, n + 1);
    }
    let ids: Vec<&str> = chart.entries.iter().filter_map(|entry| entry.service_id.as_deref()).collect();
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "a song is listed twice");
}
