//! Smart playlists that read other smart playlists (as a source, or in an "in playlist" condition) refresh after
//! them, so each reads the other's fresh contents; a rule that would make a playlist read itself, directly or
//! around a loop, is refused with the loop named.

use std::collections::{BTreeMap, BTreeSet};

/// The order to refresh smart playlists in, or the loop that makes one impossible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshOrder {
    /// Every playlist after the ones it reads; among those free to go, lower numbers first.
    Ordered(Vec<i64>),
    /// A loop of playlists, each reading the next, the first repeated at the end: [3, 5, 3].
    Cycle(Vec<i64>),
}

/// The refresh order of smart playlists given what each reads. References to playlists not in `reads` (deleted
/// ones) are ignored.
pub fn refresh_order(reads: &BTreeMap<i64, BTreeSet<i64>>) -> RefreshOrder {
    let known = |id: &i64| reads.contains_key(id);
    let mut waiting: BTreeMap<i64, BTreeSet<i64>> =
        reads.iter().map(|(id, needs)| (*id, needs.iter().copied().filter(known).collect())).collect();
    let mut order = Vec::with_capacity(reads.len());
    while let Some(ready) = waiting.iter().find(|(_, needs)| needs.is_empty()).map(|(id, _)| *id) {
        waiting.remove(&ready);
        for needs in waiting.values_mut() {
            needs.remove(&ready);
        }
        order.push(ready);
    }
    if waiting.is_empty() {
        return RefreshOrder::Ordered(order);
    }
    // Every playlist left reads another one left: walking from any of them must come back round.
    let start = *waiting.keys().next().expect("some playlists are left");
    let mut path = vec![start];
    let mut current = start;
    loop {
        current = *waiting[&current].iter().next().expect("each playlist left reads another left");
        if let Some(at) = path.iter().position(|id| *id == current) {
            let mut cycle = path.split_off(at);
            cycle.push(current);
            return RefreshOrder::Cycle(cycle);
        }
        path.push(current);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn graph(edges: &[(i64, &[i64])]) -> BTreeMap<i64, BTreeSet<i64>> {
        edges.iter().map(|(id, needs)| (*id, needs.iter().copied().collect())).collect()
    }

    #[test]
    fn playlists_refresh_after_what_they_read() {
        let reads = graph(&[(1, &[3]), (2, &[]), (3, &[2]), (4, &[1, 2])]);
        assert_eq!(refresh_order(&reads), RefreshOrder::Ordered(vec![2, 3, 1, 4]));
    }

    #[test]
    fn loops_are_named() {
        assert_eq!(refresh_order(&graph(&[(7, &[7])])), RefreshOrder::Cycle(vec![7, 7]));
        let reads = graph(&[(1, &[]), (2, &[3]), (3, &[4]), (4, &[2]), (5, &[2])]);
        assert_eq!(refresh_order(&reads), RefreshOrder::Cycle(vec![2, 3, 4, 2]));
    }

    #[test]
    fn deleted_playlists_are_not_waited_for() {
        assert_eq!(refresh_order(&graph(&[(1, &[99])])), RefreshOrder::Ordered(vec![1]));
    }

    proptest! {
        #[test]
        fn an_order_respects_every_edge_and_a_cycle_is_one(
            edges in proptest::collection::btree_map(1i64..12, proptest::collection::btree_set(1i64..12, 0..3), 0..12)
        ) {
            match refresh_order(&edges) {
                RefreshOrder::Ordered(order) => {
                    prop_assert_eq!(order.len(), edges.len());
                    let at = |id: i64| order.iter().position(|each| *each == id);
                    for (id, needs) in &edges {
                        for need in needs.iter().filter(|need| edges.contains_key(need)) {
                            prop_assert!(at(*need) < at(*id), "{} reads {} but refreshes first", id, need);
                        }
                    }
                }
                RefreshOrder::Cycle(cycle) => {
                    prop_assert!(cycle.len() >= 2);
                    prop_assert_eq!(cycle.first(), cycle.last());
                    for pair in cycle.windows(2) {
                        prop_assert!(edges[&pair[0]].contains(&pair[1]));
                    }
                }
            }
        }
    }
}
