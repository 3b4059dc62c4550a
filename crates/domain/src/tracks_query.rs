//! The tracks table's query: which of a user's tracks to show (search text, where they come from, when they were
//! added), in which order, and which page. Read from a URL into checked values with limits, and written back as
//! links, so every view of the table has an address that can be bookmarked and works without JavaScript. The
//! server reads it once; the page builds its form, headers and links from what the server understood.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::link::Link;
use crate::paging::{MAX_PAGE, PageRequest, page_number};

/// Rows on one page of the tracks table.
pub const TRACKS_PER_PAGE: u32 = 50;
/// The longest search text, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;

/// A column of the tracks table, each sortable both ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrackColumn {
    Title,
    Artists,
    Album,
    Duration,
    /// When the track came into the library: liked, first put in a playlist, or (heard only) first played.
    #[default]
    Added,
    Plays,
    /// How many places the track is in: liked counts one, each playlist one.
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

    pub fn parse(text: &str) -> Option<Self> {
        TrackColumn::ALL.into_iter().find(|column| column.key() == text)
    }

    /// Whether the column holds words (sorted A to Z first) rather than numbers or dates (largest first).
    pub fn is_text(self) -> bool {
        matches!(self, TrackColumn::Title | TrackColumn::Artists | TrackColumn::Album)
    }

    /// The direction a first click sorts in: words A to Z, numbers and dates largest first.
    pub fn first_direction(self) -> SortDirection {
        if self.is_text() { SortDirection::Ascending } else { SortDirection::Descending }
    }
}

/// Which way a column is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "asc" => Some(SortDirection::Ascending),
            "desc" => Some(SortDirection::Descending),
            _ => None,
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceFilter {
    #[default]
    All,
    Liked,
    /// In at least one of the user's playlists.
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

    pub fn parse(text: &str) -> Option<Self> {
        SourceFilter::ALL.into_iter().find(|source| source.key() == text)
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
    /// The parameters `value_of` finds for each key of the tracks table.
    pub fn read(value_of: impl Fn(&str) -> Option<String>) -> Self {
        TracksParams {
            q: value_of("q"),
            source: value_of("source"),
            added_from: value_of("added_from"),
            added_to: value_of("added_to"),
            sort: value_of("sort"),
            dir: value_of("dir"),
            page: value_of("page"),
        }
    }
}

/// A value of the query that was refused: the field, and what is wrong in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct QueryProblem {
    pub field: String,
    pub message: String,
}

impl QueryProblem {
    fn new(field: &str, message: impl Into<String>) -> Self {
        QueryProblem { field: field.to_owned(), message: message.into() }
    }
}

/// What the tracks table shows, checked. Unknown sorts, sources and page numbers fall back to the defaults; search
/// text and dates that cannot be used are refused with a message naming the field.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The query `params` ask for, or the first value that cannot be used.
    pub fn parse(params: &TracksParams) -> Result<Self, QueryProblem> {
        match TracksQuery::understood(params) {
            (query, None) => Ok(query),
            (_, Some(problem)) => Err(problem),
        }
    }

    /// The query `params` ask for with every usable value, and the first refused one if any: a page that refuses a
    /// search or a date still shows its form with everything else as it was asked.
    pub fn understood(params: &TracksParams) -> (Self, Option<QueryProblem>) {
        let mut problem = None;
        let mut refuse = |found: QueryProblem| {
            problem.get_or_insert(found);
        };
        let search = params.q.as_deref().map(str::trim).filter(|text| !text.is_empty());
        let search = match search {
            Some(text) if text.chars().count() > MAX_SEARCH_CHARS => {
                refuse(QueryProblem::new(
                    "q",
                    format!("The search is too long: use at most {MAX_SEARCH_CHARS} characters."),
                ));
                Some(text.chars().take(MAX_SEARCH_CHARS).collect())
            }
            other => other.map(str::to_owned),
        };
        let mut added_from = day_field("added_from", "Added from", params.added_from.as_deref()).unwrap_or_else(|p| {
            refuse(p);
            None
        });
        let added_to = day_field("added_to", "Added to", params.added_to.as_deref()).unwrap_or_else(|p| {
            refuse(p);
            None
        });
        if let (Some(from), Some(to)) = (added_from, added_to)
            && to < from
        {
            refuse(QueryProblem::new("added_to", "“Added to” is before “Added from”: swap the two dates."));
            added_from = None;
        }
        let sort = params.sort.as_deref().and_then(TrackColumn::parse).unwrap_or_default();
        let direction = params.dir.as_deref().and_then(SortDirection::parse).unwrap_or(sort.first_direction());
        let source = params.source.as_deref().and_then(SourceFilter::parse).unwrap_or_default();
        let query = TracksQuery {
            search,
            source,
            added_from,
            added_to,
            sort,
            direction,
            page: page_number(params.page.as_deref()),
        };
        (query, problem)
    }

    /// Whether anything narrows the table down (the sort does not).
    pub fn is_filtered(&self) -> bool {
        self.search.is_some()
            || self.source != SourceFilter::All
            || self.added_from.is_some()
            || self.added_to.is_some()
    }

    /// The rows of the table this query's page holds.
    pub fn page_request(&self) -> PageRequest {
        PageRequest { number: self.page, size: TRACKS_PER_PAGE }
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

fn day_field(field: &str, label: &str, text: Option<&str>) -> Result<Option<Day>, QueryProblem> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => Day::parse(text).map(Some).ok_or_else(|| {
            QueryProblem::new(
                field,
                format!("“{label}” is not a date: write it as YYYY-MM-DD, for example 2024-03-31."),
            )
        }),
    }
}

#[cfg(test)]
mod tests;
