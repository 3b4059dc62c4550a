//! The pieces of data every library page shows, as they cross from the server to the browser.

use serde::{Deserialize, Serialize};

use super::format;

/// An instant as the pages show it: machine-readable for `<time datetime>`, and written out in UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// RFC 3339.
    pub iso: String,
    /// For people: `12 March 2024` or `12 March 2024, 14:05 UTC`.
    pub shown: String,
}

/// Something in Spotify's catalog that has a page: its Spotify id and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub spotify_id: String,
    pub name: String,
}

/// Where a page of a long list sits in the whole list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    /// Counted from 1.
    pub page: u32,
    pub per_page: u32,
    /// Rows in the whole list.
    pub total: i64,
}

impl PageInfo {
    fn first_row(self) -> i64 {
        (i64::from(self.page) - 1) * i64::from(self.per_page) + 1
    }

    /// The page holds no rows although the list has some: the page number is past the end.
    pub fn past_the_end(self) -> bool {
        self.total > 0 && self.first_row() > self.total
    }

    pub fn has_previous(self) -> bool {
        self.page > 1
    }

    pub fn has_next(self) -> bool {
        self.first_row() - 1 + i64::from(self.per_page) < self.total
    }

    /// The last page that has rows.
    pub fn last_page(self) -> u32 {
        let pages = (self.total.max(1) - 1) / i64::from(self.per_page.max(1)) + 1;
        u32::try_from(pages).unwrap_or(u32::MAX)
    }

    /// `Showing 51–100 of 1,234 tracks`.
    pub fn summary(self, noun: &str) -> String {
        let last = (self.first_row() - 1 + i64::from(self.per_page)).min(self.total);
        format!(
            "Showing {}–{} of {} {noun}",
            format::count(self.first_row()),
            format::count(last),
            format::count(self.total)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_boundaries() {
        let first = PageInfo { page: 1, per_page: 50, total: 1_234 };
        assert_eq!(first.summary("tracks"), "Showing 1–50 of 1,234 tracks");
        assert!(!first.has_previous() && first.has_next());
        let second = PageInfo { page: 2, ..first };
        assert_eq!(second.summary("tracks"), "Showing 51–100 of 1,234 tracks");
        let last = PageInfo { page: 25, ..first };
        assert_eq!(last.summary("tracks"), "Showing 1,201–1,234 of 1,234 tracks");
        assert!(last.has_previous() && !last.has_next());
        assert_eq!(first.last_page(), 25);
        assert!(PageInfo { page: 26, ..first }.past_the_end());
        let exact = PageInfo { page: 2, per_page: 50, total: 100 };
        assert!(!exact.has_next() && !exact.past_the_end());
        assert_eq!(exact.last_page(), 2);
    }
}
