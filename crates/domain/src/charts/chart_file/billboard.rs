//! A week of the Billboard Hot 100 as the community's JSON files keep it (one file per week):
//! `{"date":"1958-08-04","data":[{"song","artist","this_week","last_week","peak_position","weeks_on_chart"}]}`. No ids:
//! entries are matched by title and artist, the artist written as Billboard credits ("X Featuring Y").

use serde::Deserialize;
use serde_json::value::RawValue;

use super::values::{Loose, json_entries, malformed, parse_json, required};
use super::{ChartEntry, ChartFormat, ChartPeriod, ChartProblem, ChartRead};
use crate::Day;

#[derive(Deserialize)]
struct Week<'a> {
    date: String,
    #[serde(borrow)]
    data: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Song {
    song: String,
    artist: String,
    this_week: Loose,
    last_week: Option<Loose>,
    peak_position: Option<Loose>,
    weeks_on_chart: Option<Loose>,
}

pub(super) fn read(text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let week: Week = parse_json(text, body)?;
    let day = Day::parse(week.date.trim())
        .ok_or_else(|| malformed(1, format!("the date “{}” is not a day (YYYY-MM-DD)", week.date.trim())))?;
    let entries = json_entries(text, &week.data, |_, song: Song| {
        let mut entry = ChartEntry::new(
            song.this_week.position("this_week")?,
            required("song", &song.song)?,
            required("artist", &song.artist)?,
        );
        entry.previous_position = song.last_week.map(|last| last.position("last_week")).transpose()?;
        entry.peak_position = song.peak_position.map(|peak| peak.position("peak_position")).transpose()?;
        entry.periods_on_chart = song
            .weeks_on_chart
            .map(|weeks| weeks.count("weeks_on_chart"))
            .transpose()?
            .flatten()
            .map(|weeks| weeks.min(u32::MAX.into()) as u32);
        Ok(entry)
    })?;
    Ok(ChartRead {
        format: ChartFormat::BillboardJson,
        title: Some("Billboard Hot 100".to_owned()),
        region: Some("us".to_owned()),
        day: Some(day),
        period: Some(ChartPeriod::Weekly),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::read_chart;

    const WEEK: &str = r#"{"date": "2026-11-28", "data": [
  {"song": "Espresso", "artist": "Sabrina Carpenter", "this_week": 2, "last_week": 1, "peak_position": 1, "weeks_on_chart": 33},
  {"song": "Die With A Smile", "artist": "Lady Gaga & Bruno Mars", "this_week": 1, "last_week": 3, "peak_position": 1, "weeks_on_chart": 15},
  {"song": "Luther", "artist": "Kendrick Lamar Featuring SZA", "this_week": 3, "last_week": null, "peak_position": 3, "weeks_on_chart": 1}
]}"#;

    #[test]
    fn a_week_is_read_in_chart_order() {
        let chart = read_chart("2026-11-28.json", WEEK.as_bytes()).unwrap();
        assert_eq!(
            (chart.format, chart.day, chart.period),
            (ChartFormat::BillboardJson, Day::parse("2026-11-28"), Some(ChartPeriod::Weekly))
        );
        let titles: Vec<&str> = chart.entries.iter().map(|entry| entry.title.as_str()).collect();
        assert_eq!(titles, ["Die With A Smile", "Espresso", "Luther"]);
        assert_eq!((chart.entries[2].previous_position, chart.entries[2].periods_on_chart), (None, Some(1)));
        assert_eq!(chart.entries[2].artists, "Kendrick Lamar Featuring SZA");
    }

    #[test]
    fn bad_weeks_are_refused_with_their_lines() {
        let error = read_chart("w.json", WEEK.replace("2026-11-28", "28/11/2026").as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), "w.json: line 1: the date “28/11/2026” is not a day (YYYY-MM-DD)");
        let error =
            read_chart("w.json", WEEK.replace(r#""this_week": 3"#, r#""this_week": 0"#).as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), "w.json: line 4: this_week “0” is not a position (a whole number from 1)");
        let error =
            read_chart("w.json", WEEK.replace(r#""this_week": 3"#, r#""this_week": 2"#).as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), "w.json: line 4: position 2 is listed twice");
    }
}
