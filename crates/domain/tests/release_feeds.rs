//! Reading release feeds: the files under `release_feeds/` in every format, whole-file problems, and generated
//! tracks written out in each format that read back to the same values, with corrupted rows reported at their lines.
//!
//! The fixtures follow the shapes of Beatport's v4 API as documented in the project's research notes
//! (release-feeds.md: the catalog track object, its lists, the `__NEXT_DATA__` of its pages, the older feeds' text
//! keys, genre lists and top-level labels, and the scraped Top 100 CSV). Ids, ISRCs and catalogue numbers in them are
//! made up; a few values are broken on purpose, each noted where it is checked.

use crossfade_domain::{
    BadFeedRow, Day, FeedArtist, FeedFormat, FeedGenre, FeedLabel, FeedProblem, FeedRelease, FeedRowProblem, FeedTrack,
    Isrc, Key, STYLES, read_feed,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn track(title: &str, artists: &[&str]) -> FeedTrack {
    FeedTrack::new(title, None, artists.iter().map(|name| artist(None, name)).collect())
}

fn artist(beatport_id: Option<u64>, name: &str) -> FeedArtist {
    FeedArtist { beatport_id, name: name.into() }
}

fn label(beatport_id: Option<u64>, name: &str) -> Option<FeedLabel> {
    Some(FeedLabel { beatport_id, name: name.into() })
}

fn genre(beatport_id: Option<u32>, name: &str, slug: &str) -> Option<FeedGenre> {
    Some(FeedGenre { beatport_id, name: name.into(), slug: slug.into() })
}

fn isrc(text: &str) -> Option<Isrc> {
    Some(Isrc::parse(text).unwrap())
}

fn day(text: &str) -> Option<Day> {
    Some(Day::parse(text).unwrap())
}

fn key(text: &str) -> Option<Key> {
    Some(Key::parse(text).unwrap())
}

fn field_of(row: &BadFeedRow) -> &'static str {
    match &row.problem {
        FeedRowProblem::Invalid { field, .. } | FeedRowProblem::Missing(field) => field,
        FeedRowProblem::FieldCount { .. } => "field count",
    }
}

mod fixtures {
    use super::*;

    #[test]
    fn an_api_list_reads_every_track_and_keeps_the_next_page() {
        let read = read_feed(include_bytes!("release_feeds/api-tech-house-tracks.json")).unwrap();
        assert_eq!(read.format, FeedFormat::BeatportApi);
        assert_eq!(
            read.next_page.as_deref(),
            Some("api-internal.beatportprod.com/v4/catalog/tracks/?genre_id=11&page=2&per_page=4")
        );
        assert_eq!(read.tracks.len(), 3);
        assert_eq!(
            read.tracks[0],
            FeedTrack {
                beatport_id: Some(20225852),
                title: "Elevate".into(),
                mix: Some("Original Mix".into()),
                artists: vec![artist(Some(665473), "Kashpitzky")],
                remixers: vec![],
                label: label(Some(4146), "Be As One"),
                release: Some(FeedRelease {
                    beatport_id: Some(4977539),
                    name: "Elevate".into(),
                    catalog_number: Some("BAO123".into()),
                }),
                isrc: isrc("IL4092509501"),
                bpm: Some(142.0),
                key: key("G major"),
                genre: genre(Some(92), "Techno (Raw / Deep / Hypnotic)", "techno-raw-deep-hypnotic"),
                release_date: day("2025-03-20"),
                length_ms: Some(326615),
                chart_rank: None,
            }
        );
        let [_, push_to_start, looking_for_love] = &read.tracks[..] else { unreachable!() };
        assert_eq!(push_to_start.artists, [artist(Some(348207), "Fisher"), artist(Some(155234), "Chris Lake")]);
        assert_eq!(push_to_start.isrc, isrc("GBKQU2400871"));
        assert_eq!(push_to_start.key, key("8A"));
        // `new_release_date` wins over `publish_date`.
        assert_eq!(push_to_start.release_date, day("2025-03-14"));
        assert_eq!(looking_for_love.mix.as_deref(), Some("Kölsch Remix"));
        assert_eq!(looking_for_love.remixers, [artist(Some(63542), "Kölsch")]);
        assert_eq!((looking_for_love.bpm, looking_for_love.isrc.as_ref()), (Some(127.99), None));
        // An empty `new_release_date` is no value, so the date-time in `publish_date` gives the day.
        assert_eq!(looking_for_love.release_date, day("2025-03-21"));
        // "Good Time" has a BPM of 0; its object starts on line 90.
        assert_eq!(read.bad_rows.len(), 1);
        assert_eq!((read.bad_rows[0].line, field_of(&read.bad_rows[0])), (90, "BPM"));
        assert_eq!(read.bad_rows_total, 1);
    }

    #[test]
    fn a_single_api_track_is_read_alone() {
        let read = read_feed(include_bytes!("release_feeds/api-track.json")).unwrap();
        let list = read_feed(include_bytes!("release_feeds/api-tech-house-tracks.json")).unwrap();
        assert_eq!((read.format, read.next_page, read.bad_rows), (FeedFormat::BeatportApi, None, vec![]));
        assert_eq!(read.tracks, [list.tracks[0].clone()]);
    }

    #[test]
    fn a_saved_page_reads_the_tracks_of_every_query() {
        let read = read_feed(include_bytes!("release_feeds/beatport-page-tech-house-top-100.html")).unwrap();
        assert_eq!(read.format, FeedFormat::BeatportPage);
        assert_eq!(
            read.next_page.as_deref(),
            Some("api-internal.beatportprod.com/v4/catalog/genres/11/top/100/?page=2&per_page=3")
        );
        // The genre and the new releases the page also queried are not tracks.
        let titles: Vec<_> = read.tracks.iter().map(|track| track.title.as_str()).collect();
        assert_eq!(titles, ["Tarantula", "Move", "Bassline Therapy"]);
        let move_remix = &read.tracks[1];
        assert_eq!(move_remix.artists, [artist(Some(301122), "Adam Port"), artist(Some(322110), "Keinemusik")]);
        assert_eq!(move_remix.remixers, [artist(Some(455321), "Chris Stussy")]);
        assert_eq!(move_remix.mix.as_deref(), Some("Chris Stussy Remix"));
        assert_eq!(move_remix.label, label(Some(13213), "Keinemusik"));
        assert_eq!(move_remix.length_ms, Some(412500));
        assert_eq!(read.tracks[0].key, key("F♯ minor"));
        assert_eq!(read.tracks[0].genre, genre(Some(11), "Tech House", "tech-house"));
        // "Somebody" has Camelot 13A; the page's data is on line 15 of the HTML file.
        assert_eq!(read.bad_rows.len(), 1);
        assert_eq!((read.bad_rows[0].line, field_of(&read.bad_rows[0])), (15, "key"));
    }

    #[test]
    fn the_older_feed_reads_text_keys_genre_lists_and_top_level_labels() {
        let read = read_feed(include_bytes!("release_feeds/my-beatport-feed.json")).unwrap();
        assert_eq!(read.format, FeedFormat::BeatportFeed);
        assert_eq!(read.next_page, None);
        assert_eq!(
            read.tracks[0],
            FeedTrack {
                beatport_id: Some(19654321),
                title: "Nightfall".into(),
                mix: Some("Original Mix".into()),
                artists: vec![artist(Some(215432), "Anyma")],
                remixers: vec![],
                label: label(Some(87123), "Afterlife"),
                release: Some(FeedRelease {
                    beatport_id: Some(4712345),
                    name: "Genesys II".into(),
                    catalog_number: None
                }),
                isrc: isrc("GBDUW2400059"),
                bpm: Some(123.0),
                key: key("F♯ min"),
                genre: genre(Some(90), "Melodic House & Techno", "melodic-house-techno"),
                release_date: day("2024-11-29"),
                length_ms: Some(402310),
                chart_rank: None,
            }
        );
        let voices = &read.tracks[1];
        assert_eq!(voices.mix.as_deref(), Some("Innellea Remix"));
        // No label at the top level: the release's.
        assert_eq!(voices.label, label(Some(87123), "Afterlife"));
        assert_eq!((voices.key, voices.isrc.as_ref()), (key("A major"), None));
        let hypnotized = &read.tracks[2];
        assert_eq!((hypnotized.genre.as_ref(), hypnotized.bpm), (None, Some(125.5)));
        assert_eq!((hypnotized.key, hypnotized.isrc.as_ref()), (key("9B"), isrc("GBDUW2400071").as_ref()));
        // "Eclipse" is in "H min", a key no one plays in; its object starts on line 47.
        assert_eq!(read.bad_rows.len(), 1);
        assert_eq!((read.bad_rows[0].line, field_of(&read.bad_rows[0])), (47, "key"));
    }

    #[test]
    fn a_top_100_chart_splits_mixes_and_artists() {
        let read = read_feed(include_bytes!("release_feeds/beatport_top100_2025-03-21.csv")).unwrap();
        assert_eq!(read.format, FeedFormat::Top100Csv);
        let dubstep = genre(None, "140-deep-dubstep-grime", "140-deep-dubstep-grime");
        assert_eq!(
            read.tracks[0],
            FeedTrack {
                mix: Some("Extended Mix".into()),
                genre: dubstep.clone(),
                chart_rank: Some(1),
                ..track("Elevate", &["Kashpitzky"])
            }
        );
        assert_eq!(
            read.tracks[1],
            FeedTrack {
                genre: dubstep.clone(),
                chart_rank: Some(2),
                ..track("Forgotten Dreams, Pt. 2", &["Kahn", "Neek"])
            }
        );
        assert_eq!(read.tracks[2].mix.as_deref(), Some("Sicaria Sound Remix"));
        assert_eq!(read.tracks[2].artists, track("", &["Sleeper", "Sicaria Sound", "Kercha"]).artists);
        assert_eq!((read.tracks[3].title.as_str(), read.tracks[3].mix.as_deref()), ("Blackout", Some("VIP")));
        assert_eq!((read.tracks[4].title.as_str(), read.tracks[4].mix.as_deref()), ("Nightmare (feat. Flowdan)", None));
        assert_eq!((read.tracks[5].title.as_str(), read.tracks[5].mix.as_deref()), ("Deep Inside", Some("Dub")));
        assert_eq!(read.tracks[6].title, "Say \"When\"");
        // A duo joined with " & " is split like every other credit: the file cannot tell them apart.
        let baddadan = &read.tracks[8];
        let names: Vec<_> = baddadan.artists.iter().map(|artist| artist.name.as_str()).collect();
        assert_eq!(names, ["Chase", "Status", "Bou", "Irah", "Flowdan", "Trigga"]);
        assert_eq!((baddadan.genre.as_ref().unwrap().slug.as_str(), baddadan.chart_rank), ("drum-bass", Some(2)));
        assert_eq!(read.tracks.len(), 10);
        // "Echo Chamber" has no artists, "Rubicon" is ranked 300.
        let bad: Vec<_> = read.bad_rows.iter().map(|row| (row.line, field_of(row))).collect();
        assert_eq!(bad, [(9, "artist"), (13, "rank")]);
    }

    #[test]
    fn a_release_list_with_semicolons_and_a_byte_order_mark() {
        let read = read_feed(include_bytes!("release_feeds/releases-to-curate.csv")).unwrap();
        assert_eq!(read.format, FeedFormat::PlainCsv);
        assert_eq!(
            read.tracks[0],
            FeedTrack {
                mix: Some("Original Mix".into()),
                label: label(None, "Be As One"),
                isrc: isrc("IL4092509501"),
                bpm: Some(142.0),
                key: key("9B"),
                genre: genre(None, "Techno (Raw / Deep / Hypnotic)", "techno-raw-deep-hypnotic"),
                release_date: day("2025-03-20"),
                length_ms: Some(326_000),
                ..track("Elevate", &["Kashpitzky"])
            }
        );
        assert_eq!(read.tracks[1].artists, track("", &["Fisher", "Chris Lake"]).artists);
        assert_eq!((read.tracks[1].key, read.tracks[1].length_ms), (key("8A"), Some(371_000)));
        let looking_for_love = &read.tracks[2];
        assert_eq!((looking_for_love.bpm, looking_for_love.isrc.as_ref()), (Some(127.99), None));
        assert_eq!(looking_for_love.mix.as_deref(), Some("Kölsch Remix"));
        let eat_your_man = &read.tracks[3];
        assert_eq!((eat_your_man.title.as_str(), eat_your_man.mix.as_deref()), ("Eat Your Man", Some("Extended Mix")));
        assert_eq!(eat_your_man.artists, track("", &["Dom Dolla", "Nelly Furtado"]).artists);
        assert_eq!(read.tracks.len(), 4);
        // The third row's note runs over three lines, so "Good Time" (whose ISRC is two digits short) is on line 7.
        assert_eq!(read.bad_rows.len(), 2);
        assert_eq!((read.bad_rows[0].line, field_of(&read.bad_rows[0])), (7, "ISRC"));
        assert!(read.bad_rows[0].problem.to_string().starts_with("ISRC: \"GB-CEN-25-001\" is not an ISRC"));
        assert_eq!(read.bad_rows[1], BadFeedRow { line: 9, problem: FeedRowProblem::Missing("artist") });
    }
}

mod whole_files {
    use super::*;

    #[test]
    fn empty_files_and_files_that_are_not_text() {
        for empty in [&b""[..], b"  \n\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"] {
            assert_eq!(read_feed(empty), Err(FeedProblem::Empty), "{empty:?}");
        }
        assert_eq!(read_feed(b"artist,title\n\xff\xfe,x"), Err(FeedProblem::NotText));
        assert_eq!(read_feed(b"\xff\xfea\x00r\x00t\x00"), Err(FeedProblem::NotText));
    }

    #[test]
    fn files_of_no_known_format() {
        for text in ["date,amount,payee\n2025-01-01,3,shop", "just some words", "{\"data\": []}", "{}", "[1] [2]"] {
            let expected = if text.starts_with("[1]") {
                Err(FeedProblem::Malformed { line: 1, message: String::new() })
            } else {
                Err(FeedProblem::UnknownFormat)
            };
            let read = read_feed(text.as_bytes()).map_err(|problem| match problem {
                FeedProblem::Malformed { line, .. } => FeedProblem::Malformed { line, message: String::new() },
                other => other,
            });
            assert_eq!(read, expected, "{text}");
        }
        assert_eq!(read_feed(b"title;bpm\nElevate;142"), Err(FeedProblem::MissingColumn("artist")));
    }

    #[test]
    fn broken_json_is_reported_at_its_line() {
        let text = "{\n  \"results\": [\n    {\"name\": \"Elevate\",\n     \"bpm\": 142,,\n  ]\n}";
        let Err(FeedProblem::Malformed { line, message }) = read_feed(text.as_bytes()) else { panic!() };
        assert_eq!(line, 4);
        assert!(message.starts_with("the JSON is broken"), "{message}");
        let wrong_shape = "{\"next\": null,\n\"results\": {\"name\": \"Elevate\"}}";
        assert!(matches!(read_feed(wrong_shape.as_bytes()), Err(FeedProblem::Malformed { line: 2, .. })));
    }

    #[test]
    fn json_values_that_are_not_tracks_are_bad_rows() {
        let text =
            "[\n{\"name\": \"Elevate\", \"artists\": [\"Kashpitzky\"]},\n42,\n{\"name\": \"X\", \"artists\": 7}\n]";
        let read = read_feed(text.as_bytes()).unwrap();
        assert_eq!(read.tracks, [track("Elevate", &["Kashpitzky"])]);
        let bad: Vec<_> = read.bad_rows.iter().map(|row| (row.line, field_of(row))).collect();
        assert_eq!(bad, [(3, "track"), (4, "artist")]);
    }

    #[test]
    fn rows_with_the_wrong_number_of_fields_are_bad() {
        let read =
            read_feed(b"genre,title,artists,rank\nhouse,Elevate,Kashpitzky\nhouse,Elevate,Kashpitzky,1,x\n").unwrap();
        assert_eq!(
            read.bad_rows,
            [
                BadFeedRow { line: 2, problem: FeedRowProblem::FieldCount { found: 3, expected: 4 } },
                BadFeedRow { line: 3, problem: FeedRowProblem::FieldCount { found: 5, expected: 4 } },
            ]
        );
    }

    #[test]
    fn only_the_first_thousand_bad_rows_are_kept() {
        let mut text = String::from("artist,title,bpm\n");
        for _ in 0..5000 {
            text.push_str("Kashpitzky,Elevate,999\n");
        }
        text.push_str("Kashpitzky,Elevate,142\n");
        let read = read_feed(text.as_bytes()).unwrap();
        assert_eq!((read.tracks.len(), read.bad_rows.len(), read.bad_rows_total), (1, 1000, 5000));
        assert_eq!(read.bad_rows.last().unwrap().line, 1001);
    }
}

/// Generated tracks written out in each format, and rows broken on purpose.
mod round_trips {
    use super::*;

    /// A way to break one row, and the field its problem names.
    #[derive(Clone, Copy, Debug)]
    enum Corruption {
        NoTitle,
        NoArtist,
        BadIsrc,
        BadBpm,
        BadKey,
        BadDate,
    }

    impl Corruption {
        fn field(self) -> &'static str {
            match self {
                Corruption::NoTitle => "title",
                Corruption::NoArtist => "artist",
                Corruption::BadIsrc => "ISRC",
                Corruption::BadBpm => "BPM",
                Corruption::BadKey => "key",
                Corruption::BadDate => "release date",
            }
        }
    }

    fn corruption() -> impl Strategy<Value = Corruption> {
        prop::sample::select(vec![
            Corruption::NoTitle,
            Corruption::NoArtist,
            Corruption::BadIsrc,
            Corruption::BadBpm,
            Corruption::BadKey,
            Corruption::BadDate,
        ])
    }

    /// Words of titles and names: accents, quotes and delimiters, but no parentheses (a trailing one could be read
    /// as a mix) and no `,`/`&` (which join artists).
    fn words(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec("[A-Za-z0-9éöüßÅ'\"!?.;:/]{1,8}", 1..=max).prop_map(|words| words.join(" "))
    }

    fn title() -> impl Strategy<Value = String> {
        prop::collection::vec("[A-Za-z0-9éöüßÅ'\"!?.;:/,&]{1,8}", 1..=4).prop_map(|words| words.join(" "))
    }

    /// Mixes whose last word marks a version, so a chart title carrying it in parentheses splits back.
    fn mix() -> impl Strategy<Value = String> {
        (words(2), prop::sample::select(vec!["Mix", "Remix", "Edit", "Dub", "VIP", "Extended Mix", "Re-Edit"]))
            .prop_map(|(words, kind)| format!("{words} {kind}"))
    }

    fn artists() -> impl Strategy<Value = Vec<FeedArtist>> {
        prop::collection::vec((any::<u64>(), words(3)), 1..4)
            .prop_map(|artists| artists.into_iter().map(|(id, name)| artist(Some(id), &name)).collect())
    }

    fn key_value() -> impl Strategy<Value = Key> {
        (1u8..=12, any::<bool>())
            .prop_map(|(number, major)| Key::parse(&format!("{number}{}", if major { 'B' } else { 'A' })).unwrap())
    }

    fn day_value() -> impl Strategy<Value = Day> {
        // 1990-01-01 to 2029-12-31.
        (7305i64..=21914).prop_map(|days| Day::from_epoch_day(days).unwrap())
    }

    fn isrc_value() -> impl Strategy<Value = Isrc> {
        "[A-Z]{2}[A-Z0-9]{3}[0-9]{7}".prop_map(|text| Isrc::parse(&text).unwrap())
    }

    fn bpm_value() -> impl Strategy<Value = f64> {
        (2000u32..=40000).prop_map(|hundredths| f64::from(hundredths) / 100.0)
    }

    /// A track with everything Beatport's API and feeds carry.
    fn beatport_track() -> impl Strategy<Value = FeedTrack> {
        let names = (
            any::<u64>(),
            title(),
            prop::option::of(mix()),
            artists(),
            prop::collection::vec((any::<u64>(), words(2)), 0..2),
        );
        let release = prop::option::of((any::<u64>(), words(3), prop::option::of("[A-Z]{2,4}[0-9]{3}")));
        let values = (
            prop::option::of((any::<u64>(), words(3))),
            release,
            prop::option::of(isrc_value()),
            prop::option::of(bpm_value()),
            prop::option::of(key_value()),
            prop::option::of((any::<u32>(), words(3), "[a-z0-9][a-z0-9-]{0,20}")),
            prop::option::of(day_value()),
            prop::option::of(any::<u32>()),
        );
        (names, values).prop_map(|((id, title, mix, artists, remixers), values)| {
            let (label_value, release, isrc, bpm, key, genre_value, release_date, length_ms) = values;
            FeedTrack {
                beatport_id: Some(id),
                title,
                mix,
                artists,
                remixers: remixers.into_iter().map(|(id, name)| artist(Some(id), &name)).collect(),
                label: label_value.and_then(|(id, name)| label(Some(id), &name)),
                release: release.map(|(id, name, catalog_number)| FeedRelease {
                    beatport_id: Some(id),
                    name,
                    catalog_number,
                }),
                isrc,
                bpm,
                key,
                genre: genre_value.and_then(|(id, name, slug)| genre(Some(id), &name, &slug)),
                release_date,
                length_ms,
                chart_rank: None,
            }
        })
    }

    fn credits_json(credits: &[FeedArtist]) -> Value {
        credits.iter().map(|credit| json!({"id": credit.beatport_id, "name": credit.name, "slug": "x"})).collect()
    }

    /// A track as the v4 API writes it, or as the older feeds do.
    fn beatport_json(track: &FeedTrack, older: bool, corruption: Option<Corruption>) -> Value {
        let label = track.label.as_ref().map(|label| json!({"id": label.beatport_id, "name": label.name}));
        let mut release = match &track.release {
            Some(release) => json!({"id": release.beatport_id, "name": release.name}),
            None => json!({}),
        };
        let mut object = json!({
            "id": track.beatport_id,
            "name": track.title,
            "artists": credits_json(&track.artists),
            "remixers": credits_json(&track.remixers),
            "catalog_number": track.release.as_ref().and_then(|release| release.catalog_number.as_deref()),
            "isrc": track.isrc.as_ref().map(Isrc::as_str),
            "bpm": track.bpm,
            "new_release_date": track.release_date.map(|day| day.to_string()),
            "length_ms": track.length_ms,
            "slug": "a-track",
            "is_hype": false,
            "price": {"code": "USD", "symbol": "$", "value": 1.49, "display": "$1.49"},
        });
        let genre =
            track.genre.as_ref().map(|genre| json!({"id": genre.beatport_id, "name": genre.name, "slug": genre.slug}));
        if older {
            object["mix"] = json!(track.mix);
            object["key"] = json!(track.key.map(Key::name));
            object["genres"] = json!(genre.into_iter().collect::<Vec<_>>());
            object["label"] = json!(label);
            object["formats"] = json!({"mp3": {"bitrate": 320}, "wav": {}});
        } else {
            object["mix_name"] = json!(track.mix);
            object["key"] = json!(track.key.map(|key| json!({
                "name": key.name(),
                "camelot_number": key.camelot_number(),
                "camelot_letter": &key.camelot()[key.camelot().len() - 1..],
            })));
            object["genre"] = json!(genre);
            object["sub_genre"] = Value::Null;
            release["label"] = json!(label);
        }
        if track.release.is_some() || (label.is_some() && !older) {
            object["release"] = release;
        }
        match corruption {
            None => {}
            Some(Corruption::NoTitle) => object["name"] = json!(" "),
            Some(Corruption::NoArtist) => object["artists"] = json!([]),
            Some(Corruption::BadIsrc) => object["isrc"] = json!("GB-DUW-00-0005"),
            Some(Corruption::BadBpm) => object["bpm"] = json!(400.5),
            Some(Corruption::BadKey) => {
                object["key"] =
                    if older { json!("H min") } else { json!({"camelot_number": 13, "camelot_letter": "A"}) }
            }
            Some(Corruption::BadDate) => object["new_release_date"] = json!("2025-02-30"),
        }
        object
    }

    /// An API list with one pretty-printed track object after another, and the line each starts on.
    fn beatport_file(rows: &[(FeedTrack, Option<Corruption>)], older: bool, next: &str) -> (String, Vec<usize>) {
        let mut text = String::from("{\n  \"results\": [\n");
        let mut lines = Vec::new();
        for (index, (track, corruption)) in rows.iter().enumerate() {
            if index > 0 {
                text.push_str(",\n");
            }
            lines.push(text.matches('\n').count() + 1);
            text.push_str(&serde_json::to_string_pretty(&beatport_json(track, older, *corruption)).unwrap());
        }
        text.push_str(&format!(
            "\n  ],\n  \"next\": {},\n  \"count\": {}, \"page\": \"1/1\"\n}}\n",
            json!(next),
            rows.len()
        ));
        (text, lines)
    }

    /// Writes CSV records one by one, noting the line each starts on.
    fn csv_file(
        writer: csv::WriterBuilder,
        header: &[String],
        rows: &[Vec<String>],
        bom: bool,
    ) -> (Vec<u8>, Vec<usize>) {
        let start = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
        let mut writer = writer.from_writer(start);
        writer.write_record(header).unwrap();
        let mut lines = Vec::new();
        for row in rows {
            writer.flush().unwrap();
            lines.push(writer.get_ref().iter().filter(|byte| **byte == b'\n').count() + 1);
            writer.write_record(row).unwrap();
        }
        (writer.into_inner().unwrap(), lines)
    }

    fn chart_track() -> impl Strategy<Value = FeedTrack> {
        let names = prop::collection::vec(words(3), 1..4);
        (title(), prop::option::of(mix()), names, "[0-9a-z][0-9a-z-]{0,30}", 1u16..=100).prop_map(
            |(title, mix, names, slug, rank)| FeedTrack {
                mix,
                genre: genre(None, &slug, &slug),
                chart_rank: Some(rank),
                ..track(&title, &names.iter().map(String::as_str).collect::<Vec<_>>())
            },
        )
    }

    fn chart_row(track: &FeedTrack, corruption: Option<Corruption>) -> Vec<String> {
        let mut title = match &track.mix {
            Some(mix) => format!("{} ({mix})", track.title),
            None => track.title.clone(),
        };
        let names: Vec<_> = track.artists.iter().map(|artist| artist.name.as_str()).collect();
        let mut artists = names.join(" & ");
        let mut rank = track.chart_rank.unwrap().to_string();
        match corruption {
            None => {}
            Some(Corruption::NoTitle) => title.clear(),
            Some(Corruption::NoArtist) => artists = " ".into(),
            Some(_) => rank = "101".into(),
        }
        vec![track.genre.as_ref().unwrap().slug.clone(), title, artists, rank]
    }

    fn chart_file(rows: &[(FeedTrack, Option<Corruption>)]) -> (Vec<u8>, Vec<usize>) {
        let header = ["genre", "title", "artists", "rank"].map(String::from);
        let rows: Vec<_> = rows.iter().map(|(track, corruption)| chart_row(track, *corruption)).collect();
        csv_file(csv::WriterBuilder::new(), &header, &rows, false)
    }

    fn chart_field(corruption: Corruption) -> &'static str {
        match corruption {
            Corruption::NoTitle | Corruption::NoArtist => corruption.field(),
            _ => "rank",
        }
    }

    /// The columns of a release list, each with the names a header may give it.
    const COLUMNS: [&[&str]; 10] = [
        &["Artist", "artists", "ARTIST NAME"],
        &["Title", "track", "Track Name", "name"],
        &["Mix", "mix_name", "Version"],
        &["ISRC", "isrc"],
        &["Label", "Record Label"],
        &["Release Date", "release_date", "date"],
        &["BPM", "tempo"],
        &["Key", "Camelot"],
        &["Genre", "style"],
        &["Length", "duration"],
    ];

    /// A release list's file: which optional columns it has, in which order, under which names, and how it writes
    /// its values.
    #[derive(Clone, Debug)]
    struct ListLayout {
        has: [bool; 10],
        order: Vec<usize>,
        names: [usize; 10],
        semicolons: bool,
        crlf: bool,
        bom: bool,
        and_joined: bool,
        isrc_spelling: usize,
        key_by_name: bool,
    }

    fn list_layout() -> impl Strategy<Value = ListLayout> {
        let choices = (
            prop::array::uniform10(any::<bool>()),
            Just((0..10).collect::<Vec<_>>()).prop_shuffle(),
            prop::array::uniform10(0usize..4),
        );
        let writing = (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), 0usize..4, any::<bool>());
        (choices, writing).prop_map(
            |((mut has, order, names), (semicolons, crlf, bom, and_joined, isrc_spelling, key_by_name))| {
                has[0] = true;
                has[1] = true;
                ListLayout { has, order, names, semicolons, crlf, bom, and_joined, isrc_spelling, key_by_name }
            },
        )
    }

    fn list_track() -> impl Strategy<Value = FeedTrack> {
        let names = prop::collection::vec(words(3), 1..4);
        let values = (
            prop::option::of(mix()),
            prop::option::of(isrc_value()),
            prop::option::of(words(3)),
            prop::option::of(day_value()),
            prop::option::of(bpm_value()),
            prop::option::of(key_value()),
            prop::option::of(prop::sample::select(STYLES.to_vec())),
            prop::option::of(0u32..7200),
        );
        (title(), names, values).prop_map(
            |(title, names, (mix, isrc, label_name, release_date, bpm, key, style, seconds))| FeedTrack {
                mix,
                isrc,
                label: label_name.and_then(|name| label(None, &name)),
                release_date,
                bpm,
                key,
                genre: style.and_then(|style| genre(None, style.name, style.slug)),
                length_ms: seconds.map(|seconds| seconds * 1000),
                ..track(&title, &names.iter().map(String::as_str).collect::<Vec<_>>())
            },
        )
    }

    /// What the layout's file can say of a track: the fields of the columns it lacks are missing.
    fn as_listed(track: &FeedTrack, layout: &ListLayout) -> FeedTrack {
        let has = layout.has;
        FeedTrack {
            mix: track.mix.clone().filter(|_| has[2]),
            isrc: track.isrc.clone().filter(|_| has[3]),
            label: track.label.clone().filter(|_| has[4]),
            release_date: track.release_date.filter(|_| has[5]),
            bpm: track.bpm.filter(|_| has[6]),
            key: track.key.filter(|_| has[7]),
            genre: track.genre.clone().filter(|_| has[8]),
            length_ms: track.length_ms.filter(|_| has[9]),
            ..track.clone()
        }
    }

    fn list_cells(track: &FeedTrack, layout: &ListLayout, corruption: Option<Corruption>) -> [String; 10] {
        let separator = if layout.and_joined { " & " } else { ", " };
        let names: Vec<_> = track.artists.iter().map(|artist| artist.name.as_str()).collect();
        let isrc = track.isrc.as_ref().map(|isrc| {
            let text = isrc.as_str();
            match layout.isrc_spelling {
                0 => text.to_owned(),
                1 => format!("{}-{}-{}-{}", &text[..2], &text[2..5], &text[5..7], &text[7..]),
                2 => text.to_lowercase(),
                _ => format!("ISRC {text}"),
            }
        });
        let bpm = track.bpm.map(|bpm| {
            let text = bpm.to_string();
            if layout.semicolons { text.replace('.', ",") } else { text }
        });
        let key = track.key.map(|key| if layout.key_by_name { key.name() } else { key.camelot() });
        let length = track.length_ms.map(|ms| format!("{}:{:02}", ms / 60_000, ms / 1000 % 60));
        let mut cells = [
            names.join(separator),
            track.title.clone(),
            track.mix.clone().unwrap_or_default(),
            isrc.unwrap_or_default(),
            track.label.as_ref().map(|label| label.name.clone()).unwrap_or_default(),
            track.release_date.map(|day| day.to_string()).unwrap_or_default(),
            bpm.unwrap_or_default(),
            key.unwrap_or_default(),
            track.genre.as_ref().map(|genre| genre.name.clone()).unwrap_or_default(),
            length.unwrap_or_default(),
        ];
        if let Some(corruption) = corruption {
            let column = list_column(corruption, layout);
            cells[column] = match column {
                0 | 1 => " ".into(),
                3 => "GB-DUW-00-0005".into(),
                5 => "2025-02-30".into(),
                6 => "400.5".into(),
                _ => "13C".into(),
            };
        }
        cells
    }

    /// The column a corruption breaks; the title when the layout lacks the column it would break.
    fn list_column(corruption: Corruption, layout: &ListLayout) -> usize {
        let column = match corruption {
            Corruption::NoArtist => 0,
            Corruption::NoTitle => 1,
            Corruption::BadIsrc => 3,
            Corruption::BadDate => 5,
            Corruption::BadBpm => 6,
            Corruption::BadKey => 7,
        };
        if layout.has[column] { column } else { 1 }
    }

    fn list_field(corruption: Corruption, layout: &ListLayout) -> &'static str {
        ["artist", "title", "", "ISRC", "", "release date", "BPM", "key"][list_column(corruption, layout)]
    }

    fn list_file(rows: &[(FeedTrack, Option<Corruption>)], layout: &ListLayout) -> (Vec<u8>, Vec<usize>) {
        let columns: Vec<usize> = layout.order.iter().copied().filter(|column| layout.has[*column]).collect();
        let header: Vec<String> = columns
            .iter()
            .map(|&column| {
                let names = COLUMNS[column];
                names[layout.names[column] % names.len()].to_owned()
            })
            .collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|(track, corruption)| {
                let cells = list_cells(track, layout, *corruption);
                columns.iter().map(|&column| cells[column].clone()).collect()
            })
            .collect();
        let mut writer = csv::WriterBuilder::new();
        writer.delimiter(if layout.semicolons { b';' } else { b',' });
        writer.terminator(if layout.crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') });
        csv_file(writer, &header, &rows, layout.bom)
    }

    /// Checks a read of `rows`: the sound ones read back as `expected` gives them, each broken one is a bad row at
    /// its line naming `field` of its corruption.
    fn check_read(
        file: &[u8],
        lines: &[usize],
        rows: &[(FeedTrack, Option<Corruption>)],
        format: FeedFormat,
        expected: impl Fn(&FeedTrack) -> FeedTrack,
        field: impl Fn(Corruption) -> &'static str,
    ) -> Result<(), TestCaseError> {
        let read = read_feed(file)
            .map_err(|problem| TestCaseError::fail(format!("{problem}\n{}", String::from_utf8_lossy(file))))?;
        prop_assert_eq!(read.format, format);
        let sound: Vec<FeedTrack> =
            rows.iter().filter(|(_, corruption)| corruption.is_none()).map(|(track, _)| expected(track)).collect();
        prop_assert_eq!(read.tracks, sound);
        let broken: Vec<(usize, &str)> = rows
            .iter()
            .zip(lines)
            .filter_map(|((_, corruption), line)| corruption.map(|corruption| (*line, field(corruption))))
            .collect();
        let reported: Vec<(usize, &str)> = read.bad_rows.iter().map(|row| (row.line, field_of(row))).collect();
        prop_assert_eq!(reported, broken);
        Ok(())
    }

    /// A saved page whose script holds each track as its own query, on its own line, after a genre query that is no
    /// track; and the line each track starts on.
    fn page_file(rows: &[(FeedTrack, Option<Corruption>)]) -> (String, Vec<usize>) {
        let mut page = String::from("<!DOCTYPE html><html><head><title>Beatport</title></head>\n<body>\n");
        page.push_str(r#"<script id="__NEXT_DATA__" type="application/json">"#);
        page.push_str(r#"{"props":{"pageProps":{"dehydratedState":{"queries":["#);
        page.push('\n');
        page.push_str(r#"{"state":{"data":{"id":11,"name":"Tech House","slug":"tech-house"}}}"#);
        let mut lines = Vec::new();
        for (track, corruption) in rows {
            page.push_str(",\n");
            lines.push(page.matches('\n').count() + 1);
            let data = json!({"results": [beatport_json(track, false, *corruption)], "next": null});
            page.push_str(&json!({"state": {"data": data, "status": "success"}, "queryKey": ["tracks"]}).to_string());
        }
        page.push_str("\n]}}},\"page\":\"/top-100\",\"buildId\":\"x\"}</script></body></html>\n");
        (page, lines)
    }

    fn rows<T: Strategy<Value = FeedTrack>>(
        track: T,
        corrupt: bool,
    ) -> impl Strategy<Value = Vec<(FeedTrack, Option<Corruption>)>> {
        let corruption = if corrupt { prop::option::weighted(0.3, corruption()).boxed() } else { Just(None).boxed() };
        prop::collection::vec((track, corruption), 0..8)
    }

    proptest! {
        #[test]
        fn api_lists_read_back(rows in rows(beatport_track(), true), next in "[a-z./?=&0-9]{0,40}") {
            let (text, lines) = beatport_file(&rows, false, &next);
            check_read(text.as_bytes(), &lines, &rows, FeedFormat::BeatportApi, FeedTrack::clone, Corruption::field)?;
            prop_assert_eq!(read_feed(text.as_bytes()).unwrap().next_page, Some(next).filter(|next| !next.is_empty()));
        }

        #[test]
        fn single_api_tracks_read_back(track in beatport_track()) {
            let text = serde_json::to_string(&beatport_json(&track, false, None)).unwrap();
            let read = read_feed(text.as_bytes()).unwrap();
            prop_assert_eq!(read.tracks, vec![track]);
        }

        #[test]
        fn older_feeds_read_back(rows in rows(beatport_track(), true)) {
            let (text, lines) = beatport_file(&rows, true, "");
            // Every track lists its `genres`, if only an empty list, which marks the older feed; a file without
            // tracks has nothing to tell it from the API's.
            let format = if rows.is_empty() { FeedFormat::BeatportApi } else { FeedFormat::BeatportFeed };
            check_read(text.as_bytes(), &lines, &rows, format, FeedTrack::clone, Corruption::field)?;
        }

        #[test]
        fn top_100_charts_read_back(rows in rows(chart_track(), true)) {
            let (file, lines) = chart_file(&rows);
            check_read(&file, &lines, &rows, FeedFormat::Top100Csv, FeedTrack::clone, chart_field)?;
        }

        #[test]
        fn release_lists_read_back(rows in rows(list_track(), true), layout in list_layout()) {
            let (file, lines) = list_file(&rows, &layout);
            let expected = |track: &FeedTrack| as_listed(track, &layout);
            let field = |corruption| list_field(corruption, &layout);
            check_read(&file, &lines, &rows, FeedFormat::PlainCsv, expected, field)?;
        }

        #[test]
        fn saved_pages_read_back(rows in rows(beatport_track(), true).prop_filter("tracks", |rows| !rows.is_empty())) {
            let (page, lines) = page_file(&rows);
            check_read(page.as_bytes(), &lines, &rows, FeedFormat::BeatportPage, FeedTrack::clone, Corruption::field)?;
        }
    }
}
