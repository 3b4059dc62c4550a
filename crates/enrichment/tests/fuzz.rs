//! The reader's fuzz target: whatever bytes arrive, reading never panics, and either gives tracks that satisfy the
//! reader's promises or refuses with one of its refusals, naming a line whenever the refusal is about rows. Run
//! longer with `PROPTEST_CASES=100000 cargo test -p crossfade-enrichment --release --test fuzz`.

mod common;

use std::sync::LazyLock;

use common::{Shape, Style, write_file};
use crossfade_domain::AudioFeature;
use crossfade_enrichment::files::{FileRefusal, MAX_LISTED_PROBLEMS, read_enrichment_file};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match read_enrichment_file(bytes) {
        Ok(contents) => {
            prop_assert!(!contents.tracks.is_empty() || contents.local_files > 0);
            for track in &contents.tracks {
                prop_assert!(track.line >= 2, "a track on the header's line");
                prop_assert!(track.spotify_id.is_some() || track.isrc.is_some());
                for &(feature, value) in &track.features {
                    prop_assert_eq!(feature.check(value), Ok(value));
                    prop_assert!(feature != AudioFeature::Tempo || value > 0.0);
                }
                prop_assert!(track.genres.iter().all(|genre| !genre.is_empty() && genre.trim() == genre));
            }
        }
        Err(refusal) => {
            let message = refusal.to_string();
            prop_assert!(!message.is_empty());
            match refusal {
                FileRefusal::BadRows { problems, unlisted } => {
                    prop_assert!(!problems.is_empty() && problems.len() <= MAX_LISTED_PROBLEMS);
                    prop_assert!(unlisted == 0 || problems.len() == MAX_LISTED_PROBLEMS);
                    prop_assert!(problems.windows(2).all(|pair| pair[0].line <= pair[1].line), "in file order");
                    for problem in &problems {
                        prop_assert!(problem.line >= 1);
                        let names_its_line = problem.to_string().starts_with(&format!("line {}", problem.line));
                        prop_assert!(names_its_line, "{}", problem);
                    }
                }
                FileRefusal::NotUtf8 { line } => prop_assert!(line >= 1),
                FileRefusal::Empty
                | FileRefusal::NotCsv { .. }
                | FileRefusal::NoHeader
                | FileRefusal::UnknownHeader { .. }
                | FileRefusal::NoTracks
                | FileRefusal::TooManyRows { .. } => {}
            }
        }
    }
    Ok(())
}

/// Applies (position, byte) edits to `bytes`, then cuts it to `keep` of its length.
fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8)], keep: f64) -> Vec<u8> {
    for &(at, byte) in edits {
        let len = bytes.len();
        bytes[at % len] = byte;
    }
    let keep = (bytes.len() as f64 * keep) as usize;
    bytes.truncate(keep.max(1));
    bytes
}

/// One valid file of each layout, written from the same random tracks.
static VALID_FILES: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let mut runner = TestRunner::deterministic();
    let tracks = common::tracks().new_tree(&mut runner).unwrap().current();
    let style = Style { crlf: false, bom: false, quote_all: false, unknown_names: false };
    let shapes = [
        Shape::Exportify { artist_genres: true, features: true, album: true },
        Shape::ExportifyNet,
        Shape::ExportifyNetSpotifyIds,
        Shape::TracksDataset { row_number: true },
    ];
    shapes
        .into_iter()
        .map(|shape| {
            write_file(&tracks, shape, Style { quote_all: matches!(shape, Shape::Exportify { .. }), ..style }).0.bytes
        })
        .collect()
});

/// Bytes that matter to CSV and to the values, so that edits often make something the reader must judge.
fn telling_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        Just(b','),
        Just(b'"'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b'-'),
        Just(b'.'),
        Just(b':'),
        Just(b'9'),
        Just(b'e'),
        any::<u8>(),
    ]
}

proptest! {
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    #[test]
    fn arbitrary_csv_like_text(text in r#"[a-zA-Z0-9:,"\r\n .;-]{0,400}"#) {
        check(text.as_bytes())?;
    }

    #[test]
    fn a_known_header_over_arbitrary_rows(file in 0..4usize, rows in r#"[a-zA-Z0-9:,"\r\n .-]{0,400}"#) {
        let valid = &VALID_FILES[file];
        let header_end = valid.iter().position(|&byte| byte == b'\n').unwrap() + 1;
        check(&[&valid[..header_end], rows.as_bytes()].concat())?;
    }

    #[test]
    fn a_damaged_file(
        file in 0..4usize,
        edits in proptest::collection::vec((any::<usize>(), telling_byte()), 0..8),
        keep in 0.0..=1.0f64,
    ) {
        check(&mutate(VALID_FILES[file].clone(), &edits, keep))?;
    }
}
