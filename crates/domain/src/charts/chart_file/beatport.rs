//! Beatport's Top 100 of a genre, from the v4 API (`/catalog/genres/{id}/top/100/`, JSON with `results` in chart
//! order) or as scraped (`genre,title,artists,rank`). Both are release feeds the curation board already reads
//! (`releases::read_feed`); as a chart, a row the feed reader would leave out refuses the whole file instead. The API's
//! tracks carry their ISRC.

use super::values::malformed;
use super::{ChartEntry, ChartFormat, ChartPeriod, ChartProblem, ChartRead};
use crate::releases::{FeedFormat, FeedProblem, read_feed};

pub(super) fn read(body: &str) -> Result<ChartRead, ChartProblem> {
    let feed = read_feed(body.as_bytes()).map_err(|problem| match problem {
        FeedProblem::Malformed { line, message } => malformed(line, message),
        FeedProblem::Empty => ChartProblem::Empty,
        FeedProblem::NotText => ChartProblem::NotText,
        _ => ChartProblem::UnknownFormat,
    })?;
    if feed.format == FeedFormat::PlainCsv {
        return Err(ChartProblem::UnknownFormat);
    }
    if let Some(bad) = feed.bad_rows.first() {
        return Err(malformed(bad.line, bad.problem.to_string()));
    }
    // A scraped file may hold several genres' charts, each numbered from 1.
    let mut genres: Vec<&str> =
        feed.tracks.iter().filter_map(|track| track.genre.as_ref()).map(|genre| genre.name.as_str()).collect();
    genres.sort_unstable();
    genres.dedup();
    if genres.len() > 1 {
        return Err(malformed(
            1,
            format!(
                "the file holds the Top 100s of {} genres ({}); import one genre's at a time",
                genres.len(),
                genres.join(", ")
            ),
        ));
    }
    let mut entries = Vec::with_capacity(feed.tracks.len());
    let mut seen = std::collections::HashSet::new();
    for (index, track) in feed.tracks.into_iter().enumerate() {
        let position = track.chart_rank.map_or(u32::try_from(index + 1).unwrap_or(u32::MAX), u32::from);
        if !seen.insert(position) {
            return Err(malformed(1, format!("position {position} is listed twice")));
        }
        let title = match &track.mix {
            Some(mix) => format!("{} ({mix})", track.title),
            None => track.title.clone(),
        };
        let artists = track.artists.iter().map(|artist| artist.name.as_str()).collect::<Vec<_>>().join(", ");
        let mut entry = ChartEntry::new(position, title, artists);
        entry.isrc = track.isrc;
        entry.service_id = track.beatport_id.map(|id| id.to_string());
        entry.url = track.beatport_id.map(|id| format!("https://www.beatport.com/track/-/{id}"));
        entry.duration_ms = track.length_ms;
        entries.push((track.genre.map(|genre| genre.name), entry));
    }
    let title = entries.first().and_then(|(genre, _)| genre.clone()).map(|genre| format!("Beatport Top 100: {genre}"));
    let mut entries: Vec<ChartEntry> = entries.into_iter().map(|(_, entry)| entry).collect();
    entries.sort_by_key(|entry| entry.position);
    Ok(ChartRead {
        format: ChartFormat::BeatportTop100,
        title,
        region: Some("global".to_owned()),
        day: None,
        period: Some(ChartPeriod::Daily),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::read_chart;

    #[test]
    fn a_scraped_top_100_is_a_chart() {
        let csv = "genre,title,artists,rank\nTechno (Peak Time / Driving),Elevate (Original Mix),Anyma & Chris Avantgarde,2\nTechno (Peak Time / Driving),Hypnotized,Kevin de Vries,1\n";
        let chart = read_chart("top100.csv", csv.as_bytes()).unwrap();
        assert_eq!(chart.format, ChartFormat::BeatportTop100);
        assert_eq!(chart.entries[0].title, "Hypnotized");
        assert_eq!(chart.entries[1].position, 2);
        assert!(chart.entries[1].title.starts_with("Elevate"), "{}", chart.entries[1].title);
    }

    #[test]
    fn a_row_the_feed_would_skip_refuses_the_chart() {
        let csv = "genre,title,artists,rank\nTechno,Elevate,Anyma,1\nTechno,,Nobody,2\n";
        let error = read_chart("top100.csv", csv.as_bytes()).unwrap_err();
        assert!(error.to_string().starts_with("top100.csv: line 3: "), "{error}");
    }
}
