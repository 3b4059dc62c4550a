//! Writing exports in Spotify's layout, for tests and benchmarks: history files written one record at a time, and
//! zip archives holding them the way Spotify packs them.

use std::borrow::Borrow;
use std::io::{self, Seek, Write};

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::record::{PlayDetails, Record};

/// The fields a device, a place and an account are known by vary like this in real exports. The addresses are
/// from the documentation range, so no real address is ever written.
const PLATFORMS: [&str; 4] = ["android", "ios", "windows", "osx"];
const COUNTRIES: [&str; 3] = ["SE", "DE", "US"];

/// One object in the 2023+ layout.
#[derive(Serialize)]
struct Row<'a> {
    ts: String,
    platform: &'a str,
    ms_played: u32,
    conn_country: &'a str,
    ip_addr: String,
    master_metadata_track_name: Option<&'a str>,
    master_metadata_album_artist_name: Option<&'a str>,
    master_metadata_album_album_name: Option<&'a str>,
    spotify_track_uri: Option<&'a str>,
    episode_name: Option<&'a str>,
    episode_show_name: Option<&'a str>,
    spotify_episode_uri: Option<&'a str>,
    audiobook_title: Option<&'a str>,
    audiobook_uri: Option<&'a str>,
    audiobook_chapter_uri: Option<&'a str>,
    audiobook_chapter_title: Option<&'a str>,
    reason_start: Option<&'a str>,
    reason_end: Option<&'a str>,
    shuffle: Option<bool>,
    skipped: Option<bool>,
    offline: bool,
    offline_timestamp: Option<i64>,
    incognito_mode: bool,
}

impl<'a> Row<'a> {
    fn new(details: &'a PlayDetails) -> io::Result<Self> {
        let seconds = details.played_at.unix_timestamp().unsigned_abs();
        let pick = |choices: &[&'a str]| choices[(seconds % choices.len() as u64) as usize];
        Ok(Row {
            ts: details.played_at.format(&Rfc3339).map_err(io::Error::other)?,
            platform: pick(&PLATFORMS),
            ms_played: details.ms_played,
            conn_country: pick(&COUNTRIES),
            ip_addr: format!("192.0.2.{}", seconds % 250 + 1),
            master_metadata_track_name: None,
            master_metadata_album_artist_name: None,
            master_metadata_album_album_name: None,
            spotify_track_uri: None,
            episode_name: None,
            episode_show_name: None,
            spotify_episode_uri: None,
            audiobook_title: None,
            audiobook_uri: None,
            audiobook_chapter_uri: None,
            audiobook_chapter_title: None,
            reason_start: details.reason_start.as_deref(),
            reason_end: details.reason_end.as_deref(),
            shuffle: details.shuffle,
            skipped: details.skipped,
            offline: false,
            offline_timestamp: Some(details.played_at.unix_timestamp() * 1000),
            incognito_mode: false,
        })
    }
}

/// Writes one history file (a JSON array in the 2023+ layout) record by record.
#[derive(Debug)]
pub struct HistoryFileWriter<W: Write> {
    out: W,
    written: u64,
    /// When the last record ended: audiobook entries, which [`Record::Other`] does not date, are written then.
    last_played_at: OffsetDateTime,
}

impl<W: Write> HistoryFileWriter<W> {
    /// Starts the array.
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"[")?;
        Ok(HistoryFileWriter { out, written: 0, last_played_at: datetime!(2024-01-01 00:00 UTC) })
    }

    /// Writes one record. [`Record::Other`] is written as an audiobook chapter.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let other;
        let row = match record {
            Record::Song(song) => Row {
                master_metadata_track_name: song.track_name.as_deref(),
                master_metadata_album_artist_name: song.artist_name.as_deref(),
                master_metadata_album_album_name: song.album_name.as_deref(),
                spotify_track_uri: song.track_uri.as_deref(),
                ..Row::new(&song.details)?
            },
            Record::Episode(episode) => Row {
                episode_name: episode.episode_name.as_deref(),
                episode_show_name: episode.show_name.as_deref(),
                spotify_episode_uri: episode.episode_uri.as_deref(),
                ..Row::new(&episode.details)?
            },
            Record::Other => {
                other = PlayDetails {
                    played_at: self.last_played_at,
                    ms_played: 600_000,
                    reason_start: Some("clickrow".into()),
                    reason_end: Some("endplay".into()),
                    skipped: Some(false),
                    shuffle: Some(false),
                };
                Row {
                    audiobook_title: Some("The Generated Audiobook"),
                    audiobook_uri: Some("spotify:show:0GeneratedAudiobook00"),
                    audiobook_chapter_uri: Some("spotify:episode:0GeneratedChapter0000"),
                    audiobook_chapter_title: Some("Chapter 1"),
                    ..Row::new(&other)?
                }
            }
        };
        self.out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut self.out, &row)?;
        if let Record::Song(song) = record {
            self.last_played_at = song.details.played_at;
        } else if let Record::Episode(episode) = record {
            self.last_played_at = episode.details.played_at;
        }
        self.written += 1;
        Ok(())
    }

    /// Ends the array and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"\n]\n")?;
        Ok(self.out)
    }
}

/// Writes a zip archive of history files and other files, compressed with deflate as Spotify's are.
pub struct ExportArchive<W: Write + Seek> {
    zip: ZipWriter<W>,
}

impl<W: Write + Seek> ExportArchive<W> {
    pub fn new(out: W) -> Self {
        ExportArchive { zip: ZipWriter::new(out) }
    }

    fn options() -> SimpleFileOptions {
        // A fast level: the generator writes large exports, and readers do not care how hard it tried.
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1))
    }

    /// Adds a history file `name` (a path inside the archive) holding `records`.
    pub fn add_history_file<R: Borrow<Record>>(
        &mut self,
        name: &str,
        records: impl IntoIterator<Item = R>,
    ) -> io::Result<()> {
        self.zip.start_file(name, Self::options()).map_err(io::Error::other)?;
        let mut writer = HistoryFileWriter::new(&mut self.zip)?;
        for record in records {
            writer.write(record.borrow())?;
        }
        writer.finish()?;
        Ok(())
    }

    /// Adds a file `name` with exactly these bytes.
    pub fn add_file(&mut self, name: &str, contents: &[u8]) -> io::Result<()> {
        self.zip.start_file(name, Self::options()).map_err(io::Error::other)?;
        self.zip.write_all(contents)
    }

    /// Writes the archive's directory and returns the output.
    pub fn finish(self) -> io::Result<W> {
        self.zip.finish().map_err(io::Error::other)
    }
}
