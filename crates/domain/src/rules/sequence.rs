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
    let kept = kept(rules, combine(lists, rules.combine));
    let spaced = match rules.separation {
        Some(gap) if gap > 0 => separate(kept, gap as usize, rules.limit),
        _ => kept,
    };
    limit(spaced, rules.limit)
        .into_iter()
        .map(|(set, candidate)| Placed { id: candidate.id, set, duration_ms: candidate.duration_ms })
        .collect()
}

/// The combined tracks without duplicates and with each artist held to its share, in order.
fn kept(rules: &SmartRules, combined: Vec<(usize, Candidate)>) -> Vec<(usize, Candidate)> {
    let mut seen = HashSet::new();
    let mut per_artist: HashMap<String, u32> = HashMap::new();
    combined
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
        .collect()
}

/// Whether the playlist is made from the first matches alone, so that evaluating the rule may stop reading once
/// they settle it ([`settled`]): one set in the order of sort keys (a shuffle needs every match), no spacing of
/// artists (which may pull a later track forward), and a limit somewhere.
pub fn reads_first_matches(rules: &SmartRules) -> bool {
    match rules.sets.as_slice() {
        [set] => {
            matches!(set.order, Order::Keys(_))
                && rules.separation.is_none_or(|gap| gap == 0)
                && (set.limit.is_some() || rules.limit.is_some())
        }
        _ => false,
    }
}

/// For a rule that [reads its first matches](reads_first_matches): whether `first`, the first matches in the set's
/// order with possibly more after them, already make the whole playlist, so the ones after cannot change it. They
/// do once the set's limit stops within them, or once the tracks kept from them (duplicates dropped, artists held
/// to their share) reach the playlist's limit: every step before a limit only ever looks back.
pub fn settled(rules: &SmartRules, first: &[Candidate]) -> bool {
    let [set] = rules.sets.as_slice() else { return false };
    if stops_within(first, set.limit) {
        return true;
    }
    let listed = limit(first.to_vec(), set.limit);
    stops_within(&kept(rules, listed.into_iter().map(|candidate| (0, candidate)).collect()), rules.limit)
}

/// How many first matches to read before asking whether they [settle](settled) the playlist: as many as its
/// limits keep when nothing is dropped, taking three minutes a track against a limit by time.
pub fn matches_to_read_first(rules: &SmartRules) -> usize {
    let reads = |limit: Option<Limit>| match limit {
        None => usize::MAX,
        Some(Limit::Items(count)) => count as usize,
        Some(time) => usize::try_from(time.milliseconds().unwrap_or(0) / 180_000).unwrap_or(usize::MAX) + 1,
    };
    let set = rules.sets.first().and_then(|set| set.limit);
    reads(set).min(reads(rules.limit)).max(1)
}

/// Whether `limit` cuts `items` short of their end (or keeps exactly as many as it allows), so that items after them
/// could not be kept.
fn stops_within<T: Timed>(items: &[T], limit: Option<Limit>) -> bool {
    match limit {
        None => false,
        Some(Limit::Items(count)) => items.len() >= count as usize,
        Some(time) => {
            let most = time.milliseconds().unwrap_or(i64::MAX);
            let mut total = 0i64;
            items.iter().filter_map(Timed::duration_ms).any(|duration| {
                total += i64::from(duration);
                total > most
            })
        }
    }
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
