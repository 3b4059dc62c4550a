use proptest::prelude::*;

use super::*;
use crate::Cell;

fn at(text: &str, hour: i64) -> i64 {
    Day::parse(text).unwrap().unix_start() + hour * 3600
}

fn genre(slug: &str) -> GenreId {
    GenreTree::get().parse_id(slug).unwrap()
}

fn credit(id: &str, name: &str) -> ArtistCredit {
    ArtistCredit { id: Some(id.to_owned()), name: name.to_owned() }
}

/// A few days of January 2024 (1 January was a Monday) whose figures are easy to work out by hand.
fn fixture() -> HistoryRows {
    let hour = |day: &str, h: i64, plays: u32, ms: u64, skips: u32| ListenedHour {
        hour: at(day, h),
        plays,
        ms,
        skips,
        ..ListenedHour::default()
    };
    let hours = vec![
        hour("2024-01-01", 10, 2, 300_000, 1),
        hour("2024-01-02", 23, 1, 200_000, 0),
        ListenedHour { hour: at("2024-01-02", 10), episodes: 1, episode_ms: 60_000, ..ListenedHour::default() },
        ListenedHour { unmeasured: 1, ..hour("2024-01-04", 8, 3, 600_000, 0) },
        // Before the range some tests choose.
        hour("2023-12-15", 20, 1, 100_000, 0),
    ];
    let a = ListenedTrack {
        track_id: "a".into(),
        title: "Alpha".into(),
        artists: vec![credit("x", "Xavier"), credit("y", "Yara")],
        album: Some((Some("al".into()), "Album".into())),
        genres: vec![genre("deep-house")],
        plays: 4,
        ms: 700_000,
        skips: 1,
        first_played: Some(at("2024-01-01", 10)),
        last_played: Some(at("2024-01-04", 8)),
        ..ListenedTrack::default()
    };
    let b = ListenedTrack {
        track_id: "b".into(),
        title: "Beta".into(),
        artists: vec![credit("x", "Xavier")],
        label: Some(("Defected".into(), "defected".into())),
        genres: vec![genre("techno")],
        plays: 2,
        ms: 400_000,
        first_played: Some(at("2023-12-15", 20)),
        last_played: Some(at("2024-01-04", 8)),
        ..ListenedTrack::default()
    };
    // Heard only before January.
    let c = ListenedTrack {
        track_id: "c".into(),
        title: "Gamma".into(),
        artists: vec![credit("z", "Zed")],
        plays: 0,
        first_played: Some(at("2023-11-02", 9)),
        last_played: Some(at("2023-11-02", 9)),
        ..ListenedTrack::default()
    };
    let session = |day: &str, from: i64, minutes: i64, plays: u32| ListeningSession {
        started: at(day, from),
        ended: at(day, from) + minutes * 60,
        plays,
        ms: (minutes * 60_000) as u64,
    };
    HistoryRows {
        hours,
        tracks: vec![a, b, c],
        sessions: vec![
            session("2024-01-01", 10, 10, 2),
            session("2024-01-02", 22, 50, 1),
            session("2024-01-04", 7, 30, 3),
            session("2023-12-15", 19, 120, 1),
        ],
    }
}

fn january() -> HistoryRange {
    HistoryRange::parse(Some("2024-01-01"), Some("2024-01-31")).unwrap()
}

#[test]
fn a_few_days_add_up_as_by_hand() {
    let report = ListeningReport::of(&fixture(), january(), GenreTree::get());
    let totals = &report.totals;
    assert_eq!((totals.plays, totals.ms, totals.skips, totals.unmeasured), (6, 1_100_000, 1, 1));
    assert_eq!((totals.episodes, totals.episode_ms), (1, 60_000));
    assert_eq!((totals.days_listened, totals.tracks, totals.artists), (3, 2, 2));
    assert_eq!(totals.first_day.map(|d| d.to_string()).as_deref(), Some("2024-01-01"));
    assert_eq!(totals.skip_rate(), Some(1.0 / 6.0));

    let days: Vec<(&str, u64, u64)> = report.days.iter().map(|d| (d.label.as_str(), d.plays, d.ms)).collect();
    assert_eq!(days, [("2024-01-01", 2, 300_000), ("2024-01-02", 1, 200_000), ("2024-01-04", 3, 600_000)]);
    assert_eq!(report.days[1].episode_ms, 60_000);
    assert_eq!(report.weeks.len(), 1);
    assert_eq!((report.weeks[0].label.as_str(), report.weeks[0].plays), ("2024-01-01", 6));
    assert_eq!(report.months.iter().map(|m| m.label.as_str()).collect::<Vec<_>>(), ["2024-01"]);
    assert_eq!(report.years[0].ms, 1_100_000);

    // Monday 10:00, Tuesday 23:00 and Thursday 08:00.
    let cell = |weekday: u8, hour: u8| report.hours_of_week[usize::from(weekday) * 24 + usize::from(hour)];
    assert_eq!((cell(0, 10).plays, cell(1, 23).plays, cell(3, 8).plays), (2, 1, 3));
    assert_eq!(report.hours_of_week.iter().map(|c| c.plays).sum::<u64>(), 6);
    assert_eq!(report.skips_by_hour[10].rate(), Some(0.5));

    let streaks = report.streaks;
    let shown = |streak: Option<Streak>| streak.map(|s| (s.from.to_string(), s.to.to_string(), s.days));
    assert_eq!(shown(streaks.longest), Some(("2024-01-01".into(), "2024-01-02".into(), 2)));
    assert_eq!(shown(streaks.latest), Some(("2024-01-04".into(), "2024-01-04".into(), 1)));

    let names = |entries: &[Listened]| entries.iter().map(|e| (e.name.clone(), e.plays)).collect::<Vec<_>>();
    assert_eq!(names(&report.top_tracks), [("Alpha".to_owned(), 4), ("Beta".to_owned(), 2)]);
    assert_eq!(names(&report.top_artists), [("Xavier".to_owned(), 6), ("Yara".to_owned(), 4)]);
    assert_eq!(report.top_artists[0].first_played, Some(at("2023-12-15", 20)), "Xavier's first play is Beta's");
    assert_eq!(names(&report.top_albums), [("Album".to_owned(), 4)]);
    assert_eq!(names(&report.top_labels), [("Defected".to_owned(), 2)]);
    // Deep house counts for house and electronic above it; techno for electronic.
    let genre_plays = |slug: &str| report.top_genres.iter().find(|g| g.key == slug).map(|g| g.plays);
    assert_eq!((genre_plays("deep-house"), genre_plays("house"), genre_plays("techno")), (Some(4), Some(4), Some(2)));
    assert_eq!(report.top_genres[0].plays, 6, "the parent of both comes first: {:?}", report.top_genres[0]);
    assert_eq!(names(&report.skipped_tracks), [("Alpha".to_owned(), 4)]);
    // One skip each: Yara's rate (1 in 4) is the higher.
    assert_eq!(names(&report.skipped_artists), [("Yara".to_owned(), 4), ("Xavier".to_owned(), 6)]);

    assert_eq!(report.sessions.count, 3, "the December session is outside the range");
    assert_eq!(report.sessions.total_seconds, 90 * 60);
    assert_eq!(report.sessions.mean_seconds, Some(30.0 * 60.0));
    assert_eq!(report.sessions.longest.iter().map(|s| s.seconds() / 60).collect::<Vec<_>>(), [50, 30, 10]);

    // Alpha and Yara are new in January; Beta and Xavier were first heard in December.
    assert_eq!(report.discoveries, [Discoveries { month: "2024-01".into(), tracks: 1, artists: 1 }]);
}

#[test]
fn all_of_the_history_counts_every_hour_and_discovery() {
    let report = ListeningReport::of(&fixture(), HistoryRange::ALL, GenreTree::get());
    assert_eq!(report.totals.plays, 7);
    assert_eq!(report.sessions.count, 4);
    assert_eq!(report.sessions.longest[0].seconds(), 120 * 60);
    let months: Vec<(&str, u64, u64)> =
        report.discoveries.iter().map(|d| (d.month.as_str(), d.tracks, d.artists)).collect();
    assert_eq!(months, [("2023-11", 1, 1), ("2023-12", 1, 1), ("2024-01", 1, 1)]);
    assert_eq!(report.streaks.longest.map(|s| s.days), Some(2));
}

#[test]
fn an_empty_history_has_no_figures() {
    let report = ListeningReport::of(&HistoryRows::default(), HistoryRange::ALL, GenreTree::get());
    assert_eq!(report.totals, ListeningTotals::default());
    assert_eq!(report.totals.skip_rate(), None);
    assert!(report.days.is_empty() && report.top_tracks.is_empty() && report.discoveries.is_empty());
    assert_eq!(report.hours_of_week.len(), 168);
    assert_eq!(report.streaks, Streaks::default());
    assert_eq!(report.sessions.mean_seconds, None);
}

#[test]
fn ranges_read_strictly_and_name_their_field() {
    assert_eq!(HistoryRange::parse(None, Some("")), Ok(HistoryRange::ALL));
    let problem = HistoryRange::parse(Some("2024-13-01"), None).unwrap_err();
    assert_eq!(problem.field(), "from");
    assert_eq!(problem.to_string(), "`2024-13-01` is not a date written as YYYY-MM-DD");
    let reversed = HistoryRange::parse(Some("2024-02-01"), Some("2024-01-01")).unwrap_err();
    assert_eq!(reversed.field(), "to");
    assert_eq!(reversed.to_string(), "the range ends (2024-01-01) before it starts (2024-02-01)");
    let year = HistoryRange::year(2024).unwrap();
    assert_eq!(
        (year.describe(), year.query(), year.file_part()),
        ("2024".into(), "from=2024-01-01&to=2024-12-31".into(), "2024".into())
    );
    assert_eq!(january().describe(), "2024-01-01 to 2024-01-31");
    assert_eq!(HistoryRange::parse(Some("2024-01-01"), None).unwrap().describe(), "since 2024-01-01");
    assert!(january().holds(at("2024-01-31", 23)) && !january().holds(at("2024-02-01", 0)));
}

#[test]
fn downloads_carry_the_page_figures() {
    let report = ListeningReport::of(&fixture(), january(), GenreTree::get());
    let tracks = report.table(HistoryTable::Tracks);
    assert_eq!(tracks.columns[..4], ["track_id", "name", "artists", "plays"]);
    assert_eq!(tracks.rows[0][6], Cell::Text("2024-01-01T10:00:00Z".into()));
    let skipped = report.table(HistoryTable::Skipped);
    assert_eq!(skipped.rows.len(), 3);
    assert_eq!(skipped.rows[0][0], Cell::Text("track".into()));
    assert_eq!(report.table(HistoryTable::HoursOfWeek).rows.len(), 168);
    for table in HistoryTable::ALL {
        assert_eq!(HistoryTable::parse(table.code()), Some(table));
        let data = report.table(table);
        assert!(data.rows.iter().all(|row| row.len() == data.columns.len()), "{table:?}");
    }
}

fn arbitrary_rows() -> impl Strategy<Value = HistoryRows> {
    let base = Day::parse("2023-06-01").unwrap().unix_start();
    let hour = (0..5u32, 0..900_000u64, 0..3u32, 0..2u32, 0..2u32).prop_map(
        move |(plays, ms, skips, unmeasured, episodes)| ListenedHour {
            hour: 0,
            plays,
            // Time only with plays, as the read model holds it.
            ms: if plays == 0 { 0 } else { ms },
            skips: skips.min(plays),
            unmeasured: unmeasured.min(plays),
            episodes,
            episode_ms: u64::from(episodes) * 1000,
        },
    );
    let track =
        (0..4u8, 0..6u32, 0..24 * 400i64, prop::option::of(0..3u8)).prop_map(move |(artist, plays, first, label)| {
            ListenedTrack {
                track_id: String::new(),
                title: String::new(),
                artists: vec![credit(&format!("a{artist}"), &format!("Artist {artist}"))],
                album: Some((Some(format!("al{}", plays % 2)), format!("Album {}", plays % 2))),
                genres: vec![genre(["house", "techno", "deep-house", "rock"][usize::from(artist)])],
                label: label.map(|label| (format!("Label {label}"), format!("label-{label}"))),
                plays,
                ms: u64::from(plays) * 200_000,
                skips: plays / 3,
                first_played: Some(base + first * 3600),
                last_played: Some(base + first * 3600 + 3600),
            }
        });
    let session = (0..24 * 400i64, 0..600i64, 1..20u32).prop_map(move |(start, minutes, plays)| ListeningSession {
        started: base + start * 3600,
        ended: base + start * 3600 + minutes * 60,
        plays,
        ms: minutes as u64 * 60_000,
    });
    (
        // One row per hour, as the read model holds them.
        proptest::collection::btree_map(0..24 * 400i64, hour, 0..60).prop_map(move |hours| {
            hours.into_iter().map(|(offset, hour)| ListenedHour { hour: base + offset * 3600, ..hour }).collect()
        }),
        // One row per track, as the read model holds them.
        proptest::collection::btree_map(0..30u8, track, 0..20).prop_map(|tracks| {
            tracks
                .into_iter()
                .map(|(id, track)| ListenedTrack { track_id: format!("t{id}"), title: format!("Track {id}"), ..track })
                .collect()
        }),
        proptest::collection::vec(session, 0..20),
    )
        .prop_map(|(hours, tracks, sessions)| HistoryRows { hours, tracks, sessions })
}

fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut items = items.to_vec();
    let mut state = seed | 1;
    for index in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(index, (state % (index as u64 + 1)) as usize);
    }
    items
}

proptest! {
    #[test]
    fn the_order_of_the_rows_changes_nothing(rows in arbitrary_rows(), seed in any::<u64>()) {
        let reordered = HistoryRows {
            hours: shuffled(&rows.hours, seed),
            tracks: shuffled(&rows.tracks, seed.rotate_left(7)),
            sessions: shuffled(&rows.sessions, seed.rotate_left(13)),
        };
        prop_assert_eq!(
            ListeningReport::of(&rows, HistoryRange::ALL, GenreTree::get()),
            ListeningReport::of(&reordered, HistoryRange::ALL, GenreTree::get())
        );
    }

    #[test]
    fn every_breakdown_adds_up_to_the_totals(rows in arbitrary_rows(), from in 0..400i64, days in 0..400i64) {
        let first = Day::from_epoch_day(Day::parse("2023-06-01").unwrap().epoch_day() + from).unwrap();
        let last = Day::from_epoch_day(first.epoch_day() + days).unwrap();
        let range = HistoryRange::new(Some(first), Some(last)).unwrap();
        let report = ListeningReport::of(&rows, range, GenreTree::get());
        let inside: Vec<&ListenedHour> = rows.hours.iter().filter(|hour| range.holds(hour.hour)).collect();
        let totals = &report.totals;
        prop_assert_eq!(totals.plays, inside.iter().map(|hour| u64::from(hour.plays)).sum::<u64>());
        for periods in [&report.days, &report.weeks, &report.months, &report.years] {
            prop_assert_eq!(periods.iter().map(|p| p.plays).sum::<u64>(), totals.plays);
            prop_assert_eq!(periods.iter().map(|p| p.ms).sum::<u64>(), totals.ms);
            prop_assert_eq!(periods.iter().map(|p| p.episode_ms).sum::<u64>(), totals.episode_ms);
        }
        prop_assert_eq!(report.hours_of_week.iter().map(|c| c.plays).sum::<u64>(), totals.plays);
        prop_assert_eq!(report.skips_by_hour.iter().map(|h| h.skips).sum::<u64>(), totals.skips);
        prop_assert!(report.days.iter().all(|day| Day::parse(&day.label).is_some_and(|d| d >= first && d <= last)));
        if let Some(longest) = report.streaks.longest {
            prop_assert!(longest.days <= totals.days_listened);
            prop_assert!(report.streaks.latest.is_some_and(|latest| latest.days <= longest.days));
        }
        prop_assert!(report.top_tracks.windows(2).all(|pair| pair[0].plays >= pair[1].plays));
        prop_assert!(report.skipped_tracks.iter().all(|entry| entry.plays >= MIN_PLAYS_FOR_SKIP_RATE && entry.skips > 0));
        prop_assert!(report.sessions.longest.len() <= LONGEST_SESSIONS);
        prop_assert!(report.sessions.longest.iter().all(|session| range.holds(session.started)));
        let discovered: u64 = report.discoveries.iter().map(|month| month.tracks).sum();
        prop_assert_eq!(discovered, rows.tracks.iter().filter(|t| t.first_played.is_some_and(|at| range.holds(at))).count() as u64);
    }
}
