//! Shazam's chart CSV: a byte order mark, a blank line, a quoted caption naming the chart (and often its day), then
//! `Rank,Artist,Title` and the rows. No ids and no ISRC: matched by title and artist.

use csv::ReaderBuilder;

use super::values::{Entries, column, csv_problem, first_day, malformed, position, record_line, required, same_width};
use super::{ChartEntry, ChartFormat, ChartPeriod, ChartProblem, ChartRead};

pub(super) fn read(_text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let mut caption = None;
    let mut skipped = 0;
    let mut rest = body;
    // Up to the header: blank lines and the caption.
    while let Some((line, after)) = rest.split_once('\n') {
        if line.replace('"', "").trim().to_ascii_lowercase().starts_with("rank,artist,title") {
            break;
        }
        if !line.trim().is_empty() {
            caption = Some(line.trim().trim_matches('"').trim().to_owned());
        }
        skipped += 1;
        rest = after;
    }
    let mut reader = ReaderBuilder::new().flexible(true).from_reader(rest.as_bytes());
    let header = reader.headers().map_err(|error| csv_problem(&error, skipped))?.clone();
    let needed = |name: &str| {
        column(&header, name).ok_or_else(|| malformed(skipped + 1, format!("the header has no {name} column")))
    };
    let (rank, artist, title) = (needed("rank")?, needed("artist")?, needed("title")?);
    let mut entries = Entries::default();
    for record in reader.records() {
        let record = record.map_err(|error| csv_problem(&error, skipped))?;
        let line = record_line(&record, skipped);
        same_width(&record, &header, line)?;
        let field = |index: usize| record.get(index).unwrap_or("");
        let entry = (|| {
            Ok::<_, String>(ChartEntry::new(
                position("Rank", field(rank))?,
                required("Title", field(title))?,
                required("Artist", field(artist))?,
            ))
        })()
        .map_err(|message| malformed(line, message))?;
        entries.add(line, entry)?;
    }
    Ok(ChartRead {
        format: ChartFormat::ShazamCsv,
        day: caption.as_deref().and_then(first_day),
        title: caption,
        region: None,
        period: Some(ChartPeriod::Daily),
        entries: entries.into_sorted(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Day;
    use crate::charts::read_chart;

    const CHART: &str = "\u{feff}\n\"Shazam Top 200 Global Chart 2026-12-01\"\nRank,Artist,Title\n1,Sabrina Carpenter,Espresso\n2,\"Lady Gaga, Bruno Mars\",Die With A Smile\n";

    #[test]
    fn the_caption_names_and_dates_the_chart() {
        let chart = read_chart("shazam_global.csv", CHART.as_bytes()).unwrap();
        assert_eq!(chart.format, ChartFormat::ShazamCsv);
        assert_eq!(
            (chart.title.as_deref(), chart.day),
            (Some("Shazam Top 200 Global Chart 2026-12-01"), Day::parse("2026-12-01"))
        );
        assert_eq!(chart.entries[1].artists, "Lady Gaga, Bruno Mars");
    }

    #[test]
    fn rows_are_placed_at_their_lines_in_the_file() {
        let broken = format!("{CHART}three,A,B\n");
        assert_eq!(
            read_chart("s.csv", broken.as_bytes()).unwrap_err().to_string(),
            "s.csv: line 6: Rank “three” is not a position (a whole number from 1)"
        );
        let empty_title = format!("{CHART}3,A,\n");
        assert_eq!(
            read_chart("s.csv", empty_title.as_bytes()).unwrap_err().to_string(),
            "s.csv: line 6: Title is missing"
        );
    }
}
