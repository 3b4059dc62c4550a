//! A Beatport web page saved from the browser. Beatport's pages are built with Next.js, which embeds the data a page
//! was rendered from as JSON in `<script id="__NEXT_DATA__" type="application/json">`; the API's objects are in
//! `props.pageProps.dehydratedState.queries[].state.data`, one query per list or object the page shows. A page also
//! queries releases, genres and labels, so only objects with a track's fields are read (see `looks_like_track`), from
//! every query in the order of the page. Lines are the HTML file's.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::beatport::{Contents, JsonError, contents, track_object};
use super::beatport_track::{looks_like_track, read_track};
use super::lines::LineCounter;
use super::{Collected, FeedFormat, FeedProblem, FeedRead};

#[derive(Deserialize)]
struct NextData<'a> {
    #[serde(borrow)]
    props: Props<'a>,
}

#[derive(Deserialize)]
struct Props<'a> {
    #[serde(rename = "pageProps", borrow)]
    page_props: PageProps<'a>,
}

#[derive(Deserialize)]
struct PageProps<'a> {
    #[serde(rename = "dehydratedState", borrow, default)]
    dehydrated_state: Option<DehydratedState<'a>>,
}

#[derive(Deserialize)]
struct DehydratedState<'a> {
    #[serde(borrow, default)]
    queries: Vec<Query<'a>>,
}

#[derive(Deserialize)]
struct Query<'a> {
    #[serde(borrow)]
    state: QueryState<'a>,
}

#[derive(Deserialize)]
struct QueryState<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// The text of the page's `__NEXT_DATA__` script, as a slice of the page.
fn next_data(page: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(found) = page[from..].find("<script") {
        let tag_start = from + found;
        let tag_end = tag_start + page[tag_start..].find('>')?;
        let content_start = tag_end + 1;
        if page[tag_start..tag_end].contains("__NEXT_DATA__") {
            let content_end = content_start + page[content_start..].find("</script")?;
            return Some(&page[content_start..content_end]);
        }
        from = content_start;
    }
    None
}

pub(super) fn read(page: &str) -> Result<FeedRead, FeedProblem> {
    let data = next_data(page).ok_or(FeedProblem::PageWithoutTracks)?;
    let mut lines = LineCounter::new(page);
    let next_data: NextData = serde_json::from_str(data).map_err(|error| lines.malformed_json(data, &error))?;
    let queries = next_data.props.page_props.dehydrated_state.map(|state| state.queries).unwrap_or_default();
    let mut collected = Collected::default();
    let mut next_page = None;
    for data in queries.into_iter().filter_map(|query| query.state.data) {
        let tracks = match contents(data.get()) {
            Ok(Contents::List { tracks, next }) => {
                next_page = next_page.or(next);
                tracks
            }
            Ok(Contents::One(track)) => vec![track],
            Ok(Contents::Other) => continue,
            Err(JsonError { part, error }) => return Err(lines.malformed_json(part, &error)),
        };
        for track in tracks {
            let row = match track_object(track) {
                Ok(object) if looks_like_track(|field| object.contains_key(field)) => read_track(&object),
                // Releases, genres and labels the page lists besides its tracks.
                Ok(_) => continue,
                Err(problem) => Err(problem),
            };
            collected.add(lines.line_of(track), row);
        }
    }
    if collected.tracks.is_empty() && collected.bad_rows_total == 0 {
        return Err(FeedProblem::PageWithoutTracks);
    }
    Ok(collected.into_read(FeedFormat::BeatportPage, next_page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_data_script_is_found_among_others() {
        let page = r#"<html><head><script src="/_next/chunk.js"></script>
<script>window.dataLayer=[]</script></head><body><div id="__next"></div>
<script id="__NEXT_DATA__" type="application/json">{"props":{}}</script></body></html>"#;
        assert_eq!(next_data(page), Some(r#"{"props":{}}"#));
        assert_eq!(next_data("<html><script>__NEXT_DATA__"), None);
        assert_eq!(next_data("<html><script id=\"x\">1</script></html>"), None);
    }

    #[test]
    fn a_page_without_track_data_is_refused() {
        for page in [
            "<!doctype html><html><body>Beatport</body></html>",
            r#"<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{}}}</script>"#,
            r#"<script id="__NEXT_DATA__">{"props":{"pageProps":{"dehydratedState":{"queries":[
               {"state":{"data":{"results":[{"id":5,"name":"Techno (Peak Time / Driving)","slug":"techno"}]}}}]}}}}
               </script>"#,
        ] {
            assert_eq!(read(page), Err(FeedProblem::PageWithoutTracks), "{page}");
        }
    }

    #[test]
    fn broken_data_is_reported_at_its_line_in_the_page() {
        let page = concat!(
            "<html>\n",
            "<script id=\"__NEXT_DATA__\" type=\"application/json\">\n",
            "{\"props\":\n",
            "{\"pageProps\": [}}\n",
            "</script>"
        );
        assert!(matches!(read(page), Err(FeedProblem::Malformed { line: 4, .. })), "{:?}", read(page));
    }
}
