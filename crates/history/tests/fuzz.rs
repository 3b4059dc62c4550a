//! The import's fuzz target: whatever bytes are uploaded, reading never panics, and either succeeds or fails with a
//! message naming the upload or the history file at fault. Run longer with `PROPTEST_CASES=100000`.

mod common;

use std::io::Cursor;
use std::sync::LazyLock;

use common::read;
use crossfade_history::{Record, write_export_zip};
use proptest::prelude::*;

const UPLOAD: &str = "upload.bin";

/// Reads `bytes`; on failure, checks the message names a file.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(error) = read(UPLOAD, bytes) {
        prop_assert!(error.is_in_export());
        let message = error.to_string();
        let names_a_file = message.contains(UPLOAD)
            || message.starts_with("Streaming_History_Audio_")
            || message.starts_with("endsong");
        prop_assert!(names_a_file, "{}", message);
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

static SMALL_ZIP: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut zip = Cursor::new(Vec::new());
    write_export_zip(&mut zip, 60, 11).unwrap();
    zip.into_inner()
});

static SMALL_JSON: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let records: Vec<Record> = crossfade_history::generate_plays(6, 5).collect();
    common::history_file(&records)
});

proptest! {
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    #[test]
    fn arbitrary_bytes_after_a_zip_signature(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&[b"PK\x03\x04".as_slice(), &bytes].concat())?;
    }

    #[test]
    fn arbitrary_json_like_text(text in r#"[\[\]{}",:0-9a-z_ .\\-]{0,300}"#) {
        check(format!("[{text}").as_bytes())?;
    }

    #[test]
    fn a_damaged_zip(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8), keep in 0.0..=1.0f64) {
        check(&mutate(SMALL_ZIP.clone(), &edits, keep))?;
    }

    #[test]
    fn a_damaged_history_file(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8), keep in 0.0..=1.0f64) {
        check(&mutate(SMALL_JSON.clone(), &edits, keep))?;
    }
}
