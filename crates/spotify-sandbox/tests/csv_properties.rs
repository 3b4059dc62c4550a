//! Property tests of the catalog CSV parser: it never panics, and well-formed rows come back with their values
//! and line numbers whatever surrounds them.

use crossfade_spotify_sandbox::catalog::{parse_tracks_csv, random_id};
use proptest::prelude::*;
use rand::SeedableRng;

const HEADER: &str = "track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,\
loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre";

fn good_row(seed: u64, name: &str) -> String {
    let id = random_id(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
    format!("{id},Artist {seed},Album,\"{name}\",50,200000,False,0.5,0.5,5,-7.5,1,0.05,0.3,0.0,0.1,0.5,120.0,4,pop")
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), strict in any::<bool>()) {
        let _ = parse_tracks_csv(&text, strict);
        let _ = parse_tracks_csv(&format!("{HEADER}\n{text}"), strict);
    }

    #[test]
    fn arbitrary_fields_never_panic(fields in proptest::collection::vec("[^\r\n\"]{0,12}", 1..25)) {
        let text = format!("{HEADER}\nx{}\n", fields.join(","));
        let parsed = parse_tracks_csv(&text, false).unwrap();
        prop_assert_eq!(parsed.rows.len() + parsed.skipped.len(), 1);
    }

    #[test]
    fn good_rows_survive_among_garbage(
        lines in proptest::collection::vec(prop_oneof![Just(None), "[a-z,;0-9 ]{1,40}".prop_map(Some)], 1..30),
        name in "[A-Za-z][A-Za-z ,']{0,19}",
    ) {
        let mut text = format!("{HEADER}\n");
        let mut expected = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            match line {
                None => {
                    text.push_str(&good_row(index as u64, &name));
                    expected.push(index as u64 + 2);
                }
                Some(garbage) => text.push_str(&format!("x{garbage}")),
            }
            text.push('\n');
        }
        let parsed = parse_tracks_csv(&text, false).unwrap();
        prop_assert_eq!(parsed.rows.iter().map(|r| r.line).collect::<Vec<_>>(), expected.clone());
        prop_assert!(parsed.rows.iter().all(|r| r.track_name == name.trim()));
        prop_assert_eq!(parsed.rows.len() + parsed.skipped.len(), lines.len());
        if parsed.skipped.is_empty() {
            prop_assert!(parse_tracks_csv(&text, true).is_ok());
        } else {
            prop_assert!(parse_tracks_csv(&text, true).is_err());
        }
    }
}
