//! Crossfade's genre hierarchy and the normaliser that maps the genre names of Spotify, Deezer, MusicBrainz and
//! imported files onto it. The hierarchy is a tree written by hand in `data/genres.csv` (its provenance is in
//! `data/SOURCE.md`): each genre has one parent, so "in genre X" means X or any genre below it. Texts that name a
//! mood, an occasion or a place rather than a style ("sad", "study", "swedish") become tags, kept beside the genres.

mod load;
mod spelling;
mod weights;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

pub(crate) use spelling::fold;
pub use weights::GenreWeights;

use crate::Tag;

/// A genre's stable id: its slug ("deep-house"), as used in URLs and stored rows. Only the tree hands them out, so
/// every `GenreId` names a genre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub struct GenreId(&'static str);

impl GenreId {
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for GenreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl FromStr for GenreId {
    type Err = UnknownGenre;

    /// Reads a slug exactly, as a genre page's path carries it; use [`GenreTree::normalise`] for provider texts.
    fn from_str(slug: &str) -> Result<Self, Self::Err> {
        GenreTree::get().parse_id(slug)
    }
}

impl TryFrom<String> for GenreId {
    type Error = UnknownGenre;

    fn try_from(slug: String) -> Result<Self, Self::Error> {
        slug.parse()
    }
}

impl From<GenreId> for &'static str {
    fn from(id: GenreId) -> Self {
        id.0
    }
}

/// How much of an unknown slug an error repeats: enough to recognise it, not a whole request's worth.
const MAX_ECHO_CHARS: usize = 64;

/// A slug that names no genre (a mistyped URL, or a genre since removed from the file).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("there is no genre `{0}`")]
pub struct UnknownGenre(pub String);

/// One genre of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Genre {
    pub id: GenreId,
    /// The name pages show ("Deep house").
    pub name: &'static str,
    /// `None` for a top-level genre.
    pub parent: Option<GenreId>,
}

/// What a provider's genre text turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Normalised {
    Genre(GenreId),
    /// Not a genre of the tree: a mood, an occasion, a place or a style the tree lacks. Texts longer than a tag may be
    /// are cut.
    Tag(Tag),
    /// Empty, or only punctuation and symbols (also when a long text's first [`crate::MAX_TAG_CHARS`] characters are).
    Nothing,
}

/// The genre hierarchy. Genres are kept in depth-first order with siblings sorted by name, so every genre's
/// subgenres follow it as one run and "is within" is a range check.
#[derive(Debug)]
pub struct GenreTree {
    genres: Vec<Genre>,
    parents: Vec<Option<usize>>,
    /// For each genre, the position just past its last descendant.
    subtree_end: Vec<usize>,
    positions: HashMap<&'static str, usize>,
    /// Every spelling's match key, to the genre it names.
    keys: HashMap<String, usize>,
}

static TREE: LazyLock<GenreTree> = LazyLock::new(|| {
    load::read(include_str!("../data/genres.csv")).unwrap_or_else(|problem| panic!("data/genres.csv: {problem}"))
});

impl GenreTree {
    /// The tree of `data/genres.csv`, read on first use.
    pub fn get() -> &'static GenreTree {
        &TREE
    }

    pub fn genre(&self, id: GenreId) -> &Genre {
        &self.genres[self.position(id)]
    }

    /// Reads a slug exactly ("deep-house"); spellings like "Deep House" are the normaliser's job.
    pub fn parse_id(&self, slug: &str) -> Result<GenreId, UnknownGenre> {
        self.positions
            .get(slug)
            .map(|&at| self.genres[at].id)
            .ok_or_else(|| UnknownGenre(slug.chars().take(MAX_ECHO_CHARS).collect()))
    }

    pub fn parent(&self, id: GenreId) -> Option<&Genre> {
        self.parents[self.position(id)].map(|at| &self.genres[at])
    }

    /// The genres above `id`, nearest first, not including `id`.
    pub fn ancestors(&self, id: GenreId) -> impl Iterator<Item = &Genre> {
        std::iter::successors(self.parent(id), |genre| self.parent(genre.id))
    }

    /// Whether `id` is `ancestor` or lies below it: a track of deep house is "in house" and "in electronic".
    pub fn is_within(&self, id: GenreId, ancestor: GenreId) -> bool {
        self.contains(self.position(ancestor), self.position(id))
    }

    /// The genres directly below `id`, by name.
    pub fn children(&self, id: GenreId) -> impl Iterator<Item = &Genre> {
        let at = self.position(id);
        self.runs(at + 1, self.subtree_end[at])
    }

    /// Every genre below `id` at any depth, in tree order.
    pub fn descendants(&self, id: GenreId) -> &[Genre] {
        let at = self.position(id);
        &self.genres[at + 1..self.subtree_end[at]]
    }

    /// Every genre, depth first with siblings by name: an order that does not depend on how the file is arranged.
    pub fn all(&self) -> &[Genre] {
        &self.genres
    }

    /// The genres without a parent, by name.
    pub fn top_level(&self) -> impl Iterator<Item = &Genre> {
        self.runs(0, self.genres.len())
    }

    /// Maps a provider's genre or tag text onto the tree. Case, accents and separators do not matter, nor do a
    /// trailing "music" ("Latin Music") or a leading place word ("german hip hop" is hip hop). A combined name
    /// ("Techno/House", "R&B/Soul") is the nearest genre that contains every part (see `combined`).
    pub fn normalise(&self, text: &str) -> Normalised {
        if !spelling::has_content(text) {
            return Normalised::Nothing;
        }
        match self.find(&spelling::words(text)).or_else(|| self.combined(text)) {
            Some(at) => Normalised::Genre(self.genres[at].id),
            None => spelling::tag(text).map_or(Normalised::Nothing, Normalised::Tag),
        }
    }

    fn find(&self, words: &[String]) -> Option<usize> {
        let exact = |words: &[String]| self.keys.get(&spelling::key(words)).copied();
        let mut words = words;
        if let Some(at) = exact(words) {
            return Some(at);
        }
        if let [rest @ .., last] = words
            && last == "music"
            && !rest.is_empty()
        {
            words = rest;
            if let Some(at) = exact(words) {
                return Some(at);
            }
        }
        match words {
            [first, rest @ ..] if !rest.is_empty() && spelling::PLACE_WORDS.contains(&first.as_str()) => exact(rest),
            _ => None,
        }
    }

    /// Deezer's "Techno/House" becomes electronic, not house: the nearest genre holding both halves is true of every
    /// track Deezer files there, while either half alone would be false for the other half's tracks. Parts with
    /// no genre in common ("Hip-Hop/R&B") leave the text a tag.
    fn combined(&self, text: &str) -> Option<usize> {
        if !text.contains('/') {
            return None;
        }
        let mut parts = text.split('/').filter(|part| spelling::has_content(part));
        let first = self.find(&spelling::words(parts.next()?))?;
        parts.try_fold(first, |common, part| {
            let genre = self.find(&spelling::words(part))?;
            std::iter::successors(Some(common), |&at| self.parents[at]).find(|&at| self.contains(at, genre))
        })
    }

    fn position(&self, id: GenreId) -> usize {
        *self.positions.get(id.0).expect("a GenreId is only made by the tree, so it names one of its genres")
    }

    fn contains(&self, ancestor: usize, genre: usize) -> bool {
        (ancestor..self.subtree_end[ancestor]).contains(&genre)
    }

    /// The genres that start a subtree between `from` and `end`, skipping each one's subgenres.
    fn runs(&self, from: usize, end: usize) -> impl Iterator<Item = &Genre> {
        let before_end = move |at: &usize| *at < end;
        std::iter::successors(Some(from).filter(before_end), move |&at| Some(self.subtree_end[at]).filter(before_end))
            .map(|at| &self.genres[at])
    }
}

impl fmt::Display for Genre {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(slug: &str) -> GenreId {
        GenreTree::get().parse_id(slug).unwrap()
    }

    #[test]
    fn the_file_loads_and_is_a_few_hundred_genres() {
        let count = GenreTree::get().all().len();
        assert!((250..=400).contains(&count), "{count} genres");
    }

    #[test]
    fn walks_the_tree() {
        let tree = GenreTree::get();
        let names = |genres: Vec<&Genre>| genres.into_iter().map(|genre| genre.id.as_str()).collect::<Vec<_>>();
        assert_eq!(names(tree.ancestors(id("deep-house")).collect()), ["house", "electronic"]);
        assert_eq!(tree.parent(id("electronic")), None);
        assert!(tree.children(id("house")).any(|genre| genre.id == id("deep-house")));
        assert!(tree.children(id("electronic")).all(|genre| genre.parent == Some(id("electronic"))));
        assert!(tree.descendants(id("electronic")).iter().any(|genre| genre.id == id("deep-house")));
        assert!(tree.top_level().all(|genre| genre.parent.is_none()));
        assert_eq!(tree.top_level().count(), tree.all().iter().filter(|genre| genre.parent.is_none()).count());
        assert!(tree.is_within(id("deep-house"), id("electronic")));
        assert!(!tree.is_within(id("electronic"), id("deep-house")));
        assert!(!tree.is_within(id("deep-house"), id("techno")));
    }

    #[test]
    fn ids_parse_exactly_and_travel_as_strings() {
        assert_eq!("deep-house".parse::<GenreId>(), Ok(id("deep-house")));
        assert_eq!("Deep House".parse::<GenreId>(), Err(UnknownGenre("Deep House".into())));
        assert_eq!(serde_json::to_string(&id("r-and-b")).unwrap(), "\"r-and-b\"");
        assert_eq!(serde_json::from_str::<GenreId>("\"r-and-b\"").unwrap(), id("r-and-b"));
        assert!(serde_json::from_str::<GenreId>("\"rnb\"").is_err());
    }

    #[test]
    fn every_genre_has_a_name_that_normalises_to_it() {
        let tree = GenreTree::get();
        for genre in tree.all() {
            assert_eq!(tree.normalise(genre.name), Normalised::Genre(genre.id), "{}", genre.name);
            assert_eq!(tree.normalise(genre.id.as_str()), Normalised::Genre(genre.id));
            assert_eq!(tree.genre(genre.id), genre);
        }
    }
}
