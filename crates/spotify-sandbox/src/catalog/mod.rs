//! The sandbox's music catalog: artists, albums, tracks with audio features, podcast shows and episodes.
//!
//! A catalog is either generated from a seed (`generate`) or loaded from a CSV in the "Spotify tracks dataset"
//! layout (`csv_import`). Everything else refers to its items by index.

mod csv_import;
mod features;
mod generate;
mod ids;
pub(crate) mod names;
mod normal;
mod stats;

use std::collections::HashMap;

use time::Date;

pub use csv_import::{CsvError, CsvTrackRow, ParsedCsv, SkippedRow, parse_tracks_csv};
pub use features::{AudioFeatures, FeatureModel};
pub use generate::{CatalogError, build_catalog};
pub(crate) use ids::editorial_playlist_id;
pub use ids::random_id;
pub use stats::{FeatureStats, FeatureSummary};

/// Every artist, album, track, show and episode the sandbox knows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog {
    /// Artists, indexed by position.
    pub artists: Vec<Artist>,
    /// Albums, indexed by position.
    pub albums: Vec<Album>,
    /// Tracks, indexed by position.
    pub tracks: Vec<Track>,
    /// Podcast shows.
    pub shows: Vec<Show>,
    /// Podcast episodes.
    pub episodes: Vec<Episode>,
    index: Index,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Index {
    artists: HashMap<String, usize>,
    albums: HashMap<String, usize>,
    tracks: HashMap<String, usize>,
    shows: HashMap<String, usize>,
    episodes: HashMap<String, usize>,
}

impl Catalog {
    /// Builds the id indexes; call after filling the vectors.
    pub(crate) fn reindex(&mut self) {
        fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
            items.iter().enumerate().map(|(index, item)| (id(item).to_owned(), index)).collect()
        }
        self.index = Index {
            artists: by_id(&self.artists, |a| &a.id),
            albums: by_id(&self.albums, |a| &a.id),
            tracks: by_id(&self.tracks, |t| &t.id),
            shows: by_id(&self.shows, |s| &s.id),
            episodes: by_id(&self.episodes, |e| &e.id),
        };
    }

    /// The index of the artist with this id.
    pub fn artist_index(&self, id: &str) -> Option<usize> {
        self.index.artists.get(id).copied()
    }

    /// The index of the album with this id.
    pub fn album_index(&self, id: &str) -> Option<usize> {
        self.index.albums.get(id).copied()
    }

    /// The index of the track with this id.
    pub fn track_index(&self, id: &str) -> Option<usize> {
        self.index.tracks.get(id).copied()
    }

    /// The index of the show with this id.
    pub fn show_index(&self, id: &str) -> Option<usize> {
        self.index.shows.get(id).copied()
    }

    /// The index of the episode with this id.
    pub fn episode_index(&self, id: &str) -> Option<usize> {
        self.index.episodes.get(id).copied()
    }
}

/// An artist.
#[derive(Debug, Clone, PartialEq)]
pub struct Artist {
    /// Spotify id (22 base62 characters).
    pub id: String,
    /// Name.
    pub name: String,
    /// Genres, the first one being the artist's main genre.
    pub genres: Vec<String>,
    /// Popularity, 0 to 100.
    pub popularity: u8,
    /// Follower count.
    pub followers: u32,
    /// Whether the artist has a picture.
    pub has_image: bool,
    /// The artist's albums (indexes), oldest first.
    pub albums: Vec<usize>,
}

/// What kind of release an album is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlbumType {
    /// A full-length album.
    Album,
    /// A single or an EP.
    Single,
    /// A compilation.
    Compilation,
}

impl AlbumType {
    /// Spotify's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AlbumType::Album => "album",
            AlbumType::Single => "single",
            AlbumType::Compilation => "compilation",
        }
    }
}

/// How precisely a release date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// The exact day.
    Day,
}

/// A release date with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseDate {
    /// The date (first of the month or year when less precise).
    pub date: Date,
    /// How much of `date` is known.
    pub precision: DatePrecision,
}

impl ReleaseDate {
    /// Spotify's `release_date` text: `1981`, `1981-12` or `1981-12-15`.
    pub fn text(&self) -> String {
        let (y, m, d) = (self.date.year(), u8::from(self.date.month()), self.date.day());
        match self.precision {
            DatePrecision::Year => format!("{y:04}"),
            DatePrecision::Month => format!("{y:04}-{m:02}"),
            DatePrecision::Day => format!("{y:04}-{m:02}-{d:02}"),
        }
    }

    /// Spotify's `release_date_precision`.
    pub fn precision_text(&self) -> &'static str {
        match self.precision {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
        }
    }
}

/// An album, single or compilation.
#[derive(Debug, Clone, PartialEq)]
pub struct Album {
    /// Spotify id.
    pub id: String,
    /// Title.
    pub name: String,
    /// Album artists (indexes).
    pub artists: Vec<usize>,
    /// Album type.
    pub album_type: AlbumType,
    /// Release date.
    pub release: ReleaseDate,
    /// Record label.
    pub label: String,
    /// UPC barcode (12 digits).
    pub upc: String,
    /// Popularity, 0 to 100.
    pub popularity: u8,
    /// Tracks (indexes) in disc and track order.
    pub tracks: Vec<usize>,
}

/// A track.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Spotify id.
    pub id: String,
    /// Title.
    pub name: String,
    /// The album (index).
    pub album: usize,
    /// Performing artists (indexes), main artist first.
    pub artists: Vec<usize>,
    /// Disc number, from 1.
    pub disc_number: u8,
    /// Position on the disc, from 1.
    pub track_number: u16,
    /// Duration.
    pub duration_ms: u32,
    /// Explicit lyrics.
    pub explicit: bool,
    /// International Standard Recording Code.
    pub isrc: String,
    /// Popularity, 0 to 100.
    pub popularity: u8,
    /// Whether a 30-second preview exists (rarely, as on Spotify today).
    pub has_preview: bool,
    /// The genre the audio features were drawn for.
    pub genre: String,
    /// Audio features.
    pub features: AudioFeatures,
}

/// A podcast show.
#[derive(Debug, Clone, PartialEq)]
pub struct Show {
    /// Spotify id.
    pub id: String,
    /// Title.
    pub name: String,
    /// Publisher.
    pub publisher: String,
    /// Description.
    pub description: String,
    /// Episodes (indexes), newest first.
    pub episodes: Vec<usize>,
}

/// A podcast episode.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    /// Spotify id.
    pub id: String,
    /// Title.
    pub name: String,
    /// The show (index).
    pub show: usize,
    /// Description.
    pub description: String,
    /// Duration.
    pub duration_ms: u32,
    /// Release date (day precision).
    pub release: Date,
    /// Explicit content.
    pub explicit: bool,
}
