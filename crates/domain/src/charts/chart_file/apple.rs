//! Apple Music's most-played RSS feed as JSON (`/api/v2/{cc}/music/most-played/{n}/songs.json`): the songs in chart
//! order (the position is the index), each with Apple's song id, name, artist credit and link, but no album, length or
//! ISRC, so they are matched by title and artist. `contentAdvisoryRating` holds Apple's own misspelling "Explict" and
//! is not read. `updated` dates the chart, in RFC 2822 form ("Tue, 01 Dec 2026 04:35:31 +0000").

use serde::Deserialize;
use serde_json::value::RawValue;

use super::values::{first_day, json_entries, parse_json, present, required};
use super::{ChartEntry, ChartFormat, ChartPeriod, ChartProblem, ChartRead};
use crate::Day;

#[derive(Deserialize)]
struct Rss<'a> {
    #[serde(borrow)]
    feed: Feed<'a>,
}

#[derive(Deserialize)]
struct Feed<'a> {
    title: Option<String>,
    country: Option<String>,
    updated: Option<String>,
    #[serde(borrow)]
    results: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Song {
    #[serde(rename = "artistName")]
    artist_name: String,
    id: String,
    name: String,
    url: Option<String>,
}

pub(super) fn read(text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let rss: Rss = parse_json(text, body)?;
    let entries = json_entries(text, &rss.feed.results, |index, song: Song| {
        let mut entry = ChartEntry::new(
            u32::try_from(index + 1).unwrap_or(u32::MAX),
            required("name", &song.name)?,
            required("artistName", &song.artist_name)?,
        );
        entry.service_id = Some(required("id", &song.id)?);
        entry.url = present(song.url);
        Ok(entry)
    })?;
    Ok(ChartRead {
        format: ChartFormat::AppleMusicRss,
        title: present(rss.feed.title),
        region: present(rss.feed.country).map(|country| country.to_ascii_lowercase()),
        day: rss.feed.updated.as_deref().and_then(updated_day),
        period: Some(ChartPeriod::Daily),
        entries,
    })
}

/// The day of `updated`, written "Tue, 01 Dec 2026 04:35:31 +0000" (or, in some copies, ISO 8601).
fn updated_day(updated: &str) -> Option<Day> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if let Some(day) = first_day(updated) {
        return Some(day);
    }
    let mut words = updated.split_whitespace().skip_while(|word| word.ends_with(','));
    let (day, month, year) = (words.next()?, words.next()?.to_ascii_lowercase(), words.next()?);
    let month = MONTHS.iter().position(|name| month.starts_with(name))? + 1;
    Day::parse(&format!("{year:0>4}-{month:02}-{day:0>2}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::read_chart;

    pub(crate) const FEED: &str = r#"{"feed":{"title":"Top Songs","id":"https://rss.applemarketingtools.com/api/v2/us/music/most-played/10/songs.json",
  "author":{"name":"Apple","url":"https://www.apple.com/"},"copyright":"Copyright © 2026 Apple Inc.","country":"us",
  "icon":"https://www.apple.com/favicon.ico","updated":"Tue, 01 Dec 2026 04:35:31 +0000",
  "results":[
    {"artistName":"Sabrina Carpenter","id":"1745893290","name":"Espresso","releaseDate":"2024-04-11","kind":"songs",
     "artistId":"390647681","artistUrl":"https://music.apple.com/us/artist/sabrina-carpenter/390647681",
     "contentAdvisoryRating":"Explict","artworkUrl100":"https://is1-ssl.mzstatic.com/image/thumb/x/100x100bb.jpg",
     "genres":[{"genreId":"14","name":"Pop","url":"https://itunes.apple.com/us/genre/id14"}],
     "url":"https://music.apple.com/us/album/espresso/1745893277?i=1745893290"},
    {"artistName":"Kendrick Lamar & SZA","id":"1781270323","name":"luther","releaseDate":"2024-11-22","kind":"songs",
     "artistId":"368183298","genres":[],"url":"https://music.apple.com/us/album/luther/1781270319?i=1781270323"}
  ]}}"#;

    #[test]
    fn the_feed_is_read_in_order() {
        let chart = read_chart("songs.json", FEED.as_bytes()).unwrap();
        assert_eq!(chart.format, ChartFormat::AppleMusicRss);
        assert_eq!((chart.title.as_deref(), chart.region.as_deref()), (Some("Top Songs"), Some("us")));
        assert_eq!(chart.day, Day::parse("2026-12-01"));
        let second = &chart.entries[1];
        assert_eq!(
            (second.position, second.title.as_str(), second.artists.as_str()),
            (2, "luther", "Kendrick Lamar & SZA")
        );
        assert_eq!(second.service_id.as_deref(), Some("1781270323"));
        assert_eq!(second.isrc, None);
    }

    #[test]
    fn a_song_without_a_name_is_refused_at_its_line() {
        let broken = FEED.replace(r#""name":"luther","#, r#""name":"  ","#);
        let error = read_chart("songs.json", broken.as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), "songs.json: line 10: name is missing");
        let missing = FEED.replace(r#""name":"luther","#, "");
        assert!(
            read_chart("songs.json", missing.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("line 11: the entry is not what the format holds: missing field `name`")
        );
    }

    #[test]
    fn updated_is_read_in_both_forms() {
        assert_eq!(updated_day("Mon, 7 Dec 2026 10:00:00 +0000"), Day::parse("2026-12-07"));
        assert_eq!(updated_day("2026-12-07T10:00:00Z"), Day::parse("2026-12-07"));
        assert_eq!(updated_day("yesterday"), None);
    }
}
