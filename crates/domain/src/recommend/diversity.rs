//! Spreading a list of recommendations: fifty tracks of one artist, or fifty that sound the same, are one
//! recommendation fifty times. A cap per artist comes first, then maximal marginal relevance: each next pick is the
//! candidate with the best mix of its own score and its distance from what is already picked.

use std::collections::HashMap;

/// The positions in a best-first list to keep so that no artist appears more than `per_artist` times, given each
/// entry's artists: an entry is dropped when any of its artists is already full. Entries without artists are kept.
pub(super) fn at_most_per_artist<'a>(artists: impl IntoIterator<Item = &'a [String]>, per_artist: usize) -> Vec<usize> {
    let mut picked: HashMap<&str, usize> = HashMap::new();
    let mut kept = Vec::new();
    for (position, names) in artists.into_iter().enumerate() {
        let names = || names.iter().filter(|name| !name.is_empty()).map(String::as_str);
        if names().all(|name| picked.get(name).copied().unwrap_or(0) < per_artist) {
            // A name credited twice on one track counts once.
            let mut counted: Vec<&str> = names().collect();
            counted.sort_unstable();
            counted.dedup();
            for name in counted {
                *picked.entry(name).or_default() += 1;
            }
            kept.push(position);
        }
    }
    kept
}

/// Up to `count` positions of `relevance`, picked one at a time by maximal marginal relevance: the candidate with
/// the highest `lambda × relevance − (1 − lambda) × its greatest similarity to a pick so far`, the earlier one on a
/// tie. `lambda` is clamped to 0–1 (not a number counts as 1): 1 is plain relevance order, lower spreads the list
/// more. `similarity` of two positions should lie within 0 and 1.
pub(super) fn diversify(
    relevance: &[f64],
    lambda: f64,
    count: usize,
    similarity: impl Fn(usize, usize) -> f64,
) -> Vec<usize> {
    let lambda = if lambda.is_nan() { 1.0 } else { lambda.clamp(0.0, 1.0) };
    let mut nearest_pick = vec![0.0f64; relevance.len()];
    let mut picked = vec![false; relevance.len()];
    let mut picks = Vec::with_capacity(count.min(relevance.len()));
    while picks.len() < count {
        let mut best: Option<(usize, f64)> = None;
        for (position, (relevance, nearest)) in relevance.iter().zip(&nearest_pick).enumerate() {
            let worth = lambda * relevance - (1.0 - lambda) * nearest;
            if !picked[position] && best.is_none_or(|(_, most)| worth > most) {
                best = Some((position, worth));
            }
        }
        let Some((pick, _)) = best else { break };
        picked[pick] = true;
        picks.push(pick);
        // With plain relevance order the similarities would be multiplied by 0; not asking saves the work.
        if lambda < 1.0 {
            for (position, nearest) in nearest_pick.iter_mut().enumerate() {
                if !picked[position] {
                    *nearest = nearest.max(similarity(position, pick));
                }
            }
        }
    }
    picks
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn names(artists: &[&[&str]]) -> Vec<Vec<String>> {
        artists.iter().map(|names| names.iter().map(|name| (*name).to_owned()).collect()).collect()
    }

    #[test]
    fn an_artist_appears_at_most_n_times_counting_every_credit() {
        let list = names(&[&["ann"], &["ann", "bob"], &["bob"], &[], &["ann"], &["bob", "bob"], &["", "cy"]]);
        let kept = at_most_per_artist(list.iter().map(Vec::as_slice), 2);
        assert_eq!(kept, [0, 1, 2, 3, 6], "ann full after 1, bob after 2");
        assert_eq!(at_most_per_artist(list.iter().map(Vec::as_slice), 0), [3]);
    }

    #[test]
    fn a_lower_lambda_passes_over_a_near_copy_of_a_pick() {
        // 0 and 1 are nearly the same track; 2 is different and a little less relevant.
        let similarity = |a: usize, b: usize| if a.min(b) == 0 && a.max(b) == 1 { 0.95 } else { 0.2 };
        let relevance = [0.9, 0.88, 0.8];
        assert_eq!(diversify(&relevance, 1.0, 3, similarity), [0, 1, 2]);
        assert_eq!(diversify(&relevance, 0.7, 3, similarity), [0, 2, 1]);
        assert_eq!(diversify(&relevance, 0.7, 2, similarity), [0, 2]);
        assert_eq!(diversify(&relevance, f64::NAN, 2, similarity), [0, 1]);
        assert_eq!(diversify(&[], 0.5, 3, similarity), Vec::<usize>::new());
    }

    proptest! {
        #[test]
        fn lambda_1_is_the_relevance_order(
            relevance in prop::collection::vec(prop::sample::select(vec![0.0f64, 0.3, 0.5, 0.9, 1.0]), 0..20),
            count in 0usize..25,
        ) {
            let mut order: Vec<usize> = (0..relevance.len()).collect();
            order.sort_by(|a, b| relevance[*b].total_cmp(&relevance[*a]));
            order.truncate(count);
            prop_assert_eq!(diversify(&relevance, 1.0, count, |_, _| 1.0), order);
        }

        #[test]
        fn the_picks_are_distinct_positions_as_many_as_asked_or_available(
            relevance in prop::collection::vec(0.0f64..=1.0, 0..20),
            similarities in prop::collection::vec(0.0f64..=1.0, 400),
            lambda in 0.0f64..=1.0,
            count in 0usize..25,
        ) {
            let similarity = |a: usize, b: usize| similarities[a.min(b) * 20 + a.max(b)];
            let picks = diversify(&relevance, lambda, count, similarity);
            prop_assert_eq!(picks.len(), count.min(relevance.len()));
            let mut distinct = picks.clone();
            distinct.sort_unstable();
            distinct.dedup();
            prop_assert_eq!(distinct.len(), picks.len());
            prop_assert!(picks.iter().all(|pick| *pick < relevance.len()));
            if let Some(first) = picks.first() {
                prop_assert!(relevance.iter().all(|other| *other <= relevance[*first]), "the first is the most relevant");
            }
        }

        #[test]
        fn no_artist_is_kept_more_than_n_times_and_the_order_is_kept(
            list in prop::collection::vec(prop::collection::vec(prop::sample::select(vec!["ann", "bob", "cy", ""]), 0..3), 0..20),
            per_artist in 0usize..4,
        ) {
            let list: Vec<Vec<String>> = list.into_iter().map(|names| names.into_iter().map(str::to_owned).collect()).collect();
            let kept = at_most_per_artist(list.iter().map(Vec::as_slice), per_artist);
            prop_assert!(kept.windows(2).all(|pair| pair[0] < pair[1]));
            for artist in ["ann", "bob", "cy"] {
                let credited = kept.iter().filter(|position| list[**position].iter().any(|name| name == artist)).count();
                prop_assert!(credited <= per_artist, "{} {}", artist, credited);
            }
            let artless: Vec<usize> = (0..list.len()).filter(|at| list[*at].iter().all(String::is_empty)).collect();
            prop_assert!(artless.iter().all(|at| kept.contains(at)));
        }
    }
}
