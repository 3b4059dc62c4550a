//! What the chart sources know of the catalog, worked out once when the world is built: each track's seed, genres
//! and release day, the tracks of each chart genre, and the songs outside the catalog. A [`Song`] is either kind,
//! seen the same way by every service.

use std::collections::HashMap;

use time::Date;

use super::credits::without_featured;
use super::genres::{ChartGenre, GenreSet};
use super::noise::text_seed;
use super::outside::{OutsideSong, outside_songs};
use crate::catalog::Catalog;
use crate::providers::identity::ProviderIndex;

/// A song on a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ChartSong {
    /// A catalog track, by index.
    Catalog(usize),
    /// An outside song, by index in [`ChartIndex::outside`].
    Outside(usize),
}

/// What the charts need of a catalog track on every draw.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TrackFacts {
    pub seed: u64,
    /// Spotify's popularity, 0 to 100.
    pub popularity: u8,
    /// The title (without guests) and main artist, as a number: two tracks written alike on a chart would be one
    /// song to whoever reads it, so a chart lists only the first.
    pub written: u64,
    /// Julian day of the album's release.
    pub released: i64,
}

/// The chart sources' view of the catalog.
#[derive(Debug, Default)]
pub(crate) struct ChartIndex {
    pub tracks: Vec<TrackFacts>,
    /// The tracks counting toward each genre, in [`ChartGenre::ALL`] order.
    members: Vec<Vec<usize>>,
    pub outside: Vec<OutsideSong>,
    /// Seeds of the outside songs, in the same order.
    pub outside_seeds: Vec<u64>,
    outside_by_deezer_id: HashMap<u64, usize>,
    outside_by_isrc: HashMap<String, usize>,
}

impl ChartIndex {
    /// A track counts toward a genre when its own genre or one of its main artist's genres does.
    pub(crate) fn build(index: &ProviderIndex, catalog: &Catalog) -> Self {
        let mut members = vec![Vec::new(); ChartGenre::ALL.len()];
        let tracks: Vec<TrackFacts> = catalog
            .tracks
            .iter()
            .enumerate()
            .map(|(position, track)| {
                let mut genres = GenreSet::default();
                let artist_genres = track.artists.first().map_or(&[][..], |a| catalog.artists[*a].genres.as_slice());
                for genre in std::iter::once(&track.genre).chain(artist_genres).filter_map(|g| ChartGenre::of(g)) {
                    genres.insert(genre);
                }
                for (n, genre) in ChartGenre::ALL.iter().enumerate() {
                    if genres.contains(*genre) {
                        members[n].push(position);
                    }
                }
                TrackFacts {
                    seed: index.number("chart-track", &track.id, 0, u64::MAX - 1),
                    popularity: track.popularity,
                    written: written(&track.name, artist_name(catalog, track.artists.first())),
                    released: i64::from(catalog.albums[track.album].release.date.to_julian_day()),
                }
            })
            .collect();
        let newest = catalog.albums.iter().map(|album| album.release.date).max().unwrap_or(Date::MIN);
        let outside = outside_songs(index, newest);
        let outside_seeds =
            outside.iter().map(|song| index.number("chart-track", &song.key, 0, u64::MAX - 1)).collect();
        let outside_by_deezer_id = outside.iter().enumerate().map(|(n, song)| (song.deezer_id, n)).collect();
        let outside_by_isrc = outside.iter().enumerate().map(|(n, song)| (song.isrc.clone(), n)).collect();
        Self { tracks, members, outside, outside_seeds, outside_by_deezer_id, outside_by_isrc }
    }

    /// The catalog tracks counting toward `genre`, or every track.
    pub(crate) fn members(&self, genre: Option<ChartGenre>) -> Vec<usize> {
        match genre {
            Some(genre) => self.members[genre as usize].clone(),
            None => (0..self.tracks.len()).collect(),
        }
    }

    /// The outside songs of `genre`, or of every genre.
    pub(crate) fn outside_of(&self, genre: Option<ChartGenre>) -> impl Iterator<Item = usize> + '_ {
        (0..self.outside.len()).filter(move |n| genre.is_none_or(|genre| self.outside[*n].genre == genre))
    }

    /// The outside song Deezer knows by this id.
    pub(crate) fn outside_by_deezer_id(&self, id: u64) -> Option<usize> {
        self.outside_by_deezer_id.get(&id).copied()
    }

    /// The outside song with this ISRC (any case).
    pub(crate) fn outside_by_isrc(&self, isrc: &str) -> Option<usize> {
        self.outside_by_isrc.get(&isrc.to_ascii_uppercase()).copied()
    }

    /// Every song: the catalog's tracks, then the outside songs.
    pub(crate) fn all_songs(&self) -> impl Iterator<Item = ChartSong> {
        (0..self.tracks.len()).map(ChartSong::Catalog).chain((0..self.outside.len()).map(ChartSong::Outside))
    }

    /// The seed of a song's draws.
    pub(crate) fn seed(&self, song: ChartSong) -> u64 {
        match song {
            ChartSong::Catalog(track) => self.tracks[track].seed,
            ChartSong::Outside(n) => self.outside_seeds[n],
        }
    }

    /// The song as every service sees it.
    pub(crate) fn song<'a>(&'a self, catalog: &'a Catalog, song: ChartSong) -> Song<'a> {
        match song {
            ChartSong::Catalog(position) => {
                let track = &catalog.tracks[position];
                let album = &catalog.albums[track.album];
                Song {
                    chart_song: song,
                    key: &track.id,
                    title: &track.name,
                    artists: track.artists.iter().map(|a| catalog.artists[*a].name.as_str()).collect(),
                    album: &album.name,
                    duration_ms: track.duration_ms,
                    explicit: track.explicit,
                    isrc: &track.isrc,
                    released: album.release.date,
                    popularity: track.popularity,
                    genre: ChartGenre::of(&track.genre),
                }
            }
            ChartSong::Outside(n) => {
                let outside = &self.outside[n];
                Song {
                    chart_song: song,
                    key: &outside.key,
                    title: &outside.title,
                    artists: outside.artists.iter().map(String::as_str).collect(),
                    album: &outside.album,
                    duration_ms: outside.duration_ms,
                    explicit: outside.explicit,
                    isrc: &outside.isrc,
                    released: outside.released,
                    popularity: outside.popularity,
                    genre: Some(outside.genre),
                }
            }
        }
    }
}

/// The main artist's name.
fn artist_name<'a>(catalog: &'a Catalog, artist: Option<&usize>) -> &'a str {
    artist.map_or("", |artist| catalog.artists[*artist].name.as_str())
}

/// A number for a title (without guests) and main artist, whatever their case.
pub(crate) fn written(title: &str, main_artist: &str) -> u64 {
    text_seed(&format!("{}|{}", without_featured(title).to_lowercase(), main_artist.to_lowercase()))
}

/// A song as the services write it: title, artists (main first), album, and the facts they report.
#[derive(Debug, Clone)]
pub(crate) struct Song<'a> {
    pub chart_song: ChartSong,
    /// What every draw about the song hashes: the Spotify track id, or the outside song's key.
    pub key: &'a str,
    pub title: &'a str,
    pub artists: Vec<&'a str>,
    pub album: &'a str,
    pub duration_ms: u32,
    pub explicit: bool,
    pub isrc: &'a str,
    pub released: Date,
    pub popularity: u8,
    pub genre: Option<ChartGenre>,
}

impl Song<'_> {
    /// The main artist.
    pub(crate) fn main_artist(&self) -> &str {
        self.artists.first().copied().unwrap_or_default()
    }
}
