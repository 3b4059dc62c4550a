use proptest::prelude::*;

use super::*;
use crate::link::query_pairs;

/// The parameters of a query string with these pairs (the last of a repeated key wins, as in a router's query map).
fn params<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> TracksParams {
    TracksParams::read(|wanted| {
        pairs.iter().rev().find(|(key, _)| key.as_ref() == wanted).map(|(_, value)| value.as_ref().to_owned())
    })
}

fn parse(pairs: &[(&str, &str)]) -> Result<TracksQuery, QueryProblem> {
    TracksQuery::parse(&params(pairs))
}

fn field_of(problem: QueryProblem) -> (String, String) {
    (problem.field, problem.message)
}

#[test]
fn an_empty_query_is_every_track_newest_first() {
    let query = parse(&[]).unwrap();
    assert_eq!(query, TracksQuery::default());
    assert_eq!((query.sort, query.direction, query.page), (TrackColumn::Added, SortDirection::Descending, 1));
    assert!(!query.is_filtered());
    assert_eq!(query.href(), "/library");
}

#[test]
fn every_column_sorts_both_ways() {
    for column in TrackColumn::ALL {
        for (dir, direction) in [("asc", SortDirection::Ascending), ("desc", SortDirection::Descending)] {
            let query = parse(&[("sort", column.key()), ("dir", dir)]).unwrap();
            assert_eq!((query.sort, query.direction), (column, direction));
        }
    }
}

#[test]
fn unknown_sorts_and_directions_fall_back_to_defaults() {
    let query = parse(&[("sort", "title; DROP TABLE tracks"), ("dir", "sideways")]).unwrap();
    assert_eq!((query.sort, query.direction), (TrackColumn::Added, SortDirection::Descending));
    let query = parse(&[("sort", "album"), ("dir", "DESC")]).unwrap();
    assert_eq!((query.sort, query.direction), (TrackColumn::Album, SortDirection::Ascending));
}

#[test]
fn sources_are_read_and_unknown_ones_mean_all() {
    for source in SourceFilter::ALL {
        assert_eq!(parse(&[("source", source.key())]).unwrap().source, source);
    }
    assert_eq!(parse(&[("source", "radio")]).unwrap().source, SourceFilter::All);
    assert!(parse(&[("source", "history")]).unwrap().is_filtered());
}

#[test]
fn search_text_is_trimmed_and_limited() {
    assert_eq!(parse(&[("q", "  50% off  ")]).unwrap().search.as_deref(), Some("50% off"));
    assert_eq!(parse(&[("q", "   ")]).unwrap().search, None);
    let longest = "é".repeat(MAX_SEARCH_CHARS);
    assert_eq!(parse(&[("q", &longest)]).unwrap().search, Some(longest.clone()));
    let (field, message) = field_of(parse(&[("q", &format!("{longest}x"))]).unwrap_err());
    assert_eq!(field, "q");
    assert!(message.contains("too long"), "{message}");
}

#[test]
fn added_dates_are_checked_and_named_when_wrong() {
    let query = parse(&[("added_from", "2024-01-01"), ("added_to", "2024-01-31")]).unwrap();
    assert_eq!(query.added_from, Day::parse("2024-01-01"));
    assert_eq!(query.added_to, Day::parse("2024-01-31"));
    assert!(query.is_filtered());
    assert_eq!(parse(&[("added_from", ""), ("added_to", " ")]).unwrap().added_from, None);

    let (field, message) = field_of(parse(&[("added_from", "31/01/2024")]).unwrap_err());
    assert_eq!(field, "added_from");
    assert!(message.contains("Added from") && message.contains("YYYY-MM-DD"), "{message}");
    let (field, message) = field_of(parse(&[("added_to", "2024-02-30")]).unwrap_err());
    assert_eq!(field, "added_to");
    assert!(message.contains("Added to"), "{message}");
}

#[test]
fn a_range_that_ends_before_it_starts_is_refused() {
    let (field, _) = field_of(parse(&[("added_from", "2024-02-01"), ("added_to", "2024-01-31")]).unwrap_err());
    assert_eq!(field, "added_to");
    assert!(parse(&[("added_from", "2024-02-01"), ("added_to", "2024-02-01")]).is_ok(), "one day is a range");
}

#[test]
fn links_leave_defaults_out_and_encode_values() {
    let query = parse(&[("q", "50% off & more"), ("source", "liked"), ("sort", "title"), ("dir", "asc")]).unwrap();
    assert_eq!(query.href(), "/library?q=50%25+off+%26+more&source=liked&sort=title&dir=asc");
    assert_eq!(query.at_page(3).href(), "/library?q=50%25+off+%26+more&source=liked&sort=title&dir=asc&page=3");
    assert_eq!(query.at_page(0).page, 1);
}

#[test]
fn a_link_reads_back_as_the_same_query() {
    let query = parse(&[
        ("q", "Ætt/Ö? #1+2=3"),
        ("source", "history"),
        ("added_from", "2023-05-01"),
        ("added_to", "2023-06-30"),
        ("sort", "plays"),
        ("dir", "asc"),
        ("page", "4"),
    ])
    .unwrap();
    assert_eq!(TracksQuery::parse(&params(&query_pairs(&query.href()))).unwrap(), query);
}

#[test]
fn a_header_sorts_by_its_column_then_reverses() {
    let query = parse(&[("q", "love"), ("page", "5")]).unwrap();
    let by_title = query.sorted_by(TrackColumn::Title);
    assert_eq!((by_title.sort, by_title.direction, by_title.page), (TrackColumn::Title, SortDirection::Ascending, 1));
    assert_eq!(by_title.search.as_deref(), Some("love"), "filters stay");
    let reversed = by_title.sorted_by(TrackColumn::Title);
    assert_eq!(reversed.direction, SortDirection::Descending);
    assert_eq!(query.sorted_by(TrackColumn::Added).direction, SortDirection::Ascending, "added was newest first");
    assert_eq!(query.sorted_by(TrackColumn::Plays).direction, SortDirection::Descending);
}

#[test]
fn clearing_filters_keeps_the_order() {
    let query = parse(&[("q", "x"), ("source", "liked"), ("added_from", "2024-01-01"), ("sort", "album")]).unwrap();
    let cleared = query.without_filters();
    assert!(!cleared.is_filtered());
    assert_eq!(cleared.href(), "/library?sort=album&dir=asc");
}

#[test]
fn a_refused_value_leaves_the_rest_of_the_query_as_asked() {
    let (query, problem) = TracksQuery::understood(&params(&[
        ("q", "love"),
        ("added_from", "yesterday"),
        ("source", "liked"),
        ("sort", "plays"),
    ]));
    assert_eq!(problem.map(|p| p.field).as_deref(), Some("added_from"));
    assert_eq!(query.search.as_deref(), Some("love"));
    assert_eq!((query.source, query.sort, query.added_from), (SourceFilter::Liked, TrackColumn::Plays, None));
    let too_long = "x".repeat(MAX_SEARCH_CHARS + 5);
    let (query, problem) = TracksQuery::understood(&params(&[("q", too_long.as_str())]));
    assert_eq!(problem.map(|p| p.field).as_deref(), Some("q"));
    assert_eq!(query.search.map(|s| s.chars().count()), Some(MAX_SEARCH_CHARS));
}

fn any_query() -> impl Strategy<Value = TracksQuery> {
    let day = (1000_u16..=9999, 1_u8..=12, 1_u8..=28)
        .prop_map(|(y, m, d)| Day::parse(&format!("{y:04}-{m:02}-{d:02}")).unwrap());
    (
        proptest::option::of(
            "[^\\u{0}]{1,30}".prop_map(|s: String| s.trim().to_owned()).prop_filter("blank", |s| !s.is_empty()),
        ),
        proptest::sample::select(SourceFilter::ALL.to_vec()),
        proptest::option::of(day.clone()),
        proptest::option::of(day),
        proptest::sample::select(TrackColumn::ALL.to_vec()),
        any::<bool>(),
        1_u32..=MAX_PAGE,
    )
        .prop_map(|(search, source, from, to, sort, ascending, page)| {
            let (added_from, added_to) = match (from, to) {
                (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
                other => other,
            };
            let direction = if ascending { SortDirection::Ascending } else { SortDirection::Descending };
            TracksQuery { search, source, added_from, added_to, sort, direction, page }
        })
}

proptest! {
    #[test]
    fn every_query_reads_back_from_its_link(query in any_query()) {
        prop_assert_eq!(TracksQuery::parse(&params(&query_pairs(&query.href()))), Ok(query));
    }

    #[test]
    fn reading_any_text_never_panics_and_agrees_with_understood(
        q in proptest::option::of(".{0,220}"),
        day in proptest::option::of(".{0,12}"),
        sort in proptest::option::of(".{0,8}"),
        page in proptest::option::of(".{0,8}"),
    ) {
        let params = TracksParams { q, added_from: day, sort, page, ..TracksParams::default() };
        let (query, problem) = TracksQuery::understood(&params);
        match TracksQuery::parse(&params) {
            Ok(parsed) => { prop_assert!(problem.is_none()); prop_assert_eq!(parsed, query); }
            Err(refused) => prop_assert_eq!(Some(refused), problem),
        }
    }
}
