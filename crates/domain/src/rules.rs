//! Smart playlists' rules language: which tracks of a user's library a smart playlist holds, in what order, and
//! how many. A rule is one or more rule sets, each taking tracks from its sources (liked songs, chosen playlists,
//! the whole library, the history), keeping those its condition tree matches, ordered by its sort and cut to its
//! limit; the sets' tracks are then combined (one set after the other, or taking turns), deduplicated, held to at
//! most N per artist, spaced so one artist does not repeat too soon, and cut to the playlist's limit.
//!
//! Rules are written and stored as JSON (rules/parse.rs reads it, naming the JSON path of every problem;
//! rules/export.rs writes it back). The same rule evaluates in memory here (rules/evaluate.rs) and as SQL over the
//! read model in the store; both give the same tracks in the same order.

mod condition;
mod dependencies;
mod describe;
mod evaluate;
mod export;
mod field;
mod form;
mod navidrome;
mod parse;
mod pattern;
mod prepare;
mod sequence;
mod track;

#[cfg(any(test, feature = "arbitrary"))]
pub mod arbitrary;
#[cfg(test)]
mod tests;

pub use condition::{Condition, FeatureSource, Node, Op, Operand, PlaylistRef, Span, SpanUnit};
pub use dependencies::{RefreshOrder, refresh_order};
pub use evaluate::Evaluation;
pub use field::{Field, FieldKind};
pub use form::{
    FormEdit, LimitForm, PlacedProblem, RowForm, RuleForm, SetForm, SortForm, feature_sources, field_choices,
    op_choices, unit_choices, value_hint,
};
pub use navidrome::NavidromeImport;
pub use parse::{RuleProblem, RuleProblems};
pub use pattern::{MAX_PATTERN_CHARS, Pattern};
pub use prepare::{
    CalibrationScale, Prepared, PreparedCondition, PreparedNode, PreparedSet, PreparedSource, PreparedTest,
    RuleContext, Window,
};
pub use sequence::{Candidate, Placed, matches_to_read_first, reads_first_matches, sequence, settled};
pub use track::{DayListening, RuleTrack};

/// How deeply groups and `not` may nest.
pub const MAX_DEPTH: usize = 8;
/// Conditions in a whole rule, over all its sets.
pub const MAX_CONDITIONS: usize = 100;
/// Values in one list (`any_of`, sources).
pub const MAX_LIST_VALUES: usize = 100;
/// The longest text value, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// Rule sets one smart playlist combines.
pub const MAX_SETS: usize = 5;
/// Keys a sort may have.
pub const MAX_SORT_KEYS: usize = 4;
/// The most items a limit may keep: Spotify's largest playlist.
pub const MAX_ITEMS: u32 = 10_000;
/// The largest JSON text a rule may be, in bytes.
pub const MAX_RULE_BYTES: usize = 64 * 1024;

/// A whole smart playlist's rule.
#[derive(Clone, Debug, PartialEq)]
pub struct SmartRules {
    pub sets: Vec<RuleSet>,
    pub combine: Combine,
    pub dedupe: Dedupe,
    /// At most this many tracks by the same (first credited) artist.
    pub per_artist: Option<u32>,
    /// At least this many other tracks between two by the same artist, where the tracks allow it.
    pub separation: Option<u32>,
    pub limit: Option<Limit>,
}

/// One rule set: where tracks come from, which of them match, their order and how many to take.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    /// Tracks in any of these; never empty.
    pub sources: Vec<Source>,
    pub matching: Node,
    pub order: Order,
    pub limit: Option<Limit>,
}

/// Where a rule set takes tracks from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// Every track of the library: liked, in a playlist, or played.
    Library,
    Liked,
    /// Tracks played at least once.
    History,
    Playlist(PlaylistRef),
}

/// A rule set's order.
#[derive(Clone, Debug, PartialEq)]
pub enum Order {
    /// By these keys in turn, then by track id; unknown values last whichever the direction.
    Keys(Vec<SortKey>),
    /// Shuffled by the run's seed, so a preview and the run it leads to agree.
    Random,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub field: Field,
    pub descending: bool,
}

/// How much of a list to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Items(u32),
    Minutes(u32),
    Hours(u32),
}

impl Limit {
    /// The longest total length it allows, in milliseconds, if it limits by time.
    pub fn milliseconds(self) -> Option<i64> {
        match self {
            Limit::Items(_) => None,
            Limit::Minutes(minutes) => Some(i64::from(minutes) * 60_000),
            Limit::Hours(hours) => Some(i64::from(hours) * 3_600_000),
        }
    }
}

/// Which tracks count as the same one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dedupe {
    /// The same Spotify track.
    #[default]
    Id,
    /// The same recording (ISRC), whatever release it is on; tracks without an ISRC by id.
    Isrc,
}

/// How several sets' tracks are put together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Combine {
    /// The first set's tracks, then the second's, and so on.
    #[default]
    Concatenate,
    /// One track from each set in turn.
    Alternate,
}

impl SmartRules {
    /// A rule of one set over the whole library with `matching`, newest additions first.
    pub fn matching(matching: Node) -> SmartRules {
        SmartRules {
            sets: vec![RuleSet { sources: vec![Source::Library], matching, order: Order::default(), limit: None }],
            combine: Combine::Concatenate,
            dedupe: Dedupe::Id,
            per_artist: None,
            separation: None,
            limit: None,
        }
    }

    /// The smart playlists this rule reads (its sources and its membership conditions), each once.
    pub fn smart_references(&self) -> std::collections::BTreeSet<i64> {
        let mut found = std::collections::BTreeSet::new();
        for set in &self.sets {
            for source in &set.sources {
                if let Source::Playlist(PlaylistRef::Smart(id)) = source {
                    found.insert(*id);
                }
            }
            let mut conditions = Vec::new();
            set.matching.conditions_at("", &mut conditions);
            for (_, condition) in conditions {
                if let Operand::Playlist(PlaylistRef::Smart(id)) = &condition.value {
                    found.insert(*id);
                }
            }
        }
        found
    }
}

impl Default for Order {
    /// Newest additions to the library first.
    fn default() -> Self {
        Order::Keys(vec![SortKey { field: Field::Added, descending: true }])
    }
}
