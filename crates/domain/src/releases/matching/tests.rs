use proptest::prelude::*;

use super::artists::Credits;
use super::comparison::duration_likeness;
use super::spelling::similarity;
use super::title::NormalisedTitle;
use super::*;
use crate::releases::FeedArtist;

fn credit(name: &str) -> FeedArtist {
    FeedArtist { beatport_id: None, name: name.to_owned() }
}

fn release(title: &str, mix: Option<&str>, artists: &[&str], length_s: Option<u32>) -> FeedTrack {
    FeedTrack {
        length_ms: length_s.map(|seconds| seconds * 1000),
        ..FeedTrack::new(title, mix, artists.iter().copied().map(credit).collect())
    }
}

fn candidate(title: &str, artists: &[&str], duration_s: u32) -> SpotifyCandidate {
    SpotifyCandidate {
        spotify_id: SpotifyId::parse("4uLU6hMCjMI75M1A2tKUQC").unwrap(),
        title: title.to_owned(),
        artists: artists.iter().copied().map(str::to_owned).collect(),
        duration_ms: duration_s * 1000,
        isrc: None,
        release_date: None,
    }
}

fn elevate(mix: Option<&str>) -> FeedTrack {
    release("Elevate", mix, &["Above & Beyond"], Some(412))
}

fn verdict_of(track: &FeedTrack, candidate: SpotifyCandidate) -> MatchVerdict {
    match_fuzzy(track, &[candidate]).unwrap().verdict
}

fn isrc(code: &str) -> Option<Isrc> {
    Some(Isrc::parse(code).unwrap())
}

#[test]
fn original_mix_matches_the_title_alone_or_with_original_mix() {
    let track = elevate(Some("Original Mix"));
    for title in ["Elevate", "Elevate - Original Mix", "Elevate (Original Mix)"] {
        let proposal = match_fuzzy(&track, &[candidate(title, &["Above & Beyond"], 412)]).unwrap();
        assert_eq!(proposal.verdict, MatchVerdict::Accepted, "{title}");
        assert_eq!(proposal.confidence, 1.0, "{title}");
        assert_eq!(proposal.method, MatchMethod::Fuzzy);
    }
}

#[test]
fn extended_mix_matches_only_the_extended_mix() {
    let track = elevate(Some("Extended Mix"));
    for title in ["Elevate - Extended Mix", "Elevate (Extended Version)", "ELEVATE [Extended]"] {
        assert_eq!(verdict_of(&track, candidate(title, &["Above & Beyond"], 412)), MatchVerdict::Accepted, "{title}");
    }
    assert_eq!(verdict_of(&track, candidate("Elevate", &["Above & Beyond"], 412)), MatchVerdict::Rejected);
    assert_eq!(
        verdict_of(&track, candidate("Elevate - Original Mix", &["Above & Beyond"], 412)),
        MatchVerdict::Rejected
    );
}

#[test]
fn a_remix_matches_whatever_the_accents_and_brackets() {
    let mut track = elevate(Some("Kölsch Remix"));
    track.remixers = vec![credit("Kölsch")];
    for title in ["Elevate - Kolsch Remix", "Elevate (Kölsch Remix)", "Elevate (feat. Zoë Johnston) [KÖLSCH REMIX]"]
    {
        let candidate = candidate(title, &["Above & Beyond", "Kölsch"], 412);
        assert_eq!(verdict_of(&track, candidate), MatchVerdict::Accepted, "{title}");
    }
}

#[test]
fn other_versions_are_rejected() {
    let artists = &["Above & Beyond"];
    let cases = [
        (Some("Dub Mix"), "Elevate"),
        (None, "Elevate - Dub Mix"),
        (Some("Kölsch Remix"), "Elevate - Tale Of Us Remix"),
        (Some("Kölsch Remix"), "Elevate"),
        (Some("Original Mix"), "Elevate - Live at Wembley"),
        (Some("VIP"), "Elevate - Acoustic"),
        (Some("Radio Edit"), "Elevate - Instrumental"),
        (None, "Elevate - Mixed"),
    ];
    for (mix, title) in cases {
        let score = match_score(&elevate(mix), &candidate(title, artists, 412));
        assert_eq!(score.title, 0.0, "{mix:?} against {title}");
        assert_eq!(verdict_of(&elevate(mix), candidate(title, artists, 412)), MatchVerdict::Rejected);
    }
}

#[test]
fn radio_edits_remasters_and_mono_are_the_same_recording() {
    let plain = NormalisedTitle::read("Elevate", None);
    for title in [
        "Elevate - Radio Edit",
        "Elevate (Remastered 2011)",
        "Elevate - 2011 Remaster",
        "Elevate [Mono]",
        "Elevate - Single Version",
        "Elevate (Original Radio Edit)",
    ] {
        assert_eq!(plain.likeness(&NormalisedTitle::read(title, None)), 1.0, "{title}");
    }
    assert_eq!(plain.likeness(&NormalisedTitle::read("Elevate", Some("Radio Edit"))), 1.0);
}

#[test]
fn subtitles_stay_in_the_name() {
    let title = NormalisedTitle::read("Elevate (Love Theme) - Extended Mix", None);
    assert_eq!(title.readable, "Elevate (Love Theme)");
    assert!(title.likeness(&NormalisedTitle::read("Elevate", Some("Extended Mix"))) < 0.5);
}

#[test]
fn featured_artists_may_be_written_on_either_side() {
    let in_title = release("Elevate (feat. Zoë Johnston)", None, &["Above & Beyond"], Some(412));
    let in_artists = release("Elevate", None, &["Above & Beyond", "Zoe Johnston"], Some(412));
    let candidates = [
        candidate("Elevate", &["Above & Beyond", "Zoë Johnston"], 412),
        candidate("Elevate (feat. Zoë Johnston)", &["Above & Beyond"], 412),
        candidate("Elevate feat. Zoë Johnston", &["Above & Beyond"], 412),
        candidate("Elevate (with Zoë Johnston)", &["Above & Beyond", "Zoë Johnston"], 412),
        candidate("Elevate", &["Above & Beyond feat. Zoë Johnston"], 412),
    ];
    for track in [&in_title, &in_artists] {
        for candidate in &candidates {
            let score = match_score(track, candidate);
            assert_eq!((score.title, score.artists), (1.0, 1.0), "{} against {}", track.title, candidate.title);
        }
    }
}

#[test]
fn duos_match_as_one_credit_or_two() {
    let track = elevate(None);
    for artists in [&["Above & Beyond"][..], &["Above and Beyond"], &["Above", "Beyond"], &["ABOVE & BEYOND"]] {
        assert_eq!(match_score(&track, &candidate("Elevate", artists, 412)).artists, 1.0, "{artists:?}");
    }
    let chase = release("Baby", None, &["Chase & Status"], Some(200));
    assert_eq!(match_score(&chase, &candidate("Baby", &["Chase and Status"], 200)).artists, 1.0);
    assert_eq!(match_score(&chase, &candidate("Baby", &["Camelphat"], 200)).artists, 0.0);
    let split = release("Cola", None, &["CamelPhat", "Elderbrook"], Some(200));
    assert_eq!(match_score(&split, &candidate("Cola", &["Camelphat & Elderbrook"], 200)).artists, 1.0);
    assert_eq!(match_score(&split, &candidate("Cola", &["CamelPhat x Elderbrook"], 200)).artists, 1.0);
}

#[test]
fn a_remixer_credited_as_an_artist_does_not_count_against() {
    let mut track = elevate(Some("Kölsch Remix"));
    track.remixers = vec![credit("Kölsch")];
    let remixed = match_score(&track, &candidate("Elevate - Kölsch Remix", &["Above & Beyond", "Kolsch"], 412));
    assert_eq!(remixed.artists, 1.0);
    let unrelated = match_score(&track, &candidate("Elevate - Kölsch Remix", &["Above & Beyond", "Tiësto"], 412));
    assert!(unrelated.artists < 1.0);
}

#[test]
fn durations_a_few_seconds_apart_agree_and_half_a_minute_apart_do_not() {
    let track = elevate(None);
    let close = match_fuzzy(&track, &[candidate("Elevate", &["Above & Beyond"], 414)]).unwrap();
    assert_eq!((close.verdict, close.confidence), (MatchVerdict::Accepted, 1.0));
    let far = match_score(&track, &candidate("Elevate", &["Above & Beyond"], 442));
    assert_eq!(far.duration, 0.0);
    assert_eq!(verdict_of(&track, candidate("Elevate", &["Above & Beyond"], 442)), MatchVerdict::NeedsReview);
    assert_eq!(duration_likeness(412_000, 422_500), 0.5);
}

#[test]
fn a_missing_length_neither_helps_nor_hurts() {
    let track = release("Elevate", None, &["Above & Beyond"], None);
    let perfect = match_score(&track, &candidate("Elevate", &["Above & Beyond"], 412));
    assert_eq!((perfect.duration, perfect.total), (1.0, 1.0));
    let namesake = match_score(&track, &candidate("Elevate", &["Someone Else"], 412));
    assert_eq!(namesake.artists, 0.0);
    assert!((namesake.total - 0.5 / 0.8).abs() < 1e-12);
    assert!((namesake.duration - namesake.total).abs() < 1e-12);
}

#[test]
fn other_songs_by_the_same_artist_are_rejected() {
    let track = elevate(None);
    for title in ["Sun & Moon", "Thing Called Love", "Alone Tonight"] {
        assert_eq!(verdict_of(&track, candidate(title, &["Above & Beyond"], 412)), MatchVerdict::Rejected, "{title}");
    }
    assert_eq!(verdict_of(&track, candidate("Elevator", &["Above & Beyond"], 412)), MatchVerdict::NeedsReview);
    assert_eq!(verdict_of(&track, candidate("Elevate", &["Someone Else"], 412)), MatchVerdict::NeedsReview);
    assert_eq!(verdict_of(&track, candidate("Elevate", &["Someone Else"], 200)), MatchVerdict::Rejected);
}

#[test]
fn the_best_candidate_wins_and_ties_go_to_the_closer_length_then_the_first() {
    let track = elevate(None);
    assert_eq!(match_fuzzy(&track, &[]), None);
    let candidates = [
        candidate("Elevate - Dub", &["Above & Beyond"], 412),
        candidate("Elevate", &["Above & Beyond"], 414),
        candidate("Elevate", &["Above & Beyond"], 412),
        candidate("Elevate", &["Above & Beyond"], 412),
    ];
    assert_eq!(match_fuzzy(&track, &candidates).unwrap().candidate, 2);
    let no_length = release("Elevate", None, &["Above & Beyond"], None);
    assert_eq!(match_fuzzy(&no_length, &candidates).unwrap().candidate, 1);
}

#[test]
fn an_isrc_with_two_spotify_tracks_picks_the_closer_duration_then_the_closer_day() {
    let mut track = elevate(None);
    track.isrc = isrc("GBDUW1700001");
    track.release_date = Day::parse("2017-05-01");
    let on = |title: &str, seconds, code: &str, day: &str| SpotifyCandidate {
        isrc: isrc(code),
        release_date: Day::parse(day),
        ..candidate(title, &["Above & Beyond"], seconds)
    };
    let candidates = [
        on("Elevate", 412, "GBDUW1700002", "2017-05-01"),
        on("Elevate", 212, "GBDUW1700001", "2017-05-01"),
        on("Elevate", 413, "GBDUW1700001", "2019-01-01"),
        on("Elevate", 411, "GBDUW1700001", "2017-04-28"),
    ];
    let proposal = match_by_isrc(&track, &candidates).unwrap();
    assert_eq!(
        proposal,
        Proposal { candidate: 3, method: MatchMethod::Isrc, confidence: 1.0, verdict: MatchVerdict::Accepted }
    );
    assert_eq!(match_by_isrc(&track, &candidates[..3]).unwrap().candidate, 2);
    assert_eq!(match_by_isrc(&track, &candidates[..1]), None);
    track.isrc = None;
    assert_eq!(match_by_isrc(&track, &candidates), None);
}

#[test]
fn an_isrc_whose_title_disagrees_is_asked_about() {
    let mut track = elevate(Some("Extended Mix"));
    track.isrc = isrc("GBDUW1700001");
    let carrying = |title: &str| SpotifyCandidate { isrc: track.isrc.clone(), ..candidate(title, &["Someone"], 412) };
    let original = match_by_isrc(&track, &[carrying("Elevate")]).unwrap();
    assert_eq!((original.confidence, original.verdict), (0.7, MatchVerdict::NeedsReview));
    let extended = match_by_isrc(&track, &[carrying("Elevate - Extended Mix")]).unwrap();
    assert_eq!((extended.confidence, extended.verdict), (1.0, MatchVerdict::Accepted));
}

#[test]
fn search_terms_leave_out_featured_artists_and_versions() {
    let track = release("Elevate (feat. Zoë Johnston)", Some("Extended Mix"), &["Above & Beyond", "Zoë"], None);
    assert_eq!(fuzzy_search_terms(&track), ("Elevate".to_owned(), "Above & Beyond".to_owned()));
    let track = release("Higher  (Love Theme) - Radio Edit ft. X", None, &[], None);
    assert_eq!(fuzzy_search_terms(&track), ("Higher (Love Theme)".to_owned(), String::new()));
}

#[test]
fn similarity_is_one_minus_the_edit_distance_over_the_longer_length() {
    assert_eq!(similarity("kitten", "sitting"), 1.0 - 3.0 / 7.0);
    assert_eq!(similarity("", ""), 1.0);
    assert_eq!(similarity("abc", ""), 0.0);
    assert_eq!(similarity("kölsch", "kölsch"), 1.0);
}

/// Words that carry no meaning for matching, so the generated titles and names keep clear of them.
const RESERVED: [&str; 31] = [
    "acapella",
    "acoustic",
    "album",
    "and",
    "bootleg",
    "club",
    "dub",
    "edit",
    "explicit",
    "extended",
    "feat",
    "featuring",
    "flip",
    "instrumental",
    "live",
    "main",
    "mix",
    "mono",
    "original",
    "radio",
    "refix",
    "remaster",
    "remix",
    "reprise",
    "rework",
    "rmx",
    "stereo",
    "version",
    "vip",
    "with",
    "single",
];

fn word() -> impl Strategy<Value = String> {
    "[a-z]{3,8}".prop_filter("a reserved word", |word| !RESERVED.contains(&word.as_str()))
}

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..=3).prop_map(|words| words.join(" "))
}

/// Changes the case of some letters and puts accents on others; folding undoes both.
fn decorate(text: &str, choices: &[u8]) -> String {
    let accented = |c: char| match c {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ö',
        'u' => 'ü',
        'c' => 'ç',
        'n' => 'ñ',
        other => other,
    };
    text.chars()
        .zip(choices.iter().cycle())
        .map(|(c, choice)| match choice {
            1 => c.to_ascii_uppercase(),
            2 => accented(c),
            3 => accented(c).to_uppercase().next().unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Mixes by kind: any two in one kind are the same version, any two from different kinds are not.
const VERSIONS: [&[Option<&str>]; 9] = [
    &[None, Some("Original Mix"), Some("Radio Edit"), Some("Remastered 2011")],
    &[Some("Extended Mix"), Some("Extended Version"), Some("Extended")],
    &[Some("Dub Mix"), Some("Dub")],
    &[Some("Kölsch Remix"), Some("Kolsch Remix"), Some("Kölsch Rmx")],
    &[Some("Tale Of Us Remix")],
    &[Some("Live")],
    &[Some("Acoustic Version")],
    &[Some("VIP"), Some("VIP Mix")],
    &[Some("Club Mix")],
];

#[derive(Clone, Debug)]
struct Pair {
    track: FeedTrack,
    candidate: SpotifyCandidate,
}

/// A release and a Spotify track written from it: the same title, artists and length (give or take two seconds),
/// its version written Spotify's way (one of the same kind as `version`), with the case and accents changed, a
/// featured artist credited in the title or among the artists on either side, and the artists maybe in one credit.
fn release_and_its_spotify_track(version: usize, spotify_version: usize) -> impl Strategy<Value = Pair> {
    (
        name(),
        prop::collection::vec(name(), 1..=3),
        proptest::option::of(name()),
        120u32..900,
        -2000i32..=2000,
        0usize..4,
        0usize..4,
        prop::collection::vec(0u8..4, 1..16),
        0u8..4,
        any::<(bool, bool, bool)>(),
    )
        .prop_map(move |(title, artists, featured, length_s, offset_ms, mine, theirs, choices, shape, flags)| {
            let (featured_in_release_title, featured_in_spotify_title, one_credit) = flags;
            let mix = VERSIONS[version][mine % VERSIONS[version].len()];
            let spotify_mix = VERSIONS[spotify_version][theirs % VERSIONS[spotify_version].len()];
            let mut track = release(&title, mix, &[], Some(length_s));
            track.artists = artists.iter().map(|name| credit(name)).collect();
            let mut spotify_title = decorate(&title, &choices);
            let mut spotify_artists: Vec<String> = artists.iter().map(|name| decorate(name, &choices)).collect();
            if one_credit {
                spotify_artists = vec![spotify_artists.join(" & ")];
            }
            if let Some(featured) = &featured {
                if featured_in_release_title {
                    track.title = format!("{title} (feat. {featured})");
                } else {
                    track.artists.push(credit(featured));
                }
                if featured_in_spotify_title {
                    spotify_title = format!("{spotify_title} (ft. {})", decorate(featured, &choices));
                } else {
                    spotify_artists.push(featured.to_uppercase());
                }
            }
            if let Some(spotify_mix) = spotify_mix {
                let spotify_mix = decorate(spotify_mix, &choices);
                spotify_title = match shape {
                    0 => format!("{spotify_title} - {spotify_mix}"),
                    1 => format!("{spotify_title} ({spotify_mix})"),
                    _ => format!("{spotify_title} [{spotify_mix}]"),
                };
            }
            let isrc = isrc("NLF711500001");
            track.isrc = isrc.clone();
            let length_ms = length_s * 1000;
            let candidate = SpotifyCandidate {
                artists: spotify_artists,
                isrc,
                duration_ms: length_ms.saturating_add_signed(offset_ms),
                ..candidate(&spotify_title, &[], 0)
            };
            Pair { track, candidate }
        })
}

fn any_version() -> impl Strategy<Value = usize> {
    0..VERSIONS.len()
}

fn any_candidate() -> impl Strategy<Value = SpotifyCandidate> {
    (name(), prop::collection::vec(name(), 1..=2), 60u32..900).prop_map(|(title, artists, seconds)| {
        let artists: Vec<&str> = artists.iter().map(String::as_str).collect();
        candidate(&title, &artists, seconds)
    })
}

proptest! {
    #[test]
    fn a_release_written_spotify_s_way_is_accepted(
        pair in any_version().prop_flat_map(|version| release_and_its_spotify_track(version, version)),
    ) {
        let fuzzy = match_fuzzy(&pair.track, std::slice::from_ref(&pair.candidate)).unwrap();
        prop_assert_eq!(fuzzy.verdict, MatchVerdict::Accepted, "{:?}", match_score(&pair.track, &pair.candidate));
        prop_assert!(fuzzy.confidence >= ACCEPT_AT);
        let by_isrc = match_by_isrc(&pair.track, std::slice::from_ref(&pair.candidate)).unwrap();
        prop_assert_eq!((by_isrc.confidence, by_isrc.verdict), (1.0, MatchVerdict::Accepted));
    }

    #[test]
    fn another_version_is_never_accepted(
        pair in (any_version(), any_version())
            .prop_filter("two kinds", |(mine, theirs)| mine != theirs)
            .prop_flat_map(|(mine, theirs)| release_and_its_spotify_track(mine, theirs)),
    ) {
        let candidates = std::slice::from_ref(&pair.candidate);
        prop_assert_eq!(match_fuzzy(&pair.track, candidates).unwrap().verdict, MatchVerdict::Rejected);
        prop_assert_ne!(match_by_isrc(&pair.track, candidates).unwrap().verdict, MatchVerdict::Accepted);
    }

    #[test]
    fn scores_stay_between_zero_and_one(
        title in ".{0,30}",
        mix in proptest::option::of(".{0,15}"),
        artists in prop::collection::vec(".{0,20}", 0..3),
        length_ms in proptest::option::of(any::<u32>()),
        spotify_title in ".{0,40}",
        spotify_artists in prop::collection::vec(".{0,20}", 0..3),
        duration_ms in any::<u32>(),
    ) {
        let artists: Vec<&str> = artists.iter().map(String::as_str).collect();
        let mut track = release(&title, mix.as_deref(), &artists, None);
        track.length_ms = length_ms;
        let spotify_artists: Vec<&str> = spotify_artists.iter().map(String::as_str).collect();
        let candidate = SpotifyCandidate { duration_ms, ..candidate(&spotify_title, &spotify_artists, 0) };
        let score = match_score(&track, &candidate);
        for part in [score.title, score.artists, score.duration, score.total] {
            prop_assert!((0.0..=1.0).contains(&part), "{:?}", score);
        }
    }

    #[test]
    fn likeness_does_not_depend_on_which_side_is_which(
        a in ".{0,30}",
        b in ".{0,30}",
        a_names in prop::collection::vec(".{0,20}", 0..3),
        b_names in prop::collection::vec(".{0,20}", 0..3),
        a_ms in any::<u32>(),
        b_ms in any::<u32>(),
    ) {
        prop_assert_eq!(similarity(&a, &b), similarity(&b, &a));
        let (a_title, b_title) = (NormalisedTitle::read(&a, None), NormalisedTitle::read(&b, None));
        prop_assert_eq!(a_title.likeness(&b_title), b_title.likeness(&a_title));
        let a_credits = Credits::new(a_names.iter().map(String::as_str));
        let b_credits = Credits::new(b_names.iter().map(String::as_str));
        prop_assert_eq!(a_credits.likeness(&b_credits), b_credits.likeness(&a_credits));
        prop_assert_eq!(duration_likeness(a_ms, b_ms), duration_likeness(b_ms, a_ms));
    }

    #[test]
    fn more_candidates_never_lower_the_choice(
        pair in any_version().prop_flat_map(|version| release_and_its_spotify_track(version, version)),
        others in prop::collection::vec(any_candidate(), 0..4),
        more in prop::collection::vec(any_candidate(), 1..4),
    ) {
        let mut candidates = others;
        candidates.push(pair.candidate);
        let chosen = match_fuzzy(&pair.track, &candidates).unwrap().confidence;
        let appended: Vec<_> = candidates.iter().chain(&more).cloned().collect();
        let prepended: Vec<_> = more.iter().chain(&candidates).cloned().collect();
        for widened in [appended, prepended] {
            let proposal = match_fuzzy(&pair.track, &widened).unwrap();
            prop_assert!(proposal.confidence >= chosen);
            prop_assert_eq!(match_score(&pair.track, &widened[proposal.candidate]).total, proposal.confidence);
        }
    }
}
