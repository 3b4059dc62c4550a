//! The visual rule builder's form: a rule as rows of text fields that a page renders and a plain HTML form posts
//! back whole, so every edit (add a condition, add a group, remove, change a field) is a submit button that
//! round-trips the rule without JavaScript. The form keeps whatever was typed, valid or not; it becomes the rule's
//! JSON (values that do not read as what the field takes stay text, so the parser names what is wrong), and the
//! parser's problems come back to the rows they are about.
//!
//! A set's condition tree is its rows in depth-first order, each with its depth: row 0 is the set's top group, and
//! a group's children are the rows after it one level deeper. Groups are "all" (every condition), "any" (at least
//! one) or "none" (not one of them, written `{"not": {"any": […]}}`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::condition::{FeatureSource, Op, SpanUnit};
use super::field::{Field, FieldKind};
use super::{MAX_CONDITIONS, MAX_DEPTH, MAX_SETS, MAX_SORT_KEYS, RuleProblem, SmartRules};
use crate::AudioFeature;

/// The whole rule as a form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleForm {
    pub sets: Vec<SetForm>,
    /// "concatenate" or "alternate".
    pub combine: String,
    /// "id" or "isrc".
    pub dedupe: String,
    pub per_artist: String,
    pub separation: String,
    pub limit: LimitForm,
}

/// One rule set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SetForm {
    /// "library", "liked", "history", a Spotify playlist id, or "smart:{id}".
    pub sources: Vec<String>,
    pub rows: Vec<RowForm>,
    /// "keys" or "random".
    pub order: String,
    pub sort: Vec<SortForm>,
    pub limit: LimitForm,
}

/// A node of the tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RowForm {
    pub depth: u8,
    /// "all", "any", "none" or "condition".
    pub kind: String,
    pub field: String,
    pub op: String,
    pub value: String,
    /// The upper end of a `between`.
    pub value2: String,
    /// The unit of `in_last` / `not_in_last`.
    pub unit: String,
    /// An audio feature's source: "" (effective), "calibrated" or a provider.
    pub source: String,
    /// Plays, skips and minutes over a recent window: a count ("" for all time) and its unit.
    pub window_count: String,
    pub window_unit: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SortForm {
    pub field: String,
    /// "asc" or "desc".
    pub order: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LimitForm {
    /// Empty for no limit.
    pub amount: String,
    /// "items", "minutes" or "hours".
    pub unit: String,
}

/// A problem with the row it is about: (set, row), or None for the set's or the rule's settings.
pub type PlacedProblem = (Option<(usize, usize)>, RuleProblem);

/// A structural edit the builder's buttons make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormEdit {
    /// A condition as the last child of group `row` of set `set`.
    AddCondition {
        set: usize,
        row: usize,
    },
    /// A group (with one condition) as the last child of group `row`.
    AddGroup {
        set: usize,
        row: usize,
    },
    /// Removes a row and everything under it (not a set's top group).
    Remove {
        set: usize,
        row: usize,
    },
    AddSet,
    RemoveSet {
        set: usize,
    },
    AddSortKey {
        set: usize,
    },
    RemoveSortKey {
        set: usize,
        key: usize,
    },
}

impl FormEdit {
    /// Reads a button's value: `add_condition:0:3`, `add_group:0:0`, `remove:1:4`, `add_set`, `remove_set:1`,
    /// `add_sort:0`, `remove_sort:0:1`. Anything else (a plain "update") is no structural edit.
    pub fn parse(text: &str) -> Option<FormEdit> {
        let mut parts = text.split(':');
        let verb = parts.next()?;
        let numbers: Vec<usize> = parts.map(|part| part.parse().ok()).collect::<Option<Vec<_>>>()?;
        Some(match (verb, numbers.as_slice()) {
            ("add_condition", [set, row]) => FormEdit::AddCondition { set: *set, row: *row },
            ("add_group", [set, row]) => FormEdit::AddGroup { set: *set, row: *row },
            ("remove", [set, row]) => FormEdit::Remove { set: *set, row: *row },
            ("add_set", []) => FormEdit::AddSet,
            ("remove_set", [set]) => FormEdit::RemoveSet { set: *set },
            ("add_sort", [set]) => FormEdit::AddSortKey { set: *set },
            ("remove_sort", [set, key]) => FormEdit::RemoveSortKey { set: *set, key: *key },
            _ => return None,
        })
    }

    /// The button value that makes this edit.
    pub fn button(self) -> String {
        match self {
            FormEdit::AddCondition { set, row } => format!("add_condition:{set}:{row}"),
            FormEdit::AddGroup { set, row } => format!("add_group:{set}:{row}"),
            FormEdit::Remove { set, row } => format!("remove:{set}:{row}"),
            FormEdit::AddSet => "add_set".to_owned(),
            FormEdit::RemoveSet { set } => format!("remove_set:{set}"),
            FormEdit::AddSortKey { set } => format!("add_sort:{set}"),
            FormEdit::RemoveSortKey { set, key } => format!("remove_sort:{set}:{key}"),
        }
    }
}

/// A new condition: the first field the builder offers, with its first operator.
fn new_condition(depth: u8) -> RowForm {
    let field = Field::ALL[0];
    RowForm {
        depth,
        kind: "condition".to_owned(),
        field: field.code().to_owned(),
        op: Op::for_kind(field.kind())[0].code().to_owned(),
        ..RowForm::default()
    }
}

fn group(kind: &str, depth: u8) -> RowForm {
    RowForm { depth, kind: kind.to_owned(), ..RowForm::default() }
}

impl SetForm {
    /// A set over the whole library matching everything, newest additions first.
    pub fn new() -> SetForm {
        SetForm {
            sources: vec!["library".to_owned()],
            rows: vec![group("all", 0)],
            order: "keys".to_owned(),
            sort: vec![SortForm { field: "added".to_owned(), order: "desc".to_owned() }],
            limit: LimitForm::default(),
        }
    }

    /// The index after the last row under `row` (its subtree's end).
    pub fn subtree_end(&self, row: usize) -> usize {
        let depth = self.rows.get(row).map_or(0, |row| row.depth);
        (row + 1..self.rows.len()).find(|index| self.rows[*index].depth <= depth).unwrap_or(self.rows.len())
    }

    fn is_group(&self, row: usize) -> bool {
        self.rows.get(row).is_some_and(|row| row.kind != "condition")
    }
}

impl RuleForm {
    /// One set, matching everything.
    pub fn new() -> RuleForm {
        RuleForm {
            sets: vec![SetForm::new()],
            combine: "concatenate".to_owned(),
            dedupe: "id".to_owned(),
            ..RuleForm::default()
        }
    }

    /// Makes `edit`; edits that do not fit (a row that is no group, a limit reached) change nothing. Afterwards
    /// every condition's operator fits its field (a changed field takes its first operator and loses its value).
    pub fn apply(&mut self, edit: Option<FormEdit>) {
        let conditions: usize =
            self.sets.iter().map(|set| set.rows.iter().filter(|row| row.kind == "condition").count()).sum();
        match edit {
            Some(FormEdit::AddCondition { set, row }) | Some(FormEdit::AddGroup { set, row })
                if self.sets.get(set).is_some_and(|form| form.is_group(row)) && conditions < MAX_CONDITIONS =>
            {
                let form = &mut self.sets[set];
                let depth = form.rows[row].depth + 1;
                let at = form.subtree_end(row);
                if matches!(edit, Some(FormEdit::AddCondition { .. })) {
                    form.rows.insert(at, new_condition(depth));
                } else if usize::from(depth) < MAX_DEPTH {
                    form.rows.splice(at..at, [group("all", depth), new_condition(depth + 1)]);
                }
            }
            Some(FormEdit::Remove { set, row })
                if row > 0 && self.sets.get(set).is_some_and(|form| row < form.rows.len()) =>
            {
                let form = &mut self.sets[set];
                let end = form.subtree_end(row);
                form.rows.drain(row..end);
            }
            Some(FormEdit::AddSet) if self.sets.len() < MAX_SETS => self.sets.push(SetForm::new()),
            Some(FormEdit::RemoveSet { set }) if self.sets.len() > 1 && set < self.sets.len() => {
                self.sets.remove(set);
            }
            Some(FormEdit::AddSortKey { set })
                if self.sets.get(set).is_some_and(|form| form.sort.len() < MAX_SORT_KEYS) =>
            {
                self.sets[set].sort.push(SortForm { field: "title".to_owned(), order: "asc".to_owned() });
            }
            Some(FormEdit::RemoveSortKey { set, key })
                if self.sets.get(set).is_some_and(|form| key < form.sort.len()) =>
            {
                self.sets[set].sort.remove(key);
            }
            _ => {}
        }
        self.tidy();
    }

    /// Every set has a top group; every condition's operator fits its field.
    fn tidy(&mut self) {
        if self.sets.is_empty() {
            self.sets.push(SetForm::new());
        }
        for set in &mut self.sets {
            if set.rows.first().is_none_or(|top| top.kind == "condition" || top.depth != 0) {
                set.rows.insert(0, group("all", 0));
                set.rows.iter_mut().skip(1).for_each(|row| row.depth += 1);
            }
            for row in set.rows.iter_mut().filter(|row| row.kind == "condition") {
                let Some(field) = Field::parse(&row.field) else { continue };
                let ops = Op::for_kind(field.kind());
                if !Op::parse(&row.op).is_some_and(|op| ops.contains(&op)) {
                    row.op = ops[0].code().to_owned();
                    row.value.clear();
                    row.value2.clear();
                }
                if !field.has_sources() {
                    row.source.clear();
                }
                if !field.has_window() {
                    row.window_count.clear();
                }
            }
        }
    }

    /// The form of a rule (what the builder shows for a saved rule or imported JSON).
    pub fn of(rules: &SmartRules) -> RuleForm {
        RuleForm::from_json(&rules.to_json())
    }

    /// The form of a rule's JSON, whatever it holds: values are shown as text, and parts the form cannot show
    /// (unknown keys) are dropped.
    pub fn from_json(value: &Value) -> RuleForm {
        let text = |value: Option<&Value>| match value {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        };
        let sets = value["sets"].as_array().map(|sets| sets.iter().map(set_of).collect()).unwrap_or_default();
        let mut form = RuleForm {
            sets,
            combine: text(value.get("combine")),
            dedupe: text(value.get("dedupe")),
            per_artist: text(value.get("per_artist")),
            separation: text(value.get("artist_separation")),
            limit: limit_of(value.get("limit")),
        };
        if form.combine.is_empty() {
            form.combine = "concatenate".to_owned();
        }
        if form.dedupe.is_empty() {
            form.dedupe = "id".to_owned();
        }
        form.tidy();
        form
    }

    /// The rule's JSON, and where each row landed in it: (set, row) → its JSON path.
    pub fn to_json(&self) -> (Value, BTreeMap<(usize, usize), String>) {
        let mut paths = BTreeMap::new();
        let sets: Vec<Value> = self
            .sets
            .iter()
            .enumerate()
            .map(|(index, set)| {
                let path = format!("$.sets[{index}]");
                let mut object = Map::new();
                object.insert("sources".into(), Value::Array(set.sources.iter().map(|source| source_json(source)).collect()));
                let (matching, _) = node_json(set, 0, &format!("{path}.match"), index, &mut paths);
                object.insert("match".into(), matching);
                if set.order == "random" {
                    object.insert("sort".into(), json!("random"));
                } else {
                    let keys: Vec<Value> = set
                        .sort
                        .iter()
                        .filter(|key| !key.field.is_empty())
                        .map(|key| json!({"field": key.field, "order": if key.order == "desc" { "desc" } else { "asc" }}))
                        .collect();
                    object.insert("sort".into(), Value::Array(keys));
                }
                if let Some(limit) = limit_json(&set.limit) {
                    object.insert("limit".into(), limit);
                }
                Value::Object(object)
            })
            .collect();
        let mut rule = Map::new();
        rule.insert("version".into(), json!(1));
        rule.insert("sets".into(), Value::Array(sets));
        rule.insert(
            "combine".into(),
            json!(if self.combine.is_empty() { "concatenate" } else { self.combine.as_str() }),
        );
        rule.insert("dedupe".into(), json!(if self.dedupe.is_empty() { "id" } else { self.dedupe.as_str() }));
        for (key, text) in [("per_artist", &self.per_artist), ("artist_separation", &self.separation)] {
            if !text.trim().is_empty() {
                rule.insert(key.into(), number_or_text(text));
            }
        }
        if let Some(limit) = limit_json(&self.limit) {
            rule.insert("limit".into(), limit);
        }
        (Value::Object(rule), paths)
    }

    /// The rule, or every problem with it, each placed at the row it is about (None: the set's or the rule's).
    pub fn rules(&self) -> Result<SmartRules, Vec<PlacedProblem>> {
        let (json, paths) = self.to_json();
        SmartRules::from_json(&json).map_err(|problems| {
            problems
                .0
                .into_iter()
                .map(|problem| {
                    let row = paths
                        .iter()
                        .filter(|(_, path)| {
                            problem
                                .path
                                .strip_prefix(path.as_str())
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
                        })
                        .max_by_key(|(_, path)| path.len())
                        .map(|(row, _)| *row);
                    (row, problem)
                })
                .collect()
        })
    }
}

fn limit_of(value: Option<&Value>) -> LimitForm {
    let Some(object) = value.and_then(Value::as_object) else { return LimitForm::default() };
    match object.iter().next() {
        Some((unit, amount)) => {
            LimitForm { amount: amount.to_string().trim_matches('"').to_owned(), unit: unit.clone() }
        }
        None => LimitForm::default(),
    }
}

fn limit_json(limit: &LimitForm) -> Option<Value> {
    let amount = limit.amount.trim();
    if amount.is_empty() {
        return None;
    }
    let unit = if limit.unit.is_empty() { "items" } else { limit.unit.as_str() };
    Some(json!({ unit: number_or_text(amount) }))
}

/// A number where the text is one, else the text (for the parser to refuse with the path).
fn number_or_text(text: &str) -> Value {
    let text = text.trim();
    if let Ok(whole) = text.parse::<i64>() {
        return json!(whole);
    }
    match text.parse::<f64>() {
        Ok(number) if number.is_finite() => json!(number),
        _ => json!(text),
    }
}

fn source_json(source: &str) -> Value {
    match source {
        "library" | "liked" | "history" => json!(source),
        other => match other.strip_prefix("smart:").map(str::parse::<i64>) {
            Some(Ok(id)) => json!({"smart_playlist": id}),
            _ => json!({"playlist": other}),
        },
    }
}

fn source_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(object) => match (object.get("playlist"), object.get("smart_playlist")) {
            (Some(Value::String(id)), _) => id.clone(),
            (_, Some(id)) => format!("smart:{id}"),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn set_of(value: &Value) -> SetForm {
    let sources = match value.get("sources").and_then(Value::as_array) {
        Some(list) => list.iter().map(source_text).filter(|source| !source.is_empty()).collect(),
        None => vec!["library".to_owned()],
    };
    let mut rows = Vec::new();
    match value.get("match") {
        Some(node) => rows_of(node, 0, &mut rows),
        None => rows.push(group("all", 0)),
    }
    let (order, sort) = match value.get("sort") {
        Some(Value::String(text)) if text == "random" => ("random".to_owned(), Vec::new()),
        Some(Value::Array(keys)) => (
            "keys".to_owned(),
            keys.iter()
                .map(|key| SortForm {
                    field: key["field"].as_str().unwrap_or_default().to_owned(),
                    order: key["order"].as_str().unwrap_or("asc").to_owned(),
                })
                .collect(),
        ),
        _ => ("keys".to_owned(), vec![SortForm { field: "added".to_owned(), order: "desc".to_owned() }]),
    };
    SetForm { sources, rows, order, sort, limit: limit_of(value.get("limit")) }
}

/// The rows of a node at `depth`.
fn rows_of(node: &Value, depth: u8, rows: &mut Vec<RowForm>) {
    let children = |list: &Value, rows: &mut Vec<RowForm>| {
        for child in list.as_array().into_iter().flatten() {
            rows_of(child, depth + 1, rows);
        }
    };
    if let Some(list) = node.get("all") {
        rows.push(group("all", depth));
        children(list, rows);
    } else if let Some(list) = node.get("any") {
        rows.push(group("any", depth));
        children(list, rows);
    } else if let Some(inner) = node.get("not") {
        rows.push(group("none", depth));
        // `not` over `any` is the "none" group itself, unless that `any` has one child: a "none" group with one
        // child is written as `not` of that child, so that one stays a group of its own.
        match inner.get("any").and_then(Value::as_array) {
            Some(list) if list.len() != 1 => children(&Value::Array(list.clone()), rows),
            _ => rows_of(inner, depth + 1, rows),
        }
    } else {
        rows.push(condition_row(node, depth));
    }
}

fn condition_row(node: &Value, depth: u8) -> RowForm {
    let text = |value: &Value| match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let field = node["field"].as_str().unwrap_or_default().to_owned();
    let op = node["op"].as_str().unwrap_or_default().to_owned();
    let value = &node["value"];
    let mut row = RowForm { depth, kind: "condition".to_owned(), field, op, ..RowForm::default() };
    match value {
        Value::Array(items) if row.op == "between" => {
            row.value = items.first().map(text).unwrap_or_default();
            row.value2 = items.get(1).map(text).unwrap_or_default();
        }
        Value::Array(items) => row.value = items.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Object(object) if object.contains_key("count") => {
            row.value = object.get("count").map(text).unwrap_or_default();
            row.unit = object.get("unit").map(text).unwrap_or_default();
        }
        Value::Object(object) => row.value = source_text(&Value::Object(object.clone())),
        other => row.value = text(other),
    }
    row.source = node["source"].as_str().filter(|source| *source != "effective").unwrap_or_default().to_owned();
    if let Some(window) = node.get("window").and_then(Value::as_object) {
        row.window_count = window.get("count").map(text).unwrap_or_default();
        row.window_unit = window.get("unit").map(text).unwrap_or_default();
    }
    row
}

/// The JSON of row `index` and everything under it; returns it and the index after its subtree.
fn node_json(
    set: &SetForm,
    index: usize,
    path: &str,
    set_index: usize,
    paths: &mut BTreeMap<(usize, usize), String>,
) -> (Value, usize) {
    let Some(row) = set.rows.get(index) else { return (json!({"all": []}), index) };
    paths.insert((set_index, index), path.to_owned());
    if row.kind == "condition" {
        return (condition_json(row), index + 1);
    }
    let child_rows = || {
        let mut starts = Vec::new();
        let mut next = index + 1;
        while next < set.rows.len() && set.rows[next].depth > row.depth {
            starts.push(next);
            next = set.subtree_end(next);
        }
        (starts, next)
    };
    let (starts, end) = child_rows();
    // A "none" group of one child is `not` of that child (see `rows_of`).
    if row.kind == "none" && starts.len() == 1 {
        let (child, _) = node_json(set, starts[0], &format!("{path}.not"), set_index, paths);
        return (json!({"not": child}), end);
    }
    let (word, inner_path) = match row.kind.as_str() {
        "any" => ("any", format!("{path}.any")),
        "none" => ("any", format!("{path}.not.any")),
        _ => ("all", format!("{path}.all")),
    };
    let children: Vec<Value> = starts
        .iter()
        .enumerate()
        .map(|(position, start)| node_json(set, *start, &format!("{inner_path}[{position}]"), set_index, paths).0)
        .collect();
    let group = json!({ word: children });
    (if row.kind == "none" { json!({"not": group}) } else { group }, end)
}

fn condition_json(row: &RowForm) -> Value {
    let mut object = Map::new();
    object.insert("field".into(), json!(row.field));
    object.insert("op".into(), json!(row.op));
    let field = Field::parse(&row.field);
    if !row.source.is_empty() && FeatureSource::parse(&row.source).is_some() {
        object.insert("source".into(), json!(row.source));
    }
    if !row.window_count.trim().is_empty() {
        let unit = if row.window_unit.is_empty() { "days" } else { row.window_unit.as_str() };
        object.insert("window".into(), json!({"count": number_or_text(&row.window_count), "unit": unit}));
    }
    let op = Op::parse(&row.op);
    let value = match (field.map(Field::kind), op) {
        (_, Some(Op::IsMissing | Op::IsPresent)) => None,
        (Some(FieldKind::Number), Some(Op::Between)) => {
            Some(json!([number_or_text(&row.value), number_or_text(&row.value2)]))
        }
        (Some(FieldKind::Number), _) => Some(number_or_text(&row.value)),
        (Some(FieldKind::Date), Some(Op::Between)) => Some(json!([row.value.trim(), row.value2.trim()])),
        (Some(FieldKind::Date), Some(Op::InLast | Op::NotInLast)) => {
            let unit = if row.unit.is_empty() { "days" } else { row.unit.as_str() };
            Some(json!({"count": number_or_text(&row.value), "unit": unit}))
        }
        (Some(FieldKind::Names | FieldKind::List | FieldKind::Key), Some(Op::AnyOf | Op::AllOf | Op::NoneOf)) => {
            Some(Value::Array(
                row.value.split(',').map(str::trim).filter(|item| !item.is_empty()).map(|item| json!(item)).collect(),
            ))
        }
        (Some(FieldKind::Flag), _) => Some(match row.value.as_str() {
            "true" | "yes" => json!(true),
            "false" | "no" => json!(false),
            other => json!(other),
        }),
        (Some(FieldKind::Membership), _) => Some(source_json(row.value.trim())),
        _ => Some(json!(row.value)),
    };
    if let Some(value) = value {
        object.insert("value".into(), value);
    }
    Value::Object(object)
}

/// The fields a condition row offers, as (code, label), grouped the way the builder lists them.
pub fn field_choices() -> Vec<(&'static str, &'static str)> {
    Field::ALL.iter().map(|field| (field.code(), field.label())).collect()
}

/// The operators a field offers, as (code, label).
pub fn op_choices(field: &str) -> Vec<(&'static str, &'static str)> {
    let kind = Field::parse(field).map_or(FieldKind::Number, Field::kind);
    Op::for_kind(kind).iter().map(|op| (op.code(), op.label())).collect()
}

/// The units a span offers.
pub fn unit_choices() -> Vec<&'static str> {
    SpanUnit::ALL.iter().map(|unit| unit.code()).collect()
}

/// The sources an audio feature condition offers, as (code, label).
pub fn feature_sources() -> Vec<(&'static str, &'static str)> {
    vec![
        ("", "as shown"),
        ("calibrated", "calibrated"),
        ("spotify", "Spotify's"),
        ("reccobeats", "ReccoBeats'"),
        ("deezer", "Deezer's"),
        ("musicbrainz", "MusicBrainz's"),
        ("file", "your files'"),
    ]
}

/// What a value box should hold for a field and operator: a hint the page shows beside it.
pub fn value_hint(field: &str, op: &str) -> &'static str {
    let (Some(field), Some(op)) = (Field::parse(field), Op::parse(op)) else { return "" };
    match (field.kind(), op) {
        (_, Op::IsMissing | Op::IsPresent) => "",
        (FieldKind::Number, _) => match field {
            Field::Feature(AudioFeature::Tempo) => "BPM, e.g. 124",
            Field::Feature(AudioFeature::Loudness | AudioFeature::Gain) => "dB",
            Field::Feature(_) | Field::SkipRatio => "0 to 1, e.g. 0.7",
            Field::Duration => "seconds",
            Field::MinutesPlayed => "minutes",
            _ => "a number",
        },
        (FieldKind::Date, Op::InLast | Op::NotInLast) => "how many",
        (FieldKind::Date, _) => "YYYY-MM-DD",
        (FieldKind::Names, Op::AnyOf | Op::AllOf | Op::NoneOf) => "names, separated by commas",
        (FieldKind::List, _) if field == Field::Genres => "genres, separated by commas",
        (FieldKind::List, _) => "tags, separated by commas",
        (FieldKind::Key, Op::AnyOf | Op::NoneOf) => "keys, e.g. 8A, 9A",
        (FieldKind::Key, _) => "a key, e.g. 8A or A minor",
        (FieldKind::Text | FieldKind::Names, Op::Matches) => "a pattern, e.g. ^the",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::rules::arbitrary;

    fn done_example() -> RuleForm {
        // The product's example, built with the buttons: energy above 0.7, not played in the last 30 days, at
        // most 2 per artist, 90 minutes, sorted by BPM.
        let mut form = RuleForm::new();
        form.apply(Some(FormEdit::AddCondition { set: 0, row: 0 }));
        form.apply(Some(FormEdit::AddCondition { set: 0, row: 0 }));
        let rows = &mut form.sets[0].rows;
        rows[1].field = "energy".into();
        rows[1].op = "gt".into();
        rows[1].value = "0.7".into();
        rows[2].field = "last_played".into();
        form.apply(None);
        let rows = &mut form.sets[0].rows;
        assert_eq!(rows[2].op, "in_last", "a changed field takes its first operator");
        rows[2].op = "not_in_last".into();
        rows[2].value = "30".into();
        rows[2].unit = "days".into();
        form.sets[0].sort = vec![SortForm { field: "tempo".into(), order: "asc".into() }];
        form.per_artist = "2".into();
        form.limit = LimitForm { amount: "90".into(), unit: "minutes".into() };
        form
    }

    #[test]
    fn buttons_build_the_example_rule() {
        let rules = done_example().rules().unwrap();
        let expected = SmartRules::parse(
            r#"{"sets": [{"sources": ["library"], "match": {"all": [
                   {"field": "energy", "op": "gt", "value": 0.7},
                   {"field": "last_played", "op": "not_in_last", "value": {"count": 30, "unit": "days"}}]},
                 "sort": [{"field": "tempo", "order": "asc"}]}],
                "per_artist": 2, "limit": {"minutes": 90}}"#,
        )
        .unwrap();
        assert_eq!(rules, expected);
    }

    #[test]
    fn groups_nest_and_remove_with_everything_under_them() {
        let mut form = RuleForm::new();
        form.apply(Some(FormEdit::AddGroup { set: 0, row: 0 }));
        form.apply(Some(FormEdit::AddCondition { set: 0, row: 1 }));
        form.sets[0].rows[1].kind = "none".into();
        form.apply(Some(FormEdit::AddCondition { set: 0, row: 0 }));
        let depths: Vec<u8> = form.sets[0].rows.iter().map(|row| row.depth).collect();
        assert_eq!(depths, [0, 1, 2, 2, 1]);
        let (json, paths) = form.to_json();
        assert!(json["sets"][0]["match"]["all"][0]["not"]["any"].as_array().unwrap().len() == 2);
        assert_eq!(paths[&(0, 3)], "$.sets[0].match.all[0].not.any[1]");
        form.apply(Some(FormEdit::Remove { set: 0, row: 1 }));
        assert_eq!(form.sets[0].rows.len(), 2, "the group went with its two conditions");
        form.apply(Some(FormEdit::Remove { set: 0, row: 0 }));
        assert_eq!(form.sets[0].rows.len(), 2, "a set's top group stays");
    }

    #[test]
    fn problems_come_back_to_their_rows() {
        let mut form = done_example();
        form.sets[0].rows[1].value = "lots".into();
        form.sets[0].rows[2].value = "".into();
        form.limit.amount = "ninety".into();
        let problems = form.rules().unwrap_err();
        let at = |row: Option<(usize, usize)>| {
            problems
                .iter()
                .filter(|(found, _)| *found == row)
                .map(|(_, problem)| problem.message.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(at(Some((0, 1))), ["energy takes a number from 0 to 1"]);
        assert_eq!(at(Some((0, 2))).len(), 1, "{problems:?}");
        assert!(at(None)[0].contains("whole number"), "the limit is the rule's: {problems:?}");
    }

    #[test]
    fn button_values_read_back() {
        for edit in [
            FormEdit::AddCondition { set: 1, row: 4 },
            FormEdit::AddGroup { set: 0, row: 0 },
            FormEdit::Remove { set: 2, row: 7 },
            FormEdit::AddSet,
            FormEdit::RemoveSet { set: 1 },
            FormEdit::AddSortKey { set: 0 },
            FormEdit::RemoveSortKey { set: 0, key: 2 },
        ] {
            assert_eq!(FormEdit::parse(&edit.button()), Some(edit));
        }
        assert_eq!(FormEdit::parse("update"), None);
        assert_eq!(FormEdit::parse("remove:x:1"), None);
    }

    proptest! {
        #[test]
        fn every_rule_reads_back_through_its_form(rules in arbitrary::rules()) {
            // A set's top is always a group in the form: a lone condition comes back inside an "all".
            let mut expected = rules.clone();
            for set in &mut expected.sets {
                if let crate::rules::Node::Condition(_) = set.matching {
                    set.matching = crate::rules::Node::All(vec![set.matching.clone()]);
                }
            }
            let form = RuleForm::of(&rules);
            prop_assert_eq!(form.rules(), Ok(expected));
        }
    }
}
