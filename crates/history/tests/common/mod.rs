//! Helpers the history tests share: reading an export from bytes, and building zips and history files.

use std::convert::Infallible;
use std::io::Cursor;

use crossfade_history::{ExportArchive, HistoryFileWriter, ImportError, Limits, Record, Summary, read_export_from};

/// Reads `bytes` uploaded as `name`, collecting every record.
pub fn read(name: &str, bytes: &[u8]) -> Result<(Summary, Vec<Record>), ImportError<Infallible>> {
    read_with(name, bytes, Limits::default())
}

/// [`read`] within `limits`.
pub fn read_with(name: &str, bytes: &[u8], limits: Limits) -> Result<(Summary, Vec<Record>), ImportError<Infallible>> {
    let mut records = Vec::new();
    let summary = read_export_from(
        Cursor::new(bytes),
        name,
        limits,
        |record| {
            records.push(record);
            Ok(())
        },
        |_| {},
    )?;
    Ok((summary, records))
}

/// The message of the error reading `bytes` gives; panics when reading succeeds.
#[allow(dead_code, reason = "not every test file reads failures")]
pub fn error(name: &str, bytes: &[u8]) -> String {
    match read(name, bytes) {
        Ok((summary, _)) => panic!("{name} was read: {summary:?}"),
        Err(error) => error.to_string(),
    }
}

/// A zip holding these files, with exactly these contents.
#[allow(dead_code, reason = "not every test file builds zips")]
pub fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut archive = ExportArchive::new(Cursor::new(Vec::new()));
    for (name, contents) in files {
        archive.add_file(name, contents).unwrap();
    }
    archive.finish().unwrap().into_inner()
}

/// A history file in the 2023+ layout holding `records`.
#[allow(dead_code, reason = "not every test file writes history files")]
pub fn history_file(records: &[Record]) -> Vec<u8> {
    let mut writer = HistoryFileWriter::new(Vec::new()).unwrap();
    for record in records {
        writer.write(record).unwrap();
    }
    writer.finish().unwrap()
}
