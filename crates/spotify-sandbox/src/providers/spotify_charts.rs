//! Spotify's chart downloads under `/spotify-charts`, as charts.spotify.com hands them out:
//! `GET /charts/regional-{global|cc}-{daily|weekly}/{YYYY-MM-DD|latest}/download` answers the chart's CSV (UTF-8 with a
//! byte order mark) named `regional-global-weekly-2026-12-03.csv`.
//!
//! A daily chart counts one day and comes out the day after, so the latest is yesterday's; a weekly chart is dated on
//! the Thursday ending its week and comes out the next day. Any other date, a weekday other than Thursday for a
//! weekly chart, or a chart not out yet answers 404. Charts cover the whole catalog (Spotify charts no genres) and
//! list catalog tracks only, so every `uri` resolves in the sandbox's Web API; `streams` falls with the position,
//! `previous_rank` is -1 for a song new (or back) on the chart, and `peak_rank` and `weeks_on_chart` (daily:
//! `days_on_chart`) look back 52 weeks or 90 days.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use time::{Date, Duration, Weekday};

use super::charts::{
    Chart, ChartSong, comma_joined, csv_download, field, last_on_or_before, on_day, parse_day, signed, text_seed,
    today, unit,
};
use super::identity::ProviderIndex;
use crate::state::SharedSandbox;

/// Songs on a chart.
const CHART_LENGTH: usize = 200;
/// The first day the site has charts for.
const FIRST_CHART: Date = time::macros::date!(2017 - 01 - 01);

/// The Spotify-charts routes, relative to `/spotify-charts`.
pub(super) fn routes() -> Router<SharedSandbox> {
    Router::new().route("/charts/{chart}/{date}/download", get(download))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Daily,
    Weekly,
}

impl Period {
    /// Days between two charts, and how many earlier charts the runs look back over.
    fn history(self) -> (i64, i64) {
        match self {
            Period::Daily => (1, 90),
            Period::Weekly => (7, 52),
        }
    }

    /// The newest chart out on `today`.
    fn latest(self, today: Date) -> Date {
        let yesterday = today - Duration::days(1);
        match self {
            Period::Daily => yesterday,
            Period::Weekly => last_on_or_before(yesterday, Weekday::Thursday),
        }
    }
}

/// `regional-{region}-{period}`: the region (`global` or a country code, lower case) and the period.
fn parse_chart(chart: &str) -> Option<(String, Period)> {
    let rest = chart.strip_prefix("regional-")?;
    let (region, period) = rest.rsplit_once('-')?;
    let period = match period {
        "daily" => Period::Daily,
        "weekly" => Period::Weekly,
        _ => return None,
    };
    let country = region.len() == 2 && region.bytes().all(|b| b.is_ascii_lowercase());
    (region == "global" || country).then(|| (region.to_owned(), period))
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not Found").into_response()
}

/// `GET /charts/{chart}/{date}/download`.
async fn download(
    State(sandbox): State<SharedSandbox>,
    Extension(index): Extension<Arc<ProviderIndex>>,
    Path((chart, date)): Path<(String, String)>,
) -> Response {
    let Some((region, period)) = parse_chart(&chart) else { return not_found() };
    let latest = period.latest(today(&sandbox));
    let day = match date.as_str() {
        "latest" => latest,
        text => match parse_day(text) {
            Some(day) if day <= latest && day >= FIRST_CHART => day,
            _ => return not_found(),
        },
    };
    if period == Period::Weekly && day.weekday() != Weekday::Thursday {
        return not_found();
    }
    let name = format!("spotify-charts/{chart}");
    let (step, history) = period.history();
    let entries = Chart::new(&name, None, CHART_LENGTH).catalog_only().draw_with_runs(&index, day, step, history);
    let catalog = &sandbox.catalog;
    let mut text = format!(
        "rank,uri,artist_names,track_name,source,peak_rank,previous_rank,{},streams\n",
        if period == Period::Daily { "days_on_chart" } else { "weeks_on_chart" }
    );
    let mut streams = Streams::new(&region, period, day);
    for (n, (song, run)) in entries.into_iter().enumerate() {
        // The chart is catalog-only, so every entry is a catalog track.
        let ChartSong::Catalog(position) = song else { continue };
        let track = &catalog.tracks[position];
        let artists: Vec<&str> = track.artists.iter().map(|a| catalog.artists[*a].name.as_str()).collect();
        let _infallible = writeln!(
            text,
            "{},spotify:track:{},{},{},{},{},{},{},\"{}\"",
            n + 1,
            track.id,
            field(&comma_joined(&artists)),
            field(&track.name),
            field(&catalog.albums[track.album].label),
            run.peak,
            run.previous.map_or(-1, i64::from),
            run.periods,
            streams.at(n + 1),
        );
    }
    csv_download(&format!("{chart}-{day}.csv"), &text)
}

/// The streams of each position: a power law from the top song's count, strictly falling.
struct Streams {
    top: f64,
    last: u64,
}

impl Streams {
    /// The global daily number one has about 8.5 million streams; a week has seven days of them; a country a share
    /// of the world's, larger for the biggest markets.
    fn new(region: &str, period: Period, day: Date) -> Self {
        let share = match region {
            "global" => 1.0,
            "us" => 0.22,
            "br" => 0.08,
            "gb" | "mx" => 0.07,
            "de" => 0.06,
            other => 0.01 + 0.04 * unit(text_seed(other)),
        };
        let days = if period == Period::Daily { 1.0 } else { 7.0 };
        let wobble = 1.0 + 0.04 * signed(on_day(text_seed(region), i64::from(day.to_julian_day())));
        Self { top: 8_500_000.0 * share * days * wobble, last: u64::MAX }
    }

    fn at(&mut self, position: usize) -> u64 {
        let streams = (self.top * (position as f64).powf(-0.45)).round() as u64;
        self.last = streams.min(self.last.saturating_sub(1)).max(1);
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn chart_names_and_release_days() {
        assert_eq!(parse_chart("regional-global-weekly"), Some(("global".to_owned(), Period::Weekly)));
        assert_eq!(parse_chart("regional-us-daily"), Some(("us".to_owned(), Period::Daily)));
        assert_eq!(parse_chart("regional-USA-daily"), None);
        assert_eq!(parse_chart("viral-global-daily"), None);
        assert_eq!(parse_chart("regional-global-monthly"), None);
        // Monday 2026-12-07: yesterday's daily chart and last Thursday's weekly one are out.
        assert_eq!(Period::Daily.latest(date!(2026 - 12 - 07)), date!(2026 - 12 - 06));
        assert_eq!(Period::Weekly.latest(date!(2026 - 12 - 07)), date!(2026 - 12 - 03));
        assert_eq!(Period::Weekly.latest(date!(2026 - 12 - 03)), date!(2026 - 11 - 26));
        let mut streams = Streams::new("global", Period::Weekly, date!(2026 - 12 - 03));
        let counts: Vec<u64> = (1..=200).map(|position| streams.at(position)).collect();
        assert!(counts.windows(2).all(|pair| pair[0] > pair[1]));
        assert!((50_000_000..70_000_000).contains(&counts[0]), "{}", counts[0]);
    }
}
