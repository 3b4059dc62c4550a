//! The release feeds' fuzz target: whatever bytes arrive as a feed, reading never panics, and either gives tracks and
//! left-out rows, each at a line the file has, or refuses the file with a problem. Inputs are the example feeds of
//! every format (`release_feeds/`) mutated byte by byte and cut short. Run longer with
//! `PROPTEST_CASES=100000 cargo test -p crossfade-domain --release --test release_feeds_fuzz`.

mod mutation;

use crossfade_domain::{FeedProblem, read_feed};
use mutation::{edits, mutate};
use proptest::prelude::*;

/// One feed of each format.
const FEEDS: [&[u8]; 6] = [
    include_bytes!("release_feeds/api-tech-house-tracks.json"),
    include_bytes!("release_feeds/api-track.json"),
    include_bytes!("release_feeds/beatport-page-tech-house-top-100.html"),
    include_bytes!("release_feeds/my-beatport-feed.json"),
    include_bytes!("release_feeds/beatport_top100_2025-03-21.csv"),
    include_bytes!("release_feeds/releases-to-curate.csv"),
];

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let line_count = bytes.iter().filter(|byte| **byte == b'\n').count() + 1;
    match read_feed(bytes) {
        Ok(read) => {
            prop_assert!(read.bad_rows.len() <= read.bad_rows_total);
            for row in &read.bad_rows {
                prop_assert!((1..=line_count).contains(&row.line), "{:?} of {} lines", row, line_count);
                prop_assert!(!row.problem.to_string().is_empty());
            }
        }
        Err(FeedProblem::Malformed { line, message }) => {
            prop_assert!((1..=line_count).contains(&line), "line {} of {}: {}", line, line_count, message);
            prop_assert!(!message.is_empty());
        }
        Err(_) => {}
    }
    Ok(())
}

/// The bytes the edits write: the format's structure and text.
const ALPHABET: &[u8] = b"{}[]\":,;0123456789.-eE aAzZ\\/nt\n\r<>&()#\xef\xbb\xbf\xff";

proptest! {
    // At least 2000 cases, more when PROPTEST_CASES asks for them (an explicit count would override the variable).
    #![proptest_config(ProptestConfig { cases: ProptestConfig::default().cases.max(2000), ..Default::default() })]

    #[test]
    fn mutated_feeds_are_read_or_refused(index in 0..FEEDS.len(), edits in edits(ALPHABET), keep in 0.05f64..=1.0) {
        check(&mutate(FEEDS[index], &edits, keep))?;
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
