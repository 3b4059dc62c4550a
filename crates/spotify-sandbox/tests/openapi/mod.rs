//! The OpenAPI 3.0 specification as JSON Schema (draft 2020-12) for validating the sandbox's responses.
//!
//! OpenAPI 3.0's `nullable` becomes a `null` alternative, `#/components/schemas/X` references become `#/$defs/X`,
//! and `discriminator`/`example` are dropped. Two kinds of adjustment make the schemas describe what Spotify
//! really sends, each named below:
//! - Development Mode: properties the specification marks `deprecated` are the fields Spotify removed for
//!   Development-Mode apps, so they are no longer `required` (their types are still checked when present).
//! - Known nulls the specification does not model (see spotify-2026.md, "Expect nulls", and the specification's
//!   own "Can be `null`" descriptions): unavailable playlist entries, empty playlists' `images`, the last cursor
//!   page's `next`/`cursors`, play contexts, editorial playlists in search results.
//! - `/me/library*` describe their 400 body as a bare ErrorObject; it is checked in the `{"error": …}` wrapping
//!   every other error response declares.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value, json};

const SPEC: &str = include_str!("../../spec/fixed-spotify-open-api.yml");

/// Properties that may be null although the specification says otherwise, as `$defs` pointers.
const NULLABLE: [&str; 10] = [
    "/PlaylistTrackObject/properties/item",
    "/PlaylistTrackObject/properties/track",
    "/SimplifiedPlaylistObject/properties/images",
    "/PlaylistObject/properties/images",
    "/CursorPagingObject/properties/next",
    "/CursorPagingObject/properties/cursors",
    "/CursorObject/properties/after",
    "/CurrentlyPlayingContextObject/properties/context",
    "/CurrentlyPlayingObject/properties/context",
    "/PlayHistoryObject/properties/context",
];

/// What an operation declares for a status.
pub enum Declared {
    /// A JSON body with this schema.
    Schema(Value),
    /// No body.
    Empty,
    /// The status is not declared.
    Undeclared,
}

/// The specification, ready for validation.
pub struct Spec {
    document: Value,
    defs: Value,
    validators: HashMap<String, jsonschema::Validator>,
}

fn make_nullable(schema: &mut Value) {
    match schema.get_mut("type") {
        Some(Value::String(kind)) => {
            let kind = kind.clone();
            schema["type"] = json!([kind, "null"]);
        }
        _ => {
            let original = schema.take();
            *schema = json!({ "anyOf": [original, { "type": "null" }] });
        }
    }
}

/// OpenAPI 3.0 schema → JSON Schema 2020-12.
pub fn to_json_schema(node: &Value) -> Value {
    match node {
        Value::Object(object) => {
            let mut out = Map::new();
            for (key, value) in object {
                match key.as_str() {
                    "nullable" | "discriminator" | "example" | "externalDocs" => {}
                    "$ref" => {
                        let target = value.as_str().unwrap_or_default().replace("#/components/schemas/", "#/$defs/");
                        out.insert(key.clone(), Value::String(target));
                    }
                    _ => {
                        out.insert(key.clone(), to_json_schema(value));
                    }
                }
            }
            let mut converted = Value::Object(out);
            if object.get("nullable") == Some(&Value::Bool(true)) {
                make_nullable(&mut converted);
            }
            converted
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

/// Removes deprecated properties from `required` throughout one component schema.
fn relax_deprecated(schema: &mut Value) {
    let mut deprecated = BTreeSet::new();
    let mut parts: Vec<&Value> = vec![&*schema];
    if let Some(Value::Array(all)) = schema.get("allOf") {
        parts.extend(all.iter());
    }
    for part in parts {
        if let Some(Value::Object(properties)) = part.get("properties") {
            for (name, property) in properties {
                if property.get("deprecated") == Some(&Value::Bool(true)) {
                    deprecated.insert(name.clone());
                }
            }
        }
    }
    let strip = |part: &mut Value| {
        if let Some(Value::Array(required)) = part.get_mut("required") {
            required.retain(|name| !name.as_str().is_some_and(|name| deprecated.contains(name)));
        }
    };
    strip(schema);
    if let Some(Value::Array(all)) = schema.get_mut("allOf") {
        all.iter_mut().for_each(strip);
    }
}

impl Spec {
    /// Loads the specification; `dev_mode` relaxes the fields Development Mode removed.
    pub fn load(dev_mode: bool) -> Self {
        let document: Value = serde_norway::from_str(SPEC).expect("the specification is YAML");
        let mut defs = to_json_schema(&document["components"]["schemas"]);
        if dev_mode && let Value::Object(schemas) = &mut defs {
            schemas.values_mut().for_each(relax_deprecated);
        }
        for pointer in NULLABLE {
            make_nullable(defs.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer} exists in the specification")));
        }
        Self { document, defs, validators: HashMap::new() }
    }

    /// Every operation as `METHOD /path`.
    pub fn operations(&self) -> BTreeSet<String> {
        let mut operations = BTreeSet::new();
        for (path, item) in self.document["paths"].as_object().expect("paths") {
            for method in ["get", "put", "post", "delete"] {
                if item.get(method).is_some() {
                    operations.insert(format!("{} {path}", method.to_uppercase()));
                }
            }
        }
        operations
    }

    /// What `METHOD /path` declares for `status`.
    pub fn declared(&self, method: &str, path: &str, status: u16) -> Declared {
        let operation = &self.document["paths"][path][method.to_lowercase()];
        assert!(operation.is_object(), "{method} {path} is not in the specification");
        let mut response = &operation["responses"][status.to_string()];
        if response.is_null() {
            return Declared::Undeclared;
        }
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/components/responses/");
            response = &self.document["components"]["responses"][name];
        }
        match response.pointer("/content/application~1json/schema") {
            Some(schema) => {
                let mut schema = to_json_schema(schema);
                if schema == json!({ "$ref": "#/$defs/ErrorObject" }) {
                    // `/me/library*` describe their 400 body as a bare ErrorObject; Spotify wraps every Web API
                    // error in `error`, as every other operation's error responses say.
                    return Declared::Schema(self.error_schema());
                }
                if path == "/search" {
                    // Search results list unavailable (editorial) playlists as null entries.
                    schema["properties"]["playlists"] = json!({ "allOf": [
                        { "$ref": "#/$defs/PagingObject" },
                        { "properties": { "items": { "type": "array", "items": {
                            "anyOf": [{ "$ref": "#/$defs/SimplifiedPlaylistObject" }, { "type": "null" }]
                        } } } },
                    ] });
                }
                Declared::Schema(schema)
            }
            None => Declared::Empty,
        }
    }

    /// The generic error schema (`{"error": ErrorObject}`), for statuses an operation does not declare.
    pub fn error_schema(&self) -> Value {
        let schema = &self.document["components"]["responses"]["BadRequest"]["content"]["application/json"]["schema"];
        to_json_schema(schema)
    }

    /// Validates `instance` against `schema` (which may refer to `#/$defs/…`); the errors as text.
    pub fn check(&mut self, key: &str, schema: &Value, instance: &Value) -> Vec<String> {
        if !self.validators.contains_key(key) {
            let mut root = schema.as_object().cloned().unwrap_or_default();
            root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
            root.insert("$defs".into(), self.defs.clone());
            let validator =
                jsonschema::draft202012::options().build(&Value::Object(root)).expect("the schema compiles");
            self.validators.insert(key.to_owned(), validator);
        }
        self.validators[key]
            .iter_errors(instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    }
}
