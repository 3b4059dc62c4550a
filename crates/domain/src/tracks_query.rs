//! The tracks table's query: which of a user's tracks to show (search text, where they come from, when they were
//! added, the user's own tag, record label, genre, and ranges of BPM and sound), which optional columns, in which
//! order, and which page. Read from a URL into checked values with limits, and written back as links, so every view
//! of the table has an address that can be bookmarked and works without JavaScript. The server reads it once; the
//! page builds its form, headers and links from what the server understood.
//!
//! Each optional column has a query key of its own (`col_bpm=1`), not a repeated `col=bpm`: a plain form's
//! checkboxes send either, but a repeated key reads as its last value wherever a query string is read one value per
//! key (the router's `get`, the page cache's address), which would drop all but one of the ticked columns.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::genres::{GenreId, GenreTree, Normalised};
use crate::link::Link;
use crate::paging::{MAX_PAGE, PageRequest, page_number};
use crate::record_label::{LabelKey, RecordLabel};
use crate::tag::Tag;

mod columns;
mod filters;

pub use columns::{ExtraColumn, SortDirection, TrackColumn};
pub use filters::{MeasureRange, RangeFilter, SourceFilter};

/// Rows on one page of the tracks table.
pub const TRACKS_PER_PAGE: u32 = 50;
/// The longest search text, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;
/// How much of a refused tag, label or genre a message repeats: enough to recognise it, not a whole request's worth.
const MAX_ECHO_CHARS: usize = 40;

/// The tracks table's query string as it arrived: every value still text, none checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TracksParams {
    pub q: Option<String>,
    pub source: Option<String>,
    pub added_from: Option<String>,
    pub added_to: Option<String>,
    pub tag: Option<String>,
    /// A label's key (as its page's address has it) or a label's name.
    pub label: Option<String>,
    /// A genre's slug or name.
    pub genre: Option<String>,
    pub bpm_from: Option<String>,
    pub bpm_to: Option<String>,
    pub energy_from: Option<String>,
    pub energy_to: Option<String>,
    pub danceability_from: Option<String>,
    pub danceability_to: Option<String>,
    pub valence_from: Option<String>,
    pub valence_to: Option<String>,
    /// The query keys of the optional columns whose checkbox was sent (`col_bpm`).
    pub columns: Vec<String>,
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
}

impl TracksParams {
    /// The parameters `value_of` finds for each key of the tracks table.
    pub fn read(value_of: impl Fn(&str) -> Option<String>) -> Self {
        // A ticked checkbox sends its value (`1`); an empty value or `0` is a column left out, as a hand-written
        // address may say.
        let columns = ExtraColumn::ALL
            .into_iter()
            .filter(|column| value_of(column.param()).is_some_and(|value| !matches!(value.trim(), "" | "0")))
            .map(|column| column.param().to_owned())
            .collect();
        TracksParams {
            q: value_of("q"),
            source: value_of("source"),
            added_from: value_of("added_from"),
            added_to: value_of("added_to"),
            tag: value_of("tag"),
            label: value_of("label"),
            genre: value_of("genre"),
            bpm_from: value_of("bpm_from"),
            bpm_to: value_of("bpm_to"),
            energy_from: value_of("energy_from"),
            energy_to: value_of("energy_to"),
            danceability_from: value_of("danceability_from"),
            danceability_to: value_of("danceability_to"),
            valence_from: value_of("valence_from"),
            valence_to: value_of("valence_to"),
            columns,
            sort: value_of("sort"),
            dir: value_of("dir"),
            page: value_of("page"),
        }
    }

    /// The texts of `filter`'s two ends.
    fn range_texts(&self, filter: RangeFilter) -> (Option<&str>, Option<&str>) {
        let (from, to) = match filter {
            RangeFilter::Bpm => (&self.bpm_from, &self.bpm_to),
            RangeFilter::Energy => (&self.energy_from, &self.energy_to),
            RangeFilter::Danceability => (&self.danceability_from, &self.danceability_to),
            RangeFilter::Valence => (&self.valence_from, &self.valence_to),
        };
        (from.as_deref(), to.as_deref())
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

/// What the tracks table shows, checked. Unknown sorts, sources, columns and page numbers fall back to the defaults
/// (they are choices from a list, and an old bookmark should still open); typed values that cannot be used (search
/// text, dates, tag, label, genre, ranges) are refused with a message naming the field.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TracksQuery {
    pub search: Option<String>,
    pub source: SourceFilter,
    /// Tracks added on this day or later (UTC).
    pub added_from: Option<Day>,
    /// Tracks added on this day or earlier (UTC).
    pub added_to: Option<Day>,
    /// Tracks carrying this tag of the user's.
    pub tag: Option<Tag>,
    /// Tracks on this record label.
    pub label: Option<LabelKey>,
    /// Tracks in this genre or any genre below it.
    #[serde(with = "genre_slug")]
    pub genre: Option<GenreId>,
    /// In whole beats per minute.
    pub bpm: MeasureRange,
    /// In hundredths.
    pub energy: MeasureRange,
    /// In hundredths.
    pub danceability: MeasureRange,
    /// In hundredths.
    pub valence: MeasureRange,
    /// The optional columns shown, in [`ExtraColumn::ALL`] order.
    pub columns: Vec<ExtraColumn>,
    pub sort: TrackColumn,
    pub direction: SortDirection,
    pub page: u32,
}

impl Default for TracksQuery {
    /// Every track, most recently added first, without optional columns.
    fn default() -> Self {
        TracksQuery {
            search: None,
            source: SourceFilter::All,
            added_from: None,
            added_to: None,
            tag: None,
            label: None,
            genre: None,
            bpm: MeasureRange::default(),
            energy: MeasureRange::default(),
            danceability: MeasureRange::default(),
            valence: MeasureRange::default(),
            columns: Vec::new(),
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
        let tag = typed(params.tag.as_deref(), tag_field).unwrap_or_else(|p| {
            refuse(p);
            None
        });
        let label = typed(params.label.as_deref(), label_field).unwrap_or_else(|p| {
            refuse(p);
            None
        });
        let genre = typed(params.genre.as_deref(), genre_field).unwrap_or_else(|p| {
            refuse(p);
            None
        });
        let [bpm, energy, danceability, valence] =
            RangeFilter::ALL.map(|filter| range_field(filter, params.range_texts(filter), &mut refuse));
        let columns = ExtraColumn::ALL
            .into_iter()
            .filter(|column| params.columns.iter().any(|key| key == column.param()))
            .collect();
        let sort = params.sort.as_deref().and_then(TrackColumn::parse).unwrap_or_default();
        let direction = params.dir.as_deref().and_then(SortDirection::parse).unwrap_or(sort.first_direction());
        let source = params.source.as_deref().and_then(SourceFilter::parse).unwrap_or_default();
        let query = TracksQuery {
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
            page: page_number(params.page.as_deref()),
        };
        (query, problem)
    }

    /// Whether anything narrows the table down (the sort and the columns do not).
    pub fn is_filtered(&self) -> bool {
        self.source != SourceFilter::All || self.narrows_beyond_source()
    }

    /// Whether anything but the source narrows the table down: the library's summary counts the tracks of each
    /// source, any other filter's tracks must be counted.
    pub fn narrows_beyond_source(&self) -> bool {
        self.search.is_some()
            || self.added_from.is_some()
            || self.added_to.is_some()
            || self.tag.is_some()
            || self.label.is_some()
            || self.genre.is_some()
            || RangeFilter::ALL.into_iter().any(|filter| self.range(filter).narrows())
    }

    /// The range asked for `filter`.
    pub fn range(&self, filter: RangeFilter) -> MeasureRange {
        match filter {
            RangeFilter::Bpm => self.bpm,
            RangeFilter::Energy => self.energy,
            RangeFilter::Danceability => self.danceability,
            RangeFilter::Valence => self.valence,
        }
    }

    /// Whether the table shows `column`.
    pub fn shows(&self, column: ExtraColumn) -> bool {
        self.columns.contains(&column)
    }

    /// The genre filter's genre and every genre below it, by slug: a track in any of them is in the genre.
    pub fn genre_slugs(&self) -> Option<Vec<&'static str>> {
        let tree = GenreTree::get();
        self.genre.map(|id| {
            std::iter::once(id.as_str()).chain(tree.descendants(id).iter().map(|genre| genre.id.as_str())).collect()
        })
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
        link.push("tag", self.tag.as_ref().map(Tag::as_str));
        link.push("label", self.label.as_ref().map(LabelKey::as_str));
        link.push("genre", self.genre.map(GenreId::as_str));
        for filter in RangeFilter::ALL {
            let range = self.range(filter);
            link.push(filter.from_param(), range.from.map(|step| filter.write(step)).as_deref());
            link.push(filter.to_param(), range.to.map(|step| filter.write(step)).as_deref());
        }
        for column in &self.columns {
            link.push(column.param(), Some("1"));
        }
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

    /// Every track, in the same order and with the same columns.
    pub fn without_filters(&self) -> Self {
        TracksQuery {
            sort: self.sort,
            direction: self.direction,
            columns: self.columns.clone(),
            ..TracksQuery::default()
        }
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

/// A typed value read by `read`; a missing or blank one is no filter, as a plain form sends its empty fields too.
fn typed<T>(text: Option<&str>, read: impl FnOnce(&str) -> Result<T, QueryProblem>) -> Result<Option<T>, QueryProblem> {
    text.map(str::trim).filter(|text| !text.is_empty()).map(read).transpose()
}

/// The start of `text` a message repeats.
fn echo(text: &str) -> String {
    let mut shown: String = text.chars().take(MAX_ECHO_CHARS).collect();
    if text.chars().nth(MAX_ECHO_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

fn tag_field(text: &str) -> Result<Tag, QueryProblem> {
    Tag::parse(text).map_err(|problem| QueryProblem::new("tag", format!("“{}” is not a tag: {problem}.", echo(text))))
}

/// A label's key as its page's address writes it, or a label's name as a person types it ("Ninja Tune Records"
/// is the label `ninja-tune`).
fn label_field(text: &str) -> Result<LabelKey, QueryProblem> {
    LabelKey::from_slug(text)
        .ok()
        .or_else(|| RecordLabel::parse(text).map(|label| label.key().clone()))
        .ok_or_else(|| QueryProblem::new("label", format!("“{}” does not name a record label.", echo(text))))
}

/// A genre's slug as links write it, or a genre's name as a person types it ("Deep House").
fn genre_field(text: &str) -> Result<GenreId, QueryProblem> {
    let tree = GenreTree::get();
    tree.parse_id(text)
        .ok()
        .or_else(|| match tree.normalise(text) {
            Normalised::Genre(id) => Some(id),
            Normalised::Tag(_) | Normalised::Nothing => None,
        })
        .ok_or_else(|| {
            QueryProblem::new("genre", format!("There is no genre “{}”: try a broader name, such as rock.", echo(text)))
        })
}

/// Both ends of `filter`'s range; an end that cannot be used is refused and left open, and a range that ends before
/// it starts is refused and keeps only its end, as the dates do.
fn range_field(
    filter: RangeFilter,
    (from, to): (Option<&str>, Option<&str>),
    refuse: &mut impl FnMut(QueryProblem),
) -> MeasureRange {
    let from_label = format!("{} from", filter.label());
    let to_label = format!("{} to", filter.label());
    let mut end = |field: &str, label: &str, text: Option<&str>| {
        typed(text, |text| filter.read(field, label, text)).unwrap_or_else(|problem| {
            refuse(problem);
            None
        })
    };
    let mut range =
        MeasureRange { from: end(filter.from_param(), &from_label, from), to: end(filter.to_param(), &to_label, to) };
    if let (Some(low), Some(high)) = (range.from, range.to)
        && high < low
    {
        refuse(QueryProblem::new(filter.to_param(), format!("“{to_label}” is below “{from_label}”: swap the two.")));
        range.from = None;
    }
    range
}

/// The genre filter in serialised form: its slug, read back through the tree. `GenreId`'s own `Deserialize` holds
/// a `&'static str` and so only deserialises from `'static` input, which a server function's body is not.
mod genre_slug {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::genres::{GenreId, GenreTree};

    pub fn serialize<S: Serializer>(genre: &Option<GenreId>, serializer: S) -> Result<S::Ok, S::Error> {
        genre.map(GenreId::as_str).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<GenreId>, D::Error> {
        let slug = Option::<String>::deserialize(deserializer)?;
        slug.map(|slug| GenreTree::get().parse_id(&slug).map_err(D::Error::custom)).transpose()
    }
}

#[cfg(test)]
mod tests;
