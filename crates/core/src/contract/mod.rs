//! The generated host contract (native tests only, `schema` feature): the
//! config's JSON Schema (`docs/config.schema.json`, also shipped in the npm
//! package), the npm package's TypeScript types (`npm/types.d.ts`: the config,
//! every host event's `detail` and the doctor's report), and the loader's
//! table of known fields (`load/fields.rs`), all generated from the Rust types
//! through schemars, which the wasm never carries.
//!
//! - `mod.rs`: the schemas, their cleanup, the committed files, and the checks
//!   that the schema, the loader and the docs agree (validated by the
//!   well-kept `jsonschema` crate);
//! - `typescript.rs`: our TypeScript writer (from the schema, because the
//!   schema says what the loader accepts: a field with a default may be left
//!   out, which ts-rs cannot say for `#[serde(default)]` fields);
//! - `fields.rs`: the loader's table of known fields.
//!
//! The tests fail when a committed file drifts from the types; after changing
//! a config type or an event detail, regenerate with
//! `REGENERATE=1 cargo test -p exemplar-core contract` and commit the result.
//! Only the schema keywords the types produce are known to the writers:
//! another one fails the tests, nothing is guessed.
#![cfg(feature = "schema")]

mod fields;
mod typescript;

use std::path::Path;

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

use crate::config::{PanelConfig, DEMO_CONFIG_JSON};
use crate::panel::{BoxDetail, ExemplarDetail};
use crate::trace::view::TracePreviewDetail;

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
/// The hand-written declarations of the package's entry (`init`, the element).
const ENTRY_TYPES_FILE: &str = "npm/index.d.ts";
const ELEMENT_JS: &str = include_str!("../../../../src/web/element.js");

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

/// A serialised type's schema (an event's detail, the doctor's report), as
/// hosts read it; only its TypeScript is committed.
fn output_schema<T: schemars::JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    tidy(&mut schema);
    schema
}

/// Every host event's `detail` (`exemplar-select` and `exemplar-click`,
/// `exemplar-box`, `trace-preview`), then what `diagnose()` resolves to
/// (`DoctorReport`): the schemas the package's types are written from, after the config's.
fn host_schemas() -> Vec<Value> {
    vec![
        output_schema::<ExemplarDetail>(),
        output_schema::<BoxDetail>(),
        output_schema::<TracePreviewDetail>(),
        output_schema::<crate::doctor::Report>(),
    ]
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

/// Compares `text` with the committed `file`, or writes it when `REGENERATE` is set.
fn check_generated(file: &str, text: &str) {
    let path = repo().join(file);
    if std::env::var_os("REGENERATE").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let first_difference = committed.lines().zip(text.lines()).position(|(a, b)| a != b);
    assert!(
        committed == text,
        "{file} is not what the Rust types generate (first difference at line {}): run \
         `REGENERATE=1 cargo test -p exemplar-core contract` and commit it",
        first_difference.map_or_else(|| "the end".to_string(), |i| (i + 1).to_string()),
    );
}

/// The repository's root, where the committed files are.
fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The schema's errors for `value`, each as `<where>: <what>` (the
/// `jsonschema` crate's words; `<where>` a JSON pointer, empty at the root).
fn schema_errors(value: &Value, schema: &Value) -> Result<Vec<String>, Mismatch> {
    let validator = jsonschema::draft202012::new(schema).map_err(|e| Mismatch(format!("the schema: {e}")))?;
    Ok(validator.iter_errors(value).map(|e| format!("{}: {e}", e.instance_path())).collect())
}

/// `PanelConfig::from_json` accepts `config` with no unknown field, and the schema does too.
fn loads_and_validates(config: &Value, schema: &Value) -> Result<(), Mismatch> {
    let loaded = PanelConfig::from_json(&config.to_string()).map_err(|e| format!("the loader: {e}"))?;
    if !loaded.unknown_fields.is_empty() {
        return fail(format!("the loader warns about {:?}", loaded.unknown_fields));
    }
    match schema_errors(config, schema)?.as_slice() {
        [] => Ok(()),
        errors => fail(format!("the schema: {}", errors.join("; "))),
    }
}

#[test]
fn the_committed_schema_is_generated_from_the_types() {
    let text = serde_json::to_string_pretty(&config_schema()).unwrap() + "\n";
    check_generated(SCHEMA_FILE, &text);
}

#[test]
fn descriptions_do_not_point_into_the_crate() {
    let schema = config_schema().to_string() + &host_schemas().iter().map(Value::to_string).collect::<String>();
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
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
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
    let errors = schema_errors(&typo, &schema).unwrap();
    assert!(errors.iter().any(|e| e.contains("titel")), "{errors:?}");
    let mut nested = base();
    nested["prometheus"] = json!({ "timout": "5s" });
    let errors = schema_errors(&nested, &schema).unwrap();
    assert!(errors.iter().any(|e| e.starts_with("/prometheus: ") && e.contains("timout")), "{errors:?}");
    // Wrong types and values: both refuse.
    for (field, value) in [
        ("theme", json!("purple")),
        ("unit", json!("celsius")),
        ("toolbar", json!("yes")),
        ("maxDataPoints", json!(-1)),
        ("targets", json!([{ "legendFormat": "no expr" }])),
        ("prometheus", json!({ "method": "PUT" })),
        ("prometheus", json!({ "headers": { "X": 1 } })),
    ] {
        let mut config = base();
        config[field] = value;
        assert!(PanelConfig::from_json(&config.to_string()).is_err(), "the loader takes {config}");
        assert!(!schema_errors(&config, &schema).unwrap().is_empty(), "the schema takes {config}");
    }
    // `$schema` only at the top, as the loader.
    let mut with_schema = base();
    with_schema[SCHEMA_KEY] = json!("./config.schema.json");
    assert_eq!(loads_and_validates(&with_schema, &schema), Ok(()));
}

/// The element's class is JavaScript (`src/web/element.js`), so its declaration
/// in `npm/index.d.ts` is written by hand: this keeps the two in step.
#[test]
fn the_element_declaration_matches_element_js() {
    let declared = std::fs::read_to_string(repo().join(ENTRY_TYPES_FILE)).unwrap();
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
