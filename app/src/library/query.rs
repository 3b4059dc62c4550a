//! The library pages' query strings: read into typed values with limits, and written back as links. Everything the
//! tracks table can show is in its URL, so a view can be bookmarked and shared, and works without JavaScript.

use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

use super::day::Day;
use crate::AppError;

/// Rows on one page of the tracks table and of the plays.
pub const ROWS_PER_PAGE: u32 = 50;
/// The highest page number read from a URL; larger numbers read as this one.
pub const MAX_PAGE: u32 = 100_000;
/// The longest search text, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;

/// A column of the tracks table, each sortable both ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrackColumn {
    Title,
    Artists,
    Album,
    Duration,
    #[default]
    Added,
    Plays,
    Sources,
}

impl TrackColumn {
    pub const ALL: [TrackColumn; 7] = [
        TrackColumn::Title,
        TrackColumn::Artists,
        TrackColumn::Album,
        TrackColumn::Duration,
        TrackColumn::Added,
        TrackColumn::Plays,
        TrackColumn::Sources,
    ];

    /// The name in the URL (`?sort=title`).
    pub fn key(self) -> &'static str {
        match self {
            TrackColumn::Title => "title",
            TrackColumn::Artists => "artists",
            TrackColumn::Album => "album",
            TrackColumn::Duration => "duration",
            TrackColumn::Added => "added",
            TrackColumn::Plays => "plays",
            TrackColumn::Sources => "sources",
        }
    }

    /// The column header.
    pub fn label(self) -> &'static str {
        match self {
            TrackColumn::Title => "Title",
            TrackColumn::Artists => "Artists",
            TrackColumn::Album => "Album",
            TrackColumn::Duration => "Duration",
            TrackColumn::Added => "Added",
            TrackColumn::Plays => "Plays",
            TrackColumn::Sources => "Sources",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        TrackColumn::ALL.into_iter().find(|column| column.key() == text)
    }

    /// The direction a first click sorts in: words A to Z, numbers and dates largest first.
    pub fn first_direction(self) -> SortDirection {
        match self {
            TrackColumn::Title | TrackColumn::Artists | TrackColumn::Album => SortDirection::Ascending,
            _ => SortDirection::Descending,
        }
    }
}

/// Which way a column is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortDirection {
    Ascending,
    Descending,
}

impl SortDirection {
    /// The name in the URL (`?dir=asc`).
    pub fn key(self) -> &'static str {
        match self {
            SortDirection::Ascending => "asc",
            SortDirection::Descending => "desc",
        }
    }

    /// The value of `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            SortDirection::Ascending => "ascending",
            SortDirection::Descending => "descending",
        }
    }

    pub fn reversed(self) -> Self {
        match self {
            SortDirection::Ascending => SortDirection::Descending,
            SortDirection::Descending => SortDirection::Ascending,
        }
    }
}

/// Which of the user's tracks the table shows, by where they come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceFilter {
    #[default]
    All,
    Liked,
    Playlist,
    /// Heard in plays, but neither liked nor in a playlist.
    History,
}

impl SourceFilter {
    pub const ALL: [SourceFilter; 4] =
        [SourceFilter::All, SourceFilter::Liked, SourceFilter::Playlist, SourceFilter::History];

    /// The name in the URL (`?source=liked`).
    pub fn key(self) -> &'static str {
        match self {
            SourceFilter::All => "all",
            SourceFilter::Liked => "liked",
            SourceFilter::Playlist => "playlist",
            SourceFilter::History => "history",
        }
    }

    /// The choice in the filter form.
    pub fn label(self) -> &'static str {
        match self {
            SourceFilter::All => "All tracks",
            SourceFilter::Liked => "Liked songs",
            SourceFilter::Playlist => "In a playlist",
            SourceFilter::History => "Only in listening history",
        }
    }
}

/// The tracks table's query string as it arrived: every value still text, none checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracksParams {
    pub q: Option<String>,
    pub source: Option<String>,
    pub added_from: Option<String>,
    pub added_to: Option<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
}

impl TracksParams {
    /// The parameters of the current URL.
    pub fn from_query(query: &ParamsMap) -> Self {
        TracksParams {
            q: query.get("q"),
            source: query.get("source"),
            added_from: query.get("added_from"),
            added_to: query.get("added_to"),
            sort: query.get("sort"),
            dir: query.get("dir"),
            page: query.get("page"),
        }
    }
}

/// What the tracks table shows, checked. Unknown sorts, sources and page numbers fall back to the defaults; search
/// text and dates that cannot be used are refused with a message naming the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracksQuery {
    pub search: Option<String>,
    pub source: SourceFilter,
    /// Tracks added on this day or later (UTC).
    pub added_from: Option<Day>,
    /// Tracks added on this day or earlier (UTC).
    pub added_to: Option<Day>,
    pub sort: TrackColumn,
    pub direction: SortDirection,
    pub page: u32,
}

impl Default for TracksQuery {
    /// Every track, most recently added first.
    fn default() -> Self {
        TracksQuery {
            search: None,
            source: SourceFilter::All,
            added_from: None,
            added_to: None,
            sort: TrackColumn::Added,
            direction: SortDirection::Descending,
            page: 1,
        }
    }
}

impl TracksQuery {
    pub fn parse(params: &TracksParams) -> Result<Self, AppError> {
        let search = params.q.as_deref().map(str::trim).filter(|text| !text.is_empty());
        if search.is_some_and(|text| text.chars().count() > MAX_SEARCH_CHARS) {
            return Err(AppError::invalid(
                "q",
                format!("The search is too long: use at most {MAX_SEARCH_CHARS} characters."),
            ));
        }
        let added_from = day_field("added_from", "Added from", params.added_from.as_deref())?;
        let added_to = day_field("added_to", "Added to", params.added_to.as_deref())?;
        if let (Some(from), Some(to)) = (added_from, added_to)
            && to < from
        {
            return Err(AppError::invalid("added_to", "“Added to” is before “Added from”: swap the two dates."));
        }
        let sort = params.sort.as_deref().and_then(TrackColumn::parse).unwrap_or_default();
        let direction = match params.dir.as_deref() {
            Some("asc") => SortDirection::Ascending,
            Some("desc") => SortDirection::Descending,
            _ => sort.first_direction(),
        };
        let source = params
            .source
            .as_deref()
            .and_then(|key| SourceFilter::ALL.into_iter().find(|source| source.key() == key))
            .unwrap_or_default();
        Ok(TracksQuery {
            search: search.map(str::to_owned),
            source,
            added_from,
            added_to,
            sort,
            direction,
            page: page_number(params.page.as_deref()),
        })
    }

    /// Whether anything narrows the table down (the sort does not).
    pub fn is_filtered(&self) -> bool {
        self.search.is_some()
            || self.source != SourceFilter::All
            || self.added_from.is_some()
            || self.added_to.is_some()
    }

    /// This view's address; values at their defaults are left out.
    pub fn href(&self) -> String {
        let mut link = Link::new("/library");
        link.push("q", self.search.as_deref());
        link.push("source", (self.source != SourceFilter::All).then(|| self.source.key()));
        link.push("added_from", self.added_from.map(|day| day.to_string()).as_deref());
        link.push("added_to", self.added_to.map(|day| day.to_string()).as_deref());
        let default = TracksQuery::default();
        if (self.sort, self.direction) != (default.sort, default.direction) {
            link.push("sort", Some(self.sort.key()));
            link.push("dir", Some(self.direction.key()));
        }
        link.push("page", (self.page > 1).then(|| self.page.to_string()).as_deref());
        link.finish()
    }

    /// The first page sorted by `column`: the other way round if it is sorted by it already.
    pub fn sorted_by(&self, column: TrackColumn) -> Self {
        let direction = if self.sort == column { self.direction.reversed() } else { column.first_direction() };
        TracksQuery { sort: column, direction, page: 1, ..self.clone() }
    }

    pub fn at_page(&self, page: u32) -> Self {
        TracksQuery { page: page.clamp(1, MAX_PAGE), ..self.clone() }
    }

    /// Every track, in the same order.
    pub fn without_filters(&self) -> Self {
        TracksQuery { sort: self.sort, direction: self.direction, ..TracksQuery::default() }
    }
}

fn day_field(field: &str, label: &str, text: Option<&str>) -> Result<Option<Day>, AppError> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => Day::parse(text).map(Some).ok_or_else(|| {
            AppError::invalid(
                field,
                format!("“{label}” is not a date: write it as YYYY-MM-DD, for example 2024-03-31."),
            )
        }),
    }
}

/// A page number from a URL: 1 when missing or unreadable, at most `MAX_PAGE`.
pub fn page_number(text: Option<&str>) -> u32 {
    text.and_then(|text| text.trim().parse::<u64>().ok()).map_or(1, |page| page.clamp(1, u64::from(MAX_PAGE)) as u32)
}

/// The two views of the plays page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaysView {
    #[default]
    Songs,
    Episodes,
}

/// What the plays page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaysQuery {
    pub view: PlaysView,
    pub page: u32,
}

impl PlaysQuery {
    /// The query of the current URL.
    pub fn from_query(query: &ParamsMap) -> Self {
        PlaysQuery::read(query.get_str("view"), query.get_str("page"))
    }

    /// Reads `view` (`episodes`; anything else is songs) and `page`.
    pub fn read(view: Option<&str>, page: Option<&str>) -> Self {
        let view = if view == Some("episodes") { PlaysView::Episodes } else { PlaysView::Songs };
        PlaysQuery { view, page: page_number(page) }
    }

    pub fn href(&self) -> String {
        let mut link = Link::new("/library/plays");
        link.push("view", (self.view == PlaysView::Episodes).then_some("episodes"));
        link.push("page", (self.page > 1).then(|| self.page.to_string()).as_deref());
        link.finish()
    }

    pub fn at_page(&self, page: u32) -> Self {
        PlaysQuery { page: page.clamp(1, MAX_PAGE), ..*self }
    }
}

/// A relative address with a query string built from known keys and encoded values.
pub struct Link(String);

impl Link {
    pub fn new(path: &str) -> Self {
        Link(path.to_owned())
    }

    /// Adds `key=value`, or nothing when `value` is None.
    pub fn push(&mut self, key: &str, value: Option<&str>) {
        let Some(value) = value else { return };
        self.0.push(if self.0.contains('?') { '&' } else { '?' });
        self.0.push_str(key);
        self.0.push('=');
        // As HTML forms encode: unreserved characters as they are, spaces as '+', every other byte as %XX.
        for byte in value.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => self.0.push(char::from(byte)),
                b' ' => self.0.push('+'),
                _ => self.0.push_str(&format!("%{byte:02X}")),
            }
        }
    }

    pub fn finish(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests;
