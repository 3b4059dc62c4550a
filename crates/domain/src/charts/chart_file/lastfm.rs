//! Last.fm's top tracks of a tag (`tag.gettoptracks`): `{"tracks":{"track":[{"name","playcount","listeners","mbid",
//! "url","duration","artist":{"name"},"@attr":{"rank"}}],"@attr":{"tag",…}}}`. Numbers come as text, `mbid` is often
//! empty, and a page with a single track holds it as an object rather than a list of one. No ISRC: matched by title
//! and artist.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::values::{Loose, json_entries, parse_json, present, required};
use super::{ChartEntry, ChartFormat, ChartPeriod, ChartProblem, ChartRead};

#[derive(Deserialize)]
struct Answer<'a> {
    #[serde(borrow)]
    tracks: Tracks<'a>,
}

#[derive(Deserialize)]
struct Tracks<'a> {
    #[serde(borrow)]
    track: &'a RawValue,
    #[serde(rename = "@attr")]
    about: Option<About>,
}

#[derive(Deserialize)]
struct About {
    tag: Option<String>,
}

#[derive(Deserialize)]
struct Track {
    name: String,
    playcount: Option<Loose>,
    mbid: Option<String>,
    url: Option<String>,
    duration: Option<Loose>,
    artist: Artist,
    #[serde(rename = "@attr")]
    place: Place,
}

#[derive(Deserialize)]
struct Artist {
    name: String,
}

#[derive(Deserialize)]
struct Place {
    rank: Loose,
}

pub(super) fn read(text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let answer: Answer = parse_json(text, body)?;
    let list = answer.tracks.track.get();
    let objects: Vec<&RawValue> =
        if list.trim_start().starts_with('{') { vec![answer.tracks.track] } else { parse_json(text, list)? };
    let entries = json_entries(text, &objects, |_, track: Track| {
        let mut entry = ChartEntry::new(
            track.place.rank.position("rank")?,
            required("name", &track.name)?,
            required("artist.name", &track.artist.name)?,
        );
        entry.plays = track.playcount.map(|plays| plays.count("playcount")).transpose()?.flatten();
        entry.service_id = present(track.mbid);
        entry.url = present(track.url);
        let seconds = track.duration.map(|seconds| seconds.count("duration")).transpose()?.flatten();
        entry.duration_ms = seconds
            .filter(|seconds| *seconds > 0)
            .map(|seconds| seconds.saturating_mul(1000).min(u32::MAX.into()) as u32);
        Ok(entry)
    })?;
    Ok(ChartRead {
        format: ChartFormat::LastFmTagChart,
        title: answer.tracks.about.and_then(|about| present(about.tag)),
        region: Some("global".to_owned()),
        day: None,
        period: Some(ChartPeriod::Weekly),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::read_chart;

    const PAGE: &str = r##"{"tracks":{"track":[
{"name":"Midnight City","duration":"243","mbid":"","url":"https://www.last.fm/music/M83/_/Midnight+City","streamable":{"#text":"0","fulltrack":"0"},"artist":{"name":"M83","mbid":"6d7b7cd4-254b-4c25-83f6-dd20f98ceacd","url":"https://www.last.fm/music/M83"},"image":[],"@attr":{"rank":"1"}},
{"name":"One More Time","duration":"320","playcount":"1204332","mbid":"a5e1a7b6-0d8a-4b1d-9f0e-2a8b6c3d1e11","url":"https://www.last.fm/music/Daft+Punk/_/One+More+Time","artist":{"name":"Daft Punk"},"@attr":{"rank":"2"}}
],"@attr":{"tag":"electronic","page":"1","perPage":"50","totalPages":"200","total":"10000"}}}"##;

    #[test]
    fn ranks_and_counts_come_as_text() {
        let chart = read_chart("electronic.json", PAGE.as_bytes()).unwrap();
        assert_eq!((chart.format, chart.title.as_deref()), (ChartFormat::LastFmTagChart, Some("electronic")));
        assert_eq!((chart.entries[0].service_id.as_deref(), chart.entries[0].duration_ms), (None, Some(243_000)));
        assert_eq!((chart.entries[1].plays, chart.entries[1].position), (Some(1_204_332), 2));
    }

    #[test]
    fn a_single_track_comes_as_an_object() {
        let one =
            r#"{"tracks":{"track":{"name":"Solo","artist":{"name":"A"},"@attr":{"rank":"51"}},"@attr":{"tag":"x"}}}"#;
        let chart = read_chart("one.json", one.as_bytes()).unwrap();
        assert_eq!((chart.entries.len(), chart.entries[0].position), (1, 51));
    }

    #[test]
    fn a_bad_rank_is_refused_at_its_line() {
        let error = read_chart("t.json", PAGE.replace(r#""rank":"2""#, r#""rank":"two""#).as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), "t.json: line 3: rank “two” is not a position (a whole number from 1)");
    }
}
