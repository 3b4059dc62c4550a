//! Deezer's chart of a genre (`GET /chart/{genre_id}/tracks`): `{"data":[{"id","title","title_short","title_version",
//! "link","duration","rank","position","artist":{…},"album":{…},"type":"track"}],"total"}`. `rank` is Deezer's
//! popularity score, not the chart position, which is `position` (or, where a copy lacks it, the order of the list).
//! Chart items carry no ISRC (`GET /track/{id}` does): the id is kept for that lookup.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::values::{json_entries, parse_json, present, required};
use super::{ChartEntry, ChartFormat, ChartPeriod, ChartProblem, ChartRead};
use crate::Isrc;

#[derive(Deserialize)]
struct Chart<'a> {
    #[serde(borrow)]
    data: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Track {
    id: u64,
    title: String,
    link: Option<String>,
    /// Seconds.
    duration: Option<u32>,
    position: Option<u32>,
    isrc: Option<String>,
    artist: Artist,
}

#[derive(Deserialize)]
struct Artist {
    name: String,
}

pub(super) fn read(text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let chart: Chart = parse_json(text, body)?;
    let entries = json_entries(text, &chart.data, |index, track: Track| {
        let position = match track.position {
            Some(0) => return Err("position “0” is not a position (a whole number from 1)".to_owned()),
            Some(position) => position,
            None => u32::try_from(index + 1).unwrap_or(u32::MAX),
        };
        let mut entry =
            ChartEntry::new(position, required("title", &track.title)?, required("artist.name", &track.artist.name)?);
        entry.service_id = Some(track.id.to_string());
        entry.url = present(track.link);
        entry.duration_ms = track.duration.filter(|seconds| *seconds > 0).map(|seconds| seconds.saturating_mul(1000));
        entry.isrc = match present(track.isrc) {
            Some(isrc) => Some(Isrc::parse(&isrc).map_err(|problem| format!("isrc “{isrc}”: {problem}"))?),
            None => None,
        };
        Ok(entry)
    })?;
    Ok(ChartRead {
        format: ChartFormat::DeezerChart,
        title: None,
        region: None,
        day: None,
        period: Some(ChartPeriod::Daily),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::read_chart;

    const CHART: &str = r#"{"data":[
{"id":3135556,"readable":true,"title":"Harder, Better, Faster, Stronger","title_short":"Harder, Better, Faster, Stronger","title_version":"","link":"https:\/\/www.deezer.com\/track\/3135556","duration":224,"rank":956167,"explicit_lyrics":false,"explicit_content_lyrics":0,"explicit_content_cover":0,"preview":"https:\/\/cdnt-preview.dzcdn.net\/x.mp3","md5_image":"2e018122cb56986277102d2041a592c8","position":1,"artist":{"id":27,"name":"Daft Punk","link":"https:\/\/www.deezer.com\/artist\/27","type":"artist"},"album":{"id":302127,"title":"Discovery","type":"album"},"type":"track"},
{"id":916424,"title":"Around the World (Radio Edit)","title_short":"Around the World","title_version":"(Radio Edit)","link":"https:\/\/www.deezer.com\/track\/916424","duration":239,"rank":800000,"position":2,"artist":{"id":27,"name":"Daft Punk"},"album":{"id":1,"title":"Homework"},"type":"track"}
],"total":2}"#;

    #[test]
    fn the_position_is_the_chart_place_not_the_rank() {
        let chart = read_chart("chart.json", CHART.as_bytes()).unwrap();
        assert_eq!(chart.format, ChartFormat::DeezerChart);
        let second = &chart.entries[1];
        assert_eq!(
            (second.position, second.title.as_str(), second.duration_ms),
            (2, "Around the World (Radio Edit)", Some(239_000))
        );
        assert_eq!(
            (second.service_id.as_deref(), second.url.as_deref()),
            (Some("916424"), Some("https://www.deezer.com/track/916424"))
        );
    }

    #[test]
    fn a_track_without_an_id_is_refused_at_its_line() {
        let broken = CHART.replace(r#"{"id":916424,"#, "{");
        let error = read_chart("chart.json", broken.as_bytes()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("chart.json: line 3: the entry is not what the format holds: missing field `id`"),
            "{error}"
        );
    }
}
