//! Building the catalog: generated deterministically from a seed, or assembled from CSV rows.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration, Month};

use super::csv_import::{CsvError, ParsedCsv, SkippedRow, parse_tracks_csv};
use super::features::FeatureModel;
use super::ids::{isrc, random_id, upc};
use super::names;
use super::stats::FeatureStats;
use super::{Album, AlbumType, Artist, Catalog, DatePrecision, Episode, ReleaseDate, Show, Track};
use crate::config::CatalogOptions;

/// Why a catalog could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The embedded statistics did not parse (a packaging error).
    #[error("the embedded audio-feature statistics are unreadable: {0}")]
    Stats(#[from] serde_json::Error),
    /// The CSV was rejected.
    #[error("catalog CSV: {0}")]
    Csv(#[from] CsvError),
    /// The CSV has no usable row.
    #[error("catalog CSV: no usable rows")]
    EmptyCsv,
}

/// Builds the catalog for `seed`. Generated catalogs have at least `min_tracks` tracks; releases and episodes
/// are dated up to `today`. Returns the CSV rows that were skipped.
pub fn build_catalog(
    seed: u64,
    options: &CatalogOptions,
    today: Date,
    min_tracks: usize,
) -> Result<(Catalog, Vec<SkippedRow>), CatalogError> {
    let stats = FeatureStats::embedded()?;
    let model = FeatureModel::new(&stats);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(1);
    let (mut catalog, skipped) = match &options.csv {
        Some(csv) => {
            let parsed = parse_tracks_csv(&csv.text, csv.strict)?;
            if parsed.rows.is_empty() {
                return Err(CatalogError::EmptyCsv);
            }
            let skipped = parsed.skipped.clone();
            (from_csv(parsed, &mut rng, today), skipped)
        }
        None => {
            let genres: Vec<(String, f64)> =
                stats.by_genre.iter().map(|(genre, g)| (genre.clone(), f64::from(g.n).sqrt())).collect();
            (generate(&model, &genres, options.tracks.max(min_tracks), &mut rng, today), Vec::new())
        }
    };
    add_shows(&mut catalog, options.shows, &mut rng, today);
    catalog.reindex();
    Ok((catalog, skipped))
}

fn weighted_genre<'a>(genres: &'a [(String, f64)], rng: &mut impl Rng) -> &'a str {
    let total: f64 = genres.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random::<f64>() * total;
    for (genre, weight) in genres {
        if pick < *weight {
            return genre;
        }
        pick -= weight;
    }
    genres.last().map_or("pop", |(genre, _)| genre)
}

fn generate(
    model: &FeatureModel,
    genres: &[(String, f64)],
    target_tracks: usize,
    rng: &mut ChaCha8Rng,
    today: Date,
) -> Catalog {
    let mut catalog = Catalog::default();
    while catalog.tracks.len() < target_tracks {
        let mut artist_genres = vec![weighted_genre(genres, rng).to_owned()];
        for _ in 0..rng.random_range(0..3) {
            let extra = weighted_genre(genres, rng).to_owned();
            if !artist_genres.contains(&extra) {
                artist_genres.push(extra);
            }
        }
        let popularity = (rng.random::<f64>().powf(1.6) * 95.0) as u8 + rng.random_range(0..6);
        let artist = catalog.artists.len();
        catalog.artists.push(Artist {
            id: random_id(rng),
            name: names::artist_name(rng),
            genres: artist_genres,
            popularity,
            followers: (f64::from(popularity).powi(3) * rng.random_range(1.0..12.0)) as u32,
            has_image: rng.random_bool(0.95),
            albums: Vec::new(),
        });
        let debut = rng.random_range(1965..today.year());
        let releases = 1 + (rng.random::<f64>().powi(2) * 7.0) as usize;
        let mut year = debut;
        for release in 0..releases {
            let brand_new = release + 1 == releases && rng.random_bool(0.04);
            let date = if brand_new {
                today - Duration::days(rng.random_range(0..14))
            } else {
                release_date(year, rng, today)
            };
            year = (year + rng.random_range(0..4)).min(today.year());
            add_album(&mut catalog, model, artist, date, rng);
        }
    }
    catalog
}

fn release_date(year: i32, rng: &mut impl Rng, today: Date) -> Date {
    let month = Month::try_from(rng.random_range(1..=12u8)).unwrap_or(Month::January);
    let day = rng.random_range(1..=28u8);
    Date::from_calendar_date(year, month, day).unwrap_or(today).min(today - Duration::days(15))
}

fn add_album(catalog: &mut Catalog, model: &FeatureModel, artist: usize, date: Date, rng: &mut ChaCha8Rng) {
    let roll = rng.random::<f64>();
    let (album_type, track_count) = match roll {
        r if r < 0.40 => (AlbumType::Single, rng.random_range(1..=3)),
        r if r < 0.47 => (AlbumType::Single, rng.random_range(4..=6)),
        r if r < 0.93 => (AlbumType::Album, rng.random_range(7..=16)),
        _ => (AlbumType::Compilation, rng.random_range(10..=20)),
    };
    let precision = match (date.year(), rng.random::<f64>()) {
        (year, r) if year < 1990 && r < 0.35 => DatePrecision::Year,
        (_, r) if r < 0.05 => DatePrecision::Year,
        (_, r) if r < 0.09 => DatePrecision::Month,
        _ => DatePrecision::Day,
    };
    let date = match precision {
        DatePrecision::Year => Date::from_calendar_date(date.year(), Month::January, 1).unwrap_or(date),
        DatePrecision::Month => date.replace_day(1).unwrap_or(date),
        DatePrecision::Day => date,
    };
    let artist_popularity = i16::from(catalog.artists[artist].popularity);
    let album_popularity = (artist_popularity + rng.random_range(-15..=10)).clamp(0, 100) as u8;
    let album = catalog.albums.len();
    let name = if album_type == AlbumType::Compilation { "Greatest Hits".to_owned() } else { names::album_name(rng) };
    let main_genre = catalog.artists[artist].genres[0].clone();
    let secondary = catalog.artists[artist].genres.last().cloned().unwrap_or_else(|| main_genre.clone());
    let mut tracks = Vec::with_capacity(track_count);
    for position in 0..track_count {
        let genre = if rng.random_bool(0.8) { main_genre.clone() } else { secondary.clone() };
        let mut artists = vec![artist];
        if rng.random_bool(0.12) && artist > 0 {
            artists.push(rng.random_range(0..artist));
        }
        let two_discs = track_count > 14 && position >= track_count / 2;
        let explicit_share = if main_genre == "hip-hop" { 0.45 } else { 0.1 };
        tracks.push(catalog.tracks.len());
        catalog.tracks.push(Track {
            id: random_id(rng),
            name: if track_count == 1 && rng.random_bool(0.7) { name.clone() } else { names::track_name(rng) },
            album,
            artists,
            disc_number: if two_discs { 2 } else { 1 },
            track_number: if two_discs { position - track_count / 2 + 1 } else { position + 1 } as u16,
            duration_ms: model.draw_duration_ms(rng),
            explicit: rng.random_bool(explicit_share),
            isrc: isrc(rng, date.year()),
            popularity: (i16::from(album_popularity) + rng.random_range(-10..=10)).clamp(0, 100) as u8,
            has_preview: rng.random_bool(0.03),
            features: model.draw(&genre, rng),
            genre,
        });
    }
    catalog.albums.push(Album {
        id: random_id(rng),
        name,
        artists: vec![artist],
        album_type,
        release: ReleaseDate { date, precision },
        label: names::label_name(rng),
        upc: upc(rng),
        popularity: album_popularity,
        tracks,
    });
    catalog.artists[artist].albums.push(album);
}

fn from_csv(parsed: ParsedCsv, rng: &mut ChaCha8Rng, today: Date) -> Catalog {
    let mut catalog = Catalog::default();
    let mut artist_by_name: HashMap<String, usize> = HashMap::new();
    let mut album_by_key: HashMap<(String, usize), usize> = HashMap::new();
    let mut seen_tracks: HashMap<String, ()> = HashMap::new();
    for row in parsed.rows {
        if seen_tracks.insert(row.track_id.clone(), ()).is_some() {
            continue;
        }
        let artists: Vec<usize> = row
            .artists
            .iter()
            .map(|name| {
                *artist_by_name.entry(name.clone()).or_insert_with(|| {
                    catalog.artists.push(Artist {
                        id: random_id(rng),
                        name: name.clone(),
                        genres: Vec::new(),
                        popularity: row.popularity,
                        followers: u32::from(row.popularity).pow(3),
                        has_image: true,
                        albums: Vec::new(),
                    });
                    catalog.artists.len() - 1
                })
            })
            .collect();
        for artist in &artists {
            let genres = &mut catalog.artists[*artist].genres;
            if !genres.contains(&row.genre) {
                genres.push(row.genre.clone());
            }
        }
        let album = *album_by_key.entry((row.album_name.clone(), artists[0])).or_insert_with(|| {
            let year = rng.random_range(1965..=today.year());
            catalog.albums.push(Album {
                id: random_id(rng),
                name: row.album_name.clone(),
                artists: vec![artists[0]],
                album_type: AlbumType::Album,
                release: ReleaseDate { date: release_date(year, rng, today), precision: DatePrecision::Day },
                label: names::label_name(rng),
                upc: upc(rng),
                popularity: row.popularity,
                tracks: Vec::new(),
            });
            catalog.artists[artists[0]].albums.push(catalog.albums.len() - 1);
            catalog.albums.len() - 1
        });
        let position = catalog.albums[album].tracks.len();
        catalog.albums[album].tracks.push(catalog.tracks.len());
        let year = catalog.albums[album].release.date.year();
        catalog.tracks.push(Track {
            id: row.track_id,
            name: row.track_name,
            album,
            artists,
            disc_number: 1,
            track_number: (position + 1) as u16,
            duration_ms: row.duration_ms,
            explicit: row.explicit,
            isrc: isrc(rng, year),
            popularity: row.popularity,
            has_preview: false,
            genre: row.genre,
            features: row.features,
        });
    }
    for album in &mut catalog.albums {
        if album.tracks.len() <= 3 {
            album.album_type = AlbumType::Single;
        }
    }
    catalog
}

fn add_shows(catalog: &mut Catalog, shows: usize, rng: &mut ChaCha8Rng, today: Date) {
    for index in 0..shows {
        let (name, publisher) = names::show_name(index, rng);
        let show = catalog.shows.len();
        let mut episodes = Vec::new();
        for number in (1..=rng.random_range(6..=16)).rev() {
            episodes.push(catalog.episodes.len());
            catalog.episodes.push(Episode {
                id: random_id(rng),
                name: names::episode_name(number, rng),
                show,
                description: format!("Episode {number} of {name}."),
                duration_ms: rng.random_range(900_000..4_800_000),
                release: today - Duration::weeks(episodes.len() as i64) - Duration::days(rng.random_range(0..7)),
                explicit: rng.random_bool(0.2),
            });
        }
        catalog.shows.push(Show {
            id: random_id(rng),
            description: format!("{name}: conversations about how records get made."),
            name,
            publisher,
            episodes,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn same_seed_same_catalog_and_different_seed_differs() {
        let options = CatalogOptions { tracks: 800, ..CatalogOptions::default() };
        let (a, _) = build_catalog(9, &options, date!(2026 - 06 - 01), 0).unwrap();
        let (b, _) = build_catalog(9, &options, date!(2026 - 06 - 01), 0).unwrap();
        let (c, _) = build_catalog(10, &options, date!(2026 - 06 - 01), 0).unwrap();
        assert_eq!(a, b);
        assert_ne!(a.tracks[0].id, c.tracks[0].id);
        assert!(a.tracks.len() >= 800);
        assert_eq!(a.track_index(&a.tracks[5].id), Some(5));
        assert!(a.albums.iter().all(|album| album.release.date <= date!(2026 - 06 - 01)));
        assert!(a.albums.iter().any(|album| album.release.date > date!(2026 - 05 - 17)), "some brand-new releases");
    }
}
