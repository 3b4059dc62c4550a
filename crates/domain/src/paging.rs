//! Long lists shown a page at a time: which rows a page number asks for, and where a page sits in the whole list.
//! Page numbers come from URLs, so reading one never fails: anything unusable reads as the first page.

use serde::{Deserialize, Serialize};

/// The highest page number read from a URL; larger numbers read as this one.
pub const MAX_PAGE: u32 = 100_000;

/// A page number from a URL: 1 when missing or unreadable, at most [`MAX_PAGE`].
pub fn page_number(text: Option<&str>) -> u32 {
    text.and_then(|text| text.trim().parse::<u64>().ok())
        .map_or(1, |page| u32::try_from(page.clamp(1, u64::from(MAX_PAGE))).unwrap_or(MAX_PAGE))
}

/// Page `number` (counted from 1) of a list shown `size` rows at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub number: u32,
    pub size: u32,
}

impl PageRequest {
    /// Rows to read.
    pub fn limit(self) -> i64 {
        i64::from(self.size)
    }

    /// Rows before the page.
    pub fn offset(self) -> i64 {
        (i64::from(self.number.max(1)) - 1) * i64::from(self.size)
    }

    /// Where this page sits in a list of `total` rows.
    pub fn within(self, total: i64) -> PageInfo {
        PageInfo { page: self.number.max(1), per_page: self.size, total }
    }
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
    /// The list position (from 1) of the page's first row.
    pub fn first_row(self) -> i64 {
        (i64::from(self.page.max(1)) - 1) * i64::from(self.per_page) + 1
    }

    /// The list position of the page's last row (less than `first_row` for a page past the end).
    pub fn last_row(self) -> i64 {
        (self.first_row() - 1 + i64::from(self.per_page)).min(self.total)
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
        u32::try_from(pages).unwrap_or(u32::MAX).min(MAX_PAGE)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn page_boundaries() {
        let first = PageInfo { page: 1, per_page: 50, total: 1_234 };
        assert_eq!((first.first_row(), first.last_row()), (1, 50));
        assert!(!first.has_previous() && first.has_next());
        let last = PageInfo { page: 25, ..first };
        assert_eq!((last.first_row(), last.last_row()), (1_201, 1_234));
        assert!(last.has_previous() && !last.has_next());
        assert_eq!(first.last_page(), 25);
        assert!(PageInfo { page: 26, ..first }.past_the_end());
        let exact = PageInfo { page: 2, per_page: 50, total: 100 };
        assert!(!exact.has_next() && !exact.past_the_end());
        assert_eq!(exact.last_page(), 2);
        assert_eq!(PageInfo { page: 1, per_page: 50, total: 0 }.last_page(), 1);
    }

    #[test]
    fn pages_count_from_one() {
        assert_eq!(PageRequest { number: 1, size: 50 }.offset(), 0);
        assert_eq!(PageRequest { number: 3, size: 50 }.offset(), 100);
        assert_eq!(PageRequest { number: 0, size: 50 }.offset(), 0);
    }

    #[test]
    fn page_numbers_from_urls_never_fail() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some(" 7 ")), 7);
        for text in ["0", "-2", "x", "", "99999999999999999999999"] {
            assert!((1..=MAX_PAGE).contains(&page_number(Some(text))), "{text}");
        }
        assert_eq!(page_number(Some("5000000")), MAX_PAGE);
    }

    proptest! {
        #[test]
        fn pages_tile_the_list(total in 0_i64..100_000, per_page in 1_u32..500, page in 1_u32..400) {
            let info = PageRequest { number: page, size: per_page }.within(total);
            let rows = (info.last_row() - info.first_row() + 1).max(0);
            prop_assert!(rows <= i64::from(per_page));
            prop_assert_eq!(info.past_the_end(), total > 0 && rows == 0);
            let next = PageInfo { page: page + 1, ..info };
            prop_assert_eq!(info.has_next(), next.first_row() <= total);
            if page <= info.last_page() && total > 0 {
                prop_assert!(rows > 0);
            }
            prop_assert_eq!(PageRequest { number: page, size: per_page }.offset(), info.first_row() - 1);
        }

        #[test]
        fn page_numbers_stay_in_range(text in ".{0,24}") {
            prop_assert!((1..=MAX_PAGE).contains(&page_number(Some(&text))));
        }
    }
}
