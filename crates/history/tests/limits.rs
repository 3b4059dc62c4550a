//! The bounds on what an upload may make an import read: entries in an archive, bytes its history files unpack to,
//! records in the whole upload. Each is refused with a message that names the upload and the bound, and a small
//! archive that unpacks to a great deal is refused without being unpacked whole.

mod common;

use std::sync::LazyLock;

use common::{read_with, zip};
use crossfade_history::{ImportError, Limits};
use proptest::prelude::*;

/// One play of the 2023+ layout, as one line.
const PLAY: &str = r#"{"ts":"2023-04-01T12:00:31Z","platform":"android","ms_played":215373,"conn_country":"SE","ip_addr":"192.0.2.44","master_metadata_track_name":"Harbor Lights","master_metadata_album_artist_name":"The Velvet Lanterns","master_metadata_album_album_name":"Quiet Engines","spotify_track_uri":"spotify:track:4uLU6hMCjMI75M1A2tKUQC","episode_name":null,"episode_show_name":null,"spotify_episode_uri":null,"reason_start":"trackdone","reason_end":"trackdone","shuffle":true,"skipped":false,"offline":false,"offline_timestamp":1680350215,"incognito_mode":false}"#;

const UPLOAD: &str = "my_spotify_data.zip";

/// A history file of `plays` copies of [`PLAY`].
fn history(plays: usize) -> Vec<u8> {
    format!("[{}]", vec![PLAY; plays].join(",")).into_bytes()
}

/// Limits that never stop these tests' ordinary exports, with `change` applied.
fn limits(change: impl FnOnce(&mut Limits)) -> Limits {
    let mut limits = Limits::default();
    change(&mut limits);
    limits
}

#[test]
fn an_archive_with_more_entries_than_allowed_is_refused() {
    let mut files: Vec<(String, Vec<u8>)> =
        (0..11).map(|n| (format!("Spotify Account Data/ReadMe_{n}.txt"), b"hello".to_vec())).collect();
    files.push(("Spotify Account Data/Streaming_History_Audio_2023.json".into(), history(2)));
    let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
    let archive = zip(&files);

    let error = read_with(UPLOAD, &archive, limits(|l| l.entries = 11)).unwrap_err();
    assert!(matches!(error, ImportError::TooManyEntries { limit: 11, .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "my_spotify_data.zip holds more than 11 files, and an export from Spotify holds a few dozen. Upload the .zip \
         as Spotify sent it, or the Streaming_History_Audio_*.json files in it."
    );
    let (summary, _) = read_with(UPLOAD, &archive, limits(|l| l.entries = 12)).unwrap();
    assert_eq!(summary.songs, 2);
}

#[test]
fn entries_are_counted_before_the_archive_is_opened() {
    // Central directory headers and nothing else: not an archive anyone could open, so only a count made before
    // opening it can be what refuses it.
    let mut bytes = b"PK\x03\x04".to_vec();
    for _ in 0..50 {
        bytes.extend_from_slice(b"PK\x01\x02");
        bytes.extend_from_slice(&[0; 42]);
    }
    let error = read_with(UPLOAD, &bytes, limits(|l| l.entries = 40)).unwrap_err();
    assert!(matches!(error, ImportError::TooManyEntries { .. }), "{error:?}");
    let error = read_with(UPLOAD, &bytes, limits(|l| l.entries = 50)).unwrap_err();
    assert!(matches!(error, ImportError::Zip { .. }), "{error:?}");
}

#[test]
fn an_archive_that_unpacks_to_more_than_a_multiple_of_its_size_is_refused() {
    let unpacked = history(2_000);
    let archive = zip(&[("Streaming_History_Audio_2023.json", &unpacked)]);
    let needed = unpacked.len() as u64 / archive.len() as u64 + 1;

    let error = read_with(UPLOAD, &archive, limits(|l| l.unpacked_per_byte = needed - 1)).unwrap_err();
    let allowance = archive.len() as u64 * (needed - 1);
    assert!(
        matches!(&error, ImportError::TooLargeUnpacked { archive, limit } if archive == UPLOAD && *limit == allowance),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with("my_spotify_data.zip unpacks to more than "), "{message}");
    assert!(message.contains("Streaming_History_Audio_*.json files"), "{message}");
    let (summary, _) = read_with(UPLOAD, &archive, limits(|l| l.unpacked_per_byte = needed)).unwrap();
    assert_eq!(summary.songs, 2_000);
}

#[test]
fn the_unpacked_bytes_have_a_ceiling_whatever_the_archives_size() {
    let unpacked = history(1_000);
    let archive = zip(&[("Streaming_History_Audio_2023.json", &unpacked)]);
    let ceiling = 64 * 1024;
    let error = read_with(UPLOAD, &archive, limits(|l| l.unpacked_bytes = ceiling)).unwrap_err();
    assert!(matches!(error, ImportError::TooLargeUnpacked { limit, .. } if limit == ceiling), "{error:?}");
    assert!(error.to_string().contains("more than 64 KiB"), "{error}");
    // Exactly at the ceiling is still allowed.
    let exact = limits(|l| {
        l.unpacked_per_byte = u64::MAX;
        l.unpacked_bytes = unpacked.len() as u64;
    });
    assert_eq!(read_with(UPLOAD, &archive, exact).unwrap().0.songs, 1_000);
}

#[test]
fn the_unpacked_allowance_is_shared_by_all_history_files_of_an_archive() {
    let file = history(500);
    let archive = zip(&[
        ("Streaming_History_Audio_2021.json", &file),
        ("Streaming_History_Audio_2022.json", &file),
        ("Streaming_History_Audio_2023.json", &file),
    ]);
    let two_files = limits(|l| l.unpacked_bytes = 2 * file.len() as u64 + 100);
    let error = read_with(UPLOAD, &archive, two_files).unwrap_err();
    assert!(matches!(error, ImportError::TooLargeUnpacked { .. }), "{error:?}");
}

#[test]
fn an_upload_with_more_records_than_allowed_is_refused() {
    let file = history(5);
    let error = read_with("Streaming_History_Audio_2023.json", &file, limits(|l| l.records = 4)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Streaming_History_Audio_2023.json holds more than 4 plays, the most one upload may hold. Upload the history \
         files in it one at a time."
    );
    let (summary, records) = read_with("Streaming_History_Audio_2023.json", &file, limits(|l| l.records = 5)).unwrap();
    assert_eq!((summary.records(), records.len()), (5, 5));
}

#[test]
fn records_are_counted_across_the_files_of_an_archive() {
    let file = history(3);
    let archive = zip(&[("Streaming_History_Audio_2022.json", &file), ("Streaming_History_Audio_2023.json", &file)]);
    let error = read_with(UPLOAD, &archive, limits(|l| l.records = 5)).unwrap_err();
    assert!(matches!(&error, ImportError::TooManyRecords { file, limit: 5 } if file == UPLOAD), "{error:?}");
    assert_eq!(read_with(UPLOAD, &archive, limits(|l| l.records = 6)).unwrap().0.records(), 6);
}

/// Plays in each crafted archive: megabytes of the same play, which packs to a few kilobytes.
const BOMB_PLAYS: usize = 8_000;

/// Small archives holding far more than their size: the plays in one history file, or spread over three.
static BOMBS: LazyLock<[(Vec<u8>, u64); 2]> = LazyLock::new(|| {
    let whole = history(BOMB_PLAYS);
    let third = history(BOMB_PLAYS / 3);
    [
        (zip(&[("Streaming_History_Audio_2023.json", &whole)]), whole.len() as u64),
        (
            zip(&[
                ("a/Streaming_History_Audio_2021.json", &third),
                ("a/Streaming_History_Audio_2022.json", &third),
                ("a/Streaming_History_Audio_2023.json", &third),
            ]),
            3 * third.len() as u64,
        ),
    ]
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// However the limits are set, an archive unpacking to more than its allowance is refused, and no more of it is
    /// unpacked than the allowance: the plays handed over before the refusal fit in it.
    #[test]
    fn a_small_archive_that_unpacks_to_a_lot_is_refused_within_its_allowance(
        bomb in 0..2usize,
        per_byte in 1..80u64,
        ceiling in 16_384..4_000_000u64,
    ) {
        let (archive, unpacked) = &BOMBS[bomb];
        prop_assert!(*unpacked > 20 * archive.len() as u64, "the crafted archive packs {unpacked} bytes tightly");
        let limits = limits(|l| {
            l.unpacked_per_byte = per_byte;
            l.unpacked_bytes = ceiling;
        });
        let allowance = limits.unpacked_allowance(archive.len() as u64);
        let mut delivered = 0u64;
        let read = crossfade_history::read_export_from(
            std::io::Cursor::new(archive),
            UPLOAD,
            limits,
            |_| {
                delivered += 1;
                Ok::<_, std::convert::Infallible>(())
            },
            |_| {},
        );
        if allowance >= *unpacked {
            prop_assert_eq!(read.unwrap().records(), delivered);
        } else {
            let error = read.unwrap_err();
            prop_assert!(matches!(error, ImportError::TooLargeUnpacked { .. }), "{:?}", error);
            prop_assert!(error.to_string().starts_with(UPLOAD));
            prop_assert!(delivered * PLAY.len() as u64 <= allowance, "{} plays read past {}", delivered, allowance);
            prop_assert!(delivered < BOMB_PLAYS as u64 / 3 * 3);
        }
    }
}
