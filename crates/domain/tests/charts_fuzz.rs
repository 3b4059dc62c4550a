//! The chart readers' fuzz target: whatever bytes arrive as a chart, reading never panics, and either gives a chart
//! whose promises hold (entries in order, positions distinct, titles and artists present) or refuses the file, a
//! broken one at a line the file has. Inputs are the fixtures of every format mutated byte by byte and cut short.
//! Run longer with `PROPTEST_CASES=100000 cargo test -p crossfade-domain --release --test charts_fuzz`.

mod mutation;

use crossfade_domain::{ChartProblem, read_chart};
use mutation::{edits, mutate};
use proptest::prelude::*;

const CHARTS: [&[u8]; 13] = [
    include_bytes!("charts/regional-global-weekly-2026-11-26.csv"),
    include_bytes!("charts/regional-us-daily-2026-12-01.csv"),
    include_bytes!("charts/regional-global-weekly-2017-01-06--2017-01-13.csv"),
    include_bytes!("charts/viral-global-daily-2017-01-10.csv"),
    include_bytes!("charts/apple-music-most-played-us.json"),
    include_bytes!("charts/billboard-hot-100-2026-11-28.json"),
    include_bytes!("charts/deezer-chart-132-tracks.json"),
    include_bytes!("charts/lastfm-tag-pop-page-1.json"),
    include_bytes!("charts/shazam-top-200-global-2026-12-01.csv"),
    include_bytes!("charts/beatport_top100_techno_2026-12-01.csv"),
    include_bytes!("charts/beatport-api-top-100-tech-house.json"),
    include_bytes!("release_feeds/beatport_top100_2025-03-21.csv"),
    include_bytes!("release_feeds/api-tech-house-tracks.json"),
];

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let line_count = bytes.iter().filter(|byte| **byte == b'\n').count() + 1;
    match read_chart("chart-2026-12-01.csv", bytes) {
        Ok(chart) => {
            prop_assert!(!chart.entries.is_empty());
            prop_assert!(chart.entries.windows(2).all(|pair| pair[0].position < pair[1].position));
            prop_assert!(chart.entries.iter().all(|entry| entry.position >= 1));
            prop_assert!(
                chart.entries.iter().all(|entry| !entry.title.trim().is_empty() && !entry.artists.trim().is_empty())
            );
        }
        Err(error) => {
            prop_assert!(error.to_string().starts_with("chart-2026-12-01.csv: "));
            if let ChartProblem::Malformed { line, message } = error.problem {
                prop_assert!((1..=line_count).contains(&line), "line {} of {}: {}", line, line_count, message);
                prop_assert!(!message.is_empty());
            }
        }
    }
    Ok(())
}

/// The bytes the edits write: the format's structure and text.
const ALPHABET: &[u8] = b"{}[]\":,;0123456789.-eE aAzZ\\/nt\n\r#@\xef\xbb\xbf\xff";

proptest! {
    // At least 2000 cases, more when PROPTEST_CASES asks for them (an explicit count would override the variable).
    #![proptest_config(ProptestConfig { cases: ProptestConfig::default().cases.max(2000), ..Default::default() })]

    #[test]
    fn mutated_charts_are_read_or_refused(index in 0..CHARTS.len(), edits in edits(ALPHABET), keep in 0.05f64..=1.0) {
        check(&mutate(CHARTS[index], &edits, keep))?;
    }

    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check(&bytes)?;
    }

    #[test]
    fn any_text_is_read_or_refused(text in "[\\PC\n]{0,300}") {
        check(text.as_bytes())?;
    }
}
