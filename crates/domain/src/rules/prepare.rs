//! A rule made ready to evaluate at one moment: dates counted back from now become instants, genres grow their
//! subgenres, keys their harmonic neighbours, smart playlists become the Spotify playlists they write to, a
//! calibrated condition becomes the raw values of each provider that pass it, and every negative operator becomes
//! the negation of its partner. Both evaluators (in memory here, SQL in the store) read this form, so neither
//! repeats any of these decisions.

use std::collections::BTreeMap;

use super::condition::{Condition, FeatureSource, Node, Op, Operand, PlaylistRef, Span};
use super::describe::describe;
use super::field::Field;
use super::pattern::Pattern;
use super::{Limit, Order, SmartRules, Source};
use crate::{AudioFeature, Day, GenreTree, Key, Mode, Provider, QuantileMapping};

/// What a rule is evaluated against besides the tracks.
#[derive(Clone, Debug, Default)]
pub struct RuleContext {
    /// Now, in whole seconds since 1970 (UTC).
    pub now: i64,
    /// Shuffles random orders; the same seed gives the same order.
    pub seed: u64,
    /// Each calibrated provider's mapping of a feature onto the reference scale.
    pub calibrations: Vec<CalibrationScale>,
    /// The Spotify playlist each smart playlist writes to, for those that have one.
    pub smart_playlists: BTreeMap<i64, String>,
}

/// A provider's calibration of one feature.
#[derive(Clone, Debug, PartialEq)]
pub struct CalibrationScale {
    pub provider: Provider,
    pub mapping: QuantileMapping,
}

/// A rule ready to evaluate.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub sets: Vec<PreparedSet>,
    pub rules: SmartRules,
    pub seed: u64,
}

#[derive(Clone, Debug)]
pub struct PreparedSet {
    pub sources: Vec<PreparedSource>,
    pub matching: PreparedNode,
    pub order: Order,
    pub limit: Option<Limit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreparedSource {
    Library,
    Liked,
    History,
    /// A playlist by its Spotify id; None for a smart playlist that has not written one yet (holds nothing).
    Playlist(Option<String>),
}

#[derive(Clone, Debug)]
pub enum PreparedNode {
    All(Vec<PreparedNode>),
    Any(Vec<PreparedNode>),
    Not(Box<PreparedNode>),
    Condition(PreparedCondition),
}

/// A condition ready to test: the positive `test`, negated when `negate` (a negative operator). A test of a value
/// the track does not have is false, so its negation holds.
#[derive(Clone, Debug)]
pub struct PreparedCondition {
    /// Where it is in the JSON, and what it says in words.
    pub path: String,
    pub description: String,
    pub field: Field,
    pub source: FeatureSource,
    /// Counting only plays on and after this day.
    pub window: Option<Window>,
    pub negate: bool,
    pub test: PreparedTest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub since: Day,
}

/// A positive test of one value.
#[derive(Clone, Debug)]
pub enum PreparedTest {
    /// The field has a value.
    Present,
    /// Numbers: `value op number`, op one of eq, gt, gte, lt, lte.
    Compare(Op, f64),
    /// Both ends included.
    Between(f64, f64),
    /// A calibrated feature: for each calibrated provider the closed range of its raw values that pass (None:
    /// none does); values of other providers are compared as given.
    Calibrated {
        raw: Vec<(Provider, Option<(f32, f32)>)>,
        otherwise: Box<PreparedTest>,
    },
    /// Lower-cased text: op one of is, contains, starts_with, ends_with. For names, one name passing is enough.
    Text(Op, String),
    Pattern(Pattern),
    /// Names (lower-cased): any of them is one of these.
    AnyName(Vec<String>),
    /// Names: each of these is one of them.
    AllNames(Vec<String>),
    /// Genres: one of the track's genres lies in any of the groups (each a genre and its subgenres).
    AnyGenre(Vec<Vec<&'static str>>),
    /// Genres: for every group, one of the track's genres lies in it.
    AllGenres(Vec<Vec<&'static str>>),
    AnyTag(Vec<String>),
    AllTags(Vec<String>),
    /// The key is one of these.
    Keys(Vec<Key>),
    Mode(Mode),
    Flag(bool),
    /// Instants (seconds): `from <= value < until`; either end may be open.
    Instant {
        from: Option<i64>,
        until: Option<i64>,
    },
    /// In the playlist with this Spotify id (None: a smart playlist without one, which holds nothing).
    Member(Option<String>),
}

impl SmartRules {
    /// Readies the rule for evaluation in `context`.
    pub fn prepare(&self, context: &RuleContext) -> Prepared {
        let sets = self
            .sets
            .iter()
            .enumerate()
            .map(|(index, set)| PreparedSet {
                sources: set.sources.iter().map(|source| prepare_source(source, context)).collect(),
                matching: prepare_node(&set.matching, &format!("$.sets[{index}].match"), context),
                order: set.order.clone(),
                limit: set.limit,
            })
            .collect();
        Prepared { sets, rules: self.clone(), seed: context.seed }
    }
}

fn resolve(playlist: &PlaylistRef, context: &RuleContext) -> Option<String> {
    match playlist {
        PlaylistRef::Spotify(id) => Some(id.as_str().to_owned()),
        PlaylistRef::Smart(id) => context.smart_playlists.get(id).cloned(),
    }
}

fn prepare_source(source: &Source, context: &RuleContext) -> PreparedSource {
    match source {
        Source::Library => PreparedSource::Library,
        Source::Liked => PreparedSource::Liked,
        Source::History => PreparedSource::History,
        Source::Playlist(playlist) => PreparedSource::Playlist(resolve(playlist, context)),
    }
}

fn prepare_node(node: &Node, path: &str, context: &RuleContext) -> PreparedNode {
    match node {
        Node::All(children) => PreparedNode::All(
            children
                .iter()
                .enumerate()
                .map(|(index, child)| prepare_node(child, &format!("{path}.all[{index}]"), context))
                .collect(),
        ),
        Node::Any(children) => PreparedNode::Any(
            children
                .iter()
                .enumerate()
                .map(|(index, child)| prepare_node(child, &format!("{path}.any[{index}]"), context))
                .collect(),
        ),
        Node::Not(child) => PreparedNode::Not(Box::new(prepare_node(child, &format!("{path}.not"), context))),
        Node::Condition(condition) => PreparedNode::Condition(prepare_condition(condition, path, context)),
    }
}

fn prepare_condition(condition: &Condition, path: &str, context: &RuleContext) -> PreparedCondition {
    let negate = condition.op.negates().is_some();
    let test = match &condition.value {
        Operand::Nothing => PreparedTest::Present,
        Operand::Number(number) => {
            let op = if condition.op == Op::Ne { Op::Eq } else { condition.op };
            PreparedTest::Compare(op, *number)
        }
        Operand::Numbers(low, high) => PreparedTest::Between(*low, *high),
        Operand::Text(text) => PreparedTest::Text(condition.op, text.to_lowercase()),
        Operand::Pattern(pattern) => PreparedTest::Pattern(pattern.clone()),
        Operand::Texts(values) if condition.field == Field::Artists => {
            let lowered = values.iter().map(|value| value.to_lowercase()).collect();
            if condition.op == Op::AllOf { PreparedTest::AllNames(lowered) } else { PreparedTest::AnyName(lowered) }
        }
        Operand::Texts(tags) => {
            if condition.op == Op::AllOf {
                PreparedTest::AllTags(tags.clone())
            } else {
                PreparedTest::AnyTag(tags.clone())
            }
        }
        Operand::Genres(genres) => {
            let tree = GenreTree::get();
            let groups = genres
                .iter()
                .map(|genre| {
                    std::iter::once(genre.as_str())
                        .chain(tree.descendants(*genre).iter().map(|each| each.id.as_str()))
                        .collect()
                })
                .collect();
            if condition.op == Op::AllOf { PreparedTest::AllGenres(groups) } else { PreparedTest::AnyGenre(groups) }
        }
        Operand::Keys(keys) => PreparedTest::Keys(keys.clone()),
        Operand::Key(key) if condition.op == Op::HarmonicNeighbourOf => {
            PreparedTest::Keys(all_keys().filter(|other| other.is_harmonic_neighbour_of(*key)).collect())
        }
        Operand::Key(key) => PreparedTest::Keys(vec![*key]),
        Operand::Mode(mode) => PreparedTest::Mode(*mode),
        Operand::Flag(flag) => PreparedTest::Flag(*flag),
        Operand::Day(day) => match condition.op {
            Op::Before => PreparedTest::Instant { from: None, until: Some(day.unix_start()) },
            _ => PreparedTest::Instant { from: Some(day.unix_end()), until: None },
        },
        Operand::Days(first, last) => {
            PreparedTest::Instant { from: Some(first.unix_start()), until: Some(last.unix_end()) }
        }
        // "In the last 30 days": from then up to now (a release date may lie ahead).
        Operand::Span(span) => {
            PreparedTest::Instant { from: Some(span.before(context.now)), until: Some(context.now + 1) }
        }
        Operand::Playlist(playlist) => PreparedTest::Member(resolve(playlist, context)),
    };
    let test = match (condition.field, condition.source) {
        (Field::Feature(feature), FeatureSource::Calibrated) => calibrated(feature, test, context),
        _ => test,
    };
    PreparedCondition {
        path: path.to_owned(),
        description: describe(condition),
        field: condition.field,
        source: condition.source,
        window: condition.window.map(|span| window(span, context.now)),
        negate,
        test,
    }
}

/// The window of a span: whole days, from the day the span starts on.
fn window(span: Span, now: i64) -> Window {
    let since = Day::containing(span.before(now)).unwrap_or_else(|| Day::parse("1000-01-01").expect("a valid day"));
    Window { since }
}

fn all_keys() -> impl Iterator<Item = Key> {
    (0..12).flat_map(|pitch| (0..2).filter_map(move |mode| Key::from_numbers(pitch, mode).ok().flatten()))
}

/// Turns a test of calibrated values into tests of raw ones: each calibrated provider's mapping never decreases,
/// so the raw values whose calibrated value passes form one closed range, found by bisecting the 32-bit floats the
/// read model stores. Both evaluators then compare raw values with that range, and agree exactly.
fn calibrated(feature: AudioFeature, test: PreparedTest, context: &RuleContext) -> PreparedTest {
    let (low, high) = feature.range();
    let (low, high) = (low as f32, high as f32);
    let raw = context
        .calibrations
        .iter()
        .filter(|scale| scale.mapping.feature() == feature)
        .map(|scale| {
            let map = |raw: f32| scale.mapping.map(f64::from(raw));
            let range = match &test {
                PreparedTest::Compare(op, value) => {
                    let value = *value;
                    match op {
                        Op::Gt => passing(low, high, |raw| map(raw) > value, |_| true),
                        Op::Gte => passing(low, high, |raw| map(raw) >= value, |_| true),
                        Op::Lt => passing(low, high, |_| true, |raw| map(raw) < value),
                        Op::Lte => passing(low, high, |_| true, |raw| map(raw) <= value),
                        _ => passing(low, high, |raw| map(raw) >= value, |raw| map(raw) <= value),
                    }
                }
                PreparedTest::Between(from, to) => passing(low, high, |raw| map(raw) >= *from, |raw| map(raw) <= *to),
                // Presence does not depend on the scale.
                _ => Some((low, high)),
            };
            (scale.provider, range)
        })
        .collect();
    PreparedTest::Calibrated { raw, otherwise: Box::new(test) }
}

/// The closed range of floats in [low, high] where `rises` (false then true) and `falls` (true then false) both
/// hold, or None.
fn passing(low: f32, high: f32, rises: impl Fn(f32) -> bool, falls: impl Fn(f32) -> bool) -> Option<(f32, f32)> {
    let start = first_where(low, high, &rises)?;
    // The last float where `falls` holds is the one before the first where it stops holding.
    let end = match first_where(low, high, &|raw| !falls(raw)) {
        Some(stop) if stop == low => return None,
        Some(stop) => from_order(to_order(stop) - 1),
        None => high,
    };
    (start <= end).then_some((start, end))
}

/// The smallest float in [low, high] where `holds` (false then true) holds.
fn first_where(low: f32, high: f32, holds: &impl Fn(f32) -> bool) -> Option<f32> {
    let (mut below, mut at) = (to_order(low) - 1, to_order(high));
    if !holds(high) {
        return None;
    }
    while at - below > 1 {
        let middle = below + (at - below) / 2;
        if holds(from_order(middle)) { at = middle } else { below = middle }
    }
    Some(from_order(at))
}

/// Floats as integers in the same order (negative zero and zero are neighbours, which no stored value tells apart).
fn to_order(value: f32) -> i64 {
    let bits = value.to_bits() as i32;
    i64::from(if bits < 0 { i32::MIN - bits } else { bits })
}

fn from_order(order: i64) -> f32 {
    let bits = order as i32;
    f32::from_bits((if bits < 0 { i32::MIN - bits } else { bits }) as u32)
}
