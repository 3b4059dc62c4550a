//! Why an export could not be imported, in words the person who uploaded it can act on: every message names the
//! file, and the record when one record is at fault.

use std::fmt;
use std::io;

use crate::raw::RecordProblem;

/// An import that stopped. `E` is the error of the caller's sink, passed through unchanged.
#[derive(Debug, thiserror::Error)]
pub enum ImportError<E> {
    /// One record is wrong; `record` counts from 1 within `file`.
    #[error("{file}, record {}: {problem}", Thousands(*.record))]
    Record { file: String, record: u64, problem: RecordProblem },
    #[error("{file} is empty")]
    Empty { file: String },
    #[error("{file} is not a JSON array of plays")]
    NotAnArray { file: String },
    #[error("{file} has something after its list of plays")]
    TrailingData { file: String },
    #[error(
        "{file} is from Spotify's \"Account data\" download, which keeps only one year without song ids. \
         Request the \"Extended streaming history\" on Spotify's privacy page and upload that instead."
    )]
    AccountData { file: String },
    #[error("no Streaming_History_Audio_*.json or endsong_*.json in {archive}")]
    NoHistoryFiles { archive: String },
    #[error("{file} could not be read: {source}")]
    Unreadable { file: String, source: io::Error },
    #[error("{file} is not a readable zip archive: {source}")]
    Zip { file: String, source: zip::result::ZipError },
    /// The archive lists more entries than an export has; counted before it is opened, so it is never held in
    /// memory.
    #[error(
        "{archive} holds more than {} files, and an export from Spotify holds a few dozen. Upload the .zip as \
         Spotify sent it, or the Streaming_History_Audio_*.json files in it.",
        Thousands(*.limit)
    )]
    TooManyEntries { archive: String, limit: u64 },
    /// The archive's history files unpack to more than its size allows (a zip bomb, or not an export at all).
    #[error(
        "{archive} unpacks to more than {}, the most an upload of its size may unpack to; an export from Spotify \
         unpacks to far less. Upload the .zip as Spotify sent it, or the Streaming_History_Audio_*.json files in it.",
        ByteSize(*.limit)
    )]
    TooLargeUnpacked { archive: String, limit: u64 },
    /// The upload holds more records than one import takes.
    #[error(
        "{file} holds more than {} plays, the most one upload may hold. Upload the history files in it one at a \
         time.",
        Thousands(*.limit)
    )]
    TooManyRecords { file: String, limit: u64 },
    /// The sink refused a record: the import was stopped on purpose.
    #[error("the import was stopped: {0}")]
    Sink(E),
}

impl<E> ImportError<E> {
    /// Whether this error comes from the file rather than from the sink.
    pub fn is_in_export(&self) -> bool {
        !matches!(self, ImportError::Sink(_))
    }
}

/// A count written with thousands separators, as the import page shows counts.
#[derive(Clone, Copy, Debug)]
pub struct Thousands(pub u64);

impl fmt::Display for Thousands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        f.write_str(&grouped)
    }
}

/// A number of bytes written for people: "8 GiB", "1.5 MiB", "900 bytes".
#[derive(Clone, Copy, Debug)]
pub(crate) struct ByteSize(pub(crate) u64);

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
        if self.0 < 1024 {
            return write!(f, "{} bytes", self.0);
        }
        let mut unit = 0;
        let mut scaled = self.0 as f64 / 1024.0;
        while scaled >= 1024.0 && unit + 1 < UNITS.len() {
            scaled /= 1024.0;
            unit += 1;
        }
        // Tenths at most: enough to act on, and whole numbers stay whole.
        let tenths = (scaled * 10.0).round() as u64;
        match tenths % 10 {
            0 => write!(f, "{} {}", Thousands(tenths / 10), UNITS[unit]),
            tenth => write!(f, "{}.{tenth} {}", Thousands(tenths / 10), UNITS[unit]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(Thousands(0).to_string(), "0");
        assert_eq!(Thousands(999).to_string(), "999");
        assert_eq!(Thousands(1234).to_string(), "1,234");
        assert_eq!(Thousands(1_000_000).to_string(), "1,000,000");
    }

    #[test]
    fn byte_sizes_are_written_in_the_largest_whole_unit() {
        assert_eq!(ByteSize(900).to_string(), "900 bytes");
        assert_eq!(ByteSize(1024).to_string(), "1 KiB");
        assert_eq!(ByteSize(1536 * 1024).to_string(), "1.5 MiB");
        assert_eq!(ByteSize(8 << 30).to_string(), "8 GiB");
        assert_eq!(ByteSize(10_240 << 30).to_string(), "10,240 GiB");
    }

    #[test]
    fn a_record_error_names_file_and_record() {
        let error: ImportError<std::convert::Infallible> = ImportError::Record {
            file: "Streaming_History_Audio_2023_4.json".into(),
            record: 1234,
            problem: RecordProblem::NotADate("yesterday".into()),
        };
        assert_eq!(
            error.to_string(),
            r#"Streaming_History_Audio_2023_4.json, record 1,234: "ts" is not a date ("yesterday")"#
        );
    }
}
