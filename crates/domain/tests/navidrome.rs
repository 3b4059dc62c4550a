//! Navidrome's smart playlists (`.nsp`) import onto Crossfade's rules: what carries over becomes the same rule, and
//! what has no equivalent is reported with its path in the file. The files under tests/nsp are written after the
//! examples Navidrome's users share, in the shapes Navidrome reads (mixed-case operators and fields, nested groups,
//! several sort keys with `+`/`-`, `order` flipping them).

use crossfade_domain::{NavidromeImport, RuleContext, RuleTrack, SmartRules};
use serde_json::json;

fn import(text: &str) -> NavidromeImport {
    NavidromeImport::parse(text).unwrap()
}

fn left_out(import: &NavidromeImport) -> Vec<(&str, &str)> {
    import.left_out.iter().map(|problem| (problem.path.as_str(), problem.message.as_str())).collect()
}

fn expected(rule: serde_json::Value) -> SmartRules {
    SmartRules::from_json(&rule).unwrap()
}

#[test]
fn recently_played_carries_over_whole() {
    let import = import(include_str!("nsp/played-this-month.nsp"));
    assert_eq!(import.name.as_deref(), Some("Played This Month"));
    assert_eq!(import.comment.as_deref(), Some("What I listened to in the last four weeks"));
    assert!(import.left_out.is_empty(), "{:?}", import.left_out);
    assert_eq!(
        import.rules,
        expected(json!({
            "sets": [{
                "sources": ["library"],
                "match": {"all": [{"field": "last_played", "op": "in_last", "value": {"count": 28, "unit": "days"}}]},
                "sort": [{"field": "last_played", "order": "desc"}]
            }],
            "limit": {"items": 150}
        }))
    );
}

#[test]
fn nested_groups_loved_and_ranges() {
    let import = import(include_str!("nsp/nineties-favourites.nsp"));
    assert!(import.left_out.is_empty(), "{:?}", import.left_out);
    assert_eq!(
        import.rules,
        expected(json!({
            "sets": [{
                "match": {"all": [
                    {"any": [
                        {"field": "liked", "op": "is_present"},
                        {"field": "plays", "op": "gt", "value": 10}
                    ]},
                    {"field": "release_year", "op": "between", "value": [1990, 1999]}
                ]},
                "sort": [{"field": "release_year", "order": "desc"}, {"field": "title", "order": "asc"}]
            }],
            "limit": {"items": 40}
        }))
    );
}

#[test]
fn genre_text_becomes_genres_of_the_hierarchy() {
    let import = import(include_str!("nsp/house-not-heard.nsp"));
    assert!(import.left_out.is_empty(), "{:?}", import.left_out);
    let set = &import.rules.sets[0];
    assert_eq!(set.order, crossfade_domain::Order::Random);
    let json = import.rules.to_json();
    let conditions = json["sets"][0]["match"]["all"].as_array().unwrap();
    assert_eq!(conditions[0]["field"], "genres");
    assert_eq!(conditions[0]["op"], "any_of");
    let genres: Vec<&str> =
        conditions[0]["value"].as_array().unwrap().iter().map(|genre| genre.as_str().unwrap()).collect();
    assert!(genres.contains(&"house") && genres.contains(&"deep-house"), "{genres:?}");
    assert_eq!(conditions[1]["op"], "none_of");
    assert_eq!(
        conditions[2],
        json!({"field": "last_played", "op": "not_in_last", "value": {"count": 60, "unit": "days"}})
    );
    assert_eq!(conditions[3], json!({"field": "tempo", "op": "gt", "value": 118}));
    assert_eq!(conditions[4], json!({"field": "tempo", "op": "lt", "value": 130}));
    assert_eq!(conditions[5], json!({"field": "artists", "op": "none_of", "value": ["Various Artists"]}));
}

#[test]
fn what_has_no_equivalent_is_reported_where_it_is() {
    let import = import(include_str!("nsp/rated-flac.nsp"));
    let left = left_out(&import);
    let at = |path: &str| left.iter().find(|(found, _)| *found == path).map(|(_, message)| *message);
    assert!(at("$.all[0].gt.rating").unwrap().contains("no ratings"), "{left:?}");
    assert!(at("$.all[1].is.filetype").unwrap().contains("not files"));
    assert!(at("$.all[2].notinplaylist.id").unwrap().contains("Navidrome playlist"));
    assert!(at("$.offset").unwrap().contains("no equivalent"));
    assert!(at("$.sort").unwrap().contains("rating"));
    // What carries over: added after 2023-01-01 (Navidrome counts that day in) and the title's start; sorted by
    // date added, newest first.
    assert_eq!(
        import.rules,
        expected(json!({
            "sets": [{
                "match": {"all": [
                    {"field": "added", "op": "after", "value": "2022-12-31"},
                    {"field": "title", "op": "starts_with", "value": "The "}
                ]},
                "sort": [{"field": "added", "order": "desc"}]
            }],
            "limit": {"items": 100}
        }))
    );
}

#[test]
fn an_imported_rule_runs() {
    let import = import(include_str!("nsp/everything-shuffled.nsp"));
    assert!(import.left_out.is_empty(), "{:?}", import.left_out);
    let tracks: Vec<RuleTrack> =
        (0..5).map(|index| RuleTrack { id: format!("t{index}"), ..RuleTrack::default() }).collect();
    let evaluation = import.rules.prepare(&RuleContext::default()).evaluate(&tracks);
    assert_eq!(evaluation.tracks.len(), 5, "a play count above -1 holds for every track");
}

#[test]
fn files_that_are_not_smart_playlists_are_refused() {
    for (text, message) in
        [("[]", "one JSON object"), ("{\"sort\": \"title\"}", "needs `all` or `any`"), ("{\"all\": [", "not JSON")]
    {
        let problem = NavidromeImport::parse(text).unwrap_err();
        assert!(problem.message.contains(message), "{text}: {}", problem.message);
    }
}
