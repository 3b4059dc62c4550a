//! Property: any records written in Spotify's layout, as one file or spread over a zip, read back unchanged.

mod common;

use std::io::Cursor;

use common::{history_file, read};
use crossfade_history::{EpisodePlay, ExportArchive, MAX_MS_PLAYED, PlayDetails, Record, SongPlay};
use proptest::prelude::*;
use time::OffsetDateTime;

/// Text as names come: any characters but NUL (which PostgreSQL text cannot hold), never empty.
fn name() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[^\u{0}]{1,24}")
}

fn details() -> impl Strategy<Value = PlayDetails> {
    let reason =
        proptest::option::of(prop_oneof![Just("trackdone".to_owned()), Just("fwdbtn".to_owned()), "[a-z-]{1,16}",]);
    (
        1_200_000_000i64..1_900_000_000,
        0..=MAX_MS_PLAYED as u32,
        reason.clone(),
        reason,
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(seconds, ms_played, reason_start, reason_end, skipped, shuffle)| PlayDetails {
            played_at: OffsetDateTime::from_unix_timestamp(seconds).unwrap(),
            ms_played,
            reason_start,
            reason_end,
            skipped,
            shuffle,
        })
}

fn record() -> impl Strategy<Value = Record> {
    let song = (details(), proptest::option::of("[0-9A-Za-z]{22}"), name(), name(), name()).prop_filter_map(
        "a song has a URI or a name",
        |(details, id, track_name, artist_name, album_name)| {
            let track_uri = id.map(|id| format!("spotify:track:{id}"));
            (track_uri.is_some() || track_name.is_some()).then_some(Record::Song(SongPlay {
                details,
                track_uri,
                track_name,
                artist_name,
                album_name,
            }))
        },
    );
    let episode = (details(), proptest::option::of("[0-9A-Za-z]{22}"), name(), name()).prop_filter_map(
        "an episode has a URI or a name",
        |(details, id, episode_name, show_name)| {
            let episode_uri = id.map(|id| format!("spotify:episode:{id}"));
            (episode_uri.is_some() || episode_name.is_some()).then_some(Record::Episode(EpisodePlay {
                details,
                episode_uri,
                episode_name,
                show_name,
            }))
        },
    );
    prop_oneof![8 => song, 3 => episode, 1 => Just(Record::Other)]
}

proptest! {
    #[test]
    fn records_survive_a_history_file(records in proptest::collection::vec(record(), 0..40)) {
        let (summary, read_back) = read("Streaming_History_Audio_2023_0.json", &history_file(&records)).unwrap();
        prop_assert_eq!(&read_back, &records);
        prop_assert_eq!(summary.records(), records.len() as u64);
    }

    #[test]
    fn records_survive_a_zip_of_several_files(
        files in proptest::collection::vec(proptest::collection::vec(record(), 0..12), 1..5),
    ) {
        let mut archive = ExportArchive::new(Cursor::new(Vec::new()));
        for (index, records) in files.iter().enumerate() {
            let name = format!("Spotify Extended Streaming History/Streaming_History_Audio_2023_{index}.json");
            archive.add_history_file(&name, records).unwrap();
        }
        let bytes = archive.finish().unwrap().into_inner();
        let (summary, read_back) = read("my_spotify_data.zip", &bytes).unwrap();
        prop_assert_eq!(read_back, files.concat());
        prop_assert_eq!(summary.files.len(), files.len());
    }
}
