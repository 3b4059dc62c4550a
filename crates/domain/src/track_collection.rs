//! A collection of the user's tracks that insights can be asked about: the whole library, liked songs, a playlist,
//! an album, an artist (the user's tracks by them), a genre (with its subgenres), a record label, one of the user's
//! tags, the tracks played in a date range, or the most played of a date range. A collection travels in links as one
//! query value, `of=kind:value` ("playlist:37i9…", "genre:deep-house", "played:2024-01-01..2024-12-31"), so every
//! dashboard has an address and a plain GET form can choose one.

use std::fmt;

use crate::genres::{GenreId, GenreTree};
use crate::link::Link;
use crate::listening::{HistoryRange, RangeProblem};
use crate::record_label::LabelKey;
use crate::spotify_id::SpotifyId;
use crate::tag::Tag;

/// The path of the insights page.
pub const INSIGHTS_PATH: &str = "/insights";

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TrackCollection {
    Library,
    Liked,
    Playlist(SpotifyId),
    Album(SpotifyId),
    Artist(SpotifyId),
    /// The genre and every genre below it.
    Genre(GenreId),
    Label(LabelKey),
    Tag(Tag),
    /// The tracks played in the range.
    Played(HistoryRange),
    /// The [`TOP_TRACKS`] most played tracks of the range.
    Top(HistoryRange),
}

/// How many tracks a top-tracks collection holds.
pub const TOP_TRACKS: usize = 50;

/// Why a collection's address was refused, naming what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CollectionProblem {
    #[error(
        "`{0}` is not a kind of collection (library, liked, playlist, album, artist, genre, label, tag, played or top)"
    )]
    UnknownKind(String),
    #[error("a {0} collection needs a value after `{0}:`")]
    MissingValue(&'static str),
    #[error("`{value}` is not a Spotify {kind} id (22 letters and digits)")]
    NotAnId { kind: &'static str, value: String },
    #[error("`{0}` is not a genre Crossfade knows")]
    UnknownGenre(String),
    #[error("`{0}` is not a record label's key")]
    NotALabel(String),
    #[error("`{value}` is not a tag: {why}")]
    NotATag { value: String, why: String },
    #[error("`{0}` is not a date range written FROM..TO (days as YYYY-MM-DD, either may be left out)")]
    NotARange(String),
    #[error("{0}")]
    BadRange(RangeProblem),
}

/// How much of a refused value a message repeats.
const ECHOED_CHARS: usize = 40;

fn echoed(text: &str) -> String {
    text.chars().take(ECHOED_CHARS).collect()
}

impl TrackCollection {
    /// The kind's word in addresses.
    pub fn kind(&self) -> &'static str {
        match self {
            TrackCollection::Library => "library",
            TrackCollection::Liked => "liked",
            TrackCollection::Playlist(_) => "playlist",
            TrackCollection::Album(_) => "album",
            TrackCollection::Artist(_) => "artist",
            TrackCollection::Genre(_) => "genre",
            TrackCollection::Label(_) => "label",
            TrackCollection::Tag(_) => "tag",
            TrackCollection::Played(_) => "played",
            TrackCollection::Top(_) => "top",
        }
    }

    /// `kind` or `kind:value`, as the `of` query value carries it.
    pub fn code(&self) -> String {
        let value = match self {
            TrackCollection::Library | TrackCollection::Liked => return self.kind().to_owned(),
            TrackCollection::Playlist(id) | TrackCollection::Album(id) | TrackCollection::Artist(id) => {
                id.as_str().to_owned()
            }
            TrackCollection::Genre(id) => id.as_str().to_owned(),
            TrackCollection::Label(key) => key.as_str().to_owned(),
            TrackCollection::Tag(tag) => tag.as_str().to_owned(),
            TrackCollection::Played(range) | TrackCollection::Top(range) => {
                let day = |day: Option<crate::day::Day>| day.map(|day| day.to_string()).unwrap_or_default();
                format!("{}..{}", day(range.from()), day(range.to()))
            }
        };
        format!("{}:{value}", self.kind())
    }

    /// Reads an `of` value; an absent or empty one is the whole library.
    pub fn parse(code: &str) -> Result<TrackCollection, CollectionProblem> {
        let code = code.trim();
        let (kind, value) = match code.split_once(':') {
            Some((kind, value)) => (kind, Some(value)),
            None => (code, None),
        };
        let needed =
            |kind: &'static str| value.filter(|value| !value.is_empty()).ok_or(CollectionProblem::MissingValue(kind));
        let id = |kind: &'static str| {
            let value = needed(kind)?;
            SpotifyId::parse(value).map_err(|_| CollectionProblem::NotAnId { kind, value: echoed(value) })
        };
        Ok(match kind {
            "" | "library" => TrackCollection::Library,
            "liked" => TrackCollection::Liked,
            "playlist" => TrackCollection::Playlist(id("playlist")?),
            "album" => TrackCollection::Album(id("album")?),
            "artist" => TrackCollection::Artist(id("artist")?),
            "genre" => {
                let value = needed("genre")?;
                TrackCollection::Genre(
                    GenreTree::get().parse_id(value).map_err(|_| CollectionProblem::UnknownGenre(echoed(value)))?,
                )
            }
            "label" => {
                let value = needed("label")?;
                TrackCollection::Label(
                    LabelKey::from_slug(value).map_err(|_| CollectionProblem::NotALabel(echoed(value)))?,
                )
            }
            "tag" => {
                let value = needed("tag")?;
                TrackCollection::Tag(
                    Tag::parse(value)
                        .map_err(|why| CollectionProblem::NotATag { value: echoed(value), why: why.to_string() })?,
                )
            }
            "played" => TrackCollection::Played(range(value.unwrap_or_default())?),
            "top" => TrackCollection::Top(range(value.unwrap_or_default())?),
            other => return Err(CollectionProblem::UnknownKind(echoed(other))),
        })
    }

    /// The insights page of this collection.
    pub fn href(&self) -> String {
        let mut link = Link::new(INSIGHTS_PATH);
        if *self != TrackCollection::Library {
            link.push("of", Some(&self.code()));
        }
        link.finish()
    }

    /// The genre slugs a genre collection takes in (the genre and its subgenres).
    pub fn genre_slugs(&self) -> Option<Vec<&'static str>> {
        match self {
            TrackCollection::Genre(id) => Some(
                std::iter::once(id.as_str())
                    .chain(GenreTree::get().descendants(*id).iter().map(|genre| genre.id.as_str()))
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// A range written `FROM..TO` (either side may be empty: all of the history before or after); empty is all of it.
fn range(text: &str) -> Result<HistoryRange, CollectionProblem> {
    if text.is_empty() {
        return Ok(HistoryRange::ALL);
    }
    let (from, to) = text.split_once("..").ok_or_else(|| CollectionProblem::NotARange(echoed(text)))?;
    HistoryRange::parse(Some(from), Some(to)).map_err(CollectionProblem::BadRange)
}

impl fmt::Display for TrackCollection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::link::query_pairs;

    fn examples() -> Vec<TrackCollection> {
        vec![
            TrackCollection::Library,
            TrackCollection::Liked,
            TrackCollection::Playlist(SpotifyId::parse("37i9dQZF1DXcBWIGoYBM5M").unwrap()),
            TrackCollection::Album(SpotifyId::parse("4aawyAB9vmqN3uQ7FjRGTy").unwrap()),
            TrackCollection::Artist(SpotifyId::parse("0OdUWJ0sBjDrqHygGUXeCF").unwrap()),
            TrackCollection::Genre(GenreTree::get().parse_id("deep-house").unwrap()),
            TrackCollection::Label(LabelKey::from_slug("ninja-tune").unwrap()),
            TrackCollection::Tag(Tag::parse("warm-up & late night").unwrap()),
            TrackCollection::Played(HistoryRange::year(2024).unwrap()),
            TrackCollection::Played(HistoryRange::parse(Some("2023-06-01"), None).unwrap()),
            TrackCollection::Top(HistoryRange::ALL),
        ]
    }

    #[test]
    fn every_collection_reads_back_from_its_code_and_its_link() {
        for collection in examples() {
            assert_eq!(TrackCollection::parse(&collection.code()), Ok(collection.clone()));
            let pairs = query_pairs(&collection.href());
            let of = pairs.iter().find(|(key, _)| key == "of").map_or("", |(_, value)| value.as_str());
            assert_eq!(TrackCollection::parse(of), Ok(collection));
        }
        assert_eq!(TrackCollection::Library.href(), "/insights");
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let problem = |code: &str| TrackCollection::parse(code).unwrap_err().to_string();
        assert_eq!(
            problem("mixtape:x"),
            "`mixtape` is not a kind of collection (library, liked, playlist, album, artist, genre, label, tag, played or \
             top)"
        );
        assert_eq!(
            problem("played:2024"),
            "`2024` is not a date range written FROM..TO (days as YYYY-MM-DD, either may be left out)"
        );
        assert_eq!(problem("top:2024-02-01..2024-01-01"), "the range ends (2024-01-01) before it starts (2024-02-01)");
        assert_eq!(TrackCollection::parse("top:"), Ok(TrackCollection::Top(HistoryRange::ALL)));
        assert_eq!(TrackCollection::Top(HistoryRange::ALL).code(), "top:..");
        assert_eq!(problem("playlist:"), "a playlist collection needs a value after `playlist:`");
        assert_eq!(problem("album:short"), "`short` is not a Spotify album id (22 letters and digits)");
        assert_eq!(problem("genre:nope-wave"), "`nope-wave` is not a genre Crossfade knows");
        assert!(problem("tag:").contains("needs a value"));
    }

    #[test]
    fn a_genre_takes_in_its_subgenres() {
        let house = TrackCollection::parse("genre:house").unwrap();
        let slugs = house.genre_slugs().unwrap();
        assert_eq!(slugs[0], "house");
        assert!(slugs.contains(&"deep-house"));
        assert_eq!(TrackCollection::Liked.genre_slugs(), None);
    }

    proptest! {
        #[test]
        fn any_text_parses_to_a_collection_with_that_code_or_to_a_refusal(code in ".{0,60}") {
            if let Ok(collection) = TrackCollection::parse(&code) {
                prop_assert_eq!(TrackCollection::parse(&collection.code()), Ok(collection));
            }
        }
    }
}
