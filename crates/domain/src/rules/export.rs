//! Writes a rule back as the JSON rules/parse.rs reads: what the JSON tab shows, what is stored, and what a user
//! exports. Parsing what this writes gives the same rule.

use serde_json::{Map, Value, json};

use super::condition::{Condition, FeatureSource, Node, Operand, PlaylistRef, Span};
use super::{Combine, Dedupe, Limit, Order, RuleSet, SmartRules, Source};
use crate::Mode;

impl SmartRules {
    pub fn to_json(&self) -> Value {
        let mut rule = Map::new();
        rule.insert("version".into(), json!(1));
        rule.insert("sets".into(), Value::Array(self.sets.iter().map(set).collect()));
        if self.combine == Combine::Alternate {
            rule.insert("combine".into(), json!("alternate"));
        }
        if self.dedupe == Dedupe::Isrc {
            rule.insert("dedupe".into(), json!("isrc"));
        }
        if let Some(count) = self.per_artist {
            rule.insert("per_artist".into(), json!(count));
        }
        if let Some(count) = self.separation {
            rule.insert("artist_separation".into(), json!(count));
        }
        if let Some(limit) = self.limit {
            rule.insert("limit".into(), limit_value(limit));
        }
        Value::Object(rule)
    }

    /// The JSON text, indented for reading.
    pub fn to_json_text(&self) -> String {
        serde_json::to_string_pretty(&self.to_json()).expect("a JSON value always serialises")
    }
}

fn set(set: &RuleSet) -> Value {
    let mut object = Map::new();
    object.insert("sources".into(), Value::Array(set.sources.iter().map(source).collect()));
    object.insert("match".into(), node(&set.matching));
    if set.order != Order::default() {
        let sort = match &set.order {
            Order::Random => json!("random"),
            Order::Keys(keys) => Value::Array(
                keys.iter()
                    .map(|key| json!({"field": key.field.code(), "order": if key.descending { "desc" } else { "asc" }}))
                    .collect(),
            ),
        };
        object.insert("sort".into(), sort);
    }
    if let Some(limit) = set.limit {
        object.insert("limit".into(), limit_value(limit));
    }
    Value::Object(object)
}

fn limit_value(limit: Limit) -> Value {
    match limit {
        Limit::Items(count) => json!({"items": count}),
        Limit::Minutes(count) => json!({"minutes": count}),
        Limit::Hours(count) => json!({"hours": count}),
    }
}

fn source(source: &Source) -> Value {
    match source {
        Source::Library => json!("library"),
        Source::Liked => json!("liked"),
        Source::History => json!("history"),
        Source::Playlist(PlaylistRef::Spotify(id)) => json!({"playlist": id.as_str()}),
        Source::Playlist(PlaylistRef::Smart(id)) => json!({"smart_playlist": id}),
    }
}

fn node(node: &Node) -> Value {
    match node {
        Node::All(children) => json!({"all": children.iter().map(self::node).collect::<Vec<_>>()}),
        Node::Any(children) => json!({"any": children.iter().map(self::node).collect::<Vec<_>>()}),
        Node::Not(child) => json!({"not": self::node(child)}),
        Node::Condition(condition) => self::condition(condition),
    }
}

fn condition(condition: &Condition) -> Value {
    let mut object = Map::new();
    object.insert("field".into(), json!(condition.field.code()));
    object.insert("op".into(), json!(condition.op.code()));
    if condition.source != FeatureSource::Effective {
        object.insert("source".into(), json!(condition.source.code()));
    }
    if let Some(window) = condition.window {
        object.insert("window".into(), span(window));
    }
    if let Some(value) = operand(&condition.value) {
        object.insert("value".into(), value);
    }
    Value::Object(object)
}

fn span(span: Span) -> Value {
    json!({"count": span.count, "unit": span.unit.code()})
}

/// A whole number as an integer (`120`, not `120.0`), as people write them.
fn number(number: f64) -> Value {
    if number.fract() == 0.0 && number.abs() < 9e15 { json!(number as i64) } else { json!(number) }
}

fn operand(operand: &Operand) -> Option<Value> {
    Some(match operand {
        Operand::Nothing => return None,
        Operand::Number(number) => self::number(*number),
        Operand::Numbers(low, high) => json!([self::number(*low), self::number(*high)]),
        Operand::Text(text) => json!(text),
        Operand::Pattern(pattern) => json!(pattern.as_str()),
        Operand::Day(day) => json!(day.to_string()),
        Operand::Days(first, last) => json!([first.to_string(), last.to_string()]),
        Operand::Span(value) => span(*value),
        Operand::Texts(texts) => json!(texts),
        Operand::Genres(genres) => json!(genres.iter().map(|genre| genre.as_str()).collect::<Vec<_>>()),
        Operand::Keys(keys) => json!(keys.iter().map(|key| key.camelot()).collect::<Vec<_>>()),
        Operand::Key(key) => json!(key.camelot()),
        Operand::Mode(Mode::Major) => json!("major"),
        Operand::Mode(Mode::Minor) => json!("minor"),
        Operand::Flag(flag) => json!(flag),
        Operand::Playlist(PlaylistRef::Spotify(id)) => json!(id.as_str()),
        Operand::Playlist(PlaylistRef::Smart(id)) => json!({"smart_playlist": id}),
    })
}
