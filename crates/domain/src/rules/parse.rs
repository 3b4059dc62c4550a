//! Reads a rule from its JSON, checking everything against the language and its limits. Every problem found is
//! reported (not only the first), each with the JSON path of the node it is about (`$.sets[0].match.all[2].value`)
//! and what is wrong in words, so the rule builder can show each message beside its field.

use std::fmt;

use serde_json::{Map, Value};

use super::condition::{Condition, FeatureSource, Node, Op, Operand, PlaylistRef, Span, SpanUnit};
use super::field::{Field, FieldKind};
use super::pattern::Pattern;
use super::{
    Combine, Dedupe, Limit, MAX_CONDITIONS, MAX_DEPTH, MAX_ITEMS, MAX_LIST_VALUES, MAX_RULE_BYTES, MAX_SETS,
    MAX_SORT_KEYS, MAX_TEXT_CHARS, Order, RuleSet, SmartRules, SortKey, Source,
};
use crate::{Day, GenreTree, Key, Mode, SpotifyKind, Tag};

/// The longest span a date condition or window may count back: a hundred years.
const MAX_SPAN_DAYS: u64 = 36_525;

/// One thing wrong with a rule, and where.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleProblem {
    /// The JSON path of the node: `$` is the whole rule.
    pub path: String,
    pub message: String,
}

/// Everything wrong with a rule.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub struct RuleProblems(pub Vec<RuleProblem>);

impl fmt::Display for RuleProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", problem.path, problem.message)?;
        }
        Ok(())
    }
}

impl SmartRules {
    /// Reads a rule from its JSON text.
    pub fn parse(text: &str) -> Result<SmartRules, RuleProblems> {
        let problem = |message: String| RuleProblems(vec![RuleProblem { path: "$".to_owned(), message }]);
        if text.len() > MAX_RULE_BYTES {
            return Err(problem(format!(
                "a rule is at most {} KiB of JSON; this one is {} KiB",
                MAX_RULE_BYTES / 1024,
                text.len().div_ceil(1024)
            )));
        }
        let value: Value = serde_json::from_str(text).map_err(|error| {
            problem(format!("not JSON: {error} (line {}, column {})", error.line(), error.column()))
        })?;
        SmartRules::from_json(&value)
    }

    /// Reads a rule from parsed JSON.
    pub fn from_json(value: &Value) -> Result<SmartRules, RuleProblems> {
        let mut reader = Reader::default();
        let rules = reader.rules(value);
        match rules {
            Some(rules) if reader.problems.is_empty() => Ok(rules),
            _ => Err(RuleProblems(reader.problems)),
        }
    }
}

#[derive(Default)]
struct Reader {
    problems: Vec<RuleProblem>,
    conditions: usize,
}

impl Reader {
    fn fail<T>(&mut self, path: &str, message: impl Into<String>) -> Option<T> {
        self.problems.push(RuleProblem { path: path.to_owned(), message: message.into() });
        None
    }

    /// The object at `path`, reporting keys it does not know.
    fn object<'a>(
        &mut self,
        path: &str,
        value: &'a Value,
        what: &str,
        known: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        let Some(object) = value.as_object() else {
            return self.fail(path, format!("{what} must be an object"));
        };
        for key in object.keys().filter(|key| !known.contains(&key.as_str())) {
            self.fail::<()>(
                &format!("{path}.{key}"),
                format!("unknown key `{}` (expected one of: {})", echo(key), known.join(", ")),
            );
        }
        Some(object)
    }

    fn rules(&mut self, value: &Value) -> Option<SmartRules> {
        const KEYS: [&str; 7] = ["version", "sets", "combine", "dedupe", "per_artist", "artist_separation", "limit"];
        let object = self.object("$", value, "a rule", &KEYS)?;
        if let Some(version) = object.get("version")
            && version.as_u64() != Some(1)
        {
            self.fail::<()>("$.version", "this version of Crossfade reads rules of version 1");
        }
        let sets = match object.get("sets") {
            Some(Value::Array(sets)) if sets.is_empty() => self.fail("$.sets", "a rule needs at least one set"),
            Some(Value::Array(sets)) if sets.len() > MAX_SETS => {
                self.fail("$.sets", format!("a rule combines at most {MAX_SETS} sets; this one has {}", sets.len()))
            }
            Some(Value::Array(sets)) => {
                let read: Vec<Option<RuleSet>> =
                    sets.iter().enumerate().map(|(index, set)| self.set(&format!("$.sets[{index}]"), set)).collect();
                read.into_iter().collect::<Option<Vec<_>>>()
            }
            Some(_) => self.fail("$.sets", "`sets` must be a list of rule sets"),
            None => self.fail("$", "a rule needs `sets`: a list of rule sets, each with its sources and `match`"),
        };
        let combine = match object.get("combine") {
            None => Some(Combine::default()),
            Some(Value::String(text)) if text == "concatenate" => Some(Combine::Concatenate),
            Some(Value::String(text)) if text == "alternate" => Some(Combine::Alternate),
            Some(_) => self.fail("$.combine", "`combine` is \"concatenate\" or \"alternate\""),
        };
        let dedupe = match object.get("dedupe") {
            None => Some(Dedupe::default()),
            Some(Value::String(text)) if text == "id" => Some(Dedupe::Id),
            Some(Value::String(text)) if text == "isrc" => Some(Dedupe::Isrc),
            Some(_) => {
                self.fail("$.dedupe", "`dedupe` is \"id\" (the same Spotify track) or \"isrc\" (the same recording)")
            }
        };
        let per_artist = self.optional_count("$.per_artist", object.get("per_artist"), 1, MAX_ITEMS);
        let separation = self.optional_count("$.artist_separation", object.get("artist_separation"), 0, 100);
        let limit = object.get("limit").map(|limit| self.limit("$.limit", limit));
        Some(SmartRules {
            sets: sets?,
            combine: combine?,
            dedupe: dedupe?,
            per_artist: per_artist?,
            separation: separation?,
            limit: limit.unwrap_or(Some(None))?,
        })
    }

    fn optional_count(&mut self, path: &str, value: Option<&Value>, low: u32, high: u32) -> Option<Option<u32>> {
        match value {
            None | Some(Value::Null) => Some(None),
            Some(value) => match value.as_u64().and_then(|count| u32::try_from(count).ok()) {
                Some(count) if (low..=high).contains(&count) => Some(Some(count)),
                _ => self.fail(path, format!("must be a whole number from {low} to {high}")),
            },
        }
    }

    fn limit(&mut self, path: &str, value: &Value) -> Option<Option<Limit>> {
        if value.is_null() {
            return Some(None);
        }
        let object = self.object(path, value, "a limit", &["items", "minutes", "hours"])?;
        if object.len() != 1 {
            return self.fail(path, "a limit is one of {\"items\": n}, {\"minutes\": n} or {\"hours\": n}");
        }
        let (unit, amount) = object.iter().next()?;
        let (high, make): (u32, fn(u32) -> Limit) = match unit.as_str() {
            "items" => (MAX_ITEMS, Limit::Items),
            "minutes" => (MAX_ITEMS * 20, Limit::Minutes),
            _ => (MAX_ITEMS / 3, Limit::Hours),
        };
        let count = self.optional_count(&format!("{path}.{unit}"), Some(amount), 1, high)??;
        Some(Some(make(count)))
    }

    fn set(&mut self, path: &str, value: &Value) -> Option<RuleSet> {
        let object = self.object(path, value, "a rule set", &["sources", "match", "sort", "limit"])?;
        let sources = match object.get("sources") {
            None => Some(vec![Source::Library]),
            Some(Value::Array(list)) if list.is_empty() => {
                self.fail(&format!("{path}.sources"), "a set needs at least one source")
            }
            Some(Value::Array(list)) if list.len() > MAX_LIST_VALUES => self.fail(
                &format!("{path}.sources"),
                format!("a set has at most {MAX_LIST_VALUES} sources; this one has {}", list.len()),
            ),
            Some(Value::Array(list)) => {
                let read: Vec<Option<Source>> = list
                    .iter()
                    .enumerate()
                    .map(|(index, source)| self.source(&format!("{path}.sources[{index}]"), source))
                    .collect();
                read.into_iter().collect::<Option<Vec<_>>>().map(|mut sources| {
                    sources.sort();
                    sources.dedup();
                    sources
                })
            }
            Some(_) => self.fail(&format!("{path}.sources"), "`sources` must be a list"),
        };
        let matching = match object.get("match") {
            None => Some(Node::All(Vec::new())),
            Some(node) => self.node(&format!("{path}.match"), node, 0),
        };
        let order = match object.get("sort") {
            None => Some(Order::default()),
            Some(sort) => self.order(&format!("{path}.sort"), sort),
        };
        let limit = match object.get("limit") {
            None => Some(None),
            Some(limit) => self.limit(&format!("{path}.limit"), limit),
        };
        Some(RuleSet { sources: sources?, matching: matching?, order: order?, limit: limit? })
    }

    fn source(&mut self, path: &str, value: &Value) -> Option<Source> {
        match value {
            Value::String(text) if text == "library" => Some(Source::Library),
            Value::String(text) if text == "liked" => Some(Source::Liked),
            Value::String(text) if text == "history" => Some(Source::History),
            Value::Object(_) => {
                let object = self.object(path, value, "a source", &["playlist", "smart_playlist"])?;
                if object.len() != 1 {
                    return self.fail(path, "a playlist source is {\"playlist\": id} or {\"smart_playlist\": id}");
                }
                self.playlist(path, value).map(Source::Playlist)
            }
            _ => self.fail(
                path,
                "a source is \"library\", \"liked\", \"history\", {\"playlist\": id} or {\"smart_playlist\": id}",
            ),
        }
    }

    /// A playlist: a Spotify id (or its URI or link) as text, or `{"playlist": …}` / `{"smart_playlist": n}`.
    fn playlist(&mut self, path: &str, value: &Value) -> Option<PlaylistRef> {
        let spotify = |text: &str| SpotifyKind::Playlist.id_in_reference(text).map(PlaylistRef::Spotify);
        match value {
            Value::String(text) => match spotify(text) {
                Some(playlist) => Some(playlist),
                None => self.fail(path, format!("`{}` is not a Spotify playlist id, URI or link", echo(text))),
            },
            Value::Object(object) => match (object.get("playlist"), object.get("smart_playlist")) {
                (Some(Value::String(text)), None) => match spotify(text) {
                    Some(playlist) => Some(playlist),
                    None => self.fail(
                        &format!("{path}.playlist"),
                        format!("`{}` is not a Spotify playlist id, URI or link", echo(text)),
                    ),
                },
                (None, Some(id)) => match id.as_i64().filter(|id| *id > 0) {
                    Some(id) => Some(PlaylistRef::Smart(id)),
                    None => self.fail(&format!("{path}.smart_playlist"), "a smart playlist is named by its number"),
                },
                _ => self.fail(path, "a playlist is {\"playlist\": id} or {\"smart_playlist\": number}"),
            },
            _ => self.fail(path, "a playlist is a Spotify playlist id or {\"smart_playlist\": number}"),
        }
    }

    fn order(&mut self, path: &str, value: &Value) -> Option<Order> {
        match value {
            Value::String(text) if text == "random" => Some(Order::Random),
            Value::Array(keys) if keys.len() > MAX_SORT_KEYS => {
                self.fail(path, format!("a sort has at most {MAX_SORT_KEYS} keys; this one has {}", keys.len()))
            }
            Value::Array(keys) => {
                let read: Vec<Option<SortKey>> = keys
                    .iter()
                    .enumerate()
                    .map(|(index, key)| self.sort_key(&format!("{path}[{index}]"), key))
                    .collect();
                read.into_iter().collect::<Option<Vec<_>>>().map(Order::Keys)
            }
            _ => self.fail(path, "`sort` is \"random\" or a list of {\"field\": …, \"order\": \"asc\" or \"desc\"}"),
        }
    }

    fn sort_key(&mut self, path: &str, value: &Value) -> Option<SortKey> {
        let object = self.object(path, value, "a sort key", &["field", "order"])?;
        let field = match object.get("field").and_then(Value::as_str) {
            Some(code) => match Field::parse(code) {
                Some(field) if field.is_sortable() => Some(field),
                Some(field) => {
                    self.fail(&format!("{path}.field"), format!("tracks cannot be sorted by {}", field.code()))
                }
                None => self.fail(&format!("{path}.field"), format!("unknown field `{}`", echo(code))),
            },
            None => self.fail(path, "a sort key needs a `field`"),
        };
        let descending = match object.get("order").map(|order| order.as_str()) {
            None | Some(Some("asc")) => Some(false),
            Some(Some("desc")) => Some(true),
            Some(_) => self.fail(&format!("{path}.order"), "`order` is \"asc\" or \"desc\""),
        };
        Some(SortKey { field: field?, descending: descending? })
    }

    fn node(&mut self, path: &str, value: &Value, depth: usize) -> Option<Node> {
        let Some(object) = value.as_object() else {
            return self.fail(path, "a condition or group must be an object");
        };
        let group = |word: &str| object.contains_key(word);
        if (group("all") || group("any") || group("not")) && depth >= MAX_DEPTH {
            return self.fail(path, format!("groups nest at most {MAX_DEPTH} deep"));
        }
        if let Some(word) = ["all", "any"].into_iter().find(|word| group(word)) {
            self.object(path, value, "a group", &[word])?;
            let Some(children) = object[word].as_array() else {
                return self
                    .fail(&format!("{path}.{word}"), format!("`{word}` must be a list of conditions and groups"));
            };
            let read: Vec<Option<Node>> = children
                .iter()
                .enumerate()
                .map(|(index, child)| self.node(&format!("{path}.{word}[{index}]"), child, depth + 1))
                .collect();
            let children = read.into_iter().collect::<Option<Vec<_>>>()?;
            return Some(if word == "all" { Node::All(children) } else { Node::Any(children) });
        }
        if group("not") {
            self.object(path, value, "a `not`", &["not"])?;
            return self
                .node(&format!("{path}.not"), &object["not"], depth + 1)
                .map(|child| Node::Not(Box::new(child)));
        }
        if !object.contains_key("field") {
            return self.fail(path, "expected a condition {\"field\", \"op\", \"value\"} or a group (all, any, not)");
        }
        self.conditions += 1;
        if self.conditions == MAX_CONDITIONS + 1 {
            return self.fail(path, format!("a rule has at most {MAX_CONDITIONS} conditions"));
        }
        self.condition(path, object, value).map(Node::Condition)
    }

    fn condition(&mut self, path: &str, object: &Map<String, Value>, value: &Value) -> Option<Condition> {
        self.object(path, value, "a condition", &["field", "op", "value", "source", "window"])?;
        let field = match object.get("field").and_then(Value::as_str) {
            Some(code) => match Field::parse(code) {
                Some(field) => field,
                None => return self.fail(&format!("{path}.field"), format!("unknown field `{}`", echo(code))),
            },
            None => return self.fail(&format!("{path}.field"), "`field` must be text"),
        };
        let op = match object.get("op").and_then(Value::as_str) {
            Some(code) => match Op::parse(code) {
                Some(op) if Op::for_kind(field.kind()).contains(&op) => op,
                Some(_) | None => {
                    let allowed: Vec<&str> = Op::for_kind(field.kind()).iter().map(|op| op.code()).collect();
                    return self.fail(
                        &format!("{path}.op"),
                        format!("{} takes one of: {} (not `{}`)", field.code(), allowed.join(", "), echo(code)),
                    );
                }
            },
            None => return self.fail(&format!("{path}.op"), "a condition needs an `op`"),
        };
        let source = match object.get("source") {
            None => Some(FeatureSource::Effective),
            Some(_) if !field.has_sources() => {
                self.fail(&format!("{path}.source"), format!("{} has one value; only audio features take a `source`", field.code()))
            }
            Some(source) => match source.as_str().and_then(FeatureSource::parse) {
                Some(source) => Some(source),
                None => self.fail(
                    &format!("{path}.source"),
                    "`source` is \"effective\", \"calibrated\" or a provider (spotify, reccobeats, deezer, musicbrainz, file)",
                ),
            },
        };
        let window = match object.get("window") {
            None | Some(Value::Null) => Some(None),
            Some(_) if !field.has_window() => self.fail(
                &format!("{path}.window"),
                format!("only plays, skips, skip_ratio and minutes_played take a `window`, not {}", field.code()),
            ),
            Some(window) => self.span(&format!("{path}.window"), window).map(Some),
        };
        let value_path = format!("{path}.value");
        let value = self.operand(&value_path, field, op, object.get("value").filter(|value| !value.is_null()));
        Some(Condition { field, source: source?, window: window?, op, value: value? })
    }

    fn operand(&mut self, path: &str, field: Field, op: Op, value: Option<&Value>) -> Option<Operand> {
        if matches!(op, Op::IsMissing | Op::IsPresent) {
            return match value {
                None => Some(Operand::Nothing),
                Some(_) => self.fail(path, format!("`{}` takes no value", op.code())),
            };
        }
        let Some(value) = value else {
            return self.fail(path, format!("`{}` needs a value", op.code()));
        };
        match (field.kind(), op) {
            (FieldKind::Number, Op::Between) => {
                let (low, high) = self.pair(path, value, |reader, path, value| reader.number(path, field, value))?;
                if low > high {
                    return self.fail(path, "the first number of a range must not be above the second");
                }
                Some(Operand::Numbers(low, high))
            }
            (FieldKind::Number, _) => self.number(path, field, value).map(Operand::Number),
            (FieldKind::Text | FieldKind::Names, Op::Matches) => match value.as_str() {
                Some(text) => match Pattern::parse(text) {
                    Ok(pattern) => Some(Operand::Pattern(pattern)),
                    Err(message) => self.fail(path, message),
                },
                None => self.fail(path, "a pattern must be text"),
            },
            (FieldKind::Names, Op::AnyOf | Op::AllOf | Op::NoneOf) => {
                self.list(path, value, |reader, path, value| reader.text(path, value)).map(Operand::Texts)
            }
            (FieldKind::Text | FieldKind::Names, _) => self.text(path, value).map(Operand::Text),
            (FieldKind::List, _) if field == super::Field::Genres => {
                self.list(path, value, |reader, path, value| reader.genre(path, value)).map(Operand::Genres)
            }
            (FieldKind::List, _) => {
                self.list(path, value, |reader, path, value| reader.tag(path, value)).map(Operand::Texts)
            }
            (FieldKind::Key, Op::AnyOf | Op::NoneOf) => {
                self.list(path, value, |reader, path, value| reader.key(path, value)).map(Operand::Keys)
            }
            (FieldKind::Key, _) => self.key(path, value).map(Operand::Key),
            (FieldKind::Mode, _) => match value.as_str() {
                Some("major") => Some(Operand::Mode(Mode::Major)),
                Some("minor") => Some(Operand::Mode(Mode::Minor)),
                _ => self.fail(path, "a mode is \"major\" or \"minor\""),
            },
            (FieldKind::Flag, _) => match value.as_bool() {
                Some(flag) => Some(Operand::Flag(flag)),
                None => self.fail(path, format!("{} is true or false", field.code())),
            },
            (FieldKind::Date, Op::InLast | Op::NotInLast) => self.span(path, value).map(Operand::Span),
            (FieldKind::Date, Op::Between) => {
                let (first, last) = self.pair(path, value, |reader, path, value| reader.day(path, value))?;
                if first > last {
                    return self.fail(path, "the first date of a range must not be after the second");
                }
                Some(Operand::Days(first, last))
            }
            (FieldKind::Date, _) => self.day(path, value).map(Operand::Day),
            (FieldKind::Membership, _) => self.playlist(path, value).map(Operand::Playlist),
        }
    }

    fn number(&mut self, path: &str, field: Field, value: &Value) -> Option<f64> {
        let (low, high, whole) = field.number_range();
        let what = if whole { "a whole number" } else { "a number" };
        match value.as_f64() {
            Some(number)
                if number.is_finite() && (low..=high).contains(&number) && (!whole || number.fract() == 0.0) =>
            {
                Some(number)
            }
            _ => self.fail(path, format!("{} takes {what} from {low} to {high}", field.code())),
        }
    }

    fn text(&mut self, path: &str, value: &Value) -> Option<String> {
        match value.as_str() {
            Some(text) if text.trim().is_empty() => self.fail(path, "the text must not be empty"),
            Some(text) if text.chars().count() > MAX_TEXT_CHARS => {
                self.fail(path, format!("a text value has at most {MAX_TEXT_CHARS} characters"))
            }
            Some(text) => Some(text.to_owned()),
            None => self.fail(path, "the value must be text"),
        }
    }

    fn genre(&mut self, path: &str, value: &Value) -> Option<crate::GenreId> {
        let tree = GenreTree::get();
        match value.as_str() {
            Some(text) => match tree.parse_id(text) {
                Ok(id) => Some(id),
                Err(_) => match tree.normalise(text) {
                    crate::Normalised::Genre(id) => Some(id),
                    _ => self.fail(path, format!("`{}` is not a genre Crossfade knows", echo(text))),
                },
            },
            None => self.fail(path, "a genre must be text"),
        }
    }

    fn tag(&mut self, path: &str, value: &Value) -> Option<String> {
        match value.as_str().map(Tag::parse) {
            Some(Ok(tag)) => Some(tag.as_str().to_owned()),
            Some(Err(problem)) => self.fail(path, problem.to_string()),
            None => self.fail(path, "a tag must be text"),
        }
    }

    fn key(&mut self, path: &str, value: &Value) -> Option<Key> {
        match value.as_str().and_then(Key::parse) {
            Some(key) => Some(key),
            None => self.fail(path, "a key is written in Camelot notation (\"8A\") or by name (\"A minor\", \"F#m\")"),
        }
    }

    fn day(&mut self, path: &str, value: &Value) -> Option<Day> {
        match value.as_str().and_then(Day::parse) {
            Some(day) => Some(day),
            None => self.fail(path, "a date is written YYYY-MM-DD"),
        }
    }

    fn span(&mut self, path: &str, value: &Value) -> Option<Span> {
        let object = self.object(path, value, "a span of time", &["count", "unit"])?;
        let unit = match object.get("unit").and_then(Value::as_str).and_then(SpanUnit::parse) {
            Some(unit) => unit,
            None => return self.fail(&format!("{path}.unit"), "`unit` is days, weeks, months or years"),
        };
        let days_per = match unit {
            SpanUnit::Days => 1,
            SpanUnit::Weeks => 7,
            SpanUnit::Months => 31,
            SpanUnit::Years => 366,
        };
        match object.get("count").and_then(Value::as_u64) {
            Some(count) if count >= 1 && count * days_per <= MAX_SPAN_DAYS + 366 => {
                Some(Span { count: count as u32, unit })
            }
            _ => {
                self.fail(&format!("{path}.count"), "`count` is a whole number of at least 1, at most a hundred years")
            }
        }
    }

    fn pair<T>(
        &mut self,
        path: &str,
        value: &Value,
        read: impl Fn(&mut Reader, &str, &Value) -> Option<T>,
    ) -> Option<(T, T)> {
        match value.as_array().map(Vec::as_slice) {
            Some([first, second]) => {
                let first = read(self, &format!("{path}[0]"), first);
                let second = read(self, &format!("{path}[1]"), second);
                Some((first?, second?))
            }
            _ => self.fail(path, "`between` takes a list of two values: [from, to]"),
        }
    }

    fn list<T: PartialEq>(
        &mut self,
        path: &str,
        value: &Value,
        read: impl Fn(&mut Reader, &str, &Value) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(items) = value.as_array() else {
            return self.fail(path, "the value must be a list");
        };
        if items.is_empty() {
            return self.fail(path, "the list must not be empty");
        }
        if items.len() > MAX_LIST_VALUES {
            return self
                .fail(path, format!("a list has at most {MAX_LIST_VALUES} values; this one has {}", items.len()));
        }
        let read: Vec<Option<T>> =
            items.iter().enumerate().map(|(index, item)| read(self, &format!("{path}[{index}]"), item)).collect();
        let mut values = Vec::new();
        for item in read.into_iter().collect::<Option<Vec<T>>>()? {
            if !values.contains(&item) {
                values.push(item);
            }
        }
        Some(values)
    }
}

/// Enough of a value to recognise it in a message.
fn echo(text: &str) -> String {
    const ECHO_CHARS: usize = 40;
    if text.chars().count() > ECHO_CHARS {
        format!("{}…", text.chars().take(ECHO_CHARS).collect::<String>())
    } else {
        text.to_owned()
    }
}
