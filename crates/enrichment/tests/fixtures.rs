//! The hand-written files in `tests/fixtures/`, one per layout and per way a file goes wrong, and the refusals of
//! files that are not what the reader reads.

use crossfade_domain::{AudioFeature, Isrc, Key, SpotifyId};
use crossfade_enrichment::files::{
    FileContents, FileLayout, FileLimits, FileRefusal, HeaderMatch, Language, MAX_LISTED_PROBLEMS, RowReason,
    read_enrichment_file, read_enrichment_file_within,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn read(name: &str) -> FileContents {
    read_enrichment_file(&fixture(name)).unwrap_or_else(|refusal| panic!("{name} refused: {refusal}"))
}

fn id(text: &str) -> Option<SpotifyId> {
    Some(SpotifyId::parse(text).unwrap())
}

fn key(pitch: i64, mode: i64) -> Option<Key> {
    Key::from_numbers(pitch, mode).unwrap()
}

fn strings(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| (*text).to_owned()).collect()
}

#[test]
fn exportify_in_english_with_every_group_local_files_duplicates_and_an_isrc_only_row() {
    let contents = read("exportify_english.csv");
    assert_eq!((contents.layout, contents.header), (FileLayout::Exportify, HeaderMatch::English));
    assert_eq!((contents.local_files, contents.merged_rows), (1, 1));
    let [lanterns, rivers, unlinked] = contents.tracks.as_slice() else { panic!("{:#?}", contents.tracks) };

    assert_eq!(lanterns.line, 2);
    assert_eq!(lanterns.spotify_id, id("4uLU6hMCjMI75M1A2tKUQC"));
    assert_eq!(lanterns.isrc, Some(Isrc::parse("SEXYZ2400001").unwrap()));
    assert_eq!(lanterns.artists, strings(&["Mira Solenne", "Jonah Pike"]));
    assert_eq!(lanterns.genres, strings(&["indie folk", "chamber pop", "folk", "dream pop"]), "merged, each once");
    assert_eq!(lanterns.key, key(9, 0), "A minor");
    assert_eq!(lanterns.time_signature, Some(4));
    assert_eq!(lanterns.label.as_deref(), Some("Harbour Records"));
    let energy = lanterns.features.iter().find(|(feature, _)| *feature == AudioFeature::Energy);
    assert_eq!(energy, Some(&(AudioFeature::Energy, 0.44)), "the later row's value wins");
    assert!(lanterns.features.iter().all(|(feature, _)| *feature != AudioFeature::Tempo), "0 BPM is unknown");
    assert_eq!(lanterns.features.len(), 8);

    assert_eq!(rivers.line, 3);
    assert!(rivers.features.is_empty() && rivers.key.is_none() && rivers.time_signature.is_none());
    assert!(rivers.genres.is_empty());
    assert_eq!(rivers.label.as_deref(), Some("Tin Roof"));

    assert_eq!(unlinked.line, 6);
    assert_eq!(unlinked.spotify_id, None);
    assert_eq!(unlinked.isrc, Some(Isrc::parse("USABC2300099").unwrap()));
}

#[test]
fn exportify_in_german_is_matched_by_its_translated_names() {
    let contents = read("exportify_german.csv");
    assert_eq!(contents.header, HeaderMatch::Translated(Language::German));
    assert_eq!(contents.layout, FileLayout::Exportify);
    let [first, second] = contents.tracks.as_slice() else { panic!("{:#?}", contents.tracks) };
    assert_eq!(first.title, "Papierlaternen");
    assert_eq!(first.key, key(2, 1));
    assert_eq!(first.time_signature, Some(3));
    assert!(first.features.contains(&(AudioFeature::Tempo, 121.5)));
    assert!(second.features.is_empty(), "an export after Spotify removed the features");
    assert_eq!(second.isrc, None);
}

#[test]
fn headers_in_an_unknown_language_are_matched_by_position() {
    let contents = read("exportify_by_position.csv");
    assert_eq!((contents.layout, contents.header), (FileLayout::Exportify, HeaderMatch::ByPosition));
    assert_eq!(contents.tracks[0].genres, strings(&["suomi indie", "folk"]));
    assert_eq!(contents.tracks[0].isrc, Some(Isrc::parse("FIABC1900001").unwrap()));
    assert_eq!(contents.tracks[1].title, "Lasijoet");
}

#[test]
fn exportify_net_with_empty_features() {
    let contents = read("exportify_net.csv");
    assert_eq!((contents.layout, contents.header), (FileLayout::ExportifyNet, HeaderMatch::English));
    assert_eq!(contents.local_files, 1);
    let [lanterns, rivers] = contents.tracks.as_slice() else { panic!("{:#?}", contents.tracks) };
    assert_eq!(lanterns.genres, strings(&["indie folk", "chamber pop"]));
    assert_eq!(lanterns.label.as_deref(), Some("Harbour Records"));
    assert!(lanterns.features.is_empty() && lanterns.key.is_none());
    assert_eq!(rivers.title, "Glass Rivers, Part 2");
    assert_eq!(rivers.label, None);
}

#[test]
fn the_older_exportify_net_export_with_bare_ids() {
    let contents = read("exportify_net_spotify_ids.csv");
    assert_eq!(contents.layout, FileLayout::ExportifyNetSpotifyIds);
    let track = &contents.tracks[0];
    assert_eq!(track.spotify_id, id("4uLU6hMCjMI75M1A2tKUQC"));
    assert_eq!(track.key, None, "-1 is no key detected");
    assert!(track.features.contains(&(AudioFeature::Instrumentalness, 0.0012)));
    assert!(track.features.contains(&(AudioFeature::Tempo, 96.02)));
}

#[test]
fn the_tracks_dataset_with_its_index_column_and_a_track_listed_per_genre() {
    let contents = read("tracks_dataset.csv");
    assert_eq!((contents.layout, contents.header), (FileLayout::TracksDataset, HeaderMatch::English));
    assert_eq!(contents.merged_rows, 1);
    let [lanterns, rivers] = contents.tracks.as_slice() else { panic!("{:#?}", contents.tracks) };
    assert_eq!(lanterns.artists, strings(&["Mira Solenne", "Jonah Pike"]));
    assert_eq!(lanterns.genres, strings(&["acoustic", "singer-songwriter"]));
    assert!(lanterns.features.contains(&(AudioFeature::Instrumentalness, 1.01e-6)));
    assert_eq!(rivers.time_signature, None, "0 is what the dataset writes for no meter");
    assert!(rivers.features.iter().all(|(feature, _)| *feature != AudioFeature::Tempo));
    assert_eq!(rivers.key, key(0, 1));
}

#[test]
fn bad_rows_are_all_listed_by_line_and_column() {
    let refusal = read_enrichment_file(&fixture("bad_rows.csv")).unwrap_err();
    let message = refusal.to_string();
    let FileRefusal::BadRows { problems, unlisted: 0 } = refusal else { panic!("{message}") };
    let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        listed,
        [
            "line 2, column \"Energy\": Energy must lie between 0 and 1, not 1.7",
            "line 3, column \"Track URI\": \"spotify:album:2noRn2Aes5aoNVsU6iWThc\" is not a Spotify track (a \
             spotify:track: URI, an open.spotify.com/track/ link or a 22-character id)",
            "line 4, column \"Key\": the key must be a pitch class from 0 (C) to 11 (B) or -1 for none, not 12",
            "line 4, column \"Tempo\": \"loud\" is not a number",
            "line 4, column \"Time Signature\": the time signature must be between 3 and 7 beats per bar, not 9",
            "line 5: the row has 4 fields where the header has 24",
            "line 6, column \"Track URI\": the row names no track: it has neither a Spotify id nor an ISRC",
        ]
    );
    assert!(message.starts_with("nothing was imported, because the file has 7 problems:\nline 2, column"), "{message}");
}

#[test]
fn a_refusal_lists_the_first_hundred_problems_and_counts_the_rest() {
    let mut text = String::from(
        "track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre\n",
    );
    for row in 0..150 {
        text.push_str(&format!("{row:0>22},A,B,C,1,1,False,0.5,2.5,1,-5,1,0.1,0.1,0,0.1,0.1,120,4,pop\n"));
    }
    let FileRefusal::BadRows { problems, unlisted } = read_enrichment_file(text.as_bytes()).unwrap_err() else {
        panic!("expected bad rows")
    };
    assert_eq!((problems.len(), unlisted), (MAX_LISTED_PROBLEMS, 50));
    assert_eq!(problems[99].line, 101);
    assert!(matches!(problems[0].reason, RowReason::Feature(_)));
}

#[test]
fn files_that_are_not_csv_text() {
    assert_eq!(read_enrichment_file(b""), Err(FileRefusal::Empty));
    assert_eq!(read_enrichment_file(b"\xEF\xBB\xBF \r\n"), Err(FileRefusal::Empty));
    let latin1 = b"Track URI,Track Name\nspotify:track:4uLU6hMCjMI75M1A2tKUQC,Caf\xE9\n";
    assert_eq!(read_enrichment_file(latin1), Err(FileRefusal::NotUtf8 { line: 2 }));
    let semicolons = read_enrichment_file(b"Track URI;Track Name\nx;y\n").unwrap_err();
    assert!(semicolons.to_string().contains("separated by semicolons"), "{semicolons}");
    let binary = read_enrichment_file(b"PK\x03\x04\0\0,\0").unwrap_err();
    assert!(matches!(binary, FileRefusal::NotCsv { .. }), "{binary}");
}

#[test]
fn headers_without_tracks_and_tracks_without_headers() {
    let header_only = "track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre\r\n";
    assert_eq!(read_enrichment_file(header_only.as_bytes()), Err(FileRefusal::NoTracks));
    let text = String::from_utf8(fixture("tracks_dataset.csv")).unwrap();
    let without_header: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(read_enrichment_file(without_header.as_bytes()), Err(FileRefusal::NoHeader));
}

#[test]
fn an_unknown_header_names_the_columns_expected() {
    let refusal = read_enrichment_file(b"Title,Artist,BPM\nSong,Someone,120\n").unwrap_err();
    let message = refusal.to_string();
    assert!(matches!(refusal, FileRefusal::UnknownHeader { .. }), "{message}");
    assert!(message.contains("\"Track URI\", \"Track Name\""), "{message}");
    assert!(message.contains("this file has \"Title\", \"Artist\", \"BPM\""), "{message}");
}

#[test]
fn limits_on_rows_and_values() {
    let text = String::from_utf8(fixture("exportify_net.csv")).unwrap();
    let two_rows = FileLimits { max_rows: 2, ..FileLimits::default() };
    assert_eq!(read_enrichment_file_within(text.as_bytes(), two_rows), Err(FileRefusal::TooManyRows { limit: 2 }));
    let three_rows = FileLimits { max_rows: 3, ..FileLimits::default() };
    assert!(read_enrichment_file_within(text.as_bytes(), three_rows).is_ok());

    let short = FileLimits { max_field_bytes: 20, ..FileLimits::default() };
    let FileRefusal::BadRows { problems, .. } = read_enrichment_file_within(text.as_bytes(), short).unwrap_err() else {
        panic!("expected bad rows")
    };
    assert_eq!(problems[0].to_string(), "line 2, column \"Track URI\": the value is longer than 20 bytes");
}
