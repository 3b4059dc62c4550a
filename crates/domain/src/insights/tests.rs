use proptest::prelude::*;

use super::*;
use crate::audio_features::Key;
use crate::{EnrichedField, Provider};

fn genre(slug: &str) -> GenreId {
    GenreTree::get().parse_id(slug).unwrap()
}

fn track(id: &str, features: &[(AudioFeature, f64)]) -> InsightTrack {
    let mut values = FeatureValues::default();
    for (feature, value) in features {
        values.set(*feature, *value).unwrap();
    }
    InsightTrack {
        track_id: id.to_owned(),
        title: format!("Song {id}"),
        artists: vec![ArtistCredit { id: Some(format!("artist-{id}")), name: format!("Artist {id}") }],
        features: values,
        ..InsightTrack::default()
    }
}

/// Three tracks whose figures are easy to work out by hand.
fn fixture() -> Vec<InsightTrack> {
    let (energy, tempo) = (EnrichedField::Feature(AudioFeature::Energy), EnrichedField::Feature(AudioFeature::Tempo));
    let shared = ArtistCredit { id: Some("shared".into()), name: "Shared Artist".into() };
    let mut a = track("a", &[(AudioFeature::Energy, 0.2), (AudioFeature::Tempo, 90.0)]);
    a.duration_ms = Some(180_000);
    a.explicit = Some(true);
    a.release_year = Some(1987);
    a.features.key = Key::from_numbers(9, 0).unwrap(); // A minor, 8A
    a.genres = vec![genre("deep-house")];
    a.label = Some(("Defected Records".into(), "defected".into()));
    a.plays = 3;
    a.artists.push(shared.clone());
    a.sources = vec![(energy, Provider::ReccoBeats), (tempo, Provider::Deezer)];
    let mut b = track("b", &[(AudioFeature::Energy, 0.8), (AudioFeature::Tempo, 128.0)]);
    b.duration_ms = Some(240_000);
    b.explicit = Some(false);
    b.release_year = Some(1994);
    b.features.key = Key::from_numbers(9, 0).unwrap();
    b.genres = vec![genre("techno")];
    b.label = Some(("DEFECTED".into(), "defected".into()));
    b.plays = 10;
    b.skips = 2;
    b.artists = vec![shared];
    b.sources = vec![(energy, Provider::ReccoBeats), (tempo, Provider::ReccoBeats)];
    let mut c = track("c", &[(AudioFeature::Energy, 0.5)]);
    c.release_year = Some(1999);
    c.genres = vec![genre("house")];
    c.sources = vec![(energy, Provider::File)];
    vec![a, b, c]
}

#[test]
fn a_small_collection_adds_up_as_by_hand() {
    let insights = CollectionInsights::of(&fixture(), GenreTree::get());
    assert_eq!(insights.tracks, 3);
    assert_eq!(insights.total_ms, 420_000);
    assert_eq!(insights.explicit, (1, 2));

    let energy = insights.measure(AudioFeature::Energy).unwrap();
    assert_eq!(energy.count, 3);
    assert!((energy.mean.unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(energy.median, Some(0.5));
    // Sample deviation: sqrt((0.09 + 0 + 0.09) / 2) = 0.3.
    assert!((energy.std_dev.unwrap() - 0.3).abs() < 1e-12);
    assert_eq!((energy.min, energy.max), (Some(0.2), Some(0.8)));
    assert_eq!(energy.histogram.counts.iter().sum::<u64>(), 3);
    assert_eq!(energy.histogram.counts[4], 1, "0.2 falls in 0.20–0.25");
    assert_eq!(energy.histogram.counts[16], 1, "0.8 falls in 0.80–0.85, not under it");
    let tempo = insights.measure(AudioFeature::Tempo).unwrap();
    assert_eq!((tempo.count, tempo.median), (2, Some(109.0)));
    assert_eq!(insights.measure(AudioFeature::Valence).unwrap().count, 0);
    assert_eq!(insights.duration.median, Some(210.0));

    let named = |kind| insights.superlatives.iter().find(|s| s.kind == kind).map(|s| s.track.track_id.as_str());
    assert_eq!(named(SuperlativeKind::MostEnergetic), Some("b"));
    assert_eq!(named(SuperlativeKind::LeastEnergetic), Some("a"));
    assert_eq!(named(SuperlativeKind::Fastest), Some("b"));
    assert_eq!(named(SuperlativeKind::Oldest), Some("a"));
    assert_eq!(named(SuperlativeKind::Newest), Some("c"));
    assert_eq!(named(SuperlativeKind::LeastPlayed), Some("a"), "of the tracks played");
    assert_eq!(named(SuperlativeKind::MostSkipped), Some("b"));
    assert_eq!(named(SuperlativeKind::Happiest), None, "no valence known");

    assert_eq!(insights.decades, [(1980, 1), (1990, 2)]);
    assert_eq!(insights.years, [(1987, 1), (1994, 1), (1999, 1)]);
    let eight_a = insights.keys.iter().find(|entry| entry.key.camelot() == "8A").unwrap();
    assert_eq!(eight_a.count, 2);
    assert_eq!(insights.keys.len(), 24);
    assert_eq!(insights.keys[0].key.camelot(), "1A");
    assert_eq!(insights.keys[23].key.camelot(), "12B");

    let genres: Vec<(&str, u64)> = insights.top_genres.iter().map(|g| (g.key.as_str(), g.tracks)).collect();
    assert_eq!(genres[0], ("electronic", 3), "every track is electronic through its genre's parents");
    assert!(genres.contains(&("house", 2)), "house counts deep house: {genres:?}");
    assert!(genres.contains(&("deep-house", 1)));
    assert_eq!(insights.top_labels.len(), 1);
    assert_eq!((insights.top_labels[0].tracks, insights.top_labels[0].key.as_str()), (2, "defected"));
    assert_eq!(insights.top_artists[0].name, "Shared Artist");
    assert_eq!(insights.top_artists[0].tracks, 2);

    let energy = insights.coverage.field(EnrichedField::Feature(AudioFeature::Energy)).unwrap();
    assert_eq!(energy.known, 3);
    assert_eq!(energy.by_provider[0], (Provider::ReccoBeats, 2));
}

#[test]
fn values_on_a_bin_edge_count_in_the_bin_they_open() {
    let edges = [0.7, 0.35, 0.15, 0.95];
    let summary = MeasureSummary::of(&edges, distribution::bins_of(AudioFeature::Energy));
    for (edge, bin) in edges.iter().zip([14, 7, 3, 19]) {
        assert_eq!(summary.histogram.counts[bin], 1, "{edge}");
    }
}

#[test]
fn an_empty_collection_has_no_figures_but_all_keys() {
    let insights = CollectionInsights::of(&[], GenreTree::get());
    assert_eq!((insights.tracks, insights.total_ms, insights.explicit), (0, 0, (0, 0)));
    assert!(insights.measures.iter().all(|m| m.count == 0 && m.mean.is_none() && m.std_dev.is_none()));
    assert!(insights.superlatives.is_empty());
    assert!(insights.top_genres.is_empty() && insights.decades.is_empty());
    assert_eq!(insights.keys.iter().map(|k| k.count).sum::<u64>(), 0);
}

fn arbitrary_track() -> impl Strategy<Value = InsightTrack> {
    let feature = prop_oneof![Just(None), (0.0f64..=1.0).prop_map(Some)];
    let tempo = prop_oneof![Just(None), (1.0f64..=300.0).prop_map(Some)];
    let loudness = prop_oneof![Just(None), (-60.0f64..=5.0).prop_map(Some)];
    let slugs = ["house", "deep-house", "techno", "jazz", "hip-hop", "rock"];
    (
        "[a-e]{1,3}",
        proptest::collection::vec(feature, 7),
        tempo,
        loudness,
        proptest::option::of(1_000u32..900_000),
        proptest::option::of(1950i16..2026),
        proptest::option::of((0i64..12, 0i64..2)),
        proptest::sample::subsequence(slugs.to_vec(), 0..3),
        (0u32..50, 0u32..5),
        proptest::option::of(0usize..3),
    )
        .prop_map(|(id, features, tempo, loudness, duration, year, key, genres, (plays, skips), label)| {
            let mut values = FeatureValues::default();
            for (feature, value) in MEASURES.iter().zip(features.into_iter().chain([tempo, loudness])) {
                if let Some(value) = value {
                    values.set(*feature, value).unwrap();
                }
            }
            values.key = key.and_then(|(pitch, mode)| Key::from_numbers(pitch, mode).unwrap());
            let labels = [("Warp", "warp"), ("WARP Records", "warp"), ("Ninja Tune", "ninja tune")];
            InsightTrack {
                title: format!("Song {id}"),
                artists: vec![ArtistCredit { id: None, name: format!("Artist {}", &id[..1]) }],
                track_id: id,
                duration_ms: duration,
                explicit: year.map(|year| year % 2 == 0),
                release_year: year,
                features: values,
                genres: genres.into_iter().map(genre).collect(),
                label: label.map(|at| (labels[at].0.to_owned(), labels[at].1.to_owned())),
                plays,
                skips: skips.min(plays),
                sources: Vec::new(),
            }
        })
}

proptest! {
    #[test]
    fn the_order_of_the_tracks_changes_nothing(
        tracks in proptest::collection::vec(arbitrary_track(), 0..40),
        seed in any::<u64>(),
    ) {
        let mut shuffled = tracks.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for index in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(index, (state % (index as u64 + 1)) as usize);
        }
        prop_assert_eq!(CollectionInsights::of(&tracks, GenreTree::get()), CollectionInsights::of(&shuffled, GenreTree::get()));
    }

    #[test]
    fn figures_stay_within_their_bounds(tracks in proptest::collection::vec(arbitrary_track(), 0..40)) {
        let insights = CollectionInsights::of(&tracks, GenreTree::get());
        prop_assert_eq!(insights.tracks, tracks.len() as u64);
        for (feature, summary) in MEASURES.iter().zip(&insights.measures) {
            let known = tracks.iter().filter(|t| t.features.get(*feature).is_some()).count() as u64;
            prop_assert_eq!(summary.count, known);
            prop_assert_eq!(summary.histogram.total(), known, "every value is drawn");
            if let (Some(min), Some(max)) = (summary.min, summary.max) {
                for figure in [summary.mean.unwrap(), summary.median.unwrap()] {
                    prop_assert!(min <= figure && figure <= max, "{} outside {}..{}", figure, min, max);
                }
                prop_assert!(summary.std_dev.is_none_or(|sd| sd >= 0.0 && sd <= max - min));
            }
        }
        prop_assert!(insights.explicit.0 <= insights.explicit.1 && insights.explicit.1 <= insights.tracks);
        prop_assert_eq!(insights.decades.iter().map(|d| d.1).sum::<u64>(), insights.years.iter().map(|y| y.1).sum::<u64>());
        prop_assert!(insights.keys.iter().map(|k| k.count).sum::<u64>() <= insights.tracks);
        for ranked in insights.top_genres.iter().chain(&insights.top_labels).chain(&insights.top_artists) {
            prop_assert!(ranked.tracks >= 1 && ranked.tracks <= insights.tracks);
        }
        // A parent genre covers at least as many tracks as any of its subgenres.
        for child in &insights.top_genres {
            if let Some(parent) = insights.top_genres.iter().find(|g| Some(&g.name) == child.within.as_ref()) {
                prop_assert!(parent.tracks >= child.tracks);
            }
        }
        for superlative in &insights.superlatives {
            prop_assert!(tracks.iter().any(|t| t.track_id == superlative.track.track_id));
        }
    }

    #[test]
    fn tracks_without_features_count_in_size_only(
        tracks in proptest::collection::vec(arbitrary_track(), 0..20),
        bare in 0usize..10,
    ) {
        let mut with_bare = tracks.clone();
        with_bare.extend((0..bare).map(|n| InsightTrack { track_id: format!("bare{n}"), ..InsightTrack::default() }));
        let (before, after) = (CollectionInsights::of(&tracks, GenreTree::get()), CollectionInsights::of(&with_bare, GenreTree::get()));
        prop_assert_eq!(after.tracks, before.tracks + bare as u64);
        prop_assert_eq!(&after.measures, &before.measures);
        prop_assert_eq!(&after.top_genres, &before.top_genres);
        prop_assert_eq!(&after.superlatives, &before.superlatives);
    }
}

#[test]
fn every_table_has_a_cell_per_column_and_the_page_figures() {
    let insights = CollectionInsights::of(&fixture(), GenreTree::get());
    for table in InsightsTable::ALL {
        assert_eq!(InsightsTable::parse(table.code()), Some(table));
        let data = insights.table(table);
        assert!(data.rows.iter().all(|row| row.len() == data.columns.len()), "{table:?}");
    }
    let measures = insights.table(InsightsTable::Measures);
    let energy = measures.rows.iter().find(|row| row[0] == Cell::Text("energy".into())).unwrap();
    assert_eq!(energy[1], Cell::Count(3));
    assert_eq!(energy[3], Cell::Number(0.5));
    assert_eq!(insights.table(InsightsTable::Keys).rows.len(), 24);
    let distributions = insights.table(InsightsTable::Distributions);
    let energy_bins: u64 = distributions
        .rows
        .iter()
        .filter(|row| row[0] == Cell::Text("energy".into()))
        .map(|row| match row[3] {
            Cell::Count(count) => count,
            _ => 0,
        })
        .sum();
    assert_eq!(energy_bins, 3);
}

#[test]
fn a_comparison_picks_out_the_largest_differences() {
    let left = CollectionInsights::of(&fixture(), GenreTree::get());
    let mut fast: Vec<InsightTrack> = (0..4)
        .map(|n| track(&format!("f{n}"), &[(AudioFeature::Tempo, 170.0 + f64::from(n)), (AudioFeature::Energy, 0.5)]))
        .collect();
    fast[0].genres = vec![genre("techno")];
    let right = CollectionInsights::of(&fast, GenreTree::get());
    let comparison = CollectionComparison::of(&left, &right);
    assert_eq!(comparison.tracks, (3, 4));
    let tempo = comparison.measures.iter().find(|m| m.feature == Some(AudioFeature::Tempo)).unwrap();
    assert_eq!((tempo.left, tempo.right), (Some(109.0), Some(171.5)));
    assert_eq!(tempo.difference, Some(62.5));
    match &comparison.highlights[0] {
        Highlight::Measure { feature, difference, .. } => {
            assert_eq!((*feature, *difference), (Some(AudioFeature::Tempo), 62.5));
        }
        other => panic!("{other:?}"),
    }
    let energy = comparison.measures.iter().find(|m| m.feature == Some(AudioFeature::Energy)).unwrap();
    assert_eq!(energy.difference, Some(0.0));
    assert!(
        !comparison
            .highlights
            .iter()
            .any(|h| matches!(h, Highlight::Measure { feature: Some(AudioFeature::Energy), .. }))
    );
    let house = comparison.genres.iter().find(|g| g.key == "house").unwrap();
    assert!((house.left - 200.0 / 3.0).abs() < 1e-9 && house.right == 0.0, "{house:?}");
}

proptest! {
    #[test]
    fn a_collection_against_itself_differs_in_nothing_and_swapping_sides_flips_signs(
        left in proptest::collection::vec(arbitrary_track(), 0..25),
        right in proptest::collection::vec(arbitrary_track(), 0..25),
    ) {
        let (a, b) = (CollectionInsights::of(&left, GenreTree::get()), CollectionInsights::of(&right, GenreTree::get()));
        let same = CollectionComparison::of(&a, &a);
        prop_assert!(same.highlights.is_empty());
        prop_assert!(same.measures.iter().all(|m| m.difference.is_none_or(|d| d == 0.0)));
        let (forth, back) = (CollectionComparison::of(&a, &b), CollectionComparison::of(&b, &a));
        for (x, y) in forth.measures.iter().zip(&back.measures) {
            prop_assert_eq!(x.difference.map(|d| -d), y.difference);
        }
        prop_assert_eq!(forth.highlights.len(), back.highlights.len());
        prop_assert!(forth.highlights.len() <= HIGHLIGHTS);
    }
}
