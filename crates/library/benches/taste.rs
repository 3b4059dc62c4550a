//! Benchmark: how high the taste ranking puts the new releases a DJ would keep. No database: the tracks come from the
//! sandbox's generated catalog.
//!
//! The generated catalog knows only broad genres, so a style here is what the stores file under it: the catalog's
//! `electronic` and `dance` tracks within the style's tempo band (drum & bass also at the half tempo analysers often
//! report). For each style a DJ's golden playlists are three categories, taken in this order so no track is in two:
//! "Label picks" (everything on the labels with the most of the style's tracks, until there are at least 60; labels
//! as Crossfade groups them, so "Harbor Records" and "Harbor Music" are one), "Peak Time" (energy in the style's top
//! quarter and danceability above its median) and "Warm-up" (energy and valence both in the style's lowest 35 %),
//! each at most 150 tracks drawn at random from those that qualify. A fifth of each golden playlist is hidden among
//! a week of 300 other tracks of the style; the week is ranked with the other four fifths as the golden tracks.
//! Recall@10 and recall@50 say how many of the hidden tracks made the top 10 and 50, precision@10 how many of the
//! first 10 cards are hidden tracks. Tracks that qualify but were not drawn into a playlist may be among the week's
//! others: they count as misses, as a new release the DJ never saw would. Baselines: a random order and the order
//! of publication (releases one after another in a random order, each release's tracks together). Figures are
//! summed over several catalogs and the styles; the time is that of one `rank_by_taste` call. Then the time of the
//! largest ranking a user has: 500 candidates against 2,000 golden tracks. Nothing asserts a figure or a time.
//!
//! `SQLX_OFFLINE=true cargo bench -p crossfade-library --bench taste`

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crossfade_domain::{GoldenTrack, Key, LabelKey, RecordLabel, TasteTrack, rank_by_taste};
use crossfade_spotify_sandbox::CatalogOptions;
use crossfade_spotify_sandbox::catalog::{Catalog, Track, build_catalog};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use time::{Date, Month};

/// The catalogs the weeks are drawn from.
const SEEDS: [u64; 3] = [7, 8, 9];
/// Enough tracks that each style has a thousand or more.
const CATALOG_TRACKS: usize = 60_000;
const WEEK_OTHERS: usize = 300;
const MAX_GOLDEN: usize = 150;
const LABEL_PICKS: usize = 60;
/// One hidden track in this many.
const HIDE_ONE_IN: usize = 5;

/// A style: its slug and whether a tempo falls in its band.
struct Style {
    name: &'static str,
    in_band: fn(f64) -> bool,
}

const STYLES: [Style; 4] = [
    Style { name: "deep-house", in_band: |bpm| (112.0..122.0).contains(&bpm) },
    Style { name: "house", in_band: |bpm| (122.0..128.0).contains(&bpm) },
    Style { name: "techno", in_band: |bpm| (128.0..150.0).contains(&bpm) },
    Style { name: "drum-and-bass", in_band: |bpm| (164.0..180.0).contains(&bpm) || (82.0..90.0).contains(&bpm) },
];

/// Orders of a week, in the table's order.
const ORDERS: [&str; 3] = ["taste ranking", "random order", "publish order"];

/// Hits in the top 10 and top 50, the number hidden and the number of weeks, summed over every week.
#[derive(Default, Clone, Copy)]
struct Hits {
    at_10: usize,
    at_50: usize,
    hidden: usize,
    weeks: usize,
}

impl Hits {
    fn add(&mut self, order: &[usize], hidden: &[bool]) {
        let hits = |top: usize| order.iter().take(top).filter(|at| hidden[**at]).count();
        self.at_10 += hits(10);
        self.at_50 += hits(50);
        self.hidden += hidden.iter().filter(|hidden| **hidden).count();
        self.weeks += 1;
    }
}

fn main() {
    let today = Date::from_calendar_date(2026, Month::March, 2).expect("a date");
    let mut recalls = [Hits::default(); ORDERS.len()];
    let mut ideal = Hits::default();
    let mut times = Vec::new();
    let mut weeks = 0;
    let (mut golden_sizes, mut week_sizes) = (0, 0);
    let mut first_card = None;
    for seed in SEEDS {
        let (catalog, _) =
            build_catalog(seed, &CatalogOptions::default(), today, CATALOG_TRACKS).expect("a generated catalog");
        let mut rng = StdRng::seed_from_u64(seed);
        for style in &STYLES {
            let tracks: Vec<usize> = (0..catalog.tracks.len())
                .filter(|at| {
                    let track = &catalog.tracks[*at];
                    matches!(track.genre.as_str(), "electronic" | "dance") && (style.in_band)(track.features.tempo)
                })
                .collect();
            let categories = golden_categories(&catalog, &tracks, &mut rng);
            let in_golden: Vec<usize> = categories.iter().flat_map(|(_, members)| members.iter().copied()).collect();
            let mut others: Vec<usize> = tracks.iter().copied().filter(|at| !in_golden.contains(at)).collect();
            others.shuffle(&mut rng);
            others.truncate(WEEK_OTHERS);
            let mut golden = Vec::new();
            let mut week = others;
            for (category, members) in &categories {
                let (hidden, kept) = members.split_at(members.len() / HIDE_ONE_IN);
                week.extend_from_slice(hidden);
                golden.extend(kept.iter().map(|at| GoldenTrack {
                    category: (*category).to_owned(),
                    track: taste_track(&catalog, &catalog.tracks[*at], style.name),
                }));
            }
            week.shuffle(&mut rng);
            let hidden: Vec<bool> = week.iter().map(|at| in_golden.contains(at)).collect();
            let pool: Vec<TasteTrack> =
                week.iter().map(|at| taste_track(&catalog, &catalog.tracks[*at], style.name)).collect();

            let started = Instant::now();
            let ranked = rank_by_taste(&pool, &golden);
            times.push(started.elapsed());
            let taste: Vec<usize> = ranked.iter().map(|rank| rank.index).collect();
            let mut random: Vec<usize> = (0..week.len()).collect();
            random.shuffle(&mut rng);
            recalls[0].add(&taste, &hidden);
            recalls[1].add(&random, &hidden);
            recalls[2].add(&publish_order(&catalog, &week, &mut rng), &hidden);
            let mut best: Vec<usize> = (0..week.len()).collect();
            best.sort_by_key(|at| !hidden[*at]);
            ideal.add(&best, &hidden);
            weeks += 1;
            golden_sizes += golden.len();
            week_sizes += week.len();
            if first_card.is_none() {
                first_card = ranked.first().and_then(|rank| rank.reason.clone()).map(|reason| reason.to_string());
            }
        }
        if seed == SEEDS[0] {
            times_of_the_largest_ranking(&catalog, &mut rng);
        }
    }

    println!(
        "\nhidden golden tracks among a week's releases: {weeks} weeks ({} styles × {} catalogs), on average {} golden \
         tracks kept and {} tracks in a week, a fifth of each golden playlist hidden",
        STYLES.len(),
        SEEDS.len(),
        golden_sizes / weeks,
        week_sizes / weeks,
    );
    println!("{:<16} {:>10} {:>10} {:>13}", "order", "recall@10", "recall@50", "precision@10");
    for (name, recall) in ORDERS.iter().zip(recalls).chain([(&"best possible", ideal)]) {
        let share = |hits: usize, of: usize| 100.0 * hits as f64 / of as f64;
        println!(
            "{name:<16} {:>9.1}% {:>9.1}% {:>12.1}%",
            share(recall.at_10, recall.hidden),
            share(recall.at_50, recall.hidden),
            share(recall.at_10, 10 * recall.weeks),
        );
    }
    println!("one ranking of a week: {:.2} ms on average", millis(times.iter().sum::<Duration>()) / weeks as f64);
    if let Some(reason) = first_card {
        println!("the first week's top card: {reason}");
    }
}

/// A style's golden playlists: each category's name and its tracks (catalog positions), in a random order.
fn golden_categories(catalog: &Catalog, tracks: &[usize], rng: &mut StdRng) -> Vec<(&'static str, Vec<usize>)> {
    let mut by_label: BTreeMap<LabelKey, Vec<usize>> = BTreeMap::new();
    for at in tracks {
        if let Some(label) = RecordLabel::parse(&catalog.albums[catalog.tracks[*at].album].label) {
            by_label.entry(label.key().clone()).or_default().push(*at);
        }
    }
    let mut labels: Vec<(LabelKey, Vec<usize>)> = by_label.into_iter().collect();
    labels.sort_by_key(|(_, members)| std::cmp::Reverse(members.len()));
    let mut picks = Vec::new();
    for (_, members) in labels {
        if picks.len() >= LABEL_PICKS {
            break;
        }
        picks.extend(members);
    }
    let rest: Vec<usize> = tracks.iter().copied().filter(|at| !picks.contains(at)).collect();
    let features = |at: &usize| catalog.tracks[*at].features;
    let energy = percentiles(rest.iter().map(|at| features(at).energy));
    let danceability = percentiles(rest.iter().map(|at| features(at).danceability));
    let valence = percentiles(rest.iter().map(|at| features(at).valence));
    let peak: Vec<usize> = rest
        .iter()
        .copied()
        .filter(|at| features(at).energy >= energy(0.75) && features(at).danceability >= danceability(0.5))
        .collect();
    let warm: Vec<usize> = rest
        .iter()
        .copied()
        .filter(|at| features(at).energy <= energy(0.35) && features(at).valence <= valence(0.35))
        .collect();
    [("Label picks", picks), ("Peak Time", peak), ("Warm-up", warm)]
        .into_iter()
        .map(|(name, mut members)| {
            members.shuffle(rng);
            members.truncate(MAX_GOLDEN);
            (name, members)
        })
        .collect()
}

/// The value below which a share of `values` lies.
fn percentiles(values: impl Iterator<Item = f64>) -> impl Fn(f64) -> f64 {
    let mut sorted: Vec<f64> = values.collect();
    sorted.sort_by(f64::total_cmp);
    move |share| sorted[((sorted.len() - 1) as f64 * share).round() as usize]
}

/// The week as the releases were published: one release after another in a random order, each release's tracks
/// together in track order.
fn publish_order(catalog: &Catalog, week: &[usize], rng: &mut StdRng) -> Vec<usize> {
    let mut albums: Vec<usize> = week.iter().map(|at| catalog.tracks[*at].album).collect();
    albums.sort_unstable();
    albums.dedup();
    albums.shuffle(rng);
    let mut order: Vec<usize> = (0..week.len()).collect();
    order.sort_by_key(|at| {
        let track = &catalog.tracks[week[*at]];
        (albums.iter().position(|album| *album == track.album), track.disc_number, track.track_number)
    });
    order
}

/// The largest ranking a user has: 500 candidates against 2,000 golden tracks in four categories; the median of
/// five runs.
fn times_of_the_largest_ranking(catalog: &Catalog, rng: &mut StdRng) {
    let mut electronic: Vec<&Track> =
        catalog.tracks.iter().filter(|track| matches!(track.genre.as_str(), "electronic" | "dance")).collect();
    electronic.shuffle(rng);
    let pool: Vec<TasteTrack> = electronic[..500].iter().map(|track| taste_track(catalog, track, "techno")).collect();
    let golden: Vec<GoldenTrack> = electronic[500..2_500]
        .iter()
        .enumerate()
        .map(|(at, track)| GoldenTrack {
            category: ["Peak Time", "Warm-up", "Closing", "Label picks"][at % 4].to_owned(),
            track: taste_track(catalog, track, "techno"),
        })
        .collect();
    let mut runs: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(rank_by_taste(std::hint::black_box(&pool), &golden));
            started.elapsed()
        })
        .collect();
    runs.sort();
    println!("500 candidates × 2,000 golden tracks: {:.1} ms (median of 5)", millis(runs[2]));
}

/// What the ranking sees of a catalog track: its features, key, the style and its artists' genres, its album's
/// label, its artists' names in lower case.
fn taste_track(catalog: &Catalog, track: &Track, style: &str) -> TasteTrack {
    let features = track.features;
    let artists = track.artists.iter().map(|at| &catalog.artists[*at]);
    let mut genres = vec![style.to_owned()];
    for genre in artists.clone().flat_map(|artist| &artist.genres) {
        if !genres.contains(genre) {
            genres.push(genre.clone());
        }
    }
    TasteTrack {
        bpm: Some(features.tempo).filter(|bpm| *bpm > 0.0),
        key: Key::from_numbers(i64::from(features.key), i64::from(features.mode)).ok().flatten(),
        energy: Some(features.energy),
        danceability: Some(features.danceability),
        valence: Some(features.valence),
        genres,
        label: RecordLabel::parse(&catalog.albums[track.album].label).map(|label| label.key().clone()),
        artists: artists.map(|artist| artist.name.to_lowercase()).collect(),
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}
