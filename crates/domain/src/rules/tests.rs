use proptest::prelude::*;
use serde_json::{Value, json};

use super::arbitrary::{self, NOW};
use super::*;
use crate::{AudioFeature, Calibration, Day, GenreTree, Key, Provider};

fn context() -> RuleContext {
    RuleContext { now: NOW, seed: 7, ..RuleContext::default() }
}

fn problems(rule: Value) -> Vec<(String, String)> {
    match SmartRules::from_json(&rule) {
        Ok(rules) => panic!("expected problems, got {rules:?}"),
        Err(RuleProblems(problems)) => problems.into_iter().map(|problem| (problem.path, problem.message)).collect(),
    }
}

fn track(id: &str) -> RuleTrack {
    RuleTrack {
        id: id.to_owned(),
        title: format!("Track {id}"),
        artist_ids: vec![format!("artist-{id}")],
        artists: vec![format!("Artist {id}")],
        duration_ms: Some(240_000),
        liked_at: Some(NOW - 100 * 86_400),
        added_at: Some(NOW - 100 * 86_400),
        ..RuleTrack::default()
    }
}

fn with_feature(mut track: RuleTrack, feature: AudioFeature, value: f32) -> RuleTrack {
    track.features[RuleTrack::feature_index(feature)] = Some((value, Provider::ReccoBeats));
    track.measured = vec![(Provider::ReccoBeats, track.features.map(|slot| slot.map(|(value, _)| value)))];
    track
}

fn ids(evaluation: &Evaluation) -> Vec<&str> {
    evaluation.tracks.iter().map(|placed| placed.id.as_str()).collect()
}

/// The rule the product's "done" example builds: energy above 0.7, not played in the last 30 days, at most 2 per
/// artist, 90 minutes, sorted by BPM.
fn example_rule() -> SmartRules {
    SmartRules::parse(
        r#"{
            "version": 1,
            "sets": [{
                "sources": ["library"],
                "match": {"all": [
                    {"field": "energy", "op": "gt", "value": 0.7},
                    {"field": "last_played", "op": "not_in_last", "value": {"count": 30, "unit": "days"}}
                ]},
                "sort": [{"field": "bpm", "order": "asc"}]
            }],
            "per_artist": 2,
            "limit": {"minutes": 90}
        }"#,
    )
    .unwrap()
}

#[test]
fn the_example_rule_picks_energetic_tracks_not_heard_lately_by_bpm() {
    let mut tracks = Vec::new();
    for (index, (energy, bpm, artist, last_played_days_ago)) in [
        (0.9, 128.0, "a", None),
        (0.8, 120.0, "a", Some(60)),
        (0.95, 125.0, "a", None),
        (0.75, 122.0, "b", Some(5)),
        (0.7, 100.0, "b", None),
        (0.85, 140.0, "c", None),
        (0.72, 90.0, "d", None),
    ]
    .into_iter()
    .enumerate()
    {
        let mut each = with_feature(track(&format!("t{index}")), AudioFeature::Energy, energy);
        each = with_feature(each, AudioFeature::Tempo, bpm);
        each.features[RuleTrack::feature_index(AudioFeature::Energy)] = Some((energy, Provider::ReccoBeats));
        each.artist_ids = vec![artist.to_owned()];
        if let Some(days) = last_played_days_ago {
            each.last_played_at = Some(NOW - days * 86_400);
            each.plays = 1;
        }
        tracks.push(each);
    }
    let evaluation = example_rule().prepare(&context()).evaluate(&tracks);
    // t4 has energy 0.7 (not above), t3 was played 5 days ago; "a" keeps its first two by BPM (t1 120, t2 125)
    // and loses t0 (128); 90 minutes hold 22 tracks of 4 minutes, so all four fit.
    assert_eq!(ids(&evaluation), ["t6", "t1", "t2", "t5"]);
    assert_eq!(evaluation.matched, 5);
    assert_eq!(evaluation.duration_ms(), 4 * 240_000);
}

#[test]
fn a_time_limit_stops_before_the_track_that_would_overflow_it() {
    let tracks: Vec<RuleTrack> = (0..30).map(|index| track(&format!("t{index:02}"))).collect();
    let mut rules = example_rule();
    rules.sets[0].matching = Node::All(Vec::new());
    rules.per_artist = None;
    let evaluation = rules.prepare(&context()).evaluate(&tracks);
    assert_eq!(evaluation.tracks.len(), 22, "22 × 4 minutes = 88 ≤ 90 < 92");
}

#[test]
fn the_first_matches_settle_the_playlist_once_its_limit_is_reached_among_them() {
    let tracks: Vec<RuleTrack> = (0..30).map(|index| track(&format!("t{index:02}"))).collect();
    let mut rules = example_rule();
    rules.sets[0].matching = Node::All(Vec::new());
    rules.per_artist = None;
    assert!(reads_first_matches(&rules));
    let all = rules.prepare(&context()).matches(&tracks).remove(0);
    // 22 tracks of 4 minutes fit in 90; the 23rd is the one that overflows, so it must have been read.
    assert!(!settled(&rules, &all[..22]));
    assert!(settled(&rules, &all[..23]));
    rules.limit = Some(Limit::Items(5));
    assert!(!settled(&rules, &all[..4]));
    assert!(settled(&rules, &all[..5]));
    // A shuffle, several sets and spacing artists each need every match.
    rules.sets[0].order = Order::Random;
    assert!(!reads_first_matches(&rules));
    rules.sets[0].order = Order::Keys(Vec::new());
    rules.separation = Some(2);
    assert!(!reads_first_matches(&rules));
    rules.separation = None;
    rules.sets.push(rules.sets[0].clone());
    assert!(!reads_first_matches(&rules));
}

#[test]
fn problems_name_the_json_path_of_the_node() {
    let found = problems(json!({
        "sets": [{
            "match": {"all": [
                {"field": "energy", "op": "gt", "value": 1.5},
                {"any": [{"field": "colour", "op": "is", "value": "red"}]},
                {"field": "title", "op": "gt", "value": "x"},
                {"field": "last_played", "op": "in_last", "value": {"count": 0, "unit": "days"}},
                {"field": "genres", "op": "any_of", "value": ["not-a-genre"]},
                {"field": "title", "op": "matches", "value": "\\bword"},
                {"field": "plays", "op": "gt", "value": 1, "window": {"count": 2, "unit": "fortnights"}}
            ]},
            "sort": [{"field": "genres"}],
            "limt": 3
        }]
    }));
    let at = |path: &str| {
        found
            .iter()
            .find(|(found, _)| found == path)
            .map(|(_, message)| message.clone())
            .unwrap_or_else(|| panic!("no problem at {path}: {found:?}"))
    };
    assert_eq!(at("$.sets[0].match.all[0].value"), "energy takes a number from 0 to 1");
    assert_eq!(at("$.sets[0].match.all[1].any[0].field"), "unknown field `colour`");
    assert!(at("$.sets[0].match.all[2].op").starts_with("title takes one of: is, contains"));
    assert!(at("$.sets[0].match.all[3].value.count").contains("at least 1"));
    assert_eq!(at("$.sets[0].match.all[4].value[0]"), "`not-a-genre` is not a genre Crossfade knows");
    assert!(at("$.sets[0].match.all[5].value").contains("word boundaries"));
    assert!(at("$.sets[0].match.all[6].window.unit").contains("days, weeks, months or years"));
    assert_eq!(at("$.sets[0].sort[0].field"), "tracks cannot be sorted by genres");
    assert!(at("$.sets[0].limt").starts_with("unknown key `limt`"));
}

#[test]
fn limits_on_size_are_enforced_where_they_are_crossed() {
    let mut deep = json!({"field": "plays", "op": "gt", "value": 1});
    for _ in 0..=MAX_DEPTH {
        deep = json!({"not": deep});
    }
    let found = problems(json!({"sets": [{"match": deep}]}));
    let path = format!("$.sets[0].match{}", ".not".repeat(MAX_DEPTH));
    assert_eq!(found, [(path, format!("groups nest at most {MAX_DEPTH} deep"))]);

    let many: Vec<Value> = (0..=MAX_CONDITIONS).map(|_| json!({"field": "plays", "op": "gt", "value": 1})).collect();
    let found = problems(json!({"sets": [{"match": {"any": many}}]}));
    assert_eq!(found[0].0, format!("$.sets[0].match.any[{MAX_CONDITIONS}]"));

    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let found = problems(json!({"sets": [{"match": {"field": "title", "op": "contains", "value": long}}]}));
    assert_eq!(found[0].0, "$.sets[0].match.value");

    let values: Vec<String> = (0..=MAX_LIST_VALUES).map(|index| format!("artist {index}")).collect();
    let found = problems(json!({"sets": [{"match": {"field": "artists", "op": "any_of", "value": values}}]}));
    assert!(found[0].1.contains("at most 100 values"));

    let huge = format!(
        "{{\"sets\": [{{\"match\": {{\"field\": \"title\", \"op\": \"is\", \"value\": \"{}\"}}}}]}}",
        "y".repeat(MAX_RULE_BYTES)
    );
    let Err(RuleProblems(found)) = SmartRules::parse(&huge) else { panic!("a huge rule was read") };
    assert!(found[0].message.contains("64 KiB"));
    let Err(RuleProblems(found)) = SmartRules::parse("{\"sets\": [") else { panic!("broken JSON was read") };
    assert!(found[0].message.starts_with("not JSON"), "{found:?}");
}

#[test]
fn negative_operators_hold_for_missing_values_and_others_do_not() {
    let unknown = track("t1");
    let condition = |op: &str, value: Value| {
        let rules = SmartRules::from_json(&json!({"sets": [{"match": {"field": "energy", "op": op, "value": value}}]}))
            .unwrap();
        rules.prepare(&context()).evaluate(std::slice::from_ref(&unknown)).tracks.len() == 1
    };
    assert!(!condition("eq", json!(0.5)));
    assert!(condition("ne", json!(0.5)));
    assert!(!condition("lt", json!(0.5)));
    assert!(!condition("between", json!([0, 1])));
    let never_played = |op: &str| {
        let rules = SmartRules::from_json(&json!({"sets": [{"match":
            {"field": "last_played", "op": op, "value": {"count": 1, "unit": "years"}}}]}))
        .unwrap();
        rules.prepare(&context()).evaluate(std::slice::from_ref(&unknown)).tracks.len() == 1
    };
    assert!(!never_played("in_last"));
    assert!(never_played("not_in_last"));
}

#[test]
fn genres_include_their_subgenres_and_keys_their_neighbours() {
    let tree = GenreTree::get();
    let mut deep = track("deep");
    deep.genres = vec![tree.parse_id("deep-house").unwrap()];
    deep.key = Key::parse("8A");
    let mut rock = track("rock");
    rock.genres = vec![tree.parse_id("rock").unwrap()];
    rock.key = Key::parse("3B");
    let library = [deep, rock];
    let matching = |condition: Value| {
        let rules =
            SmartRules::from_json(&json!({"sets": [{"match": condition, "sort": [{"field": "title"}]}]})).unwrap();
        ids(&rules.prepare(&context()).evaluate(&library)).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(matching(json!({"field": "genre", "op": "any_of", "value": ["house"]})), ["deep"]);
    assert_eq!(matching(json!({"field": "genre", "op": "any_of", "value": ["Electronic"]})), ["deep"]);
    assert_eq!(matching(json!({"field": "genre", "op": "none_of", "value": ["house"]})), ["rock"]);
    assert_eq!(matching(json!({"field": "genre", "op": "all_of", "value": ["house", "rock"]})), Vec::<String>::new());
    assert_eq!(matching(json!({"field": "key", "op": "harmonic_neighbour_of", "value": "9A"})), ["deep"]);
    assert_eq!(matching(json!({"field": "key", "op": "harmonic_neighbour_of", "value": "C major"})), ["deep"]);
    assert_eq!(matching(json!({"field": "key", "op": "harmonic_neighbour_of", "value": "10A"})), Vec::<String>::new());
    assert_eq!(matching(json!({"field": "mode", "op": "is", "value": "major"})), ["rock"]);
}

#[test]
fn text_is_compared_without_regard_to_case() {
    let mut one = track("one");
    one.title = "Été Indien".to_owned();
    one.artists = vec!["Joe Dassin".to_owned(), "Orchestre".to_owned()];
    let library = [one];
    let holds = |condition: Value| {
        let rules = SmartRules::from_json(&json!({"sets": [{"match": condition}]})).unwrap();
        rules.prepare(&context()).evaluate(&library).tracks.len() == 1
    };
    assert!(holds(json!({"field": "title", "op": "is", "value": "été indien"})));
    assert!(holds(json!({"field": "title", "op": "starts_with", "value": "ÉTÉ"})));
    assert!(holds(json!({"field": "title", "op": "matches", "value": "^été\\s+ind"})));
    assert!(holds(json!({"field": "artist", "op": "contains", "value": "dass"})));
    assert!(holds(json!({"field": "artist", "op": "any_of", "value": ["orchestre"]})));
    assert!(holds(json!({"field": "artist", "op": "all_of", "value": ["joe dassin", "ORCHESTRE"]})));
    assert!(!holds(json!({"field": "artist", "op": "all_of", "value": ["joe dassin", "someone"]})));
    assert!(!holds(json!({"field": "title", "op": "ends_with", "value": "été"})));
}

#[test]
fn dates_count_back_on_the_calendar() {
    // 2026-06-15T12:00Z less a month is 2026-05-15T12:00Z.
    let span = Span { count: 1, unit: SpanUnit::Months };
    assert_eq!(span.before(NOW), NOW - 31 * 86_400);
    assert_eq!(Span { count: 2, unit: SpanUnit::Weeks }.before(NOW), NOW - 14 * 86_400);
    let on = |day: &str| Day::parse(day).unwrap();
    let mut released = track("new");
    released.release_date = Some(on("2026-06-01"));
    let mut ahead = track("ahead");
    ahead.release_date = Some(on("2026-07-01"));
    let library = [released, ahead];
    let matching = |condition: Value| {
        let rules =
            SmartRules::from_json(&json!({"sets": [{"match": condition, "sort": [{"field": "title"}]}]})).unwrap();
        ids(&rules.prepare(&context()).evaluate(&library)).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let in_last = json!({"field": "release_date", "op": "in_last", "value": {"count": 1, "unit": "month"}});
    assert_eq!(matching(in_last), ["new"], "a release ahead of now is not in the last month");
    assert_eq!(matching(json!({"field": "release_date", "op": "after", "value": "2026-06-01"})), ["ahead"]);
    assert_eq!(matching(json!({"field": "release_date", "op": "before", "value": "2026-06-02"})), ["new"]);
    let between = json!({"field": "release_date", "op": "between", "value": ["2026-06-01", "2026-06-01"]});
    assert_eq!(matching(between), ["new"]);
}

#[test]
fn several_sets_alternate_and_duplicates_of_a_recording_go() {
    let mut tracks: Vec<RuleTrack> = (0..6).map(|index| track(&format!("t{index}"))).collect();
    tracks[1].isrc = Some("GBAAA0000001".to_owned());
    tracks[4].isrc = Some("GBAAA0000001".to_owned());
    for (index, each) in tracks.iter_mut().enumerate() {
        each.plays = u32::from(index >= 3);
    }
    let rules = SmartRules::from_json(&json!({
        "sets": [
            {"sources": ["library"], "match": {"field": "plays", "op": "eq", "value": 0}, "sort": [{"field": "title"}]},
            {"sources": ["history"], "sort": [{"field": "title", "order": "desc"}]}
        ],
        "combine": "alternate",
        "dedupe": "isrc"
    }))
    .unwrap();
    assert_eq!(ids(&rules.prepare(&context()).evaluate(&tracks)), ["t0", "t5", "t1", "t2", "t3"]);
}

#[test]
fn artists_are_spaced_where_the_tracks_allow() {
    let mut tracks: Vec<RuleTrack> = (0..6).map(|index| track(&format!("t{index}"))).collect();
    for (each, artist) in tracks.iter_mut().zip(["a", "a", "a", "b", "b", "c"]) {
        each.artist_ids = vec![artist.to_owned()];
    }
    let rules = SmartRules::from_json(&json!({
        "sets": [{"sort": [{"field": "title"}]}],
        "artist_separation": 1
    }))
    .unwrap();
    assert_eq!(ids(&rules.prepare(&context()).evaluate(&tracks)), ["t0", "t3", "t1", "t4", "t2", "t5"]);
}

#[test]
fn a_random_order_is_the_same_for_the_same_seed() {
    let tracks: Vec<RuleTrack> = (0..40).map(|index| track(&format!("t{index:02}"))).collect();
    let rules = SmartRules::from_json(&json!({"sets": [{"sort": "random"}]})).unwrap();
    let run = |seed| {
        let context = RuleContext { seed, ..context() };
        ids(&rules.prepare(&context).evaluate(&tracks)).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
    let mut sorted = run(3);
    sorted.sort();
    assert_eq!(sorted, tracks.iter().map(|track| track.id.clone()).collect::<Vec<_>>());
}

#[test]
fn the_preview_says_which_conditions_a_track_met() {
    let mut hit = with_feature(track("t1"), AudioFeature::Energy, 0.9);
    hit.plays = 0;
    let prepared = example_rule().prepare(&context());
    assert_eq!(prepared.met(&hit).unwrap(), ["Energy is above 0.7", "Last played is not in the last 30 days"]);
    assert_eq!(prepared.met(&track("t2")), None);
}

#[test]
fn smart_playlists_resolve_to_what_they_write_and_are_listed_as_references() {
    let rules = SmartRules::from_json(&json!({"sets": [{
        "sources": [{"smart_playlist": 4}],
        "match": {"field": "playlist", "op": "not_in_playlist", "value": {"smart_playlist": 9}}
    }]}))
    .unwrap();
    assert_eq!(rules.smart_references().into_iter().collect::<Vec<_>>(), [4, 9]);
    let mut listed = track("t1");
    listed.playlists = vec![arbitrary::PLAYLISTS[0].to_owned()];
    let mut context = context();
    assert!(rules.prepare(&context).evaluate(std::slice::from_ref(&listed)).tracks.is_empty(), "4 has no playlist yet");
    context.smart_playlists.insert(4, arbitrary::PLAYLISTS[0].to_owned());
    assert_eq!(rules.prepare(&context).evaluate(std::slice::from_ref(&listed)).tracks.len(), 1);
}

fn learned_calibration() -> CalibrationScale {
    // A provider that reads danceability 0.2 higher than the reference.
    let pairs = (0..200).map(|index| {
        let reference = f64::from(index) / 250.0;
        (reference + 0.2, reference)
    });
    let Calibration::Calibrated(mapping) = Calibration::learn(AudioFeature::Danceability, pairs) else {
        panic!("200 pairs calibrate");
    };
    CalibrationScale { provider: Provider::ReccoBeats, mapping }
}

#[test]
fn calibrated_conditions_compare_values_on_the_reference_scale() {
    let scale = learned_calibration();
    let context = RuleContext { calibrations: vec![scale], ..context() };
    let rules = |source: &str| {
        SmartRules::from_json(&json!({"sets": [{"match":
            {"field": "danceability", "op": "gt", "value": 0.5, "source": source}}]}))
        .unwrap()
    };
    let raw_0_6 = [with_feature(track("t1"), AudioFeature::Danceability, 0.6)];
    assert_eq!(rules("effective").prepare(&context).evaluate(&raw_0_6).tracks.len(), 1);
    assert_eq!(rules("calibrated").prepare(&context).evaluate(&raw_0_6).tracks.len(), 0, "0.6 is 0.4 calibrated");
    assert_eq!(rules("deezer").prepare(&context).evaluate(&raw_0_6).tracks.len(), 0, "Deezer gave no value");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rules_read_back_from_the_json_they_write(rules in arbitrary::rules()) {
        let text = rules.to_json_text();
        prop_assert_eq!(SmartRules::parse(&text), Ok(rules));
    }

    #[test]
    fn any_json_is_read_or_refused_with_paths_never_a_panic(value in json_value()) {
        match SmartRules::from_json(&json!({"sets": [{"match": value.clone()}]})) {
            Ok(_) => {}
            Err(RuleProblems(problems)) => {
                prop_assert!(!problems.is_empty());
                prop_assert!(problems.iter().all(|problem| problem.path.starts_with('$') && !problem.message.is_empty()));
            }
        }
        let _ = SmartRules::from_json(&value);
    }

    #[test]
    fn any_text_is_read_or_refused_never_a_panic(text in "\\PC{0,200}") {
        let _ = SmartRules::parse(&text);
        let _ = Pattern::parse(&text);
    }

    #[test]
    fn the_steps_after_matching_keep_their_promises(rules in arbitrary::rules(), library in arbitrary::library(30)) {
        let prepared = rules.prepare(&context());
        let evaluation = prepared.evaluate(&library);
        let by_id = |id: &str| library.iter().find(|track| track.id == id).unwrap();
        // Every track placed matched the set it came from, once.
        let mut seen = std::collections::HashSet::new();
        for placed in &evaluation.tracks {
            prop_assert!(prepared.sets[placed.set].admits(by_id(&placed.id)));
            prop_assert!(seen.insert(placed.id.clone()), "{} placed twice", placed.id);
        }
        if let Some(most) = rules.per_artist {
            let mut counts = std::collections::HashMap::new();
            for placed in &evaluation.tracks {
                *counts.entry(by_id(&placed.id).primary_artist()).or_insert(0u32) += 1;
            }
            prop_assert!(counts.values().all(|count| *count <= most));
        }
        match rules.limit {
            Some(Limit::Items(count)) => prop_assert!(evaluation.tracks.len() <= count as usize),
            Some(time) => prop_assert!(evaluation.duration_ms() <= time.milliseconds().unwrap()),
            None => {}
        }
        if rules.dedupe == Dedupe::Isrc {
            let isrcs: Vec<&String> = evaluation.tracks.iter().filter_map(|placed| by_id(&placed.id).isrc.as_ref()).collect();
            let distinct: std::collections::HashSet<_> = isrcs.iter().collect();
            prop_assert_eq!(isrcs.len(), distinct.len());
        }
        prop_assert!(evaluation.matched >= evaluation.tracks.len());
    }

    #[test]
    fn first_matches_that_settle_the_playlist_make_the_same_playlist_as_all_of_them(
        rules in arbitrary::rules(),
        library in arbitrary::library(30),
        seed in any::<u64>(),
    ) {
        let mut rules = rules;
        rules.sets.truncate(1);
        if rules.sets[0].order == Order::Random {
            rules.sets[0].order = Order::Keys(Vec::new());
        }
        rules.separation = None;
        if rules.limit.is_none() && rules.sets[0].limit.is_none() {
            rules.limit = Some(Limit::Items(3));
        }
        prop_assert!(reads_first_matches(&rules));
        let all = rules.prepare(&context()).matches(&library).remove(0);
        let whole = sequence(&rules, seed, vec![all.clone()]);
        for read in 0..=all.len() {
            if settled(&rules, &all[..read]) {
                prop_assert_eq!(sequence(&rules, seed, vec![all[..read].to_vec()]), whole.clone(), "settled after {}", read);
            }
        }
    }

    #[test]
    fn each_negative_operator_is_the_opposite_of_its_partner(condition in arbitrary::condition(), library in arbitrary::library(12)) {
        let Some(partner) = condition.op.negates() else { return Ok(()) };
        let positive = Condition { op: partner, ..condition.clone() };
        let holds = |condition: &Condition, track: &RuleTrack| {
            SmartRules::matching(Node::Condition(condition.clone())).prepare(&context()).sets[0].admits(track)
        };
        for track in &library {
            prop_assert_eq!(holds(&condition, track), !holds(&positive, track));
        }
    }

    #[test]
    fn calibrated_ranges_agree_with_mapping_each_value(raw in 0.0f32..=1.0, threshold in 0.0f64..=1.0, op in 0usize..4) {
        let scale = learned_calibration();
        let mapped = scale.mapping.map(f64::from(raw));
        let op = ["gt", "gte", "lt", "lte"][op];
        let expected = match op {
            "gt" => mapped > threshold,
            "gte" => mapped >= threshold,
            "lt" => mapped < threshold,
            _ => mapped <= threshold,
        };
        let rules = SmartRules::from_json(&json!({"sets": [{"match":
            {"field": "danceability", "op": op, "value": threshold, "source": "calibrated"}}]})).unwrap();
        let context = RuleContext { calibrations: vec![scale], ..context() };
        let library = [with_feature(track("t1"), AudioFeature::Danceability, raw)];
        prop_assert_eq!(rules.prepare(&context).evaluate(&library).tracks.len() == 1, expected);
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_filter("finite", |number| number.is_finite()).prop_map(|number| json!(number)),
        any::<i64>().prop_map(|number| json!(number)),
        prop::sample::select(vec![
            "field",
            "op",
            "value",
            "all",
            "any",
            "not",
            "energy",
            "gt",
            "between",
            "title",
            "matches",
            "in_last",
            "days",
            "genres",
            "any_of",
            "window",
            "source",
            "key",
            "8A",
            "2026-01-01",
            "(",
            "calibrated",
        ])
        .prop_map(|text| json!(text)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "field", "op", "value", "all", "any", "not", "count", "unit", "window", "source"
                ])
                .prop_map(str::to_owned),
                inner,
                0..4,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}
