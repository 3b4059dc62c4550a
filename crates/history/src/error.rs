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
