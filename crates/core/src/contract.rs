//! The generated host contract (native tests only): the config's JSON Schema
//! (`docs/config.schema.json`, also shipped in the npm package) and the npm
//! package's TypeScript types (`npm/types.d.ts`), both generated from the Rust
//! types (the config in `config/`, the events' detail `panel::EventDetail`)
//! through schemars, a dev-dependency: the wasm carries none of it.
//!
//! The tests fail when a committed file drifts from the types; after changing
//! a config type or the detail, regenerate with
//! `REGENERATE=1 cargo test --lib contract` and commit the result.
//!
//! The TypeScript is written from the schema rather than straight from the
//! types because the schema says what the loader accepts (a field with a
//! default may be left out, `targets[].expr` may not), which is what a host
//! writes; and so the two files cannot disagree. Only the schema keywords the
//! types produce are known here: another one fails the tests, nothing is guessed.
#![cfg(feature = "schema")]

use std::path::Path;

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::config::{PanelConfig, DEMO_CONFIG_JSON};
use crate::interact::frame::Frame;
use crate::panel::{event_detail, Selection};

/// Where the schema, the types and the code disagree, in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
struct Mismatch(String);

impl From<&str> for Mismatch {
    fn from(text: &str) -> Self {
        Self(text.to_string())
    }
}

impl From<String> for Mismatch {
    fn from(text: String) -> Self {
        Self(text)
    }
}

fn fail<T>(text: impl Into<String>) -> Result<T, Mismatch> {
    Err(Mismatch(text.into()))
}

const SCHEMA_FILE: &str = "docs/config.schema.json";
/// The key of a config file's JSON Schema: a property of the schema's root (for
/// editors), so the loader's table knows it there, and nowhere else.
const SCHEMA_KEY: &str = "$schema";
const TYPES_FILE: &str = "npm/types.d.ts";
/// The loader's table of known fields (`load/unknown.rs` reads it).
const FIELDS_FILE: &str = "crates/core/src/load/fields.rs";
/// The hand-written declarations of the package's entry (`init`, the element).
const ENTRY_TYPES_FILE: &str = "npm/index.d.ts";
const ELEMENT_JS: &str = include_str!("../../../src/web/element.js");

/// Keywords that describe and do not constrain.
const ANNOTATIONS: &[&str] = &["$schema", "$defs", "title", "description", "default", "examples", "format"];

const TYPES_HEADER: &str = "\
// exemplar-panel's config and event types, generated from the Rust types
// (src/config/, src/panel/view.rs) by src/contract.rs: do not edit.
// Regenerate: REGENERATE=1 cargo test --lib contract
";

const ROOT_DESCRIPTION: &str = "The config of an exemplar-panel: the JSON that `mount()`, the \
`<exemplar-panel config>` attribute and the standalone page's `?config=` take. Every field but \
`targets[].expr` has a default; fields it does not know are ignored with a warning. See \
docs/configuration.md.";

/// The config's JSON Schema, as committed in `docs/config.schema.json`.
fn config_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().for_deserialize().into_generator();
    let mut schema = generator.into_root_schema_for::<PanelConfig>().to_value();
    tidy(&mut schema);
    if let Some(root) = schema.as_object_mut() {
        root.insert("description".into(), json!(ROOT_DESCRIPTION));
        root.insert("examples".into(), Value::Array(examples()));
        if let Some(Value::Object(properties)) = root.get_mut("properties") {
            properties.insert(
                SCHEMA_KEY.into(),
                json!({
                    "description": "This file's JSON Schema, for editors, e.g. \
                        `./node_modules/exemplar-panel/config.schema.json`; the panel ignores it.",
                    "type": "string"
                }),
            );
        }
    }
    schema
}

/// The events' `detail` (`panel::EventDetail`, named `ExemplarDetail` for
/// hosts), as a schema; only its TypeScript is committed.
fn detail_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut schema = schema_of_result(generator, event_detail).to_value();
    tidy(&mut schema);
    schema
}

/// What `panel.diagnose()` resolves to (`doctor::Report`, named
/// `DoctorReport` for hosts), as a schema; only its TypeScript is committed.
fn doctor_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut schema = generator.into_root_schema_for::<crate::doctor::Report>().to_value();
    tidy(&mut schema);
    schema
}

/// The schema of what `build` returns: the detail's type is private to
/// `panel`, which exports the function that builds it.
fn schema_of_result<T: schemars::JsonSchema>(
    generator: schemars::SchemaGenerator,
    _build: fn(&'static Frame, &'static Selection) -> Option<T>,
) -> schemars::Schema {
    generator.into_root_schema_for::<T>()
}

const P99: &str = "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))";
const P50: &str = "histogram_quantile(0.5, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))";

/// The schema's `examples`: each must load without a warning and validate.
fn examples() -> Vec<Value> {
    vec![
        json!({ "prometheus": { "url": "http://localhost:9090" }, "targets": [{ "expr": P99 }] }),
        json!({
            "$schema": "./node_modules/exemplar-panel/config.schema.json",
            "title": "Checkout latency",
            "prometheus": { "url": "http://localhost:9090" },
            "targets": [
                { "refId": "A", "expr": P99, "legendFormat": "p99" },
                { "refId": "B", "expr": P50, "legendFormat": "p50", "exemplar": false }
            ],
            "time": { "from": "now-1h", "to": "now" },
            "scrapeInterval": "15s",
            "unit": "s",
            "refresh": "30s",
            "theme": "dark",
            "filters": { "minValue": "250ms", "aboveLine": true },
            "exemplarTraceIdDestinations": [
                { "name": "trace_id", "url": "http://jaeger:16686/trace/${__value.raw}", "urlDisplayLabel": "View in Jaeger" }
            ]
        }),
        json!({
            "title": "p95 by route (Mimir, Tempo)",
            "prometheus": {
                "url": "https://mimir.example/prometheus",
                "method": "GET",
                "headers": { "X-Scope-OrgID": "team-a" },
                "timeout": "1m"
            },
            "targets": [{ "expr": "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le, route))", "legendFormat": "{{route}}" }],
            "exemplarSampling": "all",
            "maxDataPoints": 600,
            "exemplarTraceIdDestinations": [{ "name": "trace_id", "datasourceUid": "tempo" }],
            "datasources": [{ "uid": "tempo", "name": "Tempo", "type": "tempo", "url": "http://tempo:3200" }]
        }),
    ]
}

/// Closes every object schema (an unknown field is a typo, as the loader
/// warns) and makes the descriptions read well outside the crate.
fn tidy(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = clean_description(text);
            }
            for (key, value) in map.iter_mut() {
                // `default` and `examples` are data, not schemas.
                if key != "default" && key != "examples" {
                    tidy(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// Joins a doc comment's wrapped lines (paragraphs stay apart), turns rustdoc
/// links into code and drops the pointers into the crate (`crate::links`).
fn clean_description(text: &str) -> String {
    let joined: Vec<String> =
        text.split("\n\n").map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" ")).collect();
    drop_crate_paths(&joined.join("\n\n")).replace("[`", "`").replace("`]", "`")
}

/// Removes the piece of text around each `::` path: a parenthesised group, or
/// a clause from `;` or `: ` to the end of its sentence.
fn drop_crate_paths(text: &str) -> String {
    let mut out = text.to_string();
    while let Some(at) = out.find("::") {
        let head = out.get(..at).unwrap_or_default();
        let starts = [head.rfind('('), head.rfind("; "), head.rfind(": ")];
        let Some(start) = starts.into_iter().flatten().max() else { break };
        let tail_end = |pattern: char| out.get(at..).and_then(|t| t.find(pattern)).map(|i| at + i);
        let (from, to) = if out.get(start..start + 1) == Some("(") {
            let Some(close) = tail_end(')') else { break };
            let before = start.checked_sub(1).filter(|&b| out.get(b..start) == Some(" "));
            (before.unwrap_or(start), close + 1)
        } else {
            (start, tail_end('.').unwrap_or(out.len()))
        };
        out.replace_range(from..to, "");
    }
    out
}

/// `{ "$ref": "#/$defs/Name" }` → the schema it names.
fn resolve<'a>(root: &'a Value, reference: &Value) -> Result<&'a Value, Mismatch> {
    let name =
        reference.as_str().and_then(|r| r.strip_prefix("#/$defs/")).ok_or(format!("unknown $ref {reference}"))?;
    root.get("$defs").and_then(|d| d.get(name)).ok_or_else(|| Mismatch(format!("no $defs/{name}")))
}

/// A JSON Schema validator for the keywords the types produce (enough to
/// check that the schema and the loader agree).
fn validate(value: &Value, schema: &Value, root: &Value, path: &str) -> Result<(), Mismatch> {
    let schema = match schema {
        Value::Bool(true) => return Ok(()),
        Value::Object(schema) => schema,
        other => return fail(format!("{path}: not allowed by the schema {other}")),
    };
    let here = if path.is_empty() { "(the config)" } else { path };
    for (keyword, sub) in schema {
        match keyword.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "properties" | "required" | "additionalProperties" | "items" => {}
            "$ref" => validate(value, resolve(root, sub)?, root, path)?,
            "type" => {
                let types: Vec<&str> = match sub {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => return fail(format!("bad type {sub}")),
                };
                let is = |t: &str| match t {
                    "object" => value.is_object(),
                    "array" => value.is_array(),
                    "string" => value.is_string(),
                    "boolean" => value.is_boolean(),
                    "null" => value.is_null(),
                    "number" => value.is_number(),
                    "integer" => value.is_i64() || value.is_u64(),
                    _ => false,
                };
                if !types.iter().any(|t| is(t)) {
                    return fail(format!("{here}: expected {}, got {value}", types.join(" or ")));
                }
            }
            "const" if value != sub => return fail(format!("{here}: expected {sub}, got {value}")),
            "const" => {}
            "oneOf" | "anyOf" => {
                let options = sub.as_array().ok_or(format!("bad {keyword}"))?;
                let ok = options.iter().filter(|o| validate(value, o, root, path).is_ok()).count();
                if ok == 0 || (keyword == "oneOf" && ok > 1) {
                    return fail(format!("{here}: {value} matches {ok} of the {keyword} options"));
                }
            }
            "minimum" if value.as_f64().zip(sub.as_f64()).is_some_and(|(v, min)| v < min) => {
                return fail(format!("{here}: below the minimum {sub}"))
            }
            "maximum" if value.as_f64().zip(sub.as_f64()).is_some_and(|(v, max)| v > max) => {
                return fail(format!("{here}: above the maximum {sub}"))
            }
            "exclusiveMinimum" if value.as_f64().zip(sub.as_f64()).is_some_and(|(v, min)| v <= min) => {
                return fail(format!("{here}: not above {sub}"))
            }
            "minimum" | "maximum" | "exclusiveMinimum" => {}
            other => return fail(format!("{here}: the schema keyword `{other}` is not known to src/contract.rs")),
        }
    }
    if let Value::Object(object) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                return fail(format!("{here}: `{name}` is required"));
            }
        }
        for (name, v) in object {
            let at = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            match (properties.and_then(|p| p.get(name)), schema.get("additionalProperties")) {
                (Some(sub), _) | (None, Some(sub)) => validate(v, sub, root, &at)?,
                (None, None) => {}
            }
        }
    }
    if let (Value::Array(items), Some(sub)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item, sub, root, &format!("{path}.{i}"))?;
        }
    }
    Ok(())
}

/// The TypeScript declarations of `schemas` (each root by its `title`, then its `$defs`).
fn typescript(schemas: &[&Value]) -> Result<String, Mismatch> {
    let mut out = String::from(TYPES_HEADER);
    let mut declared = Map::new();
    for schema in schemas {
        let name = schema.get("title").and_then(Value::as_str).ok_or("a root schema has no title")?;
        let defs = schema.get("$defs").and_then(Value::as_object).into_iter().flatten();
        for (name, decl) in std::iter::once((name, *schema)).chain(defs.map(|(n, d)| (n.as_str(), d))) {
            match declared.get(name) {
                Some(before) if before == decl => continue,
                Some(_) => return fail(format!("two different types are called {name}")),
                None => {}
            }
            declared.insert(name.into(), decl.clone());
            out.push('\n');
            out.push_str(&declaration(name, decl)?);
        }
    }
    Ok(out)
}

fn declaration(name: &str, schema: &Value) -> Result<String, Mismatch> {
    let mut doc = description(schema);
    if let Some(Value::Object(properties)) = schema.get("properties") {
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let mut out = jsdoc(&doc, "");
        out.push_str(&format!("export interface {name} {{\n"));
        for (field, sub) in properties {
            let mut field_doc = description(sub);
            if let Some(default) = sub.get("default") {
                field_doc.push(format!("@default {default}"));
            }
            out.push_str(&jsdoc(&field_doc, "  "));
            let optional = if required.contains(&field.as_str()) { "" } else { "?" };
            out.push_str(&format!("  {}{optional}: {};\n", property_name(field), ts_type(sub)?));
        }
        out.push_str("}\n");
        return Ok(out);
    }
    let variants: Vec<String> = schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| Some(format!("- `{}`: {}", v.get("const")?, v.get("description")?.as_str()?)))
        .collect();
    if !variants.is_empty() {
        doc.push(variants.join("\n"));
    }
    Ok(format!("{}export type {name} = {};\n", jsdoc(&doc, ""), ts_type(schema)?))
}

fn description(schema: &Value) -> Vec<String> {
    schema.get("description").and_then(Value::as_str).map(|d| vec![d.to_string()]).unwrap_or_default()
}

/// A JSDoc comment of `paragraphs`, indented by `indent`.
fn jsdoc(paragraphs: &[String], indent: &str) -> String {
    if paragraphs.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{indent} *\n"));
        }
        for line in paragraph.replace("*/", "*\\/").split('\n') {
            if line.is_empty() {
                out.push_str(&format!("{indent} *\n"));
            } else {
                out.push_str(&format!("{indent} * {line}\n"));
            }
        }
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

fn property_name(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_string()
    } else {
        Value::String(name.into()).to_string()
    }
}

/// The TypeScript type of a (sub)schema.
fn ts_type(schema: &Value) -> Result<String, Mismatch> {
    let map = match schema {
        Value::Bool(true) => return Ok("unknown".into()),
        Value::Object(map) => map,
        other => return fail(format!("no TypeScript for the schema {other}")),
    };
    for keyword in map.keys() {
        let known = ["$ref", "const", "enum", "oneOf", "anyOf", "type", "items", "properties", "required"]
            .contains(&keyword.as_str())
            || ["additionalProperties", "minimum", "maximum", "exclusiveMinimum"].contains(&keyword.as_str())
            || ANNOTATIONS.contains(&keyword.as_str());
        if !known {
            return fail(format!("the schema keyword `{keyword}` is not known to src/contract.rs"));
        }
    }
    if let Some(reference) = map.get("$ref") {
        let name = reference.as_str().and_then(|r| r.strip_prefix("#/$defs/"));
        return name.map(str::to_string).ok_or_else(|| Mismatch(format!("unknown $ref {reference}")));
    }
    if let Some(value) = map.get("const") {
        return Ok(value.to_string());
    }
    if let Some(Value::Array(values)) = map.get("enum") {
        return Ok(values.iter().map(Value::to_string).collect::<Vec<_>>().join(" | "));
    }
    if let Some(Value::Array(options)) = map.get("oneOf").or_else(|| map.get("anyOf")) {
        return union(options.iter().map(ts_type));
    }
    let types: Vec<&str> = match map.get("type") {
        None => return Ok("unknown".into()),
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        Some(other) => return fail(format!("bad type {other}")),
    };
    union(types.into_iter().map(|t| match t {
        "string" | "boolean" | "null" => Ok(t.to_string()),
        "integer" | "number" => Ok("number".into()),
        "array" => {
            let item = map.get("items").map(ts_type).transpose()?.unwrap_or_else(|| "unknown".into());
            Ok(if item.contains(' ') { format!("({item})[]") } else { format!("{item}[]") })
        }
        "object" if map.contains_key("properties") => fail("an inline object type: give it a name"),
        "object" => match map.get("additionalProperties") {
            Some(Value::Bool(false)) => Ok("Record<string, never>".into()),
            Some(sub @ Value::Object(_)) => Ok(format!("Record<string, {}>", ts_type(sub)?)),
            _ => Ok("Record<string, unknown>".into()),
        },
        other => fail(format!("no TypeScript for the type {other}")),
    }))
}

fn union(parts: impl Iterator<Item = Result<String, Mismatch>>) -> Result<String, Mismatch> {
    let mut out: Vec<String> = Vec::new();
    for part in parts {
        let part = part?;
        if !out.contains(&part) {
            out.push(part);
        }
    }
    Ok(out.join(" | "))
}

/// The loader's table of known fields (`src/load/fields.rs`), from the config
/// schema: object 0 is the config, then each object `$defs` entry it reaches,
/// in the order first reached. A property is an object, an array of objects,
/// or a leaf (anything else, free maps included). Keywords that would make a
/// field's shape ambiguous fail here rather than be guessed.
fn field_table(schema: &Value) -> Result<String, Mismatch> {
    let mut order: Vec<(String, &Value)> = vec![("PanelConfig".into(), schema)];
    let mut rows = Vec::new();
    let mut i = 0;
    while let Some((name, object)) = order.get(i).cloned() {
        if object.get("additionalProperties") != Some(&Value::Bool(false)) {
            return fail(format!("{name}: an object of named fields must not allow others"));
        }
        let properties = object.get("properties").and_then(Value::as_object).ok_or(format!("{name}: no properties"))?;
        let mut fields = Vec::new();
        for (field, sub) in properties {
            let shape = match shape_of(schema, sub)? {
                None => "Leaf".to_string(),
                Some((def, each)) => {
                    let at = match order.iter().position(|(n, _)| *n == def) {
                        Some(at) => at,
                        None => {
                            order.push((def.clone(), resolve(schema, &json!(format!("#/$defs/{def}")))?));
                            order.len() - 1
                        }
                    };
                    if each {
                        format!("Items({at})")
                    } else {
                        format!("Object({at})")
                    }
                }
            };
            fields.push(format!("({field:?}, {shape})"));
        }
        rows.push(format!("    // {i}: {name}\n    &[{}],\n", fields.join(", ")));
        i += 1;
    }
    Ok(format!(
        "//! The config's known fields, generated from `docs/config.schema.json` by\n\
         //! src/contract.rs: do not edit. Regenerate: REGENERATE=1 cargo test --lib contract\n\
         //! (read by `unknown.rs`).\n\n\
         use super::unknown::Shape::{{self, Items, Leaf, Object}};\n\n\
         /// Each object's field names and shapes; 0 is the config.\n\
         #[rustfmt::skip]\n\
         pub(super) const OBJECTS: &[&[(&str, Shape)]] = &[\n{}];\n",
        rows.concat()
    ))
}

/// A property's object definition, and whether it holds an array of them; `None` for a leaf.
fn shape_of(root: &Value, sub: &Value) -> Result<Option<(String, bool)>, Mismatch> {
    if sub.get("properties").is_some() {
        return fail(format!("an inline object {sub}: name it (a struct) so the loader's table can"));
    }
    // Keywords that could hide an object the walk would not see: refused, not guessed.
    for keyword in ["allOf", "prefixItems", "patternProperties", "not", "if", "dependentSchemas"] {
        if sub.get(keyword).is_some() {
            return fail(format!("{sub}: `{keyword}` is not known to the loader's table"));
        }
    }
    if let Some(values) = sub.get("additionalProperties").filter(|v| v.is_object()) {
        if shape_of(root, values)?.is_some() {
            return fail(format!("{sub}: a map of objects is not known to the loader's table"));
        }
    }
    if let Some(reference) = sub.get("$ref") {
        let def = resolve(root, reference)?;
        let name = reference.as_str().and_then(|r| r.strip_prefix("#/$defs/")).unwrap_or_default();
        // A named struct; otherwise what the definition itself holds (an enum of objects fails there).
        return match def.get("properties") {
            Some(_) => Ok(Some((name.to_string(), false))),
            None => shape_of(root, def),
        };
    }
    if let Some(items) = sub.get("items") {
        return match shape_of(root, items)? {
            Some((_, true)) => fail(format!("{sub}: an array of arrays of objects")),
            other => Ok(other.map(|(name, _)| (name, true))),
        };
    }
    let options = sub.get("anyOf").or_else(|| sub.get("oneOf")).and_then(Value::as_array);
    let shapes: Vec<(String, bool)> = options
        .into_iter()
        .flatten()
        .map(|o| shape_of(root, o))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    match shapes.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        _ => fail(format!("{sub}: more than one object shape")),
    }
}

/// Compares `text` with the committed `file`, or writes it when `REGENERATE` is set.
fn check_generated(file: &str, text: &str) {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(file);
    if std::env::var_os("REGENERATE").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let first_difference = committed.lines().zip(text.lines()).position(|(a, b)| a != b);
    assert!(
        committed == text,
        "{file} is not what the Rust types generate (first difference at line {}): run \
         `REGENERATE=1 cargo test --lib contract` and commit it",
        first_difference.map_or_else(|| "the end".to_string(), |i| (i + 1).to_string()),
    );
}

/// `PanelConfig::from_json` accepts `config` with no unknown field, and the schema does too.
fn loads_and_validates(config: &Value, schema: &Value) -> Result<(), Mismatch> {
    let loaded = PanelConfig::from_json(&config.to_string()).map_err(|e| format!("the loader: {e}"))?;
    if !loaded.unknown_fields.is_empty() {
        return fail(format!("the loader warns about {:?}", loaded.unknown_fields));
    }
    validate(config, schema, schema, "").map_err(|e| Mismatch(format!("the schema: {e}")))
}

#[test]
fn the_committed_schema_is_generated_from_the_types() {
    let text = serde_json::to_string_pretty(&config_schema()).unwrap() + "\n";
    check_generated(SCHEMA_FILE, &text);
}

#[test]
fn the_committed_field_table_is_generated_from_the_schema() {
    check_generated(FIELDS_FILE, &field_table(&config_schema()).unwrap());
}

/// The fields serde skips when it reads `text` into the config, as `serde_ignored`
/// (a dev-dependency, here only) names them: what the loader's table must agree with.
fn skipped_by_serde(text: &str) -> Vec<String> {
    let mut skipped = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let _: PanelConfig = serde_ignored::deserialize(&mut de, |path| skipped.push(path.to_string())).unwrap();
    skipped.retain(|p| p != SCHEMA_KEY);
    // serde_ignored marks a step through an `Option` as `?` (`exemplarBox.?.zz`); the loader
    // names the field as the user wrote it (`exemplarBox.zz`).
    skipped.into_iter().map(|p| p.replace(".?", "")).collect()
}

/// JSON pointers to every object in `value`.
fn objects(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.to_string());
            map.iter().for_each(|(k, v)| objects(v, &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out));
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| objects(v, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn the_loader_names_a_typo_anywhere_as_serde_skips_it() {
    let schema = config_schema();
    let demo: Value = serde_json::from_str(DEMO_CONFIG_JSON).unwrap();
    let examples = schema.get("examples").and_then(Value::as_array).cloned().unwrap_or_default();
    // Every object the config has, at least once (the examples and the demo leave some out).
    let every_object = json!({
        "title": "t", "targets": [{ "expr": "up" }], "time": { "from": "now-1h" },
        "prometheus": { "url": "http://p", "headers": { "X-A": "1" } },
        "datasources": [{ "uid": "j", "type": "jaeger", "url": "http://j" }],
        "exemplarTraceIdDestinations": [{ "name": "trace_id", "datasourceUid": "j" }],
        "filters": { "labels": "" }, "exemplarBox": { "from": 1, "to": 2, "min": 0, "max": 1 },
        "scaleDistribution": { "type": "symlog", "linearThreshold": 0.5 }
    });
    let (mut checked, mut reported) = (0, 0);
    let mut parents = std::collections::BTreeSet::new();
    for config in examples.iter().chain([&demo, &every_object]) {
        let mut pointers = Vec::new();
        objects(config, "", &mut pointers);
        for pointer in pointers {
            let mut typo = config.clone();
            if let Some(Value::Object(map)) = typo.pointer_mut(&pointer) {
                map.insert("zzTypo".into(), json!("x"));
            }
            let text = typo.to_string();
            let loaded = PanelConfig::from_json(&text).map(|c| c.unknown_fields);
            let skipped = skipped_by_serde(&text);
            assert_eq!(loaded, Ok(skipped.clone()), "a typo at {pointer:?}");
            checked += 1;
            reported += usize::from(!skipped.is_empty());
            parents.extend(skipped.iter().map(|p| p.trim_end_matches("zzTypo").trim_end_matches('.').to_string()));
        }
    }
    assert!(checked >= 20 && reported >= 15, "{checked} objects checked, {reported} typos reported");
    // One typo reported in each of the table's objects (array items are numbered: `targets.0`).
    let objects_reached: std::collections::BTreeSet<String> = parents
        .iter()
        .map(|p| p.split('.').filter(|s| s.parse::<usize>().is_err()).collect::<Vec<_>>().join("."))
        .collect();
    let table = field_table(&schema).unwrap();
    let in_table = table.matches("    // ").count();
    assert_eq!(objects_reached.len(), in_table, "objects with a typo reported: {objects_reached:?}");
}

#[test]
fn the_committed_types_are_generated_from_the_types() {
    let text = typescript(&[&config_schema(), &detail_schema(), &doctor_schema()]).unwrap();
    check_generated(TYPES_FILE, &text);
}

#[test]
fn descriptions_do_not_point_into_the_crate() {
    let schema = config_schema().to_string() + &detail_schema().to_string();
    assert!(!schema.contains("::"), "a description still names a crate path");
    assert_eq!(
        clean_description("A table\nrow (see `crate::links`)."),
        "A table row.",
        "wrapped lines are joined, crate paths dropped"
    );
    assert_eq!(clean_description("Drawn (`x`); the rest is in `select::sample`."), "Drawn (`x`).");
    assert_eq!(clean_description("As typed (texts): see [`crate::a::B::c`]."), "As typed (texts).");
}

#[test]
fn the_schema_examples_and_the_demo_config_load_without_warnings_and_validate() {
    let schema = config_schema();
    let examples = schema.get("examples").and_then(Value::as_array).cloned().unwrap_or_default();
    assert!(examples.len() >= 3);
    let demo: Value = serde_json::from_str(DEMO_CONFIG_JSON).unwrap();
    for (i, config) in examples.iter().chain([&demo]).enumerate() {
        assert_eq!(loads_and_validates(config, &schema), Ok(()), "example {i}: {config}");
    }
}

#[test]
fn the_configs_in_the_docs_load_without_warnings_and_validate() {
    let schema = config_schema();
    let mut checked = 0;
    for file in ["README.md", "docs/configuration.md", "docs/npm.md", "npm/README.md"] {
        let text =
            std::fs::read_to_string(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(file)).unwrap();
        for block in text.split("```json\n").skip(1).filter_map(|b| b.split("\n```").next()) {
            let Ok(config) = serde_json::from_str::<Value>(block) else { continue };
            if config.get("targets").is_some() {
                assert_eq!(loads_and_validates(&config, &schema), Ok(()), "{file}: {block}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 3, "{checked} configs found in the docs");
}

#[test]
fn the_schema_refuses_what_the_loader_refuses_or_warns_about() {
    let schema = config_schema();
    let base = || json!({ "targets": [{ "expr": "up" }] });
    // A typo: the loader warns, the schema (as an editor shows it) refuses.
    let mut typo = base();
    typo["titel"] = json!("x");
    let warned = PanelConfig::from_json(&typo.to_string()).map(|c| c.unknown_fields);
    assert_eq!(warned, Ok(vec!["titel".to_string()]));
    assert!(validate(&typo, &schema, &schema, "").is_err_and(|e| e.0.contains("titel")));
    let mut nested = base();
    nested["prometheus"] = json!({ "timout": "5s" });
    assert!(validate(&nested, &schema, &schema, "").is_err_and(|e| e.0.contains("prometheus.timout")));
    // Wrong types and values: both refuse.
    for (field, value) in [
        ("theme", json!("purple")),
        ("unit", json!("ms")),
        ("toolbar", json!("yes")),
        ("maxDataPoints", json!(-1)),
        ("targets", json!([{ "legendFormat": "no expr" }])),
        ("prometheus", json!({ "method": "PUT" })),
        ("prometheus", json!({ "headers": { "X": 1 } })),
    ] {
        let mut config = base();
        config[field] = value;
        assert!(PanelConfig::from_json(&config.to_string()).is_err(), "the loader takes {config}");
        assert!(validate(&config, &schema, &schema, "").is_err(), "the schema takes {config}");
    }
    // `$schema` only at the top, as the loader.
    let mut with_schema = base();
    with_schema[SCHEMA_KEY] = json!("./config.schema.json");
    assert_eq!(loads_and_validates(&with_schema, &schema), Ok(()));
}

#[test]
fn the_types_say_what_is_optional() {
    let types = typescript(&[&config_schema(), &detail_schema()]).unwrap();
    for line in ["  expr: string;", "  title?: string;", "  maxDataPoints?: number | null;", "  links: TraceLink[];"] {
        assert!(types.lines().any(|l| l == line), "{line}");
    }
    assert!(types.contains("export type HttpMethod = \"POST\" | \"GET\";"));
    assert!(types.contains("  headers?: Record<string, string>;"));
    assert!(types.contains("  grafanaPanel?: unknown;"));
    assert!(types.contains("@default \"15s\""));
}

/// The element's class is JavaScript (`src/web/element.js`), so its declaration
/// in `npm/index.d.ts` is written by hand: this keeps the two in step.
#[test]
fn the_element_declaration_matches_element_js() {
    let declared =
        std::fs::read_to_string(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(ENTRY_TYPES_FILE))
            .unwrap();
    let attributes = ELEMENT_JS
        .split("observedAttributes() { return [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .map(|list| list.split(',').map(|a| a.trim().trim_matches('\'').to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    assert!(attributes.len() >= 5, "{attributes:?}");
    let union = attributes.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" | ");
    assert!(declared.contains(&format!("export type ExemplarPanelAttribute = {union};")), "{union}");
    // The class's public members (not `_private`, not the lifecycle callbacks).
    let lifecycle = ["connectedCallback", "disconnectedCallback", "attributeChangedCallback", "constructor"];
    let interface = declared.split("export interface ExemplarPanelElement").nth(1).unwrap_or_default();
    let interface = interface.split("\n}").next().unwrap_or_default();
    let mut members = 0;
    for line in ELEMENT_JS.lines().filter(|l| l.starts_with("    ") && !l.starts_with("     ")) {
        let line = line.trim().trim_start_matches("get ");
        let name: String = line.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if name.is_empty()
            || name.starts_with('_')
            || lifecycle.contains(&name.as_str())
            || !line[name.len()..].starts_with('(')
        {
            continue;
        }
        assert!(interface.contains(&format!(" {name}(")) || interface.contains(&format!(" {name}:")), "{name}");
        members += 1;
    }
    assert_eq!(members, 4, "handle, setTimeRange, refresh, previewTrace");
}
