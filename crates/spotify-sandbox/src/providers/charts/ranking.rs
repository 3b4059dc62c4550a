//! Drawing a chart for a day. Every catalog track of the chart's genre that is out by then gets a score: its Spotify
//! popularity, a slow rise and fall of its own over months, a lean of this chart's (so services agree on most songs
//! but not all), a little noise of the day, and a boost in its first weeks. The best make the chart; then a fixed
//! 5–10 % of its places (per chart) go to the genre's outside songs, placed by their own strength. The same chart on
//! the same day is always the same, and two days in a row share most songs in nearly the same order.

use std::collections::{HashMap, HashSet};

use time::Date;

use super::genres::ChartGenre;
use super::noise::{mix, on_day, signed, text_seed, unit, wave};
use super::songs::{ChartIndex, ChartSong};
use crate::providers::identity::ProviderIndex;

/// How far a song's rise and fall moves its score (popularity points).
const WAVE: f64 = 12.0;
/// How far a chart's own lean moves a song's score.
const LEAN: f64 = 8.0;
/// How far a day's noise moves a song's score.
const DAILY: f64 = 1.2;
/// The boost of a release on its day, fading over its first weeks.
const FRESH: f64 = 10.0;

/// One chart of one service: its name (which seeds its lean), genre, length and which songs it may list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chart<'a> {
    name: &'a str,
    genre: Option<ChartGenre>,
    size: usize,
    with_outside: bool,
    eligible: fn(&ProviderIndex, usize) -> bool,
}

/// What a chart says of an entry's past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    /// The position in the previous chart, if the song was on it.
    pub previous: Option<u32>,
    /// The best position within the history looked at, this chart's included.
    pub peak: u32,
    /// The charts within that history listing the song, this one included.
    pub periods: u32,
}

impl<'a> Chart<'a> {
    /// A chart of up to `size` songs of `genre` (every genre when `None`), outside songs included.
    pub(crate) fn new(name: &'a str, genre: Option<ChartGenre>, size: usize) -> Self {
        Self { name, genre, size, with_outside: true, eligible: |_, _| true }
    }

    /// Only catalog tracks (a service whose every entry must resolve in the sandbox's Spotify).
    pub(crate) fn catalog_only(self) -> Self {
        Self { with_outside: false, ..self }
    }

    /// Only the catalog tracks `eligible` admits (outside songs stay).
    pub(crate) fn only(self, eligible: fn(&ProviderIndex, usize) -> bool) -> Self {
        Self { eligible, ..self }
    }

    /// The chart of `day`, best first; shorter than `size` when the genre has too few songs.
    pub(crate) fn draw(&self, index: &ProviderIndex, day: Date) -> Vec<ChartSong> {
        let charts = &index.charts;
        let chart_seed = text_seed(self.name);
        let day = i64::from(day.to_julian_day());
        let mut scored: Vec<(f64, usize)> = charts
            .members(self.genre)
            .into_iter()
            .filter(|track| charts.tracks[*track].released <= day && (self.eligible)(index, *track))
            .map(|track| (score(charts, track, chart_seed, day), track))
            .collect();
        let outside = if self.with_outside { self.outside(charts, chart_seed, day) } else { Vec::new() };
        let catalog_places = self.size.saturating_sub(outside.len());
        // A margin for the tracks left out because the chart lists one written alike already.
        let candidates = catalog_places + catalog_places / 4 + 8;
        if candidates < scored.len() {
            scored.select_nth_unstable_by(candidates, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.truncate(candidates);
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut written = HashSet::new();
        let mut entries: Vec<ChartSong> = scored
            .into_iter()
            .filter(|(_, track)| written.insert(charts.tracks[*track].written))
            .take(catalog_places)
            .map(|(_, track)| ChartSong::Catalog(track))
            .collect();
        let length = entries.len() + outside.len();
        for (place, song) in outside {
            let at = ((place * length as f64) as usize).min(entries.len());
            entries.insert(at, ChartSong::Outside(song));
        }
        entries
    }

    /// The outside songs on the chart of `day` with where they stand (0 the top, 1 the bottom), top first.
    fn outside(&self, charts: &ChartIndex, chart_seed: u64, day: i64) -> Vec<(f64, usize)> {
        let share = 0.05 + 0.05 * unit(chart_seed ^ 0x5eed);
        let wanted = (self.size as f64 * share).round() as usize;
        let mut strengths: Vec<(f64, usize)> = charts
            .outside_of(self.genre)
            .filter(|n| i64::from(charts.outside[*n].released.to_julian_day()) <= day)
            .map(|n| {
                let seed = charts.outside_seeds[n];
                let strength = f64::from(charts.outside[n].popularity) / 100.0
                    + 0.15 * wave(seed, day)
                    + 0.1 * signed(mix(seed ^ chart_seed))
                    + 0.03 * signed(on_day(seed ^ chart_seed, day));
                (strength, n)
            })
            .collect();
        strengths.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        strengths.truncate(wanted);
        let mut placed: Vec<(f64, usize)> =
            strengths.into_iter().map(|(strength, n)| ((1.15 - strength).clamp(0.02, 0.98), n)).collect();
        placed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        placed
    }

    /// The chart of `day` with each entry's run over the `history` charts before it, `step` days apart.
    pub(crate) fn draw_with_runs(
        &self,
        index: &ProviderIndex,
        day: Date,
        step: i64,
        history: i64,
    ) -> Vec<(ChartSong, Run)> {
        let entries = self.draw(index, day);
        let mut runs: HashMap<ChartSong, Run> = entries
            .iter()
            .enumerate()
            .map(|(n, song)| (*song, Run { previous: None, peak: n as u32 + 1, periods: 1 }))
            .collect();
        for back in 1..=history {
            let Some(earlier) = day.checked_sub(time::Duration::days(back * step)) else { break };
            for (n, song) in self.draw(index, earlier).into_iter().enumerate() {
                if let Some(run) = runs.get_mut(&song) {
                    let position = n as u32 + 1;
                    run.peak = run.peak.min(position);
                    run.periods += 1;
                    if back == 1 {
                        run.previous = Some(position);
                    }
                }
            }
        }
        entries.into_iter().map(|song| (song, runs[&song])).collect()
    }
}

fn score(charts: &ChartIndex, track: usize, chart_seed: u64, day: i64) -> f64 {
    let facts = &charts.tracks[track];
    let age = (day - facts.released) as f64;
    let fresh = if age < 120.0 { FRESH * (-age / 35.0).exp() } else { 0.0 };
    f64::from(facts.popularity)
        + WAVE * wave(facts.seed, day)
        + LEAN * signed(mix(facts.seed ^ chart_seed))
        + DAILY * signed(on_day(facts.seed ^ chart_seed.rotate_left(29), day))
        + fresh
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::build_catalog;
    use crate::config::CatalogOptions;
    use time::Duration;
    use time::macros::date;

    fn world() -> (crate::catalog::Catalog, ProviderIndex) {
        let options = CatalogOptions { tracks: 5_000, ..CatalogOptions::default() };
        let (catalog, _) = build_catalog(2026, &options, date!(2026 - 12 - 01), 0).unwrap();
        let index = ProviderIndex::build(2026, &catalog);
        (catalog, index)
    }

    fn shared(a: &[ChartSong], b: &[ChartSong]) -> f64 {
        let a: HashSet<_> = a.iter().collect();
        b.iter().filter(|song| a.contains(song)).count() as f64 / b.len() as f64
    }

    #[test]
    fn charts_drift_day_by_day_and_services_mostly_agree() {
        let (_, index) = world();
        let day = date!(2026 - 12 - 07);
        let global = Chart::new("a/global", None, 200);
        let today = global.draw(&index, day);
        assert_eq!(today.len(), 200);
        assert_eq!(today.iter().collect::<HashSet<_>>().len(), 200, "no song twice");
        let outside = today.iter().filter(|song| matches!(song, ChartSong::Outside(_))).count();
        assert!((10..=20).contains(&outside), "{outside}");
        let tomorrow = global.draw(&index, day + Duration::days(1));
        let overlap = shared(&today, &tomorrow);
        assert!((0.85..1.0).contains(&overlap), "{overlap}");
        let months_later = shared(&today, &global.draw(&index, day + Duration::days(120)));
        assert!(months_later < 0.8, "{months_later}");
        for genre in ChartGenre::ALL {
            let one = Chart::new("a/genre", Some(genre), 100).draw(&index, day);
            let other = Chart::new("b/genre", Some(genre), 100).draw(&index, day);
            let overlap = shared(&one, &other);
            assert!((0.5..1.0).contains(&overlap), "{genre:?}: {overlap}");
        }
    }

    #[test]
    fn no_chart_lists_two_tracks_written_alike() {
        let (_, index) = world();
        for genre in ChartGenre::ALL.map(Some).into_iter().chain([None]) {
            let chart = Chart::new("a/written", genre, 200).draw(&index, date!(2026 - 12 - 07));
            let written: HashSet<u64> = chart
                .iter()
                .filter_map(|song| match song {
                    ChartSong::Catalog(track) => Some(index.charts.tracks[*track].written),
                    ChartSong::Outside(_) => None,
                })
                .collect();
            let catalog_songs = chart.iter().filter(|song| matches!(song, ChartSong::Catalog(_))).count();
            assert_eq!(written.len(), catalog_songs);
        }
    }

    #[test]
    fn runs_agree_with_the_previous_chart() {
        let (_, index) = world();
        let chart = Chart::new("a/weekly", None, 100).catalog_only();
        let day = date!(2026 - 12 - 03);
        let previous = chart.draw(&index, day - Duration::days(7));
        for (n, (song, run)) in chart.draw_with_runs(&index, day, 7, 10).into_iter().enumerate() {
            let before = previous.iter().position(|earlier| *earlier == song).map(|p| p as u32 + 1);
            assert_eq!(run.previous, before);
            assert!(run.peak <= n as u32 + 1 && run.periods >= 1 && run.periods <= 11);
            assert!(matches!(song, ChartSong::Catalog(_)));
        }
    }
}
