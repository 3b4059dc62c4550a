//! Spotify's chart CSVs. charts.spotify.com's download (UTF-8 with a byte order mark) is read by its header's names,
//! since daily files differ from weekly ones (`days_on_chart` for `weeks_on_chart`) and some lack `source`. The
//! retired spotifycharts.com files start with a note line before their header, and their Viral 50 has no streams.
//! Neither carries an ISRC: the track's id is kept for the lookup. The file's name carries the region, the period
//! and the day (`regional-global-daily-2026-12-01.csv`, `viral-us-weekly-2017-01-06--2017-01-13.csv`).

use csv::{ReaderBuilder, StringRecord};

use super::values::{
    Entries, column, count, csv_problem, earlier_position, malformed, position, record_line, required, same_width,
};
use super::{ChartEntry, ChartFormat, ChartPeriod, ChartProblem, ChartRead};
use crate::{Day, SpotifyId, SpotifyKind};

/// What a chart file's name says.
#[derive(Debug, Default, PartialEq)]
struct NameParts {
    title: Option<String>,
    region: Option<String>,
    period: Option<ChartPeriod>,
    day: Option<Day>,
}

/// Reads `regional-{region}-{daily|weekly}-{day}` or `viral-…`, with any directory and extension; anything else says
/// nothing. A weekly file of the old site names its week `{first}--{last}`: its first day is the chart's.
fn name_parts(file_name: &str) -> NameParts {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let name = name.strip_suffix(".csv").or_else(|| name.strip_suffix(".CSV")).unwrap_or(name);
    let mut parts = name.splitn(4, '-');
    let (Some(kind), Some(region), Some(period)) = (parts.next(), parts.next(), parts.next()) else {
        return NameParts::default();
    };
    let title = match kind {
        "regional" => "Top Songs",
        "viral" => "Viral 50",
        _ => return NameParts::default(),
    };
    let period = match period {
        "daily" => ChartPeriod::Daily,
        "weekly" => ChartPeriod::Weekly,
        _ => return NameParts::default(),
    };
    let region = region.to_ascii_lowercase();
    let known_region = region == "global" || (region.len() == 2 && region.bytes().all(|b| b.is_ascii_alphabetic()));
    let day = parts.next().and_then(|rest| Day::parse(rest.get(..10)?));
    NameParts { title: Some(title.to_owned()), region: known_region.then_some(region), period: Some(period), day }
}

/// The Spotify track a chart's `uri` or `URL` names.
fn track(field: &str, text: &str) -> Result<SpotifyId, String> {
    SpotifyKind::Track
        .id_in_reference(text.trim())
        .ok_or_else(|| format!("{field} “{}” is not a Spotify track", text.trim()))
}

fn with_track(mut entry: ChartEntry, id: SpotifyId) -> ChartEntry {
    entry.url = Some(format!("https://open.spotify.com/track/{}", id.as_str()));
    entry.service_id = Some(id.as_str().to_owned());
    entry
}

/// charts.spotify.com's CSV.
pub(super) fn read_current(file_name: &str, _text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    let mut reader = ReaderBuilder::new().flexible(true).from_reader(body.as_bytes());
    let header = reader.headers().map_err(|error| csv_problem(&error, 0))?.clone();
    let needed = |name: &'static str| {
        column(&header, name).ok_or_else(|| malformed(1, format!("the header has no {name} column")))
    };
    let (rank, uri, artists, title) = (needed("rank")?, needed("uri")?, needed("artist_names")?, needed("track_name")?);
    let (streams, peak, previous) =
        (column(&header, "streams"), column(&header, "peak_rank"), column(&header, "previous_rank"));
    let (weeks, days) = (column(&header, "weeks_on_chart"), column(&header, "days_on_chart"));
    let mut entries = Entries::default();
    for record in reader.records() {
        let record = record.map_err(|error| csv_problem(&error, 0))?;
        let line = record_line(&record, 0);
        same_width(&record, &header, line)?;
        let entry = current_entry(&record, rank, uri, artists, title, streams, peak, previous, weeks.or(days))
            .map_err(|message| malformed(line, message))?;
        entries.add(line, entry)?;
    }
    let parts = name_parts(file_name);
    let period = parts.period.or(match (weeks, days) {
        (Some(_), _) => Some(ChartPeriod::Weekly),
        (None, Some(_)) => Some(ChartPeriod::Daily),
        (None, None) => None,
    });
    Ok(ChartRead {
        format: ChartFormat::SpotifyCsv,
        title: parts.title,
        region: parts.region,
        day: parts.day,
        period,
        entries: entries.into_sorted(),
    })
}

#[allow(clippy::too_many_arguments)]
fn current_entry(
    record: &StringRecord,
    rank: usize,
    uri: usize,
    artists: usize,
    title: usize,
    streams: Option<usize>,
    peak: Option<usize>,
    previous: Option<usize>,
    periods: Option<usize>,
) -> Result<ChartEntry, String> {
    let field = |index: usize| record.get(index).unwrap_or("");
    let optional = |index: Option<usize>| index.map_or("", field);
    let id = track("uri", field(uri))?;
    let mut entry = ChartEntry::new(
        position("rank", field(rank))?,
        required("track_name", field(title))?,
        required("artist_names", field(artists))?,
    );
    entry.plays = count("streams", optional(streams))?;
    entry.peak_position = earlier_position("peak_rank", optional(peak))?;
    entry.previous_position = earlier_position("previous_rank", optional(previous))?;
    entry.periods_on_chart =
        count("weeks_on_chart", optional(periods))?.map(|periods| periods.min(u32::MAX.into()) as u32);
    Ok(with_track(entry, id))
}

/// spotifycharts.com's CSV: a note line, then `Position,"Track Name",Artist,Streams,URL` (no `Streams` in the Viral 50).
pub(super) fn read_legacy(file_name: &str, _text: &str, body: &str) -> Result<ChartRead, ChartProblem> {
    // The note is one line of its own; the header and the rows follow.
    let note_end = body.find('\n').map_or(body.len(), |end| end + 1);
    let mut reader = ReaderBuilder::new().flexible(true).from_reader(&body.as_bytes()[note_end..]);
    let header = reader.headers().map_err(|error| csv_problem(&error, 1))?.clone();
    let needed = |name: &'static str| {
        column(&header, name).ok_or_else(|| malformed(2, format!("the header has no {name} column")))
    };
    let (rank, title, artist, url) = (needed("position")?, needed("track name")?, needed("artist")?, needed("url")?);
    let streams = column(&header, "streams");
    let mut entries = Entries::default();
    for record in reader.records() {
        let record = record.map_err(|error| csv_problem(&error, 1))?;
        let line = record_line(&record, 1);
        same_width(&record, &header, line)?;
        let field = |index: usize| record.get(index).unwrap_or("");
        let entry = (|| -> Result<ChartEntry, String> {
            let id = track("URL", field(url))?;
            let mut entry = ChartEntry::new(
                position("Position", field(rank))?,
                required("Track Name", field(title))?,
                required("Artist", field(artist))?,
            );
            entry.plays = count("Streams", streams.map_or("", field))?;
            Ok(with_track(entry, id))
        })()
        .map_err(|message| malformed(line, message))?;
        entries.add(line, entry)?;
    }
    let parts = name_parts(file_name);
    Ok(ChartRead {
        format: ChartFormat::SpotifyLegacyCsv,
        title: parts.title,
        region: parts.region,
        day: parts.day,
        period: parts.period,
        entries: entries.into_sorted(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::read_chart;

    const CURRENT: &str = "\u{feff}rank,uri,artist_names,track_name,source,peak_rank,previous_rank,weeks_on_chart,streams\n\
        1,spotify:track:4iV5W9uYEdYUVa79Axb7Rh,\"Sabrina Carpenter\",Espresso,Island Records,1,2,12,\"41234567\"\n\
        2,spotify:track:2plbrEY59IikOBgBGLjaoe,\"Tyler, The Creator, Kali Uchis\",See You Again,Columbia,2,-1,1,\"38,120,004\"\n";

    #[test]
    fn a_weekly_download_is_read_by_its_header_and_name() {
        let chart = read_chart("regional-global-weekly-2026-11-26.csv", CURRENT.as_bytes()).unwrap();
        assert_eq!(chart.format, ChartFormat::SpotifyCsv);
        assert_eq!(
            (chart.region.as_deref(), chart.period, chart.day),
            (Some("global"), Some(ChartPeriod::Weekly), Day::parse("2026-11-26"))
        );
        assert_eq!(chart.title.as_deref(), Some("Top Songs"));
        let second = &chart.entries[1];
        assert_eq!(
            (second.position, second.title.as_str(), second.artists.as_str()),
            (2, "See You Again", "Tyler, The Creator, Kali Uchis")
        );
        assert_eq!(
            (second.plays, second.previous_position, second.peak_position, second.periods_on_chart),
            (Some(38_120_004), None, Some(2), Some(1))
        );
        assert_eq!(second.service_id.as_deref(), Some("2plbrEY59IikOBgBGLjaoe"));
        assert_eq!(chart.entries[0].previous_position, Some(2));
    }

    #[test]
    fn a_daily_file_without_source_is_read_by_name() {
        let text = "rank,uri,artist_names,track_name,peak_rank,previous_rank,days_on_chart,streams\n\
            1,spotify:track:4iV5W9uYEdYUVa79Axb7Rh,A,B,1,1,30,1000\n";
        let chart = read_chart("chart.csv", text.as_bytes()).unwrap();
        assert_eq!((chart.period, chart.region, chart.day), (Some(ChartPeriod::Daily), None, None));
        assert_eq!(chart.entries[0].periods_on_chart, Some(30));
    }

    #[test]
    fn the_retired_layout_starts_with_a_note() {
        let text = ",,,\"Note that these figures are generated using a formula that protects against any artificial inflation of streams.\",\n\
            Position,\"Track Name\",Artist,Streams,URL\n\
            1,\"Shape of You\",Ed Sheeran,\"3,221,032\",https://open.spotify.com/track/7qiZfU4dY1lWllzX7mPBI3\n\
            2,Rockabye,Clean Bandit,1000,https://open.spotify.com/track/5knuzwU65gJK7IF5yJsuaW\n";
        let chart = read_chart("regional-global-weekly-2017-01-06--2017-01-13.csv", text.as_bytes()).unwrap();
        assert_eq!(chart.format, ChartFormat::SpotifyLegacyCsv);
        assert_eq!(chart.day, Day::parse("2017-01-06"));
        assert_eq!(chart.entries[0].plays, Some(3_221_032));
        assert_eq!(chart.entries[1].service_id.as_deref(), Some("5knuzwU65gJK7IF5yJsuaW"));
        let viral = ",,,\"Note\",\nPosition,\"Track Name\",Artist,URL\n1,A,B,https://open.spotify.com/track/5knuzwU65gJK7IF5yJsuaW\n";
        let chart = read_chart("viral-us-daily-latest.csv", viral.as_bytes()).unwrap();
        assert_eq!((chart.title.as_deref(), chart.region.as_deref(), chart.day), (Some("Viral 50"), Some("us"), None));
        assert_eq!(chart.entries[0].plays, None);
    }

    #[test]
    fn a_bad_row_refuses_the_file_at_its_line() {
        let broken = CURRENT.replace("spotify:track:2plbrEY59IikOBgBGLjaoe", "spotify:album:2plbrEY59IikOBgBGLjaoe");
        let error = read_chart("regional-global-weekly-2026-11-26.csv", broken.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "regional-global-weekly-2026-11-26.csv: line 3: uri “spotify:album:2plbrEY59IikOBgBGLjaoe” is not a Spotify track"
        );
        let twice = CURRENT.replace("\n2,", "\n1,");
        let error = read_chart("x.csv", twice.as_bytes()).unwrap_err();
        assert_eq!(error.problem, ChartProblem::Malformed { line: 3, message: "position 1 is listed twice".into() });
        let short = format!("{CURRENT}3,spotify:track:2plbrEY59IikOBgBGLjaoe,A\n");
        assert!(
            read_chart("x.csv", short.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("line 4: the row has 3 fields where the header has 9")
        );
        let legacy = ",,,\"Note\",\nPosition,\"Track Name\",Artist,URL\n1,A,B,https://open.spotify.com/track/5knuzwU65gJK7IF5yJsuaW\nx,A,B,https://open.spotify.com/track/5knuzwU65gJK7IF5yJsuaW\n";
        assert!(read_chart("x.csv", legacy.as_bytes()).unwrap_err().to_string().contains("line 4: Position “x”"));
    }

    #[test]
    fn names_that_say_nothing_leave_the_chart_undated() {
        assert_eq!(name_parts("my-chart.csv"), NameParts::default());
        assert_eq!(name_parts("downloads/regional-zzz-daily-2026-01-01.csv").region, None);
        assert_eq!(name_parts("regional-de-daily-2026-02-30.csv").day, None);
    }
}
