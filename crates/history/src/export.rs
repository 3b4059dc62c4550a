//! An uploaded export, as Spotify sends it (a zip holding the history files, possibly inside a folder) or as a
//! single history file: finding the history files in it and reading each in turn.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use zip::ZipArchive;

use crate::error::ImportError;
use crate::limits::Limits;
use crate::meter::{Gauge, Meter};
use crate::record::Record;
use crate::stream::read_history_file;

/// What an import read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// The history files read, in the order they were read.
    pub files: Vec<String>,
    pub songs: u64,
    pub episodes: u64,
    /// Audiobook chapters and records that name nothing.
    pub other: u64,
}

impl Summary {
    /// Every record read, of any kind.
    pub fn records(&self) -> u64 {
        self.songs + self.episodes + self.other
    }

    pub(crate) fn count(&mut self, record: &Record) {
        match record {
            Record::Song(_) => self.songs += 1,
            Record::Episode(_) => self.episodes += 1,
            Record::Other => self.other += 1,
        }
    }
}

/// How far an import has got, for a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the upload read so far (compressed bytes, for a zip).
    pub bytes_read: u64,
    /// The upload's size.
    pub bytes_total: u64,
    /// Records read so far, of any kind.
    pub records_read: u64,
}

/// Where records and progress reports go while an export is read, and what bounds the reading.
pub(crate) struct Hooks<'a, E> {
    /// The name the export was uploaded under.
    pub(crate) upload: &'a str,
    pub(crate) limits: Limits,
    pub(crate) sink: &'a mut dyn FnMut(Record) -> Result<(), E>,
    progress: &'a mut dyn FnMut(Progress),
    /// The position in the upload.
    position: Rc<Gauge>,
    total: u64,
    pub(crate) summary: Summary,
}

impl<E> Hooks<'_, E> {
    pub(crate) fn report(&mut self) {
        let bytes_read = self.position.position().min(self.total);
        (self.progress)(Progress { bytes_read, bytes_total: self.total, records_read: self.summary.records() });
    }
}

/// Reads the export at `path`, handing every record to `sink` in file order and reporting progress now and then.
/// `file_name` is the name it was uploaded under, used in error messages. A zip is recognised by its first bytes,
/// whatever the name says; anything else is read as one history file. An export that passes one of the `limits`
/// is refused as soon as it does.
pub fn read_export<E>(
    path: &Path,
    file_name: &str,
    limits: Limits,
    sink: impl FnMut(Record) -> Result<(), E>,
    progress: impl FnMut(Progress),
) -> Result<Summary, ImportError<E>> {
    let file = File::open(path).map_err(|source| ImportError::Unreadable { file: file_name.to_owned(), source })?;
    read_export_from(file, file_name, limits, sink, progress)
}

/// [`read_export`] from any seekable reader.
pub fn read_export_from<R: Read + Seek, E>(
    mut reader: R,
    file_name: &str,
    limits: Limits,
    mut sink: impl FnMut(Record) -> Result<(), E>,
    mut progress: impl FnMut(Progress),
) -> Result<Summary, ImportError<E>> {
    let unreadable = |source| ImportError::Unreadable { file: file_name.to_owned(), source };
    let total = reader.seek(SeekFrom::End(0)).map_err(unreadable)?;
    reader.rewind().map_err(unreadable)?;
    let is_zip = starts_like_a_zip(&mut reader).map_err(unreadable)?;
    reader.rewind().map_err(unreadable)?;
    let position = Gauge::new();
    let reader = Meter::new(reader, position.clone());
    let mut hooks = Hooks {
        upload: file_name,
        limits,
        sink: &mut sink,
        progress: &mut progress,
        position,
        total,
        summary: Summary::default(),
    };
    if is_zip {
        read_archive(reader, file_name, &mut hooks)?;
    } else {
        read_history_file(reader, file_name, &mut hooks)?;
        hooks.summary.files.push(file_name.to_owned());
    }
    (hooks.progress)(Progress { bytes_read: total, bytes_total: total, records_read: hooks.summary.records() });
    Ok(hooks.summary)
}

/// Whether the reader starts with a zip signature (a local file header, or the end record of an empty archive).
fn starts_like_a_zip(reader: &mut impl Read) -> io::Result<bool> {
    let mut magic = [0u8; 4];
    let mut filled = 0;
    while filled < magic.len() {
        match reader.read(&mut magic[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled == 4 && (magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06"))
}

/// What a file in an archive is, judged by its name.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// An Extended streaming history file of songs and podcasts.
    History,
    /// A file of the older "Account data" download.
    AccountData,
    Unrelated,
}

fn classify(path: &str) -> Entry {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    // Archives made on macOS carry resource forks named like the files they describe.
    let resource_fork = name.starts_with("._") || path.split(['/', '\\']).any(|part| part == "__MACOSX");
    if resource_fork || !name.ends_with(".json") {
        Entry::Unrelated
    } else if name.starts_with("Streaming_History_Audio_") || name.starts_with("endsong") {
        Entry::History
    } else if name.starts_with("StreamingHistory") {
        Entry::AccountData
    } else {
        Entry::Unrelated
    }
}

/// The file's name without the folders it sits in.
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn read_archive<R: Read + Seek, E>(
    mut reader: R,
    archive_name: &str,
    hooks: &mut Hooks<'_, E>,
) -> Result<(), ImportError<E>> {
    let unreadable = |source| ImportError::Unreadable { file: archive_name.to_owned(), source };
    let entries = hooks.limits.entries;
    if central_headers(&mut reader, entries).map_err(unreadable)? > entries {
        return Err(ImportError::TooManyEntries { archive: archive_name.to_owned(), limit: entries });
    }
    reader.rewind().map_err(unreadable)?;
    let mut archive =
        ZipArchive::new(reader).map_err(|source| ImportError::Zip { file: archive_name.to_owned(), source })?;
    let mut history = Vec::new();
    let mut account_data = None;
    for index in 0..archive.len() {
        let Some(Ok(path)) = archive.name_for_index(index) else { continue };
        match classify(&path) {
            Entry::History => history.push((index, base_name(&path).to_owned())),
            Entry::AccountData => account_data = account_data.or_else(|| Some(base_name(&path).to_owned())),
            Entry::Unrelated => {}
        }
    }
    if history.is_empty() {
        return Err(match account_data {
            Some(file) => ImportError::AccountData { file },
            None => ImportError::NoHistoryFiles { archive: archive_name.to_owned() },
        });
    }
    // Every history file unpacks into one allowance, so however the archive spreads its contents, reading stops
    // as soon as they pass it.
    let unpacked = Gauge::new();
    unpacked.allow(hooks.limits.unpacked_allowance(hooks.total));
    for (index, file) in history {
        let entry = archive.by_index(index).map_err(|error| ImportError::Unreadable {
            file: file.clone(),
            source: match error {
                zip::result::ZipError::Io(source) => source,
                other => io::Error::other(other),
            },
        })?;
        let read = read_history_file(Meter::new(entry, unpacked.clone()), &file, hooks);
        if unpacked.exceeded() {
            let limit = hooks.limits.unpacked_allowance(hooks.total);
            return Err(ImportError::TooLargeUnpacked { archive: archive_name.to_owned(), limit });
        }
        read?;
        hooks.summary.files.push(file);
    }
    Ok(())
}

/// Central directory headers in the archive, counted up to just past `limit`. Every entry of a zip needs one, so
/// this bounds the entries any reading of the archive can find, whatever its end records claim; counted before
/// the archive is opened, because opening it holds every entry in memory.
fn central_headers(reader: &mut impl Read, limit: u64) -> io::Result<u64> {
    const SIGNATURE: &[u8; 4] = b"PK\x01\x02";
    const KEEP: usize = SIGNATURE.len() - 1;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut kept = 0;
    let mut count = 0;
    loop {
        let read = match reader.read(&mut buffer[kept..]) {
            Ok(0) => return Ok(count),
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let filled = kept + read;
        count += buffer[..filled].windows(SIGNATURE.len()).filter(|window| window == SIGNATURE).count() as u64;
        if count > limit {
            return Ok(count);
        }
        // A signature may straddle two reads: the last bytes stay for the next round (too few to be counted twice).
        kept = filled.min(KEEP);
        buffer.copy_within(filled - kept..filled, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_headers_are_counted_across_reads_and_only_up_to_past_the_limit() {
        let mut bytes = Vec::new();
        for filler in 0..100 {
            bytes.extend_from_slice(b"PK\x01\x02");
            bytes.extend(std::iter::repeat_n(b'x', filler * 997 % 5_000));
        }
        assert_eq!(central_headers(&mut &bytes[..], 1_000).unwrap(), 100);
        assert_eq!(central_headers(&mut Trickle(&bytes), 1_000).unwrap(), 100);
        assert!(central_headers(&mut &bytes[..], 10).unwrap() > 10);
        assert_eq!(central_headers(&mut &b"PK\x01"[..], 10).unwrap(), 0);
    }

    /// Reads one byte at a time, so every signature straddles reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else { return Ok(0) };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    #[test]
    fn history_files_are_told_by_name() {
        let history = [
            "Spotify Extended Streaming History/Streaming_History_Audio_2023_4.json",
            "Streaming_History_Audio_2014-2016_0.json",
            "MyData/endsong_3.json",
        ];
        for path in history {
            assert_eq!(classify(path), Entry::History, "{path}");
        }
        let unrelated = [
            "Spotify Extended Streaming History/Streaming_History_Video_2023.json",
            "Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf",
            "__MACOSX/Spotify Extended Streaming History/._Streaming_History_Audio_2023_4.json",
            "Spotify Extended Streaming History/",
        ];
        for path in unrelated {
            assert_eq!(classify(path), Entry::Unrelated, "{path}");
        }
        assert_eq!(classify("MyData/StreamingHistory_music_0.json"), Entry::AccountData);
        assert_eq!(classify("MyData/StreamingHistory0.json"), Entry::AccountData);
    }
}
