//! Reading one history file, a JSON array of plays, one element at a time: each record is checked and handed to
//! the sink before the next is read, so memory stays bounded however long the file is.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use serde::de::{self, Deserializer as _, SeqAccess, Visitor};
use serde_json::error::Category;

use crate::error::ImportError;
use crate::export::Hooks;
use crate::meter::{Gauge, Meter};
use crate::raw::{Checked, RecordProblem, RecordSeed};
use crate::record::Record;

/// The largest record read (about: the reader looks ahead by up to its buffer). Real records are under 2 KiB.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// How often progress is reported, in records.
const PROGRESS_EVERY: u64 = 1024;

const BUFFER_BYTES: usize = 64 * 1024;

/// Why parsing stopped early, kept aside while serde unwinds with a placeholder error.
enum Stop<E> {
    Problem(RecordProblem),
    AccountData,
    /// The upload holds more records than its limit allows.
    TooManyRecords,
    Sink(E),
}

/// Reads the history file `file` from `reader`, handing each record to the hooks.
pub(crate) fn read_history_file<R: Read, E>(
    reader: R,
    file: &str,
    hooks: &mut Hooks<'_, E>,
) -> Result<(), ImportError<E>> {
    let gauge = Gauge::new();
    let mut reader = BufReader::with_capacity(BUFFER_BYTES, Meter::new(reader, gauge.clone()));
    let unreadable = |source| ImportError::Unreadable { file: file.to_owned(), source };
    match skip_to_content(&mut reader).map_err(unreadable)? {
        None => return Err(ImportError::Empty { file: file.to_owned() }),
        Some(b'[') => {}
        Some(_) => return Err(ImportError::NotAnArray { file: file.to_owned() }),
    }
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let mut visitor = PlaysVisitor { hooks, gauge, records: 0, field: Cell::new(""), stop: None };
    let parsed = (&mut deserializer).deserialize_seq(&mut visitor);
    let records = visitor.records;
    let in_record = |problem| ImportError::Record { file: file.to_owned(), record: records + 1, problem };
    match (parsed, visitor.stop) {
        (_, Some(Stop::Problem(problem))) => return Err(in_record(problem)),
        (_, Some(Stop::AccountData)) => return Err(ImportError::AccountData { file: file.to_owned() }),
        (_, Some(Stop::TooManyRecords)) => {
            let hooks = &visitor.hooks;
            return Err(ImportError::TooManyRecords { file: hooks.upload.to_owned(), limit: hooks.limits.records });
        }
        (_, Some(Stop::Sink(error))) => return Err(ImportError::Sink(error)),
        (Err(_), None) if visitor.gauge.exceeded() => return Err(in_record(RecordProblem::TooLarge)),
        (Err(error), None) => {
            return Err(match error.classify() {
                Category::Io => unreadable(io::Error::from(error)),
                Category::Eof => in_record(RecordProblem::Truncated),
                Category::Syntax | Category::Data => in_record(json_problem(&error, visitor.field.get())),
            });
        }
        (Ok(()), None) => {}
    }
    deserializer.end().map_err(|error| match error.classify() {
        Category::Io => unreadable(io::Error::from(error)),
        _ => ImportError::TrailingData { file: file.to_owned() },
    })?;
    visitor.hooks.report();
    Ok(())
}

/// Skips a byte-order mark and whitespace; returns the first byte of content, left unread.
fn skip_to_content<R: Read>(reader: &mut BufReader<R>) -> io::Result<Option<u8>> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let buffer = reader.fill_buf()?;
    if buffer.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(None);
        }
        match buffer.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(at) => {
                let first = buffer[at];
                reader.consume(at);
                return Ok(Some(first));
            }
            None => {
                let all = buffer.len();
                reader.consume(all);
            }
        }
    }
}

/// serde_json's message without its line and column (meaningless to someone who never opened the file), with the
/// field that was being read.
fn json_problem(error: &serde_json::Error, field: &str) -> RecordProblem {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => &message,
    };
    if field.is_empty() {
        RecordProblem::Json(message.to_owned())
    } else {
        RecordProblem::Json(format!("\"{field}\": {message}"))
    }
}

struct PlaysVisitor<'h, 'a, E> {
    hooks: &'h mut Hooks<'a, E>,
    gauge: Rc<Gauge>,
    /// Records read whole so far.
    records: u64,
    field: Cell<&'static str>,
    stop: Option<Stop<E>>,
}

impl<E> PlaysVisitor<'_, '_, E> {
    fn stop<T, Error: de::Error>(&mut self, stop: Stop<E>) -> Result<T, Error> {
        self.stop = Some(stop);
        Err(Error::custom("stopped"))
    }
}

impl<'de, E> Visitor<'de> for &mut PlaysVisitor<'_, '_, E> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON array of plays")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.gauge.allow(MAX_RECORD_BYTES);
            let Some(raw) = seq.next_element_seed(RecordSeed { field: &self.field })? else { break };
            self.gauge.unlimit();
            let record = match raw.check() {
                Ok(Checked::Record(record)) => record,
                Ok(Checked::AccountData) => return self.stop(Stop::AccountData),
                Err(problem) => return self.stop(Stop::Problem(problem)),
            };
            if self.hooks.summary.records() >= self.hooks.limits.records {
                return self.stop(Stop::TooManyRecords);
            }
            if let Err(error) = self.hooks.deliver(record) {
                return self.stop(Stop::Sink(error));
            }
            self.records += 1;
            if self.records.is_multiple_of(PROGRESS_EVERY) {
                self.hooks.report();
            }
        }
        self.gauge.unlimit();
        Ok(())
    }
}

impl<E> Hooks<'_, E> {
    /// Counts the record and hands it to the sink.
    fn deliver(&mut self, record: Record) -> Result<(), E> {
        self.summary.count(&record);
        (self.sink)(record)
    }
}
