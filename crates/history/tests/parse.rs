//! Reading exports: both layouts, what is kept of a record, and every way a file can be wrong.

mod common;

use common::{error, read, zip};
use crossfade_history::{EpisodePlay, PlayDetails, Record, SongPlay};
use time::macros::datetime;

/// A record of the 2023+ layout, as Spotify writes it.
const AUDIO_2023: &str = r#"{
    "ts": "2023-04-01T12:00:31Z",
    "platform": "android",
    "ms_played": 215373,
    "conn_country": "SE",
    "ip_addr": "192.0.2.44",
    "master_metadata_track_name": "Harbor Lights",
    "master_metadata_album_artist_name": "The Velvet Lanterns",
    "master_metadata_album_album_name": "Quiet Engines",
    "spotify_track_uri": "spotify:track:4uLU6hMCjMI75M1A2tKUQC",
    "episode_name": null,
    "episode_show_name": null,
    "spotify_episode_uri": null,
    "audiobook_title": null,
    "audiobook_uri": null,
    "audiobook_chapter_uri": null,
    "audiobook_chapter_title": null,
    "reason_start": "trackdone",
    "reason_end": "trackdone",
    "shuffle": true,
    "skipped": false,
    "offline": false,
    "offline_timestamp": 1680350215,
    "incognito_mode": false
}"#;

/// An episode and a song of the older endsong layout; `skipped` is null or missing there.
const ENDSONG: &str = r##"[
{"ts":"2019-07-05T06:30:00Z","username":"someone","platform":"Android OS 9 API 28 (samsung, SM-G960F)",
 "ms_played":1800000,"conn_country":"DE","ip_addr_decrypted":"192.0.2.9","user_agent_decrypted":"unknown",
 "master_metadata_track_name":null,"master_metadata_album_artist_name":null,"master_metadata_album_album_name":null,
 "spotify_track_uri":null,"episode_name":"#12: Distant Comets","episode_show_name":"The Atlas Hour",
 "spotify_episode_uri":"spotify:episode:6Xz1vQzlWlKEEv5y5uyDxh","reason_start":"clickrow","reason_end":"endplay",
 "shuffle":false,"skipped":null,"offline":false,"offline_timestamp":0,"incognito_mode":false},
{"ts":"2019-07-05T06:34:10Z","username":"someone","platform":"Android OS 9 API 28 (samsung, SM-G960F)",
 "ms_played":12000,"conn_country":"DE","ip_addr_decrypted":"192.0.2.9","user_agent_decrypted":"unknown",
 "master_metadata_track_name":"Tide","master_metadata_album_artist_name":"Ada Reyes",
 "master_metadata_album_album_name":"Ocean","spotify_track_uri":"spotify:track:0aB1cD2eF3gH4iJ5kL6mN7",
 "episode_name":null,"episode_show_name":null,"spotify_episode_uri":null,"reason_start":"fwdbtn",
 "reason_end":"fwdbtn","shuffle":true,"offline":false,"offline_timestamp":0,"incognito_mode":false}
]"##;

fn details(played_at: time::OffsetDateTime, ms_played: u32, start: &str, end: &str) -> PlayDetails {
    PlayDetails {
        played_at,
        ms_played,
        reason_start: Some(start.into()),
        reason_end: Some(end.into()),
        skipped: None,
        shuffle: None,
    }
}

#[test]
fn a_2023_record_keeps_only_what_describes_the_play() {
    let (summary, records) = read("Streaming_History_Audio_2023_4.json", format!("[{AUDIO_2023}]").as_bytes()).unwrap();
    let expected = SongPlay {
        details: PlayDetails {
            skipped: Some(false),
            shuffle: Some(true),
            ..details(datetime!(2023-04-01 12:00:31 UTC), 215_373, "trackdone", "trackdone")
        },
        track_uri: Some("spotify:track:4uLU6hMCjMI75M1A2tKUQC".into()),
        track_name: Some("Harbor Lights".into()),
        artist_name: Some("The Velvet Lanterns".into()),
        album_name: Some("Quiet Engines".into()),
    };
    assert_eq!(records, [Record::Song(expected)]);
    assert_eq!((summary.songs, summary.episodes, summary.other), (1, 0, 0));
    assert_eq!(summary.files, ["Streaming_History_Audio_2023_4.json"]);
    let kept = format!("{records:?}");
    for private in ["192.0.2.44", "android", "SE"] {
        assert!(!kept.contains(private), "{private} was kept: {kept}");
    }
}

#[test]
fn the_endsong_layout_is_read_with_null_or_missing_skipped() {
    let (summary, records) = read("endsong_0.json", ENDSONG.as_bytes()).unwrap();
    let episode = EpisodePlay {
        details: PlayDetails {
            shuffle: Some(false),
            ..details(datetime!(2019-07-05 06:30:00 UTC), 1_800_000, "clickrow", "endplay")
        },
        episode_uri: Some("spotify:episode:6Xz1vQzlWlKEEv5y5uyDxh".into()),
        episode_name: Some("#12: Distant Comets".into()),
        show_name: Some("The Atlas Hour".into()),
    };
    assert_eq!(records[0], Record::Episode(episode));
    let Record::Song(song) = &records[1] else { panic!("not a song: {:?}", records[1]) };
    assert_eq!(song.details.skipped, None);
    assert_eq!(song.track_id(), Some("0aB1cD2eF3gH4iJ5kL6mN7"));
    assert!(!format!("{records:?}").contains("someone"));
    assert_eq!((summary.songs, summary.episodes), (1, 1));
}

#[test]
fn records_naming_nothing_and_audiobooks_are_counted_as_other() {
    let nothing =
        AUDIO_2023.replace(r#""Harbor Lights""#, "null").replace(r#""spotify:track:4uLU6hMCjMI75M1A2tKUQC""#, "null");
    let audiobook = nothing.replace(r#""audiobook_title": null"#, r#""audiobook_title": "A Book""#);
    let (summary, records) = read("a.json", format!("[{nothing},{audiobook}]").as_bytes()).unwrap();
    assert_eq!(records, [Record::Other, Record::Other]);
    assert_eq!(summary.other, 2);
}

#[test]
fn a_song_without_uri_is_kept_by_name() {
    let local = AUDIO_2023.replace(r#""spotify:track:4uLU6hMCjMI75M1A2tKUQC""#, "null");
    let (_, records) = read("a.json", format!("[{local}]").as_bytes()).unwrap();
    let Record::Song(song) = &records[0] else { panic!("not a song") };
    assert_eq!((song.track_uri.as_deref(), song.track_name.as_deref()), (None, Some("Harbor Lights")));
}

#[test]
fn an_empty_array_is_an_empty_import() {
    for empty in ["[]", " \n[ \n ]\n", "\u{feff}[]"] {
        let (summary, records) = read("Streaming_History_Audio_2023_0.json", empty.as_bytes()).unwrap();
        assert!(records.is_empty());
        assert_eq!(summary.records(), 0);
    }
}

#[test]
fn a_file_that_is_not_an_array_is_refused() {
    assert_eq!(error("history.json", b""), "history.json is empty");
    assert_eq!(error("history.json", b"  \n"), "history.json is empty");
    assert_eq!(error("history.json", br#"{"ts":"2023-04-01T12:00:31Z"}"#), "history.json is not a JSON array of plays");
    assert_eq!(error("history.json", b"%PDF-1.4"), "history.json is not a JSON array of plays");
    assert_eq!(error("history.json", b"[] []"), "history.json has something after its list of plays");
}

#[test]
fn a_malformed_record_in_the_middle_names_file_and_record() {
    let bad = AUDIO_2023.replace("2023-04-01T12:00:31Z", "yesterday");
    let mut records = vec![AUDIO_2023; 1233];
    records.push(&bad);
    records.push(AUDIO_2023);
    let file = format!("[{}]", records.join(","));
    let mut delivered = 0;
    let result = crossfade_history::read_export_from(
        std::io::Cursor::new(file),
        "Streaming_History_Audio_2023_4.json",
        crossfade_history::Limits::default(),
        |_| {
            delivered += 1;
            Ok::<_, std::convert::Infallible>(())
        },
        |_| {},
    );
    assert_eq!(
        result.unwrap_err().to_string(),
        r#"Streaming_History_Audio_2023_4.json, record 1,234: "ts" is not a date ("yesterday")"#
    );
    assert_eq!(delivered, 1233);
}

#[test]
fn wrong_values_are_named() {
    let cases = [
        (r#""ms_played": 215373"#, r#""ms_played": -5"#, r#"a.json, record 1: "ms_played" is negative (-5)"#),
        (
            r#""ms_played": 215373"#,
            r#""ms_played": 99999999999"#,
            r#"a.json, record 1: "ms_played" is 99999999999, longer than a day"#,
        ),
        (r#""ms_played": 215373"#, r#""ms_played": "215373""#, r#"a.json, record 1: "ms_played": invalid type"#),
        (r#""ms_played": 215373,"#, "", r#"a.json, record 1: "ms_played" is missing"#),
        (
            "spotify:track:4uLU6hMCjMI75M1A2tKUQC",
            "spotify:album:4uLU6hMCjMI75M1A2tKUQC",
            r#"a.json, record 1: "spotify_track_uri" is not a spotify:track: URI ("spotify:album:4uLU6hMCjMI75M1A2tKUQC")"#,
        ),
        (r#""skipped": false"#, r#""skipped": "no""#, r#"a.json, record 1: "skipped": invalid type: string "no""#),
        (r#""Harbor Lights""#, r#""Harbor\u0000Lights""#, "contains a NUL character"),
    ];
    for (from, to, expected) in cases {
        let message = error("a.json", format!("[{}]", AUDIO_2023.replace(from, to)).as_bytes());
        assert!(message.starts_with(expected) || message.ends_with(expected), "{message}\nexpected {expected}");
    }
}

#[test]
fn a_truncated_file_names_the_unfinished_record() {
    let file = format!("[{AUDIO_2023},{AUDIO_2023},{AUDIO_2023}]");
    let cut = &file[..file.len() - 200];
    assert_eq!(
        error("a.json", cut.as_bytes()),
        "a.json, record 3: the file ends in the middle of it (is the file complete?)"
    );
    let cut = format!("[{AUDIO_2023},");
    assert_eq!(
        error("a.json", cut.as_bytes()),
        "a.json, record 2: the file ends in the middle of it (is the file complete?)"
    );
    assert_eq!(error("a.json", b"[{}"), r#"a.json, record 1: "ts" is missing"#);
}

#[test]
fn syntax_errors_name_the_record() {
    let file = format!("[{AUDIO_2023} {AUDIO_2023}]");
    assert!(error("a.json", file.as_bytes()).starts_with("a.json, record 2: expected `,` or `]`"));
    assert!(error("a.json", b"[1]").starts_with("a.json, record 1: invalid type: integer `1`, expected an object"));
}

#[test]
fn a_huge_record_is_refused_without_reading_it_all() {
    let huge = AUDIO_2023.replace("Harbor Lights", &"la".repeat(3 * 1024 * 1024));
    let file = format!("[{AUDIO_2023},{huge}]");
    assert_eq!(error("a.json", file.as_bytes()), "a.json, record 2: the record is larger than 1024 KiB");
    let large_but_fine = AUDIO_2023.replace("Harbor Lights", &"la".repeat(200 * 1024));
    assert!(read("a.json", format!("[{large_but_fine}]").as_bytes()).is_ok());
}

#[test]
fn the_account_data_layout_is_refused_with_what_to_request() {
    let account_data =
        br#"[{"endTime":"2023-04-01 12:00","artistName":"Ada Reyes","trackName":"Tide","msPlayed":1000}]"#;
    let message = error("StreamingHistory_music_0.json", account_data);
    assert!(message.starts_with("StreamingHistory_music_0.json is from Spotify's \"Account data\" download"));
    assert!(message.contains("Extended streaming history"), "{message}");
    let archive = zip(&[("MyData/StreamingHistory_music_0.json", account_data), ("MyData/Userdata.json", b"{}")]);
    let message = error("my_spotify_data.zip", &archive);
    assert!(message.starts_with("StreamingHistory_music_0.json is from Spotify's \"Account data\""), "{message}");
}

#[test]
fn a_zip_imports_audio_files_only() {
    let song = format!("[{AUDIO_2023}]");
    let endsong = ENDSONG.as_bytes();
    let video = br#"[{"ts":"2023-05-01T20:00:00Z","ms_played":5000,"video_title":"x"}]"#;
    let archive = zip(&[
        ("Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf", b"%PDF-1.4"),
        ("Spotify Extended Streaming History/Streaming_History_Audio_2023_4.json", song.as_bytes()),
        ("Spotify Extended Streaming History/Streaming_History_Video_2023.json", video),
        ("__MACOSX/Spotify Extended Streaming History/._Streaming_History_Audio_2023_4.json", b"\0\x05\x16\x07"),
        ("deep/er/still/endsong_0.json", endsong),
    ]);
    let (summary, records) = read("my_spotify_data.zip", &archive).unwrap();
    assert_eq!(summary.files, ["Streaming_History_Audio_2023_4.json", "endsong_0.json"]);
    assert_eq!((summary.songs, summary.episodes, summary.other), (2, 1, 0));
    assert_eq!(records.len(), 3);
}

#[test]
fn a_zip_is_told_by_its_bytes_not_its_name() {
    let archive = zip(&[("Streaming_History_Audio_2023_4.json", format!("[{AUDIO_2023}]").as_bytes())]);
    assert_eq!(read("history.json", &archive).unwrap().0.songs, 1);
    assert_eq!(read("history.zip", format!("[{AUDIO_2023}]").as_bytes()).unwrap().0.songs, 1);
}

#[test]
fn a_zip_without_history_files_says_what_was_looked_for() {
    let archive = zip(&[("Spotify Extended Streaming History/Streaming_History_Video_2023.json", b"[]")]);
    assert_eq!(
        error("my_spotify_data.zip", &archive),
        "no Streaming_History_Audio_*.json or endsong_*.json in my_spotify_data.zip"
    );
    let empty = zip(&[]);
    assert!(error("my_spotify_data.zip", &empty).starts_with("no Streaming_History_Audio_*.json"));
}

#[test]
fn an_error_in_a_zipped_file_names_that_file() {
    let bad = AUDIO_2023.replace("215373", "-1");
    let archive = zip(&[
        (
            "Spotify Extended Streaming History/Streaming_History_Audio_2022_0.json",
            format!("[{AUDIO_2023}]").as_bytes(),
        ),
        (
            "Spotify Extended Streaming History/Streaming_History_Audio_2023_1.json",
            format!("[{AUDIO_2023},{bad}]").as_bytes(),
        ),
    ]);
    assert_eq!(
        error("my_spotify_data.zip", &archive),
        r#"Streaming_History_Audio_2023_1.json, record 2: "ms_played" is negative (-1)"#
    );
}

#[test]
fn a_broken_zip_names_the_upload() {
    let archive = zip(&[("Streaming_History_Audio_2023_4.json", format!("[{AUDIO_2023}]").as_bytes())]);
    let message = error("my_spotify_data.zip", &archive[..archive.len() / 2]);
    assert!(message.starts_with("my_spotify_data.zip is not a readable zip archive"), "{message}");
}

#[test]
fn the_sink_can_stop_the_import() {
    let file = format!("[{AUDIO_2023},{AUDIO_2023},{AUDIO_2023}]");
    let mut seen = 0;
    let result = crossfade_history::read_export_from(
        std::io::Cursor::new(file),
        "a.json",
        crossfade_history::Limits::default(),
        |_| {
            seen += 1;
            if seen == 2 { Err("full") } else { Ok(()) }
        },
        |_| {},
    );
    let error = result.unwrap_err();
    assert!(!error.is_in_export());
    assert_eq!(error.to_string(), "the import was stopped: full");
    assert_eq!(seen, 2);
}

#[test]
fn deep_nesting_is_refused_or_skipped_without_overflowing() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let ignored = AUDIO_2023.replace(r#""platform": "android""#, &format!(r#""platform": {deep}"#));
    match read("a.json", format!("[{ignored}]").as_bytes()) {
        Ok((summary, _)) => assert_eq!(summary.songs, 1),
        Err(error) => assert!(error.to_string().starts_with("a.json, record 1: "), "{error}"),
    }
    let message = error("a.json", format!("[{deep}]").as_bytes());
    assert!(message.starts_with("a.json, record 1: "), "{message}");
}
