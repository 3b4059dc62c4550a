//! A Discover list from end to end: the catalog's vectors nearest the seed, scored again with genres, labels and
//! artists, capped per artist, spread by maximal marginal relevance and explained.

use super::diversity::{at_most_per_artist, diversify};
use super::reason::{DiscoverReason, explain};
use super::score::{Profile, score};
use super::{DiscoverTrack, FeatureScale, Seed, VectorIndex};

/// The first stage keeps this many candidates per pick, at least [`MIN_POOL`]: enough that the second stage's
/// genres, labels and artists and the spreading have tracks to choose from, few enough to score closely.
const POOL_PER_PICK: usize = 4;
const MIN_POOL: usize = 100;

/// The installation's tracks, ready for Discover.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscoverCatalog {
    scale: FeatureScale,
    index: VectorIndex,
    tracks: Vec<DiscoverTrack>,
}

impl DiscoverCatalog {
    /// The catalog of `tracks`; the scale the vectors are measured on is fitted to them. A recommendation names
    /// its track by its position here. Shared by every user: what a user already knows is asked per list.
    pub fn new(tracks: Vec<DiscoverTrack>) -> DiscoverCatalog {
        let scale = FeatureScale::fit(&tracks);
        let mut index = VectorIndex::with_capacity(tracks.len());
        for track in &tracks {
            index.push(&scale.vector(track));
        }
        DiscoverCatalog { scale, index, tracks }
    }

    /// The track at `index`.
    pub fn track(&self, index: usize) -> Option<&DiscoverTrack> {
        self.tracks.get(index)
    }

    pub fn len(&self) -> usize {
        self.tracks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tracks.is_empty()
    }

    /// The scale to make seeds with, so they are measured as the catalog is.
    pub fn scale(&self) -> &FeatureScale {
        &self.scale
    }
}

/// What a Discover list is asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiscoverOptions {
    /// How many tracks at most.
    pub count: usize,
    /// How many tracks of one artist at most.
    pub per_artist: usize,
    /// From 0 to 1: how much a track's own score counts against its difference from the tracks above it. 1 is
    /// plain score order.
    pub relevance: f64,
    /// "Exclude what I already know".
    pub exclude_known: bool,
}

impl Default for DiscoverOptions {
    /// A page's worth, two per artist, mostly by score: DJs want alternatives to a track, not only the nearest.
    fn default() -> DiscoverOptions {
        DiscoverOptions { count: 50, per_artist: 2, relevance: 0.7, exclude_known: true }
    }
}

/// A recommended track.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    /// The track's position in the catalog.
    pub index: usize,
    /// From 0 to 1: how alike the track is to the seed.
    pub score: f64,
    pub reason: DiscoverReason,
}

/// How well the user knows a catalog track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Familiarity {
    New,
    /// In the user's library, or played.
    Known,
    /// One of the seed's own tracks: never recommended for it.
    InSeed,
}

/// The catalog's tracks for `seed`, in the order to show them. `familiarity` says how well the user knows the
/// track at an index: the seed's tracks are left out, and with "exclude what I know" the known ones too.
pub fn discover(
    catalog: &DiscoverCatalog,
    seed: &Seed,
    options: &DiscoverOptions,
    familiarity: impl Fn(usize) -> Familiarity,
) -> Vec<Recommendation> {
    let pool = options.count.saturating_mul(POOL_PER_PICK).max(MIN_POOL);
    let nearest = catalog.index.top_k_where(seed.query(), pool, |index| match familiarity(index) {
        Familiarity::New => true,
        Familiarity::Known => !options.exclude_known,
        Familiarity::InSeed => false,
    });
    let mut scored: Vec<(usize, f64)> = nearest
        .into_iter()
        .map(|(index, _)| (index, seed.score(catalog.index.vector(index), &catalog.tracks[index])))
        .collect();
    // Stable, so tracks with the same score stay in the vectors' order.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    let capped: Vec<(usize, f64)> = at_most_per_artist(
        scored.iter().map(|(index, _)| catalog.tracks[*index].artists.as_slice()),
        options.per_artist,
    )
    .into_iter()
    .map(|position| scored[position])
    .collect();
    let profiles: Vec<Profile> =
        capped.iter().map(|(index, _)| Profile::of([(&catalog.tracks[*index], 1.0)])).collect();
    let relevance: Vec<f64> = capped.iter().map(|(_, score)| *score).collect();
    let alike = |a: usize, b: usize| {
        let (a_index, b_index) = (capped[a].0, capped[b].0);
        let vector = |index: usize| catalog.index.vector(index);
        score(vector(a_index), &profiles[a], vector(b_index), &catalog.tracks[b_index])
    };
    diversify(&relevance, options.relevance, options.count, alike)
        .into_iter()
        .map(|position| {
            let (index, score) = capped[position];
            Recommendation { index, score, reason: explain(seed, &catalog.tracks[index]) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::SeedKind;
    use super::super::vector::tests::key;
    use super::*;

    fn track(bpm: f64, camelot: &str, energy: f64, artist: &str) -> DiscoverTrack {
        DiscoverTrack {
            bpm: Some(bpm),
            key: Some(key(camelot)),
            energy: Some(energy),
            genres: vec!["techno".into()],
            artists: vec![artist.into()],
            ..DiscoverTrack::default()
        }
    }

    fn catalog() -> DiscoverCatalog {
        DiscoverCatalog::new(vec![
            track(128.0, "8A", 0.8, "ann"),
            track(90.0, "2B", 0.2, "bob"),
            track(128.5, "8A", 0.79, "ann"),
            track(129.0, "9A", 0.82, "ann"),
            track(127.0, "8A", 0.75, "cy"),
            track(140.0, "3A", 0.5, "dee"),
        ])
    }

    /// The user of these tests knows the first track; the seed is the last.
    fn known(index: usize) -> Familiarity {
        match index {
            0 => Familiarity::Known,
            5 => Familiarity::InSeed,
            _ => Familiarity::New,
        }
    }

    fn order(recommendations: &[Recommendation]) -> Vec<usize> {
        recommendations.iter().map(|recommendation| recommendation.index).collect()
    }

    #[test]
    fn more_like_this_leaves_out_what_is_known_and_caps_each_artist() {
        let catalog = catalog();
        let seed = Seed::track(catalog.scale(), &track(128.0, "8A", 0.8, "ann"));
        let options = DiscoverOptions { count: 4, per_artist: 1, relevance: 1.0, exclude_known: true };
        let found = discover(&catalog, &seed, &options, known);
        assert_eq!(order(&found), [2, 4, 1], "one of ann's, then by score, never the seed's own");
        assert!(found.windows(2).all(|pair| pair[0].score >= pair[1].score));
        assert_eq!(found[0].reason.seed, SeedKind::Track);
        assert_eq!(found[0].reason.to_string(), "129 BPM, 8A, techno like this track; also ann");
        let everything = DiscoverOptions { exclude_known: false, per_artist: 3, ..options };
        assert_eq!(order(&discover(&catalog, &seed, &everything, known)), [0, 2, 3, 4]);
    }

    #[test]
    fn spreading_passes_over_a_near_copy_of_a_pick() {
        let catalog = catalog();
        let seed = Seed::track(catalog.scale(), &track(128.0, "8A", 0.8, "ann"));
        let plain = DiscoverOptions { count: 3, per_artist: 3, relevance: 1.0, exclude_known: true };
        assert_eq!(order(&discover(&catalog, &seed, &plain, known)), [2, 3, 4]);
        let spread = DiscoverOptions { relevance: 0.5, ..plain };
        assert_eq!(
            order(&discover(&catalog, &seed, &spread, known)),
            [2, 4, 3],
            "3 sounds much like 2, which is picked"
        );
        assert_eq!(discover(&catalog, &seed, &DiscoverOptions { count: 0, ..plain }, known), []);
    }
}
