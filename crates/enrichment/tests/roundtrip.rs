//! Property tests: random tracks written in each layout (quoted or not where the layout allows, CRLF or LF, with a
//! byte-order mark or without, with English or unknown header names) read back as written; and one corrupted value
//! makes the reader refuse the file, naming that line and that column.

mod common;

use common::{Shape, Style, Track, shape, style, tracks, write_file, write_rows};
use crossfade_enrichment::files::{FileLayout, FileRefusal, HeaderMatch, RowReason, read_enrichment_file};
use proptest::prelude::*;

fn layout_of(shape: Shape) -> FileLayout {
    match shape {
        Shape::Exportify { .. } => FileLayout::Exportify,
        Shape::ExportifyNet => FileLayout::ExportifyNet,
        Shape::ExportifyNetSpotifyIds => FileLayout::ExportifyNetSpotifyIds,
        Shape::TracksDataset { .. } => FileLayout::TracksDataset,
    }
}

fn has_features(shape: Shape) -> bool {
    !matches!(shape, Shape::Exportify { features: false, .. })
}

/// A file of `shape` with its track column's English name.
fn track_column(shape: Shape) -> &'static str {
    match shape {
        Shape::Exportify { .. } | Shape::ExportifyNet => "Track URI",
        Shape::ExportifyNetSpotifyIds => "Spotify ID",
        Shape::TracksDataset { .. } => "track_id",
    }
}

/// Ways to spoil one value.
#[derive(Clone, Copy, Debug)]
enum Corruption {
    EnergyOutOfRange,
    KeyOutOfRange,
    NotATrack,
}

fn any_shape_and_style() -> impl Strategy<Value = (Shape, Style)> {
    shape().prop_flat_map(|shape| (Just(shape), style(shape)))
}

proptest! {
    #[test]
    fn files_read_back_as_written(tracks in tracks(), (shape, style) in any_shape_and_style()) {
        let (written, expected) = write_file(&tracks, shape, style);
        let contents = read_enrichment_file(&written.bytes).map_err(|refusal| TestCaseError::fail(refusal.to_string()))?;
        prop_assert_eq!(contents.layout, layout_of(shape));
        let matched = if style.unknown_names { HeaderMatch::ByPosition } else { HeaderMatch::English };
        prop_assert_eq!(contents.header, matched);
        prop_assert_eq!(contents.tracks, expected);
        prop_assert_eq!(contents.local_files, 0);
        prop_assert_eq!(contents.merged_rows, 0);
    }

    #[test]
    fn one_bad_value_refuses_the_file_naming_its_line_and_column(
        tracks in tracks(),
        (shape, style) in any_shape_and_style(),
        corruption in prop_oneof![Just(Corruption::EnergyOutOfRange), Just(Corruption::KeyOutOfRange), Just(Corruption::NotATrack)],
        row in any::<prop::sample::Index>(),
    ) {
        let corruption = if has_features(shape) { corruption } else { Corruption::NotATrack };
        let (column, value) = match corruption {
            Corruption::EnergyOutOfRange => (if matches!(shape, Shape::TracksDataset { .. }) { "energy" } else { "Energy" }, "1.7"),
            Corruption::KeyOutOfRange => (if matches!(shape, Shape::TracksDataset { .. }) { "key" } else { "Key" }, "12"),
            Corruption::NotATrack => (track_column(shape), "spotify:album:2noRn2Aes5aoNVsU6iWThc"),
        };
        let bad = row.index(tracks.len());
        let mut rows: Vec<_> = tracks.iter().enumerate().map(|(index, track)| track.cells(shape, index)).collect();
        let index = rows[bad].iter().position(|(name, _)| *name == column).unwrap();
        rows[bad][index].1 = value.to_owned();
        if matches!(corruption, Corruption::KeyOutOfRange) {
            let mode = rows[bad].iter().position(|(name, _)| name.eq_ignore_ascii_case("mode")).unwrap();
            rows[bad][mode].1 = "1".to_owned();
        }
        // Unknown names are matched by the values in the track column, most of which must be tracks.
        let by_position = style.unknown_names && (tracks.len() >= 3 || !matches!(corruption, Corruption::NotATrack));
        let style = Style { unknown_names: by_position, ..style };
        let written = write_rows(&rows, style);
        match read_enrichment_file(&written.bytes) {
            Err(FileRefusal::BadRows { problems, unlisted }) => {
                prop_assert_eq!(unlisted, 0);
                prop_assert_eq!(problems.len(), 1, "{:?}", problems);
                prop_assert_eq!(problems[0].line, written.lines[bad]);
                prop_assert_eq!(problems[0].column.as_deref(), Some(written.header[index].as_str()));
                let fits = match corruption {
                    Corruption::EnergyOutOfRange => matches!(problems[0].reason, RowReason::Feature(_)),
                    Corruption::KeyOutOfRange => matches!(problems[0].reason, RowReason::Feature(_)),
                    Corruption::NotATrack => matches!(problems[0].reason, RowReason::NotATrack(_)),
                };
                prop_assert!(fits, "{}", problems[0]);
            }
            other => prop_assert!(false, "expected bad rows, got {:?}", other),
        }
    }

    #[test]
    fn rows_naming_one_track_are_merged(track in common::track(0), shape in shape()) {
        let mut later = Track { genres: vec!["later genre".into()], ..track.clone() };
        later.title = "Later title".into();
        let (written, expected) = write_file(&[track, later], shape, Style { crlf: false, bom: false, quote_all: true, unknown_names: false });
        let contents = read_enrichment_file(&written.bytes).map_err(|refusal| TestCaseError::fail(refusal.to_string()))?;
        prop_assert_eq!(contents.merged_rows, 1);
        prop_assert_eq!(contents.tracks.len(), 1);
        let merged = &contents.tracks[0];
        prop_assert_eq!(merged.line, 2);
        prop_assert_eq!(&merged.title, "Later title");
        let mut genres = expected[0].genres.clone();
        for genre in &expected[1].genres {
            if !genres.contains(genre) {
                genres.push(genre.clone());
            }
        }
        prop_assert_eq!(&merged.genres, &genres);
        prop_assert_eq!(&merged.features, &expected[1].features);
    }
}
