//! Imports Navidrome's smart playlists (`.nsp` files): a JSON object with `all` or `any` (a list of expressions,
//! each `{"operator": {"field": value}}` or a nested `all`/`any`), `sort` (field names separated by commas, each
//! optionally prefixed `+` or `-`, or `random`), `order` (`asc`/`desc`, which flips every key), `limit` and
//! `offset`, plus the playlist's `name` and `comment`. Operators and field names are read without regard to case,
//! as Navidrome reads them.
//!
//! Fields map onto Crossfade's where the meaning carries over (title, album, artist, year, dates, duration, BPM,
//! genre, loved, play count, last played, record label). What has no equivalent for a Spotify library (ratings,
//! file paths and tags, bit rates, MusicBrainz ids, Navidrome playlists) is left out and reported with the path of
//! the expression in the file, so the user sees what the imported rule does not do before saving it.

use serde_json::{Map, Value, json};

use super::parse::RuleProblem;
use super::{MAX_LIST_VALUES, MAX_RULE_BYTES, SmartRules};
use crate::{Day, GenreTree};

/// What an `.nsp` file became.
#[derive(Clone, Debug, PartialEq)]
pub struct NavidromeImport {
    /// The playlist's name and comment, when the file gives them.
    pub name: Option<String>,
    pub comment: Option<String>,
    pub rules: SmartRules,
    /// Every part of the file left out, with its path in the file (`$.all[2]`) and why.
    pub left_out: Vec<RuleProblem>,
}

/// How a Navidrome field carries over.
enum Target {
    /// One of our fields by its code.
    Field(&'static str),
    /// `loved`: true is "liked", false "not liked".
    Loved,
    /// Genre names, matched onto the genre hierarchy.
    Genre,
    /// No equivalent; the text says why.
    Missing(&'static str),
}

fn target(field: &str) -> Target {
    match field {
        "title" => Target::Field("title"),
        "album" => Target::Field("album"),
        "artist" | "albumartist" | "trackartist" | "albumartists" | "artists" => Target::Field("artists"),
        "year" | "releaseyear" | "originalyear" => Target::Field("release_year"),
        "date" | "recordingdate" | "releasedate" | "originaldate" => Target::Field("release_date"),
        "dateadded" => Target::Field("added"),
        "duration" => Target::Field("duration"),
        "bpm" => Target::Field("tempo"),
        "loved" => Target::Loved,
        "dateloved" => Target::Field("liked"),
        "lastplayed" => Target::Field("last_played"),
        "playcount" => Target::Field("plays"),
        "recordlabel" | "label" => Target::Field("label"),
        "genre" => Target::Genre,
        "rating" | "albumrating" | "daterated" => Target::Missing("Spotify has no ratings"),
        "compilation" | "albumtype" | "releasetype" => Target::Missing("Crossfade does not keep album types"),
        "filepath" | "filetype" | "size" | "bitrate" | "bitdepth" | "channels" | "hascoverart" | "datemodified"
        | "library_id" => Target::Missing("it describes a file, and Spotify tracks are not files"),
        "comment" | "lyrics" | "discsubtitle" | "albumcomment" | "catalognumber" | "tracknumber" | "discnumber"
        | "sorttitle" | "sortalbum" | "sortartist" | "sortalbumartist" => {
            Target::Missing("Crossfade does not keep this tag for Spotify tracks")
        }
        field if field.starts_with("mbz_") => Target::Missing("Crossfade does not keep MusicBrainz ids per track"),
        _ => Target::Missing("Crossfade has no field of that name"),
    }
}

impl NavidromeImport {
    /// Reads an `.nsp` file's text.
    pub fn parse(text: &str) -> Result<NavidromeImport, RuleProblem> {
        let problem = |message: String| RuleProblem { path: "$".to_owned(), message };
        if text.len() > MAX_RULE_BYTES {
            return Err(problem(format!("a smart playlist file is at most {} KiB", MAX_RULE_BYTES / 1024)));
        }
        let value: Value = serde_json::from_str(text).map_err(|error| {
            problem(format!("not JSON: {error} (line {}, column {})", error.line(), error.column()))
        })?;
        let Some(object) = value.as_object() else {
            return Err(problem("a smart playlist file holds one JSON object".to_owned()));
        };
        let object: Map<String, Value> =
            object.iter().map(|(key, value)| (key.to_lowercase(), value.clone())).collect();
        let mut importer = Importer::default();
        let matching = match (object.get("all"), object.get("any")) {
            (Some(all), _) => importer.group("all", all, "$.all", 0),
            (None, Some(any)) => importer.group("any", any, "$.any", 0),
            (None, None) => return Err(problem("the file has no rules: it needs `all` or `any`".to_owned())),
        };
        let mut set = json!({"sources": ["library"], "match": matching});
        if let Some(sort) = importer.sort(object.get("sort"), object.get("order")) {
            set["sort"] = sort;
        }
        let mut rule = json!({"version": 1, "sets": [set]});
        match object.get("limit").and_then(Value::as_u64) {
            Some(0) | None => {}
            Some(limit) => rule["limit"] = json!({"items": limit.min(u64::from(super::MAX_ITEMS))}),
        }
        for key in ["offset", "limitpercent"] {
            if object.get(key).is_some_and(|value| value.as_f64() != Some(0.0)) {
                importer.leave_out(&format!("$.{key}"), format!("`{key}` has no equivalent; every match is kept"));
            }
        }
        let rules = SmartRules::from_json(&rule).map_err(|problems| problem(problems.to_string()))?;
        let text = |key: &str| {
            object.get(key).and_then(Value::as_str).map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
        };
        Ok(NavidromeImport { name: text("name"), comment: text("comment"), rules, left_out: importer.left_out })
    }
}

#[derive(Default)]
struct Importer {
    left_out: Vec<RuleProblem>,
}

impl Importer {
    fn leave_out(&mut self, path: &str, message: String) {
        self.left_out.push(RuleProblem { path: path.to_owned(), message });
    }

    /// A group in our language; expressions left out are dropped from it.
    fn group(&mut self, word: &str, value: &Value, path: &str, depth: usize) -> Value {
        let Some(items) = value.as_array() else {
            self.leave_out(path, format!("`{word}` must be a list"));
            return json!({ word: [] });
        };
        if depth >= super::MAX_DEPTH {
            self.leave_out(path, format!("groups nest at most {} deep", super::MAX_DEPTH));
            return json!({ word: [] });
        }
        let mut children = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let path = format!("{path}[{index}]");
            let Some((operator, body)) =
                item.as_object().filter(|object| object.len() == 1).and_then(|object| object.iter().next())
            else {
                self.leave_out(&path, "each expression is an object with one operator".to_owned());
                continue;
            };
            let operator = operator.to_lowercase();
            let path = format!("{path}.{operator}");
            let child = match operator.as_str() {
                "all" | "any" => Some(self.group(&operator, body, &path, depth + 1)),
                _ => self.expression(&operator, body, &path),
            };
            children.extend(child);
        }
        json!({ word: children })
    }

    /// One `{"operator": {"field": value}}`, or None when it has no equivalent.
    fn expression(&mut self, operator: &str, body: &Value, path: &str) -> Option<Value> {
        let Some((field, value)) =
            body.as_object().filter(|object| object.len() == 1).and_then(|object| object.iter().next())
        else {
            self.leave_out(path, format!("`{operator}` takes one field and its value"));
            return None;
        };
        let field_name = field.to_lowercase();
        let path = format!("{path}.{field}");
        let condition = match (operator, target(&field_name)) {
            ("inplaylist" | "notinplaylist", _) => {
                self.leave_out(
                    &path,
                    "it names a Navidrome playlist; choose the Spotify playlist in the builder".to_owned(),
                );
                return None;
            }
            (_, Target::Missing(why)) => {
                self.leave_out(&path, format!("`{field}` has no equivalent: {why}"));
                return None;
            }
            (operator, Target::Loved) => self.loved(operator, value),
            (operator, Target::Genre) => self.genre(operator, value, &path),
            (operator, Target::Field(code)) => self.field(operator, code, value),
        };
        let Some(condition) = condition else {
            self.leave_out(&path, format!("`{operator}` on `{field}` has no equivalent"));
            return None;
        };
        // Each condition is checked on its own, so a bad value is reported where it is in the file.
        match SmartRules::from_json(&json!({"sets": [{"match": condition}]})) {
            Ok(_) => Some(condition),
            Err(problems) => {
                let message = problems.0.into_iter().map(|problem| problem.message).collect::<Vec<_>>().join("; ");
                self.leave_out(&path, message);
                None
            }
        }
    }

    fn loved(&mut self, operator: &str, value: &Value) -> Option<Value> {
        let loved = match value {
            Value::Bool(flag) => *flag,
            Value::String(text) => text == "true",
            _ => return None,
        };
        let loved = match operator {
            "is" => loved,
            "isnot" => !loved,
            _ => return None,
        };
        Some(json!({"field": "liked", "op": if loved { "is_present" } else { "is_missing" }}))
    }

    fn genre(&mut self, operator: &str, value: &Value, path: &str) -> Option<Value> {
        let text = value.as_str()?.trim().to_lowercase();
        let tree = GenreTree::get();
        let genres: Vec<&str> = match operator {
            "is" | "isnot" => match tree.normalise(&text) {
                crate::Normalised::Genre(id) => vec![id.as_str()],
                _ => Vec::new(),
            },
            "contains" | "notcontains" | "startswith" | "endswith" => tree
                .all()
                .iter()
                .filter(|genre| {
                    let name = genre.name.to_lowercase();
                    match operator {
                        "startswith" => name.starts_with(&text),
                        "endswith" => name.ends_with(&text),
                        _ => name.contains(&text),
                    }
                })
                .map(|genre| genre.id.as_str())
                .take(MAX_LIST_VALUES)
                .collect(),
            _ => return None,
        };
        if genres.is_empty() {
            self.leave_out(path, format!("no genre Crossfade knows matches “{text}”"));
            return None;
        }
        let op = if matches!(operator, "isnot" | "notcontains") { "none_of" } else { "any_of" };
        Some(json!({"field": "genres", "op": op, "value": genres}))
    }

    fn field(&mut self, operator: &str, code: &str, value: &Value) -> Option<Value> {
        let dated = matches!(code, "release_date" | "added" | "liked" | "last_played");
        let listed = code == "artists";
        let condition = |op: &str, value: Value| json!({"field": code, "op": op, "value": value});
        let negated = |inner: Value| json!({"not": inner});
        Some(match operator {
            "is" if dated => {
                let day = day(value)?;
                condition("between", json!([day, day]))
            }
            "isnot" if dated => {
                let day = day(value)?;
                negated(condition("between", json!([day, day])))
            }
            "is" if listed => condition("any_of", json!([value.as_str()?])),
            "isnot" if listed => condition("none_of", json!([value.as_str()?])),
            "is" if value.is_string() => condition("is", value.clone()),
            "isnot" if value.is_string() => negated(condition("is", value.clone())),
            "is" => condition("eq", number(value)?),
            "isnot" => condition("ne", number(value)?),
            // Navidrome compares dates as text, so "after 2024-01-01" takes instants on that day too.
            "gt" | "after" if dated => condition("after", json!(Day::parse(&day(value)?)?.previous()?.to_string())),
            "lt" | "before" if dated => condition("before", json!(day(value)?)),
            // A bound beyond the field's range ("play count above -1", a common way to say "every track") becomes
            // the range's end, which our checks accept and which holds for the same tracks.
            "gt" => match (number(value)?.as_f64()?, crate::Field::parse(code)?.number_range()) {
                (bound, (low, _, _)) if bound < low => condition("gte", json!(low)),
                (bound, _) => condition("gt", json!(bound)),
            },
            "lt" => match (number(value)?.as_f64()?, crate::Field::parse(code)?.number_range()) {
                (bound, (_, high, _)) if bound > high => condition("lte", json!(high)),
                (bound, _) => condition("lt", json!(bound)),
            },
            "contains" | "startswith" | "endswith" => {
                let op = match operator {
                    "contains" => "contains",
                    "startswith" => "starts_with",
                    _ => "ends_with",
                };
                condition(op, json!(value.as_str()?))
            }
            "notcontains" => negated(condition("contains", json!(value.as_str()?))),
            "intherange" => {
                let [low, high] = value.as_array()?.as_slice() else { return None };
                if dated {
                    condition("between", json!([day(low)?, day(high)?]))
                } else {
                    condition("between", json!([number(low)?, number(high)?]))
                }
            }
            "inthelast" | "notinthelast" => {
                let days = number(value)?.as_u64()?;
                let op = if operator == "inthelast" { "in_last" } else { "not_in_last" };
                condition(op, json!({"count": days, "unit": "days"}))
            }
            "ismissing" | "ispresent" => {
                let wanted = value.as_bool().unwrap_or(true) == (operator == "ismissing");
                json!({"field": code, "op": if wanted { "is_missing" } else { "is_present" }})
            }
            _ => return None,
        })
    }

    /// Our sort keys from Navidrome's `sort` and `order`; fields without an equivalent are left out.
    fn sort(&mut self, sort: Option<&Value>, order: Option<&Value>) -> Option<Value> {
        let flip = order.and_then(Value::as_str).is_some_and(|order| order.eq_ignore_ascii_case("desc"));
        let sort = sort.and_then(Value::as_str).unwrap_or("title");
        let mut keys = Vec::new();
        for part in sort.split(',').map(str::trim).filter(|part| !part.is_empty()) {
            let (descending, name) = match part.as_bytes()[0] {
                b'-' => (true, part[1..].trim()),
                b'+' => (false, part[1..].trim()),
                _ => (false, part),
            };
            let name = name.to_lowercase();
            if name == "random" {
                return Some(json!("random"));
            }
            let order = if descending != flip { "desc" } else { "asc" };
            match target(&name) {
                Target::Field(code) => keys.push(json!({"field": code, "order": order})),
                Target::Loved => keys.push(json!({"field": "liked", "order": order})),
                _ => self.leave_out("$.sort", format!("tracks cannot be sorted by `{name}` here")),
            }
        }
        keys.truncate(super::MAX_SORT_KEYS);
        (!keys.is_empty()).then_some(Value::Array(keys))
    }
}

fn number(value: &Value) -> Option<Value> {
    match value {
        Value::Number(_) => Some(value.clone()),
        Value::String(text) => text.trim().parse::<f64>().ok().map(|number| json!(number)),
        _ => None,
    }
}

/// A date as Navidrome files write them: "2024-05-01", or a year or month alone (their first day).
fn day(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(year) => year.as_u64()?.to_string(),
        _ => return None,
    };
    let padded = match text.len() {
        4 => format!("{text}-01-01"),
        7 => format!("{text}-01"),
        _ => text.chars().take(10).collect(),
    };
    Day::parse(&padded).map(|day| day.to_string())
}
