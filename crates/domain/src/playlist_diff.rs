//! What writing a list of tracks to a Spotify playlist changes, and the fewest Spotify requests that make the change.
//! Entries are compared by URI in order: additions and removals count entries, moves count the entries that stay
//! but whose order relative to the others must change (those outside a longest run kept in order).
//!
//! Two ways to write: replace everything (`PUT` the first 100, `POST` the rest 100 at a time), or edit in place
//! (`DELETE` what goes and what moves, 100 at a time, then `POST` each run of new or moved entries at its position).
//! Editing keeps the "date added" of every entry that stays, so it is chosen whenever it takes no more requests.
//! It cannot be used when the playlist holds the same URI twice (a `DELETE` removes every occurrence) or entries
//! a request cannot name (local files, and entries whose track Spotify no longer has, which the reader lists as
//! `spotify:unavailable:{position}`).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// The most URIs one playlist request carries.
pub const URIS_PER_REQUEST: usize = 100;

/// How a write changes a playlist, and how it will be made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaylistDiff {
    /// Entries the playlist gains, in their new order.
    pub added: Vec<String>,
    /// Entries it loses, in their old order.
    pub removed: Vec<String>,
    /// Entries that stay but move.
    pub moved: Vec<String>,
    pub plan: WritePlan,
}

/// The requests a write takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WritePlan {
    /// The playlist already holds the wanted entries in order.
    Nothing,
    /// Replace every entry with `uris`.
    Replace { uris: Vec<String> },
    /// Remove every occurrence of `remove`, then add each run of `insert` at its position, in order.
    Edit { remove: Vec<String>, insert: Vec<(u32, Vec<String>)> },
}

impl WritePlan {
    /// Spotify requests the plan makes.
    pub fn requests(&self) -> usize {
        match self {
            WritePlan::Nothing => 0,
            WritePlan::Replace { uris } => uris.len().div_ceil(URIS_PER_REQUEST).max(1),
            WritePlan::Edit { remove, insert } => {
                remove.len().div_ceil(URIS_PER_REQUEST)
                    + insert.iter().map(|(_, run)| run.len().div_ceil(URIS_PER_REQUEST)).sum::<usize>()
            }
        }
    }
}

/// Whether an app can add the entry back: Spotify tracks and episodes can, local files cannot.
pub fn can_be_added(uri: &str) -> bool {
    uri.starts_with("spotify:track:") || uri.starts_with("spotify:episode:")
}

impl PlaylistDiff {
    /// The change from `current` to `wanted` (URIs in order). Entries count as many times as they occur: a second
    /// copy of a track is an addition. Moves are counted, and edits planned, only between lists without repeats.
    pub fn between(current: &[String], wanted: &[String]) -> PlaylistDiff {
        let (in_current, in_wanted) = (occurrences(current), occurrences(wanted));
        // The occurrences beyond what the other list holds.
        let beyond = |list: &[String], other: &HashMap<&str, usize>| {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            list.iter()
                .filter(|uri| {
                    let count = seen.entry(uri.as_str()).or_default();
                    *count += 1;
                    *count > other.get(uri.as_str()).copied().unwrap_or(0)
                })
                .cloned()
                .collect::<Vec<String>>()
        };
        let added = beyond(wanted, &in_current);
        let removed = beyond(current, &in_wanted);
        let repeats = in_current.len() < current.len() || in_wanted.len() < wanted.len();
        let moved = if repeats { Vec::new() } else { moved(current, wanted) };
        let plan = if current == wanted {
            WritePlan::Nothing
        } else {
            let replace = WritePlan::Replace { uris: wanted.to_vec() };
            // Entries that cannot be named in a request (local files, entries Spotify no longer has) would shift
            // the positions of an edit: only a replace removes them.
            let editable = !repeats && current.iter().all(|uri| can_be_added(uri));
            if editable {
                let edit = edit_plan(&removed, &moved, wanted, &added);
                if edit.requests() <= replace.requests() { edit } else { replace }
            } else {
                replace
            }
        };
        PlaylistDiff { added, removed, moved, plan }
    }

    /// "adds 12, removes 3, moves 5", or "no changes".
    pub fn summary(&self) -> String {
        let parts: Vec<String> =
            [("adds", self.added.len()), ("removes", self.removed.len()), ("moves", self.moved.len())]
                .into_iter()
                .filter(|(_, count)| *count > 0)
                .map(|(verb, count)| format!("{verb} {count}"))
                .collect();
        if parts.is_empty() { "no changes".to_owned() } else { parts.join(", ") }
    }

    pub fn is_empty(&self) -> bool {
        self.plan == WritePlan::Nothing
    }
}

/// How many times each URI occurs.
fn occurrences(list: &[String]) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for uri in list {
        *counts.entry(uri.as_str()).or_default() += 1;
    }
    counts
}

/// The entries of `current` that stay in `wanted` but out of order: those outside a longest run kept in order.
fn moved(current: &[String], wanted: &[String]) -> Vec<String> {
    let position: HashMap<&str, usize> = wanted.iter().enumerate().map(|(index, uri)| (uri.as_str(), index)).collect();
    let staying: Vec<&String> = current.iter().filter(|uri| position.contains_key(uri.as_str())).collect();
    let order: Vec<usize> = staying.iter().map(|uri| position[uri.as_str()]).collect();
    let in_order: HashSet<usize> = longest_increasing(&order).into_iter().collect();
    staying.iter().enumerate().filter(|(index, _)| !in_order.contains(index)).map(|(_, uri)| (*uri).clone()).collect()
}

/// Remove what goes and what moves; then insert the runs of wanted entries that are not in place, in order.
fn edit_plan(removed: &[String], moved: &[String], wanted: &[String], added: &[String]) -> WritePlan {
    let mut remove: Vec<String> = removed.to_vec();
    remove.extend(moved.iter().cloned());
    let placing: HashSet<&str> = added.iter().chain(moved).map(String::as_str).collect();
    let mut insert: Vec<(u32, Vec<String>)> = Vec::new();
    for (index, uri) in wanted.iter().enumerate() {
        if !placing.contains(uri.as_str()) {
            continue;
        }
        match insert.last_mut() {
            Some((start, run)) if *start as usize + run.len() == index => run.push(uri.clone()),
            _ => insert.push((index as u32, vec![uri.clone()])),
        }
    }
    WritePlan::Edit { remove, insert }
}

/// Indices of one longest strictly increasing subsequence of `values` (patience sorting, O(n log n)).
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (index, value) in values.iter().enumerate() {
        let at = tails.partition_point(|&tail| values[tail] < *value);
        previous[index] = at.checked_sub(1).map(|before| tails[before]);
        if at == tails.len() {
            tails.push(index);
        } else {
            tails[at] = index;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut next = tails.last().copied();
    while let Some(index) = next {
        chain.push(index);
        next = previous[index];
    }
    chain.reverse();
    chain
}

/// Applies a plan to a playlist's entries as Spotify would: what the tests and the sandbox check plans against.
pub fn apply_plan(current: &[String], plan: &WritePlan) -> Vec<String> {
    match plan {
        WritePlan::Nothing => current.to_vec(),
        WritePlan::Replace { uris } => uris.clone(),
        WritePlan::Edit { remove, insert } => {
            let gone: HashSet<&str> = remove.iter().map(String::as_str).collect();
            let mut entries: Vec<String> = current.iter().filter(|uri| !gone.contains(uri.as_str())).cloned().collect();
            for (position, run) in insert {
                let at = (*position as usize).min(entries.len());
                entries.splice(at..at, run.iter().cloned());
            }
            entries
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn uris(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| format!("spotify:track:{id}")).collect()
    }

    #[test]
    fn appending_to_a_long_playlist_takes_one_request() {
        let current: Vec<String> = (0..1000).map(|index| format!("spotify:track:{index:022}")).collect();
        let mut wanted = current.clone();
        wanted.extend(uris(&["new1", "new2"]));
        let diff = PlaylistDiff::between(&current, &wanted);
        assert_eq!(diff.summary(), "adds 2");
        assert_eq!(diff.plan, WritePlan::Edit { remove: vec![], insert: vec![(1000, uris(&["new1", "new2"]))] });
        assert_eq!(diff.plan.requests(), 1);
    }

    #[test]
    fn a_new_order_is_a_replace_when_that_is_fewer_requests() {
        let current = uris(&["a", "b", "c", "d"]);
        let wanted = uris(&["d", "c", "b", "a"]);
        let diff = PlaylistDiff::between(&current, &wanted);
        assert_eq!(diff.summary(), "moves 3");
        assert_eq!(diff.plan, WritePlan::Replace { uris: wanted.clone() });
    }

    #[test]
    fn one_move_in_a_long_playlist_is_an_edit_that_keeps_the_others_dates() {
        let current: Vec<String> = (0..300).map(|index| format!("spotify:track:{index:022}")).collect();
        let mut wanted = current.clone();
        let moved = wanted.remove(10);
        wanted.insert(200, moved.clone());
        wanted.push(uris(&["new"])[0].clone());
        let diff = PlaylistDiff::between(&current, &wanted);
        assert_eq!(diff.summary(), "adds 1, moves 1");
        // Remove the moved entry, put it back at 200, add the new one at the end: three requests, as many as a
        // replace of 301 entries, and the other 299 keep their dates.
        assert_eq!(
            diff.plan,
            WritePlan::Edit { remove: vec![moved.clone()], insert: vec![(200, vec![moved]), (300, uris(&["new"]))] }
        );
        assert_eq!(diff.plan.requests(), 3);
    }

    #[test]
    fn a_small_playlist_with_a_move_is_replaced_in_one_request() {
        let diff = PlaylistDiff::between(&uris(&["a", "b", "c", "d"]), &uris(&["a", "c", "d", "b", "e"]));
        assert_eq!(diff.summary(), "adds 1, moves 1");
        assert_eq!(diff.plan.requests(), 1);
        assert!(matches!(diff.plan, WritePlan::Replace { .. }));
    }

    #[test]
    fn repeats_and_local_files_are_replaced() {
        let repeated = uris(&["a", "b", "a"]);
        let diff = PlaylistDiff::between(&repeated, &uris(&["a", "b"]));
        assert_eq!(diff.removed, uris(&["a"]));
        assert!(matches!(diff.plan, WritePlan::Replace { .. }));
        let with_local = vec!["spotify:local:Artist:Album:Song:200".to_owned(), uris(&["a"])[0].clone()];
        let diff = PlaylistDiff::between(&with_local, &uris(&["a", "b"]));
        assert_eq!(diff.summary(), "adds 1, removes 1");
        assert_eq!(apply_plan(&with_local, &diff.plan), uris(&["a", "b"]));
    }

    #[test]
    fn nothing_to_do() {
        let same = uris(&["a", "b"]);
        let diff = PlaylistDiff::between(&same, &same);
        assert_eq!((diff.summary().as_str(), diff.plan.requests()), ("no changes", 0));
    }

    fn playlist() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(0u8..40, 0..250)
            .prop_map(|ids| ids.into_iter().map(|id| format!("spotify:track:{id:022}")).collect())
    }

    fn distinct(list: Vec<String>) -> Vec<String> {
        let mut seen = HashSet::new();
        list.into_iter().filter(|uri| seen.insert(uri.clone())).collect()
    }

    proptest! {
        #[test]
        fn every_plan_makes_exactly_the_wanted_playlist(current in playlist(), wanted in playlist(), unique in any::<bool>()) {
            let wanted = if unique { distinct(wanted) } else { wanted };
            let diff = PlaylistDiff::between(&current, &wanted);
            prop_assert_eq!(apply_plan(&current, &diff.plan), wanted.clone());
            let replace = WritePlan::Replace { uris: wanted.clone() }.requests();
            prop_assert!(diff.plan.requests() <= replace);
            // Counts add up: the current length less removals plus additions is the wanted length.
            prop_assert_eq!(current.len() - diff.removed.len() + diff.added.len(), wanted.len());
        }
    }
}
