//! Generated exports: laid out like Spotify's, read back whole, deterministic, with the variety of real listening.

use std::collections::HashSet;
use std::io::Cursor;

use crossfade_history::{Limits, Progress, Record, read_export, read_export_from, write_export_zip};

#[test]
fn a_generated_export_reads_back_as_generated() {
    let mut zip = Cursor::new(Vec::new());
    let generated = write_export_zip(&mut zip, 40_000, 7).unwrap();
    assert_eq!(generated.songs + generated.episodes + generated.other, 40_000);
    assert!((2..=3).contains(&generated.files.len()), "{:?}", generated.files);
    for name in &generated.files {
        assert!(name.starts_with("Streaming_History_Audio_20") && name.ends_with(".json"), "{name}");
    }

    let bytes = zip.into_inner();
    let mut progress: Vec<Progress> = Vec::new();
    let mut records = Vec::new();
    let summary = read_export_from(
        Cursor::new(&bytes),
        "my_spotify_data.zip",
        Limits::default(),
        |record| {
            records.push(record);
            Ok::<_, std::convert::Infallible>(())
        },
        |report| progress.push(report),
    )
    .unwrap();
    assert_eq!(summary.files, generated.files);
    assert_eq!(
        (summary.songs, summary.episodes, summary.other),
        (generated.songs, generated.episodes, generated.other)
    );

    let windows = progress.windows(2);
    assert!(windows.clone().all(|pair| pair[0].bytes_read <= pair[1].bytes_read), "progress went back");
    assert!(progress.len() > 30, "{} progress reports", progress.len());
    let last = progress.last().unwrap();
    assert_eq!(
        (last.bytes_read, last.bytes_total, last.records_read),
        (bytes.len() as u64, bytes.len() as u64, 40_000)
    );

    let songs: Vec<_> =
        records.iter().filter_map(|record| if let Record::Song(song) = record { Some(song) } else { None }).collect();
    let share = songs.len() as f64 / records.len() as f64;
    assert!((0.95..0.99).contains(&share), "songs are {share} of plays");
    let distinct: HashSet<_> = songs.iter().map(|song| &song.track_uri).collect();
    assert!(distinct.len() < songs.len() / 4, "{} distinct songs in {} plays", distinct.len(), songs.len());
    let skipped = songs.iter().filter(|song| song.details.skipped == Some(true)).count();
    assert!(skipped > songs.len() / 20, "{skipped} skips");
    assert!(songs.iter().any(|song| song.details.shuffle == Some(true)));
    assert!(songs.iter().any(|song| song.details.shuffle == Some(false)));
    let reasons: HashSet<_> = songs.iter().filter_map(|song| song.details.reason_start.as_deref()).collect();
    assert!(reasons.len() >= 5, "{reasons:?}");

    let times: Vec<_> = records
        .iter()
        .filter_map(|record| match record {
            Record::Song(song) => Some(song.details.played_at),
            Record::Episode(episode) => Some(episode.details.played_at),
            Record::Other => None,
        })
        .collect();
    assert!(times.windows(2).all(|pair| pair[0] < pair[1]), "plays are not in time order");
    let years = times.last().unwrap().year() - times[0].year();
    assert!(years >= 4, "{years} years");
}

#[test]
fn the_same_seed_gives_the_same_export() {
    let write = |seed| {
        let mut zip = Cursor::new(Vec::new());
        write_export_zip(&mut zip, 500, seed).unwrap();
        zip.into_inner()
    };
    assert_eq!(write(1), write(1));
    assert_ne!(write(1), write(2));
}

#[test]
fn an_export_is_read_from_a_file_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upload");
    let generated = write_export_zip(std::fs::File::create(&path).unwrap(), 1_000, 3).unwrap();
    let ignore = |_| Ok::<_, std::convert::Infallible>(());
    let summary = read_export(&path, "my_spotify_data.zip", Limits::default(), ignore, |_| {}).unwrap();
    assert_eq!(summary.songs, generated.songs);
    let missing = read_export(&dir.path().join("gone"), "gone.zip", Limits::default(), ignore, |_| {}).unwrap_err();
    assert!(missing.to_string().starts_with("gone.zip could not be read"), "{missing}");
}
