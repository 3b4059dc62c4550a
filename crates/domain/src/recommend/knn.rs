//! Exact nearest-neighbour search: the catalog's vectors side by side in one buffer, scanned whole for each query.
//! A million tracks are 64 MB, read in a few milliseconds at memory speed (the `knn` benchmark measures it against
//! this machine's bandwidth), so an approximate index, with its recall to tune and its build to keep, would buy
//! nothing at the size of a personal catalog.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::vector::{DIM, TrackVector, dot};

/// The vectors of a catalog, each found by its position: the order they were added in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VectorIndex {
    /// `DIM` numbers per vector, one after the other, so a scan reads memory in order and the prefetcher keeps up.
    parts: Vec<f32>,
}

impl VectorIndex {
    pub fn with_capacity(vectors: usize) -> VectorIndex {
        VectorIndex { parts: Vec::with_capacity(vectors * DIM) }
    }

    /// Adds `vector` and returns its position.
    pub fn push(&mut self, vector: &TrackVector) -> usize {
        self.parts.extend_from_slice(vector);
        self.len() - 1
    }

    pub fn len(&self) -> usize {
        self.parts.len() / DIM
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The vector at `position`; panics past the end, as a slice does.
    pub fn vector(&self, position: usize) -> &TrackVector {
        &self.vectors()[position]
    }

    /// The positions of the `k` vectors with the largest dot product with `query`, and those products: the largest
    /// first, the earlier position first on a tie.
    pub fn top_k(&self, query: &TrackVector, k: usize) -> Vec<(usize, f32)> {
        self.top_k_where(query, k, |_| true)
    }

    /// As [`VectorIndex::top_k`], among the positions `keep` accepts only ("exclude what I already know").
    /// `keep` is asked only about vectors that would enter the result, so it may be slow.
    pub fn top_k_where(&self, query: &TrackVector, k: usize, keep: impl Fn(usize) -> bool) -> Vec<(usize, f32)> {
        if k == 0 {
            return Vec::new();
        }
        // The kept hits with the worst on top; `threshold` is its score once there are `k`, so almost every vector
        // costs one comparison and no heap operation. Positions only grow, so a later vector that ties with the
        // worst loses the tie and a strict comparison is enough.
        let mut best: BinaryHeap<Hit> = BinaryHeap::with_capacity(k + 1);
        let mut threshold = f32::NEG_INFINITY;
        for (position, vector) in self.vectors().iter().enumerate() {
            let score = dot(query, vector);
            if score > threshold && keep(position) {
                let hit = Hit { score, position };
                if best.len() < k {
                    best.push(hit);
                } else if let Some(mut worst) = best.peek_mut() {
                    *worst = hit;
                }
                if best.len() == k {
                    threshold = best.peek().map_or(threshold, |worst| worst.score);
                }
            }
        }
        best.into_sorted_vec().into_iter().map(|hit| (hit.position, hit.score)).collect()
    }

    fn vectors(&self) -> &[TrackVector] {
        self.parts.as_chunks::<DIM>().0
    }
}

/// A vector in a result, ordered from best to worst: a higher score first, then the earlier position.
#[derive(Clone, Copy, Debug)]
struct Hit {
    score: f32,
    position: usize,
}

impl Ord for Hit {
    fn cmp(&self, other: &Hit) -> Ordering {
        other.score.total_cmp(&self.score).then(self.position.cmp(&other.position))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Hit) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Hit {
    fn eq(&self, other: &Hit) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Hit {}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn index(vectors: &[TrackVector]) -> VectorIndex {
        let mut index = VectorIndex::with_capacity(vectors.len());
        for (position, vector) in vectors.iter().enumerate() {
            assert_eq!(index.push(vector), position);
        }
        index
    }

    fn axis(at: usize, length: f32) -> TrackVector {
        let mut vector = [0.0; DIM];
        vector[at] = length;
        vector
    }

    /// Every position's score, sorted as `top_k` promises, the first `k` of those `keep` accepts.
    fn by_full_sort(
        index: &VectorIndex,
        query: &TrackVector,
        k: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<(usize, f32)> {
        let mut all: Vec<(usize, f32)> = (0..index.len())
            .filter(|position| keep(*position))
            .map(|position| (position, dot(query, index.vector(position))))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
        all
    }

    #[test]
    fn the_nearest_come_first_and_ties_keep_their_order() {
        let index = index(&[axis(0, 0.5), axis(1, 1.0), axis(0, 1.0), axis(0, 0.5), axis(0, -1.0)]);
        assert_eq!(index.len(), 5);
        assert_eq!(index.top_k(&axis(0, 1.0), 3), [(2, 1.0), (0, 0.5), (3, 0.5)]);
        assert_eq!(index.top_k(&axis(0, 1.0), 10).len(), 5);
        assert_eq!(index.top_k(&axis(0, 1.0), 0), []);
        assert_eq!(index.top_k_where(&axis(0, 1.0), 2, |position| position != 2), [(0, 0.5), (3, 0.5)]);
        assert!(VectorIndex::default().is_empty());
        assert_eq!(VectorIndex::default().top_k(&axis(0, 1.0), 5), []);
    }

    fn vectors() -> impl Strategy<Value = Vec<TrackVector>> {
        // Few distinct values, so that ties are common.
        let part = prop::sample::select(vec![-1.0f32, -0.5, 0.0, 0.25, 0.5, 1.0]);
        prop::collection::vec(prop::array::uniform16(part), 0..60)
    }

    proptest! {
        #[test]
        fn top_k_is_the_head_of_a_full_sort(
            vectors in vectors(),
            query in prop::array::uniform16(-1.0f32..1.0),
            k in 0usize..70,
        ) {
            let index = index(&vectors);
            prop_assert_eq!(index.top_k(&query, k), by_full_sort(&index, &query, k, |_| true));
        }

        #[test]
        fn excluded_vectors_are_never_returned_and_the_rest_are_as_without_them(
            vectors in vectors(),
            query in prop::array::uniform16(-1.0f32..1.0),
            k in 0usize..70,
            known in prop::collection::hash_set(0usize..60, 0..40),
        ) {
            let index = index(&vectors);
            let keep = |position: usize| !known.contains(&position);
            let found = index.top_k_where(&query, k, keep);
            prop_assert!(found.iter().all(|(position, _)| keep(*position)));
            prop_assert_eq!(found, by_full_sort(&index, &query, k, keep));
        }
    }
}
