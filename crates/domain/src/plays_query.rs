//! The plays page's query: song plays or podcast episode plays, newest first, a page at a time. A history holds
//! hundreds of thousands of plays, so the page links carry the play they continue from (keyset paging): the next
//! page starts after the last play shown, the previous one ends before the first, and reading any page costs the
//! same. A page number without such a play (a typed or bookmarked `?page=`) still works, counted from the start.

use serde::{Deserialize, Serialize};

use crate::link::Link;
use crate::paging::{MAX_PAGE, PageRequest, page_number};

/// Rows on one page of plays.
pub const PLAYS_PER_PAGE: u32 = 50;

/// The two views of the plays page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaysView {
    #[default]
    Songs,
    Episodes,
}

/// Where a page of plays continues from: a play of the list (by its id), and which side of it the page lies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaysCursor {
    /// The plays just older than this one: the next page.
    Older(i64),
    /// The plays just newer than this one: the previous page.
    Newer(i64),
}

/// What the plays page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaysQuery {
    pub view: PlaysView,
    /// The page's number, counted from the newest play: shown, and used when there is no cursor.
    pub page: u32,
    pub cursor: Option<PlaysCursor>,
}

impl Default for PlaysQuery {
    fn default() -> Self {
        PlaysQuery { view: PlaysView::Songs, page: 1, cursor: None }
    }
}

impl PlaysQuery {
    /// Reads `view` (`episodes`; anything else is songs), `page`, and `older` or `newer` (a play id; unreadable
    /// ones are ignored, and page 1 needs none).
    pub fn read(value_of: impl Fn(&str) -> Option<String>) -> Self {
        let view = if value_of("view").as_deref() == Some("episodes") { PlaysView::Episodes } else { PlaysView::Songs };
        let page = page_number(value_of("page").as_deref());
        let id = |key: &str| value_of(key).and_then(|text| text.trim().parse::<i64>().ok()).filter(|id| *id > 0);
        let cursor = match (id("older"), id("newer")) {
            _ if page == 1 => None,
            (Some(id), _) => Some(PlaysCursor::Older(id)),
            (None, Some(id)) => Some(PlaysCursor::Newer(id)),
            (None, None) => None,
        };
        PlaysQuery { view, page, cursor }
    }

    /// This query with its page in range and no cursor on the first page: what a query that arrived other than
    /// through [`PlaysQuery::read`] (as JSON) is taken for.
    pub fn bounded(self) -> Self {
        let page = self.page.clamp(1, MAX_PAGE);
        PlaysQuery { page, cursor: self.cursor.filter(|_| page > 1), ..self }
    }

    /// The rows this page holds when it is read by its number.
    pub fn page_request(&self) -> PageRequest {
        PageRequest { number: self.page, size: PLAYS_PER_PAGE }
    }

    pub fn href(&self) -> String {
        let mut link = Link::new("/library/plays");
        link.push("view", (self.view == PlaysView::Episodes).then_some("episodes"));
        link.push("page", (self.page > 1).then(|| self.page.to_string()).as_deref());
        if self.page > 1 {
            match self.cursor {
                Some(PlaysCursor::Older(id)) => link.push("older", Some(&id.to_string())),
                Some(PlaysCursor::Newer(id)) => link.push("newer", Some(&id.to_string())),
                None => {}
            }
        }
        link.finish()
    }

    /// Page `page` counted from the newest play, without a cursor.
    pub fn at_page(&self, page: u32) -> Self {
        PlaysQuery { page: page.clamp(1, MAX_PAGE), cursor: None, ..*self }
    }

    /// The page after this one, which starts after the play `last_shown`.
    pub fn next(&self, last_shown: i64) -> Self {
        PlaysQuery { page: (self.page + 1).min(MAX_PAGE), cursor: Some(PlaysCursor::Older(last_shown)), ..*self }
    }

    /// The page before this one, which ends before the play `first_shown`.
    pub fn previous(&self, first_shown: i64) -> Self {
        let page = self.page.saturating_sub(1).max(1);
        let cursor = (page > 1).then_some(PlaysCursor::Newer(first_shown));
        PlaysQuery { page, cursor, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::link::query_pairs;

    fn read(pairs: &[(&str, &str)]) -> PlaysQuery {
        PlaysQuery::read(|wanted| pairs.iter().find(|(key, _)| *key == wanted).map(|(_, value)| (*value).to_owned()))
    }

    fn reread(href: &str) -> PlaysQuery {
        let pairs = query_pairs(href);
        PlaysQuery::read(|wanted| pairs.iter().find(|(key, _)| key == wanted).map(|(_, value)| value.clone()))
    }

    #[test]
    fn the_plays_page_reads_its_view_page_and_cursor() {
        let query = read(&[("view", "episodes"), ("page", "2")]);
        assert_eq!(query, PlaysQuery { view: PlaysView::Episodes, page: 2, cursor: None });
        assert_eq!(query.href(), "/library/plays?view=episodes&page=2");
        assert_eq!(query.at_page(1).href(), "/library/plays?view=episodes");
        assert_eq!(read(&[("view", "videos")]), PlaysQuery::default());
        let next = PlaysQuery::default().next(981);
        assert_eq!(next.href(), "/library/plays?page=2&older=981");
        assert_eq!(reread(&next.href()), next);
        assert_eq!(next.previous(977), PlaysQuery::default(), "page 1 needs no cursor");
        assert_eq!(read(&[("page", "3"), ("newer", "12")]).cursor, Some(PlaysCursor::Newer(12)));
        assert_eq!(read(&[("page", "3"), ("older", "-4")]).cursor, None);
        assert_eq!(read(&[("older", "12")]).cursor, None, "the first page starts at the newest play");
        let wild = PlaysQuery { view: PlaysView::Songs, page: 0, cursor: Some(PlaysCursor::Older(5)) };
        assert_eq!(wild.bounded(), PlaysQuery::default());
        let far = PlaysQuery { page: u32::MAX, ..PlaysQuery::default() }.bounded();
        assert_eq!(far.page, MAX_PAGE);
    }

    proptest! {
        #[test]
        fn every_query_reads_back_from_its_link(
            episodes: bool, page in 1_u32..=MAX_PAGE, id in 1_i64.., older: bool, with_cursor: bool,
        ) {
            let view = if episodes { PlaysView::Episodes } else { PlaysView::Songs };
            let cursor = (with_cursor && page > 1)
                .then_some(if older { PlaysCursor::Older(id) } else { PlaysCursor::Newer(id) });
            let query = PlaysQuery { view, page, cursor };
            prop_assert_eq!(reread(&query.href()), query);
        }
    }
}
