//! Tying a stored entry again once the service's track read has given its ISRC: the entry's chart was stored with
//! what was known then (its title and artists), and the ISRC may say it is a recording charted elsewhere, or give a
//! recording made from its title alone the code that joins it to other services' entries.

use super::matching::{ChartMatchMethod, EntryMatch};
use crate::Isrc;

/// What an entry is tied to now, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTie<K> {
    pub recording: K,
    pub method: ChartMatchMethod,
    /// Whether the recording carries any ISRC.
    pub recording_has_isrc: bool,
}

/// What becomes of a stored entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Retie<K> {
    /// As it is: chosen by hand, tied by an ISRC already, or nothing new was learnt.
    Keep,
    /// Tie the entry to `recording` by `method`, adding `alias` to the recording's ISRCs. `absorb` is the recording the
    /// entry was tied to before, made from titles alone and now known to be the same song: all of it (every chart
    /// entry, count and link) becomes `recording`'s.
    To { recording: K, method: ChartMatchMethod, confidence: f64, alias: Option<Isrc>, absorb: Option<K> },
    /// A recording not charted before, with this ISRC.
    New { isrc: Isrc, method: ChartMatchMethod },
}

/// Decides what `previous` becomes once matching with the ISRC (`decided`, from
/// [`match_entry`](super::match_entry) with the looked-up ISRC) has spoken.
pub fn retie<K: Clone + PartialEq>(previous: Option<&StoredTie<K>>, decided: EntryMatch<K>) -> Retie<K> {
    if let Some(previous) = previous
        && matches!(previous.method, ChartMatchMethod::Manual | ChartMatchMethod::Isrc | ChartMatchMethod::IsrcLookup)
    {
        return Retie::Keep;
    }
    // A recording made from titles alone: the ISRC is what it lacked, and whatever the ISRC says it is, it is.
    let titles_only = previous.filter(|tie| tie.method == ChartMatchMethod::FirstSeen && !tie.recording_has_isrc);
    match decided {
        EntryMatch::Known { recording, method, confidence, alias } => {
            let absorb = titles_only.map(|tie| tie.recording.clone()).filter(|before| *before != recording);
            // A recording alike enough to take the entry's ISRC as its own carries it from now on: the entry is tied
            // by that code (with the likeness that gave it).
            let method = if alias.is_some() { ChartMatchMethod::IsrcLookup } else { method };
            Retie::To { recording, method, confidence, alias, absorb }
        }
        EntryMatch::New { isrc: Some(isrc), method } => match titles_only {
            Some(tie) => {
                Retie::To { recording: tie.recording.clone(), method, confidence: 1.0, alias: Some(isrc), absorb: None }
            }
            None => Retie::New { isrc, method },
        },
        // Matching with an ISRC always ties or starts a recording; without one nothing was learnt.
        EntryMatch::New { isrc: None, .. } | EntryMatch::Unmatched { .. } => Retie::Keep,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn isrc() -> Isrc {
        Isrc::parse("GBUM72000001").unwrap()
    }

    fn tie(recording: u32, method: ChartMatchMethod, recording_has_isrc: bool) -> StoredTie<u32> {
        StoredTie { recording, method, recording_has_isrc }
    }

    #[test]
    fn a_recording_from_titles_alone_is_folded_into_the_one_the_isrc_names() {
        let known =
            EntryMatch::Known { recording: 7, method: ChartMatchMethod::IsrcLookup, confidence: 1.0, alias: None };
        assert_eq!(
            retie(Some(&tie(3, ChartMatchMethod::FirstSeen, false)), known),
            Retie::To {
                recording: 7,
                method: ChartMatchMethod::IsrcLookup,
                confidence: 1.0,
                alias: None,
                absorb: Some(3)
            }
        );
    }

    #[test]
    fn a_recording_from_titles_alone_takes_an_isrc_nobody_has() {
        let new = EntryMatch::New { isrc: Some(isrc()), method: ChartMatchMethod::IsrcLookup };
        assert_eq!(
            retie(Some(&tie(3, ChartMatchMethod::FirstSeen, false)), new.clone()),
            Retie::To {
                recording: 3,
                method: ChartMatchMethod::IsrcLookup,
                confidence: 1.0,
                alias: Some(isrc()),
                absorb: None
            }
        );
        // A recording tied by title to another song is not given this one's code; the entry starts its own.
        assert_eq!(
            retie(Some(&tie(3, ChartMatchMethod::Fuzzy, true)), new.clone()),
            Retie::New { isrc: isrc(), method: ChartMatchMethod::IsrcLookup }
        );
        assert_eq!(retie(None, new), Retie::New { isrc: isrc(), method: ChartMatchMethod::IsrcLookup });
    }

    #[test]
    fn a_fuzzy_tie_the_isrc_contradicts_moves_without_taking_the_other_recording_along() {
        let known =
            EntryMatch::Known { recording: 7, method: ChartMatchMethod::IsrcLookup, confidence: 1.0, alias: None };
        assert_eq!(
            retie(Some(&tie(3, ChartMatchMethod::Fuzzy, false)), known),
            Retie::To {
                recording: 7,
                method: ChartMatchMethod::IsrcLookup,
                confidence: 1.0,
                alias: None,
                absorb: None
            }
        );
    }

    fn any_method() -> impl Strategy<Value = ChartMatchMethod> {
        prop::sample::select(ChartMatchMethod::ALL.to_vec())
    }

    fn any_decision() -> impl Strategy<Value = EntryMatch<u32>> {
        prop_oneof![
            (0u32..4, any_method(), any::<bool>()).prop_map(|(recording, method, alias)| EntryMatch::Known {
                recording,
                method,
                confidence: 0.9,
                alias: alias.then(isrc)
            }),
            any::<bool>()
                .prop_map(|with| EntryMatch::New { isrc: with.then(isrc), method: ChartMatchMethod::IsrcLookup }),
            Just(EntryMatch::Unmatched { closest: Some((1, 0.7)) }),
        ]
    }

    proptest! {
        #[test]
        fn hand_choices_and_isrc_ties_stand_and_nothing_absorbs_itself(
            recording in 0u32..4,
            method in any_method(),
            has_isrc in any::<bool>(),
            decided in any_decision(),
        ) {
            let previous = tie(recording, method, has_isrc);
            let outcome = retie(Some(&previous), decided);
            if matches!(method, ChartMatchMethod::Manual | ChartMatchMethod::Isrc | ChartMatchMethod::IsrcLookup) {
                prop_assert_eq!(outcome, Retie::Keep);
            } else if let Retie::To { recording: target, absorb: Some(absorbed), .. } = outcome {
                prop_assert_ne!(target, absorbed);
                // Only a recording made from titles alone, without a code of its own, is ever folded away.
                prop_assert_eq!(absorbed, recording);
                prop_assert!(method == ChartMatchMethod::FirstSeen && !has_isrc);
            }
        }
    }
}
