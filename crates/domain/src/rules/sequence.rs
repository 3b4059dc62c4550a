//! What happens after matching, the same for both evaluators: each set's matching tracks (already in the set's
//! order, or by id for a random order, which is shuffled here by the run's seed) are cut to the set's limit, the
//! sets are combined, duplicates dropped, each artist held to its share, artists spaced apart, and the whole cut to
//! the playlist's limit.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{Combine, Dedupe, Limit, Order, SmartRules};

/// A matching track with what the steps after matching need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub isrc: Option<String>,
    /// The first credited artist (see `RuleTrack::primary_artist`).
    pub artist: String,
    pub duration_ms: Option<i32>,
}

impl Candidate {
    /// The key a track's artist is counted under by the per-artist rules: the first credited artist's id where the
    /// catalog knows it, else that artist's name without regard to case.
    pub fn artist_key(first_id: Option<&str>, first_name: Option<&str>) -> String {
        match (first_id, first_name) {
            (Some(id), _) => id.to_owned(),
            (None, Some(name)) => format!("name:{}", name.to_lowercase()),
            (None, None) => String::new(),
        }
    }
}

/// A track of the playlist, with the set it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub id: String,
    pub set: usize,
    pub duration_ms: Option<i32>,
}

/// The playlist the rule makes from each set's matching tracks, `sets[i]` in set i's order.
pub fn sequence(rules: &SmartRules, seed: u64, sets: Vec<Vec<Candidate>>) -> Vec<Placed> {
    let lists: Vec<Vec<(usize, Candidate)>> = sets
        .into_iter()
        .enumerate()
        .map(|(index, mut candidates)| {
            let set = &rules.sets[index];
            if set.order == Order::Random {
                shuffle(&mut candidates, seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
            limit(candidates, set.limit).into_iter().map(|candidate| (index, candidate)).collect()
        })
        .collect();
    let combined = combine(lists, rules.combine);
    let mut seen = HashSet::new();
    let mut per_artist: HashMap<String, u32> = HashMap::new();
    let kept: Vec<(usize, Candidate)> = combined
        .into_iter()
        .filter(|(_, candidate)| {
            let identity = match (&rules.dedupe, &candidate.isrc) {
                (Dedupe::Isrc, Some(isrc)) => format!("isrc:{isrc}"),
                _ => format!("id:{}", candidate.id),
            };
            seen.insert(identity)
        })
        .filter(|(_, candidate)| {
            let Some(most) = rules.per_artist else { return true };
            let count = per_artist.entry(candidate.artist.clone()).or_default();
            *count += 1;
            *count <= most
        })
        .collect();
    let spaced = match rules.separation {
        Some(gap) if gap > 0 => separate(kept, gap as usize, rules.limit),
        _ => kept,
    };
    limit(spaced, rules.limit)
        .into_iter()
        .map(|(set, candidate)| Placed { id: candidate.id, set, duration_ms: candidate.duration_ms })
        .collect()
}

trait Timed {
    fn duration_ms(&self) -> Option<i32>;
}

impl Timed for Candidate {
    fn duration_ms(&self) -> Option<i32> {
        self.duration_ms
    }
}

impl Timed for (usize, Candidate) {
    fn duration_ms(&self) -> Option<i32> {
        self.1.duration_ms
    }
}

/// The first tracks up to the limit. A limit by time keeps tracks while the total fits and stops at the first that
/// would overflow it; tracks of unknown length cannot be counted and are left out.
fn limit<T: Timed>(items: Vec<T>, limit: Option<Limit>) -> Vec<T> {
    match limit {
        None => items,
        Some(Limit::Items(count)) => items.into_iter().take(count as usize).collect(),
        Some(time) => {
            let most = time.milliseconds().unwrap_or(i64::MAX);
            let mut total = 0i64;
            items
                .into_iter()
                .filter(|item| item.duration_ms().is_some())
                .take_while(|item| {
                    total += i64::from(item.duration_ms().unwrap_or(0));
                    total <= most
                })
                .collect()
        }
    }
}

fn combine(lists: Vec<Vec<(usize, Candidate)>>, how: Combine) -> Vec<(usize, Candidate)> {
    match how {
        Combine::Concatenate => lists.into_iter().flatten().collect(),
        Combine::Alternate => {
            let mut queues: Vec<VecDeque<(usize, Candidate)>> = lists.into_iter().map(VecDeque::from).collect();
            let mut combined = Vec::new();
            while queues.iter().any(|queue| !queue.is_empty()) {
                combined.extend(queues.iter_mut().filter_map(VecDeque::pop_front));
            }
            combined
        }
    }
}

/// Reorders so that at least `gap` other tracks lie between two by the same artist where the tracks allow it:
/// each place takes the first remaining track whose artist is not among the last `gap` placed, else the first
/// remaining one. Stops once an item limit is reached, so a long list costs only the places kept.
fn separate(items: Vec<(usize, Candidate)>, gap: usize, limit: Option<Limit>) -> Vec<(usize, Candidate)> {
    let wanted = match limit {
        Some(Limit::Items(count)) => count as usize,
        _ => items.len(),
    };
    let mut remaining: VecDeque<(usize, Candidate)> = items.into();
    let mut placed: Vec<(usize, Candidate)> = Vec::new();
    while placed.len() < wanted && !remaining.is_empty() {
        let recent: Vec<&str> = placed.iter().rev().take(gap).map(|(_, candidate)| candidate.artist.as_str()).collect();
        let next =
            remaining.iter().position(|(_, candidate)| !recent.contains(&candidate.artist.as_str())).unwrap_or(0);
        placed.extend(remaining.remove(next));
    }
    placed
}

/// Fisher–Yates with SplitMix64: a few lines that give the same order for the same seed on every platform and in
/// every version, so a preview made before an upgrade still equals the run after it.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    };
    for last in (1..items.len()).rev() {
        // The small bias of a remainder over a 64-bit draw is far below anything a playlist shows.
        let pick = (next() % (last as u64 + 1)) as usize;
        items.swap(last, pick);
    }
}
