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
        ("tag", "Rainy  Day"),
        ("label", "мелодия"),
        ("genre", "deep-house"),
        ("bpm_from", "120"),
        ("bpm_to", "128"),
        ("energy_from", "0.5"),
        ("valence_to", "0.25"),
        ("col_genre", "1"),
        ("col_bpm", "1"),
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

#[test]
fn optional_columns_are_read_in_table_order_and_written_once() {
    let query =
        parse(&[("col_label", "1"), ("col_bpm", "1"), ("col_key", "on"), ("col_energy", "0"), ("col_genre", "")])
            .unwrap();
    assert_eq!(query.columns, [ExtraColumn::Bpm, ExtraColumn::Key, ExtraColumn::Label]);
    assert!(query.shows(ExtraColumn::Key) && !query.shows(ExtraColumn::Energy));
    assert!(!query.is_filtered(), "columns do not narrow the table");
    assert_eq!(query.href(), "/library?col_bpm=1&col_key=1&col_label=1");
    let sorted = query.sorted_by(TrackColumn::Bpm);
    assert_eq!(sorted.href(), "/library?col_bpm=1&col_key=1&col_label=1&sort=bpm&dir=desc");
    assert_eq!(sorted.without_filters().columns, query.columns, "clearing filters keeps the columns");
    let unknown = TracksParams { columns: vec!["col_mood".to_owned()], ..TracksParams::default() };
    assert_eq!(TracksQuery::parse(&unknown).unwrap().columns, [], "an unknown column is left out");
}

#[test]
fn every_optional_column_names_its_sort_if_it_has_one() {
    for column in ExtraColumn::ALL {
        assert!(column.param().starts_with("col_"));
        if let Some(sort) = column.sort() {
            assert_eq!(sort.label(), column.label());
            assert!(!TrackColumn::ALWAYS.contains(&sort));
        }
    }
    assert_eq!(ExtraColumn::Key.sort(), None);
    assert_eq!(ExtraColumn::Genre.sort(), None);
    assert_eq!(TrackColumn::Label.first_direction(), SortDirection::Ascending, "labels read A to Z first");
    assert_eq!(TrackColumn::Bpm.first_direction(), SortDirection::Descending, "fastest first");
}

#[test]
fn tags_are_read_as_tags_are_written() {
    let query = parse(&[("tag", "  Rainy   DAY ")]).unwrap();
    assert_eq!(query.tag.as_ref().map(Tag::as_str), Some("rainy day"));
    assert!(query.is_filtered() && query.narrows_beyond_source());
    assert_eq!(query.href(), "/library?tag=rainy+day");
    assert_eq!(parse(&[("tag", "  ")]).unwrap().tag, None, "a form's empty field is no filter");
    let (field, message) = field_of(parse(&[("tag", "--")]).unwrap_err());
    assert_eq!(field, "tag");
    assert!(message.contains("“--”") && message.contains("letter or digit"), "{message}");
    let (field, message) = field_of(parse(&[("tag", &"x".repeat(500))]).unwrap_err());
    assert_eq!(field, "tag");
    assert!(message.chars().count() < 200, "a long value is not repeated whole: {message}");
}

#[test]
fn labels_are_read_by_key_or_by_name() {
    let by_key = parse(&[("label", "ninja-tune")]).unwrap();
    assert_eq!(by_key.label.as_ref().map(LabelKey::as_str), Some("ninja-tune"));
    let by_name = parse(&[("label", "Ninja Tune Records Ltd.")]).unwrap();
    assert_eq!(by_name.label, by_key.label);
    assert_eq!(by_name.href(), "/library?label=ninja-tune");
    // A label page links with its slug, percent-encoded where the key is not ASCII.
    let cyrillic = RecordLabel::parse("Мелодия").unwrap().key().clone();
    assert_eq!(parse(&[("label", &cyrillic.slug())]).unwrap().label.as_ref(), Some(&cyrillic));
    assert_eq!(parse(&[("label", "мелодия")]).unwrap().label.as_ref(), Some(&cyrillic));
    let (field, message) = field_of(parse(&[("label", "Not On Label")]).unwrap_err());
    assert_eq!(field, "label");
    assert!(message.contains("Not On Label"), "{message}");
}

#[test]
fn genres_are_read_by_slug_or_name_and_take_in_their_subgenres() {
    let house = parse(&[("genre", "house")]).unwrap();
    assert_eq!(house.genre.map(GenreId::as_str), Some("house"));
    let slugs = house.genre_slugs().unwrap();
    assert_eq!(slugs[0], "house", "the genre itself first");
    assert!(slugs.contains(&"deep-house") && slugs.contains(&"tech-house"), "{slugs:?}");
    assert!(!slugs.contains(&"techno"), "a sibling is not within house");
    assert_eq!(parse(&[("genre", "Deep House")]).unwrap().genre_slugs(), Some(vec!["deep-house"]));
    assert_eq!(TracksQuery::default().genre_slugs(), None);
    let (field, message) = field_of(parse(&[("genre", "no such sound")]).unwrap_err());
    assert_eq!(field, "genre");
    assert!(message.contains("no such sound"), "{message}");
    assert!(parse(&[("genre", "sad")]).is_err(), "a mood is a tag, not a genre");
}

#[test]
fn ranges_are_read_in_the_steps_the_table_shows() {
    let query =
        parse(&[("bpm_from", "120"), ("bpm_to", " 128 "), ("energy_from", "0.65"), ("valence_to", "1")]).unwrap();
    assert_eq!(query.bpm, MeasureRange { from: Some(120), to: Some(128) });
    assert_eq!(query.energy, MeasureRange { from: Some(65), to: None });
    assert_eq!(query.valence, MeasureRange { from: None, to: Some(100) });
    assert!(!query.danceability.narrows());
    assert!(query.narrows_beyond_source());
    assert_eq!(query.href(), "/library?bpm_from=120&bpm_to=128&energy_from=0.65&valence_to=1.00");

    for (field, text, expected) in [
        ("bpm_from", "fast", "“BPM from” must be a whole number from 1 to 300"),
        ("bpm_to", "0", "“BPM to” must be a whole number from 1 to 300"),
        ("bpm_from", "301", "whole number"),
        ("bpm_from", "120.5", "whole number"),
        ("energy_from", "65", "“Energy from” must be a number from 0 to 1"),
        ("danceability_to", "-0.1", "“Danceability to”"),
        ("valence_from", "NaN", "“Valence from”"),
        ("valence_to", "inf", "“Valence to”"),
    ] {
        let (refused, message) = field_of(parse(&[(field, text)]).unwrap_err());
        assert_eq!(refused, field, "{text}");
        assert!(message.contains(expected), "{message}");
    }
    let (field, message) = field_of(parse(&[("bpm_from", "130"), ("bpm_to", "120")]).unwrap_err());
    assert_eq!(field, "bpm_to");
    assert!(message.contains("swap"), "{message}");
    assert!(parse(&[("energy_from", "0.5"), ("energy_to", "0.5")]).is_ok(), "one step is a range");
}

#[test]
fn a_value_belongs_to_the_range_of_the_step_it_is_shown_as() {
    let bpm = RangeFilter::Bpm;
    assert_eq!(bpm.shown(127.5), "128");
    assert_eq!(bpm.shown(127.49), "127");
    assert_eq!(bpm.stored_bounds(MeasureRange { from: Some(128), to: Some(130) }), (Some(127.5), Some(130.5)));
    let energy = RangeFilter::Energy;
    assert_eq!(energy.shown(0.649), "0.65");
    assert_eq!(energy.shown(1.0), "1.00");
    assert_eq!(energy.shown(0.0), "0.00");
    let (low, high) = energy.stored_bounds(MeasureRange { from: Some(65), to: None });
    assert!((low.unwrap() - 0.645).abs() < 1e-12 && high.is_none());
    assert_eq!(bpm.limits(), (1, 300));
    assert_eq!(energy.limits(), (0, 100));
}

#[test]
fn a_refused_filter_leaves_the_others_as_asked() {
    let (query, problem) = TracksQuery::understood(&params(&[
        ("tag", "warm-up"),
        ("genre", "house"),
        ("bpm_from", "fast"),
        ("bpm_to", "128"),
        ("label", "[no label]"),
    ]));
    assert_eq!(problem.map(|p| p.field).as_deref(), Some("label"), "the first refused value in the form is named");
    assert_eq!(query.tag.as_ref().map(Tag::as_str), Some("warm-up"));
    assert_eq!(query.genre.map(GenreId::as_str), Some("house"));
    assert_eq!((query.bpm, query.label), (MeasureRange { from: None, to: Some(128) }, None));
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
        any_enrichment_filters(),
    )
        .prop_map(|(search, source, from, to, sort, ascending, page, filters)| {
            let (added_from, added_to) = match (from, to) {
                (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
                other => other,
            };
            let direction = if ascending { SortDirection::Ascending } else { SortDirection::Descending };
            let EnrichmentFilters { tag, label, genre, ranges: [bpm, energy, danceability, valence], columns } =
                filters;
            TracksQuery {
                search,
                source,
                added_from,
                added_to,
                tag,
                label,
                genre,
                bpm,
                energy,
                danceability,
                valence,
                columns,
                sort,
                direction,
                page,
            }
        })
}

#[derive(Debug, Clone)]
struct EnrichmentFilters {
    tag: Option<Tag>,
    label: Option<LabelKey>,
    genre: Option<GenreId>,
    ranges: [MeasureRange; 4],
    columns: Vec<ExtraColumn>,
}

/// A range of `filter` with ends anywhere in its limits, the lower one first.
fn any_range(filter: RangeFilter) -> impl Strategy<Value = MeasureRange> {
    let (low, high) = filter.limits();
    (proptest::option::of(low..=high), proptest::option::of(low..=high)).prop_map(|ends| match ends {
        (Some(a), Some(b)) if b < a => MeasureRange { from: Some(b), to: Some(a) },
        (from, to) => MeasureRange { from, to },
    })
}

fn any_enrichment_filters() -> impl Strategy<Value = EnrichmentFilters> {
    let genres = GenreTree::get().all().len();
    (
        proptest::option::of("\\PC{1,60}".prop_filter_map("no tag", |text: String| Tag::parse(&text).ok())),
        proptest::option::of(
            "\\PC{1,40}".prop_filter_map("no label", |text: String| RecordLabel::parse(&text).map(|l| l.key().clone())),
        ),
        proptest::option::of((0..genres).prop_map(|at| GenreTree::get().all()[at].id)),
        [
            any_range(RangeFilter::Bpm),
            any_range(RangeFilter::Energy),
            any_range(RangeFilter::Danceability),
            any_range(RangeFilter::Valence),
        ],
        proptest::sample::subsequence(ExtraColumn::ALL.to_vec(), 0..=ExtraColumn::ALL.len()),
    )
        .prop_map(|(tag, label, genre, ranges, columns)| EnrichmentFilters { tag, label, genre, ranges, columns })
}

proptest! {
    #[test]
    fn every_query_reads_back_from_its_link(query in any_query()) {
        prop_assert_eq!(TracksQuery::parse(&params(&query_pairs(&query.href()))), Ok(query));
    }

    /// The server sends the query it understood to the page, as JSON.
    #[test]
    fn every_query_survives_json(query in any_query()) {
        let json = serde_json::to_string(&query).unwrap();
        prop_assert_eq!(serde_json::from_str::<TracksQuery>(&json).unwrap(), query);
    }

    #[test]
    fn reading_any_text_never_panics_and_agrees_with_understood(
        q in proptest::option::of(".{0,220}"),
        day in proptest::option::of(".{0,12}"),
        sort in proptest::option::of(".{0,8}"),
        page in proptest::option::of(".{0,8}"),
        tag in proptest::option::of(".{0,70}"),
        label in proptest::option::of(".{0,30}"),
        genre in proptest::option::of(".{0,20}"),
        bpm in proptest::option::of("[0-9.]{0,5}|.{0,5}"),
        energy in proptest::option::of("[0-9.]{0,5}|.{0,5}"),
    ) {
        let params = TracksParams {
            q, added_from: day, sort, page, tag, label, genre, bpm_to: bpm, energy_from: energy,
            ..TracksParams::default()
        };
        let (query, problem) = TracksQuery::understood(&params);
        match TracksQuery::parse(&params) {
            Ok(parsed) => { prop_assert!(problem.is_none()); prop_assert_eq!(parsed, query); }
            Err(refused) => prop_assert_eq!(Some(refused), problem),
        }
    }
}
