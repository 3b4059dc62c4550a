//! The tree a rule matches tracks with: `all` and `any` groups and `not`, with conditions `{field, op, value}` at
//! the leaves. Parsing (rules/parse.rs) only ever builds conditions whose operator fits the field's kind and whose
//! value fits the operator.
//!
//! Missing values: a comparison with a value a track does not have is false, except for the operators that are the
//! exact opposite of another (`ne` of `eq`, `not_in_last` of `in_last`, `none_of` of `any_of`, `not_in_playlist` of
//! `in_playlist`, `is_missing` of `is_present`), which hold for it. So "not played in the last 30 days" includes
//! tracks never played, and "energy is not 0.5" includes tracks whose energy is unknown.
//!
//! Text is compared without regard to case (both sides lower-cased character by character); `matches` takes a
//! regular expression (rules/pattern.rs), also without regard to case.

use serde::{Deserialize, Serialize};

use super::field::{Field, FieldKind};
use super::pattern::Pattern;
use crate::{Day, GenreId, Key, Mode, Provider, SpotifyId};

/// A node of a rule's tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Every child holds (an empty group holds for every track).
    All(Vec<Node>),
    /// At least one child holds (an empty group holds for none).
    Any(Vec<Node>),
    Not(Box<Node>),
    Condition(Condition),
}

/// A leaf of the tree: a field, an operator and the value it compares with.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub field: Field,
    /// Which value of an audio feature is meant.
    pub source: FeatureSource,
    /// Plays, skips, skip ratio and minutes counted over a recent window only.
    pub window: Option<Span>,
    pub op: Op,
    pub value: Operand,
}

/// Which value of an audio feature a condition reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum FeatureSource {
    /// The value the library shows: the first provider in the preference order that has one.
    #[default]
    Effective,
    /// Only this provider's value; tracks it did not measure have none.
    Pinned(Provider),
    /// The effective value put on the reference scale by its provider's calibration (as it was given when the
    /// provider is not calibrated).
    Calibrated,
}

impl FeatureSource {
    /// The name in a rule's JSON (`"source": "deezer"`).
    pub fn code(self) -> &'static str {
        match self {
            FeatureSource::Effective => "effective",
            FeatureSource::Pinned(provider) => provider.code(),
            FeatureSource::Calibrated => "calibrated",
        }
    }

    pub fn parse(code: &str) -> Option<FeatureSource> {
        match code {
            "effective" => Some(FeatureSource::Effective),
            "calibrated" => Some(FeatureSource::Calibrated),
            other => Provider::parse(other).map(FeatureSource::Pinned),
        }
    }
}

/// A length of time counted back from now: "30 days", "6 months".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub count: u32,
    pub unit: SpanUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SpanUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl SpanUnit {
    pub const ALL: [SpanUnit; 4] = [SpanUnit::Days, SpanUnit::Weeks, SpanUnit::Months, SpanUnit::Years];

    pub fn code(self) -> &'static str {
        match self {
            SpanUnit::Days => "days",
            SpanUnit::Weeks => "weeks",
            SpanUnit::Months => "months",
            SpanUnit::Years => "years",
        }
    }

    /// Reads a unit, singular or plural.
    pub fn parse(code: &str) -> Option<SpanUnit> {
        SpanUnit::ALL.into_iter().find(|unit| unit.code() == code || unit.code().strip_suffix('s') == Some(code))
    }
}

impl Span {
    /// The instant `self` before `now` (seconds since 1970): days and weeks exactly, months and years on the
    /// calendar (the same day of the month, or the month's last), at the same time of day (UTC).
    pub fn before(self, now: i64) -> i64 {
        let months = match self.unit {
            SpanUnit::Days => return now - i64::from(self.count) * 86_400,
            SpanUnit::Weeks => return now - i64::from(self.count) * 7 * 86_400,
            SpanUnit::Months => self.count,
            SpanUnit::Years => self.count.saturating_mul(12),
        };
        let time_of_day = now.rem_euclid(86_400);
        match Day::containing(now).and_then(|day| day.months_earlier(months)) {
            Some(day) => day.unix_start() + time_of_day,
            // Before the calendar's year 1000: everything is within the span.
            None => i64::MIN / 2,
        }
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = self.unit.code();
        if self.count == 1 { write!(f, "1 {}", &unit[..unit.len() - 1]) } else { write!(f, "{} {unit}", self.count) }
    }
}

/// A playlist a condition or a source names: one of the user's Spotify playlists, or a smart playlist's (whatever
/// Spotify playlist it writes to).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaylistRef {
    Spotify(SpotifyId),
    Smart(i64),
}

/// An operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Between,
    Is,
    Contains,
    StartsWith,
    EndsWith,
    Matches,
    Before,
    After,
    InLast,
    NotInLast,
    AnyOf,
    AllOf,
    NoneOf,
    HarmonicNeighbourOf,
    InPlaylist,
    NotInPlaylist,
    IsMissing,
    IsPresent,
}

impl Op {
    pub const ALL: [Op; 24] = [
        Op::Eq,
        Op::Ne,
        Op::Gt,
        Op::Gte,
        Op::Lt,
        Op::Lte,
        Op::Between,
        Op::Is,
        Op::Contains,
        Op::StartsWith,
        Op::EndsWith,
        Op::Matches,
        Op::Before,
        Op::After,
        Op::InLast,
        Op::NotInLast,
        Op::AnyOf,
        Op::AllOf,
        Op::NoneOf,
        Op::HarmonicNeighbourOf,
        Op::InPlaylist,
        Op::NotInPlaylist,
        Op::IsMissing,
        Op::IsPresent,
    ];

    /// The name in a rule's JSON.
    pub fn code(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Between => "between",
            Op::Is => "is",
            Op::Contains => "contains",
            Op::StartsWith => "starts_with",
            Op::EndsWith => "ends_with",
            Op::Matches => "matches",
            Op::Before => "before",
            Op::After => "after",
            Op::InLast => "in_last",
            Op::NotInLast => "not_in_last",
            Op::AnyOf => "any_of",
            Op::AllOf => "all_of",
            Op::NoneOf => "none_of",
            Op::HarmonicNeighbourOf => "harmonic_neighbour_of",
            Op::InPlaylist => "in_playlist",
            Op::NotInPlaylist => "not_in_playlist",
            Op::IsMissing => "is_missing",
            Op::IsPresent => "is_present",
        }
    }

    pub fn parse(code: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.code() == code)
    }

    /// The words the rule builder shows.
    pub fn label(self) -> &'static str {
        match self {
            Op::Eq => "is",
            Op::Ne => "is not",
            Op::Gt => "is above",
            Op::Gte => "is at least",
            Op::Lt => "is below",
            Op::Lte => "is at most",
            Op::Between => "is between",
            Op::Is => "is",
            Op::Contains => "contains",
            Op::StartsWith => "starts with",
            Op::EndsWith => "ends with",
            Op::Matches => "matches the pattern",
            Op::Before => "is before",
            Op::After => "is after",
            Op::InLast => "is in the last",
            Op::NotInLast => "is not in the last",
            Op::AnyOf => "is any of",
            Op::AllOf => "includes all of",
            Op::NoneOf => "is none of",
            Op::HarmonicNeighbourOf => "mixes harmonically with",
            Op::InPlaylist => "is in",
            Op::NotInPlaylist => "is not in",
            Op::IsMissing => "is unknown",
            Op::IsPresent => "is known",
        }
    }

    /// The operators a field of `kind` takes, in the order the rule builder offers them.
    pub fn for_kind(kind: FieldKind) -> &'static [Op] {
        match kind {
            FieldKind::Number => {
                &[Op::Gt, Op::Gte, Op::Lt, Op::Lte, Op::Between, Op::Eq, Op::Ne, Op::IsMissing, Op::IsPresent]
            }
            FieldKind::Text => {
                &[Op::Is, Op::Contains, Op::StartsWith, Op::EndsWith, Op::Matches, Op::IsMissing, Op::IsPresent]
            }
            FieldKind::Names => &[
                Op::AnyOf,
                Op::AllOf,
                Op::NoneOf,
                Op::Is,
                Op::Contains,
                Op::StartsWith,
                Op::EndsWith,
                Op::Matches,
                Op::IsMissing,
                Op::IsPresent,
            ],
            FieldKind::List => &[Op::AnyOf, Op::AllOf, Op::NoneOf, Op::IsMissing, Op::IsPresent],
            FieldKind::Key => &[Op::Is, Op::AnyOf, Op::NoneOf, Op::HarmonicNeighbourOf, Op::IsMissing, Op::IsPresent],
            FieldKind::Mode | FieldKind::Flag => &[Op::Is, Op::IsMissing, Op::IsPresent],
            FieldKind::Date => {
                &[Op::InLast, Op::NotInLast, Op::Before, Op::After, Op::Between, Op::IsMissing, Op::IsPresent]
            }
            FieldKind::Membership => &[Op::InPlaylist, Op::NotInPlaylist],
        }
    }

    /// The operator this one is the exact opposite of, if it is one of the negative half of a pair.
    pub fn negates(self) -> Option<Op> {
        match self {
            Op::Ne => Some(Op::Eq),
            Op::NotInLast => Some(Op::InLast),
            Op::NoneOf => Some(Op::AnyOf),
            Op::NotInPlaylist => Some(Op::InPlaylist),
            Op::IsMissing => Some(Op::IsPresent),
            _ => None,
        }
    }
}

/// What a condition compares with, already checked against its field and operator.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// `is_missing`, `is_present`.
    Nothing,
    Number(f64),
    /// `between`, both ends included, low first.
    Numbers(f64, f64),
    /// Text as written (compared lower-cased).
    Text(String),
    Pattern(Pattern),
    Day(Day),
    /// `between` two days, both included, earlier first.
    Days(Day, Day),
    Span(Span),
    /// Artists' names as written, or tags in their canonical form.
    Texts(Vec<String>),
    Genres(Vec<GenreId>),
    Keys(Vec<Key>),
    Key(Key),
    Mode(Mode),
    Flag(bool),
    Playlist(PlaylistRef),
}

impl Condition {
    /// A condition on `field` with `op` and `value` and no source or window.
    pub fn new(field: Field, op: Op, value: Operand) -> Condition {
        Condition { field, source: FeatureSource::Effective, window: None, op, value }
    }
}

impl Node {
    /// Conditions in the tree.
    pub fn conditions(&self) -> usize {
        match self {
            Node::All(children) | Node::Any(children) => children.iter().map(Node::conditions).sum(),
            Node::Not(child) => child.conditions(),
            Node::Condition(_) => 1,
        }
    }

    /// Levels of groups and `not` above the deepest condition (a lone condition is depth 0).
    pub fn depth(&self) -> usize {
        match self {
            Node::All(children) | Node::Any(children) => 1 + children.iter().map(Node::depth).max().unwrap_or(0),
            Node::Not(child) => 1 + child.depth(),
            Node::Condition(_) => 0,
        }
    }

    /// Every condition with its path in the JSON (`$.sets[0].match.all[2]`), depth first.
    pub fn conditions_at<'a>(&'a self, path: &str, found: &mut Vec<(String, &'a Condition)>) {
        match self {
            Node::All(children) | Node::Any(children) => {
                let word = if matches!(self, Node::All(_)) { "all" } else { "any" };
                for (index, child) in children.iter().enumerate() {
                    child.conditions_at(&format!("{path}.{word}[{index}]"), found);
                }
            }
            Node::Not(child) => child.conditions_at(&format!("{path}.not"), found),
            Node::Condition(condition) => found.push((path.to_owned(), condition)),
        }
    }
}
