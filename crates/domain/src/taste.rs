//! Ranking a week's new releases of a style (the curation board's bronze list) by how much they are like the user's
//! golden playlists of that style, with the reason each card shows ("close to 4 tracks in Peak Time: 128–130 BPM,
//! 8A, same label").
//!
//! A candidate's score in a golden category is the mean similarity (see `similarity`) of the
//! [`TASTE_NEIGHBOURS`] tracks there most like it, or of all of them when the category has fewer; its score is that
//! of its best category, which the reason names. The nearest few rather than the category's mean, because a
//! playlist holds several kinds of track (a Peak Time list with 126 and 140 BPM tracks) and a candidate should only
//! have to be like one kind; a few rather than one, so a single odd track in a playlist does not pull candidates up
//! on its own. Each candidate is compared with every golden track once, with no allocation but its reason and its
//! own names' numbers.

mod reason;
mod similarity;

use crate::{Key, LabelKey};
use similarity::{Facts, Names, similarity};

pub use reason::TasteReason;
pub(crate) use similarity::{ARTIST_LIFT, LABEL_LIFT};

/// How many of a golden category's tracks nearest a candidate make its score there.
pub const TASTE_NEIGHBOURS: usize = 5;

/// The similarity from which a golden track counts as close, and so in the reason. Two tracks of one style picked at
/// random are about 0.5 alike; a track as close as this agrees on tempo and most measures.
const CLOSE: f64 = 0.75;

/// What the similarity looks at in a track; any of it may be missing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TasteTrack {
    pub bpm: Option<f64>,
    pub key: Option<Key>,
    /// 0–1, as Spotify defined it.
    pub energy: Option<f64>,
    /// 0–1.
    pub danceability: Option<f64>,
    /// 0–1.
    pub valence: Option<f64>,
    /// Genre slugs ("deep-house").
    pub genres: Vec<String>,
    pub label: Option<LabelKey>,
    /// The credited artists' names, compared as they are: pass them folded (lower case, without accents), so two
    /// spellings of one artist meet.
    pub artists: Vec<String>,
}

/// A track of one of the user's golden playlists.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldenTrack {
    /// The golden playlist's category ("Peak Time", "Warm-up").
    pub category: String,
    pub track: TasteTrack,
}

/// A pool track's place in the ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct TasteRank {
    /// The track's position in the pool.
    pub index: usize,
    /// From 0 (like nothing golden) to 1 (like its nearest golden tracks in everything they say).
    pub score: f64,
    /// `None` when no golden track is close to it.
    pub reason: Option<TasteReason>,
}

/// The pool's tracks, most like the golden tracks first; tracks with equal scores keep their order in the pool.
/// Without golden tracks every score is 0, the pool keeps its order and no track has a reason.
pub fn rank_by_taste(pool: &[TasteTrack], golden: &[GoldenTrack]) -> Vec<TasteRank> {
    let mut categories: Vec<&str> = Vec::new();
    let category_of: Vec<usize> = golden
        .iter()
        .map(|track| match categories.iter().position(|known| *known == track.category) {
            Some(at) => at,
            None => {
                categories.push(&track.category);
                categories.len() - 1
            }
        })
        .collect();
    let mut names = Names::default();
    let golden_facts: Vec<Facts> = golden.iter().map(|golden| Facts::of(&golden.track, &mut names)).collect();
    let mut nearest = vec![Nearest::default(); categories.len()];
    let mut ranked: Vec<TasteRank> = pool
        .iter()
        .enumerate()
        .map(|(index, candidate)| {
            let facts = Facts::of(candidate, &mut names);
            nearest.fill(Nearest::default());
            for (at, (track, category)) in golden_facts.iter().zip(&category_of).enumerate() {
                nearest[*category].offer(similarity(&facts, track), at);
            }
            let mut best: Option<(usize, f64)> = None;
            for (category, near) in nearest.iter().enumerate() {
                let score = near.mean();
                if best.is_none_or(|(_, top)| score > top) {
                    best = Some((category, score));
                }
            }
            let Some((category, score)) = best else {
                return TasteRank { index, score: 0.0, reason: None };
            };
            let close = nearest[category].close().map(|at| &golden[at].track);
            TasteRank { index, score, reason: reason::explain(candidate, categories[category], close) }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    ranked
}

/// The golden tracks of one category most like a candidate, most alike first (the earlier track on a tie).
#[derive(Clone, Copy, Debug, Default)]
struct Nearest {
    /// Similarity and position among the golden tracks.
    tracks: [(f64, usize); TASTE_NEIGHBOURS],
    len: usize,
}

impl Nearest {
    fn offer(&mut self, similarity: f64, at: usize) {
        let mut place = if self.len < TASTE_NEIGHBOURS {
            self.len += 1;
            self.len - 1
        } else if similarity > self.tracks[TASTE_NEIGHBOURS - 1].0 {
            TASTE_NEIGHBOURS - 1
        } else {
            return;
        };
        self.tracks[place] = (similarity, at);
        while place > 0 && self.tracks[place - 1].0 < similarity {
            self.tracks.swap(place - 1, place);
            place -= 1;
        }
    }

    fn mean(&self) -> f64 {
        let tracks = &self.tracks[..self.len];
        if tracks.is_empty() {
            0.0
        } else {
            tracks.iter().map(|(similarity, _)| similarity).sum::<f64>() / self.len as f64
        }
    }

    /// The positions of the close ones.
    fn close(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        self.tracks[..self.len].iter().filter(|(similarity, _)| *similarity >= CLOSE).map(|(_, at)| *at)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::RecordLabel;

    fn label(name: &str) -> Option<LabelKey> {
        Some(RecordLabel::parse(name).unwrap().key().clone())
    }

    fn track(bpm: f64, key: &str, energy: f64) -> TasteTrack {
        TasteTrack {
            bpm: Some(bpm),
            key: Key::parse(key),
            energy: Some(energy),
            danceability: Some(0.7),
            valence: Some(0.3),
            genres: vec!["techno".into()],
            ..TasteTrack::default()
        }
    }

    fn golden(category: &str, track: TasteTrack) -> GoldenTrack {
        GoldenTrack { category: category.into(), track }
    }

    fn order(ranked: &[TasteRank]) -> Vec<usize> {
        ranked.iter().map(|rank| rank.index).collect()
    }

    #[test]
    fn a_candidate_identical_to_a_golden_track_ranks_above_unrelated_ones() {
        let kept =
            TasteTrack { label: label("Drumcode"), artists: vec!["adam beyer".into()], ..track(132.0, "5A", 0.9) };
        let pool = [
            track(95.0, "2B", 0.2),
            TasteTrack { genres: vec!["jazz".into()], ..track(110.0, "11B", 0.4) },
            kept.clone(),
            track(170.0, "6B", 0.5),
        ];
        let ranked = rank_by_taste(&pool, &[golden("Peak Time", kept), golden("Peak Time", track(140.0, "7A", 0.95))]);
        assert_eq!(ranked[0].index, 2);
        assert!(ranked[0].score > ranked[1].score);
        let reason = ranked[0].reason.as_ref().unwrap();
        assert_eq!(reason.category, "Peak Time");
        assert_eq!(reason.shared_artist.as_deref(), Some("adam beyer"));
    }

    #[test]
    fn without_golden_tracks_the_pool_keeps_its_order_unscored_and_unexplained() {
        let pool = [track(128.0, "8A", 0.8), track(90.0, "1B", 0.1), track(128.0, "8A", 0.8)];
        let ranked = rank_by_taste(&pool, &[]);
        assert_eq!(order(&ranked), [0, 1, 2]);
        assert!(ranked.iter().all(|rank| rank.score == 0.0 && rank.reason.is_none()));
        assert_eq!(rank_by_taste(&[], &[golden("Peak Time", track(128.0, "8A", 0.8))]), []);
    }

    #[test]
    fn ties_keep_the_pool_order() {
        let same = track(128.0, "8A", 0.8);
        let pool = [track(90.0, "1B", 0.1), same.clone(), track(60.0, "3B", 0.0), same.clone()];
        let ranked = rank_by_taste(&pool, &[golden("Peak Time", same)]);
        assert_eq!(order(&ranked)[..2], [1, 3]);
        assert_eq!(ranked[0].score, ranked[1].score);
    }

    #[test]
    fn bpm_doubling_counts_as_close() {
        let roller = |bpm: f64| TasteTrack { genres: vec!["drum-and-bass".into()], ..track(bpm, "8A", 0.8) };
        let ranked = rank_by_taste(&[roller(130.0), roller(87.0)], &[golden("Rollers", roller(174.0))]);
        assert_eq!(order(&ranked), [1, 0]);
        assert_eq!(ranked[0].score, 1.0);
        assert_eq!(ranked[0].reason.as_ref().unwrap().bpm, Some((87, 87)), "at the candidate's octave");
    }

    #[test]
    fn the_reason_names_the_best_category_and_reads_as_the_example() {
        let on_be_as_one = |bpm: f64, key: &str| TasteTrack { label: label("Be As One"), ..track(bpm, key, 0.85) };
        let golden_tracks = [
            golden("Warm-up", track(118.0, "8A", 0.3)),
            golden("Peak Time", on_be_as_one(128.0, "8A")),
            golden("Peak Time", on_be_as_one(130.0, "9A")),
            golden("Warm-up", track(120.0, "3B", 0.4)),
            golden("Peak Time", on_be_as_one(129.2, "8A")),
            golden("Peak Time", on_be_as_one(129.0, "7A")),
        ];
        let candidate = TasteTrack { genres: Vec::new(), ..on_be_as_one(129.0, "8A") };
        let ranked = rank_by_taste(&[candidate], &golden_tracks);
        let reason = ranked[0].reason.as_ref().unwrap();
        assert_eq!(reason.to_string(), "close to 4 tracks in Peak Time: 128–130 BPM, 8A, same label");
        assert!(ranked[0].score > 0.9, "{}", ranked[0].score);
    }

    #[test]
    fn a_candidate_like_no_golden_track_has_no_reason() {
        let ranked = rank_by_taste(&[track(90.0, "1B", 0.1)], &[golden("Peak Time", track(140.0, "8A", 0.95))]);
        assert_eq!(ranked[0].reason, None);
        assert!(ranked[0].score < CLOSE);
    }

    #[test]
    fn a_score_is_the_mean_of_the_nearest_few() {
        let target = track(128.0, "8A", 0.8);
        let mut golden_tracks = vec![golden("Peak Time", target.clone())];
        let far = TasteTrack { genres: vec!["jazz".into()], ..track(60.0, "2B", 0.0) };
        golden_tracks.extend((0..10).map(|_| golden("Peak Time", far.clone())));
        let ranked = rank_by_taste(std::slice::from_ref(&target), &golden_tracks);
        let far_similarity = similarity::alike(&target, &far);
        let expected = (1.0 + 4.0 * far_similarity) / TASTE_NEIGHBOURS as f64;
        assert!((ranked[0].score - expected).abs() < 1e-12);
        assert_eq!(ranked[0].reason.as_ref().unwrap().neighbours, 1);
    }

    fn taste_track() -> impl Strategy<Value = TasteTrack> {
        (
            (prop::option::of(60.0f64..180.0), prop::option::of(0i64..12), 0i64..2),
            (prop::option::of(0.0f64..=1.0), prop::option::of(0.0f64..=1.0), prop::option::of(0.0f64..=1.0)),
            prop::collection::vec(prop::sample::select(vec!["techno", "house", "minimal"]), 0..3),
            prop::option::of(prop::sample::select(vec!["Be As One", "Drumcode", "Kompakt"])),
            prop::collection::vec(prop::sample::select(vec!["ann", "bob", "cy"]), 0..2),
        )
            .prop_map(|((bpm, pitch, mode), (energy, danceability, valence), genres, label_name, artists)| {
                TasteTrack {
                    bpm,
                    key: pitch.and_then(|pitch| Key::from_numbers(pitch, mode).unwrap()),
                    energy,
                    danceability,
                    valence,
                    genres: genres.into_iter().map(str::to_owned).collect(),
                    label: label_name.and_then(label),
                    artists: artists.into_iter().map(str::to_owned).collect(),
                }
            })
    }

    fn golden_tracks() -> impl Strategy<Value = Vec<GoldenTrack>> {
        prop::collection::vec(
            (prop::sample::select(vec!["Peak Time", "Warm-up", "Rollers"]), taste_track())
                .prop_map(|(category, track)| golden(category, track)),
            0..16,
        )
    }

    proptest! {
        #[test]
        fn the_ranking_is_a_best_first_permutation_of_the_pool_with_scores_within_0_and_1(
            pool in prop::collection::vec(taste_track(), 0..12),
            golden_tracks in golden_tracks(),
        ) {
            let ranked = rank_by_taste(&pool, &golden_tracks);
            let mut indexes = order(&ranked);
            for pair in ranked.windows(2) {
                let tied_in_pool_order = pair[0].score == pair[1].score && pair[0].index < pair[1].index;
                prop_assert!(pair[0].score > pair[1].score || tied_in_pool_order);
            }
            for rank in &ranked {
                prop_assert!((0.0..=1.0).contains(&rank.score));
                if let Some(reason) = &rank.reason {
                    prop_assert!((1..=TASTE_NEIGHBOURS).contains(&reason.neighbours));
                    prop_assert!(golden_tracks.iter().any(|golden| golden.category == reason.category));
                }
            }
            indexes.sort_unstable();
            prop_assert_eq!(indexes, (0..pool.len()).collect::<Vec<_>>());
        }

        #[test]
        fn the_ranking_is_deterministic(
            pool in prop::collection::vec(taste_track(), 0..12),
            golden_tracks in golden_tracks(),
        ) {
            prop_assert_eq!(rank_by_taste(&pool, &golden_tracks), rank_by_taste(&pool, &golden_tracks));
        }

        #[test]
        fn an_unrelated_golden_track_in_another_category_never_changes_the_reason(
            pool in prop::collection::vec(taste_track(), 1..8),
            golden_tracks in golden_tracks(),
            stranger in taste_track(),
        ) {
            let before = rank_by_taste(&pool, &golden_tracks);
            let mut more = golden_tracks;
            more.push(golden("Elsewhere", stranger.clone()));
            let after = rank_by_taste(&pool, &more);
            for rank in &before {
                let unrelated = similarity::alike(&pool[rank.index], &stranger) < rank.score;
                if unrelated {
                    let moved = after.iter().find(|other| other.index == rank.index).unwrap();
                    prop_assert_eq!(&moved.reason, &rank.reason);
                    prop_assert_eq!(moved.score, rank.score);
                }
            }
            more.pop();
            more.push(golden("Elsewhere", TasteTrack::default()));
            let nothing_known = rank_by_taste(&pool, &more);
            let by_index = |ranked: &[TasteRank]| {
                let mut ranked = ranked.to_vec();
                ranked.sort_by_key(|rank| rank.index);
                ranked.into_iter().map(|rank| rank.reason).collect::<Vec<_>>()
            };
            prop_assert_eq!(by_index(&nothing_known), by_index(&before));
        }
    }
}
