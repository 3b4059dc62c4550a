//! Mutating example files for the readers' fuzz targets: bytes overwritten at random places with bytes that matter
//! to the format, then the file cut short.

use proptest::prelude::*;

/// Applies (position, byte) edits to `file` and cuts it to `keep` of its length; the bytes may stop being UTF-8.
pub fn mutate(file: &[u8], edits: &[(usize, u8)], keep: f64) -> Vec<u8> {
    let mut bytes = file.to_vec();
    for &(at, byte) in edits {
        let len = bytes.len();
        bytes[at % len] = byte;
    }
    bytes.truncate(((bytes.len() as f64 * keep) as usize).max(1));
    bytes
}

/// Up to 8 edits, each writing one of `alphabet` somewhere.
pub fn edits(alphabet: &'static [u8]) -> impl Strategy<Value = Vec<(usize, u8)>> {
    prop::collection::vec((any::<usize>(), prop::sample::select(alphabet)), 0..8)
}
