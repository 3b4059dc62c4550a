//! Realistic exports for tests and benchmarks: plays drawn from a fixed catalog with favourites played far more
//! than the rest, mostly songs with some podcast episodes, skips, shuffle, and time moving forward over years.
//! Everything is produced one play at a time, so a million-play export is never held in memory.

mod catalog;

use std::io::{self, Seek, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::record::{EpisodePlay, PlayDetails, Record, SongPlay};
use crate::writer::ExportArchive;
use catalog::Catalog;

/// The folder Spotify's zip puts the history files in.
pub const EXPORT_FOLDER: &str = "Spotify Extended Streaming History";

/// Generated exports start here and span about this long (more when there are very many plays).
const START: OffsetDateTime = datetime!(2016-03-01 08:00 UTC);
const SPAN_SECONDS: f64 = 6.0 * 365.0 * 86_400.0;
/// Plays are never closer than this on average: a song does take a while.
const MIN_MEAN_GAP_SECONDS: f64 = 200.0;

const EPISODE_SHARE: f64 = 0.028;
const OTHER_SHARE: f64 = 0.002;
const SKIP_SHARE: f64 = 0.15;

/// Reasons a play starts, with their weights.
const STARTS: &[(&str, u32)] = &[
    ("trackdone", 55),
    ("clickrow", 15),
    ("fwdbtn", 15),
    ("appload", 5),
    ("playbtn", 5),
    ("backbtn", 3),
    ("remote", 2),
];
/// Reasons an unskipped play ends before its song does, with their weights.
const EARLY_ENDS: &[(&str, u32)] = &[("endplay", 6), ("logout", 2), ("unexpected-exit", 1), ("remote", 1)];

/// The plays of a generated export, in time order. Every play ends at a distinct second.
pub struct GeneratedPlays {
    rng: ChaCha8Rng,
    catalog: Catalog,
    remaining: usize,
    clock: OffsetDateTime,
    mean_gap: f64,
    shuffle: bool,
}

/// `plays` generated plays; the same seed gives the same plays.
pub fn generate_plays(plays: usize, seed: u64) -> GeneratedPlays {
    GeneratedPlays {
        rng: ChaCha8Rng::seed_from_u64(seed),
        catalog: Catalog::new(),
        remaining: plays,
        clock: START,
        mean_gap: (SPAN_SECONDS / plays.max(1) as f64).max(MIN_MEAN_GAP_SECONDS),
        shuffle: false,
    }
}

impl Iterator for GeneratedPlays {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        self.remaining = self.remaining.checked_sub(1)?;
        let rng = &mut self.rng;
        // Exponential gaps: mostly back to back, now and then days apart.
        let gap = 1.0 - self.mean_gap * (1.0 - rng.random::<f64>()).ln();
        self.clock += Duration::seconds(gap as i64);
        if rng.random_bool(0.05) {
            self.shuffle = !self.shuffle;
        }
        let kind = rng.random::<f64>();
        if kind < OTHER_SHARE {
            return Some(Record::Other);
        }
        if kind < OTHER_SHARE + EPISODE_SHARE {
            let episode = &self.catalog.episodes[rng.random_range(0..self.catalog.episodes.len())];
            let finished = rng.random_bool(0.4);
            let ms_played = if finished { episode.duration_ms } else { rng.random_range(30_000..episode.duration_ms) };
            let details = PlayDetails {
                played_at: self.clock,
                ms_played,
                reason_start: Some(weighted(rng, &[("clickrow", 6), ("trackdone", 3), ("appload", 1)]).into()),
                reason_end: Some(if finished { "trackdone" } else { weighted(rng, EARLY_ENDS) }.into()),
                skipped: Some(false),
                shuffle: Some(false),
            };
            return Some(Record::Episode(EpisodePlay {
                details,
                episode_uri: Some(episode.uri.clone()),
                episode_name: Some(episode.name.clone()),
                show_name: Some(episode.show.clone()),
            }));
        }
        // Cubing a uniform number favours the start of the list: a few songs get most plays.
        let favourite = rng.random::<f64>().powi(3);
        let song = &self.catalog.songs[(favourite * self.catalog.songs.len() as f64) as usize];
        let skipped = rng.random_bool(SKIP_SHARE);
        let (ms_played, reason_end) = if skipped {
            (rng.random_range(800..30_000), weighted(rng, &[("fwdbtn", 8), ("backbtn", 1), ("clickrow", 1)]))
        } else if rng.random_bool(0.9) {
            (song.duration_ms, "trackdone")
        } else {
            (rng.random_range(30_000..song.duration_ms), weighted(rng, EARLY_ENDS))
        };
        let details = PlayDetails {
            played_at: self.clock,
            ms_played,
            reason_start: Some(weighted(rng, STARTS).into()),
            reason_end: Some(reason_end.into()),
            // Older records leave it out.
            skipped: if rng.random_bool(0.05) { None } else { Some(skipped) },
            shuffle: Some(self.shuffle),
        };
        Some(Record::Song(SongPlay {
            details,
            track_uri: Some(song.uri.clone()),
            track_name: Some(song.name.clone()),
            artist_name: Some(song.artist.clone()),
            album_name: Some(song.album.clone()),
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

fn weighted<'a>(rng: &mut ChaCha8Rng, choices: &[(&'a str, u32)]) -> &'a str {
    let total: u32 = choices.iter().map(|(_, weight)| weight).sum();
    let mut at = rng.random_range(0..total);
    for (choice, weight) in choices {
        if at < *weight {
            return choice;
        }
        at -= weight;
    }
    choices[0].0
}

/// What [`write_export_zip`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratedExport {
    /// The history files' names (without their folder), in archive order.
    pub files: Vec<String>,
    pub songs: u64,
    pub episodes: u64,
    pub other: u64,
}

/// Writes a zip laid out like Spotify's: `plays` generated plays in history files of 15,000 to 20,000 plays each,
/// named by the years they cover, plus a video history file and the read-me PDF that importers must ignore.
pub fn write_export_zip<W: Write + Seek>(out: W, plays: usize, seed: u64) -> io::Result<GeneratedExport> {
    let mut archive = ExportArchive::new(out);
    archive.add_file(&format!("{EXPORT_FOLDER}/ReadMeFirst_ExtendedStreamingHistory.pdf"), b"%PDF-1.4\n%%EOF\n")?;
    let mut sizes = ChaCha8Rng::seed_from_u64(seed ^ 0xf11e);
    let mut generated = generate_plays(plays, seed);
    let mut summary = GeneratedExport::default();
    let mut chunk = Vec::new();
    while generated.remaining > 0 {
        let size = sizes.random_range(15_000..=20_000);
        chunk.clear();
        chunk.extend(generated.by_ref().take(size));
        for record in &chunk {
            match record {
                Record::Song(_) => summary.songs += 1,
                Record::Episode(_) => summary.episodes += 1,
                Record::Other => summary.other += 1,
            }
        }
        let name = file_name(&chunk, summary.files.len());
        archive.add_history_file(&format!("{EXPORT_FOLDER}/{name}"), &chunk)?;
        summary.files.push(name);
    }
    let video = br#"[{"ts":"2023-05-01T20:00:00Z","platform":"android","ms_played":5000,"conn_country":"SE","ip_addr":"192.0.2.1","video_title":"A video","spotify_video_uri":"spotify:video:x"}]"#;
    archive.add_file(&format!("{EXPORT_FOLDER}/Streaming_History_Video_2023.json"), video)?;
    archive.finish()?;
    Ok(summary)
}

/// `Streaming_History_Audio_2019_3.json`, or `…_2019-2020_3.json` when the plays span years.
fn file_name(chunk: &[Record], index: usize) -> String {
    let years = chunk.iter().filter_map(|record| match record {
        Record::Song(song) => Some(song.details.played_at.year()),
        Record::Episode(episode) => Some(episode.details.played_at.year()),
        Record::Other => None,
    });
    let (first, last) = years.fold((i32::MAX, i32::MIN), |(first, last), year| (first.min(year), last.max(year)));
    if first < last {
        format!("Streaming_History_Audio_{first}-{last}_{index}.json")
    } else if first == last {
        format!("Streaming_History_Audio_{first}_{index}.json")
    } else {
        format!("Streaming_History_Audio_{}_{index}.json", START.year())
    }
}
