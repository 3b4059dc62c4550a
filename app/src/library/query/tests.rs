use super::*;

/// The parameters of a query string with these pairs (the last of a repeated key wins, as in `ParamsMap::get`).
fn params<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> TracksParams {
    let mut params = TracksParams::default();
    for (key, value) in pairs {
        let value = Some(value.as_ref().to_owned());
        match key.as_ref() {
            "q" => params.q = value,
            "source" => params.source = value,
            "added_from" => params.added_from = value,
            "added_to" => params.added_to = value,
            "sort" => params.sort = value,
            "dir" => params.dir = value,
            "page" => params.page = value,
            _ => {}
        }
    }
    params
}

fn parse(pairs: &[(&str, &str)]) -> Result<TracksQuery, AppError> {
    TracksQuery::parse(&params(pairs))
}

fn field_of(error: AppError) -> (String, String) {
    match error {
        AppError::InvalidInput { field, message } => (field, message),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

/// Reads a link's query string back the way a server reads a submitted form.
fn decode(href: &str) -> Vec<(String, String)> {
    let Some((_, query)) = href.split_once('?') else { return Vec::new() };
    query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            let mut bytes = Vec::new();
            let mut rest = value.as_bytes();
            while let Some((&first, tail)) = rest.split_first() {
                match first {
                    b'+' => bytes.push(b' '),
                    b'%' => {
                        bytes.push(u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap(), 16).unwrap());
                        rest = &tail[2..];
                        continue;
                    }
                    other => bytes.push(other),
                }
                rest = tail;
            }
            (key.to_owned(), String::from_utf8(bytes).unwrap())
        })
        .collect()
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
fn page_numbers_are_bounded() {
    assert_eq!(page_number(None), 1);
    assert_eq!(page_number(Some("2")), 2);
    assert_eq!(page_number(Some(" 3 ")), 3);
    for text in ["0", "-4", "two", "", "1.5"] {
        assert_eq!(page_number(Some(text)), 1, "{text:?}");
    }
    assert_eq!(page_number(Some("99999999999999999999")), 1, "too large to read at all");
    assert_eq!(page_number(Some("4000000000")), MAX_PAGE);
    assert_eq!(parse(&[("page", "7")]).unwrap().page, 7);
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
    assert_eq!(TracksQuery::parse(&params(&decode(&query.href()))).unwrap(), query);
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
fn the_plays_page_reads_its_view_and_page() {
    let query = PlaysQuery::read(Some("episodes"), Some("2"));
    assert_eq!(query, PlaysQuery { view: PlaysView::Episodes, page: 2 });
    assert_eq!(query.href(), "/library/plays?view=episodes&page=2");
    assert_eq!(query.at_page(1).href(), "/library/plays?view=episodes");
    assert_eq!(PlaysQuery::read(Some("videos"), None), PlaysQuery { view: PlaysView::Songs, page: 1 });
}
